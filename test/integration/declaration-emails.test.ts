// E-mails about hour declarations (supabase/schemas/05_participants_and_hours.sql):
// a refused line tells the company (market, month, reason; no participant's name) in the same
// transaction as the refusal; the monthly reminder goes once per market and month to the
// companies of running markets on which nothing was declared, and only the service role queues it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { renderMail } from '../../src/domain/mail-templates.ts';
import { markets } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
let service: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
  service = local.service();
});
afterAll(async () => { await local.close(); });

const penlyLot1 = markets.penlyLot1;

async function outbox(template: string): Promise<Array<{ recipient: string; payload: Record<string, unknown> }>> {
  return (await local.db.query<{ recipient: string; payload: Record<string, unknown> }>(
    `select recipient, payload from app.outbox where template = $1 order by created_at, recipient`, [template])).rows;
}

describe('a refused line', () => {
  it('tells the company which market and month, and why, without the person’s name', async () => {
    const { rows: [line] } = await local.db.query<{ id: string; month: string; name: string }>(`
      select d.id, to_char(d.month, 'YYYY-MM') as month, p.first_name || ' ' || p.last_name as name
      from app.hour_declarations d join app.participants p on p.id = d.participant_id
      where d.market_id = $1 and d.status = 'submitted' order by d.month limit 1`, [penlyLot1]);
    expect(line).toBeDefined();
    const { error } = await facilitator.rpc('review_hour_declaration', { p_declaration_id: line!.id, p_decision: 'reject', p_reason: 'Contrat de 35 h par semaine' });
    expect(error).toBeNull();
    const sent = await outbox('declaration_rejected');
    expect(sent.map((m) => m.recipient)).toEqual(['entreprise@demo.test']);
    const mail = renderMail('declaration_rejected', sent[0]!.payload);
    const month = new Date(`${line!.month}-01T00:00:00Z`).toLocaleDateString('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(mail.subject).toBe(`Heures refusées — EPR2 Penly — lot 1 (démo), ${month}`);
    expect(mail.text).toContain('Motif : Contrat de 35 h par semaine');
    expect(mail.text).not.toContain(line!.name.split(' ')[1]!);
  });

  it('a validation sends nothing', async () => {
    const before = (await outbox('declaration_rejected')).length;
    const { rows: [line] } = await local.db.query<{ id: string }>(
      `select id from app.hour_declarations where market_id = $1 and status = 'submitted' limit 1`, [penlyLot1]);
    expect((await facilitator.rpc('review_hour_declaration', { p_declaration_id: line!.id, p_decision: 'validate' })).error).toBeNull();
    expect(await outbox('declaration_rejected')).toHaveLength(before);
  });
});

describe('the monthly reminder', () => {
  it('goes to each company with a contact address whose running market has nothing for last month, once', async () => {
    // October 2026: lot 1 has lines (the seeded sub-contracting), lot 2 none (the dashboard lists it late).
    const { data: queued, error } = await service.rpc('queue_declaration_reminders', { p_today: '2026-11-05' });
    expect(error).toBeNull();
    const reminders = await outbox('declaration_reminder');
    expect(queued).toBe(reminders.length);
    const lot1 = reminders.filter((m) => m.payload.market_id === penlyLot1);
    expect(lot1).toHaveLength(0);
    expect(reminders.map((m) => m.recipient)).toContain('entreprise2@demo.test');
    const mail = renderMail('declaration_reminder', reminders.find((m) => m.recipient === 'entreprise2@demo.test')!.payload);
    expect(mail.subject).toBe('Rappel : heures d’insertion d’octobre 2026 à déclarer');
    expect(mail.text).toContain('sur le marché « EPR2 Penly — lot 2 (démo) » (Dieppe-Maritime)');

    const again = await service.rpc('queue_declaration_reminders', { p_today: '2026-11-20' });
    expect(again.data).toBe(0);
    expect(await outbox('declaration_reminder')).toHaveLength(reminders.length);
  });

  it('cannot be queued by a signed-in partner', async () => {
    const { error } = await facilitator.rpc('queue_declaration_reminders', { p_today: '2026-12-05' });
    expect(error?.code).toBe('42501');
  });
});

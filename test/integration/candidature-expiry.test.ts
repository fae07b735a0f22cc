// Candidatures left without a decision expire (DOMAIN.md §7, rule parameter
// candidature_expiry_days): the nightly job (src/server/candidature-expiry.ts →
// public.expire_candidatures) closes them with a log line and tells the person or the
// prescriber, each territory with its own period. Seeded candidatures of Dieppe-Maritime
// (supabase/seed.sql, 70000000-…) were last moved between 2 and 19 November 2026.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { expireCandidatures } from '../../src/server/candidature-expiry.ts';
import { renderMail } from '../../src/domain/mail-templates.ts';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { demoCandidature } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
let companyA: SupabaseClient;

const seeded = demoCandidature;
// 90 days (the demo period) after 16 November 2026.
const NOW = new Date('2027-02-14T12:00:00Z');

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
});
afterAll(async () => { await local.close(); });

async function statuses(): Promise<Record<string, string>> {
  const { rows } = await local.db.query<{ reference: string; status: string }>(
    `select reference, status from app.candidatures where id::text like '70000000-%' order by reference`);
  return Object.fromEntries(rows.map((r) => [r.reference.slice(-1), r.status]));
}

describe('the date by which a decision is expected', () => {
  const ids = [1, 2, 3, 4, 5, 6, 7].map(seeded);
  async function dates(client: SupabaseClient): Promise<Record<string, string>> {
    const { data, error } = await client.rpc('candidature_expiry_dates', { p_ids: ids });
    expect(error).toBeNull();
    return Object.fromEntries((data as Array<{ id: string; expires_at: string }>).map((d) => [d.id.slice(-1), new Date(d.expires_at).toISOString()]));
  }

  it('is the last step plus the territory’s period, for waiting candidatures only', async () => {
    // Candidature 1 was transmitted on 12 November 2026 at 14:00 (Paris): + 90 days.
    expect(await dates(facilitator)).toEqual({
      1: '2027-02-10T13:00:00.000Z', 2: '2027-02-10T13:05:00.000Z', 3: '2027-02-10T08:10:00.000Z',
      4: '2027-02-16T07:20:00.000Z', 5: '2027-02-12T08:30:00.000Z', 6: '2027-02-17T16:05:00.000Z',
    });
  });

  it('is shown to whoever may read the candidature, and to nobody else', async () => {
    // Company A holds lot 1 (files 1 and 2 transmitted to it); the demo SIAE sent file 2.
    expect(Object.keys(await dates(companyA))).toEqual(['1', '2']);
    expect(Object.keys(await dates(await local.signIn('siae@demo.test')))).toEqual(['2']);
    expect(await dates(await local.signIn('facilitateur.alpes@demo.test'))).toEqual({});
    expect((await local.anon().rpc('candidature_expiry_dates', { p_ids: ids })).error?.code).toBe('42501');
  });
});

describe('candidatures without a decision', () => {
  it('follow their territory’s period: with 200 days nothing expires yet', async () => {
    await local.db.query(`update app.territories set candidature_expiry_days = 200 where slug = 'dieppe-maritime'`);
    expect(await expireCandidatures(NOW)).toEqual({ candidatures_expired: 0 });
    await local.db.query(`update app.territories set candidature_expiry_days = 90 where slug = 'dieppe-maritime'`);
  });

  it('expire after 90 days without a step; a recent step, a decision or a refusal keeps them', async () => {
    // Louis (4, received on 18 November) was looked at on 1 December: his clock restarts then.
    await local.db.query(`insert into app.candidature_transitions (candidature_id, from_status, to_status, created_at)
      values ($1, 'received', 'received', '2026-12-01T09:00:00Z')`, [seeded(4)]);
    const before = await statuses();
    expect(before).toMatchObject({ 1: 'sent_to_company', 2: 'sent_to_company', 3: 'in_review', 4: 'received', 5: 'sent_to_company', 6: 'received', 7: 'declined' });

    expect(await expireCandidatures(NOW)).toEqual({ candidatures_expired: 4 });
    expect(await statuses()).toMatchObject({ 1: 'expired', 2: 'expired', 3: 'expired', 4: 'received', 5: 'expired', 6: 'received', 7: 'declined' });

    const { rows: log } = await local.db.query<{ from_status: string; reason: string; actor_user_id: string | null; created_at: Date }>(
      `select from_status, reason, actor_user_id, created_at from app.candidature_transitions
       where candidature_id = $1 and to_status = 'expired'`, [seeded(3)]);
    expect(log).toEqual([{ from_status: 'in_review', reason: 'no_decision', actor_user_id: null, created_at: NOW }]);
  });

  it('tell the candidate, or the prescriber who applied, without naming the person', async () => {
    const { rows } = await local.db.query<{ recipient: string; payload: Record<string, unknown> }>(
      `select recipient, payload from app.outbox where template = 'candidature_expired' order by payload ->> 'reference'`);
    // Candidature 2 was sent by the demo SIAE for Yanis (no e-mail of his own).
    expect(rows.map((r) => r.recipient)).toEqual(['camille.demo@exemple.test', 'siae@demo.test', 'ines.demo@exemple.test', 'nora.demo@exemple.test']);
    const mail = renderMail('candidature_expired', rows[0]!.payload);
    expect(mail.subject).toBe('Candidature CS-2026-DEMO0001 close, sans suite');
    expect(mail.text).toContain('Votre candidature CS-2026-DEMO0001 pour l’offre « Maçon·ne coffreur·se » n’a pas reçu de décision en 90 jours');
    expect(renderMail('candidature_expired', rows[1]!.payload).text).toContain('La candidature CS-2026-DEMO0002 que vous avez envoyée');
    expect(rows.map((r) => JSON.stringify(r.payload)).join(' ')).not.toMatch(/Camille|Yanis|Inès|Nora|Démo-/);
  });

  it('run again, change nothing and send nothing twice', async () => {
    expect(await expireCandidatures(NOW)).toEqual({ candidatures_expired: 0 });
    const { rows: [count] } = await local.db.query<{ n: number }>(`select count(*)::int as n from app.outbox where template = 'candidature_expired'`);
    expect(count!.n).toBe(4);
  });

  it('leave the company’s list and can no longer be decided on', async () => {
    const decided = await companyA.rpc('company_decide_candidature', { p_candidature_id: seeded(1), p_decision: 'hired' });
    expect(decided.error).not.toBeNull();
    const moved = await facilitator.rpc('transition_candidature', { p_id: seeded(3), p_to: 'shortlisted' });
    expect(moved.error?.hint).toBe('transition_not_allowed');
  });

  it('are expired by the nightly job only: no partner or visitor may call it', async () => {
    for (const client of [local.anon(), facilitator, companyA]) {
      const { error } = await client.rpc('expire_candidatures', { p_now: NOW.toISOString() });
      expect(error?.code).toBe('42501');
    }
  });
});

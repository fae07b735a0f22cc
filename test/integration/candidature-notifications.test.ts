// The e-mails of the candidature pipeline (supabase/schemas/04_candidatures.sql):
// written to the outbox in the same transaction as the step, to the company when the facilitator
// transmits a file, to the facilitator when the company decides; rendered in French with no
// personal data. Through supabase-js `.rpc()` as the demo users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { renderMail } from '../../src/domain/mail-templates.ts';
import { demoCandidature } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
let companyA: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
});
afterAll(async () => { await local.close(); });

const seeded = demoCandidature;

async function mails(template: string): Promise<Array<{ recipient: string; payload: Record<string, unknown> }>> {
  return (await local.db.query<{ recipient: string; payload: Record<string, unknown> }>(
    `select recipient, payload from app.outbox where template = $1 order by created_at`, [template])).rows;
}

describe('e-mails of the pipeline', () => {
  it('tells the company, without the person’s name, when the facilitator transmits a file', async () => {
    // Inès Démo-Étude (seeded candidature 3) is under review for the offer of EPR2 Penly lot 1 (company A).
    expect((await facilitator.rpc('transition_candidature', { p_id: seeded(3), p_to: 'shortlisted' })).error).toBeNull();
    expect(await mails('shortlist_to_company')).toHaveLength(0);
    expect((await facilitator.rpc('transition_candidature', { p_id: seeded(3), p_to: 'sent_to_company' })).error).toBeNull();
    const sent = await mails('shortlist_to_company');
    expect(sent.map((m) => m.recipient)).toEqual(['entreprise@demo.test']);
    const mail = renderMail('shortlist_to_company', sent[0]!.payload);
    expect(mail.subject).toBe('Candidature transmise CS-2026-DEMO0003 — Maçon·ne coffreur·se');
    expect(mail.text).toContain('vous transmet une candidature (CS-2026-DEMO0003) pour l’offre « Maçon·ne coffreur·se » du marché « EPR2 Penly — lot 1 (démo) »');
    expect(`${mail.subject} ${mail.text}`).not.toMatch(/Inès|Démo-Étude|Arques/);
  });

  it('tells the facilitator when the company decides, and writes nothing when a step fails', async () => {
    const refused = await companyA.rpc('company_decide_candidature', { p_candidature_id: seeded(3), p_decision: 'declined' });
    expect(refused.error?.hint).toBe('refusal_reason_required');
    expect(await mails('candidature_company_decision')).toHaveLength(0);

    expect((await companyA.rpc('company_decide_candidature', { p_candidature_id: seeded(3), p_decision: 'declined', p_reason: 'profile_mismatch' })).error).toBeNull();
    expect((await companyA.rpc('company_decide_candidature', { p_candidature_id: seeded(1), p_decision: 'hired' })).error).toBeNull();
    const decisions = await mails('candidature_company_decision');
    const { rows: [territory] } = await local.db.query<{ email: string }>(
      `select facilitator_contact_email as email from app.territories where slug = 'dieppe-maritime'`);
    expect(decisions.map((m) => m.recipient)).toEqual([territory!.email, territory!.email]);
    expect(renderMail('candidature_company_decision', decisions[0]!.payload).subject).toBe('Candidature non retenue — CS-2026-DEMO0003 — Maçon·ne coffreur·se');
    const hired = renderMail('candidature_company_decision', decisions[1]!.payload);
    expect(hired.subject).toBe('Recrutement — CS-2026-DEMO0001 — Maçon·ne coffreur·se');
    expect(hired.text).not.toMatch(/Camille|Démo-Transmise/);
  });
});

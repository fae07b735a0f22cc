// Reaching an applicant (supabase/schemas/04_candidatures.sql, public.candidature_contact): the
// facilitator and the organisation that sent the candidature read the person's and the
// prescriber's contact details, the company only the person's once the file is transmitted to it,
// nobody else; each read leaves an audit line naming the columns, never their values. A hire or a
// decline tells the person (or the prescriber) by e-mail, without the reason. Through supabase-js
// `.rpc()` as the demo users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { renderMail } from '../../src/domain/mail-templates.ts';
import { demoCandidature, territories } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
const clients: Record<string, SupabaseClient> = {};
const seeded = demoCandidature;

beforeAll(async () => {
  local = await useLocalSupabase();
  for (const [name, email] of Object.entries({
    facilitator: 'facilitateur@demo.test', alpes: 'facilitateur.alpes@demo.test', companyA: 'entreprise@demo.test',
    companyB: 'entreprise2@demo.test', siae: 'siae@demo.test', buyer: 'acheteur@demo.test',
  })) clients[name] = await local.signIn(email);
});
afterAll(async () => { await local.close(); });

const contact = (who: string, n: number) => clients[who]!.rpc('candidature_contact', { p_candidature_id: seeded(n) });
const reads = async () => (await local.db.query<{ row_id: string; actor_user_id: string; territory_id: string; changed_columns: string[]; changes: unknown }>(
  `select row_id, actor_user_id, territory_id, changed_columns, changes from app.audit_log where action = 'read' order by id`)).rows;
const outbox = async (template: string) => (await local.db.query<{ recipient: string; payload: Record<string, unknown> }>(
  `select recipient, payload from app.outbox where template = $1 order by created_at`, [template])).rows;

describe('an applicant’s contact details', () => {
  it('are given in full to the facilitator: the person’s and the prescriber’s', async () => {
    // Candidature 2 (Yanis Démo-Chantier) was sent by the demo SIAE, with a phone number only.
    const { data, error } = await contact('facilitator', 2);
    expect(error).toBeNull();
    expect(data).toEqual([{
      reference: 'CS-2026-DEMO0002', first_name: 'Yanis', last_name: 'Démo-Chantier', email: null, phone: '06 00 00 00 02',
      submitted_by: 'prescriber', prescriber_name: 'Chargée d\'insertion SIAE (démo)', prescriber_email: 'siae@demo.test',
      prescriber_organisation_name: 'Chantier d\'insertion du littoral (démo)',
    }]);
    expect((await contact('siae', 2)).data?.[0]?.prescriber_email).toBe('siae@demo.test');
  });

  it('are given to the company once the file is transmitted: the person’s own, never the prescriber’s', async () => {
    const { data } = await contact('companyA', 2);
    expect(data?.[0]).toMatchObject({ phone: '06 00 00 00 02', prescriber_name: null, prescriber_email: null, prescriber_organisation_name: null });
    // Candidature 3 is under review, not transmitted: the company gets nothing, « introuvable ».
    const early = await contact('companyA', 3);
    expect(early.data).toBeNull();
    expect(early.error?.hint).toBe('candidature_not_found');
    expect(early.error?.code).toBe('PT404');
  });

  it('are refused to another territory, another company, a buyer and the anonymous, with a 404 or 401', async () => {
    for (const who of ['alpes', 'companyB', 'buyer']) expect((await contact(who, 1)).error?.hint, who).toBe('candidature_not_found');
    const anonymous = await local.anon().rpc('candidature_contact', { p_candidature_id: seeded(1) });
    expect(anonymous.error?.code).toBe('42501');
  });

  it('leave one audit line per read: who, which columns, never the values; a refused read leaves none', async () => {
    const before = (await reads()).length;
    await contact('companyA', 1);
    await contact('companyB', 1); // refused
    await contact('facilitator', 1);
    const added = (await reads()).slice(before);
    const id = async (who: string) => (await clients[who]!.auth.getUser()).data.user!.id;
    expect(added).toEqual([
      { row_id: seeded(1), actor_user_id: await id('companyA'), territory_id: territories.dieppe, changed_columns: ['email', 'phone'], changes: null },
      { row_id: seeded(1), actor_user_id: await id('facilitator'), territory_id: territories.dieppe, changed_columns: ['email', 'phone', 'prescriber_email'], changes: null },
    ]);
  });
});

describe('the outcome, told to the person', () => {
  it('a hire by the company: the candidate is told by e-mail, and so is the facilitator', async () => {
    expect((await clients.companyA!.rpc('company_decide_candidature', { p_candidature_id: seeded(1), p_decision: 'hired' })).error).toBeNull();
    const [mail] = await outbox('candidature_outcome');
    expect(mail?.recipient).toBe('camille.demo@exemple.test');
    const text = renderMail('candidature_outcome', mail!.payload);
    expect(text.subject).toBe('Candidature CS-2026-DEMO0001 : recrutement confirmé');
    expect(text.text).toContain('votre candidature CS-2026-DEMO0001 pour l’offre « Maçon·ne coffreur·se » a abouti');
    expect(await outbox('candidature_company_decision')).toHaveLength(1);
  });

  it('a decline: the prescriber who applied is told, without the reason', async () => {
    expect((await clients.companyA!.rpc('company_decide_candidature', { p_candidature_id: seeded(2), p_decision: 'declined', p_reason: 'profile_mismatch' })).error).toBeNull();
    const mails = await outbox('candidature_outcome');
    expect(mails.map((m) => m.recipient)).toEqual(['camille.demo@exemple.test', 'siae@demo.test']);
    const text = renderMail('candidature_outcome', mails[1]!.payload);
    expect(text.subject).toBe('Candidature CS-2026-DEMO0002 : pas de suite pour cette offre');
    expect(text.text).toContain('La candidature CS-2026-DEMO0002 que vous avez envoyée pour l’offre « Maçon·ne coffreur·se » n’a pas été retenue.');
    expect(text.text).toContain('contacter le facilitateur des clauses sociales de Dieppe-Maritime');
    expect(JSON.stringify(mails[1]!.payload)).not.toMatch(/profile_mismatch|Profil/);
    expect(text.text).not.toMatch(/Profil|motif|Yanis|Démo-Chantier/);
  });

  it('a decline by the facilitator before transmission, for a person who left only a phone: no e-mail, the step is done', async () => {
    // Candidature 4 (Louis Démo-Reçu) gave a phone number only.
    const before = (await outbox('candidature_outcome')).length;
    expect((await clients.facilitator!.rpc('transition_candidature', { p_id: seeded(4), p_to: 'declined', p_reason: 'not_reachable' })).error).toBeNull();
    expect(await outbox('candidature_outcome')).toHaveLength(before);
    const [row] = (await local.db.query<{ status: string }>(`select status from app.candidatures where id = $1`, [seeded(4)])).rows;
    expect(row?.status).toBe('declined');
  });
});

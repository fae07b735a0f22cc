// The facilitator validates a whole month in one action (public.review_month,
// supabase/schemas/05_participants_and_hours.sql), through supabase-js `.rpc()` as the demo
// users: every submitted line of the scope is validated except those refused with their reason,
// in one transaction (a refusal without its reason, an unknown line or a line that cannot be
// validated stops everything, naming the line), and a retry validates nothing more. A line can
// be validated only once the SIAE confirmed its amount, and, unless the territory allows it,
// once the person's eligibility is recorded as checked. 2,000 lines stay under 8 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { markets, organisations, subcontractedLines, territories, unknownId } from '../support/seed.ts';
import { shown } from '../support/shown.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let company: SupabaseClient;
let siae: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  company = await local.signIn('entreprise@demo.test');
  siae = await local.signIn('siae@demo.test');
});
afterAll(async () => { await local.close(); });

const penlyLot1 = markets.penlyLot1;
const subcontracted: readonly string[] = Object.values(subcontractedLines);
const OCTOBER = '2026-10-01'; // the seed: 3 direct-hire lines submitted on lot 1
const SEPTEMBER = '2026-09-01';

interface Line { id: string; status: string; rejection_reason: string | null; participant_name: string }

async function lines(month: string, market = penlyLot1): Promise<Line[]> {
  const { data, error } = await facilitator.rpc('list_declarations', { p_market_id: market, p_month: month });
  expect(error).toBeNull();
  return data as Line[];
}
const statuses = async (month: string): Promise<string[]> => (await lines(month)).map((l) => l.status).sort();
const octoberSubmitted = async (): Promise<Line[]> =>
  (await lines(OCTOBER)).filter((l) => l.status === 'submitted' && !subcontracted.includes(l.id));
const rejectionMails = async (): Promise<number> =>
  Number((await local.db.query<{ n: number }>(`select count(*)::int as n from app.outbox where template = 'declaration_rejected'`)).rows[0]!.n);

describe('one month of a market, in one action', () => {
  it('the company submits September: two lines waiting next to October’s three', async () => {
    const { data: people } = await company.rpc('market_participants', { p_market_id: penlyLot1 });
    const [p1, p2] = people as Array<{ id: string }>;
    const { error } = await company.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: SEPTEMBER, p_submit: true,
      p_lines: [{ participant_id: p1!.id, realisation_mode: 'direct_hire', hours: 35.5 }, { participant_id: p2!.id, realisation_mode: 'direct_hire', hours: 36 }],
    });
    expect(error).toBeNull();
    expect(await statuses(SEPTEMBER)).toEqual(['submitted', 'submitted']);
    expect(await octoberSubmitted()).toHaveLength(3);
  });

  it('a refusal without its reason stops everything and names the line', async () => {
    const [first] = await octoberSubmitted();
    const { error } = await facilitator.rpc('review_month', { p_market_id: penlyLot1, p_month: OCTOBER, p_reject: [{ id: first!.id, reason: ' ' }] });
    const message = shown(error);
    expect(message).toMatchObject({ status: 400, hint: 'rejection_reason_required' });
    expect(message.message).toBe(`Ligne de ${first!.participant_name}, octobre 2026 (EPR2 Penly — lot 1 (démo)) — indiquez le motif du refus.`);
    expect(await octoberSubmitted()).toHaveLength(3);
  });

  it('an unknown line among the refusals: nothing is validated', async () => {
    const { error } = await facilitator.rpc('review_month', { p_market_id: penlyLot1, p_month: OCTOBER, p_reject: [{ id: unknownId, reason: 'Heures en double' }] });
    expect(shown(error)).toEqual({ status: 404, hint: 'declaration_not_found', message: 'Cette déclaration est introuvable.' });
    expect(await octoberSubmitted()).toHaveLength(3);
    // A line of another month is outside the scope: refused the same way.
    const [september] = await lines(SEPTEMBER);
    const outside = await facilitator.rpc('review_month', { p_market_id: penlyLot1, p_month: OCTOBER, p_reject: [{ id: september!.id, reason: 'Heures en double' }] });
    expect(shown(outside.error).hint).toBe('declaration_not_found');
    expect(await octoberSubmitted()).toHaveLength(3);
  });

  it('a facilitator of another territory reviews nothing of it', async () => {
    const { data, error } = await facilitatorAlpes.rpc('review_month', { p_market_id: penlyLot1, p_month: OCTOBER });
    expect(error).toBeNull();
    expect(data).toEqual({ validated: 0, rejected: 0, unchanged: 0 });
    const [first] = await octoberSubmitted();
    expect(shown((await facilitatorAlpes.rpc('review_month', { p_line_ids: [first!.id] })).error).hint).toBe('declaration_not_found');
    // Nor does the company.
    expect((await company.rpc('review_month', { p_market_id: penlyLot1, p_month: OCTOBER })).data).toEqual({ validated: 0, rejected: 0, unchanged: 0 });
    expect(await octoberSubmitted()).toHaveLength(3);
  });

  it('validates the month but the line refused with its reason, which the company receives', async () => {
    const waiting = await octoberSubmitted();
    const refused = waiting[2]!;
    const mailsBefore = await rejectionMails();
    const { data, error } = await facilitator.rpc('review_month', {
      p_market_id: penlyLot1, p_month: OCTOBER, p_line_ids: waiting.map((l) => l.id),
      p_reject: [{ id: refused.id, reason: '  Contrat de 35 h par semaine ' }],
    });
    expect(error).toBeNull();
    expect(data).toEqual({ validated: 2, rejected: 1, unchanged: 0 });
    const after = await lines(OCTOBER);
    expect(after.find((l) => l.id === refused.id)).toMatchObject({ status: 'rejected', rejection_reason: 'Contrat de 35 h par semaine' });
    expect(after.filter((l) => waiting.some((w) => w.id === l.id) && l.id !== refused.id).map((l) => l.status)).toEqual(['validated', 'validated']);
    expect(await rejectionMails()).toBe(mailsBefore + 1);
    // September, another month of the same market, is untouched.
    expect(await statuses(SEPTEMBER)).toEqual(['submitted', 'submitted']);

    // The same call again (an answer lost, the form posted twice): nothing more, and it says so.
    const again = await facilitator.rpc('review_month', {
      p_market_id: penlyLot1, p_month: OCTOBER, p_line_ids: waiting.map((l) => l.id),
      p_reject: [{ id: refused.id, reason: 'Contrat de 35 h par semaine' }],
    });
    expect(again.error).toBeNull();
    expect(again.data).toEqual({ validated: 0, rejected: 0, unchanged: 3 });
    expect(await rejectionMails()).toBe(mailsBefore + 1);
  });

  it('a named line the company took back to draft stops everything, named', async () => {
    const september = await lines(SEPTEMBER);
    await local.db.query(`update app.hour_declarations set status = 'draft', submitted_at = null where id = $1`, [september[0]!.id]);
    const { error } = await facilitator.rpc('review_month', { p_line_ids: september.map((l) => l.id) });
    const message = shown(error);
    expect(message.hint).toBe('declaration_not_submitted');
    expect(message.message).toContain(`Ligne de ${september[0]!.participant_name}, septembre 2026`);
    expect((await lines(SEPTEMBER)).map((l) => l.status).sort()).toEqual(['draft', 'submitted']);
    await local.db.query(`update app.hour_declarations set status = 'submitted', submitted_at = now() where id = $1`, [september[0]!.id]);
  });

  it('by company, every month: September validated, a second call finds nothing more', async () => {
    const { data, error } = await facilitator.rpc('review_month', { p_company_id: organisations.companyA });
    expect(error).toBeNull();
    expect(data).toEqual({ validated: 2, rejected: 0, unchanged: 0 });
    expect(await statuses(SEPTEMBER)).toEqual(['validated', 'validated']);
    expect((await facilitator.rpc('review_month', { p_company_id: organisations.companyA })).data).toEqual({ validated: 0, rejected: 0, unchanged: 0 });
  });
});

describe('sub-contracting: the SIAE confirms the amount first', () => {
  it('the company submits October’s sub-contracting (two amounts to confirm, one disputed)', async () => {
    expect((await company.rpc('submit_hour_declarations', { p_market_id: penlyLot1, p_month: OCTOBER })).error).toBeNull();
    const submitted = (await lines(OCTOBER)).filter((l) => subcontracted.includes(l.id));
    expect(submitted.map((l) => l.status)).toEqual(['submitted', 'submitted', 'submitted']);
  });

  it('a line whose amount the SIAE has not confirmed cannot be validated, alone or with its month', async () => {
    const single = await facilitator.rpc('review_hour_declaration', { p_declaration_id: subcontractedLines.pending1, p_decision: 'validate' });
    expect(shown(single.error)).toMatchObject({ status: 409, hint: 'review_siae_pending' });
    expect(shown(single.error).message).toMatch(/^Ligne de .+, octobre 2026 \(EPR2 Penly — lot 1 \(démo\)\) — la SIAE n’a pas encore confirmé ce montant : la ligne ne peut pas être validée\./);
    const month = await facilitator.rpc('review_month', {
      p_market_id: penlyLot1, p_month: OCTOBER, p_reject: [{ id: subcontractedLines.disputed, reason: 'Montant contesté par la SIAE' }],
    });
    expect(shown(month.error).hint).toBe('review_siae_pending');
    const { data } = await facilitator.rpc('list_declarations', { p_declaration_id: subcontractedLines.pending1 });
    expect(data).toMatchObject([{ status: 'submitted', siae_confirmation: 'pending', validation_blocker: 'review_siae_pending' }]);
    expect((await facilitator.rpc('list_declarations', { p_declaration_id: subcontractedLines.disputed })).data)
      .toMatchObject([{ status: 'submitted', validation_blocker: 'siae_disputed' }]);
  });

  it('once the SIAE confirms one, the month goes through with the others refused', async () => {
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: subcontractedLines.pending1, p_decision: 'confirm' })).error).toBeNull();
    expect((await facilitator.rpc('list_declarations', { p_declaration_id: subcontractedLines.pending1 })).data).toMatchObject([{ validation_blocker: null }]);
    const { data, error } = await facilitator.rpc('review_month', {
      p_market_id: penlyLot1, p_month: OCTOBER, p_reject: [
        { id: subcontractedLines.pending2, reason: 'Attendre la facture de la SIAE' },
        { id: subcontractedLines.disputed, reason: 'Montant contesté par la SIAE' },
      ],
    });
    expect(error).toBeNull();
    // The refused line of the first call counts as already done.
    expect(data).toEqual({ validated: 1, rejected: 2, unchanged: 0 });
    const byId = new Map((await lines(OCTOBER)).map((l) => [l.id, l.status]));
    expect([byId.get(subcontractedLines.pending1), byId.get(subcontractedLines.pending2), byId.get(subcontractedLines.disputed)])
      .toEqual(['validated', 'rejected', 'rejected']);
  });
});

describe('eligibility not yet checked', () => {
  let line: { id: string; participant_id: string; name: string };

  beforeAll(async () => {
    // A person of lot 1 whose eligibility the facilitator has not recorded, with a line submitted.
    const { rows: [row] } = await local.db.query<{ id: string; participant_id: string; name: string }>(`
      insert into app.hour_declarations (market_id, participant_id, month, realisation_mode, hours, status, submitted_at)
      select $1, p.id, date '2026-11-01', 'direct_hire', 35.5, 'submitted', now()
      from app.participants p where p.id in (select participant_id from app.hour_declarations where market_id = $1)
      order by p.id limit 1
      returning id, participant_id, (select first_name || ' ' || last_name from app.participants where id = participant_id) as name`, [penlyLot1]);
    line = row!;
    await local.db.query(`update app.participants set eligibility_checked_at = null, eligibility_checked_by = null where id = $1`, [line.participant_id]);
  });

  it('is shown on the line and, by default, stops the validation', async () => {
    expect((await facilitator.rpc('list_declarations', { p_declaration_id: line.id })).data)
      .toMatchObject([{ eligibility_checked: false, validation_blocker: 'eligibility_unchecked' }]);
    const single = await facilitator.rpc('review_hour_declaration', { p_declaration_id: line.id, p_decision: 'validate' });
    expect(shown(single.error)).toMatchObject({ status: 409, hint: 'eligibility_unchecked' });
    const month = await facilitator.rpc('review_month', { p_market_id: penlyLot1, p_month: '2026-11-01' });
    expect(shown(month.error).message).toBe(`Ligne de ${line.name}, novembre 2026 (EPR2 Penly — lot 1 (démo)) — l’éligibilité de cette personne n’est pas encore vérifiée : ses heures ne peuvent pas être validées. Enregistrez la vérification dans sa fiche, ou refusez la ligne (les paramètres du territoire peuvent autoriser cette validation).`);
    expect((await lines('2026-11-01')).map((l) => l.status)).toEqual(['submitted']);
  });

  it('the territory may allow it: the line still says eligibility is to be checked, and is validated', async () => {
    const { data: settings } = await facilitator.rpc('get_territory_settings', { p_territory_id: territories.dieppe });
    expect(settings).toMatchObject([{ validate_unchecked_eligibility: false }]);
    expect((await facilitator.rpc('update_territory_settings', { p_territory_id: territories.dieppe, p_validate_unchecked_eligibility: true })).error).toBeNull();
    expect((await facilitator.rpc('get_territory_settings', { p_territory_id: territories.dieppe })).data).toMatchObject([{ validate_unchecked_eligibility: true }]);
    expect((await facilitator.rpc('list_declarations', { p_declaration_id: line.id })).data)
      .toMatchObject([{ eligibility_checked: false, validation_blocker: null }]);
    const { data, error } = await facilitator.rpc('review_month', { p_market_id: penlyLot1, p_month: '2026-11-01' });
    expect(error).toBeNull();
    expect(data).toEqual({ validated: 1, rejected: 0, unchanged: 0 });
    // Back to the default: the change is in the audit log, like every setting.
    expect((await facilitator.rpc('update_territory_settings', { p_territory_id: territories.dieppe, p_validate_unchecked_eligibility: false })).error).toBeNull();
    const { rows } = await local.db.query<{ changed_columns: string[] }>(
      `select changed_columns from app.audit_log where table_name = 'territories' and row_id = $1 order by id desc limit 1`, [territories.dieppe]);
    expect(rows[0]!.changed_columns).toEqual(['validate_unchecked_eligibility']);
  });
});

describe('at volume', () => {
  it('2,000 lines of one market are validated in one call, under 8 seconds', async () => {
    // Every penly participant (eligibility checked), a training line for each month of 2024-01 to 2025-11: 90 × 23 lines.
    await local.db.query(`
      insert into app.hour_declarations (market_id, participant_id, month, realisation_mode, hours, status, submitted_at)
      select $1, p.id, (date '2024-01-01' + make_interval(months => m))::date, 'training', 7.25, 'submitted', now()
      from app.participants p, generate_series(0, 22) m
      where p.territory_id = $2 and p.last_name like 'Démo-PENLY-%'`, [penlyLot1, territories.dieppe]);
    await local.db.query(`update app.participants set eligibility_checked_at = now() where eligibility_checked_at is null`);
    const { rows: [count] } = await local.db.query<{ n: number }>(
      `select count(*)::int as n from app.hour_declarations where market_id = $1 and status = 'submitted'`, [penlyLot1]);
    expect(count!.n).toBeGreaterThanOrEqual(2000);
    const started = performance.now();
    const { data, error } = await facilitator.rpc('review_month', { p_market_id: penlyLot1 });
    const elapsed = performance.now() - started;
    expect(error).toBeNull();
    expect(data).toEqual({ validated: count!.n, rejected: 0, unchanged: 0 });
    console.info(`review_month: ${count!.n} lines in ${Math.round(elapsed)} ms`);
    expect(elapsed).toBeLessThan(8000);
    // The market's totals, kept by trigger, follow in the same transaction.
    const { rows: [totals] } = await local.db.query<{ lines: number }>(
      `select coalesce(sum(lines), 0)::int as lines from app.market_month_hours where market_id = $1 and status = 'submitted'`, [penlyLot1]);
    expect(totals!.lines).toBe(0);
  });
});

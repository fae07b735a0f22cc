// Sub-contracting and co-contracting lines name their SIAE (DOMAIN.md §5, §8;
// supabase/schemas/05_participants_and_hours.sql), through supabase-js `.rpc()` as
// the demo users: the company picks an SIAE of the market's territory (and no other
// organisation), the SIAE sees the line and confirms or disputes the amount, the facilitator
// cannot validate a line before the SIAE confirmed it, and a correction by the company puts the line back to
// pending. Each refusal is checked down to the French message the pages show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { markets, organisations, subcontractedLines } from '../support/seed.ts';
import { shown } from '../support/shown.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let companyB: SupabaseClient;
let siae: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  companyB = await local.signIn('entreprise2@demo.test');
  siae = await local.signIn('siae@demo.test');
});
afterAll(async () => { await local.close(); });

const penlyLot1 = markets.penlyLot1; // company A's market, Dieppe-Maritime
const siaeLittoral = organisations.siaeLittoral; // the demo SIAE account's organisation (Dieppe)
const siaeInterim = organisations.siaeInterim; // another SIAE of Dieppe-Maritime
const siaeAlpes = organisations.siaeAlpes; // an SIAE of Alpes Sud Isère
const companyBOrg = organisations.companyB; // entreprise2's organisation (a company, Dieppe)
const buyerEpr2 = organisations.buyerEpr2;
const seededDisputed = subcontractedLines.disputed; // seed: draft, disputed by the SIAE, October 2026

interface Declaration {
  id: string;
  participant_id: string;
  month: string;
  realisation_mode: string;
  hours: number;
  invoiced_amount_ht: number | null;
  status: string;
  employer_id: string | null;
  employer_name: string | null;
  siae_confirmation: string | null;
  siae_confirmation_reason: string | null;
}

interface SubcontractingLine {
  id: string;
  invoiced_amount_ht: number;
  status: string;
  siae_confirmation: string;
  siae_confirmation_reason: string | null;
}

async function participants(): Promise<string[]> {
  const { data } = await companyA.rpc('market_participants', { p_market_id: penlyLot1 });
  return (data as Array<{ id: string }>).map((p) => p.id);
}

async function declaration(client: SupabaseClient, id: string, month: string): Promise<Declaration | undefined> {
  const { data } = await client.rpc('list_declarations', { p_market_id: penlyLot1, p_month: month });
  return (data as Declaration[]).find((l) => l.id === id);
}

async function siaeView(id: string): Promise<SubcontractingLine | undefined> {
  const { data } = await siae.rpc('list_siae_subcontracting');
  return (data as SubcontractingLine[]).find((l) => l.id === id);
}

const siaeRequired = {
  status: 400, hint: 'siae_required',
  message: 'Choisissez la SIAE sous-traitante ou co-traitante : elle doit confirmer le montant déclaré.',
};
const siaeInvalid = { status: 422, hint: 'siae_invalid', message: 'Choisissez une SIAE du territoire du marché dans la liste.' };

describe('the SIAE a company may name', () => {
  it('the company lists the SIAE of its market’s territory, not those of another territory', async () => {
    const { data, error } = await companyA.rpc('list_market_siae', { p_market_id: penlyLot1 });
    expect(error).toBeNull();
    const list = data as Array<{ id: string; name: string; siret: string | null; siae_kind: string }>;
    expect(list.map((o) => o.id).sort()).toEqual([siaeLittoral, siaeInterim]);
    expect(list.find((o) => o.id === siaeLittoral)).toMatchObject({ name: 'Chantier d\'insertion du littoral (démo)', siae_kind: 'aci' });
    expect(list.every((o) => o.siret && /^\d{14}$/.test(o.siret))).toBe(true);
  });

  it('the territory’s facilitator gets the same list; another company, the SIAE or another territory get nothing', async () => {
    const ids = async (client: SupabaseClient) => ((await client.rpc('list_market_siae', { p_market_id: penlyLot1 })).data as Array<{ id: string }>).map((o) => o.id).sort();
    expect(await ids(facilitatorDieppe)).toEqual([siaeLittoral, siaeInterim]);
    for (const client of [companyB, siae, facilitatorAlpes]) expect(await ids(client)).toEqual([]);
  });
});

describe('a sub-contracting line must name an SIAE of the market’s territory', () => {
  it('a line without SIAE is refused with the French message, and nothing is written', async () => {
    const [p1, p2] = await participants();
    const one = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: p1, p_month: '2026-07-01', p_realisation_mode: 'subcontracting', p_invoiced_amount_ht: 3000,
    });
    expect(shown(one.error)).toEqual(siaeRequired);
    const month = await companyA.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: '2026-07-01', p_submit: false,
      p_lines: [
        { participant_id: p1, realisation_mode: 'direct_hire', hours: 35 },
        { participant_id: p2, realisation_mode: 'co_contracting', invoiced_amount_ht: 900 },
      ],
    });
    expect(shown(month.error)).toEqual(siaeRequired);
    expect((await companyA.rpc('list_declarations', { p_market_id: penlyLot1, p_month: '2026-07-01' })).data).toEqual([]);
  });

  it.each([
    ['an SIAE of another territory', siaeAlpes],
    ['another company’s organisation', companyBOrg],
    ['a buyer', buyerEpr2],
    ['an id that does not exist', '20000000-0000-0000-0000-000000000999'],
  ])('refuses %s', async (_name, employer) => {
    const [p1] = await participants();
    const { error } = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: p1, p_month: '2026-07-01', p_realisation_mode: 'subcontracting',
      p_invoiced_amount_ht: 3000, p_employer_id: employer,
    });
    expect(shown(error)).toEqual(siaeInvalid);
    // Whatever the mode: the employer named on a line reads it.
    const direct = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: p1, p_month: '2026-07-01', p_realisation_mode: 'direct_hire', p_hours: 10, p_employer_id: employer,
    });
    expect(shown(direct.error).hint).toBe('siae_invalid');
    expect((await companyA.rpc('list_declarations', { p_market_id: penlyLot1, p_month: '2026-07-01' })).data).toEqual([]);
  });
});

describe('from the company’s line to the facilitator’s validation', () => {
  let lineId = '';

  it('with its SIAE, the line reaches the SIAE, pending; the company sees the SIAE named', async () => {
    const [p1] = await participants();
    const { data, error } = await companyA.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: '2026-07-01', p_submit: false,
      p_lines: [{ participant_id: p1, realisation_mode: 'subcontracting', invoiced_amount_ht: 3000, employer_id: siaeLittoral }],
    });
    expect(error).toBeNull();
    expect(data).toBe(1);
    const [line] = (await companyA.rpc('list_declarations', { p_market_id: penlyLot1, p_month: '2026-07-01' })).data as Declaration[];
    lineId = line!.id;
    expect(line).toMatchObject({
      hours: 50, invoiced_amount_ht: 3000, status: 'draft', employer_id: siaeLittoral,
      employer_name: 'Chantier d\'insertion du littoral (démo)', siae_confirmation: 'pending', siae_confirmation_reason: null,
    });
    expect(await siaeView(lineId)).toMatchObject({ invoiced_amount_ht: 3000, status: 'draft', siae_confirmation: 'pending' });
  });

  it('the SIAE confirms; re-saving the same amount keeps the SIAE (even when not named again) and the confirmation', async () => {
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: lineId, p_decision: 'confirm' })).data).toBe('confirmed');
    const [p1] = await participants();
    const again = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: p1, p_month: '2026-07-01', p_realisation_mode: 'subcontracting', p_invoiced_amount_ht: 3000,
    });
    expect(again.error).toBeNull();
    expect(again.data).toBe(lineId);
    expect(await declaration(companyA, lineId, '2026-07-01')).toMatchObject({ employer_id: siaeLittoral, siae_confirmation: 'confirmed' });
    expect(await siaeView(lineId)).toMatchObject({ siae_confirmation: 'confirmed' });
  });

  it('a disputed line cannot be validated; the facilitator sees the SIAE, the dispute and its reason', async () => {
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: lineId, p_decision: 'dispute', p_reason: 'Facturé 2 400 € HT en juillet' })).data).toBe('disputed');
    expect((await companyA.rpc('submit_hour_declarations', { p_market_id: penlyLot1, p_month: '2026-07-01' })).data).toBe(1);
    expect(await declaration(facilitatorDieppe, lineId, '2026-07-01')).toMatchObject({
      status: 'submitted', employer_name: 'Chantier d\'insertion du littoral (démo)',
      siae_confirmation: 'disputed', siae_confirmation_reason: 'Facturé 2 400 € HT en juillet',
    });
    const refused = await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: lineId, p_decision: 'validate' });
    expect(shown(refused.error)).toEqual({
      status: 409, hint: 'siae_disputed',
      message: 'La SIAE conteste ce montant : la ligne ne peut pas être validée. Refusez-la pour que l’entreprise la corrige, ou attendez que la SIAE confirme le montant.',
    });
    expect(await declaration(facilitatorDieppe, lineId, '2026-07-01')).toMatchObject({ status: 'submitted', siae_confirmation: 'disputed' });
    // Rejecting stays possible, for the company to correct.
    expect((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: lineId, p_decision: 'reject', p_reason: 'Montant contesté par la SIAE' })).data).toBe('rejected');
  });

  it('once the company corrects the amount, the confirmation resets: the SIAE sees it pending again, and the line waits for its confirmation', async () => {
    const [p1] = await participants();
    const corrected = await companyA.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: '2026-07-01', p_submit: true,
      p_lines: [{ participant_id: p1, realisation_mode: 'subcontracting', invoiced_amount_ht: 2400, employer_id: siaeLittoral }],
    });
    expect(corrected.error).toBeNull();
    expect(await siaeView(lineId)).toMatchObject({ invoiced_amount_ht: 2400, status: 'submitted', siae_confirmation: 'pending', siae_confirmation_reason: null });
    expect(await declaration(facilitatorDieppe, lineId, '2026-07-01')).toMatchObject({ hours: 40, siae_confirmation: 'pending', siae_confirmation_reason: null });
    // Until 2026-12 a pending line could be validated; issue 12 decided that the SIAE confirms
    // first (as the company's page says): pending is refused, confirmed is validated.
    expect(shown((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: lineId, p_decision: 'validate' })).error))
      .toMatchObject({ status: 409, hint: 'review_siae_pending' });
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: lineId, p_decision: 'confirm' })).error).toBeNull();
    expect((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: lineId, p_decision: 'validate' })).data).toBe('validated');
    expect(await siaeView(lineId)).toMatchObject({ status: 'validated', siae_confirmation: 'confirmed' });
  });

  it('the seeded disputed line: submitted, refused at validation; corrected without naming the SIAE again, it keeps it and is pending', async () => {
    expect((await companyA.rpc('submit_hour_declarations', { p_market_id: penlyLot1, p_month: '2026-10-01' })).data).toBe(3);
    expect(shown((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: seededDisputed, p_decision: 'validate' })).error).hint)
      .toBe('siae_disputed');
    const participant = (await declaration(companyA, seededDisputed, '2026-10-01'))!.participant_id;
    const { error } = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-10-01', p_realisation_mode: 'subcontracting', p_invoiced_amount_ht: 2000,
    });
    expect(error).toBeNull();
    expect(await siaeView(seededDisputed)).toMatchObject({ invoiced_amount_ht: 2000, status: 'draft', siae_confirmation: 'pending', siae_confirmation_reason: null });
    expect(await declaration(companyA, seededDisputed, '2026-10-01')).toMatchObject({ employer_id: siaeLittoral, siae_confirmation: 'pending' });
  });

  it('changing the SIAE resets the confirmation too, and moves the line to the other SIAE', async () => {
    const [, p2] = await participants();
    const first = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: p2, p_month: '2026-08-01', p_realisation_mode: 'co_contracting',
      p_invoiced_amount_ht: 1200, p_employer_id: siaeLittoral,
    });
    expect(first.error).toBeNull();
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: first.data, p_decision: 'confirm' })).data).toBe('confirmed');
    const moved = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: p2, p_month: '2026-08-01', p_realisation_mode: 'co_contracting',
      p_invoiced_amount_ht: 1200, p_employer_id: siaeInterim,
    });
    expect(moved.data).toBe(first.data);
    expect(await siaeView(first.data as string)).toBeUndefined();
    expect(await declaration(companyA, first.data as string, '2026-08-01')).toMatchObject({ employer_id: siaeInterim, siae_confirmation: 'pending' });
  });
});

describe('lines saved before an SIAE was required', () => {
  it('a draft without SIAE cannot be submitted; a submitted one cannot be validated, only refused', async () => {
    const [p1, p2] = await participants();
    // Written as the old save function allowed: no SIAE.
    await local.db.query(
      `insert into app.hour_declarations (id, market_id, participant_id, month, realisation_mode, hours, invoiced_amount_ht, status, siae_confirmation)
       values ('61000000-0000-0000-0000-000000000001', $1, $2, '2026-05-01', 'subcontracting', 20, 1200, 'draft', 'pending'),
              ('61000000-0000-0000-0000-000000000002', $1, $3, '2026-06-01', 'subcontracting', 20, 1200, 'submitted', 'pending')`,
      [penlyLot1, p1, p2]);
    expect(shown((await companyA.rpc('submit_hour_declarations', { p_market_id: penlyLot1, p_month: '2026-05-01' })).error)).toEqual(siaeRequired);
    expect(shown((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: '61000000-0000-0000-0000-000000000002', p_decision: 'validate' })).error))
      .toEqual({
        status: 409, hint: 'review_siae_missing',
        message: 'Cette ligne de sous-traitance ne désigne aucune SIAE : elle ne peut pas être validée. Refusez-la pour que l’entreprise indique la SIAE.',
      });
    expect((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: '61000000-0000-0000-0000-000000000002', p_decision: 'reject', p_reason: 'Indiquez la SIAE' })).data)
      .toBe('rejected');
    // The company names the SIAE: the line can go.
    const fixed = await companyA.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: '2026-05-01', p_submit: true,
      p_lines: [{ participant_id: p1, realisation_mode: 'subcontracting', invoiced_amount_ht: 1200, employer_id: siaeInterim }],
    });
    expect(fixed.error).toBeNull();
    expect(fixed.data).toBe(1);
  });
});

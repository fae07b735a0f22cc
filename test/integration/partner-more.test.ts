// Partner API, second set, through supabase-js `.rpc()` as the demo users: DECP import, the
// buyer's yearly summary, the SIAE's confirmation of sub-contracted amounts, the participant's
// file (eligibility check, exits at the end, 6 and 12 months). Each refusal is checked down to
// the French message and HTTP status the pages show (src/server/errors.ts). The two SECURITY
// DEFINER functions (list_siae_subcontracting, confirm_subcontracting) get their who-may-call
// tests here (listed in schema-safety.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { outcome } from './as-role.ts';
import { fromDbError, type DbErrorLike } from '../../src/server/errors.ts';
import { importPayload, isValidSiret, type DecpMarket } from '../../src/domain/decp.ts';
import { exitSituationGroups, exitSituationLabels } from '../../src/domain/labels.ts';
import { markets, organisations, subcontractedLines, territories, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let anon: SupabaseClient;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let buyer: SupabaseClient;
let siae: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  anon = local.anon();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  buyer = await local.signIn('acheteur@demo.test');
  siae = await local.signIn('siae@demo.test');
});
afterAll(async () => { await local.close(); });

const dieppe = territories.dieppe;
const penlyLot1 = markets.penlyLot1;
const siaeLittoral = organisations.siaeLittoral; // the demo SIAE account's organisation
const siaeInterim = organisations.siaeInterim; // another SIAE of Dieppe-Maritime
const buyerCoeurDeVille = organisations.buyerCoeurDeVille; // the demo buyer account's organisation
const buyerEpr2 = organisations.buyerEpr2;

/** The mapped error a page would show: status and French message. */
function shown(error: DbErrorLike | null): { status: number; message: string; hint: string | null | undefined } {
  expect(error).not.toBeNull();
  const mapped = fromDbError(error!);
  return { status: mapped.status, message: mapped.message, hint: error!.hint };
}

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await local.db.query<{ v: T }>(sql, params);
  return rows[0]!.v;
}

/** A valid (Luhn) invented SIRET, SIREN starting 888 so it never meets the seed's 999… ones. */
function siret(n: number): string {
  for (let d = 0; d <= 9; d += 1) {
    const candidate = `888${String(n).padStart(10, '0')}${d}`;
    if (isValidSiret(candidate)) return candidate;
  }
  throw new Error('unreachable');
}

function aMarket(overrides: Partial<DecpMarket> = {}): DecpMarket {
  const buyerSiret = overrides.buyer_siret ?? siret(1);
  const reference = overrides.reference ?? '2026-TEST-1';
  return {
    decp_id: `${buyerSiret}${reference}`,
    reference,
    title: 'Réhabilitation de 40 logements (test)',
    cpv_code: '45453000-7',
    market_kind: 'works',
    amount_ht: 1_250_000,
    notified_on: '2026-05-15',
    starts_on: '2026-05-15',
    ends_on: '2027-11-14',
    buyer_siret: buyerSiret,
    company_siret: siret(2),
    ...overrides,
  };
}

const marketsWithDecpId = (decpId: string) => scalar<number>(`select count(*)::int as v from app.markets where decp_id = $1`, [decpId]);
const organisationsWithSiret = (value: string) => scalar<number>(`select count(*)::int as v from app.organisations where siret = $1`, [value]);

describe('DECP import', () => {
  it('creates the markets and their unknown organisations once; a re-import creates nothing', async () => {
    const coeurDeVilleSiret = await scalar<string>(`select siret as v from app.organisations where id = $1`, [buyerCoeurDeVille]);
    const fresh = aMarket();
    const known = aMarket({ buyer_siret: coeurDeVilleSiret, reference: '2026-TEST-2', decp_id: `${coeurDeVilleSiret}2026-TEST-2`, company_siret: null });
    const payload = importPayload([fresh, known]);

    const first = await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: payload });
    expect(first.error).toBeNull();
    const result = first.data as { created: Array<{ decp_id: string; id: string }>; skipped: unknown[]; organisations_created: number };
    expect(result.created.map((c) => c.decp_id)).toEqual([fresh.decp_id, known.decp_id]);
    expect(result.skipped).toEqual([]);
    // The new buyer and the new holder; the Cœur de Ville buyer is found by its SIRET.
    expect(result.organisations_created).toBe(2);

    const markets = (await facilitatorDieppe.rpc('list_markets')).data as Array<{ id: string; buyer_name: string; company_name: string | null; status: string }>;
    const created = result.created.map((c) => markets.find((m) => m.id === c.id));
    expect(created[0]).toMatchObject({ buyer_name: `Acheteur SIRET ${siret(1)}`, company_name: `Titulaire SIRET ${siret(2)}`, status: 'running' });
    expect(created[1]).toMatchObject({ buyer_name: 'Bailleur social Cœur de Ville (démo)', company_name: null });
    const row = (await local.db.query(`select territory_id, reference, cpv_code, market_kind, estimated_amount_ht::float8 as amount, notified_on::text, ends_on::text, clause_type
      from app.markets where decp_id = $1`, [fresh.decp_id])).rows[0];
    expect(row).toEqual({ territory_id: dieppe, reference: '2026-TEST-1', cpv_code: '45453000-7', market_kind: 'works', amount: 1_250_000,
      notified_on: '2026-05-15', ends_on: '2027-11-14', clause_type: 'execution_condition' });

    // The same confirmation sent again (a retry, a double click): nothing new.
    const again = await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: payload });
    expect(again.error).toBeNull();
    expect(again.data).toEqual({
      created: [],
      skipped: [{ decp_id: fresh.decp_id, reason: 'already_imported' }, { decp_id: known.decp_id, reason: 'already_imported' }],
      organisations_created: 0,
    });
    expect(await marketsWithDecpId(fresh.decp_id)).toBe(1);
    expect(await marketsWithDecpId(known.decp_id)).toBe(1);
    expect(await organisationsWithSiret(siret(1))).toBe(1);
    expect(await organisationsWithSiret(siret(2))).toBe(1);
  });

  it('the preview finds the organisations the import will reuse, in the caller’s territory only', async () => {
    const { data } = await facilitatorDieppe.rpc('find_organisations_by_siret', { p_territory_slug: 'dieppe-maritime', p_sirets: [siret(1), siret(99)] });
    expect(data).toEqual([expect.objectContaining({ siret: siret(1), name: `Acheteur SIRET ${siret(1)}`, kind: 'buyer' })]);
    expect((await facilitatorAlpes.rpc('find_organisations_by_siret', { p_territory_slug: 'dieppe-maritime', p_sirets: [siret(1)] })).data).toEqual([]);
  });

  it('a market twice in one selection is created once', async () => {
    const market = aMarket({ reference: '2026-TEST-3', decp_id: `${siret(1)}2026-TEST-3`, company_siret: null });
    const { data, error } = await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: importPayload([market, market]) });
    expect(error).toBeNull();
    expect(data).toMatchObject({ created: [{ decp_id: market.decp_id }], skipped: [{ decp_id: market.decp_id, reason: 'already_imported' }] });
    expect(await marketsWithDecpId(market.decp_id)).toBe(1);
  });

  it('rejects a bad SIRET with the French message, and creates nothing of the selection', async () => {
    const good = aMarket({ reference: '2026-TEST-4', decp_id: `${siret(1)}2026-TEST-4` });
    const bad = aMarket({ buyer_siret: '21760217600019', reference: 'X', decp_id: '21760217600019X' });
    const { data, error } = await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: importPayload([good, bad]) });
    expect(data).toBeNull();
    expect(shown(error)).toEqual({ status: 400, message: 'Un numéro SIRET est invalide.', hint: 'siret_invalid' });
    expect(await marketsWithDecpId(good.decp_id)).toBe(0);

    const badHolder = aMarket({ reference: '2026-TEST-5', decp_id: `${siret(1)}2026-TEST-5`, company_siret: '12345678901234' });
    expect(shown((await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: importPayload([badHolder]) })).error).hint)
      .toBe('siret_invalid');
  });

  it('rejects an empty or incomplete selection with a French message', async () => {
    expect(shown((await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: [] })).error))
      .toEqual({ status: 400, message: 'Sélectionnez au moins un marché à créer.', hint: 'decp_nothing_to_import' });
    const untitled = { ...importPayload([aMarket({ reference: 'T6', decp_id: `${siret(1)}T6` })])[0], title: 'x' };
    expect(shown((await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: [untitled] })).error))
      .toMatchObject({ status: 400, hint: 'decp_market_invalid' });
  });

  it('skips, without creating anything for it, a market whose SIRET belongs to another territory or that another territory imported', async () => {
    const importedByDieppe = aMarket();
    const dieppeBuyerSiret = await scalar<string>(`select siret as v from app.organisations where id = $1`, [buyerEpr2]);
    const dieppeBuyer = aMarket({ buyer_siret: dieppeBuyerSiret, reference: 'ALPES-1', decp_id: `${dieppeBuyerSiret}ALPES-1`, company_siret: siret(30) });
    // A market Dieppe-Maritime created by hand with its DECP id; the DECP names a buyer unknown to both.
    const elsewhere = aMarket({ buyer_siret: siret(31), reference: 'ELSEWHERE', decp_id: `${siret(31)}ELSEWHERE`, company_siret: null });
    const byHand = await facilitatorDieppe.rpc('create_market', {
      p_territory_slug: 'dieppe-maritime', p_title: 'Marché saisi à la main (test)', p_buyer_id: buyerEpr2,
      p_clause_type: 'execution_condition', p_decp_id: elsewhere.decp_id,
    });
    expect(byHand.error).toBeNull();

    const orgsBefore = await scalar<number>(`select count(*)::int as v from app.organisations`);
    const { data, error } = await facilitatorAlpes.rpc('import_decp_markets', {
      p_territory_slug: 'alpes-sud-isere', p_markets: importPayload([importedByDieppe, dieppeBuyer, elsewhere]),
    });
    expect(error).toBeNull();
    expect(data).toEqual({
      created: [],
      skipped: [
        { decp_id: importedByDieppe.decp_id, reason: 'siret_other_territory' },
        { decp_id: dieppeBuyer.decp_id, reason: 'siret_other_territory' },
        { decp_id: elsewhere.decp_id, reason: 'imported_elsewhere' },
      ],
      organisations_created: 0,
    });
    // The organisations created for the skipped markets were undone with them.
    expect(await organisationsWithSiret(siret(30))).toBe(0);
    expect(await organisationsWithSiret(siret(31))).toBe(0);
    expect(await scalar<number>(`select count(*)::int as v from app.organisations`)).toBe(orgsBefore);
    expect(await marketsWithDecpId(importedByDieppe.decp_id)).toBe(1);
    expect(await marketsWithDecpId(elsewhere.decp_id)).toBe(1);
  });

  it('skips a market whose buyer SIRET is a company of the territory', async () => {
    const companySiret = await scalar<string>(`select siret as v from app.organisations where id = '${organisations.companyA}'`);
    const market = aMarket({ buyer_siret: companySiret, reference: 'KIND-1', decp_id: `${companySiret}KIND-1`, company_siret: null });
    const { data } = await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: importPayload([market]) });
    expect(data).toMatchObject({ created: [], skipped: [{ reason: 'siret_kind_mismatch' }] });
  });

  it('only a facilitator of the territory may import', async () => {
    const market = importPayload([aMarket({ reference: 'NOPE', decp_id: `${siret(1)}NOPE` })]);
    for (const client of [facilitatorAlpes, companyA, buyer, siae]) {
      expect(shown((await client.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: market })).error))
        .toMatchObject({ status: 403, hint: 'not_territory_facilitator' });
    }
    expect((await anon.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: market })).error?.code).toBe('42501');
    expect(await marketsWithDecpId(`${siret(1)}NOPE`)).toBe(0);
  });
});

interface Summary {
  year: number;
  threshold: number;
  markets: Array<{ id: string; title: string; hours_due: number | null; hours_validated_year: number; people: number | null }>;
  totals: { markets: number; hours_due: number | null; hours_validated_year: number; hours_validated_to_date: number; companies: number; people: number | null };
}

describe('buyer’s yearly summary', () => {
  it('gives the buyer its own markets’ figures, people below the threshold hidden', async () => {
    const { data, error } = await buyer.rpc('buyer_year_summary', { p_year: 2025, p_organisation_id: buyerCoeurDeVille });
    expect(error).toBeNull();
    const summary = data as Summary;
    expect(summary.markets.map((m) => m.title)).toEqual(['Cœur de Ville — lot 1 (démo)', 'Cœur de Ville — lot 2 (démo)', 'Cœur de Ville — lot 3 (démo)']);
    // Seed 003: Action Cœur de Ville, 21 employees, 5,500 h realised of 8,900 h due.
    expect(summary.totals).toMatchObject({ markets: 3, hours_due: 8900, hours_validated_year: 5500, hours_validated_to_date: 5500, companies: 3, people: 21 });
    // 7 people per lot: below K = 11, hidden.
    expect(summary.markets.map((m) => m.people)).toEqual([null, null, null]);
    expect(summary.threshold).toBe(11);
    // Without the organisation: the same, it is the account's only one.
    expect((await buyer.rpc('buyer_year_summary', { p_year: 2025 })).data).toEqual(data);
  });

  it('never includes another buyer’s markets, nor lets a buyer read another organisation’s summary', async () => {
    const summary = (await buyer.rpc('buyer_year_summary', { p_year: 2026 })).data as Summary;
    // The three Cœur de Ville lots, and the market imported above from the DECP for this buyer's SIRET.
    expect(summary.markets.map((m) => m.title)).toEqual([
      'Cœur de Ville — lot 1 (démo)', 'Cœur de Ville — lot 2 (démo)', 'Cœur de Ville — lot 3 (démo)', 'Réhabilitation de 40 logements (test)',
    ]);
    expect(shown((await buyer.rpc('buyer_year_summary', { p_year: 2025, p_organisation_id: buyerEpr2 })).error))
      .toMatchObject({ status: 403, hint: 'not_organisation_member' });
    // A company or a facilitator is nobody's buyer: empty summary.
    for (const client of [companyA, facilitatorDieppe]) {
      const other = (await client.rpc('buyer_year_summary', { p_year: 2025 })).data as Summary;
      expect(other.markets).toEqual([]);
      expect(other.totals).toMatchObject({ markets: 0, hours_validated_year: 0, people: null });
    }
    expect((await anon.rpc('buyer_year_summary', { p_year: 2025 })).error?.code).toBe('42501');
  });

  it('refuses an impossible year in French', async () => {
    expect(shown((await buyer.rpc('buyer_year_summary', { p_year: 1999 })).error))
      .toEqual({ status: 400, message: 'Choisissez une année à partir de 2000.', hint: 'summary_year_invalid' });
  });
});

interface SubcontractingLine {
  id: string;
  month: string;
  market_title: string;
  company_name: string;
  participant_label: string;
  invoiced_amount_ht: number;
  hours: number;
  status: string;
  siae_confirmation: string;
  siae_confirmation_reason: string | null;
}

describe('SIAE confirmation of sub-contracted amounts (SECURITY DEFINER: who may call)', () => {
  const seeded = [subcontractedLines.pending1, subcontractedLines.pending2, subcontractedLines.disputed];

  it('the SIAE lists the lines that name it, with the market, the company and only a first name and initial', async () => {
    const { data, error } = await siae.rpc('list_siae_subcontracting');
    expect(error).toBeNull();
    const lines = data as SubcontractingLine[];
    expect(lines.map((l) => l.id).sort()).toEqual(seeded);
    expect(lines[0]).toMatchObject({ month: '2026-10-01', market_title: 'EPR2 Penly — lot 1 (démo)', company_name: 'Bâtiment Normand (démo)', status: 'draft' });
    expect(lines.every((l) => /^\p{L}+ D\.$/u.test(l.participant_label))).toBe(true);
    const disputed = lines.find((l) => l.id === seeded[2]);
    expect(disputed).toMatchObject({ invoiced_amount_ht: 2400, hours: 40, siae_confirmation: 'disputed', siae_confirmation_reason: 'Facture de 2 000 € HT seulement pour octobre' });
  });

  it('no other role lists anything; anon may not call it', async () => {
    for (const client of [companyA, buyer, facilitatorDieppe, facilitatorAlpes]) {
      expect((await client.rpc('list_siae_subcontracting')).data).toEqual([]);
    }
    expect((await anon.rpc('list_siae_subcontracting')).error?.code).toBe('42501');
    expect(await outcome(local.db, 'anon', `select * from public.list_siae_subcontracting()`)).toBe('42501');
    expect(await outcome(local.db, 'siae', `select * from public.list_siae_subcontracting()`)).toBe('ok');
  });

  it('the SIAE confirms an amount, or disputes it with a reason', async () => {
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[0], p_decision: 'confirm' })).data).toBe('confirmed');
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'dispute' })).error))
      .toEqual({ status: 400, message: 'Indiquez pourquoi vous contestez ce montant.', hint: 'dispute_reason_required' });
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'dispute', p_reason: ' ' })).error).hint)
      .toBe('dispute_reason_required');
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'dispute', p_reason: 'Montant facturé : 2 500 €' })).data).toBe('disputed');
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'approve' })).error))
      .toMatchObject({ status: 400, hint: 'decision_invalid' });
    // A confirmation clears an earlier dispute's reason.
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[2], p_decision: 'confirm' })).data).toBe('confirmed');

    const lines = (await siae.rpc('list_siae_subcontracting')).data as SubcontractingLine[];
    const state = Object.fromEntries(lines.map((l) => [l.id, [l.siae_confirmation, l.siae_confirmation_reason]]));
    expect(state).toEqual({
      [seeded[0]!]: ['confirmed', null],
      [seeded[1]!]: ['disputed', 'Montant facturé : 2 500 €'],
      [seeded[2]!]: ['confirmed', null],
    });
    // The change is in the audit log, with the SIAE user as actor.
    const audit = await local.db.query<{ actor_user_id: string }>(
      `select actor_user_id from app.audit_log where table_name = 'hour_declarations' and action = 'update' and row_id = $1 and 'siae_confirmation' = any (changed_columns)`, [seeded[0]]);
    expect(audit.rows).toEqual([{ actor_user_id: users.siae }]);
  });

  it('when the company saves a new amount, the line is back to pending and the dispute reason goes', async () => {
    const participant = await scalar<string>(`select participant_id as v from app.hour_declarations where id = $1`, [seeded[1]]);
    const { error } = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-10-01', p_realisation_mode: 'subcontracting',
      p_invoiced_amount_ht: 2500, p_employer_id: siaeLittoral,
    });
    expect(error).toBeNull();
    const line = ((await siae.rpc('list_siae_subcontracting')).data as SubcontractingLine[]).find((l) => l.id === seeded[1]);
    expect(line).toMatchObject({ invoiced_amount_ht: 2500, siae_confirmation: 'pending', siae_confirmation_reason: null });
  });

  it('nobody else may confirm: other roles get “not found”, anon may not call it', async () => {
    for (const client of [companyA, buyer, facilitatorDieppe, facilitatorAlpes]) {
      expect(shown((await client.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'confirm' })).error))
        .toEqual({ status: 404, message: 'Cette déclaration est introuvable.', hint: 'declaration_not_found' });
    }
    expect((await anon.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'confirm' })).error?.code).toBe('42501');
    expect(await outcome(local.db, 'anon', `select public.confirm_subcontracting($1, 'confirm')`, [seeded[1]])).toBe('42501');
    expect(await scalar<string>(`select siae_confirmation as v from app.hour_declarations where id = $1`, [seeded[1]])).toBe('pending');
  });

  it('the SIAE cannot confirm a line naming another SIAE, nor a line that is not sub-contracting', async () => {
    const participant = await scalar<string>(`select participant_id as v from app.hour_declarations where id = $1`, [seeded[0]]);
    const other = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-03-01', p_realisation_mode: 'co_contracting',
      p_invoiced_amount_ht: 900, p_employer_id: siaeInterim,
    });
    expect(other.error).toBeNull();
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: other.data, p_decision: 'confirm' })).error).hint).toBe('declaration_not_found');
    const direct = await scalar<string>(`select id as v from app.hour_declarations where market_id = $1 and realisation_mode = 'direct_hire' limit 1`, [penlyLot1]);
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: direct, p_decision: 'confirm' })).error).hint).toBe('declaration_not_found');
  });

  it('a validated line can no longer be confirmed or disputed', async () => {
    const participant = await scalar<string>(`select participant_id as v from app.hour_declarations where id = $1`, [seeded[0]]);
    const saved = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-04-01', p_realisation_mode: 'subcontracting',
      p_invoiced_amount_ht: 600, p_employer_id: siaeLittoral,
    });
    expect(saved.error).toBeNull();
    expect((await companyA.rpc('submit_hour_declarations', { p_market_id: penlyLot1, p_month: '2026-04-01' })).data).toBe(1);
    expect((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: saved.data, p_decision: 'validate' })).data).toBe('validated');
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: saved.data, p_decision: 'dispute', p_reason: 'Trop tard ?' })).error))
      .toMatchObject({ status: 409, hint: 'declaration_validated' });
  });
});

interface ParticipantFile {
  id: string;
  first_name: string;
  last_name: string;
  territory_slug: string;
  eligibility: string[];
  eligibility_checked_at: string | null;
  eligibility_checked_by_me: boolean | null;
  parcours_started_on: string;
  parcours_ended_on: string | null;
  exits_from: string | null;
  parcours: Array<{ market_title: string; month: string; hours_validated: number; modes: string[] }>;
  exits: Array<{ milestone: string; observed_on: string; situation: string; category: string }>;
}

describe('participant’s file', () => {
  const acv1 = async () => scalar<string>(`select id as v from app.participants where last_name = 'Démo-ACV-1'`);

  it('the territory’s facilitator reads it: parcours, eligibility, exits', async () => {
    const id = await acv1();
    const { data, error } = await facilitatorDieppe.rpc('participant_file', { p_participant_id: id });
    expect(error).toBeNull();
    const file = data as ParticipantFile;
    expect(file).toMatchObject({ id, last_name: 'Démo-ACV-1', territory_slug: 'dieppe-maritime', parcours_ended_on: '2025-12-31', exits_from: '2025-12-31' });
    expect(file.parcours).toHaveLength(6);
    expect(file.parcours.every((p) => p.market_title.startsWith('Cœur de Ville') && p.hours_validated > 0)).toBe(true);
    expect(file.exits).toEqual([expect.objectContaining({ milestone: 'end', observed_on: '2025-12-31' })]);
  });

  it('nobody else reads it, not even the company that declared the person’s hours', async () => {
    const penlyParticipant = await scalar<string>(`select participant_id as v from app.hour_declarations where id = '${subcontractedLines.pending1}'`);
    for (const client of [facilitatorAlpes, companyA, buyer, siae]) {
      expect(shown((await client.rpc('participant_file', { p_participant_id: penlyParticipant })).error))
        .toEqual({ status: 404, message: 'Ce participant est introuvable.', hint: 'participant_not_found' });
    }
    expect((await anon.rpc('participant_file', { p_participant_id: penlyParticipant })).error?.code).toBe('42501');
  });
});

describe('eligibility check', () => {
  it('records the criteria retained, by whom and when', async () => {
    const id = await scalar<string>(`select id as v from app.participants where last_name = 'Démo-ACV-1'`);
    const { data, error } = await facilitatorDieppe.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['rsa', 'deld', 'rsa'] });
    expect(error).toBeNull();
    expect(Date.parse(data as string)).toBeGreaterThan(Date.now() - 60_000);
    const file = (await facilitatorDieppe.rpc('participant_file', { p_participant_id: id })).data as ParticipantFile;
    expect(file).toMatchObject({ eligibility: ['deld', 'rsa'], eligibility_checked_by_me: true });
    expect(file.eligibility_checked_at).not.toBeNull();
  });

  it('refuses no criterion, an unknown one, and another territory’s participant', async () => {
    const id = await scalar<string>(`select id as v from app.participants where last_name = 'Démo-ACV-2'`);
    expect(shown((await facilitatorDieppe.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: [] })).error))
      .toEqual({ status: 400, message: 'Cochez au moins un critère d’éligibilité.', hint: 'eligibility_required' });
    expect(shown((await facilitatorDieppe.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['rsa', 'nir'] })).error))
      .toMatchObject({ status: 400, hint: 'eligibility_invalid' });
    for (const client of [facilitatorAlpes, companyA]) {
      expect(shown((await client.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['rsa'] })).error).hint).toBe('participant_not_found');
    }
  });
});

describe('exits at the end, 6 and 12 months (DOMAIN.md §9)', () => {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const monthsAgo = (n: number, day = 1) => {
    const d = new Date();
    d.setUTCDate(day);
    d.setUTCMonth(d.getUTCMonth() - n);
    return iso(d);
  };
  const today = iso(new Date());

  /** A participant of Dieppe-Maritime whose parcours ended `endedMonthsAgo` months ago (or is running). */
  async function aParticipant(endedMonthsAgo: number | null): Promise<string> {
    const { rows } = await local.db.query<{ id: string }>(
      `insert into app.participants (territory_id, first_name, last_name, parcours_started_on, parcours_ended_on, is_demo)
       values ($1, 'Test', 'Sorties', $2, $3, true) returning id`,
      [dieppe, monthsAgo(30), endedMonthsAgo === null ? null : monthsAgo(endedMonthsAgo)]);
    return rows[0]!.id;
  }
  const record = (client: SupabaseClient, id: string, milestone: string, situation: string, observed: string) =>
    client.rpc('record_participant_exit', { p_participant_id: id, p_milestone: milestone, p_situation: situation, p_observed_on: observed });

  it('records the three milestones with their category; a second record corrects the first', async () => {
    const id = await aParticipant(13);
    expect((await record(facilitatorDieppe, id, 'end', 'cdd_under_6_months', monthsAgo(13))).data).toBe('emploi_transition');
    expect((await record(facilitatorDieppe, id, 'm6', 'qualifying_training', monthsAgo(7))).data).toBe('sortie_positive');
    expect((await record(facilitatorDieppe, id, 'm12', 'cdi', today)).data).toBe('emploi_durable');
    expect((await record(facilitatorDieppe, id, 'm12', 'job_seeker', today)).data).toBe('other');
    const file = (await facilitatorDieppe.rpc('participant_file', { p_participant_id: id })).data as ParticipantFile;
    expect(file.exits.map((e) => [e.milestone, e.situation, e.category])).toEqual([
      ['end', 'cdd_under_6_months', 'emploi_transition'],
      ['m6', 'qualifying_training', 'sortie_positive'],
      ['m12', 'job_seeker', 'other'],
    ]);
    const recordedBy = await local.db.query(`select distinct recorded_by from app.participant_exits where participant_id = $1`, [id]);
    expect(recordedBy.rows).toEqual([{ recorded_by: users.facilitatorDieppe }]);
  });

  it('files each situation of the page’s list under the category the database computes (DOMAIN.md §9)', async () => {
    const id = await aParticipant(13);
    const listed = exitSituationGroups.flatMap((g) => g.situations);
    expect([...listed].sort()).toEqual(Object.keys(exitSituationLabels).sort());
    for (const group of exitSituationGroups) {
      for (const situation of group.situations) {
        expect((await record(facilitatorDieppe, id, 'end', situation, monthsAgo(13))).data, situation).toBe(group.category);
      }
    }
  });

  it('the exit at the end of a running parcours ends it; the exits at 6 and 12 months then count from it', async () => {
    const id = await aParticipant(null);
    expect(shown((await record(facilitatorDieppe, id, 'm6', 'cdi', today)).error))
      .toMatchObject({ status: 409, hint: 'exit_parcours_not_ended' });
    expect((await record(facilitatorDieppe, id, 'end', 'interim_6_months_plus', monthsAgo(8))).data).toBe('emploi_durable');
    const file = (await facilitatorDieppe.rpc('participant_file', { p_participant_id: id })).data as ParticipantFile;
    expect(file).toMatchObject({ parcours_ended_on: monthsAgo(8), exits_from: monthsAgo(8) });
    expect((await record(facilitatorDieppe, id, 'm6', 'subsidised_contract', monthsAgo(1))).data).toBe('emploi_transition');
  });

  it('refuses an unknown milestone or situation, a future date, a date before the parcours, an observation too early', async () => {
    const id = await aParticipant(2);
    const cases: Array<[string, string, string, number, string]> = [
      ['m3', 'cdi', today, 400, 'exit_milestone_invalid'],
      ['end', 'cdi_maybe', today, 400, 'exit_situation_invalid'],
      ['end', 'cdi', '2999-01-01', 400, 'exit_date_invalid'],
      ['end', 'cdi', monthsAgo(40), 400, 'exit_date_invalid'],
      ['m6', 'cdi', today, 400, 'exit_too_early'],
      ['m12', 'cdi', today, 400, 'exit_too_early'],
    ];
    for (const [milestone, situation, observed, status, hint] of cases) {
      const { data, error } = await record(facilitatorDieppe, id, milestone, situation, observed);
      expect(data).toBeNull();
      const mapped = shown(error);
      expect({ status: mapped.status, hint: mapped.hint }).toEqual({ status, hint });
      expect(mapped.message).toMatch(/^[A-ZÀ-Ý].*\.$/u);
    }
    expect(await scalar<number>(`select count(*)::int as v from app.participant_exits where participant_id = $1`, [id])).toBe(0);
  });

  it('only the territory’s facilitator records an exit', async () => {
    const id = await aParticipant(13);
    for (const client of [facilitatorAlpes, companyA, buyer, siae]) {
      expect(shown((await record(client, id, 'end', 'cdi', monthsAgo(13))).error).hint).toBe('participant_not_found');
    }
    expect((await record(anon, id, 'end', 'cdi', monthsAgo(13))).error?.code).toBe('42501');
    expect(await scalar<number>(`select count(*)::int as v from app.participant_exits where participant_id = $1`, [id])).toBe(0);
  });
});

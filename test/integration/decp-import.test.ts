// DECP import (the open data of public contracts) through supabase-js `.rpc()` as the demo users:
// markets and their unknown organisations are created once, a re-import creates nothing, a market
// of another territory or with a wrong SIRET is skipped or refused, only the territory's
// facilitator may import. Each refusal is checked down to the French message and HTTP status the
// pages show (src/server/errors.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { shown } from '../support/shown.ts';
import { aDecpMarket, aSiret } from '../support/builders.ts';
import { importPayload, type DecpMarket } from '../../src/domain/decp.ts';
import { organisations, territories } from '../support/seed.ts';

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
const buyerCoeurDeVille = organisations.buyerCoeurDeVille; // the demo buyer account's organisation
const buyerEpr2 = organisations.buyerEpr2;

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await local.db.query<{ v: T }>(sql, params);
  return rows[0]!.v;
}

const siret = aSiret;
const aMarket = (overrides: Partial<DecpMarket> = {}) => aDecpMarket(overrides);

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

// The buyer's yearly summary, through supabase-js `.rpc()` as the demo users: its own markets'
// figures (people below the threshold hidden), never another buyer's, in French when refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { shown } from '../support/shown.ts';
import { aDecpMarket } from '../support/builders.ts';
import { importPayload } from '../../src/domain/decp.ts';
import { organisations } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let anon: SupabaseClient;
let facilitatorDieppe: SupabaseClient;
let companyA: SupabaseClient;
let buyer: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  anon = local.anon();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  buyer = await local.signIn('acheteur@demo.test');
  // A market imported from the DECP for the demo buyer's SIRET (as decp-import.test.ts does):
  // the 2026 summary lists it beside the three Cœur de Ville lots.
  const coeurDeVilleSiret = await scalar<string>(`select siret as v from app.organisations where id = $1`, [buyerCoeurDeVille]);
  const known = aDecpMarket({ buyer_siret: coeurDeVilleSiret, reference: '2026-TEST-2', decp_id: `${coeurDeVilleSiret}2026-TEST-2`, company_siret: null });
  const imported = await facilitatorDieppe.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: importPayload([known]) });
  expect(imported.error).toBeNull();
});
afterAll(async () => { await local.close(); });

const buyerCoeurDeVille = organisations.buyerCoeurDeVille; // the demo buyer account's organisation
const buyerEpr2 = organisations.buyerEpr2;

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await local.db.query<{ v: T }>(sql, params);
  return rows[0]!.v;
}

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

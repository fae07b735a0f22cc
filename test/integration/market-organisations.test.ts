// A market's buyer and company belong to its territory, through supabase-js `.rpc()` as the demo
// users: a forged organisation id (another territory's, or of the wrong kind) is refused on
// creation and on edit with the French message the form shows, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { fromDbError } from '../../src/server/errors.ts';
import { markets, organisations, territories } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
});
afterAll(async () => { await local.close(); });

const dieppe = territories.dieppe;
const penlyLot1 = markets.penlyLot1;
const dieppeBuyer = organisations.buyerCoeurDeVille;
const alpesBuyer = organisations.buyerOisans;

async function orgOf(kind: string, territory: string): Promise<string> {
  const { rows } = await local.db.query<{ id: string }>(
    `select id from app.organisations where kind = $1 and territory_id = $2 order by name limit 1`, [kind, territory]);
  return rows[0]!.id;
}

const market = (overrides: Record<string, unknown>) => ({
  p_territory_slug: 'dieppe-maritime', p_title: 'Voirie (test intégrité)', p_buyer_id: dieppeBuyer, p_clause_type: 'execution_condition',
  p_hours_due: 400, ...overrides,
});

describe('a market’s buyer and company belong to its territory', () => {
  it('creates a market with the territory’s own buyer and company', async () => {
    const company = await orgOf('company', dieppe);
    const { data, error } = await facilitatorDieppe.rpc('create_market', market({ p_company_id: company }));
    expect(error).toBeNull();
    expect(typeof data).toBe('string');
  });

  it('refuses another territory’s buyer, and a company given as buyer, writing nothing', async () => {
    const before = (await local.db.query(`select 1 from app.markets`)).rows.length;
    const forged = await facilitatorDieppe.rpc('create_market', market({ p_buyer_id: alpesBuyer }));
    expect(forged.error?.hint).toBe('buyer_invalid');
    expect(fromDbError(forged.error!)).toMatchObject({ status: 422, message: 'Choisissez l’acheteur dans la liste des acheteurs du territoire.' });
    const wrongKind = await facilitatorDieppe.rpc('create_market', market({ p_buyer_id: await orgOf('company', dieppe) }));
    expect(wrongKind.error?.hint).toBe('buyer_invalid');
    expect((await local.db.query(`select 1 from app.markets`)).rows.length).toBe(before);
  });

  it('refuses another territory’s company on creation and on edit', async () => {
    const alpesCompany = await orgOf('company', territories.alpes);
    const created = await facilitatorDieppe.rpc('create_market', market({ p_company_id: alpesCompany }));
    expect(created.error?.hint).toBe('company_invalid');
    expect(fromDbError(created.error!).status).toBe(422);

    const { rows: [lot1] } = await local.db.query<{ title: string; clause_type: string; company_id: string }>(
      `select title, clause_type, company_id from app.markets where id = $1`, [penlyLot1]);
    const edited = await facilitatorDieppe.rpc('update_market', {
      p_market_id: penlyLot1, p_title: lot1!.title, p_clause_type: lot1!.clause_type, p_company_id: alpesCompany,
    });
    expect(edited.error?.hint).toBe('company_invalid');
    const { rows: [after] } = await local.db.query<{ company_id: string }>(`select company_id from app.markets where id = $1`, [penlyLot1]);
    expect(after!.company_id).toBe(lot1!.company_id);
  });
});

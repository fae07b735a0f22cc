// Gaps closed by supabase/migrations/20261123000000_integrity_fixes.sql, through supabase-js
// `.rpc()` as the demo users: a market's buyer and company belong to its territory (a forged
// organisation id is refused with the French message the form shows), assignments are in the
// audit log with their territory, and the access-request export lists a person's markets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { fromDbError } from '../../src/server/errors.ts';
import { markets, organisations, territories, users } from '../support/seed.ts';

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

describe('assignments are audited and exported', () => {
  it('logs an assignment and its removal with the territory and the facilitator, and the export lists the market', async () => {
    const { rows: [person] } = await local.db.query<{ id: string }>(`
      insert into app.participants (territory_id, first_name, last_name, commune, eligibility, parcours_started_on)
      values ($1, 'Maëlle', 'Test-Intégrité', 'Dieppe', '{rsa}', date '2026-10-01') returning id`, [dieppe]);
    expect((await facilitatorDieppe.rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: person!.id })).error).toBeNull();

    const { data: exported, error } = await facilitatorDieppe.rpc('export_person_data', { p_first_name: 'Maëlle', p_last_name: 'test-intégrité' });
    expect(error).toBeNull();
    const participants = (exported as { participants: Array<{ markets: Array<{ market: string }> }> }).participants;
    expect(participants).toHaveLength(1);
    expect(participants[0]!.markets.map((m) => m.market)).toEqual([expect.stringContaining('Penly')]);

    // The participant's file lists the market, with the assignment date and no hours yet.
    const { data: onMarkets } = await facilitatorDieppe.rpc('participant_markets', { p_participant_id: person!.id });
    expect(onMarkets).toEqual([expect.objectContaining({ market_id: penlyLot1, hours_validated: 0, market_status: 'running' })]);
    expect((onMarkets as Array<{ assigned_on: string | null }>)[0]!.assigned_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const other = await local.signIn('facilitateur.alpes@demo.test');
    expect((await other.rpc('participant_markets', { p_participant_id: person!.id })).data).toEqual([]);

    expect((await facilitatorDieppe.rpc('unassign_participant', { p_market_id: penlyLot1, p_participant_id: person!.id })).error).toBeNull();
    const { rows: log } = await local.db.query<{ action: string; territory_id: string; actor_user_id: string; participant: string }>(`
      select action, territory_id, actor_user_id, coalesce(changes -> 'new' ->> 'participant_id', changes -> 'old' ->> 'participant_id') as participant
      from app.audit_log where table_name = 'market_assignments' order by id`);
    const mine = log.filter((l) => l.participant === person!.id);
    expect(mine.map((l) => l.action)).toEqual(['insert', 'delete']);
    expect(new Set(mine.map((l) => l.territory_id))).toEqual(new Set([dieppe]));
    expect(mine.every((l) => l.actor_user_id === users.facilitatorDieppe)).toBe(true);
  });
});

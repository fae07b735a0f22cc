// Who may do what: for each role × table or function × operation, the allowed case succeeds
// and the forbidden one is refused, including reading another territory's or organisation's rows.
// Tests are named after the rule they check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { outcome, rows, type Caller } from './as-role.ts';
import { markets, organisations, territories, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
beforeAll(async () => { local = await useLocalSupabase(); });
afterAll(async () => { await local.close(); });

const dieppe = territories.dieppe;
const alpes = territories.alpes;
const penlyLot1 = markets.penlyLot1; // company A's market
const penlyLot2 = markets.penlyLot2; // company B's market

async function count(caller: Caller, sql: string, params: unknown[] = []): Promise<number> {
  const result = await rows<{ n: number }>(local.db, caller, `select count(*)::int as n from (${sql}) s`, params);
  return result[0]?.n ?? -1;
}

describe('table reads, role by role', () => {
  // [table, anon, facilitator of Dieppe sees only Dieppe, company A sees only its own]
  const personal = ['app.participants', 'app.candidatures', 'app.hour_declarations', 'app.participant_exits', 'app.audit_log', 'app.outbox', 'app.memberships'];

  it.each(personal)('anon cannot read %s at all', async (table) => {
    expect(await outcome(local.db, 'anon', `select * from ${table} limit 1`)).toBe('42501');
  });

  it('anon reads published job offers and publications, not drafts', async () => {
    expect(await count('anon', `select * from app.job_offers`)).toBe(3);
    expect(await count('anon', `select * from app.job_offers where status <> 'published'`)).toBe(0);
    expect(await count('anon', `select * from app.publications`)).toBe(3);
  });

  it('anon cannot read markets or organisations directly', async () => {
    expect(await outcome(local.db, 'anon', `select * from app.markets`)).toBe('42501');
    expect(await outcome(local.db, 'anon', `select * from app.organisations`)).toBe('42501');
  });

  it('a facilitator reads the participants of their territory only', async () => {
    const all = await count('facilitatorDieppe', `select * from app.participants`);
    const own = await count('facilitatorDieppe', `select * from app.participants where territory_id = $1`, [dieppe]);
    expect(all).toBe(135);
    expect(own).toBe(all);
    expect(await count('facilitatorAlpes', `select * from app.participants where territory_id = $1`, [dieppe])).toBe(0);
    expect(await count('facilitatorAlpes', `select * from app.participants`)).toBe(8);
  });

  it('a facilitator reads the markets, declarations and audit log of their territory only', async () => {
    expect(await count('facilitatorAlpes', `select * from app.markets where territory_id = $1`, [dieppe])).toBe(0);
    expect(await count('facilitatorAlpes', `select * from app.markets`)).toBe(3);
    expect(await count('facilitatorAlpes', `select * from app.hour_declarations where market_id = $1`, [penlyLot1])).toBe(0);
    expect(await count('facilitatorDieppe', `select * from app.hour_declarations where market_id = $1`, [penlyLot1])).toBeGreaterThan(0);
    expect(await count('facilitatorAlpes', `select * from app.audit_log where territory_id = $1`, [dieppe])).toBe(0);
  });

  it('a company reads its own markets and declarations, never another company’s', async () => {
    expect(await count('companyA', `select * from app.markets`)).toBe(1);
    expect(await count('companyA', `select * from app.markets where id = $1`, [penlyLot2])).toBe(0);
    expect(await count('companyA', `select * from app.hour_declarations where market_id = $1`, [penlyLot2])).toBe(0);
    expect(await count('companyA', `select * from app.hour_declarations where market_id = $1`, [penlyLot1])).toBeGreaterThan(0);
  });

  it('a company sees only the participants it declared hours for', async () => {
    const seen = await count('companyA', `select * from app.participants`);
    const declared = await count('facilitatorDieppe', `select distinct participant_id from app.hour_declarations where market_id = $1`, [penlyLot1]);
    expect(seen).toBe(declared);
    expect(seen).toBeLessThan(135);
  });

  it('a buyer reads its own markets only', async () => {
    expect(await count('buyer', `select * from app.markets`)).toBe(3);
    expect(await count('buyer', `select * from app.markets where id = $1`, [penlyLot1])).toBe(0);
  });

  it('an SIAE or a prescriber reads no participant and no market of others', async () => {
    expect(await count('siae', `select * from app.participants`)).toBe(0);
    expect(await count('siae', `select * from app.markets`)).toBe(0);
    expect(await count('prescriber', `select * from app.candidatures where prescriber_organisation_id is distinct from '${organisations.missionLocale}'`)).toBe(0);
  });

  it('a member reads their own memberships, not other users’', async () => {
    expect(await count('companyA', `select * from app.memberships`)).toBe(1);
    expect(await count('companyB', `select * from app.memberships where user_id = '${users.companyA}'`)).toBe(0);
  });
});

describe('table writes, role by role', () => {
  it('anon cannot write hours, participants or publications', async () => {
    expect(await outcome(local.db, 'anon', `update app.hour_declarations set hours = 1`)).toBe('42501');
    expect(await outcome(local.db, 'anon', `insert into app.participants (territory_id, first_name, last_name, parcours_started_on) values ($1, 'X', 'Y', current_date)`, [dieppe])).toBe('42501');
    expect(await outcome(local.db, 'anon', `insert into app.publications (territory_id, year, figures) values ($1, 2026, '{}')`, [dieppe])).toBe('42501');
  });

  it('a facilitator cannot create a participant in another territory', async () => {
    const sql = `insert into app.participants (territory_id, first_name, last_name, parcours_started_on) values ($1, 'Démo', 'Test', current_date)`;
    expect(await outcome(local.db, 'facilitatorAlpes', sql, [alpes])).toBe('ok');
    expect(await outcome(local.db, 'facilitatorAlpes', sql, [dieppe])).toBe('42501');
  });

  it('a facilitator cannot publish for another territory, even by writing the table', async () => {
    const sql = `insert into app.publications (territory_id, year, figures, published_by) values ($1, 2026, '{}', $2)`;
    expect(await outcome(local.db, 'facilitatorAlpes', sql, [dieppe, users.facilitatorAlpes])).toBe('42501');
  });

  it('a company cannot mark its own hours validated', async () => {
    const sql = `update app.hour_declarations set status = 'validated', validated_at = now() where market_id = $1 and status = 'submitted'`;
    expect(await outcome(local.db, 'companyA', sql, [penlyLot1])).toBe('42501');
  });

  it('a validated line is immutable, even for the facilitator', async () => {
    const sql = `update app.hour_declarations set hours = hours + 1 where market_id = $1 and status = 'validated'`;
    expect(await outcome(local.db, 'facilitatorDieppe', sql, [penlyLot1])).toBe('PT409:declaration_validated');
  });

  it('nobody but the triggers writes the audit log', async () => {
    expect(await outcome(local.db, 'facilitatorDieppe', `insert into app.audit_log (table_name, row_id, action) values ('x', gen_random_uuid(), 'insert')`)).toBe('42501');
  });
});

describe('SECURITY DEFINER functions: who may call them', () => {
  it('anon may not call the membership helpers', async () => {
    expect(await outcome(local.db, 'anon', `select app.my_facilitated_territories()`)).toBe('42501');
    expect(await outcome(local.db, 'anon', `select app.my_organisations()`)).toBe('42501');
  });

  it('a signed-in user gets only their own scope from the membership helpers', async () => {
    expect(await rows(local.db, 'facilitatorAlpes', `select app.my_facilitated_territories() as id`)).toEqual([{ id: alpes }]);
    expect(await rows(local.db, 'companyA', `select app.my_facilitated_territories() as id`)).toEqual([]);
    expect(await rows(local.db, 'companyA', `select app.my_organisations() as id`)).toEqual([{ id: organisations.companyA }]);
  });

  it('the idempotency lookup returns only the row of the key given, and only its reference and fingerprint', async () => {
    const key = (await local.db.query<{ k: string }>(`select gen_random_uuid()::text as k`)).rows[0]?.k;
    expect(await rows(local.db, 'anon', `select * from app.candidature_by_idempotency_key($1)`, [key])).toEqual([]);
    await local.db.query(`insert into app.candidatures (reference, territory_id, first_name, last_name, email, commune,
      notice_acknowledged_at, idempotency_key, payload_hash) values ('CS-2026-TESTTEST', $1, 'A', 'B', 'a@b.test', 'X', now(), $2, 'hash-of-the-payload')`, [dieppe, key]);
    expect(await rows(local.db, 'anon', `select * from app.candidature_by_idempotency_key($1)`, [key]))
      .toEqual([{ reference: 'CS-2026-TESTTEST', payload_hash: 'hash-of-the-payload' }]);
  });

  it('the market helpers give each caller only the markets of their own capacity', async () => {
    for (const fn of ['my_facilitated_markets', 'my_company_markets', 'my_buyer_markets', 'my_company_participants']) {
      expect(await outcome(local.db, 'anon', `select app.${fn}()`)).toBe('42501');
    }
    const facilitated = await rows<{ id: string }>(local.db, 'facilitatorDieppe', `select app.my_facilitated_markets() as id`);
    expect(facilitated.map((r) => r.id)).toContain(penlyLot1);
    expect(await rows(local.db, 'facilitatorAlpes', `select 1 from app.my_facilitated_markets() id where id = $1`, [penlyLot1])).toEqual([]);
    expect(await rows(local.db, 'companyA', `select app.my_company_markets() as id`)).toEqual([{ id: penlyLot1 }]);
    expect(await rows(local.db, 'companyA', `select app.my_facilitated_markets() as id`)).toEqual([]);
    expect(await rows(local.db, 'companyA', `select app.my_buyer_markets() as id`)).toEqual([]);
    expect(await count('companyA', `select app.my_company_participants()`)).toBeGreaterThan(0);
    expect(await count('facilitatorDieppe', `select app.my_company_participants()`)).toBe(0);
  });

  it('the publication figures are computed for the territory’s facilitators only', async () => {
    const sql = `select app.compute_publication_figures($1, 2025) -> 'annee' as year`;
    expect(await rows(local.db, 'facilitatorDieppe', sql, [dieppe])).toEqual([{ year: 2025 }]);
    expect(await outcome(local.db, 'facilitatorAlpes', sql, [dieppe])).toBe('42501:not_territory_facilitator');
    expect(await outcome(local.db, 'companyA', sql, [dieppe])).toBe('42501:not_territory_facilitator');
    expect(await outcome(local.db, 'anon', sql, [dieppe])).toBe('42501');
  });

  it('nobody may call the tally trigger function directly', async () => {
    expect(await outcome(local.db, 'facilitatorDieppe', `select app.tally_market_month_hours()`)).toMatch(/^(42501|0A000|42883)/);
  });

  it('nobody may call the audit trigger function directly', async () => {
    expect(await outcome(local.db, 'facilitatorDieppe', `select app.audit_row()`)).toMatch(/^(42501|0A000|42883)/);
    expect(await outcome(local.db, 'anon', `select app.audit_row()`)).toMatch(/^(42501|0A000|42883)/);
  });
});

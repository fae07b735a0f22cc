// The ids of test/support/seed.ts name the rows of supabase/seed.sql they say: a seed that
// changes an id, or a row's role, fails here rather than in every test that relies on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTemplateDatabase } from '../support/local-supabase.ts';
import { candidatures, markets, offers, operations, organisations, subcontractedLines, territories, users } from '../support/seed.ts';
import type { PGlite } from '@electric-sql/pglite';

let db: PGlite;
beforeAll(async () => { db = await openTemplateDatabase(); });
afterAll(async () => { await db.close(); });

async function found(table: string, ids: Record<string, string>): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`select id from ${table} where id = any ($1::uuid[])`, [Object.values(ids)]);
  const present = new Set(rows.map((r) => r.id));
  return Object.entries(ids).filter(([, id]) => !present.has(id)).map(([name]) => name);
}

describe('the seed ids of the tests', () => {
  it.each([
    ['app.territories', territories], ['app.organisations', organisations], ['auth.users', users], ['app.operations', operations],
    ['app.markets', markets], ['app.job_offers', offers], ['app.hour_declarations', subcontractedLines], ['app.candidatures', candidatures],
  ] as const)('every id named for %s is a row of the seed', async (table, ids) => {
    expect(await found(table, ids)).toEqual([]);
  });

  it('the demo accounts are members of the organisations their comments name', async () => {
    const { rows } = await db.query<{ user_id: string; organisation_id: string }>(`select user_id, organisation_id from app.memberships`);
    const memberOf = (user: string) => rows.filter((r) => r.user_id === user).map((r) => r.organisation_id);
    expect(memberOf(users.facilitatorDieppe)).toEqual([organisations.serviceDieppe]);
    expect(memberOf(users.companyA)).toEqual([organisations.companyA]);
    expect(memberOf(users.companyB)).toEqual([organisations.companyB]);
    expect(memberOf(users.buyer)).toEqual([organisations.buyerCoeurDeVille]);
    expect(memberOf(users.siae)).toEqual([organisations.siaeLittoral]);
    expect(memberOf(users.prescriber)).toEqual([organisations.missionLocale]);
  });

  it('company A holds EPR2 Penly lot 1 and company B lot 2, in Dieppe-Maritime', async () => {
    const { rows } = await db.query(`select id, company_id, territory_id from app.markets where id = any ($1::uuid[]) order by id`, [[markets.penlyLot1, markets.penlyLot2]]);
    expect(rows).toEqual([
      { id: markets.penlyLot1, company_id: organisations.companyA, territory_id: territories.dieppe },
      { id: markets.penlyLot2, company_id: organisations.companyB, territory_id: territories.dieppe },
    ]);
  });
});

describe('the seed’s accounts as Supabase Auth reads them', () => {
  it('have the token columns set to an empty string, never NULL (else sign-in fails with « Database error querying schema », supabase/auth#1940)', async () => {
    const { rows } = await db.query<{ email: string }>(`
      select email from auth.users
      where confirmation_token is null or recovery_token is null or email_change_token_new is null or email_change is null`);
    expect(rows).toEqual([]);
    expect((await db.query(`select 1 from auth.users`)).rows.length).toBeGreaterThan(0);
  });
});

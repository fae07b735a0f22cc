// Small-cell suppression (DOMAIN.md §10), applied when a publication is made. Each case is one
// that would leak a count of persons below K = 11 if the rule were missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalSupabase } from '../support/local-supabase.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
beforeAll(async () => { local = await useLocalSupabase(); });
afterAll(async () => { await local.close(); });

async function additive(cells: Record<string, number>) {
  const { rows } = await local.db.query<{ r: Record<string, number | null> }>(`select app.suppress_additive($1::jsonb, 11) as r`, [JSON.stringify(cells)]);
  return rows[0]?.r;
}

describe('counts of persons', () => {
  it('suppresses a count below 11', async () => {
    expect(await additive({ femmes: 10, hommes: 30, non_renseigne: 15 })).toMatchObject({ femmes: null });
  });

  it('publishes a count of exactly 11', async () => {
    expect(await additive({ femmes: 11, hommes: 30 })).toEqual({ femmes: 11, hommes: 30 });
  });

  it('suppresses a second cell so that a lone secret cannot be recomputed from the total', async () => {
    // Without secondary suppression: femmes = 47 - 30 - 12 = 5.
    expect(await additive({ femmes: 5, hommes: 30, non_renseigne: 12 })).toEqual({ femmes: null, hommes: 30, non_renseigne: null });
  });

  it('does not hide a large cell only to protect a zero', async () => {
    expect(await additive({ femmes: 0, hommes: 30, non_renseigne: 25 })).toEqual({ femmes: null, hommes: 30, non_renseigne: 25 });
  });

  it('suppresses an overlapping count whose complement to the total is below 11', async () => {
    // "35 of the 40 participants receive the RSA" publishes that 5 do not.
    const { rows } = await local.db.query<{ r: Record<string, number | null> }>(
      `select app.suppress_overlapping('{"rsa": 35, "deld": 20, "rqth": 3}'::jsonb, 40, 11) as r`);
    expect(rows[0]?.r).toEqual({ rsa: null, deld: 20, rqth: null });
  });

  it('suppresses every overlapping count when the total itself is secret', async () => {
    const { rows } = await local.db.query<{ r: Record<string, number | null> }>(
      `select app.suppress_overlapping('{"rsa": 5}'::jsonb, null, 11) as r`);
    expect(rows[0]?.r).toEqual({ rsa: null });
  });
});

describe('figures about companies', () => {
  it.each([
    ['two companies', '{100,100}', false],
    ['one company above 85 %', '{900,50,50}', false],
    ['three companies, none dominant', '{40,30,30}', true],
  ])('%s → publishable: %s', async (_case, hours, ok) => {
    const { rows } = await local.db.query<{ ok: boolean }>(`select app.company_rule_ok($1::numeric[], 3, 0.85) as ok`, [hours]);
    expect(rows[0]?.ok).toBe(ok);
  });
});

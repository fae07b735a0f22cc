// Supabase's role statement timeouts (anon 3 s, authenticated 8 s, service_role authenticator's
// 8 s) on the embedded engine: a call that runs past its role's limit fails with PostgREST's 57014
// and writes nothing, as in production, through the unchanged supabase-js client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimeout, roleTimeouts } from '../../src/local-supabase/statement-timeout.ts';
import type { LocalSupabaseForTests } from '../support/local-supabase.ts';
import { ALICE, useFixture } from './fixture.ts';

let local: LocalSupabaseForTests;
beforeAll(async () => {
  local = await useFixture();
  // Writes a row, then sleeps: a timed-out call must leave no row behind.
  await local.db.exec(`
    create table app.slow_calls (id bigint generated always as identity primary key, seconds numeric not null, caller text not null);
    create function public.test_slow(p_seconds numeric) returns integer
    language plpgsql security definer set search_path = '' as $$
    begin
      insert into app.slow_calls (seconds, caller) values (p_seconds, current_setting('request.jwt.claim.role', true));
      perform pg_sleep(p_seconds::double precision);
      return (select count(*)::int from app.slow_calls);
    end
    $$;
    revoke execute on function public.test_slow(numeric) from public, anon, authenticated, service_role;
    grant execute on function public.test_slow(numeric) to anon, authenticated;`);
});
afterAll(async () => {
  await local.close();
});

const rowsFor = async (seconds: number): Promise<number> =>
  (await local.db.query<{ n: number }>('select count(*)::int as n from app.slow_calls where seconds = $1', [seconds])).rows[0]?.n ?? -1;

const timedOut = { code: '57014', message: 'canceling statement due to statement timeout', details: null, hint: null };

describe('statement timeouts of the API roles', () => {
  it('reads each role\'s limit from the catalogue; service_role keeps authenticator\'s', async () => {
    const timeouts = await roleTimeouts(local.db);
    expect(timeouts('anon')).toEqual({ setting: '3s', ms: 3000 });
    expect(timeouts('authenticated')).toEqual({ setting: '8s', ms: 8000 });
    expect(timeouts('service_role')).toEqual({ setting: '8s', ms: 8000 });
  });

  it('reads a setting as Postgres does (milliseconds without a unit)', () => {
    expect(parseTimeout('3s').ms).toBe(3000);
    expect(parseTimeout('200ms').ms).toBe(200);
    expect(parseTimeout('1500').ms).toBe(1500);
    expect(parseTimeout('2min').ms).toBe(120_000);
    expect(parseTimeout('0').ms).toBe(0);
  });

  it('anon: a call within 3 s succeeds, one past 3 s fails with 57014 and writes nothing', async () => {
    const quick = await local.anon().rpc('test_slow', { p_seconds: 0.1 });
    expect(quick.error).toBeNull();
    expect(quick.status).toBe(200);
    expect(await rowsFor(0.1)).toBe(1);

    const response = await fetch(`${local.url}/rest/v1/rpc/test_slow`, {
      method: 'POST', headers: { apikey: local.anonKey, 'content-type': 'application/json' }, body: '{"p_seconds": 3.2}',
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('proxy-status')).toBe('PostgREST; error=57014');
    expect(await response.json()).toEqual(timedOut);
    expect(await rowsFor(3.2)).toBe(0);
  }, 15_000);

  it('authenticated: 3.2 s is within its 8 s; 8.2 s fails with 57014 and writes nothing', async () => {
    const alice = await local.signIn(ALICE.email);
    const within = await alice.rpc('test_slow', { p_seconds: 3.2 });
    expect(within.error).toBeNull();
    expect(within.status).toBe(200);
    expect(await rowsFor(3.2)).toBe(1);

    const past = await alice.rpc('test_slow', { p_seconds: 8.2 });
    expect(past.status).toBe(500);
    expect(past.error).toMatchObject(timedOut);
    expect(past.data).toBeNull();
    expect(await rowsFor(8.2)).toBe(0);
  }, 25_000);
});

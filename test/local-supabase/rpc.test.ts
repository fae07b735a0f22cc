// The PostgREST part of the stand-in, through the unchanged supabase-js client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import { LOCAL_JWT_SECRET, signJwt } from '../../src/local-supabase/jwt.ts';
import type { LocalSupabaseForTests } from '../support/local-supabase.ts';
import { ALICE, BOB, useFixture } from './fixture.ts';

let local: LocalSupabaseForTests;
beforeAll(async () => {
  local = await useFixture();
});
afterAll(async () => {
  await local.close();
});

const clientWithToken = (jwt: string) => createClient(local.url, local.anonKey, {
  auth: { persistSession: false, autoRefreshToken: false },
  global: { headers: { Authorization: `Bearer ${jwt}` } },
});

const postRpc = (name: string, body: string, headers: Record<string, string> = { apikey: local.anonKey }) =>
  fetch(`${local.url}/rest/v1/rpc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('calling functions', () => {
  it('passes named arguments and returns a scalar', async () => {
    const { data, error, status } = await local.anon().rpc('add_them', { a: 2, b: 40 });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toBe(42);
  });

  it('takes the default of an omitted argument', async () => {
    expect((await local.anon().rpc('greet', { p_name: 'Ada' })).data).toBe('Bonjour, Ada');
    expect((await local.anon().rpc('greet', { p_name: 'Ada', p_greeting: 'Salut' })).data).toBe('Salut, Ada');
  });

  it('converts JSON arguments to the declared types, as PostgREST does', async () => {
    const { data, error } = await local.anon().rpc('echo_types', {
      p_amount: '12.30', p_day: '2026-03-01', p_at: '2026-03-01T10:00:00+02:00', p_tags: ['a', 'b'], p_payload: { nested: [1, null] },
    });
    expect(error).toBeNull();
    expect(data).toEqual({ amount: 12.3, day: '2026-03-01', at: '2026-03-01T08:00:00+00:00', tags: ['a', 'b'], payload: { nested: [1, null] }, flag: false });
  });

  it('sends the JSON Postgres wrote (numeric scale kept)', async () => {
    const response = await postRpc('exact_amount', '{}');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe('1.50');
  });

  it('returns a set as a JSON array, empty sets included', async () => {
    expect((await local.anon().rpc('series', { n: 3 })).data).toEqual([1, 2, 3]);
    expect((await local.anon().rpc('series', { n: 0 })).data).toEqual([]);
  });

  it('returns a composite as an object and a table as an array of objects', async () => {
    const alice = await local.signIn(ALICE.email);
    const { data: note, error } = await alice.rpc('add_note', { p_body: 'first', p_amount: 10 });
    expect(error).toBeNull();
    expect(note).toMatchObject({ body: 'first', amount: 10, owner: ALICE.id });
    const { data: notes } = await alice.rpc('my_notes');
    expect(notes).toEqual([{ id: note.id, body: 'first', amount: 10, owner: ALICE.id }]);
  });

  it('answers 204 without a body for a void function', async () => {
    const { data, error, status } = await local.anon().rpc('touch');
    expect(error).toBeNull();
    expect(status).toBe(204);
    expect(data).toBeNull();
  });

  it('supports GET with query parameters, read-only', async () => {
    expect((await local.anon().rpc('add_them', { a: 1, b: 2 }, { get: true })).data).toBe(3);
    const { data } = await local.anon().rpc('request_info', {}, { get: true });
    expect(data).toMatchObject({ method: 'GET', read_only: 'on' });
  });

  it('sets the role, the JWT claims and the request settings like PostgREST', async () => {
    const { data: anon } = await local.anon().rpc('request_info');
    expect(anon).toMatchObject({ current_user: 'anon', uid: null, role: 'anon', jwt_role: 'anon', method: 'POST', path: '/rest/v1/rpc/request_info' });
    expect(anon.client_info).toMatch(/^supabase-js/);
    const { data: service } = await local.service().rpc('request_info');
    expect(service).toMatchObject({ current_user: 'service_role', role: 'service_role' });
    const { data: alice } = await (await local.signIn(ALICE.email)).rpc('request_info');
    expect(alice).toMatchObject({ current_user: 'authenticated', uid: ALICE.id, role: 'authenticated' });
  });

  it('runs STABLE functions read-only even with POST (405, 25006)', async () => {
    const { error, status } = await local.anon().rpc('stable_but_writes');
    expect(status).toBe(405);
    expect(error?.code).toBe('25006');
  });
});

describe('row level security', () => {
  it('refuses anon by policy (42501 → 401)', async () => {
    const { error, status } = await local.anon().rpc('add_note', { p_body: 'anonymous' });
    expect(status).toBe(401);
    expect(error?.code).toBe('42501');
    expect(error?.message).toMatch(/row-level security/);
  });

  it('shows a signed-in user their own rows only', async () => {
    const bob = await local.signIn(BOB.email);
    await bob.rpc('add_note', { p_body: 'from bob' });
    const alice = await local.signIn(ALICE.email);
    await alice.rpc('add_note', { p_body: 'from alice' });
    const { data: bobs } = await bob.rpc('my_notes');
    expect(bobs.map((n: { body: string }) => n.body)).toEqual(['from bob']);
    const { data: alices } = await alice.rpc('my_notes');
    expect(alices.every((n: { owner: string }) => n.owner === ALICE.id)).toBe(true);
    expect((await local.anon().rpc('my_notes')).data).toEqual([]);
  });

  it('lets service_role bypass RLS', async () => {
    const { rows } = await local.db.query<{ n: number }>('select count(*)::int as n from app.notes');
    expect((await local.service().rpc('notes_count')).data).toBe(rows[0]?.n);
    expect(rows[0]?.n).toBeGreaterThan(1);
  });

  it('refuses a function without EXECUTE: 401 for anon, 403 for a signed-in user', async () => {
    const anon = await local.anon().rpc('no_grant');
    expect([anon.status, anon.error?.code]).toEqual([401, '42501']);
    const alice = await (await local.signIn(ALICE.email)).rpc('no_grant');
    expect([alice.status, alice.error?.code]).toEqual([403, '42501']);
  });
});

describe('errors in PostgREST shape', () => {
  it.each([
    ['P0001', 400],
    ['22023', 400],
    ['23514', 400],
    ['23505', 409],
    ['PT404', 404],
    ['PT422', 422],
    ['40001', 500],
    ['P0002', 500],
  ])('SQLSTATE %s → HTTP %i, with the hint', async (code, status) => {
    const { error, status: actual } = await local.anon().rpc('raise_error', { p_code: code, p_hint: 'machine_key' });
    expect(actual).toBe(status);
    expect(error).toMatchObject({ code, hint: 'machine_key', message: `raised ${code}`, details: 'some detail' });
  });

  it('maps a unique violation to 409', async () => {
    expect((await local.anon().rpc('add_code', { p_code: 'X' })).error).toBeNull();
    const { error, status } = await local.anon().rpc('add_code', { p_code: 'X' });
    expect(status).toBe(409);
    expect(error?.code).toBe('23505');
  });

  it('maps a bad argument value to 400 (22P02)', async () => {
    const { error, status } = await local.anon().rpc('add_them', { a: 'not a number', b: 1 });
    expect([status, error?.code]).toEqual([400, '22P02']);
  });

  it('answers PGRST202 for an unknown function or argument set', async () => {
    const unknown = await local.anon().rpc('does_not_exist', { x: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.does_not_exist(x) in the schema cache',
    });
    const wrongArgs = await local.anon().rpc('add_them', { a: 1, c: 2 });
    expect(wrongArgs.status).toBe(404);
    expect(wrongArgs.error?.code).toBe('PGRST202');
    expect(wrongArgs.error?.hint).toBe('Perhaps you meant to call the function public.add_them(a, b)');
    const missing = await local.anon().rpc('add_them', { a: 1 });
    expect(missing.error?.code).toBe('PGRST202');
  });

  it('refuses a body that is not a JSON object (PGRST102)', async () => {
    const response = await postRpc('add_them', '{not json');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' });
  });

  it('refuses a forged or expired JWT with 401', async () => {
    const forged = signJwt({ role: 'service_role', exp: 4_000_000_000 }, 'another-secret-another-secret-another-secret');
    const a = await clientWithToken(forged).rpc('add_them', { a: 1, b: 1 });
    expect([a.status, a.error?.code]).toEqual([401, 'PGRST301']);
    const expired = signJwt({ role: 'authenticated', sub: ALICE.id, exp: Math.floor(Date.now() / 1000) - 10 }, LOCAL_JWT_SECRET);
    const b = await clientWithToken(expired).rpc('add_them', { a: 1, b: 1 });
    expect([b.status, b.error?.code, b.error?.message]).toEqual([401, 'PGRST303', 'JWT expired']);
    const unknownRole = signJwt({ role: 'postgres', exp: 4_000_000_000 });
    expect((await clientWithToken(unknownRole).rpc('add_them', { a: 1, b: 1 })).status).toBe(401);
  });

  it('requires an apikey, as the gateway does', async () => {
    const response = await postRpc('add_them', '{"a":1,"b":1}', {});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'No API key found in request' });
    const invalid = await postRpc('add_them', '{"a":1,"b":1}', { apikey: 'nope' });
    expect(invalid.status).toBe(401);
  });

  it('survives malformed requests', async () => {
    const headers = { apikey: local.anonKey, 'content-type': 'application/json' };
    const responses = await Promise.all([
      fetch(`${local.url}/rest/v1/rpc/%E0%A4%A`, { method: 'POST', headers, body: '{}' }),
      fetch(`${local.url}/rest/v1/rpc/add_them`, { method: 'POST', headers, body: '[1, 2]' }),
      fetch(`${local.url}/rest/v1/rpc/add_them`, { method: 'DELETE', headers }),
      fetch(`${local.url}/auth/v1/token?grant_type=password`, { method: 'POST', headers, body: 'email=x' }),
      fetch(`${local.url}/auth/v1/token?grant_type=magic`, { method: 'POST', headers, body: '{}' }),
      fetch(`${local.url}/auth/v1/user`, { headers }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([404, 400, 405, 400, 400, 401]);
    for (const response of responses) expect(await response.json()).toBeTypeOf('object');
    expect((await local.anon().rpc('add_them', { a: 1, b: 1 })).data).toBe(2);
  });

  it('answers unknown routes with 404 JSON and CORS preflights with 204', async () => {
    const unknown = await fetch(`${local.url}/storage/v1/object/x`, { headers: { apikey: local.anonKey } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toHaveProperty('message');
    const preflight = await fetch(`${local.url}/rest/v1/rpc/add_them`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-client-info');
  });
});

describe('transactions', () => {
  it('leaves nothing written when a function fails half-way', async () => {
    const before = await local.db.query<{ codes: number; value: number }>(
      `select (select count(*)::int from app.unique_codes) as codes, (select value from app.counter) as value`);
    const { error, status } = await local.anon().rpc('write_then_fail', { p_code: 'half-way' });
    expect([status, error?.hint]).toEqual([400, 'write_then_fail']);
    const after = await local.db.query<{ codes: number; value: number }>(
      `select (select count(*)::int from app.unique_codes) as codes, (select value from app.counter) as value`);
    expect(after.rows).toEqual(before.rows);
  });

  it('serves 200 concurrent calls from mixed callers without mixing them', async () => {
    const start = (await local.db.query<{ value: number }>('select value from app.counter')).rows[0]?.value ?? 0;
    const alice = await local.signIn(ALICE.email);
    const bob = await local.signIn(BOB.email);
    const callers = [
      { client: local.anon(), uid: null, role: 'anon' },
      { client: alice, uid: ALICE.id, role: 'authenticated' },
      { client: bob, uid: BOB.id, role: 'authenticated' },
      { client: local.service(), uid: null, role: 'service_role' },
    ];
    const calls = Array.from({ length: 200 }, (_, i) => callers[i % callers.length]!);
    const results = await Promise.all(calls.map(async (caller) => ({ caller, ...(await caller.client.rpc('bump')) })));
    for (const { caller, data, error } of results) {
      expect(error).toBeNull();
      expect({ uid: data.uid, role: data.role }).toEqual({ uid: caller.uid, role: caller.role });
    }
    const counts = results.map((r) => r.data.count as number).sort((x, y) => x - y);
    expect(counts).toEqual(Array.from({ length: 200 }, (_, i) => start + i + 1));
    const { rows } = await local.db.query<{ value: number }>('select value from app.counter');
    expect(rows[0]?.value).toBe(start + 200);
  });
});

// The admin users endpoints of the stand-in (POST and GET /auth/v1/admin/users), through the
// unchanged supabase-js client where it has a method (auth.admin.createUser, listUsers), as
// GoTrue answers them: the service key only, 422 email_exists for an address already taken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import type { LocalSupabaseForTests } from '../support/local-supabase.ts';
import { ALICE, useFixture } from './fixture.ts';

let local: LocalSupabaseForTests;
beforeAll(async () => { local = await useFixture(); });
afterAll(async () => { await local.close(); });

const newClient = () => createClient(local.url, local.anonKey, { auth: { persistSession: false, autoRefreshToken: false } });

async function usersWithEmail(email: string): Promise<number> {
  return (await local.db.query<{ n: number }>(`select count(*)::int as n from auth.users where lower(email) = lower($1)`, [email])).rows[0]!.n;
}

describe('POST /auth/v1/admin/users', () => {
  it('creates a confirmed user with its metadata and e-mail identity, as createUser expects', async () => {
    const { data, error } = await local.service().auth.admin.createUser({
      email: 'Claire.Nouvelle@Example.test', email_confirm: true, user_metadata: { display_name: 'Claire Nouvelle' },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      aud: 'authenticated', role: 'authenticated', email: 'claire.nouvelle@example.test',
      app_metadata: { provider: 'email', providers: ['email'] }, user_metadata: { display_name: 'Claire Nouvelle' }, is_anonymous: false,
    });
    expect(data.user?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.user?.email_confirmed_at).toEqual(expect.any(String));
    expect(data.user?.identities).toEqual([expect.objectContaining({ provider: 'email', user_id: data.user?.id, email: 'claire.nouvelle@example.test' })]);

    // No password: the person signs in with a link received by e-mail.
    expect((await newClient().auth.signInWithOtp({ email: 'claire.nouvelle@example.test', options: { shouldCreateUser: false } })).error).toBeNull();
    const { error: passwordError } = await newClient().auth.signInWithPassword({ email: 'claire.nouvelle@example.test', password: '' });
    expect(passwordError).not.toBeNull();
  });

  it('sets a password when one is given (at least 12 characters), and leaves the address unconfirmed unless asked', async () => {
    const service = local.service();
    const weak = await service.auth.admin.createUser({ email: 'court@example.test', password: 'court' });
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' });
    const { data, error } = await service.auth.admin.createUser({ email: 'mot.de.passe@example.test', password: 'un-long-mot-de-passe-1' });
    expect(error).toBeNull();
    expect(data.user?.email_confirmed_at).toBeNull();
    const signIn = await newClient().auth.signInWithPassword({ email: 'mot.de.passe@example.test', password: 'un-long-mot-de-passe-1' });
    expect(signIn.error).toMatchObject({ code: 'email_not_confirmed' });
  });

  it('answers 422 email_exists for an address already taken, whatever its case, and creates nothing', async () => {
    const { data, error } = await local.service().auth.admin.createUser({ email: ALICE.email.toUpperCase(), email_confirm: true });
    expect(data.user).toBeNull();
    expect(error).toMatchObject({ name: 'AuthApiError', status: 422, code: 'email_exists' });
    expect(await usersWithEmail(ALICE.email)).toBe(1);
  });

  it('refuses an invalid address', async () => {
    const { error } = await local.service().auth.admin.createUser({ email: 'pas-une-adresse', email_confirm: true });
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('refuses anyone but the service key: the anon key, a signed-in user, no token', async () => {
    const anon = await newClient().auth.admin.createUser({ email: 'anon@example.test', email_confirm: true });
    expect(anon.error).toMatchObject({ status: 403, code: 'not_admin' });

    const alice = await local.signIn(ALICE.email);
    const token = (await alice.auth.getSession()).data.session?.access_token ?? '';
    const asUser = createClient(local.url, local.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false }, global: { headers: { Authorization: `Bearer ${token}` } },
    });
    const user = await asUser.auth.admin.createUser({ email: 'user@example.test', email_confirm: true });
    expect(user.error).toMatchObject({ status: 403, code: 'not_admin' });

    const bare = await fetch(`${local.url}/auth/v1/admin/users`, {
      method: 'POST', headers: { apikey: local.serviceRoleKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' },
      body: JSON.stringify({ email: 'bare@example.test' }),
    });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ code: 'no_authorization' });

    for (const email of ['anon@example.test', 'user@example.test', 'bare@example.test']) expect(await usersWithEmail(email)).toBe(0);
  });
});

describe('GET /auth/v1/admin/users', () => {
  it('lists users a page at a time, as listUsers reads them', async () => {
    const { data, error } = await local.service().auth.admin.listUsers({ page: 1, perPage: 2 });
    expect(error).toBeNull();
    expect(data.users).toHaveLength(2);
    expect(data).toMatchObject({ nextPage: 2, total: expect.any(Number) });
    expect((await newClient().auth.admin.listUsers()).error).toMatchObject({ status: 403, code: 'not_admin' });
  });

  it('filters on part of the e-mail', async () => {
    const response = await fetch(`${local.url}/auth/v1/admin/users?filter=${encodeURIComponent(ALICE.email)}&per_page=50`, {
      headers: { apikey: local.serviceRoleKey, Authorization: `Bearer ${local.serviceRoleKey}` },
    });
    expect(response.status).toBe(200);
    const body = await response.json() as { users: Array<{ id: string; email: string }>; aud: string };
    expect(body.users.map((u) => u.email)).toEqual([ALICE.email]);
    expect(body.users[0]?.id).toBe(ALICE.id);
    expect(response.headers.get('x-total-count')).toBe('1');
  });
});

// The Supabase Auth part of the stand-in, through the unchanged supabase-js client.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PASSWORD } from '../../src/local-supabase/demo.ts';
import type { LocalSupabaseForTests } from '../support/local-supabase.ts';
import { ALICE, BOB, UNCONFIRMED, useFixture } from './fixture.ts';

let local: LocalSupabaseForTests;
beforeAll(async () => {
  local = await useFixture();
});
afterAll(async () => {
  await local.close();
});

const newClient = () => createClient(local.url, local.anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
const payload = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));

async function session(client: SupabaseClient) {
  const { data } = await client.auth.getSession();
  if (!data.session) throw new Error('no session');
  return data.session;
}

describe('password sign-in', () => {
  it('returns a session supabase-js accepts, with Supabase access-token claims', async () => {
    const client = newClient();
    const before = Math.floor(Date.now() / 1000);
    const { data, error } = await client.auth.signInWithPassword({ email: ALICE.email, password: DEMO_PASSWORD });
    expect(error).toBeNull();
    expect(data.session).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(data.session?.expires_at).toBeGreaterThanOrEqual(before + 3600);
    expect(data.user).toMatchObject({
      id: ALICE.id, aud: 'authenticated', role: 'authenticated', email: ALICE.email,
      app_metadata: { provider: 'email', providers: ['email'] }, user_metadata: { name: 'Alice' }, is_anonymous: false,
    });
    const claims = payload(data.session?.access_token ?? '');
    expect(claims).toMatchObject({
      aud: 'authenticated', iss: `${local.url}/auth/v1`, sub: ALICE.id, email: ALICE.email, phone: '', role: 'authenticated',
      aal: 'aal1', app_metadata: { provider: 'email', providers: ['email'] }, user_metadata: { name: 'Alice' }, is_anonymous: false,
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records last_sign_in_at', async () => {
    await local.db.query(`update auth.users set last_sign_in_at = null where id = $1`, [BOB.id]);
    await local.signIn(BOB.email);
    const { rows } = await local.db.query<{ recent: boolean }>(`select last_sign_in_at > now() - interval '1 minute' as recent from auth.users where id = $1`, [BOB.id]);
    expect(rows[0]?.recent).toBe(true);
  });

  it("refuses a wrong password or unknown email with GoTrue's error", async () => {
    for (const [email, password] of [[ALICE.email, 'wrong password'], ['nobody@example.test', DEMO_PASSWORD]] as const) {
      const { data, error } = await newClient().auth.signInWithPassword({ email, password });
      expect(data.session).toBeNull();
      expect(error).toMatchObject({ name: 'AuthApiError', status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
    }
  });

  it('answers the legacy error shape to clients without an API version', async () => {
    const response = await fetch(`${local.url}/auth/v1/token?grant_type=password`, {
      method: 'POST', headers: { apikey: local.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: ALICE.email, password: 'wrong' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
  });

  it('refuses an unconfirmed email', async () => {
    const { error } = await newClient().auth.signInWithPassword({ email: UNCONFIRMED.email, password: DEMO_PASSWORD });
    expect(error).toMatchObject({ status: 400, code: 'email_not_confirmed' });
  });
});

describe('session', () => {
  it('getUser returns the signed-in user', async () => {
    const client = await local.signIn(ALICE.email);
    const { data, error } = await client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: ALICE.id, email: ALICE.email });
  });

  it('refresh rotates the refresh token and keeps the session', async () => {
    const client = await local.signIn(ALICE.email);
    const first = await session(client);
    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    const second = data.session;
    expect(second?.refresh_token).not.toBe(first.refresh_token);
    expect(payload(second?.access_token ?? '').session_id).toBe(payload(first.access_token).session_id);
    expect((await client.rpc('request_info')).data).toMatchObject({ uid: ALICE.id });

    // A concurrent refresh with the token just rotated gets the current one (GoTrue's reuse interval)...
    const retry = await newClient().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(retry.error).toBeNull();
    expect(retry.data.session?.refresh_token).toBe(second?.refresh_token);

    // ...but reusing it later is a replay: refused, and the whole session is revoked.
    await local.db.query(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [first.refresh_token]);
    const replay = await newClient().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(replay.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
    const after = await newClient().auth.refreshSession({ refresh_token: second?.refresh_token ?? '' });
    expect(after.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
  });

  it('refuses an unknown refresh token', async () => {
    const { error } = await newClient().auth.refreshSession({ refresh_token: 'unknown' });
    expect(error).toMatchObject({ status: 400, code: 'refresh_token_not_found', message: 'Invalid Refresh Token: Refresh Token Not Found' });
  });

  it('signOut revokes the session: no refresh, no getUser; PostgREST still honours the JWT until it expires', async () => {
    const client = await local.signIn(BOB.email);
    const { access_token: access, refresh_token: refresh } = await session(client);
    const { error } = await client.auth.signOut();
    expect(error).toBeNull();
    expect((await newClient().auth.refreshSession({ refresh_token: refresh })).error?.code).toBe('refresh_token_not_found');
    const user = await fetch(`${local.url}/auth/v1/user`, {
      headers: { apikey: local.anonKey, authorization: `Bearer ${access}`, 'x-supabase-api-version': '2024-01-01' },
    });
    expect(user.status).toBe(403);
    expect(await user.json()).toEqual({ code: 'session_not_found', message: 'Session from session_id claim in JWT does not exist' });
    expect((await newClient().auth.getUser(access)).error?.name).toBe('AuthSessionMissingError');
    const stillValid = createClient(local.url, local.anonKey, { global: { headers: { Authorization: `Bearer ${access}` } }, auth: { persistSession: false } });
    expect((await stillValid.rpc('request_info')).data).toMatchObject({ uid: BOB.id });
  });

  it("signOut({ scope: 'local' }) leaves the user's other sessions alone; global ends them all", async () => {
    const laptop = await local.signIn(ALICE.email);
    const phone = await local.signIn(ALICE.email);
    const phoneRefresh = (await session(phone)).refresh_token;
    await laptop.auth.signOut({ scope: 'local' });
    const refreshed = await newClient().auth.refreshSession({ refresh_token: phoneRefresh });
    expect(refreshed.error).toBeNull();
    const tablet = await local.signIn(ALICE.email);
    await tablet.auth.signOut();
    const ended = await newClient().auth.refreshSession({ refresh_token: refreshed.data.session?.refresh_token ?? '' });
    expect(ended.error?.code).toBe('refresh_token_not_found');
  });

  it('refuses getUser with a bad token', async () => {
    const { error } = await newClient().auth.getUser('not.a.jwt');
    expect(error).toMatchObject({ status: 403, code: 'bad_jwt' });
  });
});

describe('magic link', () => {
  const mailDir = fileURLToPath(new URL('../../.data/mail/', import.meta.url));

  /** The newest magic-link e-mail written for `email`, and the token hash its link carries. */
  async function lastMagicLink(email: string): Promise<{ text: string; tokenHash: string }> {
    const files = (await readdir(mailDir)).filter((f) => f.startsWith('auth-'));
    const mails = await Promise.all(files.map(async (f) => JSON.parse(await readFile(`${mailDir}${f}`, 'utf8')) as { to: string; text: string; at: string }));
    const mail = mails.filter((m) => m.to === email).sort((a, b) => b.at.localeCompare(a.at))[0];
    if (!mail) throw new Error(`no magic link for ${email}`);
    return { text: mail.text, tokenHash: /token_hash=([0-9a-f]+)/.exec(mail.text)?.[1] ?? '' };
  }

  it('e-mails a link to the site that signs in once, as verifyOtp({ token_hash }) expects', async () => {
    const client = newClient();
    const { error } = await client.auth.signInWithOtp({ email: BOB.email, options: { shouldCreateUser: false } });
    expect(error).toBeNull();
    const mail = await lastMagicLink(BOB.email);
    expect(mail.text).toContain('http://localhost:4321/espace/connexion/lien/?token_hash=');
    expect(mail.tokenHash).toMatch(/^[0-9a-f]{56}$/);

    const { data, error: verifyError } = await newClient().auth.verifyOtp({ token_hash: mail.tokenHash, type: 'email' });
    expect(verifyError).toBeNull();
    expect(data.user?.email).toBe(BOB.email);
    expect(payload(data.session?.access_token ?? '')).toMatchObject({ sub: BOB.id, amr: [{ method: 'otp' }] });

    const again = await newClient().auth.verifyOtp({ token_hash: mail.tokenHash, type: 'email' });
    expect(again.error?.code).toBe('otp_expired');
    expect(again.data.session).toBeNull();
  });

  it('a second request replaces the first link; an unknown address gets no e-mail and no account', async () => {
    await newClient().auth.signInWithOtp({ email: BOB.email, options: { shouldCreateUser: false } });
    const first = await lastMagicLink(BOB.email);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await newClient().auth.signInWithOtp({ email: BOB.email, options: { shouldCreateUser: false } });
    const second = await lastMagicLink(BOB.email);
    expect(second.tokenHash).not.toBe(first.tokenHash);
    expect((await newClient().auth.verifyOtp({ token_hash: first.tokenHash, type: 'email' })).error?.code).toBe('otp_expired');
    expect((await newClient().auth.verifyOtp({ token_hash: second.tokenHash, type: 'email' })).error).toBeNull();

    const unknown = await newClient().auth.signInWithOtp({ email: 'personne@exemple.test', options: { shouldCreateUser: false } });
    expect(unknown.error?.code).toBe('otp_disabled');
    const { rows } = await local.db.query(`select 1 from auth.users where email = 'personne@exemple.test'`);
    expect(rows).toHaveLength(0);
  });
});

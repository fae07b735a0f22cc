// Partner sign-in: the Supabase session lives in httpOnly, Secure, SameSite=Lax cookies, read
// and refreshed on the server only. Forms posted from another site are refused by Astro's
// origin check (security.checkOrigin; docs/decisions/2026-12-02-astro-actions.md).
import type { AstroCookies } from 'astro';
import { createClient } from '@supabase/supabase-js';
import type { Database } from './database.types.ts';
import { serverEnv } from './env.ts';
import { userClient, type Db } from './supabase.ts';

const ACCESS = 'cs_access';
const REFRESH = 'cs_refresh';
export const ORGANISATION = 'cs_org';

export interface Membership {
  organisation_id: string;
  organisation_name: string;
  organisation_kind: string;
  role: string;
  territory_slug: string | null;
  territory_name: string | null;
}

export interface PartnerSession {
  userId: string;
  email: string;
  db: Db;
  memberships: Membership[];
  current: Membership | null;
}

function cookieOptions(secure: boolean, maxAge: number) {
  return { httpOnly: true, secure, sameSite: 'lax' as const, path: '/', maxAge };
}

function authClient() {
  const env = serverEnv();
  return createClient<Database>(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

function store(cookies: AstroCookies, secure: boolean, access: string, refresh: string): void {
  cookies.set(ACCESS, access, cookieOptions(secure, 60 * 60));
  cookies.set(REFRESH, refresh, cookieOptions(secure, 60 * 60 * 24 * 7));
}

/** Password sign-in; false when the credentials are wrong. */
export async function signIn(cookies: AstroCookies, secure: boolean, email: string, password: string): Promise<boolean> {
  const { data, error } = await authClient().auth.signInWithPassword({ email, password });
  if (error || !data.session) return false;
  store(cookies, secure, data.session.access_token, data.session.refresh_token);
  return true;
}

export type MagicLinkRequest = 'sent' | 'rate_limited';

/**
 * E-mails a sign-in link to an existing partner account (never creates one). The answer does not
 * say whether the address has an account; only a rate limit is reported.
 */
export async function requestMagicLink(email: string): Promise<MagicLinkRequest> {
  const { error } = await authClient().auth.signInWithOtp({ email, options: { shouldCreateUser: false } });
  return error?.status === 429 ? 'rate_limited' : 'sent';
}

/** Opens a session from the link's token hash; false when the link is invalid, used or expired. */
export async function signInWithMagicLink(cookies: AstroCookies, secure: boolean, tokenHash: string): Promise<boolean> {
  const { data, error } = await authClient().auth.verifyOtp({ token_hash: tokenHash, type: 'email' });
  if (error || !data.session) return false;
  store(cookies, secure, data.session.access_token, data.session.refresh_token);
  return true;
}

export async function signOut(cookies: AstroCookies): Promise<void> {
  const access = cookies.get(ACCESS)?.value;
  // The server holds no session object, so the token is revoked through the logout endpoint
  // directly: this session's refresh token stops working, other devices stay signed in.
  if (access) await authClient().auth.admin.signOut(access, 'local').catch(() => undefined);
  // cs_csrf: the CSRF token cookie of earlier versions, removed from browsers that still hold it.
  for (const name of [ACCESS, REFRESH, 'cs_csrf', ORGANISATION]) cookies.delete(name, { path: '/' });
}

/** The signed-in partner, refreshing an expired access token; null when signed out. */
export async function readSession(cookies: AstroCookies, secure: boolean): Promise<PartnerSession | null> {
  let access = cookies.get(ACCESS)?.value;
  const refresh = cookies.get(REFRESH)?.value;
  const auth = authClient();
  let user = access ? (await auth.auth.getUser(access)).data.user : null;
  if (!user && refresh) {
    const { data } = await auth.auth.refreshSession({ refresh_token: refresh });
    if (data.session && data.user) {
      store(cookies, secure, data.session.access_token, data.session.refresh_token);
      access = data.session.access_token;
      user = data.user;
    }
  }
  if (!user || !access) return null;
  const db = userClient(access);
  const { data: memberships } = await db.rpc('my_memberships');
  const list: Membership[] = memberships ?? [];
  const chosen = cookies.get(ORGANISATION)?.value;
  const current = list.find((m) => m.organisation_id === chosen) ?? list[0] ?? null;
  return { userId: user.id, email: user.email ?? '', db, memberships: list, current };
}

/**
 * For a Netlify Function outside Astro: a database client acting as the partner signed in on
 * this browser (its access cookie, verified), or null when nobody is, or the token has expired
 * (the function then acts anonymously; the page refreshes tokens, not the function).
 */
export async function partnerClientFromRequest(request: Request): Promise<Db | null> {
  const cookie = request.headers.get('cookie') ?? '';
  const access = cookie.split(';').map((c) => c.trim().split('=')).find(([name]) => name === ACCESS)?.[1];
  if (!access) return null;
  const { data } = await authClient().auth.getUser(decodeURIComponent(access));
  return data.user ? userClient(decodeURIComponent(access)) : null;
}

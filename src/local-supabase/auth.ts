// The subset of Supabase Auth (GoTrue) the app uses, on auth.users / auth.refresh_tokens:
//   POST /auth/v1/token?grant_type=password|refresh_token, GET /auth/v1/user, POST /auth/v1/logout,
//   POST /auth/v1/otp (magic link by e-mail, written to a folder instead of sent), POST /auth/v1/verify,
//   POST|GET /auth/v1/admin/users (create a user, find users; the service key only),
//   POST /auth/v1/admin/generate_link (a magic link returned, not sent; the service key only)
// Access tokens carry Supabase's claims; refresh tokens rotate, with GoTrue's reuse interval.
// Errors take GoTrue's shape for the API version the client announces (supabase-js: 2024-01-01).
import type { IncomingHttpHeaders } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { signJwt, verifyJwt, type Claims } from './jwt.ts';
import { jsonReply, ReplyError, type Reply } from './reply.ts';

const ACCESS_TOKEN_SECONDS = 3600;
const REFRESH_TOKEN_REUSE_SECONDS = 10;

export interface AuthRequest {
  headers: IncomingHttpHeaders;
  /** The issuer of access tokens: `<url>/auth/v1`. */
  issuer: string;
}

/** GoTrue's error body: `{ code, message }` from API version 2024-01-01 on, `{ code, error_code, msg }` before. */
export function authError(request: AuthRequest, status: number, errorCode: string, message: string): ReplyError {
  const version = request.headers['x-supabase-api-version'];
  const versioned = typeof version === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(version) && version >= '2024-01-01';
  return new ReplyError(versioned
    ? jsonReply(status, { code: errorCode, message }, { 'x-supabase-api-version': '2024-01-01', 'x-sb-error-code': errorCode })
    : jsonReply(status, { code: status, error_code: errorCode, msg: message }, { 'x-sb-error-code': errorCode }));
}

interface User {
  id: string;
  email: string;
  role: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
}

// The user as GoTrue returns it.
const userJson = `json_build_object(
  'id', u.id, 'aud', coalesce(nullif(u.aud, ''), 'authenticated'), 'role', coalesce(nullif(u.role, ''), 'authenticated'),
  'email', u.email, 'email_confirmed_at', u.email_confirmed_at, 'phone', '', 'confirmed_at', u.email_confirmed_at,
  'last_sign_in_at', u.last_sign_in_at,
  'app_metadata', coalesce(u.raw_app_meta_data, '{"provider": "email", "providers": ["email"]}'),
  'user_metadata', coalesce(u.raw_user_meta_data, '{}'),
  'identities', coalesce((select json_agg(json_build_object('identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id,
      'identity_data', i.identity_data, 'provider', i.provider, 'last_sign_in_at', i.last_sign_in_at,
      'created_at', i.created_at, 'updated_at', i.updated_at, 'email', i.identity_data ->> 'email'))
    from auth.identities i where i.user_id = u.id), '[]'),
  'created_at', u.created_at, 'updated_at', u.updated_at, 'is_anonymous', u.is_anonymous)`;

async function readUser(tx: Transaction | PGlite, id: string): Promise<User | undefined> {
  const { rows } = await tx.query<{ user: User }>(`select ${userJson} as user from auth.users u where u.id = $1 and u.deleted_at is null`, [id]);
  return rows[0]?.user;
}

/** A new access token for the session, with a new refresh token unless `refreshToken` is given. */
async function issueSession(tx: Transaction, request: AuthRequest, userId: string, sessionId: string, refreshToken?: string, method = 'password'): Promise<Reply> {
  const user = await readUser(tx, userId);
  if (!user) throw authError(request, 400, 'user_not_found', 'User not found');
  const refresh = refreshToken ?? randomBytes(24).toString('base64url');
  if (!refreshToken) {
    await tx.query(`insert into auth.refresh_tokens (token, user_id, session_id) values ($1, $2, $3)`, [refresh, userId, sessionId]);
  }
  // amr keeps the time of the sign-in that opened the session.
  const { rows } = await tx.query<{ signed_in: number }>(
    `select extract(epoch from min(created_at))::int as signed_in from auth.refresh_tokens where session_id = $1`, [sessionId]);
  const now = Math.floor(Date.now() / 1000);
  const accessToken = signJwt({
    aud: 'authenticated', exp: now + ACCESS_TOKEN_SECONDS, iat: now, iss: request.issuer, sub: user.id, email: user.email, phone: '',
    app_metadata: user.app_metadata, user_metadata: user.user_metadata, role: user.role, aal: 'aal1',
    amr: [{ method, timestamp: rows[0]?.signed_in ?? now }], session_id: sessionId, is_anonymous: false,
  });
  return jsonReply(200, {
    access_token: accessToken, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS, expires_at: now + ACCESS_TOKEN_SECONDS,
    refresh_token: refresh, user,
  });
}

async function passwordGrant(tx: Transaction, request: AuthRequest, body: Record<string, unknown>): Promise<Reply> {
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  const { rows } = await tx.query<{ id: string; password_ok: boolean; banned: boolean; confirmed: boolean }>(`
    select id, coalesce(encrypted_password like '$2%' and encrypted_password = extensions.crypt($2, encrypted_password), false) as password_ok,
           coalesce(banned_until > now(), false) as banned, email_confirmed_at is not null as confirmed
    from auth.users where lower(email) = lower($1) and deleted_at is null`, [email, password]);
  const found = rows[0];
  if (!found || !found.password_ok) throw authError(request, 400, 'invalid_credentials', 'Invalid login credentials');
  if (found.banned) throw authError(request, 400, 'user_banned', 'User is banned');
  if (!found.confirmed) throw authError(request, 400, 'email_not_confirmed', 'Email not confirmed');
  await tx.query(`update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1`, [found.id]);
  return issueSession(tx, request, found.id, randomUUID());
}

async function refreshGrant(tx: Transaction, request: AuthRequest, body: Record<string, unknown>): Promise<Reply> {
  const token = typeof body.refresh_token === 'string' ? body.refresh_token : '';
  const { rows } = await tx.query<{ user_id: string; session_id: string; revoked: boolean; recently: boolean }>(`
    select user_id, session_id, revoked, updated_at > now() - make_interval(secs => $2) as recently
    from auth.refresh_tokens where token = $1`, [token, REFRESH_TOKEN_REUSE_SECONDS]);
  const found = rows[0];
  const active = found
    ? (await tx.query<{ token: string }>(`select token from auth.refresh_tokens where session_id = $1 and not revoked order by id desc limit 1`,
      [found.session_id])).rows[0]
    : undefined;
  if (!found || !active) throw authError(request, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  if (!found.revoked) {
    await tx.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1`, [token]);
    return issueSession(tx, request, found.user_id, found.session_id);
  }
  // A token rotated moments ago (concurrent refreshes): the session's current token, unrotated.
  if (found.recently) return issueSession(tx, request, found.user_id, found.session_id, active.token);
  // Reuse of an old token: GoTrue revokes the whole session (committed, hence returned, not thrown).
  await tx.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and not revoked`, [found.session_id]);
  return authError(request, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used').reply;
}

export async function token(db: PGlite, request: AuthRequest, grant: string | null, body: Record<string, unknown>): Promise<Reply> {
  if (grant !== 'password' && grant !== 'refresh_token') {
    throw authError(request, 400, 'validation_failed', 'unsupported_grant_type');
  }
  return db.transaction((tx) => (grant === 'password' ? passwordGrant(tx, request, body) : refreshGrant(tx, request, body)));
}

/** The verified claims of the Authorization bearer token (GoTrue's requireAuthentication). */
function bearerToken(request: AuthRequest): Claims {
  const header = request.headers.authorization ?? '';
  const match = /^bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw authError(request, 401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  const check = verifyJwt(match[1]);
  if (!check.ok) {
    const why = check.reason === 'expired' ? 'token has invalid claims: token is expired' : 'signature is invalid';
    throw authError(request, 403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${why}`);
  }
  return check.claims;
}

/** The claims of a user's access token: a bearer token with a subject. */
function bearerClaims(request: AuthRequest): Claims & { sub: string } {
  const claims = bearerToken(request);
  const { sub } = claims;
  if (typeof sub !== 'string' || sub === '') throw authError(request, 403, 'bad_jwt', 'invalid claim: missing sub claim');
  return { ...claims, sub };
}

/** A session exists while one of its refresh tokens is unrevoked (sign-out revokes them all). */
async function requireSession(db: PGlite, request: AuthRequest, claims: Claims): Promise<string> {
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : '';
  const { rows } = await db.query(`select 1 from auth.refresh_tokens where session_id::text = $1 and not revoked limit 1`, [sessionId]);
  if (rows.length === 0) throw authError(request, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  return sessionId;
}

export async function currentUser(db: PGlite, request: AuthRequest): Promise<Reply> {
  const claims = bearerClaims(request);
  await requireSession(db, request, claims);
  const user = await readUser(db, claims.sub);
  if (!user) throw authError(request, 403, 'user_not_found', 'User from sub claim in JWT does not exist');
  return jsonReply(200, user);
}

/** scope: global (every session of the user, supabase-js' default), local (this one), others. */
export async function logout(db: PGlite, request: AuthRequest, scope: string | null): Promise<Reply> {
  const claims = bearerClaims(request);
  const sessionId = await requireSession(db, request, claims);
  const [where, params] = scope === 'local' ? ['session_id::text = $1', [sessionId]]
    : scope === 'others' ? ['user_id = $1 and session_id::text <> $2', [claims.sub, sessionId]]
      : ['user_id = $1', [claims.sub]];
  await db.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where not revoked and ${where}`, params);
  return { status: 204 };
}

// ---- Magic link -------------------------------------------------------------------------------

const MAGIC_LINK_SECONDS = 3600;

export interface MailSettings {
  /** The site the link opens ({{ .SiteURL }} of the template). */
  siteUrl: string;
  /** Folder where the e-mail is written as JSON ({ to, subject, text, at }), like the app's local mailer. */
  mailDir: string;
  /** The magic-link template of supabase/config.toml. */
  templatePath: string;
  subject: string;
}

/** The template as plain text: links as "label : url", tags dropped, entities decoded. */
function templateText(html: string): string {
  return html
    .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, '$2 : $1')
    .replace(/<\/(p|h\d)>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A fresh sign-in token for the account, its hash stored as GoTrue does (the previous one dropped); verified by POST /verify. */
async function storeMagicLinkToken(db: PGlite, userId: string, email: string): Promise<string> {
  const tokenHash = createHash('sha224').update(email + randomBytes(16).toString('hex')).digest('hex');
  await db.transaction(async (tx) => {
    await tx.query(`delete from auth.one_time_tokens where user_id = $1 and token_type = 'magiclink_token'`, [userId]);
    await tx.query(`insert into auth.one_time_tokens (user_id, token_type, token_hash, relates_to) values ($1, 'magiclink_token', $2, $3)`,
      [userId, tokenHash, email]);
  });
  return tokenHash;
}

/**
 * POST /otp { email, create_user: false }: GoTrue stores a hash of a fresh token and e-mails the
 * template with {{ .TokenHash }}; here the e-mail is written to `mail.mailDir`. Unknown address
 * with create_user false: 422 otp_disabled, as GoTrue answers.
 */
export async function sendMagicLink(db: PGlite, request: AuthRequest, body: Record<string, unknown>, mail: MailSettings): Promise<Reply> {
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (!email) throw authError(request, 422, 'validation_failed', 'Only an email address or phone number should be provided');
  const { rows } = await db.query<{ id: string }>(
    `select id from auth.users where lower(email) = $1 and deleted_at is null and coalesce(banned_until <= now(), true)`, [email]);
  const user = rows[0];
  if (!user) throw authError(request, 422, 'otp_disabled', 'Signups not allowed for otp');
  const tokenHash = await storeMagicLinkToken(db, user.id, email);
  const html = (await readFile(mail.templatePath, 'utf8'))
    .replaceAll('{{ .SiteURL }}', mail.siteUrl.replace(/\/$/, ''))
    .replaceAll('{{ .TokenHash }}', tokenHash);
  await mkdir(mail.mailDir, { recursive: true });
  await writeFile(`${mail.mailDir}/auth-${randomUUID()}.json`,
    JSON.stringify({ to: email, subject: mail.subject, text: templateText(html), at: new Date().toISOString() }, null, 2));
  return jsonReply(200, {});
}

/** POST /verify { type: 'email' | 'magiclink', token_hash }: the session, once, within the hour. */
export async function verifyMagicLink(db: PGlite, request: AuthRequest, body: Record<string, unknown>): Promise<Reply> {
  const type = body.type;
  const tokenHash = typeof body.token_hash === 'string' ? body.token_hash : '';
  if (type !== 'email' && type !== 'magiclink') throw authError(request, 400, 'validation_failed', 'Verify requires a verification type');
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ user_id: string }>(`
      delete from auth.one_time_tokens
      where token_hash = $1 and token_type = 'magiclink_token' and created_at > now() - make_interval(secs => $2)
      returning user_id`, [tokenHash, MAGIC_LINK_SECONDS]);
    const userId = rows[0]?.user_id;
    if (!userId) throw authError(request, 403, 'otp_expired', 'Email link is invalid or has expired');
    await tx.query(`update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), last_sign_in_at = now(), updated_at = now() where id = $1`, [userId]);
    return issueSession(tx, request, userId, randomUUID(), undefined, 'otp');
  });
}

// ---- Admin: users (service role only) ---------------------------------------------------------

/** supabase/config.toml: minimum_password_length. */
const MINIMUM_PASSWORD_LENGTH = 12;
const EMAIL_FORMAT = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** GoTrue's requireAdmin: a valid bearer token whose role is an admin role (the service key). */
function requireAdmin(request: AuthRequest): void {
  const { role } = bearerToken(request);
  if (role !== 'service_role' && role !== 'supabase_admin') throw authError(request, 403, 'not_admin', 'User not allowed');
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * POST /admin/users { email, email_confirm?, password?, user_metadata?, app_metadata? }
 * (supabase-js auth.admin.createUser): the new user, with its e-mail identity, as GoTrue returns
 * it. An address already taken: 422 email_exists. E-mails are stored lower-case, as GoTrue does.
 */
export async function createUser(db: PGlite, request: AuthRequest, body: Record<string, unknown> | undefined): Promise<Reply> {
  requireAdmin(request);
  if (!body) throw authError(request, 400, 'bad_json', 'Could not parse request body as JSON');
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (!EMAIL_FORMAT.test(email) || email.length > 255) {
    throw authError(request, 400, 'validation_failed', 'Unable to validate email address: invalid format');
  }
  const password = typeof body.password === 'string' && body.password !== '' ? body.password : undefined;
  if (password !== undefined && password.length < MINIMUM_PASSWORD_LENGTH) {
    throw authError(request, 422, 'weak_password', `Password should be at least ${MINIMUM_PASSWORD_LENGTH} characters.`);
  }
  const userMetadata = isObject(body.user_metadata) ? body.user_metadata : {};
  const appMetadata = { ...(isObject(body.app_metadata) ? body.app_metadata : {}), provider: 'email', providers: ['email'] };
  return db.transaction(async (tx) => {
    const { rows: taken } = await tx.query(`select 1 from auth.users where lower(email) = $1`, [email]);
    if (taken.length > 0) throw authError(request, 422, 'email_exists', 'A user with this email address has already been registered');
    const id = randomUUID();
    await tx.query(`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
        confirmation_token, recovery_token, email_change_token_new, email_change,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
        case when $3::text is null then '' else extensions.crypt($3::text, extensions.gen_salt('bf')) end,
        case when $4 then now() end, '', '', '', '', $5, $6, now(), now())`,
    [id, email, password ?? null, body.email_confirm === true, JSON.stringify(appMetadata), JSON.stringify(userMetadata)]);
    await tx.query(`insert into auth.identities (provider_id, user_id, identity_data, provider) values ($1, $2, $3, 'email')`,
      [id, id, JSON.stringify({ sub: id, email, email_verified: body.email_confirm === true, phone_verified: false })]);
    const user = await readUser(tx, id);
    return jsonReply(200, user);
  });
}

/**
 * POST /admin/generate_link { type: 'magiclink', email } (supabase-js auth.admin.generateLink): a
 * sign-in link for an existing account, returned instead of e-mailed, as GoTrue answers (the
 * user's fields with action_link, email_otp, hashed_token, redirect_to, verification_type). The
 * token is the one POST /otp stores, verified by POST /verify. Unknown address: 404 user_not_found.
 */
export async function generateLink(db: PGlite, request: AuthRequest, body: Record<string, unknown> | undefined, mail: MailSettings): Promise<Reply> {
  requireAdmin(request);
  if (!body) throw authError(request, 400, 'bad_json', 'Could not parse request body as JSON');
  if (body.type !== 'magiclink') throw authError(request, 400, 'validation_failed', 'Only the magiclink type is supported here');
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  const { rows } = await db.query<{ id: string }>(`select id from auth.users where lower(email) = $1 and deleted_at is null`, [email]);
  const user = rows[0];
  if (!user) throw authError(request, 404, 'user_not_found', 'User not found');
  const tokenHash = await storeMagicLinkToken(db, user.id, email);
  const site = mail.siteUrl.replace(/\/$/, '');
  return jsonReply(200, {
    ...(await readUser(db, user.id)),
    action_link: `${site}/espace/connexion/lien/?token_hash=${tokenHash}`,
    email_otp: '', hashed_token: tokenHash, redirect_to: site, verification_type: 'magiclink',
  });
}

/**
 * GET /admin/users?page=&per_page=&filter= : a page of users, newest first, as GoTrue answers
 * ({ users, aud }, with x-total-count and link headers). `filter` matches part of the e-mail
 * (case-sensitive LIKE, as GoTrue) or of user_metadata.full_name.
 */
export async function listUsers(db: PGlite, request: AuthRequest, query: URLSearchParams): Promise<Reply> {
  requireAdmin(request);
  const whole = (name: string, fallback: number) => {
    const value = Number(query.get(name) || fallback);
    if (!Number.isInteger(value) || value < 1) throw authError(request, 400, 'validation_failed', `Bad Pagination Parameters: ${name}`);
    return value;
  };
  const page = whole('page', 1);
  const perPage = whole('per_page', 50);
  const filter = query.get('filter') ?? '';
  const where = `u.deleted_at is null and ($1 = '' or u.email like '%' || $1 || '%' or u.raw_user_meta_data ->> 'full_name' ilike '%' || $1 || '%')`;
  const { rows } = await db.query<{ user: User }>(
    `select ${userJson} as user from auth.users u where ${where} order by u.created_at desc, u.id limit $2 offset $3`,
    [filter, perPage, (page - 1) * perPage]);
  const { rows: counted } = await db.query<{ total: number }>(`select count(*)::int as total from auth.users u where ${where}`, [filter]);
  const total = counted[0]?.total ?? 0;
  const last = Math.max(1, Math.ceil(total / perPage));
  const link = (p: number, rel: string) => `</admin/users?page=${p}&per_page=${perPage}>; rel="${rel}"`;
  const links = [...(page < last ? [link(page + 1, 'next')] : []), link(last, 'last')];
  return jsonReply(200, { users: rows.map((r) => r.user), aud: 'authenticated' }, { 'x-total-count': String(total), link: links.join(', ') });
}

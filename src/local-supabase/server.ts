// A small local stand-in for the Supabase endpoints the app uses, so the unchanged supabase-js
// client works against the embedded database:
//   POST|GET /rest/v1/rpc/<fn>     the way PostgREST runs it (one transaction, role and JWT claims)
//   POST /auth/v1/token            password and refresh_token grants (GoTrue's shapes)
//   GET  /auth/v1/user, POST /auth/v1/logout
// PGlite has one connection: requests are served one at a time, in arrival order.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY, signJwt, verifyJwt, type Claims } from './jwt.ts';

const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);
const ACCESS_TOKEN_SECONDS = 3600;

interface Reply {
  status: number;
  body?: unknown;
}

class HttpError extends Error {
  readonly reply: Reply;
  constructor(status: number, body: unknown) {
    super(`HTTP ${status}`);
    this.reply = { status, body };
  }
}

const postgrestError = (status: number, code: string, message: string, details: string | null = null, hint: string | null = null) =>
  new HttpError(status, { code, details, hint, message });
const authError = (status: number, errorCode: string, msg: string) =>
  new HttpError(status, { code: status, error_code: errorCode, msg });

/** PostgREST's mapping of SQLSTATE to HTTP status. */
export function statusForSqlState(code: string, role: string): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  if (code === '23503' || code === '23505') return 409;
  if (code === '25006') return 405;
  if (code === '42883' || code === '42P01') return 404;
  if (code === 'P0001') return 400;
  if (/^(08|53)/.test(code)) return 503;
  if (/^(0L|0P|28)/.test(code)) return 403;
  if (/^(09|25|2D|38|39|3B|40|54|55|57|58|F0|HV|P0|XX)/.test(code) || code === '42P17') return 500;
  return 400;
}

// --- Request plumbing ------------------------------------------------------------------------

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw postgrestError(400, 'PGRST102', 'Empty or invalid json');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw postgrestError(400, 'PGRST102', 'Empty or invalid json');
  }
  return value as Record<string, unknown>;
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization ?? '';
  return header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
}

/** The caller's claims, as PostgREST derives them from the Authorization header or apikey. */
function callerClaims(request: IncomingMessage): Claims {
  const apikey = request.headers.apikey;
  const token = bearer(request) ?? (typeof apikey === 'string' ? apikey : undefined);
  if (!token) throw postgrestError(401, 'PGRST302', 'No API key found in request', null, 'No `apikey` request header or url param was found.');
  const claims = verifyJwt(token);
  if (!claims) throw postgrestError(401, 'PGRST301', 'JWT could not be decoded or has expired');
  if (!API_ROLES.has(String(claims.role))) throw postgrestError(401, 'PGRST301', `role "${String(claims.role)}" does not exist`);
  return claims;
}

// --- RPC -------------------------------------------------------------------------------------

interface FunctionSignature {
  inputs: Array<{ name: string; type: string }>;
  required: number;
  returnsSet: boolean;
  returnType: string;
  returnsComposite: boolean;
}

async function findFunction(tx: Transaction, name: string, givenArgs: string[]): Promise<FunctionSignature> {
  const { rows } = await tx.query<{
    names: string[] | null; modes: string[] | null; types: string[]; defaults: number; retset: boolean; rettype: string; composite: boolean;
  }>(`
    select p.proargnames as names, p.proargmodes::text[] as modes,
           coalesce((select array_agg(format_type(t, null) order by i) from unnest(p.proargtypes::oid[]) with ordinality u(t, i)), '{}') as types,
           p.pronargdefaults as defaults, p.proretset as retset, format_type(p.prorettype, null) as rettype,
           (ty.typtype = 'c' or ty.typname = 'record') as composite
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_type ty on ty.oid = p.prorettype
    where n.nspname = 'public' and p.proname = $1`, [name]);
  for (const row of rows) {
    const modes = row.modes ?? row.types.map(() => 'i');
    const names = (row.names ?? []).filter((_, i) => ['i', 'b', 'v'].includes(modes[i] ?? 'i'));
    const inputs = names.map((argName, i) => ({ name: argName, type: row.types[i] ?? 'text' }));
    const required = inputs.length - row.defaults;
    const known = new Set(inputs.map((a) => a.name));
    if (givenArgs.every((a) => known.has(a)) && inputs.slice(0, required).every((a) => givenArgs.includes(a.name))) {
      return { inputs, required, returnsSet: row.retset, returnType: row.rettype, returnsComposite: row.composite };
    }
  }
  const list = givenArgs.slice().sort().join(', ');
  throw postgrestError(404, 'PGRST202', `Could not find the function public.${name}(${list}) in the schema cache`,
    `Searched for the function public.${name} with parameters ${list || 'none'}, but no matches were found in the schema cache.`);
}

/** Each argument travels as JSON text and is converted in SQL, so types behave as in PostgREST. */
function argumentSql(type: string, index: number): string {
  const param = `$${index}`;
  if (type === 'json' || type === 'jsonb') return `${param}::${type}`;
  if (type.endsWith('[]')) return `(select array_agg(x) from json_array_elements_text(${param}::json) x)::${type}`;
  return `(${param}::json #>> '{}')::${type}`;
}

async function callFunction(tx: Transaction, name: string, args: Record<string, unknown>): Promise<Reply> {
  const signature = await findFunction(tx, name, Object.keys(args));
  const given = signature.inputs.filter((a) => a.name in args);
  const call = `public.${JSON.stringify(name).slice(1, -1)}(${given.map((a, i) => `"${a.name}" => ${argumentSql(a.type, i + 1)}`).join(', ')})`;
  const params = given.map((a) => JSON.stringify(args[a.name] ?? null));
  if (signature.returnType === 'void') {
    await tx.query(`select ${call}`, params);
    return { status: 204 };
  }
  const sql = signature.returnsSet
    ? `select coalesce(json_agg(t), '[]'::json) as result from ${call} t`
    : signature.returnsComposite
      ? `select to_json(t) as result from ${call} t`
      : `select to_json(${call}) as result`;
  const { rows } = await tx.query<{ result: unknown }>(sql, params);
  return { status: 200, body: rows[0]?.result ?? null };
}

async function rpc(db: PGlite, request: IncomingMessage, name: string, args: Record<string, unknown>): Promise<Reply> {
  const claims = callerClaims(request);
  const role = String(claims.role);
  try {
    return await db.transaction(async (tx) => {
      await tx.query(`select set_config('request.jwt.claims', $1, true), set_config('request.jwt.claim.sub', $2, true),
                             set_config('request.jwt.claim.role', $3, true), set_config('request.method', $4, true),
                             set_config('request.headers', $5, true)`,
        [JSON.stringify(claims), String(claims.sub ?? ''), role, request.method ?? 'POST',
          JSON.stringify({ 'user-agent': request.headers['user-agent'] ?? '' })]);
      await tx.exec(`set local role ${role}`);
      return callFunction(tx, name, args);
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const e = error as { code?: string; message?: string; detail?: string; hint?: string };
    const code = e.code ?? 'XX000';
    throw postgrestError(statusForSqlState(code, role), code, e.message ?? 'error', e.detail ?? null, e.hint ?? null);
  }
}

// --- Auth ------------------------------------------------------------------------------------

interface UserRow {
  id: string;
  email: string;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  email_confirmed_at: string | null;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
}

const userColumns = `id, email, raw_app_meta_data, raw_user_meta_data, email_confirmed_at, last_sign_in_at, created_at, updated_at`;

function userJson(user: UserRow): Record<string, unknown> {
  return {
    id: user.id, aud: 'authenticated', role: 'authenticated', email: user.email, phone: '',
    email_confirmed_at: user.email_confirmed_at, confirmed_at: user.email_confirmed_at, last_sign_in_at: user.last_sign_in_at,
    app_metadata: user.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
    user_metadata: user.raw_user_meta_data ?? {}, identities: [], created_at: user.created_at, updated_at: user.updated_at,
    is_anonymous: false,
  };
}

async function issueSession(tx: Transaction, baseUrl: string, user: UserRow, sessionId: string): Promise<Reply> {
  const now = Math.floor(Date.now() / 1000);
  const refreshToken = randomBytes(24).toString('base64url');
  await tx.query(`insert into auth.refresh_tokens (token, user_id, session_id) values ($1, $2, $3)`, [refreshToken, user.id, sessionId]);
  const accessToken = signJwt({
    aud: 'authenticated', exp: now + ACCESS_TOKEN_SECONDS, iat: now, iss: `${baseUrl}/auth/v1`, sub: user.id,
    email: user.email, phone: '', app_metadata: user.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
    user_metadata: user.raw_user_meta_data ?? {}, role: 'authenticated', aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }], session_id: sessionId, is_anonymous: false,
  });
  return {
    status: 200,
    body: {
      access_token: accessToken, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS, expires_at: now + ACCESS_TOKEN_SECONDS,
      refresh_token: refreshToken, user: userJson(user),
    },
  };
}

async function token(db: PGlite, baseUrl: string, grant: string | null, body: Record<string, unknown>): Promise<Reply> {
  return db.transaction(async (tx) => {
    if (grant === 'password') {
      const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const { rows } = await tx.query<UserRow>(`
        update auth.users set last_sign_in_at = now()
        where lower(email) = $1 and deleted_at is null and (banned_until is null or banned_until < now())
          and encrypted_password = extensions.crypt($2, encrypted_password)
        returning ${userColumns}`, [email, password]);
      const user = rows[0];
      if (!user) throw authError(400, 'invalid_credentials', 'Invalid login credentials');
      return issueSession(tx, baseUrl, user, randomUUID());
    }
    if (grant === 'refresh_token') {
      const refresh = typeof body.refresh_token === 'string' ? body.refresh_token : '';
      const { rows } = await tx.query<{ user_id: string; session_id: string }>(
        `update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1 and not revoked returning user_id, session_id`, [refresh]);
      const found = rows[0];
      if (!found) throw authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      const user = (await tx.query<UserRow>(`select ${userColumns} from auth.users where id = $1`, [found.user_id])).rows[0];
      if (!user) throw authError(400, 'user_not_found', 'User not found');
      return issueSession(tx, baseUrl, user, found.session_id);
    }
    throw authError(400, 'validation_failed', 'Unsupported grant type');
  });
}

function sessionClaims(request: IncomingMessage): Claims {
  const token = bearer(request);
  const claims = token ? verifyJwt(token) : null;
  if (!claims || claims.role !== 'authenticated' || typeof claims.sub !== 'string') {
    throw authError(403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature, token is expired or invalid');
  }
  return claims;
}

async function currentUser(db: PGlite, request: IncomingMessage): Promise<Reply> {
  const claims = sessionClaims(request);
  const user = (await db.query<UserRow>(`select ${userColumns} from auth.users where id = $1 and deleted_at is null`, [claims.sub])).rows[0];
  if (!user) throw authError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  return { status: 200, body: userJson(user) };
}

async function logout(db: PGlite, request: IncomingMessage): Promise<Reply> {
  const claims = sessionClaims(request);
  await db.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1`, [String(claims.session_id ?? '')]);
  return { status: 204 };
}

// --- Server ----------------------------------------------------------------------------------

export interface LocalSupabase {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  close(): Promise<void>;
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'apikey, authorization, content-type, x-client-info, x-supabase-api-version, prefer, content-profile, accept-profile',
};

export async function startLocalSupabase({ db, port = 0, host = '127.0.0.1' }: { db: PGlite; port?: number; host?: string }): Promise<LocalSupabase> {
  let queue: Promise<unknown> = Promise.resolve();
  let baseUrl = '';
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function route(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? '/', baseUrl);
    const method = request.method ?? 'GET';
    const rpcMatch = /^\/rest\/v1\/rpc\/([A-Za-z0-9_]+)$/.exec(url.pathname);
    if (rpcMatch && (method === 'POST' || method === 'GET')) {
      const args = method === 'POST' ? parseJsonObject(await readBody(request)) : Object.fromEntries(url.searchParams);
      return serialised(() => rpc(db, request, rpcMatch[1] ?? '', args));
    }
    if (url.pathname === '/auth/v1/token' && method === 'POST') {
      const body = parseJsonObject(await readBody(request));
      return serialised(() => token(db, baseUrl, url.searchParams.get('grant_type'), body));
    }
    if (url.pathname === '/auth/v1/user' && method === 'GET') return serialised(() => currentUser(db, request));
    if (url.pathname === '/auth/v1/logout' && method === 'POST') return serialised(() => logout(db, request));
    throw postgrestError(404, 'PGRST125', `Invalid path specified in request URL: ${url.pathname}`);
  }

  function send(response: ServerResponse, reply: Reply): void {
    if (reply.status === 204 || reply.body === undefined) {
      response.writeHead(reply.status, corsHeaders).end();
      return;
    }
    response.writeHead(reply.status, { ...corsHeaders, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply.body));
  }

  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, corsHeaders).end();
      return;
    }
    route(request).then(
      (reply) => send(response, reply),
      (error: unknown) => {
        if (error instanceof HttpError) send(response, error.reply);
        else send(response, { status: 500, body: { code: 'XX000', details: null, hint: null, message: 'local stand-in error' } });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host}:${address.port}`;
  return {
    url: baseUrl,
    anonKey: LOCAL_ANON_KEY,
    serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

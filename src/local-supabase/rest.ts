// `/rest/v1/rpc/<fn>` the way PostgREST runs it: the caller's JWT decides the role, and in ONE
// transaction the role, the request settings and the call of public.<fn> with named arguments,
// the result serialised to JSON by Postgres itself. Errors take PostgREST's shape and statuses.
// The role's statement_timeout (Supabase's 3 s for anon, 8 s otherwise) is enforced after the
// fact, since PGlite cannot cancel a running query (statement-timeout.ts). A set is answered one
// window of rows at a time, capped by max_rows, with PostgREST's Content-Range (range.ts).
import type { IncomingHttpHeaders } from 'node:http';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { verifyJwt, type Claims } from './jwt.ts';
import { jsonReply, ReplyError, type Reply } from './reply.ts';
import { roleTimeouts, withinStatementTimeout } from './statement-timeout.ts';
import { rangeAnswer, rowsWindow, wantsCount, type RowsWindow } from './range.ts';

const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);
// Supabase runs PostgREST with db-schemas = public and db-extra-search-path = public, extensions.
const SEARCH_PATH = 'public, extensions';

export interface RpcRequest {
  name: string;
  args: Record<string, unknown>;
  method: 'GET' | 'HEAD' | 'POST';
  path: string;
  /** The bearer token, or the apikey when there is no Authorization header. */
  token: string;
  headers: IncomingHttpHeaders;
  /** The query string: `limit` and `offset` choose the rows of a set. */
  query?: URLSearchParams;
}

export interface RpcOptions {
  /** PostgREST's db-max-rows: at most this many rows of a set per answer (null: no cap). */
  maxRows: number | null;
}

export const postgrestError = (status: number, code: string, message: string, details: string | null = null, hint: string | null = null,
  headers: Record<string, string> = {}): ReplyError =>
  new ReplyError(jsonReply(status, { code, details, hint, message }, { 'proxy-status': `PostgREST; error=${code}`, ...headers }));

/** PostgREST's mapping of an SQLSTATE to an HTTP status (src/PostgREST/Error.hs, mapSQLtoHTTP). */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
  const exact: Record<string, number> = { '23503': 409, '23505': 409, '25006': 405, '53400': 500, '57P01': 503, P0001: 400, '42883': 404, '42P01': 404, '42P17': 500 };
  if (code === '42501') return authed ? 403 : 401;
  if (code === '22023') return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  if (exact[code]) return exact[code];
  const byClass: Record<string, number> = {
    '08': 503, '09': 500, '0L': 403, '0P': 403, '25': 500, '28': 403, '2D': 500, '38': 500, '39': 500, '3B': 500,
    '40': 500, '53': 503, '54': 500, '55': 500, '57': 500, '58': 500, F0: 500, HV: 500, P0: 500, XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 400;
}

/** The caller's claims and role, as PostgREST derives them from the JWT (401 otherwise). */
function authenticate(token: string): { claims: Claims; role: string } {
  const check = verifyJwt(token);
  if (!check.ok) {
    const message = {
      empty: 'Empty JWT is sent in Authorization header',
      parts: `Expected 3 parts in JWT; got ${check.parts ?? 0}`,
      signature: 'JWT cryptographic operation failed',
      claims: 'Parsing claims failed',
      expired: 'JWT expired',
    }[check.reason];
    const code = check.reason === 'expired' || check.reason === 'claims' ? 'PGRST303' : 'PGRST301';
    throw postgrestError(401, code, message, null, null, { 'www-authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(message)}` });
  }
  const role = typeof check.claims.role === 'string' ? check.claims.role : 'anon';
  if (!API_ROLES.has(role)) {
    throw postgrestError(401, '22023', `role "${role}" does not exist`, null, null, { 'www-authenticate': 'Bearer' });
  }
  return { claims: check.claims, role };
}

// --- Finding the function ------------------------------------------------------------------

interface Routine {
  inputs: Array<{ name: string; type: string }>;
  required: number;
  returnsSet: boolean;
  returnsVoid: boolean;
  returnsComposite: boolean;
  readOnly: boolean;
}

async function findRoutine(tx: Transaction, request: RpcRequest): Promise<Routine> {
  const { rows } = await tx.query<{
    names: string[]; modes: string[]; types: string[]; defaults: number; retset: boolean; void: boolean; composite: boolean; volatility: string;
  }>(`
    select coalesce(p.proargnames, '{}') as names, coalesce(p.proargmodes::text[], '{}') as modes,
           coalesce((select array_agg(format_type(t, null) order by i) from unnest(p.proargtypes::oid[]) with ordinality u (t, i)), '{}') as types,
           p.pronargdefaults as defaults, p.proretset as retset, p.prorettype = 'void'::regtype as void,
           (ty.typtype = 'c' or p.prorettype = 'record'::regtype) as composite, p.provolatile as volatility
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_type ty on ty.oid = p.prorettype
    where n.nspname = 'public' and p.proname = $1 and p.prokind = 'f'`, [request.name]);
  const keys = Object.keys(request.args);
  const routines = rows.map((row): Routine => {
    const inputNames = row.modes.length === 0 ? row.names : row.names.filter((_, i) => ['i', 'b', 'v'].includes(row.modes[i] ?? 'i'));
    const inputs = row.types.map((type, i) => ({ name: inputNames[i] ?? '', type }));
    return {
      inputs, required: inputs.length - row.defaults, returnsSet: row.retset, returnsVoid: row.void,
      returnsComposite: row.composite, readOnly: request.method !== 'POST' || row.volatility !== 'v',
    };
  });
  const matches = routines.filter((r) => keys.every((k) => r.inputs.some((a) => a.name === k))
    && r.inputs.slice(0, r.required).every((a) => keys.includes(a.name)));
  const exact = matches.length > 1 ? matches.filter((r) => r.inputs.length === keys.length) : matches;
  if (exact.length === 1 && exact[0]) return exact[0];

  const fn = `public.${request.name}`;
  if (matches.length > 1) {
    throw postgrestError(300, 'PGRST203', `Could not choose the best candidate function between: ${matches.map((r) =>
      `${fn}(${r.inputs.map((a) => `${a.name} => ${a.type}`).join(', ')})`).join(', ')}`, null,
    'Try renaming the parameters or the function itself in the database so function overloading can be resolved');
  }
  const sorted = [...keys].sort();
  const params = sorted.length === 0 ? ' without parameters' : ` with parameter${sorted.length > 1 ? 's' : ''} ${sorted.join(', ')}`;
  const overload = routines[0];
  throw postgrestError(404, 'PGRST202',
    `Could not find the function ${fn}${sorted.length === 0 ? ' without parameters' : `(${sorted.join(', ')})`} in the schema cache`,
    `Searched for the function ${fn}${params}${request.method === 'POST' ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`,
    overload ? `Perhaps you meant to call the function ${fn}(${overload.inputs.map((a) => a.name).sort().join(', ')})` : null);
}

// --- Calling it ----------------------------------------------------------------------------

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * PostgREST's query: arguments decoded by json_to_record into the declared types ($1), result as
 * JSON text. A set is read through `limit $2 offset $3` (null: all), with the rows on the page
 * and, when counted, the rows of the whole set.
 */
function callSql(name: string, routine: Routine, keys: string[], counted: boolean): string {
  const given = routine.inputs.filter((a) => keys.includes(a.name));
  const args = given.length === 0
    ? '(select $1::json) pgrst_args'
    : `json_to_record($1::json) as pgrst_args (${given.map((a) => `${ident(a.name)} ${a.type}`).join(', ')})`;
  const call = `public.${ident(name)}(${given.map((a) => `${ident(a.name)} => pgrst_args.${ident(a.name)}`).join(', ')})`;
  if (routine.returnsVoid) return `select ${call} from ${args}`;
  if (routine.returnsSet) {
    return `with pgrst_source as (select pgrst_call.* from ${args}, lateral ${call} pgrst_call)
      select coalesce(json_agg(pgrst_call), '[]')::text as body, count(*)::int as page_total,
             ${counted ? '(select count(*) from pgrst_source)::int' : 'null::int'} as total
      from (select * from pgrst_source limit $2::bigint offset $3::bigint) pgrst_call`;
  }
  if (routine.returnsComposite) return `select (json_agg(pgrst_call) -> 0)::text as body from ${args}, lateral ${call} pgrst_call`;
  return `select coalesce(to_json(${call}), 'null')::text as body from ${args}`;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) cookies[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return cookies;
}

/** A PostgREST error for what Postgres raised, including `raise sqlstate 'PGRST'` full control. */
function fromPostgres(error: unknown, authed: boolean): ReplyError {
  const e = error as { code?: string; message?: string; detail?: string; hint?: string };
  const code = e.code ?? 'XX000';
  const message = e.message ?? String(error);
  if (code === 'PGRST') {
    try {
      const m = JSON.parse(message) as { code: string; message: string; details?: string; hint?: string };
      const d = JSON.parse(e.detail ?? '') as { status: number; headers: Record<string, string> };
      return postgrestError(d.status, m.code, m.message, m.details ?? null, m.hint ?? null, d.headers);
    } catch {
      return postgrestError(500, 'PGRST121', 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error');
    }
  }
  const status = statusForSqlState(code, message, authed);
  return postgrestError(status, code, message, e.detail ?? null, e.hint ?? null, status === 401 ? { 'www-authenticate': 'Bearer' } : {});
}

export async function rpc(db: PGlite, request: RpcRequest, { maxRows }: RpcOptions): Promise<Reply> {
  const { claims, role } = authenticate(request.token);
  const window: RowsWindow = rowsWindow(request.method, request.query ?? new URLSearchParams(), [request.headers.range ?? []].flat()[0], maxRows);
  const counted = wantsCount(request.headers.prefer);
  const timeout = (await roleTimeouts(db))(role);
  try {
    return await db.transaction(async (tx) => {
      // statement_timeout is set for parity with PostgREST; PGlite ignores it, withinStatementTimeout enforces it.
      await tx.query(`
        select set_config('search_path', $1, true), set_config('role', $2, true),
               set_config('request.jwt.claims', $3, true), set_config('request.jwt.claim.sub', $4, true),
               set_config('request.jwt.claim.role', $2, true), set_config('request.method', $5, true),
               set_config('request.path', $6, true), set_config('request.headers', $7, true), set_config('request.cookies', $8, true),
               set_config('statement_timeout', $9, true)`,
      [SEARCH_PATH, role, JSON.stringify(claims), typeof claims.sub === 'string' ? claims.sub : '', request.method, request.path,
        JSON.stringify(request.headers), JSON.stringify(parseCookies(request.headers.cookie)), timeout.setting]);
      const routine = await findRoutine(tx, request);
      if (routine.readOnly) await tx.exec('set transaction read only');
      const keys = Object.keys(request.args);
      const params: unknown[] = [JSON.stringify(request.args)];
      if (routine.returnsSet) params.push(window.limit, window.offset);
      const { rows } = await withinStatementTimeout(timeout, () =>
        tx.query<{ body: string; page_total?: number; total?: number | null }>(callSql(request.name, routine, keys, counted), params));
      if (routine.returnsVoid) return { status: 204 };
      const row = rows[0];
      // A single value or row is a page of one (PostgREST's pageCountSelectF).
      const { status, contentRange } = routine.returnsSet
        ? rangeAnswer(window.offset, row?.page_total ?? 0, row?.total ?? null)
        : rangeAnswer(0, 1, counted ? 1 : null);
      return { status, json: row?.body ?? 'null', headers: { 'content-range': contentRange } };
    });
  } catch (error) {
    if (error instanceof ReplyError) throw error;
    throw fromPostgres(error, role !== 'anon');
  }
}

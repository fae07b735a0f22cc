// Supabase's statement timeouts, applied by the stand-in the way PostgREST meets them.
//
// On Supabase the roles carry them (`alter role anon set statement_timeout = '3s'`, authenticated
// 8 s, authenticator 8 s; prelude.sql declares the same). PostgREST logs in as authenticator, so
// its session has authenticator's 8 s; for each request it applies the impersonated role's own
// settings in the transaction, so anon gets 3 s and authenticated 8 s, while service_role, which
// has none, keeps authenticator's 8 s. A call that runs longer is cancelled with SQLSTATE 57014,
// its transaction rolled back, and PostgREST answers 500.
//
// PGlite does not honour statement_timeout: it is single-threaded WASM without the timer signal
// Postgres uses to cancel, and a running query blocks the JS event loop, so no JS timer can
// interrupt it either. The check is therefore made after the fact: the call runs to its end,
// its elapsed time is measured inside the transaction, and when it went past the role's limit
// the stand-in throws there, so the transaction rolls back and nothing is written, then answers
// 57014 exactly as PostgREST does (the error below takes the path of any Postgres error in rest.ts). The outcome (a failure, nothing written) is production's;
// only the wait differs (the whole call here, the limit there).
import type { PGlite } from '@electric-sql/pglite';

/** The role PostgREST logs in as; its settings are the session's. */
const SESSION_ROLE = 'authenticator';

export interface StatementTimeout {
  /** The setting as written in the catalogue ('3s'), '0' when there is none. */
  setting: string;
  /** The limit in milliseconds; 0: no limit. */
  ms: number;
}

const NONE: StatementTimeout = { setting: '0', ms: 0 };

const unitMs: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A statement_timeout value as Postgres reads it: a number, milliseconds when no unit is given. */
export function parseTimeout(setting: string): StatementTimeout {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/.exec(setting);
  if (!match) throw new Error(`statement_timeout: cannot read ${JSON.stringify(setting)}`);
  return { setting, ms: Math.round(Number(match[1]) * (unitMs[match[2] ?? 'ms'] ?? 1)) };
}

/** The statement_timeout a role's request runs under, by role name (a role absent: the session's). */
export type RoleTimeouts = (role: string) => StatementTimeout;

/** The settings of pg_db_role_setting, read once per database (PostgREST reads them with its schema cache). */
const cache = new WeakMap<PGlite, Promise<RoleTimeouts>>();

async function readRoleTimeouts(db: PGlite): Promise<RoleTimeouts> {
  // Every statement_timeout set on a role or on this database, with Postgres' precedence:
  // the role in this database, then the role everywhere, then this database for every role.
  const { rows } = await db.query<{ role: string | null; in_database: boolean; value: string }>(`
    select r.rolname as role, s.setdatabase <> 0 as in_database, substr(c, length('statement_timeout=') + 1) as value
    from pg_db_role_setting s
    left join pg_roles r on r.oid = s.setrole
    cross join unnest(s.setconfig) c
    where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
      and c like 'statement_timeout=%'`);
  const find = (role: string | null, inDatabase: boolean): StatementTimeout | undefined => {
    const row = rows.find((r) => r.role === role && r.in_database === inDatabase);
    return row ? parseTimeout(row.value) : undefined;
  };
  const own = (role: string): StatementTimeout | undefined => find(role, true) ?? find(role, false);
  const session = own(SESSION_ROLE) ?? find(null, true) ?? NONE;
  return (role) => own(role) ?? session;
}

/** The statement timeouts of `db`'s roles, from its catalogue (cached per database). */
export function roleTimeouts(db: PGlite): Promise<RoleTimeouts> {
  let timeouts = cache.get(db);
  if (!timeouts) {
    timeouts = readRoleTimeouts(db);
    cache.set(db, timeouts);
    timeouts.catch(() => cache.delete(db));
  }
  return timeouts;
}

/** What Postgres raises for a statement cancelled by its timeout; PostgREST answers it 500 (class 57). */
export class StatementTimeoutError extends Error {
  readonly code = '57014';
  constructor() {
    super('canceling statement due to statement timeout');
    this.name = 'StatementTimeoutError';
  }
}

/**
 * Runs `statement` (inside the request's transaction) and throws Postgres' 57014 when it took
 * longer than `timeout`: thrown there, the transaction rolls back. A statement that fails after
 * the limit fails with 57014 too, since Postgres would have cancelled it first.
 */
export async function withinStatementTimeout<T>(timeout: StatementTimeout, statement: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const overdue = () => timeout.ms > 0 && performance.now() - started > timeout.ms;
  let result: T;
  try {
    result = await statement();
  } catch (error) {
    if (overdue()) throw new StatementTimeoutError();
    throw error;
  }
  if (overdue()) throw new StatementTimeoutError();
  return result;
}

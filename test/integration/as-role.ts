// Run SQL on the embedded database exactly as PostgREST would for a given caller:
// one transaction, `set local role`, and the JWT claims in `request.jwt.claims`.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { users } from '../support/seed.ts';

/** The demo accounts by role (seed.ts): the callers of asCaller. */
export const demoUsers = users;

export type DemoUser = keyof typeof demoUsers;
export type Caller = 'anon' | DemoUser;

export async function asCaller<T>(db: PGlite, caller: Caller, run: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const claims = caller === 'anon'
      ? { role: 'anon' }
      : { role: 'authenticated', sub: demoUsers[caller], aud: 'authenticated' };
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    await tx.exec(`set local role ${claims.role}`);
    return run(tx);
  });
}

/** The SQLSTATE and hint of a failed statement, or 'ok'. */
export async function outcome(db: PGlite, caller: Caller, sql: string, params: unknown[] = []): Promise<string> {
  try {
    await asCaller(db, caller, (tx) => tx.query(sql, params));
    return 'ok';
  } catch (error) {
    const e = error as { code?: string; hint?: string };
    return e.hint ? `${e.code}:${e.hint}` : (e.code ?? 'error');
  }
}

export async function rows<T>(db: PGlite, caller: Caller, sql: string, params: unknown[] = []): Promise<T[]> {
  return asCaller(db, caller, async (tx) => (await tx.query<T>(sql, params)).rows);
}

const rolledBack = Symbol('rolled back');

/**
 * Run one statement as the caller and roll it back whatever happens, so that a test trying a
 * write leaves the database as it found it: the rows the statement returns, or its SQLSTATE.
 */
export async function attempt<T = Record<string, unknown>>(db: PGlite, caller: Caller, sql: string, params: unknown[] = []): Promise<T[] | string> {
  let result: T[] = [];
  try {
    await asCaller(db, caller, async (tx) => {
      result = (await tx.query<T>(sql, params)).rows;
      throw rolledBack;
    });
  } catch (error) {
    if (error !== rolledBack) return (error as { code?: string }).code ?? 'error';
  }
  return result;
}

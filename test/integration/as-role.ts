// Run SQL on the embedded database exactly as PostgREST would for a given caller:
// one transaction, `set local role`, and the JWT claims in `request.jwt.claims`.
import type { PGlite, Transaction } from '@electric-sql/pglite';

export const demoUsers = {
  facilitatorDieppe: '30000000-0000-0000-0000-000000000001',
  facilitatorAlpes: '30000000-0000-0000-0000-000000000002',
  facilitatorCalvados: '30000000-0000-0000-0000-000000000003',
  companyA: '30000000-0000-0000-0000-000000000004',
  companyB: '30000000-0000-0000-0000-000000000005',
  buyer: '30000000-0000-0000-0000-000000000006',
  siae: '30000000-0000-0000-0000-000000000007',
  prescriber: '30000000-0000-0000-0000-000000000008',
} as const;

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

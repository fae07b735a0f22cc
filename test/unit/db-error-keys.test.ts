// The machine keys the SQL raises in `hint` (app.fail(errcode, key) or `hint = 'key'` in
// supabase/schemas/*.sql) against the French messages of src/server/errors.ts: a key raised
// without a message would reach the user as a generic error; a message for a key nothing raises
// is dead. Exceptions are listed with their reason.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dbErrorKeys, fromDbError } from '../../src/server/errors.ts';

const schemasDir = new URL('../../supabase/schemas/', import.meta.url);
const sql = readdirSync(schemasDir).filter((f) => f.endsWith('.sql')).sort()
  .map((f) => readFileSync(new URL(f, schemasDir), 'utf8')).join('\n');

const raised = new Set([
  ...[...sql.matchAll(/app\.fail\(\s*'[^']*'\s*,\s*'([a-z0-9_]+)'/g)].map((m) => m[1] ?? ''),
  ...[...sql.matchAll(/\bhint\s*=\s*'([a-z0-9_]+)'/g)].map((m) => m[1] ?? ''),
]);

/** Raised by the SQL but caught there: public.import_decp_markets turns it into a skipped line. */
const caughtInSql = new Set(['decp_siret_kind_mismatch']);
/** Raised by TypeScript, not SQL: src/server/accounts.ts checks the new member's address first. */
const raisedInTypeScript = new Set(['member_email_invalid']);

describe('database error keys', () => {
  it('finds the keys raised in supabase/schemas', () => {
    expect(raised.size).toBeGreaterThan(50);
    expect(raised).toContain('market_not_found');
  });

  it('has a French message for every key the SQL raises to the caller', () => {
    const known = new Set<string>(dbErrorKeys);
    const missing = [...raised].filter((key) => !known.has(key) && !caughtInSql.has(key)).sort();
    expect(missing).toEqual([]);
    for (const key of raised) {
      if (caughtInSql.has(key)) continue;
      const error = fromDbError({ code: 'P0001', hint: key });
      expect(error.code).toBe(key);
      expect(error.message).toMatch(/[a-zéèàç]/i);
    }
  });

  it('has no message for a key nothing raises', () => {
    const dead = dbErrorKeys.filter((key) => !raised.has(key) && !raisedInTypeScript.has(key)).sort();
    expect(dead).toEqual([]);
  });

  it('lists exceptions that are still true', () => {
    for (const key of caughtInSql) expect(raised).toContain(key);
    for (const key of raisedInTypeScript) expect(raised).not.toContain(key);
    expect(readFileSync(new URL('../../src/server/accounts.ts', import.meta.url), 'utf8')).toContain(`'member_email_invalid'`);
  });
});

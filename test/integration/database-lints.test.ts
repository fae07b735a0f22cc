// The checks of Supabase's database linter (the « Advisors » of a project: performance and
// security lints), written here as our own queries on the embedded database built from the
// migrations, so that CI fails where Supabase would warn. Each exception is named, with why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { openTemplateDatabase } from '../support/local-supabase.ts';

let db: PGlite;
beforeAll(async () => { db = await openTemplateDatabase(); });
afterAll(async () => { await db.close(); });

async function list(sql: string): Promise<string[]> {
  return (await db.query<{ item: string }>(sql)).rows.map((r) => r.item);
}

describe('Supabase linter, performance', () => {
  it('multiple_permissive_policies: one permissive policy per table, role and command', async () => {
    expect(await list(`
      select p.schemaname || '.' || p.tablename || ' ' || r.role || ' ' || c.command || ': ' || string_agg(p.policyname, ', ' order by p.policyname) as item
      from pg_policies p
      cross join lateral unnest(p.roles) r(role)
      cross join lateral unnest(case when p.cmd = 'ALL' then array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] else array[p.cmd] end) c(command)
      where p.permissive = 'PERMISSIVE' and p.schemaname in ('public', 'app', 'storage')
      group by p.schemaname, p.tablename, r.role, c.command
      having count(*) > 1
      order by 1`)).toEqual([]);
  });

  it('unindexed_foreign_keys: every foreign key of our schemas has an index that starts with its columns', async () => {
    expect(await list(`
      select c.conrelid::regclass::text || ' (' || c.conname || ')' as item
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname in ('public', 'app')
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid and i.indpred is null
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey)
      order by 1`)).toEqual([]);
  });

  it('auth_rls_initplan: policies call auth.uid() and the settings once per query, wrapped in a select', async () => {
    const policies = (await db.query<{ name: string; qual: string | null; check: string | null }>(`
      select tablename || '.' || policyname as name, qual, with_check as check from pg_policies
      where schemaname in ('public', 'app')`)).rows;
    expect(policies.length).toBeGreaterThan(30);
    const perRow = policies.filter((p) => [p.qual, p.check].some((expr) => expr
      && /(auth\.(uid|jwt|role)\(\)|current_setting\()/.test(expr.replace(/\(\s*SELECT\s+(auth\.(uid|jwt|role)\(\)|current_setting\([^)]*\))[^)]*\)/gi, ''))));
    expect(perRow.map((p) => p.name)).toEqual([]);
  });
});

describe('Supabase linter, security', () => {
  it('function_search_path_mutable: every function of our schemas fixes its search_path', async () => {
    expect(await list(`
      select p.oid::regprocedure::text as item
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'app') and p.prokind = 'f'
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
      order by 1`)).toEqual([]);
  });

  it('SECURITY DEFINER functions of the exposed schema callable by the API roles are the ones we justify', async () => {
    expect(await list(`
      select p.proname || ' → ' || r.role as item
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      cross join (values ('anon'), ('authenticated')) r(role)
      where n.nspname = 'public' and p.prosecdef and has_function_privilege(r.role, p.oid, 'EXECUTE')
      order by 1`)).toEqual([
      // The SIAE named on a sub-contracting line lists and confirms it: it may read neither the
      // market nor the company's lines under RLS, and the function returns only that line's
      // amount, month and names (test/integration/siae-confirmation.test.ts: nobody else).
      'confirm_subcontracting → authenticated',
      'list_siae_subcontracting → authenticated',
    ]);
  });

  it('rls_enabled_no_policy: no table with RLS is left without a policy', async () => {
    expect(await list(`
      select n.nspname || '.' || c.relname as item
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname in ('public', 'app') and c.relrowsecurity
        and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
      order by 1`)).toEqual([]);
  });
});

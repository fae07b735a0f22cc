// Standing safety rules of the schema: they fail as soon as a migration forgets one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalSupabase } from '../support/local-supabase.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
beforeAll(async () => { local = await useLocalSupabase(); });
afterAll(async () => { await local.close(); });

const ourSchemas = `('public', 'app', 'auth', 'storage')`;

describe('schema safety', () => {
  it('every table of the exposed and business schemas has row-level security enabled', async () => {
    const { rows } = await local.db.query<{ table: string }>(`
      select n.nspname || '.' || c.relname as table
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname in ('public', 'app')
        and not c.relrowsecurity
      order by 1`);
    expect(rows.map((r) => r.table)).toEqual([]);
  });

  it('the business tables exist (the check above is not vacuous)', async () => {
    const { rows } = await local.db.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'app' and c.relkind = 'r'`);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(15);
  });

  it('no table lives in the exposed schema public: its surface is views and functions', async () => {
    const { rows } = await local.db.query<{ table: string }>(`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')`);
    expect(rows).toEqual([]);
  });

  it('every view of the exposed schema is security_invoker', async () => {
    const { rows } = await local.db.query<{ view: string; options: string[] | null }>(`
      select c.relname as view, c.reloptions as options
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'v' and n.nspname = 'public'`);
    expect(rows.length).toBeGreaterThan(0);
    const unsafe = rows.filter((r) => !(r.options ?? []).includes('security_invoker=true'));
    expect(unsafe.map((r) => r.view)).toEqual([]);
  });

  it('every SECURITY DEFINER function has a fixed search_path', async () => {
    const { rows } = await local.db.query<{ fn: string }>(`
      select p.oid::regprocedure::text as fn
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname in ('public', 'app')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`);
    expect(rows.map((r) => r.fn)).toEqual([]);
  });

  it('no function of ours is executable by PUBLIC; the API roles get only explicit grants', async () => {
    const { rows } = await local.db.query<{ fn: string }>(`
      select p.oid::regprocedure::text as fn
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'app')
        and exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                    where a.grantee = 0 and a.privilege_type = 'EXECUTE')`);
    expect(rows.map((r) => r.fn)).toEqual([]);
  });

  it('lists the SECURITY DEFINER functions, each covered by a who-may-call test in rls-matrix, siae-confirmation, candidature-pipeline or organisations', async () => {
    const { rows } = await local.db.query<{ fn: string }>(`
      select n.nspname || '.' || p.proname as fn
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname in ${ourSchemas}
      order by 1`);
    expect(rows.map((r) => r.fn)).toEqual([
      // test/integration/candidature-pipeline.test.ts: its facilitator or the company of its offer; nobody else.
      'app.apply_hire',
      'app.audit_row',
      // A trigger of app.site_settings; not callable (EXECUTE revoked). test/integration/deployment-admin.test.ts.
      'app.audit_site_settings',
      // A trigger of app.territories; not callable (EXECUTE revoked). test/integration/territory-settings.test.ts.
      'app.audit_territory_settings',
      'app.candidature_by_idempotency_key',
      // test/integration/rls-matrix.test.ts: the territory's facilitators only (docs/decisions/2026-12-03-data-layer-at-scale.md).
      'app.compute_publication_figures',
      // The administrator helper of the policies: the caller's own answer (rls-policies.test.ts, deployment-admin.test.ts).
      'app.is_deployment_admin',
      // The market helpers of the policies: each caller's own scope (rls-matrix.test.ts).
      'app.my_buyer_markets',
      'app.my_company_markets',
      'app.my_company_participants',
      'app.my_facilitated_markets',
      'app.my_facilitated_territories',
      'app.my_organisations',
      // test/integration/organisations.test.ts: the facilitator of the organisation's territory only.
      'app.organisation_member_accounts',
      // Ids of the people matching a name search, within participants_select's scope; list_participants filters again by RLS (participants-list.test.ts).
      'app.search_participants',
      // A trigger of app.hour_declarations keeping app.market_month_hours; not callable (EXECUTE revoked), market-month-hours.test.ts.
      'app.tally_market_month_hours',
      // test/integration/siae-confirmation.test.ts: the SIAE named on a line lists and confirms it; nobody else.
      'public.confirm_subcontracting',
      'public.list_siae_subcontracting',
    ]);
  });
});

// What a database defines, read from the Postgres catalogue as comparable text: the schemas the
// project owns (app, public) and the rows it adds to storage. Two databases built from different
// SQL (supabase/migrations, supabase/schemas) hold the same objects when their catalogues are
// equal; compareCatalogues names the objects that differ.
import type { PGlite } from '@electric-sql/pglite';

const schemas = `('app', 'public')`;
/** An access list as text in a fixed order: the same grants given in another order are equal. */
const acl = (column: string): string => `(select string_agg(x::text, ',' order by x::text) from unnest(${column}) x)`;

/** One query per kind of object; each row is [object name, its definition]. */
const queries: Record<string, string> = {
  schema: `select n.nspname, coalesce(${acl('n.nspacl')}, '') || ' ' || coalesce(obj_description(n.oid, 'pg_namespace'), '')
    from pg_namespace n where n.nspname in ${schemas}`,
  relation: `select n.nspname || '.' || c.relname,
      c.relkind::text || ' rls=' || c.relrowsecurity || ' force=' || c.relforcerowsecurity || ' opts=' || coalesce(c.reloptions::text, '')
      || ' acl=' || coalesce(${acl('c.relacl')}, '') || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '')
      || case when c.relkind in ('v', 'm') then ' view=' || pg_get_viewdef(c.oid) else '' end
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${schemas} and c.relkind in ('r', 'v', 'm', 'S', 'p', 'f')`,
  column: `select n.nspname || '.' || c.relname || '.' || a.attname,
      a.attnum || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull
      || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
      || ' acl=' || coalesce(${acl('a.attacl')}, '') || ' comment=' || coalesce(col_description(c.oid, a.attnum), '')
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where n.nspname in ${schemas} and c.relkind in ('r', 'v', 'm', 'p', 'f') and a.attnum > 0 and not a.attisdropped`,
  constraint: `select n.nspname || '.' || c.relname || '.' || k.conname,
      pg_get_constraintdef(k.oid) || ' comment=' || coalesce(obj_description(k.oid, 'pg_constraint'), '')
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${schemas}`,
  index: `select schemaname || '.' || indexname, indexdef from pg_indexes where schemaname in ${schemas}`,
  policy: `select schemaname || '.' || tablename || '.' || policyname,
      permissive || ' ' || cmd || ' ' || roles::text || ' using=' || coalesce(qual, '') || ' check=' || coalesce(with_check, '')
    from pg_policies where schemaname in ${schemas}`,
  function: `select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
      pg_get_functiondef(p.oid) || ' acl=' || coalesce(${acl('p.proacl')}, '') || ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '')
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ${schemas} and p.prokind in ('f', 'p', 'w')`,
  trigger: `select n.nspname || '.' || c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${schemas} and not t.tgisinternal`,
  type: `select n.nspname || '.' || t.typname, t.typtype::text || ' ' || coalesce(obj_description(t.oid, 'pg_type'), '')
      || ' ' || coalesce((select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid), '')
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname in ${schemas} and t.typtype in ('e', 'd', 'c') and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c')`,
  'default privilege': `select coalesce(n.nspname, '*') || '.' || d.defaclobjtype::text, ${acl('d.defaclacl')}
    from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`,
  'storage bucket': `select id, name || ' public=' || public || ' size=' || coalesce(file_size_limit::text, '') || ' mime=' || coalesce(allowed_mime_types::text, '')
    from storage.buckets`,
  'storage policy': `select tablename || '.' || policyname, cmd || ' ' || roles::text || ' using=' || coalesce(qual, '') || ' check=' || coalesce(with_check, '')
    from pg_policies where schemaname = 'storage'`,
  'cron job': `select jobname, schedule || ' ' || command from cron.job`,
};

/** kind → object name → definition. */
export type Catalogue = Map<string, Map<string, string>>;

export async function readCatalogue(db: PGlite): Promise<Catalogue> {
  const catalogue: Catalogue = new Map();
  for (const [kind, sql] of Object.entries(queries)) {
    const exists = kind !== 'cron job'
      || (await db.query<{ ok: boolean }>(`select to_regclass('cron.job') is not null as ok`)).rows[0]?.ok;
    const objects = new Map<string, string>();
    if (exists) {
      const { rows } = await db.query<unknown[]>(sql, [], { rowMode: 'array' });
      for (const [name, definition] of rows) objects.set(String(name), String(definition));
    }
    catalogue.set(kind, objects);
  }
  return catalogue;
}

/** The objects defined differently, missing on one side, or only on one side: empty when equal. */
export function compareCatalogues(left: Catalogue, right: Catalogue, names = ['left', 'right']): string[] {
  const differences: string[] = [];
  for (const [kind, objects] of left) {
    const other = right.get(kind) ?? new Map<string, string>();
    for (const [name, definition] of objects) {
      if (!other.has(name)) differences.push(`${kind} ${name}: only in ${names[0]}`);
      else if (other.get(name) !== definition) differences.push(`${kind} ${name}: defined differently`);
    }
    for (const name of other.keys()) if (!objects.has(name)) differences.push(`${kind} ${name}: only in ${names[1]}`);
  }
  return differences.sort();
}

// supabase/schemas (the declarative definition) and supabase/migrations (what is applied) build
// the same database, compared on the catalogue (src/local-supabase/catalogue.ts); and the
// comparison notices the changes a forgotten migration would leave out. `npm run check` runs the
// same comparison plus `supabase db diff` (node src/local-supabase/cli.ts schema-check).
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCatalogues, readCatalogue, type Catalogue } from '../../src/local-supabase/catalogue.ts';
import { buildMigrationsDatabase, buildSchemaDatabase, schemaFiles } from '../../src/local-supabase/engine.ts';

describe('declarative schemas', () => {
  let fromMigrations: PGlite;
  let fromSchemas: PGlite;
  let migrationsCatalogue: Catalogue;

  beforeAll(async () => {
    [fromMigrations, fromSchemas] = await Promise.all([buildMigrationsDatabase(), buildSchemaDatabase()]);
    migrationsCatalogue = await readCatalogue(fromMigrations);
  });
  afterAll(async () => {
    await fromMigrations.close();
    await fromSchemas.close();
  });

  it('applies the schema files in name order, the conventions first', () => {
    const names = schemaFiles().map((f) => f.split('/').pop());
    expect(names[0]).toBe('00_conventions.sql');
    expect(names).toEqual([...names].sort());
  });

  it('builds from the migrations exactly what supabase/schemas declares', async () => {
    expect(migrationsCatalogue.get('function')?.get('public.save_hour_declaration(p_market_id uuid, p_participant_id uuid, p_month date, p_realisation_mode text, p_hours numeric, p_invoiced_amount_ht numeric, p_employer_id uuid, p_idempotency_key uuid)')).toBeDefined();
    expect(compareCatalogues(migrationsCatalogue, await readCatalogue(fromSchemas), ['migrations', 'schemas'])).toEqual([]);
  });

  it('names a comment, a grant, a policy and a function changed in one database only', async () => {
    await fromSchemas.exec(`
      comment on table app.outbox is 'changé';
      grant select on app.outbox to authenticated;
      drop policy site_settings_select_all on app.site_settings;
      create or replace function app.touch_updated_at() returns trigger language plpgsql set search_path = '' as $$ begin return new; end $$;
    `);
    const differences = compareCatalogues(migrationsCatalogue, await readCatalogue(fromSchemas), ['migrations', 'schemas']);
    expect(differences).toEqual([
      'function app.touch_updated_at(): defined differently',
      'policy app.site_settings.site_settings_select_all: only in migrations',
      'relation app.outbox: defined differently',
    ]);
  });
});

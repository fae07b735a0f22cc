// The embedded database: PGlite with pgcrypto, pg_trgm and unaccent, the compatibility prelude, then the project's
// migrations and seed exactly as `supabase db reset` applies them (file-name order, seed last).
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const preludeFile = `${projectRoot}src/local-supabase/prelude.sql`;
const migrationsDir = `${projectRoot}supabase/migrations/`;
const schemasDir = `${projectRoot}supabase/schemas/`;
const seedFile = `${projectRoot}supabase/seed.sql`;

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => `${dir}${f}`);
}

/** supabase/migrations/*.sql (or those of another folder) in the order they apply. */
export function migrationFiles(dir = migrationsDir): string[] {
  return sqlFiles(dir.endsWith('/') ? dir : `${dir}/`);
}

/** supabase/schemas/*.sql in name order, the order `schema_paths` of supabase/config.toml gives. */
export function schemaFiles(): string[] {
  return sqlFiles(schemasDir);
}

/** Runs one SQL file; a failure names the file, the line and Postgres' message. */
export async function runSqlFile(db: PGlite, file: string): Promise<void> {
  const sql = readFileSync(file, 'utf8');
  try {
    await db.exec(sql);
  } catch (error) {
    const e = error as { message?: string; code?: string; position?: string; detail?: string; hint?: string; where?: string };
    const offset = Number(e.position ?? 0);
    const at = offset > 0 ? `:${sql.slice(0, offset - 1).split('\n').length}` : '';
    const context = [e.code && `SQLSTATE ${e.code}`, offset > 0 && `position ${offset}`, e.detail, e.hint, e.where].filter(Boolean).join('; ');
    const name = file.startsWith(projectRoot) ? file.slice(projectRoot.length) : file;
    throw new Error(`${name}${at}: ${e.message ?? String(error)}${context ? ` (${context})` : ''}`, { cause: error });
  }
}

/** A new database holding only what the Supabase platform provides (the prelude). */
export async function createDatabase({ dataDir }: { dataDir?: string } = {}): Promise<PGlite> {
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pgcrypto, pg_trgm, unaccent } });
  await runSqlFile(db, preludeFile);
  return db;
}

export interface BuildOptions {
  /** Persist in this folder; in memory when absent. */
  dataDir?: string;
  /** Apply supabase/seed.sql (default true). */
  seed?: boolean;
}

/** A new database: prelude, migrations in name order, then the seed unless `seed: false`. */
export async function buildDatabase({ dataDir, seed = true }: BuildOptions = {}): Promise<PGlite> {
  const db = await createDatabase(dataDir ? { dataDir } : {});
  try {
    for (const file of migrationFiles()) await runSqlFile(db, file);
    if (seed && existsSync(seedFile)) await runSqlFile(db, seedFile);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** A new database holding the declarative schemas (supabase/schemas), without seed: what the
 *  migrations must produce. */
export async function buildSchemaDatabase(): Promise<PGlite> {
  const db = await createDatabase();
  try {
    for (const file of schemaFiles()) await runSqlFile(db, file);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** A new database with the migrations of `dir` applied, without seed. */
export async function buildMigrationsDatabase(dir?: string): Promise<PGlite> {
  const db = await createDatabase();
  try {
    for (const file of migrationFiles(dir)) await runSqlFile(db, file);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** An existing database: a persisted folder, or a dump made by dumpDatabase. */
export async function openDatabase({ dataDir, loadDataDir }: { dataDir?: string; loadDataDir?: Blob }): Promise<PGlite> {
  return PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}), extensions: { pgcrypto, pg_trgm, unaccent } });
}

/** The whole database as a gzipped tarball, to load with openDatabase({ loadDataDir }). */
export async function dumpDatabase(db: PGlite): Promise<Blob> {
  return db.dumpDataDir('gzip');
}

// The embedded database: PGlite with pgcrypto, the compatibility prelude, then the project's
// migrations and seed exactly as `supabase db push` / `supabase db reset` would apply them.
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const migrationsDir = `${projectRoot}supabase/migrations/`;

export function migrationFiles(): string[] {
  return readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort().map((f) => `${migrationsDir}${f}`);
}

async function runFile(db: PGlite, file: string): Promise<void> {
  try {
    await db.exec(readFileSync(file, 'utf8'));
  } catch (error) {
    const e = error as { message?: string; position?: string; where?: string; hint?: string };
    const where = [e.position && `position ${e.position}`, e.where, e.hint].filter(Boolean).join('; ');
    throw new Error(`${file.slice(projectRoot.length)}: ${e.message ?? String(error)}${where ? ` (${where})` : ''}`);
  }
}

export interface BuildOptions {
  dataDir?: string;
  seed?: boolean;
}

/** A new database: prelude, migrations in name order, then the seed unless `seed: false`. */
export async function buildDatabase({ dataDir, seed = true }: BuildOptions = {}): Promise<PGlite> {
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pgcrypto } });
  await runFile(db, `${projectRoot}src/local-supabase/prelude.sql`);
  for (const file of migrationFiles()) await runFile(db, file);
  if (seed) await runFile(db, `${projectRoot}supabase/seed.sql`);
  return db;
}

/** An existing database: a persisted folder, or a dump made by dumpDatabase. */
export async function openDatabase({ dataDir, loadDataDir }: { dataDir?: string; loadDataDir?: Blob }): Promise<PGlite> {
  return PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}), extensions: { pgcrypto } });
}

export async function dumpDatabase(db: PGlite): Promise<Blob> {
  return db.dumpDataDir('gzip');
}

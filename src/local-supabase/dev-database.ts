// The persisted development database in .data/db: built with the demo data on first use, and
// rebuilt when the prelude, a migration or the seed changed since it was built.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { buildDatabase, migrationFiles, openDatabase, projectRoot } from './engine.ts';

/** .data/db, or DEV_DATABASE_DIR (a second dev server, the dev-server browser tests). */
export const devDataDir = process.env.DEV_DATABASE_DIR ?? `${projectRoot}.data/db`;
const hashFile = `${devDataDir}-schema.sha256`;

function schemaHash(): string {
  const files = [`${projectRoot}src/local-supabase/prelude.sql`, ...migrationFiles(), `${projectRoot}supabase/seed.sql`];
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(existsSync(file) ? readFileSync(file) : '');
  return hash.digest('hex');
}

/** Deletes and rebuilds .data/db (prelude, migrations, seed). */
export async function resetDevDatabase(): Promise<PGlite> {
  await rm(devDataDir, { recursive: true, force: true });
  await rm(hashFile, { force: true });
  await mkdir(devDataDir, { recursive: true });
  const hash = schemaHash();
  const db = await buildDatabase({ dataDir: devDataDir, seed: true });
  await writeFile(hashFile, hash);
  return db;
}

/** Opens .data/db, (re)building it first when absent or out of date. */
export async function openDevDatabase(log: (message: string) => void = console.info): Promise<PGlite> {
  const exists = existsSync(`${devDataDir}/PG_VERSION`);
  const current = exists && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === schemaHash();
  if (current) return openDatabase({ dataDir: devDataDir });
  log(exists
    ? 'Les migrations ou la seed ont changé : la base embarquée est recréée…'
    : 'Première ouverture : création de la base embarquée avec les données de démonstration…');
  return resetDevDatabase();
}

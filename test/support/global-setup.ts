// Vitest global setup: build the database once (prelude + migrations + seed) and dump it, so
// each test file loads a fresh copy in a fraction of the time.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildDatabase, dumpDatabase } from '../../src/local-supabase/engine.ts';
import { templatePath } from './template.ts';

export default async function setup(): Promise<void> {
  const started = performance.now();
  const db = await buildDatabase({ seed: true });
  const dump = await dumpDatabase(db);
  await db.close();
  await mkdir(dirname(templatePath), { recursive: true });
  await writeFile(templatePath, Buffer.from(await dump.arrayBuffer()));
  console.info(`test database template built in ${Math.round(performance.now() - started)} ms`);
}

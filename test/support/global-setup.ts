// Vitest global setup: build the database ONCE (prelude + migrations + seed) and dump it, so
// each test file loads a fresh copy in a fraction of the time. A failing migration or seed stops
// the run with the file, the line and Postgres' message.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildDatabase, dumpDatabase } from '../../src/local-supabase/engine.ts';
import { templatePath } from './template.ts';

export default async function setup(): Promise<void> {
  const started = performance.now();
  const db = await buildDatabase({ seed: true }).catch((error: unknown) => {
    throw new Error(`Cannot build the test database: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  try {
    const dump = await dumpDatabase(db);
    await mkdir(dirname(templatePath), { recursive: true });
    // Written aside then renamed: a run that starts meanwhile never reads half a template.
    const partial = `${templatePath}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, templatePath);
  } finally {
    await db.close();
  }
  console.info(`test database template built in ${Math.round(performance.now() - started)} ms`);
}

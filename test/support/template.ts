// The test database template (prelude + migrations + seed, dumped once): each test file and the
// served site of the browser tests and the bench load a fresh copy of it in a fraction of the
// time a build takes. Built by the test runner's global setup and by `npm run bench`.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDatabase, dumpDatabase } from '../../src/local-supabase/engine.ts';

export const templatePath = fileURLToPath(new URL('../../.data/test/template.tgz', import.meta.url));

/**
 * Builds the template from the current migrations and seed. A failing migration or seed stops
 * with the file, the line and Postgres' message.
 */
export async function buildTemplate(): Promise<void> {
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
}

// Vitest global setup: build the database template ONCE per run (test/support/template.ts), so
// each test file loads a fresh copy in a fraction of the time.
import { buildTemplate } from './template.ts';

export default async function setup(): Promise<void> {
  const started = performance.now();
  await buildTemplate();
  console.info(`test database template built in ${Math.round(performance.now() - started)} ms`);
}

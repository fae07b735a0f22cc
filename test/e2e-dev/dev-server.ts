// The product as a newcomer starts it: `npm run dev`, exactly the README's first command, on
// free ports and with its own database folder (so a developer's .data/db is left alone). The
// dev server builds the demo database on first start, serves the stand-in and Astro's dev
// server with the Netlify Functions; the browser tests of test/e2e-dev run against it.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, killTree, readTail, RESULTS_DIR } from '../e2e/serve.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const DEV_LOG = join(RESULTS_DIR, 'e2e-npm-run-dev.log');
/** First start: the demo database is built, then Astro starts. */
const READY_TIMEOUT_MS = 240_000;

export interface DevServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startDevServer(): Promise<DevServer> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'clauses-dev-db-'));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Vitest's variables would make Astro's dev server think it runs under a test.
    if (key === 'NODE_ENV' || key === 'TEST' || key.startsWith('VITEST')) continue;
    env[key] = value;
  }
  const log = createWriteStream(DEV_LOG);
  const child = spawn('npm', ['run', 'dev'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      PORT: String(port),
      LOCAL_SUPABASE_PORT: String(await freePort()),
      DEV_DATABASE_DIR: join(dataDir, 'db'),
      BROWSER: 'none',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const onExit = (): void => killTree(child, 'SIGKILL');
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    killTree(child, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    killTree(child, 'SIGKILL');
    process.off('exit', onExit);
    await new Promise<void>((resolve) => log.end(resolve));
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status === 200) return { baseUrl, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`npm run dev did not serve ${baseUrl} (exit ${child.exitCode}); last lines:\n${readTail(DEV_LOG, 80)}`);
}

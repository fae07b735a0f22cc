// The whole production stack for the browser tests, served the way Netlify serves it:
// the test database template (demo data) behind the local Supabase stand-in, then
// `netlify serve --offline`, which runs the production build (`npm run build`, prerendering
// reads the database) and serves dist/ with the Netlify Functions on one port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { useLocalSupabase, type LocalSupabaseForTests } from '../support/local-supabase.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'node_modules/.bin');
export const RESULTS_DIR = join(root, 'test-results');
export const SERVE_LOG = join(RESULTS_DIR, 'e2e-netlify-serve.log');

/** Time allowed for the production build and the server to answer. */
const READY_TIMEOUT_MS = 220_000;
const STOP_TIMEOUT_MS = 10_000;

export interface ServedSite {
  /** Origin of the served site, e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /** The embedded database and Supabase stand-in behind it. */
  supabase: LocalSupabaseForTests;
  /** The last lines of netlify serve's output. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function readTail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Environment of netlify serve: ours minus the test runner's, offline, no prompts, no telemetry. */
function serveEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Vitest sets NODE_ENV=test and VITEST*: the build must run as in production.
    if (key === 'NODE_ENV' || key === 'TEST' || key.startsWith('VITEST')) continue;
    // Never link to a Netlify account or site: everything stays local.
    if (key.startsWith('NETLIFY_')) continue;
    env[key] = value;
  }
  return {
    ...env,
    // The project's own Node first, for the build that netlify spawns through npm.
    PATH: [bin, dirname(process.execPath), env.PATH ?? ''].join(':'),
    CI: 'true', // non-interactive; also turns Netlify CLI telemetry and update checks off
    NO_UPDATE_NOTIFIER: '1',
    // netlify serve runs every function invocation in its own process memory: give it room
    // for the 200 parallel submissions of the candidature test.
    NODE_OPTIONS: '--max-old-space-size=6144',
    BROWSER: 'none',
    ASTRO_TELEMETRY_DISABLED: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extra,
  };
}

export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole process group (detached below)
  } catch {
    // already gone
  }
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitUntilServing(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  child.once('exit', () => { exited = true; });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`netlify serve exited (code ${child.exitCode ?? child.signalCode}) before serving`);
    try {
      const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`netlify serve did not answer on ${baseUrl} within ${READY_TIMEOUT_MS / 1000} s`);
}

/**
 * Whether the site has Edge Functions. Without any, netlify serve is told not to set up the Deno
 * edge runtime, whose setup looks up edge.netlify.com for type updates even with --offline.
 */
function usesEdgeFunctions(): boolean {
  const astroConfig = readFileSync(join(root, 'astro.config.mjs'), 'utf8');
  return existsSync(join(root, 'netlify/edge-functions')) || /edgeMiddleware\s*:\s*true/.test(astroConfig);
}

/** Starts the database, the Supabase stand-in and `netlify serve --offline`; resolves once the site answers. */
export async function startServedSite(): Promise<ServedSite> {
  mkdirSync(RESULTS_DIR, { recursive: true });

  // The test database template (demo data) behind the Supabase stand-in, on a free port.
  const supabase = await useLocalSupabase();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(SERVE_LOG);
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=6144',
      // Route to the function of highest priority, as the platform does (see that file).
      '--import', pathToFileURL(join(root, 'test/e2e/netlify-function-priority.ts')).href,
      join(root, 'node_modules/netlify-cli/bin/run.js'),
      'serve', '--offline', '--port', String(port), '--staticServerPort', String(await freePort()),
      ...(usesEdgeFunctions() ? [] : ['--internal-disable-edge-functions']),
    ],
    {
      cwd: root,
      detached: true, // own process group: stop() ends the build and every server it started
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serveEnv({
        SUPABASE_URL: supabase.url,
        SUPABASE_ANON_KEY: supabase.anonKey,
        SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRoleKey,
        URL: baseUrl,
      }),
    },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  // If the test process dies without stop(), do not leave the server behind.
  const onExit = (): void => killTree(child, 'SIGKILL');
  process.once('exit', onExit);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killTree(child, 'SIGTERM');
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) killTree(child, 'SIGKILL');
    killTree(child, 'SIGKILL'); // stragglers of the group, if any
    process.off('exit', onExit);
    await new Promise<void>((resolve) => log.end(resolve));
    await supabase.close();
  };

  try {
    await waitUntilServing(baseUrl, child);
  } catch (error) {
    await stop();
    console.error(`--- ${SERVE_LOG} (last 150 lines) ---\n${readTail(SERVE_LOG, 150)}`);
    throw error;
  }
  return { baseUrl, supabase, logTail: (lines = 80) => readTail(SERVE_LOG, lines), stop };
}

// Lighthouse against Debian's Chromium (no browser download): one headless Chromium with a
// DevTools port, the median of three Lighthouse runs per URL, the four category scores out of 100.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Scores = Record<(typeof CATEGORIES)[number], number> & {
  /** Audits of those categories that did not pass, as `category/audit-id`, to explain a score. */
  failing: string[];
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForDevTools(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/json/version`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Chromium's DevTools port ${port} did not answer`);
}

/** One Lighthouse run of one URL on the browser listening on `port`. */
async function audit(url: string, port: number): Promise<Scores> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { categories, runtimeError } = result.lhr;
  if (runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${runtimeError.code} ${runtimeError.message}`);
  const failing = CATEGORIES.flatMap((c) => (categories[c]?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0 && (result.lhr.audits[ref.id]?.score ?? 1) < 1)
    .map((ref) => `${c}/${ref.id}`));
  const figures = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((categories[c]?.score ?? 0) * 100)]));
  return { ...figures, failing } as Scores;
}

/**
 * Scores of each URL, audited one after the other in one browser. The performance score depends
 * on how busy the machine is, so each URL is audited `runs` times (odd) and the run with the
 * median performance score is kept, as Lighthouse CI does; the other categories do not vary.
 */
export async function lighthouseScores(urls: string[], { runs = 3 }: { runs?: number } = {}): Promise<Map<string, Scores>> {
  const port = await freePort();
  const profile = await mkdtemp(join(tmpdir(), 'lighthouse-'));
  const chromium = spawn(CHROMIUM_PATH, [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`,
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1', 'about:blank',
  ], { stdio: 'ignore' });
  try {
    await waitForDevTools(port);
    const scores = new Map<string, Scores>();
    for (const url of urls) {
      // One request first, so a page rendered on demand is measured warm, not on the local
      // functions runtime's cold start.
      await fetch(url).then((r) => r.arrayBuffer(), () => undefined);
      const results: Scores[] = [];
      for (let i = 0; i < runs; i += 1) results.push(await audit(url, port));
      results.sort((a, b) => a.performance - b.performance);
      scores.set(url, results[Math.floor(results.length / 2)]!);
    }
    return scores;
  } finally {
    chromium.kill('SIGKILL');
    await rm(profile, { recursive: true, force: true });
  }
}

// `npm run bench`: performance figures (time and peak memory), printed, never asserted here.
//   1. candidatures stored per second through the real handler and the embedded database,
//      with p50/p95 latency, sequential and 8 at a time;
//   2. what public pages ship (JavaScript per page, Chart.js chunk gzipped), when dist/ exists.
import { readdir, readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startBenchDatabase } from './database.ts';
import { aCandidatureForm, post } from '../functions/candidature-form.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function benchCandidatures(total: number, concurrency: number): Promise<void> {
  const local = await startBenchDatabase();
  const { default: handler } = await import('../../netlify/functions/candidatures.mts');
  const offerId = (await local.db.query<{ id: string }>(`select id from app.job_offers where status = 'published' limit 1`)).rows[0]!.id;
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next += 1;
      const t0 = performance.now();
      const response = await handler(post(aCandidatureForm({ job_offer_id: offerId })));
      latencies.push(performance.now() - t0);
      if (response.status !== 201) failures += 1;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.info(`candidatures (${concurrency} at a time): ${total} in ${seconds.toFixed(2)} s = ${(total / seconds).toFixed(1)}/s, `
    + `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, failures ${failures}`);
  await local.close();
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(`${dir}/${e.name}`) : Promise.resolve([`${dir}/${e.name}`]))));
  return nested.flat();
}

async function benchBuildOutput(): Promise<void> {
  const dist = `${root}dist`;
  if (!(await stat(dist).catch(() => null))) {
    console.info('build output: dist/ absent (run `npm run build` first to measure page weights)');
    return;
  }
  const files = await listFiles(dist);
  const pages = files.filter((f) => f.endsWith('.html'));
  for (const page of pages.sort()) {
    const html = await readFile(page, 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? '');
    const inline = [...html.matchAll(/<script\b(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((n, m) => n + (m[1]?.length ?? 0), 0);
    let bytes = inline;
    for (const src of scripts) bytes += (await readFile(`${dist}${src}`).catch(() => Buffer.alloc(0))).length;
    console.info(`page ${page.slice(dist.length)}: initial JavaScript ${bytes} bytes`);
  }
  const chunks = files.filter((f) => f.endsWith('.js'));
  for (const chunk of chunks) {
    const source = await readFile(chunk);
    if (source.includes('BarController')) {
      console.info(`chart chunk ${chunk.slice(dist.length)}: ${(gzipSync(source).length / 1024).toFixed(1)} KB gzipped`);
    }
  }
}

const t0 = performance.now();
await benchCandidatures(200, 1);
await benchCandidatures(200, 8);
await benchBuildOutput();
const peak = process.resourceUsage().maxRSS / 1024;
console.info(`bench: ${((performance.now() - t0) / 1000).toFixed(1)} s, peak memory ${peak.toFixed(0)} MB`);

// `npm run bench`: performance figures (time and peak memory), printed, never asserted here.
//   1. candidatures stored per second through the real handler and the embedded database,
//      with p50/p95 latency, sequential and 8 at a time;
//   2. the production build served by netlify serve: JavaScript each public page ships, the Chart.js
//      chunk and /widget/v1.js gzipped, Lighthouse scores of four pages;
//   3. the production build at volume, 1,250 territories x 5 years (site-build.ts);
//   4. the data layer at volume, 1,000,000 hour lines: publish_year, market_participants,
//      save_month_declaration and the partner pages' calls as their users make them (volume.ts).
// `npm run bench -- <filter>` runs only the scenarios whose name contains the filter
// (candidatures, site, build, volume); without one, all of them.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startBenchDatabase } from './database.ts';
import { startServedSite } from '../e2e/serve.ts';
import { chartChunk, pageWeights } from '../support/page-weight.ts';
import { lighthouseScores } from '../support/lighthouse.ts';
import { buildWidgetBundle } from '../../src/widget/build.ts';
import { aCandidatureForm, post } from '../functions/candidature-form.ts';
import { buildTemplate } from '../support/template.ts';
import { benchVolume } from './volume.ts';
import { benchSiteBuild } from './site-build.ts';

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

async function benchSite(): Promise<void> {
  // The production build served as in the e2e tests (netlify serve over the embedded database).
  const site = await startServedSite();
  try {
    const dist = `${root}dist`;
    for (const page of await pageWeights(dist)) {
      console.info(`page ${page.path}: initial JavaScript ${page.initialJsBytes} bytes (${page.initialJsGzipBytes} gzipped)${page.initialChartJs ? ' (Chart.js included!)' : ''}`);
    }
    const chunk = await chartChunk(dist);
    console.info(chunk ? `chart chunk ${chunk.file}: ${(chunk.gzipBytes / 1024).toFixed(1)} KB gzipped (budget 65 KB)` : 'chart chunk: none');
    const widget = await buildWidgetBundle();
    console.info(`widget/v1.js: ${(gzipSync(Buffer.from(widget), { level: 9 }).length / 1024).toFixed(1)} KB gzipped (budget 70 KB)`);
    const paths = ['/', '/la-clause-sociale/', '/simulateur/', '/territoires/dieppe-maritime/'];
    const scores = await lighthouseScores(paths.map((p) => `${site.baseUrl}${p}`));
    for (const [url, s] of scores) {
      console.info(`lighthouse (median of 3 runs) ${url.slice(site.baseUrl.length)}: performance ${s.performance}, accessibility ${s.accessibility}, `
        + `best practices ${s['best-practices']}, SEO ${s.seo}${s.failing.length ? ` (not passed: ${s.failing.join(', ')})` : ''}`);
    }
  } finally {
    await site.stop();
  }
}

const scenarios: Array<[name: string, run: () => Promise<void>]> = [
  ['candidatures', async () => {
    await benchCandidatures(200, 1);
    await benchCandidatures(200, 8);
  }],
  ['site', async () => {
    // The served site loads the test database template: built here from the current migrations,
    // as the test runner does, so the bench runs on a fresh clone.
    await buildTemplate();
    await benchSite();
  }],
  ['build', benchSiteBuild],
  // A Département's history: 1,000,000 validated hour lines in one territory-year (built once).
  ['volume', () => benchVolume(1_000_000)],
];
const filter = process.argv[2];
const chosen = scenarios.filter(([name]) => !filter || name.includes(filter));
if (chosen.length === 0) {
  console.error(`bench: no scenario matches "${filter}" (scenarios: ${scenarios.map(([name]) => name).join(', ')})`);
  process.exit(2);
}
const t0 = performance.now();
for (const [, run] of chosen) await run();
const peak = process.resourceUsage().maxRSS / 1024;
console.info(`bench: ${((performance.now() - t0) / 1000).toFixed(1)} s, peak memory ${peak.toFixed(0)} MB`);

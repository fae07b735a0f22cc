// Budgets of issue 3, checked as limits on the production build (figures are printed by
// `npm run bench`): what each public page ships, the Chart.js chunk, and Lighthouse scores on the
// home, an explainer, the calculator and a results page, against Debian's Chromium.
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { chartChunk, pageWeights } from '../support/page-weight.ts';
import { lighthouseScores } from '../support/lighthouse.ts';

const dist = fileURLToPath(new URL('../../dist', import.meta.url));
const baseUrl = inject('baseUrl');

/** The only prerendered pages allowed to run JavaScript on load, and why. */
const INTERACTIVE = new Map([
  ['/integrer/', 'the widget builder: live preview and copy button'],
  ['/candidature-spontanee/', 'the application form: inline French errors from the shared schema (works without it too)'],
]);
/** Results pages may carry the loader that imports Chart.js when a chart comes into view. */
const CHART_LOADER_MAX_GZIP = 1_536;
const CHART_CHUNK_MAX_GZIP = 65 * 1024;

describe('what the public pages ship', () => {
  it('explainer pages ship no JavaScript; results pages only the chart loader, never Chart.js itself', async () => {
    const pages = await pageWeights(dist);
    expect(pages.map((p) => p.path)).toEqual(expect.arrayContaining(['/', '/accessibilite/', '/donnees/', '/territoires/']));
    const results = pages.filter((p) => /^\/territoires\/[^/]+\//.test(p.path));
    expect(results.length).toBeGreaterThan(0);
    for (const page of pages) {
      if (INTERACTIVE.has(page.path) || page.path.startsWith('/integrer/')) continue;
      expect(page.initialChartJs, `${page.path} loads Chart.js up front`).toBe(false);
      if (results.includes(page)) {
        expect(page.initialJsGzipBytes, `${page.path}: initial JavaScript, gzipped`).toBeLessThanOrEqual(CHART_LOADER_MAX_GZIP);
      } else {
        expect(page.initialJsBytes, `${page.path}: initial JavaScript`).toBe(0);
      }
    }
  });

  it('the Chart.js chunk, bar charts only, stays within 65 KB gzipped', async () => {
    const chunk = await chartChunk(dist);
    expect(chunk, 'no Chart.js chunk in dist/_astro').not.toBeNull();
    expect(chunk!.gzipBytes).toBeLessThanOrEqual(CHART_CHUNK_MAX_GZIP);
  });
});

describe('Lighthouse', () => {
  it('scores 100 for accessibility and at least 95 elsewhere on the home, an explainer, the calculator, a results page and the self-check with an answer', async () => {
    const urls = [
      `${baseUrl}/`,
      `${baseUrl}/la-clause-sociale/`,
      `${baseUrl}/simulateur/`,
      `${baseUrl}/territoires/dieppe-maritime/`,
      `${baseUrl}/suis-je-concerne/?france_travail=over_12_months&age=24&diplome=none`,
    ];
    const scores = await lighthouseScores(urls);
    for (const url of urls) {
      const s = scores.get(url)!;
      const { failing, ...figures } = s;
      expect.soft(figures.accessibility, `${url} accessibility; failing audits: ${failing.join(', ')}`).toBe(100);
      for (const category of ['performance', 'best-practices', 'seo'] as const) {
        expect.soft(figures[category], `${url} ${category}; failing audits: ${failing.join(', ')}`).toBeGreaterThanOrEqual(95);
      }
    }
  }, 600_000);
});

// Browser tests against the production build, served by `netlify serve --offline` (static pages
// and Netlify Functions on one origin) over the embedded database with the demo data.
// The server is shared by every e2e file (test/e2e/global-setup.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAxe, launchBrowser } from './browser.ts';
import { RESULTS_DIR } from './serve.ts';

const SCREENSHOTS = join(RESULTS_DIR, 'screenshots');
const MAX_PAGES = 150;
const NAVIGATION_TIMEOUT_MS = 30_000;
const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 375, height: 812 },
} as const;

const site = { baseUrl: inject('baseUrl') };
let browser: Browser;
let desktop: BrowserContext;
let mobile: BrowserContext;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser();
  desktop = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'fr-FR' });
  mobile = await browser.newContext({ viewport: VIEWPORTS.mobile, locale: 'fr-FR' });
  for (const context of [desktop, mobile]) {
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    context.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
}, 30_000);

/** Text with every run of spaces (incl. no-break and narrow no-break spaces) as one plain space. */
function normalise(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ');
}

/** A page's address as a file name: `/` → `index`, `/territoires/calvados/` → `territoires-calvados`. */
function screenshotName(url: URL): string {
  const slug = decodeURIComponent(url.pathname + url.search).replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '');
  return slug || 'index';
}

/** Opens a page, collecting script errors, console errors and requests leaving loopback. */
async function open(context: BrowserContext, url: string): Promise<{ page: Page; status: number | null; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.route('**/*', async (route) => {
    const { hostname } = new URL(route.request().url());
    if (['127.0.0.1', 'localhost', '[::1]'].includes(hostname) || route.request().url().startsWith('data:')) {
      await route.continue();
    } else {
      problems.push(`request outside the site: ${route.request().url()}`);
      await route.abort();
    }
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, status: response?.status() ?? null, problems };
}

describe('the production site, served as Netlify serves it', () => {
  it('answers /api/health through the functions runtime', async () => {
    const response = await fetch(`${site.baseUrl}/api/health`, { signal: AbortSignal.timeout(15_000) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ ok: true });
  }, 30_000);

  it('shows the headline figures from the database on the home page (Calvados 2019: 160 600 hours)', async () => {
    const { page } = await open(desktop, `${site.baseUrl}/`);
    try {
      expect(normalise(await page.locator('body').innerText())).toContain('160 600');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('themes a territory’s pages with the colours its facilitator set, the rest of the site with the deployment’s', async () => {
    const colour = async (path: string) => {
      const { page } = await open(desktop, `${site.baseUrl}${path}`);
      try {
        return await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim());
      } finally {
        await page.close();
      }
    };
    // Seeded: Dieppe-Maritime #0b5563, Alpes Sud Isère #2f5d2b; the deployment #1d4f91.
    expect(await colour('/territoires/dieppe-maritime/')).toBe('#0b5563');
    expect(await colour('/territoires/alpes-sud-isere/2025/')).toBe('#2f5d2b');
    expect(await colour('/territoires/')).toBe('#1d4f91');
  }, 60_000);

  it('every page reached from / is served, titled, in French, with one h1, accessible and without broken links', async () => {
    const base = new URL(site.baseUrl);
    const queue: string[] = [new URL('/', base).href];
    const seen = new Set<string>(queue);
    const linkStatus = new Map<string, number>(); // internal URL → status
    const linkedFrom = new Map<string, string>(); // internal URL → first page linking it
    const failures: string[] = [];
    let visited = 0;

    /** Checks an internal URL once; HTML pages go to the crawl queue. */
    const follow = async (href: string, from: string): Promise<void> => {
      const url = new URL(href);
      url.hash = '';
      if (url.origin !== base.origin || linkStatus.has(url.href)) return;
      linkedFrom.set(url.href, from);
      let status = 0;
      let isHtml = false;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
        status = response.status;
        isHtml = (response.headers.get('content-type') ?? '').includes('text/html') && new URL(response.url).origin === base.origin;
        await response.arrayBuffer();
      } catch (error) {
        failures.push(`${url.pathname}: no answer (${String(error)}), linked from ${from}`);
      }
      linkStatus.set(url.href, status);
      if (status >= 400) failures.push(`${url.pathname + url.search}: broken link (HTTP ${status}), linked from ${from}`);
      if (status > 0 && status < 400 && isHtml && !seen.has(url.href)) {
        seen.add(url.href);
        queue.push(url.href);
      }
    };

    while (queue.length > 0 && visited < MAX_PAGES) {
      const href = queue.shift() as string;
      const url = new URL(href);
      const where = url.pathname + url.search;
      const name = screenshotName(url);
      visited += 1;

      const { page, status, problems } = await open(desktop, href);
      try {
        if (status !== 200) problems.push(`HTTP status ${status}, expected 200`);
        const facts = await page.evaluate(() => ({
          lang: document.documentElement.getAttribute('lang'),
          title: document.title.trim(),
          h1: document.querySelectorAll('h1').length,
          links: [...document.querySelectorAll('a[href], link[href]')].map((element) => (element as HTMLAnchorElement).href),
        }));
        if (facts.lang !== 'fr') problems.push(`<html lang> is ${JSON.stringify(facts.lang)}, expected "fr"`);
        if (!facts.title) problems.push('empty <title>');
        if (facts.h1 !== 1) problems.push(`${facts.h1} <h1>, expected exactly one`);
        for (const violation of await checkAxe(page)) problems.push(`axe (desktop): ${violation}`);
        await page.screenshot({ path: join(SCREENSHOTS, `${name}.desktop.png`), fullPage: true });
        for (const link of facts.links) await follow(link, where);
      } finally {
        await page.close();
      }

      const small = await open(mobile, href);
      try {
        for (const violation of await checkAxe(small.page)) problems.push(`axe (375 px): ${violation}`);
        await small.page.screenshot({ path: join(SCREENSHOTS, `${name}.mobile.png`), fullPage: true });
        problems.push(...small.problems.filter((problem) => !problems.includes(problem)));
      } finally {
        await small.page.close();
      }

      failures.push(...problems.map((problem) => `${where}: ${problem}`));
    }

    if (queue.length > 0) failures.push(`crawl stopped at ${MAX_PAGES} pages; ${queue.length} left unvisited`);
    console.info(`e2e crawl: ${visited} pages, ${linkStatus.size} internal links checked; screenshots in ${SCREENSHOTS}`);
    expect(visited).toBeGreaterThan(1);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 600_000);
});

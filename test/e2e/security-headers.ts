// Shared by test/e2e/security-headers.test.ts (production build under netlify serve) and
// test/e2e-dev/security-headers.test.ts (npm run dev): the headers every page must carry, a
// foreign page that frames a partner page and a widget iframe page, and the CSP violations a
// page reports (docs/decisions/2026-12-03-content-security-policy.md).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signInAsDemo } from './browser.ts';

export const WIDGET_FRAME_PAGE = '/integrer/dieppe-maritime/heures/';

/** The directives of a Content-Security-Policy header (several policies joined by commas are merged into one list). */
export function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(/[;,]/)) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), [...(map.get(name.toLowerCase()) ?? []), ...sources]);
  }
  return map;
}

/** The response of a page at path carries the strict policy and the security headers; frameable only when told. */
export async function expectSecurityHeaders(baseUrl: string, path: string, frameable: boolean): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
  await response.arrayBuffer();
  expect(response.status, path).toBe(200);
  const policy = response.headers.get('content-security-policy');
  expect(policy, `${path}: Content-Security-Policy header`).toBeTruthy();
  const csp = directives(policy ?? '');
  const scriptSrc = csp.get('script-src') ?? csp.get('default-src');
  expect(scriptSrc, `${path}: script-src`).toBeDefined();
  expect(scriptSrc, `${path}: scripts without 'unsafe-inline'`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${path}: scripts without 'unsafe-eval'`).not.toContain("'unsafe-eval'");
  expect(csp.get('style-src'), `${path}: styles without 'unsafe-inline'`).not.toContain("'unsafe-inline'");
  expect(csp.get('object-src'), path).toEqual(["'none'"]);
  expect(csp.get('base-uri'), path).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors'), `${path}: frame-ancestors`).toEqual(frameable ? ['*'] : ["'none'"]);
  expect(response.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d{7,}/);
  expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('permissions-policy'), path).toContain('camera=()');
  expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
}

/** A page on another origin (loopback, another port) framing a partner page and a widget iframe page of the site. */
export async function startFramingHost(baseUrl: string, partnerPath: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Site tiers</title></head>
<body><h1>Site tiers</h1>
<iframe id="partenaire" title="Espace partenaires" src="${baseUrl}${partnerPath}" width="600" height="400"></iframe>
<iframe id="module" title="Module" src="${baseUrl}${WIDGET_FRAME_PAGE}" width="600" height="400"></iframe>
</body></html>`;
  const server: Server = createServer((request, response) => {
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  expect(new URL(url).origin).not.toBe(new URL(baseUrl).origin);
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The foreign page: the partner frame is refused by the browser, the widget frame shows the widget. */
export async function expectFramingRefusedExceptWidget(browser: Browser, baseUrl: string, partnerPath: string): Promise<void> {
  const host = await startFramingHost(baseUrl, partnerPath);
  const page = await browser.newPage({ locale: 'fr-FR' });
  page.setDefaultTimeout(60_000);
  try {
    await page.goto(`${host.url}/`);
    const widget = page.frameLocator('#module').locator('clauses-resultats');
    await widget.locator('.cr-summary').first().waitFor({ state: 'attached' });
    await expect.poll(() => widget.locator('.cr-summary').first().textContent()).toContain('heures d’insertion');
    const partnerFrame = await (await page.locator('#partenaire').elementHandle())?.contentFrame();
    // Chromium shows its error page in place of a refused frame.
    await expect.poll(() => partnerFrame?.url()).toMatch(/^chrome-error:/);
    expect(await page.frameLocator('#partenaire').locator('form').count(), 'no form of the partner page inside the foreign frame').toBe(0);
  } finally {
    await page.close();
    await host.close();
  }
}

/** Collects every CSP violation a page of this context reports (the event and Chromium's console message). */
export async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  context.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|CSP violation|Refused to (load|execute|apply|frame|connect)/i.test(text)) violations.push(`${message.page()?.url()}: ${text}`);
  });
  context.on('weberror', (error) => violations.push(`page error: ${error.error().message}`));
  return violations;
}

/** Opens a path and waits until what it must do with JavaScript is done. */
export async function visit(page: Page, url: string, ready: (page: Page) => Promise<void>): Promise<void> {
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
}

/**
 * The pages that run scripts or inline styles, with JavaScript: the home page, a territory's
 * results with its chart drawn by Chart.js, a job offer's application form (enhanced by its
 * script, submitted empty), the sign-in page and a signed-in partner page. None reports a CSP violation.
 */
export async function expectNoViolations(browser: Browser, baseUrl: string, signIn: () => Promise<BrowserContext>): Promise<void> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  context.setDefaultTimeout(60_000);
  const violations = await watchViolations(context);
  const page = await context.newPage();
  try {
    await visit(page, `${baseUrl}/`, async (p) => { await p.locator('main h1').waitFor(); });
    await visit(page, `${baseUrl}/territoires/dieppe-maritime/`, async (p) => {
      await p.locator('figure.chart').first().scrollIntoViewIfNeeded();
      const chart = p.locator('figure.chart .chart-canvas').first();
      await expect.poll(() => chart.isVisible()).toBe(true);
      await expect.poll(() => chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => canvas.width)).toBeGreaterThan(0);
    });
    // The theme colour reaches the page through its hashed <style>.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim())).toMatch(/^#[0-9a-f]{6}$/i);
    const list = await (await fetch(`${baseUrl}/offres/`)).text();
    const href = /href="(\/offres\/[0-9a-f-]{36}\/)"/.exec(list)?.[1];
    if (!href) throw new Error('no offer listed on /offres/');
    await visit(page, `${baseUrl}${href}`, async (p) => {
      await p.locator('form[data-application-form][data-enhanced="true"]').waitFor();
      await p.getByRole('button', { name: 'Envoyer la candidature' }).click();
      await p.locator('.field-error:not([hidden])').first().waitFor();
    });
    await visit(page, `${baseUrl}/espace/connexion/`, async (p) => { await p.getByRole('form', { name: 'Avec votre mot de passe' }).waitFor(); });
    expect(violations, violations.join('\n')).toEqual([]);
  } finally {
    await context.close();
  }

  const partner = await signIn();
  partner.setDefaultTimeout(60_000);
  const partnerViolations = await watchViolations(partner);
  try {
    const settings = await partner.newPage();
    await visit(settings, `${baseUrl}/espace/parametres/`, async (p) => {
      await p.locator('#color_primary').fill('#123456');
      await expect.poll(() => p.locator('[data-swatch="color_primary"]').getAttribute('fill')).toBe('#123456');
    });
    await visit(settings, `${baseUrl}/integrer/`, async (p) => { await p.locator('#apercu clauses-resultats, #apercu iframe').first().waitFor({ state: 'attached' }); });
    expect(partnerViolations, partnerViolations.join('\n')).toEqual([]);
  } finally {
    await partner.close();
  }
}

/** The same journeys wherever the site runs: the headers, framing, and no CSP violation. */
export function describeSecurityHeaders(baseUrl: string): void {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  describe('security headers and Content-Security-Policy', () => {
    it('a public page, the sign-in page and a widget iframe page carry them; only the widget page may be framed', async () => {
      await expectSecurityHeaders(baseUrl, '/', false);
      await expectSecurityHeaders(baseUrl, '/la-clause-sociale/', false);
      await expectSecurityHeaders(baseUrl, '/integrer/', false);
      await expectSecurityHeaders(baseUrl, '/espace/connexion/', false);
      await expectSecurityHeaders(baseUrl, WIDGET_FRAME_PAGE, true);
    });

    it('a foreign page framing the sign-in page is refused by the browser, framing the widget page works', async () => {
      await expectFramingRefusedExceptWidget(browser, baseUrl, '/espace/connexion/');
    });

    it('no CSP violation on the home page, a chart, the application form with JavaScript and partner pages', async () => {
      await expectNoViolations(browser, baseUrl, async () => (await signInAsDemo(browser, baseUrl, 'facilitateur@demo.test')).context);
    });
  });
}

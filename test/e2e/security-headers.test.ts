// Content-Security-Policy and security headers under the production build served by netlify serve (static pages carry Astro's policy through the adapter's staticHeaders, partner pages through the function):
// a public static page, a partner page and a widget iframe page carry them; a foreign page may
// frame the widget iframe page and not the partner page; the pages with scripts and inline styles
// report no CSP violation (docs/decisions/2026-12-03-content-security-policy.md).
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signInAsDemo } from './browser.ts';
import { expectFramingRefusedExceptWidget, expectNoViolations, expectSecurityHeaders, WIDGET_FRAME_PAGE } from './security-headers.ts';

const baseUrl = inject('baseUrl');
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

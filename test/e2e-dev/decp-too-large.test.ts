// A DECP file above 20 MB, under `npm run dev` (Astro's server answers itself: under `netlify
// serve`, and on Netlify, a function's request body is capped at 6 MB before Astro sees it).
// Just above DECP_MAX_BYTES the action refuses the file; above security.actionBodySizeLimit
// Astro refuses the body before the action runs. Both answer 413 with the same French message,
// on the import page, and nothing is read.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signInAsDemo } from '../e2e/browser.ts';
import { DECP_MAX_BYTES } from '../../src/domain/decp.ts';
import { DECP_TOO_LARGE } from '../../src/domain/decp-import.ts';

const baseUrl = inject('devBaseUrl');
let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

describe('under npm run dev, a DECP file too large', () => {
  it.each([
    ['just above 20 MB (the action)', DECP_MAX_BYTES + 1],
    ['above the action body limit (Astro)', DECP_MAX_BYTES + 2 * 1024 * 1024],
  ])('%s: 413 and the French message', async (_, size) => {
    const { context } = await signInAsDemo(browser, baseUrl, 'facilitateur@demo.test');
    const response = await context.request.post(`${baseUrl}/espace/import-decp/?_action=decp.preview`, {
      multipart: { fichier: { name: 'decp.json', mimeType: 'application/json', buffer: Buffer.alloc(size, 0x20) } },
      headers: { origin: baseUrl }, maxRedirects: 0,
    });
    expect(response.status()).toBe(413);
    const html = await response.text();
    expect(html).toContain(DECP_TOO_LARGE);
    expect(html).toContain('1. Choisir le fichier');
    await context.close();
  });
});

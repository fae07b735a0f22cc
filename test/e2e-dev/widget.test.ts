// Under `npm run dev`, a community's page on another origin pastes both widget snippets the
// builder gives (the script, recommended, and the iframe): both show the territory's published
// hours, read from /donnees/<territoire>.json across origins.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/browser.ts';
import { formatCount } from '../../src/domain/format.ts';
import { parseOpenData } from '../../src/widget/data.ts';
import { iframeSnippet, scriptSnippet, type SnippetChoice } from '../../src/widget/snippet.ts';

const baseUrl = inject('devBaseUrl');
const HEURES: SnippetChoice = {
  territoire: 'dieppe-maritime', indicateur: 'heures', annee: 2025, graphique: 'barres', theme: 'clair', couleur: '#1d4f91', hauteur: 280,
};
const normalise = (text: string): string => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
let host: Server;
let hostUrl: string;
let browser: Browser;

beforeAll(async () => {
  const page = (): string => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Commune de test</title></head>
<body><main><h1>Nos résultats</h1>
<h2>Avec le script</h2>${scriptSnippet(baseUrl, HEURES)}
<h2>Avec le cadre</h2>${iframeSnippet(baseUrl, HEURES, 'Heures d’insertion — Dieppe-Maritime')}
</main></body></html>`;
  host = createServer((request, response) => {
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  expect(new URL(hostUrl).origin).not.toBe(new URL(baseUrl).origin);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
});

describe('under npm run dev, both widget snippets on a foreign page', () => {
  it('the script widget and the iframe widget show the published hours of Dieppe-Maritime 2025', async () => {
    const response = await fetch(`${baseUrl}/donnees/dieppe-maritime.json`, { headers: { origin: hostUrl } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const publication = parseOpenData(await response.json())?.find((p) => p.annee === 2025);
    if (!publication) throw new Error('no 2025 publication for Dieppe-Maritime in the open data');
    const expected = normalise(`${formatCount(publication.indicateurs.heures.realisees_dans_l_annee)} heures d’insertion réalisées dans l’année`);

    const problems: string[] = [];
    const page = await browser.newPage({ locale: 'fr-FR' });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    await page.goto(`${hostUrl}/`);

    const widget = page.locator('clauses-resultats[territoire="dieppe-maritime"]');
    await widget.locator('.cr-summary').waitFor({ timeout: 60_000 });
    expect(normalise(await widget.locator('.cr-summary').innerText())).toContain(expected);

    const frame = page.frameLocator('iframe');
    // The frame's page carries the figures as HTML, which its script may replace by the widget
    // (its text then lives in the widget's shadow root): either shows the hours.
    const frameText = (): Promise<string> => frame.locator('body').evaluate((body) => {
      const widget = body.querySelector('clauses-resultats');
      return `${(body as HTMLElement).innerText} ${widget?.shadowRoot?.querySelector<HTMLElement>('.cr-summary')?.innerText ?? ''}`;
    }).catch(() => '');
    await expect.poll(async () => normalise(await frameText()), { timeout: 60_000 }).toContain(expected);
    expect(problems).toEqual([]);
    await page.close();
  });
});

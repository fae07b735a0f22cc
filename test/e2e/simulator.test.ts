// The buyers' hours simulator in a real browser, keyboard only (Tab, typing, Enter; no clicks):
// the result and its shareable address, French errors with a focusable summary and HTTP 422;
// and the editorial pages: served, without JavaScript, with the data read from the database.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { checkAxe, launchBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
});

/** Text with every run of spaces (incl. no-break and narrow no-break spaces) as one plain space. */
function normalise(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ');
}

const activeId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

/** Presses Tab until the element with this id has the focus; fails after `max` presses. */
async function tabTo(page: Page, id: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if ((await activeId(page)) === id) return;
  }
  throw new Error(`#${id} was not reached with ${max} presses of Tab`);
}

/** Presses Enter in the focused field and waits for the simulator's answer. */
async function submitWithEnter(page: Page): Promise<Response> {
  const answer = page.waitForResponse((r) => r.request().resourceType() === 'document' && r.url().includes('/simulateur/resultat/?'));
  await page.keyboard.press('Enter');
  const response = await answer;
  await page.waitForURL(response.url(), { waitUntil: 'load' });
  return response;
}

async function openSimulator(): Promise<Page> {
  const page = await browser.newPage({ locale: 'fr-FR' });
  const response = await page.goto(`${baseUrl}/simulateur/`);
  expect(response?.status()).toBe(200);
  return page;
}

describe('the hours simulator, keyboard only', () => {
  it('computes the worked example of the MEF Sud 77 (833 h), with the inputs in a shareable address', async () => {
    const page = await openSimulator();
    try {
      expect(await checkAxe(page)).toEqual([]);
      await tabTo(page, 'montant');
      await page.keyboard.type('1 000 000');
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe('secteur');
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe('part_main_oeuvre');
      await page.keyboard.type('50');
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe('taux');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('5');
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe('cout_horaire');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('30');
      const response = await submitWithEnter(page);
      expect(response.status()).toBe(200);

      const result = page.locator('#resultat');
      expect(await result.locator('[data-hours]').getAttribute('data-hours')).toBe('833');
      const text = normalise(await result.innerText());
      expect(text).toContain('833 h');
      expect(text).toContain('1 000 000 € × 50 % × 5 % ÷ 30 €/h = 833 h');
      // The result takes the focus, so a keyboard or screen-reader user lands on it.
      await expect.poll(() => activeId(page)).toBe('resultat');

      const url = new URL(page.url());
      expect(url.pathname).toBe('/simulateur/resultat/');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        montant: '1 000 000', secteur: '', part_main_oeuvre: '50', taux: '5', cout_horaire: '30',
      });
      // The address shown for sharing gives the same result when opened again.
      const shared = new URL(await result.locator('a.share').getAttribute('href') ?? '');
      expect(Object.fromEntries(shared.searchParams)).toEqual({ montant: '1000000', part_main_oeuvre: '50', taux: '5', cout_horaire: '30' });
      const again = await fetch(`${baseUrl}${shared.pathname}${shared.search}`);
      expect(again.status).toBe(200);
      expect(await again.text()).toContain('data-hours="833"');
      expect(await checkAxe(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('uses the sector’s indicative labour share when none is typed (interior painting, 70 %: 1 166 h)', async () => {
    const page = await openSimulator();
    try {
      await tabTo(page, 'montant');
      await page.keyboard.type('1000000');
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe('secteur');
      await page.keyboard.type('Pein'); // type-ahead in the select
      expect(await page.locator('#secteur').inputValue()).toBe('peinture_interieure');
      await page.keyboard.press('Tab'); // labour share left empty
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe('taux');
      const response = await submitWithEnter(page); // rate and cost keep their initial 5 % and 30 €/h
      expect(response.status()).toBe(200);
      expect(await page.locator('#resultat [data-hours]').getAttribute('data-hours')).toBe('1166');
      expect(normalise(await page.locator('#resultat').innerText())).toContain('valeur indicative pour « Peinture intérieure »');
      const params = new URL(page.url()).searchParams;
      expect(params.get('secteur')).toBe('peinture_interieure');
      expect(params.get('part_main_oeuvre')).toBe('');
      expect(params.get('montant')).toBe('1000000');
    } finally {
      await page.close();
    }
  });

  it('answers bad input with 422, French errors by each field and a focused summary whose links lead to the fields', async () => {
    const page = await openSimulator();
    try {
      await tabTo(page, 'montant');
      await page.keyboard.type('beaucoup');
      await tabTo(page, 'taux', 3);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
      const response = await submitWithEnter(page);
      expect(response.status()).toBe(422);
      expect(await page.title()).toMatch(/^Erreur : /);

      const summary = page.locator('#erreurs');
      await expect.poll(() => activeId(page)).toBe('erreurs');
      const links = summary.locator('a');
      expect(normalise(await summary.innerText())).toContain('Le montant doit être un nombre, en euros');
      expect(await links.count()).toBe(3); // amount, labour share (no sector), insertion rate
      expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#montant', '#part_main_oeuvre', '#taux']);

      // Each field says what is wrong, in French, and points to its message.
      expect(await page.locator('#montant').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#montant').getAttribute('aria-describedby')).toBe('montant-hint montant-error');
      expect(await page.locator('#montant-error').innerText()).toBe('Le montant doit être un nombre, en euros (exemple : 250 000).');
      expect(await page.locator('#taux-error').innerText()).toBe('Indiquez le taux d’insertion, en % (souvent 5 à 10 %).');
      expect(await page.locator('#cout_horaire').getAttribute('aria-invalid')).toBeNull();
      // What was typed is kept.
      expect(await page.locator('#montant').inputValue()).toBe('beaucoup');

      // From the summary, Tab reaches the first link and Enter moves the focus to its field.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#montant');
      await page.keyboard.press('Enter');
      await expect.poll(() => activeId(page)).toBe('montant');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('200000');
      await tabTo(page, 'part_main_oeuvre', 2);
      await page.keyboard.type('50');
      await page.keyboard.press('Tab');
      await page.keyboard.type('5');
      const fixed = await submitWithEnter(page);
      expect(fixed.status()).toBe(200);
      expect(await page.locator('#resultat [data-hours]').getAttribute('data-hours')).toBe('166');
      expect(await page.locator('#erreurs').count()).toBe(0);
      expect(await checkAxe(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows the empty form from a prerendered page; the result page without values leads back to it', async () => {
    expect(existsSync(fileURLToPath(new URL('../../dist/simulateur/index.html', import.meta.url)))).toBe(true);
    const empty = await fetch(`${baseUrl}/simulateur/resultat/`, { redirect: 'manual' });
    expect(empty.status).toBe(303);
    expect(empty.headers.get('location')).toBe('/simulateur/');
  });

  it.each([
    ['an unknown sector', 'montant=100000&secteur=%3Cscript%3E&taux=5&cout_horaire=30'],
    ['a repeated and a huge field', 'montant=1&montant=2&part_main_oeuvre=50&taux=5&cout_horaire=' + '9'.repeat(5000)],
    ['a negative cost', 'montant=100000&part_main_oeuvre=50&taux=5&cout_horaire=-1'],
    ['every field empty', 'montant=&secteur=&part_main_oeuvre=&taux=&cout_horaire='],
  ])('never fails with a 5xx: %s', async (_case, query) => {
    const response = await fetch(`${baseUrl}/simulateur/resultat/?${query}`);
    const html = await response.text();
    expect([200, 422]).toContain(response.status);
    expect(html).toMatch(/<h1[^>]*>Simulateur d’heures d’insertion<\/h1>/);
    expect(html).not.toContain('<script>');
  });
});

describe('the editorial pages', () => {
  const pages = ['/la-clause-sociale/', '/acheteurs/', '/entreprises/', '/candidats/', '/siae-et-prescripteurs/', '/facilitateurs/', '/faq/', '/mentions-legales/', '/donnees-personnelles/', '/simulateur/'];

  it.each(pages)('%s is served, linked from the footer of the home page, and ships no JavaScript', async (path) => {
    const home = await (await fetch(`${baseUrl}/`)).text();
    expect(home).toContain(`href="${path}"`);
    const response = await fetch(`${baseUrl}${path}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toMatch(/<script\b/i);
  });

  it('every editorial page and a simulator result fit a 320 px wide screen without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'fr-FR', javaScriptEnabled: false });
    try {
      const overflowing: string[] = [];
      for (const path of [...pages, '/', '/simulateur/resultat/?montant=1000000&secteur=peinture_interieure&taux=5&cout_horaire=30', '/simulateur/resultat/?montant=x']) {
        const page = await context.newPage();
        await page.goto(`${baseUrl}${path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 320) overflowing.push(`${path}: ${width} px`);
        await page.close();
      }
      expect(overflowing).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the buyers’ page gives each lever with its current and its 2006 article (DOMAIN.md §3)', async () => {
    const text = normalise(await (await fetch(`${baseUrl}/acheteurs/`)).text());
    for (const [current, old] of [['L2112-2', 'article 14'], ['L2113-12', 'article 15'], ['R2123-1 3°', 'article 30'], ['L2152-7 / R2152-7', 'article 53']]) {
      expect(text).toMatch(new RegExp(`<td>${current}</td>\\s*<td>${old}</td>`));
    }
    expect(text).toContain('L2113-13');
    expect(text).toContain('href="/simulateur/"');
  });

  it('the facilitators’ page lists each territory with its facilitator’s contact, read from the database', async () => {
    const text = await (await fetch(`${baseUrl}/facilitateurs/`)).text();
    for (const email of ['facilitation.dieppe@demo.test', 'facilitation.alpes@demo.test', 'facilitation.calvados@demo.test']) {
      expect(text).toContain(`href="mailto:${email}"`);
    }
    expect(text).toContain('Dieppe-Maritime');
  });

  it('the legal notice and the personal-data page show the publisher, the DPO and each territory’s retention', async () => {
    const legal = normalise(await (await fetch(`${baseUrl}/mentions-legales/`)).text());
    expect(legal).toContain('Déploiement de démonstration');
    expect(legal).toContain('Netlify');
    // Address and director from the deployment's settings; a field not filled says so.
    expect(legal).toContain('Adresse : 1 place de la Démonstration, 00000 Démo (adresse fictive)');
    expect(legal).toContain('Direction de la publication : Direction du service de facilitation (démo)');
    expect(legal).toMatch(/<strong>Netlify, Inc\.<\/strong><br\/?>\s*Adresse : à compléter par l’éditeur/);
    expect(legal).toContain('EUPL-1.2');
    expect(legal).toContain('Licence Ouverte 2.0');
    const privacy = normalise(await (await fetch(`${baseUrl}/donnees-personnelles/`)).text());
    expect(privacy).toContain('article 6-1-e du RGPD');
    expect(privacy).toMatch(/<td class="num">\d+ mois<\/td>/);
    expect(privacy).toContain('CNIL');
  });
});

// Shared by test/e2e/everyday.test.ts (production build under netlify serve) and
// test/e2e-dev/everyday.test.ts (npm run dev): what a person reads and does every day. A company
// declares a month on a phone (375 px) with each person's name, mode, hours and state in view
// together; a job seeker reads an offer's application deadline; a visitor finds the
// facilitator's phone on the territory's page; the facilitator and the company open an
// applicant's contact details (an audited read); the French reads right (« d’octobre », « 1er »).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from './browser.ts';
import { markets, offers } from '../support/seed.ts';

// A month with no line in the seed, so that the draft saved here changes no other test's lines.
const MONTH = '2026-11';

/** The element's box lies inside the 375 px wide viewport, without scrolling sideways. */
async function inViewportWidth(element: Locator): Promise<boolean> {
  const box = await element.boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= 375;
}

export function describeEverydayJourneys(baseUrl: string, where: string): void {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  describe(`${where}, a company declares a month on a phone`, () => {
    it('sees each person’s name, mode, hours and state together, saves a draft and reads its state', async () => {
      const { context, page } = await signInAsDemo(browser, baseUrl, 'entreprise@demo.test');
      context.setDefaultTimeout(60_000);
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`${baseUrl}/espace/declarer/?marche=${markets.penlyLot1}&mois=${MONTH}`);
      expect(await page.title()).toContain('Déclarer les heures de novembre 2026');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(await checkAxe(page)).toEqual([]);

      // The first person not yet declared this month: their card holds all four, side by side or stacked.
      const card = page.getByRole('group').filter({ hasText: 'Pas encore déclaré' }).first();
      const name = (await card.getByRole('heading').innerText()).trim();
      const mode = card.getByRole('combobox', { name: /^Mode de réalisation/ });
      const hours = card.getByRole('textbox', { name: /^Heures/ });
      const state = card.getByText('Pas encore déclaré');
      for (const part of [card.getByRole('heading'), mode, hours, state]) expect(await inViewportWidth(part)).toBe(true);
      const top = (await card.getByRole('heading').boundingBox())!.y;
      const bottom = (await state.boundingBox())!.y;
      expect(bottom - top).toBeLessThan(250); // one glance: no screen of other fields between the name and the state

      await hours.fill('12,5');
      await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      await expect.poll(() => page.getByRole('status').innerText()).toContain('Brouillon enregistré');
      const saved = page.getByRole('group', { name });
      expect(await saved.getByRole('textbox', { name: /^Heures/ }).inputValue()).toBe('12,5');
      expect(await saved.innerText()).toContain('Brouillon');
      await context.close();
    });
  });

  describe(`${where}, the facilitator and the company reach an applicant`, () => {
    it('open the contact details from the candidatures page; another company gets « introuvable »', async () => {
      const facilitator = await signInAsDemo(browser, baseUrl, 'facilitateur@demo.test');
      facilitator.context.setDefaultTimeout(60_000);
      await facilitator.page.goto(`${baseUrl}/espace/candidatures/`);
      await facilitator.page.getByRole('link', { name: 'Coordonnées de Camille Démo-Transmise' }).click();
      await facilitator.page.waitForURL(/\/espace\/candidatures\/coordonnees\//);
      const shown = await facilitator.page.locator('main').innerText();
      expect(shown).toContain('camille.demo@exemple.test');
      expect(shown).toContain('Cette consultation est enregistrée dans le journal');
      expect(await checkAxe(facilitator.page)).toEqual([]);
      const address = facilitator.page.url();
      await facilitator.context.close();

      const company = await signInAsDemo(browser, baseUrl, 'entreprise@demo.test');
      await company.page.goto(`${baseUrl}/espace/candidatures/`);
      await company.page.getByRole('link', { name: 'Voir les coordonnées de Camille Démo-Transmise' }).click();
      expect(await company.page.getByRole('link', { name: 'camille.demo@exemple.test' }).getAttribute('href')).toBe('mailto:camille.demo@exemple.test');
      await company.context.close();

      const other = await signInAsDemo(browser, baseUrl, 'entreprise2@demo.test');
      const refused = await other.page.goto(address);
      expect(refused?.status()).toBe(404);
      // The dev server shows the page's own message; the production build, the site's « Page introuvable ».
      expect(await other.page.locator('main').innerText()).toContain('introuvable');
      expect(await other.page.locator('main').innerText()).not.toContain('camille.demo');
      await other.context.close();
    });
  });

  describe(`${where}, the facilitator checks an applicant’s eligibility before the hire`, () => {
    it('records the criteria retained and the proofs seen, which the candidature then shows as checked', async () => {
      const { context, page } = await signInAsDemo(browser, baseUrl, 'facilitateur@demo.test');
      context.setDefaultTimeout(60_000);
      await page.goto(`${baseUrl}/espace/candidatures/`);
      const check = page.locator('details.eligibility-check', { hasText: 'd’Inès Démo-Étude' });
      await check.locator('summary').click();
      const young = 'Jeune de moins de 26 ans, sorti du système scolaire depuis au moins 6 mois, peu qualifié';
      expect(await check.getByRole('checkbox', { name: young, exact: true }).isChecked()).toBe(true); // as she declared it
      await check.getByRole('checkbox', { name: `justificatif vu : ${young}` }).check();
      await check.getByRole('button', { name: 'Enregistrer la vérification d’Inès Démo-Étude' }).click();
      await page.waitForURL(/ok=eligibilite/);
      expect(await page.getByRole('status').innerText()).toContain('Vérification d’éligibilité enregistrée');
      const checked = page.locator('details.eligibility-check', { hasText: 'd’Inès Démo-Étude' });
      expect(await checked.locator('summary').innerText()).toMatch(/^Éligibilité vérifiée le \d/);
      expect(await checkAxe(page)).toEqual([]);
      // On a phone the page scrolls down only: the wide tables scroll inside their own box.
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await context.close();
    });
  });

  describe(`${where}, the facilitator publishes with a double click`, () => {
    it('says it is working, and publishes one version', async () => {
      const { context, page } = await signInAsDemo(browser, baseUrl, 'facilitateur.alpes@demo.test');
      context.setDefaultTimeout(60_000);
      await page.goto(`${baseUrl}/espace/publier/?annee=2025`);
      const version = async () => Number(/version (\d+)/.exec(await page.getByText(/^Aperçu de la version \d+/).innerText())?.[1]);
      const before = await version();
      await page.getByLabel(/^Je confirme/).check();
      const form = page.locator('form[data-busy]');
      // The page's script has run (the dev server compiles it on first request): the status line is there, empty.
      await form.locator('.busy-status').waitFor({ state: 'attached' });
      // What the form says just after each click is kept in the tab's sessionStorage (the page is then replaced).
      await form.evaluate((f) => {
        f.addEventListener('submit', () => setTimeout(() => {
          const seen = JSON.parse(sessionStorage.getItem('busy') ?? '[]') as string[];
          seen.push(`${f.getAttribute('aria-busy')}|${f.querySelector('.busy-status')?.textContent ?? ''}`);
          sessionStorage.setItem('busy', JSON.stringify(seen));
        }, 0), true);
      });
      const posts: string[] = [];
      page.on('request', (request) => { if (request.method() === 'POST') posts.push(request.url()); });
      await page.getByRole('button', { name: 'Publier les résultats 2025' }).dblclick();
      await expect.poll(() => page.getByRole('status').first().innerText()).toContain('Résultats 2025 publiés');
      expect(posts).toHaveLength(1);
      const seen = JSON.parse(await page.evaluate(() => sessionStorage.getItem('busy') ?? '[]')) as string[];
      expect(seen[0]).toMatch(/^true\|Publication en cours/);
      await page.goto(`${baseUrl}/espace/publier/?annee=2025`);
      expect(await version()).toBe(before + 1);
      await context.close();
    });
  });

  describe(`${where}, every page fits a phone`, () => {
    it('scrolls down only at 375 px, for a visitor, the facilitator and the company', async () => {
      const pages: Record<string, string[]> = {
        '-': ['/', '/offres/', '/territoires/dieppe-maritime/', '/facilitateurs/', '/suis-je-concerne/'],
        'facilitateur@demo.test': ['/espace/', '/espace/marches/', '/espace/candidatures/', '/espace/declarations/', '/espace/participants/', '/espace/publier/', '/espace/parametres/', '/espace/organisations/'],
        'entreprise@demo.test': ['/espace/', '/espace/candidatures/', `/espace/declarer/?marche=${markets.penlyLot1}&mois=${MONTH}`, '/espace/bilan/'],
      };
      const wide: string[] = [];
      for (const [who, paths] of Object.entries(pages)) {
        const context = who === '-' ? await browser.newContext({ locale: 'fr-FR' }) : (await signInAsDemo(browser, baseUrl, who)).context;
        context.setDefaultTimeout(60_000);
        const page = context.pages()[0] ?? await context.newPage();
        await page.setViewportSize({ width: 375, height: 800 });
        for (const path of paths) {
          await page.goto(`${baseUrl}${path}`);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > 375) wide.push(`${who} ${path}: ${width} px`);
        }
        await context.close();
      }
      expect(wide).toEqual([]);
    });
  });

  describe(`${where}, the public pages say when and whom`, () => {
    it('shows the application deadline on the offer and in the list, « 1er » style dates', async () => {
      const page = await browser.newPage({ locale: 'fr-FR' });
      await page.goto(`${baseUrl}/offres/${offers.penlyLot1}/`);
      const deadline = await page.locator('dt', { hasText: 'Candidatures' }).locator('xpath=following-sibling::dd[1]').innerText();
      expect(deadline).toMatch(/^jusqu’au (1er|[2-9]|[12]\d|3[01]) [a-zéû]+ \d{4} inclus$/);
      expect(await page.locator('dt', { hasText: 'Début' }).locator('xpath=following-sibling::dd[1]').innerText()).toBe('4 janvier 2027');
      await page.goto(`${baseUrl}/offres/`);
      const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Maçon·ne coffreur·se' }) });
      expect(await card.innerText()).toContain(deadline.replace(/^j/, 'Candidatures j'));
      // French elision before a vowel: the form names « le service … d’Alpes Sud Isère ».
      await page.goto(`${baseUrl}/offres/${offers.alpes}/`);
      expect(await page.locator('main').innerText()).toContain('clauses sociales d’Alpes Sud Isère');
      await page.close();
    });

    it('gives the facilitator’s phone, as a link to call, on the territory’s page', async () => {
      const page = await browser.newPage({ locale: 'fr-FR' });
      await page.goto(`${baseUrl}/territoires/dieppe-maritime/`);
      const call = page.getByRole('link', { name: '02 61 91 00 00' });
      expect(await call.getAttribute('href')).toBe('tel:0261910000');
      expect(await checkAxe(page)).toEqual([]);
      await page.goto(`${baseUrl}/territoires/alpes-sud-isere/`);
      // A territory that has no phone shows none.
      expect(await page.getByRole('link', { name: /^0\d/ }).count()).toBe(0);
      await page.close();
    });
  });
}

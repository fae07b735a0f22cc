// The partner space under `npm run dev`: the facilitator moves a candidature along the pipeline;
// a company declares a month and submits it; the facilitator validates the lines and publishes
// the year; the territory's public page (rendered on each request by the dev server) shows the
// new total. Every page passes axe.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from '../e2e/browser.ts';
import { markets } from '../support/seed.ts';

const baseUrl = inject('devBaseUrl');
const MONTH = '2026-08';
let browser: Browser;

beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const signedIn = (email: string): Promise<{ context: BrowserContext; page: Page }> => signInAsDemo(browser, baseUrl, email);
const axeClean = async (page: Page): Promise<void> => { expect(await checkAxe(page), page.url()).toEqual([]); };
const digits = (text: string): number => Number(text.replace(/[^\d]/g, ''));

describe('under npm run dev, the facilitator runs the pipeline', () => {
  it('puts a received candidature under review, then shortlists it', async () => {
    const { context, page } = await signedIn('facilitateur@demo.test');
    await page.goto(`${baseUrl}/espace/candidatures/`);
    await axeClean(page);
    await page.getByRole('button', { name: 'Mettre à l’étude : Louis Démo-Reçu' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Présélectionner : Louis Démo-Reçu' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Présélectionner : Louis Démo-Reçu' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Transmettre à l’entreprise : Louis Démo-Reçu' }).count()).toBe(1);
    const history = page.getByRole('group').filter({ hasText: 'Historique de la candidature de Louis Démo-Reçu' });
    await history.locator('summary').click();
    expect(await history.innerText()).toMatch(/Présélectionnée/);
    await axeClean(page);
    await context.close();
  });
});

describe('under npm run dev, from a company’s month to the public page', () => {
  it('the company declares and submits, the facilitator validates and publishes, the page shows it', async () => {
    const facilitator = await signedIn('facilitateur@demo.test');
    const previewed = async (): Promise<number> => {
      await facilitator.page.goto(`${baseUrl}/espace/publier/?annee=2026`);
      return digits(await facilitator.page.locator('td[data-key="heures.realisees_dans_l_annee"]').innerText());
    };
    const before = await previewed();

    const company = await signedIn('entreprise@demo.test');
    await company.page.goto(`${baseUrl}/espace/declarer/?marche=${markets.penlyLot1}&mois=${MONTH}`);
    await axeClean(company.page);
    const hours = company.page.locator('input[name^="hours_"]');
    await hours.nth(0).fill('40');
    await hours.nth(1).fill('32');
    await company.page.getByRole('button', { name: 'Enregistrer et transmettre au facilitateur' }).click();
    await expect.poll(() => company.page.getByRole('status').innerText()).toContain('Mois transmis');
    await axeClean(company.page);

    await facilitator.page.goto(`${baseUrl}/espace/declarations/?statut=submitted`);
    await axeClean(facilitator.page);
    const rows = () => facilitator.page.locator('tbody tr', { hasText: 'août 2026' });
    expect(await rows().count()).toBe(2);
    for (let left = 2; left > 0; left -= 1) {
      await rows().first().getByRole('button', { name: /^Valider/ }).click();
      await expect.poll(() => rows().count()).toBe(left - 1);
    }

    // The preview counts the validated hours; publishing freezes them.
    expect(await previewed()).toBe(before + 40 + 32);
    await axeClean(facilitator.page);
    // Publishing is public and permanent: the page says which version it will be, warns that 2026
    // is not over (today is in December 2026 or earlier), and asks for a confirmation.
    expect(await facilitator.page.getByRole('note').innerText()).toContain('L’année 2026 n’est pas terminée');
    expect(await facilitator.page.getByText(/^Aperçu de la version \d+, pas encore publiée\.$/).count()).toBe(1);
    await facilitator.page.getByLabel(/^Je confirme : ces chiffres seront publics/).check();
    await facilitator.page.getByRole('button', { name: 'Publier les résultats 2026' }).click();
    await expect.poll(() => facilitator.page.getByRole('status').innerText()).toContain('Résultats 2026 publiés');

    // The dev server renders the public page on each request: it shows the new total at once.
    const visitor = await browser.newPage({ locale: 'fr-FR' });
    await visitor.goto(`${baseUrl}/territoires/dieppe-maritime/2026/`);
    expect(digits(await visitor.locator('td[data-key="heures.realisees_dans_l_annee"]').innerText())).toBe(before + 40 + 32);
    await axeClean(visitor);
    // The home page's card of the territory shows its latest year, the one just published.
    await visitor.goto(`${baseUrl}/`);
    const card = visitor.getByRole('listitem').filter({ has: visitor.getByRole('heading', { name: 'Dieppe-Maritime' }) });
    expect(await card.innerText()).toContain('heures d’insertion réalisées en 2026');
    // The territory's page now has two published years: it shows them side by side, from the publications.
    await visitor.goto(`${baseUrl}/territoires/dieppe-maritime/`);
    const trend = visitor.getByRole('region', { name: /^Évolution par année/ });
    const years = await trend.locator('tbody th').allInnerTexts();
    expect(years).toEqual(['2025', '2026']);
    expect(digits(await trend.locator('tbody tr').nth(1).locator('td').first().innerText())).toBe(before + 40 + 32);
    await axeClean(visitor);
    await visitor.close();
    await company.context.close();
    await facilitator.context.close();
  });
});

// Issue 12, under `npm run dev`: the facilitator validates a whole month of a market in one
// action, with one line refused and its reason, in a browser without JavaScript. A refusal
// without its reason brings the form back as typed, naming the line, and validates nothing
// (never « Ligne validée »); the hours show with the one rule (« 35,5 », « 36 »); the company
// then reads the reason. The pages pass axe.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from '../e2e/browser.ts';
import { DEMO_PASSWORD } from '../../src/local-supabase/demo.ts';
import { markets } from '../support/seed.ts';

const baseUrl = inject('devBaseUrl');
const MONTH = '2026-07';
let browser: Browser;

beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const axeClean = async (page: Page): Promise<void> => { expect(await checkAxe(page), page.url()).toEqual([]); };

/** The facilitator, signed in through the form in a context where JavaScript is off. */
async function facilitatorWithoutJs(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/espace/connexion/`);
  const form = page.getByRole('form', { name: 'Avec votre mot de passe' });
  await form.getByLabel('Adresse e-mail').fill('facilitateur@demo.test');
  await form.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${baseUrl}/espace/`);
  return { context, page };
}

describe('under npm run dev, the facilitator validates a month in one action', () => {
  it('validates July but one line, refused with its reason, without JavaScript', async () => {
    const company = await signInAsDemo(browser, baseUrl, 'entreprise@demo.test');
    await company.page.goto(`${baseUrl}/espace/declarer/?marche=${markets.penlyLot1}&mois=${MONTH}`);
    const hours = company.page.locator('input[name^="hours_"]');
    await hours.nth(0).fill('35,5');
    await hours.nth(1).fill('36');
    await hours.nth(2).fill('20');
    await company.page.getByRole('button', { name: 'Enregistrer et transmettre au facilitateur' }).click();
    await expect.poll(() => company.page.getByRole('status').innerText()).toContain('Mois transmis');

    // The page as the facilitator reads it (JavaScript on, for axe).
    const reader = await signInAsDemo(browser, baseUrl, 'facilitateur@demo.test');
    await reader.page.goto(`${baseUrl}/espace/declarations/?statut=submitted`);
    await axeClean(reader.page);
    await reader.context.close();

    const { context, page } = await facilitatorWithoutJs();
    await page.goto(`${baseUrl}/espace/declarations/?statut=submitted`);
    const month = page.getByRole('region', { name: /EPR2 Penly — lot 1 \(démo\) — juillet 2026/ });
    const rows = month.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    // One rounding rule: hundredths as stored, French decimal comma.
    expect(await rows.locator('td.num').allInnerTexts()).toEqual(expect.arrayContaining(['35,5', '36', '20']));
    const refused = rows.nth(2);
    const name = (await refused.getByRole('rowheader').innerText()).split('\n')[0]!.trim();

    // « Refuser » without a reason: the form comes back as typed, naming the line; nothing validated.
    await refused.getByRole('radio', { name: 'Refuser' }).check();
    await month.getByRole('button', { name: 'Valider les 3 lignes' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').innerText()).toBe(`Indiquez le motif du refus pour la ligne de ${name}, juillet 2026.`);
    expect(await page.getByRole('status').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('Ligne validée');
    expect(await rows.count()).toBe(3);
    expect(await refused.getByRole('radio', { name: 'Refuser' }).isChecked()).toBe(true);

    // With its reason: two lines validated, one refused, in one action.
    await refused.getByPlaceholder('Motif du refus').fill('20 h non prévues au planning');
    await month.getByRole('button', { name: 'Valider les 3 lignes' }).click();
    await page.waitForURL(/ok=mois/);
    expect(await page.getByRole('status').innerText()).toBe('2 lignes validées, 1 refusée (motif envoyé à l’entreprise).');
    expect(await page.getByRole('region', { name: /juillet 2026/ }).count()).toBe(0);
    await context.close();

    // The company reads the reason on its month.
    await company.page.goto(`${baseUrl}/espace/declarer/?marche=${markets.penlyLot1}&mois=${MONTH}`);
    expect(await company.page.locator('body').innerText()).toContain('Motif : 20 h non prévues au planning');
    await company.context.close();
  });
});

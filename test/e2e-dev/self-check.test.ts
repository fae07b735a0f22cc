// « Suis-je concerné·e ? » without JavaScript, as a job seeker meets it under `npm run dev`:
// three profiles answered by the page itself, never « non éligible », axe clean, the keyboard
// reaches the button, nothing cached, and going on to the application form keeps the criteria
// ticked. Screenshots at 1280 and 375 px go to .data/ for a human look.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAxeWithoutJs, launchBrowser } from '../e2e/browser.ts';

const baseUrl = inject('devBaseUrl');
const shots = fileURLToPath(new URL('../../.data/', import.meta.url));
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  // The dev server compiles each page on its first request, slower on a loaded machine.
  context.setDefaultTimeout(60_000);
  // axe runs in a page with scripts (checkAxeWithoutJs): let the dev server's first load of the
  // page, with its client scripts, settle before (Vite may reload it once while it optimises).
  const warm = await browser.newPage();
  await warm.goto(`${baseUrl}/suis-je-concerne/?rsa=oui`, { waitUntil: 'networkidle', timeout: 120_000 });
  await warm.close();
});
afterAll(async () => { await browser?.close(); });

async function openSelfCheck(): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(`${baseUrl}/suis-je-concerne/`);
  expect(response?.headers()['cache-control']).toBe('no-store');
  expect(response?.headers()['set-cookie']).toBeUndefined();
  return page;
}

async function submit(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/suis-je-concerne\/\?/), page.getByRole('button', { name: 'Voir la réponse' }).click()]);
}

describe('Suis-je concerné·e ?, without JavaScript', () => {
  it('a long-term job seeker on the RSA is probably concerned and goes on to an offer with both criteria ticked', async () => {
    const page = await openSelfCheck();
    expect(await checkAxeWithoutJs(browser, page)).toEqual([]);
    await page.getByRole('group', { name: /^Êtes-vous inscrit·e à France Travail/ }).getByLabel('Oui, depuis plus de 12 mois').check();
    await page.getByRole('group', { name: /^Percevez-vous le RSA/ }).getByLabel('Oui').check();
    await page.getByLabel(/^Quel âge avez-vous/).fill('41');
    await submit(page);

    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Vous êtes probablement concerné·e' }).count()).toBe(1);
    const answer = page.locator('section.answer');
    await expect.poll(() => answer.innerText()).toContain('Demandeur d’emploi de longue durée (inscrit depuis plus de 12 mois)');
    expect(await answer.innerText()).toContain('Bénéficiaire du RSA');
    expect(await answer.innerText()).toContain('Un document qui montre que vous percevez le RSA.');
    expect(await page.content()).not.toMatch(/non éligible/i);
    expect(await checkAxeWithoutJs(browser, page)).toEqual([]);
    await page.screenshot({ path: `${shots}self-check-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${shots}self-check-375.png`, fullPage: true });
    // What a phone shows first after sending, then the questions: read at their real size.
    await page.locator('#reponse').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}self-check-375-answer.png` });
    await page.locator('form.self-check').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}self-check-375-form.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The answers stay in the form, to change one and ask again.
    expect(await page.getByRole('group', { name: /^Percevez-vous le RSA/ }).getByLabel('Oui').isChecked()).toBe(true);

    // Offers list, then the first offer: its form is ticked with the two criteria, nothing else.
    await Promise.all([page.waitForURL(/\/offres\/\?/), page.getByRole('link', { name: 'Voir les offres d’emploi et postuler' }).click()]);
    await Promise.all([page.waitForURL(/\/offres\/[0-9a-f-]{36}\/\?/), page.locator('ul.cards h3 a').first().click()]);
    expect(await page.getByLabel('Bénéficiaire du RSA').isChecked()).toBe(true);
    expect(await page.getByLabel('Demandeur d’emploi de longue durée (inscrit depuis plus de 12 mois)').isChecked()).toBe(true);
    expect(await page.getByLabel('Senior de 50 ans et plus').isChecked()).toBe(false);
    await page.close();
  });

  it('a young person with a CAP followed by a Mission locale reads « à voir avec le facilitateur »', async () => {
    const page = await openSelfCheck();
    await page.getByLabel(/^Quel âge avez-vous/).fill('22');
    await page.getByRole('group', { name: /quitté l’école/ }).getByLabel('Oui').check();
    await page.getByLabel('CAP, BEP ou équivalent').check();
    await page.getByLabel('Une Mission locale').check();
    await page.getByLabel(/^Sur quel territoire/).selectOption({ label: 'Alpes Sud Isère' });
    await submit(page);

    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'À voir avec le facilitateur' }).count()).toBe(1);
    const text = await page.locator('section.answer').innerText();
    expect(text).toContain('avis motivé du conseiller qui vous accompagne');
    // The territory chosen adds its own rule (the demo sets residence for Alpes Sud Isère).
    expect(text).toContain('Alpes Sud Isère demande d’habiter sur son territoire');
    expect(text).toContain('Le facilitateur regardera votre niveau de diplôme avec vous.');
    expect(await page.content()).not.toMatch(/non éligible/i);
    expect(await checkAxeWithoutJs(browser, page)).toEqual([]);
    await page.screenshot({ path: `${shots}self-check-to-discuss-375.png`, fullPage: true });
    // Nothing to tick: the spontaneous application starts with no criterion ticked.
    await Promise.all([page.waitForURL(/\/candidature-spontanee\/\?territoire=alpes-sud-isere$/), page.getByRole('link', { name: 'Faire une candidature spontanée' }).click()]);
    expect(await page.locator('input[name="eligibility"]:checked').count()).toBe(0);
    await page.close();
  });

  it('a senior with a disability recognition, by keyboard alone, goes on to a spontaneous application', async () => {
    const page = await openSelfCheck();
    await page.getByLabel(/^Quel âge avez-vous/).fill('56');
    await page.getByRole('group', { name: /travailleur handicapé/ }).getByLabel('Oui').check();
    await page.getByLabel('Une pension d’invalidité').check();

    // Tab from the age field reaches the submit button, which Enter sends.
    await page.getByLabel(/^Quel âge avez-vous/).focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Voir la réponse');
    }
    expect(reached).toBe(true);
    await Promise.all([page.waitForURL(/\/suis-je-concerne\/\?/), page.keyboard.press('Enter')]);

    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Vous êtes probablement concerné·e' }).count()).toBe(1);
    const text = await page.locator('section.answer').innerText();
    for (const label of ['Titulaire d’une pension d’invalidité', 'Reconnaissance de la qualité de travailleur handicapé (RQTH)', 'Senior de 50 ans et plus']) {
      expect(text).toContain(label);
    }
    expect(await checkAxeWithoutJs(browser, page)).toEqual([]);
    await Promise.all([page.waitForURL(/\/candidature-spontanee\/\?/), page.getByRole('link', { name: 'Faire une candidature spontanée' }).click()]);
    const ticked = await page.locator('input[name="eligibility"]:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(ticked).toEqual(['invalidity_pension', 'rqth', 'senior']);
    await page.close();
  });

  it('the candidates’ page links to the self-check', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/candidats/`);
    expect(await page.getByRole('link', { name: 'Suis-je concerné·e ?' }).getAttribute('href')).toBe('/suis-je-concerne/');
    await page.close();
  });
});

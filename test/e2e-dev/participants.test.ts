// The facilitator's participants list under `npm run dev`: a search by name that ignores accents
// (a plain GET form and links: no JavaScript needed) and the pages of 50 people, each passing axe.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from '../e2e/browser.ts';

const baseUrl = inject('devBaseUrl');
let browser: Browser;

beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

describe('the participants list', () => {
  it('finds people by name, accents ignored, and pages through everyone 50 at a time', async () => {
    const { context, page } = await signInAsDemo(browser, baseUrl, 'facilitateur@demo.test');
    await page.goto(`${baseUrl}/espace/participants/`);
    const caption = page.locator('main table caption');
    expect(await caption.innerText()).toBe('Participants 1 à 50, par ordre alphabétique');
    expect(await page.locator('main tbody tr').count()).toBe(50);
    expect(await page.getByRole('link', { name: 'Page précédente' }).count()).toBe(0);
    expect(await checkAxe(page)).toEqual([]);

    await page.getByRole('link', { name: 'Page suivante' }).click();
    await page.waitForURL(/page=2/);
    expect(await caption.innerText()).toBe('Participants 51 à 100, par ordre alphabétique');
    await page.getByRole('link', { name: 'Page précédente' }).click();
    await page.waitForURL(`${baseUrl}/espace/participants/`);

    // « ines » finds the demo's « Inès » (the seed's first names), and only them.
    await page.getByLabel('Rechercher une personne').fill('ines');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/recherche=ines/);
    expect(await caption.innerText()).toMatch(/dont le nom contient « ines »/);
    const names = await page.locator('main tbody th').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^Inès /);
    expect(await page.getByLabel('Rechercher une personne').inputValue()).toBe('ines');
    expect(await checkAxe(page)).toEqual([]);
    await context.close();
  });
});


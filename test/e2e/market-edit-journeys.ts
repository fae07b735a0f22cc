// Shared by test/e2e/market-edit.test.ts (netlify serve) and test/e2e-dev/market-edit.test.ts
// (npm run dev): the facilitator edits a demo market as found — « Arques-la-Bataille — lot 1 »,
// whose hours due are computed from its stored amounts. Changing only its end date saves; an end
// before the start is refused with a message that names both dates, and every value typed stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from './browser.ts';
import { markets } from '../support/seed.ts';

export function describeMarketEdit(baseUrl: string, where: string): void {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  describe(`${where}, the facilitator edits a demo market`, () => {
    it('changes only the end date, then is told precisely that an end before the start cannot be, with every value kept', async () => {
      const { context, page } = await signInAsDemo(browser, baseUrl, 'facilitateur@demo.test');
      context.setDefaultTimeout(60_000);
      const address = `${baseUrl}/espace/marches/${markets.arquesLot1}/`;
      await page.goto(address);
      const edit = page.locator('form', { has: page.getByRole('button', { name: 'Enregistrer le marché' }) });
      expect(await edit.getByLabel('Montant estimé HT (€)').inputValue()).not.toBe('');

      await edit.getByLabel('Fin d’exécution').fill('2027-06-30');
      await edit.getByRole('button', { name: 'Enregistrer le marché' }).click();
      await page.waitForURL(/ok=modifie/);
      expect(await page.locator('dl.facts').innerText()).toContain('2 300 h (calculées)'.replace(' ', '\u202f'));
      expect(await edit.getByLabel('Fin d’exécution').inputValue()).toBe('2027-06-30');

      await edit.getByLabel('Objet du marché').fill('68 logements — lot 1, gros œuvre (démo)');
      await edit.getByLabel('Début d’exécution').fill('2027-09-01');
      await edit.getByRole('button', { name: 'Enregistrer le marché' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.locator('#ends_on-error').innerText())
        .toBe('La fin d’exécution (30/06/2027) est avant le début (01/09/2027) : corrigez l’une des deux dates.');
      expect(await edit.getByLabel('Objet du marché').inputValue()).toBe('68 logements — lot 1, gros œuvre (démo)');
      expect(await edit.getByLabel('Début d’exécution').inputValue()).toBe('2027-09-01');
      expect(await edit.getByLabel('Fin d’exécution').inputValue()).toBe('2027-06-30');
      expect(await checkAxe(page)).toEqual([]);
      // Nothing of the refused form was saved.
      await page.goto(address);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Arques-la-Bataille — lot 1 (démo)');
      await context.close();
    });
  });
}

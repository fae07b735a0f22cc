// « Paramètres du territoire » in a real browser, on the production build: the facilitator opens
// the page from the partner navigation, changes the contact's phone and the sub-contracting hourly
// cost from the keyboard and saves; the success message and the new values show, and the
// database holds them. A threshold K of 5 is refused with the French message attached to its
// field. The colour contrast warning appears while a colour is typed. Every state passes axe.
// The values changed here are put back at the end: other files share this database.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from './browser.ts';
import { sql } from './sql.ts';
import { territories } from '../support/seed.ts';

const baseUrl = inject('baseUrl');
const dieppe = territories.dieppe;
const PHONE = '02 35 06 61 11';
let browser: Browser;
let original: { facilitator_contact_phone: string | null; subcontracting_hourly_cost: string; disclosure_threshold: number } | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  [original] = await sql<NonNullable<typeof original>>(
    `select facilitator_contact_phone, subcontracting_hourly_cost::text, disclosure_threshold from app.territories where id = $1`, [dieppe]);
});
afterAll(async () => {
  if (original) {
    await sql(`update app.territories set facilitator_contact_phone = $2, subcontracting_hourly_cost = $3::numeric, disclosure_threshold = $4 where id = $1`,
      [dieppe, original.facilitator_contact_phone, original.subcontracting_hourly_cost, original.disclosure_threshold]);
  }
  await browser?.close();
});

const signedIn = (email: string): Promise<{ context: BrowserContext; page: Page }> => signInAsDemo(browser, baseUrl, email);

async function axeClean(page: Page): Promise<void> {
  expect(await checkAxe(page), page.url()).toEqual([]);
}

/** Focus a field, select what it holds and type over it, from the keyboard. */
async function retype(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe('the facilitator’s territory settings', () => {
  it('changes the contact phone and the hourly cost from the keyboard; K = 5 is refused on its field', async () => {
    expect(original).toMatchObject({ facilitator_contact_phone: '02 61 91 00 00', subcontracting_hourly_cost: '30.00', disclosure_threshold: 11 });
    const { context, page } = await signedIn('facilitateur@demo.test');
    await page.getByRole('navigation', { name: 'Espace partenaires' }).getByRole('link', { name: 'Paramètres du territoire' }).click();
    await page.waitForURL(`${baseUrl}/espace/parametres/`);
    const form = page.getByRole('form', { name: 'Dieppe-Maritime' });
    for (const legend of ['Présentation du territoire', 'Contact du facilitateur', 'Apparence', 'Règles des heures', 'Candidatures', 'Publication', 'Conservation des données']) {
      expect(await form.getByRole('group', { name: legend }).count(), legend).toBe(1);
    }
    expect(await page.getByLabel('Coût horaire chargé (€/h)').inputValue()).toBe('30');
    expect(await page.getByLabel('Part de main-d’œuvre (%)').inputValue()).toBe('50');
    const hoursRules = form.getByRole('group', { name: 'Règles des heures' });
    expect(await hoursRules.innerText()).toContain('heures = montant HT × part de main-d’œuvre / coût horaire');
    expect(await hoursRules.innerText()).toContain('1 000 € HT × 50 % / 30 €/h = 16,67 h');
    expect(await hoursRules.innerText()).toContain('ne s’applique qu’aux déclarations faites ensuite');
    await axeClean(page);

    // From the keyboard: the phone, then the hourly cost, then Enter.
    await retype(page, 'Téléphone', PHONE);
    await retype(page, 'Coût horaire chargé (€/h)', '32,5');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/espace\/parametres\/\?territoire=[0-9a-f-]{36}&ok=/);
    expect(await page.getByRole('status').innerText()).toContain('Paramètres enregistrés.');
    expect(await page.getByLabel('Téléphone', { exact: true }).inputValue()).toBe(PHONE);
    expect(await page.getByLabel('Coût horaire chargé (€/h)').inputValue()).toBe('32,5');
    expect(await hoursRules.innerText()).toContain('1 000 € HT × 50 % / 32,5 €/h = 15,38 h');
    const [saved] = await sql<{ facilitator_contact_phone: string; subcontracting_hourly_cost: string }>(
      `select facilitator_contact_phone, subcontracting_hourly_cost::text from app.territories where id = $1`, [dieppe]);
    expect(saved).toEqual({ facilitator_contact_phone: PHONE, subcontracting_hourly_cost: '32.50' });
    const [audit] = await sql<{ changed_columns: string[]; actor_role: string }>(
      `select changed_columns, actor_role from app.audit_log where table_name = 'territories' and row_id = $1 order by id desc limit 1`, [dieppe]);
    expect(audit).toEqual({ changed_columns: ['facilitator_contact_phone', 'subcontracting_hourly_cost'], actor_role: 'facilitator' });
    await axeClean(page);

    // K = 5: refused, the French message attached to its field, nothing saved.
    await retype(page, 'Seuil de secret statistique K (personnes)', '5');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    const k = page.getByLabel('Seuil de secret statistique K (personnes)');
    expect(await k.getAttribute('aria-invalid')).toBe('true');
    expect(await k.getAttribute('aria-describedby')).toBe('disclosure_threshold-hint disclosure_threshold-error');
    expect(await k.inputValue()).toBe('5');
    expect(await page.locator('#disclosure_threshold-error').innerText())
      .toBe('Le seuil K ne peut pas être inférieur à 11 personnes (règle de secret statistique de l’Insee) : vous pouvez le relever, pas l’abaisser.');
    expect(await page.getByRole('alert').getByRole('link').first().getAttribute('href')).toBe('#disclosure_threshold');
    await axeClean(page);
    const [unchanged] = await sql<{ disclosure_threshold: number }>(`select disclosure_threshold from app.territories where id = $1`, [dieppe]);
    expect(unchanged!.disclosure_threshold).toBe(11);

    // A pale colour typed in: the contrast warning appears, read with the field.
    await page.goto(`${baseUrl}/espace/parametres/`);
    expect(await page.locator('#color_primary-contrast').innerText()).toBe('');
    await retype(page, 'Couleur principale', '#ffcc00');
    await expect.poll(() => page.locator('#color_primary-contrast').innerText()).toContain('Contraste insuffisant sur fond blanc : 1,51:1');
    expect(await page.getByLabel('Couleur principale').getAttribute('aria-describedby')).toBe('color_primary-hint color_primary-contrast color_primary-error');
    await axeClean(page);
    await context.close();
  });

  it('is the facilitator’s only: a company is sent to the forbidden page', async () => {
    const { context, page } = await signedIn('entreprise@demo.test');
    expect(await page.getByRole('navigation', { name: 'Espace partenaires' }).getByRole('link', { name: 'Paramètres du territoire' }).count()).toBe(0);
    await page.goto(`${baseUrl}/espace/parametres/`);
    await page.waitForURL(`${baseUrl}/espace/interdit/`);
    await context.close();
  });
});

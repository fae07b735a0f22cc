// The facilitator's market forms in a real browser, on the production build, without
// JavaScript of the page's own: a new market refused then created from /espace/marches/
// (src/actions/markets.ts, create), then on its page a participant assigned and the assignment
// removed with the « Retirer » button. The market is deleted afterwards.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from './browser.ts';
import { sql } from './sql.ts';

const baseUrl = inject('baseUrl');
const TITLE = 'Réfection de la digue (e2e marchés)';
let browser: Browser;

beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => {
  await sql(`delete from app.markets where title = $1`, [TITLE]);
  await browser?.close();
});

async function axeClean(page: Page): Promise<void> {
  expect(await checkAxe(page), page.url()).toEqual([]);
}

describe('the facilitator’s market forms', () => {
  it('creates a market after a refusal, assigns a participant to it and removes the assignment', async () => {
    const { context, page } = await signedInFacilitator();
    await page.goto(`${baseUrl}/espace/marches/`);
    const form = page.locator('form:has(input[name="territory"])');
    const target = new URL(await form.evaluate((f) => (f as HTMLFormElement).action)).href;
    expect(target).toContain('/espace/marches/?_action=');

    // Refused: 422, the headline and the message by the field, the values as typed.
    await page.getByLabel('Objet du marché').fill('ab');
    await page.getByLabel('Montant estimé HT (€)').fill('800 000');
    await page.getByRole('button', { name: 'Créer le marché' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Certains champs sont à corriger.');
    expect(await page.locator('#title-error').innerText()).toContain('Indiquez l’objet du marché');
    expect(await page.getByLabel('Montant estimé HT (€)').inputValue()).toBe('800 000');
    await axeClean(page);
    const body = Object.fromEntries(await form.evaluate((f) => [...new FormData(f as HTMLFormElement)].map(([k, v]) => [k, String(v)])));
    const refused = await context.request.post(target, { form: body, headers: { origin: baseUrl }, maxRedirects: 0 });
    expect(refused.status()).toBe(422);
    expect(await sql(`select 1 from app.markets where title = $1`, [TITLE])).toEqual([]);

    // Created: back to the list with the flash message and the new row.
    await page.getByLabel('Objet du marché').fill(TITLE);
    await page.getByRole('button', { name: 'Créer le marché' }).click();
    await page.waitForURL(`${baseUrl}/espace/marches/?ok=1`);
    expect(await page.getByRole('status').innerText()).toContain('Marché créé.');
    const [created] = await sql<{ id: string; hours_due: string }>(`select id, hours_due::text as hours_due from app.markets where title = $1`, [TITLE]);
    // 800 000 € × 50 % × 5 % ÷ 30 € an hour, rounded down.
    expect(Number(created?.hours_due)).toBe(666);

    // On its page: assign the first participant offered, then take the assignment off.
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${baseUrl}/espace/marches/${created?.id}/`);
    await page.getByLabel('Personne à affecter').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Affecter au marché' }).click();
    await page.waitForURL(/ok=affecte/);
    expect(await page.getByRole('status').innerText()).toContain('Personne affectée au marché');
    expect(await sql(`select 1 from app.market_assignments where market_id = $1`, [created?.id])).toHaveLength(1);
    await axeClean(page);
    await page.getByRole('button', { name: /^Retirer .* du marché$/ }).click();
    await page.waitForURL(/ok=retire/);
    expect(await page.getByRole('status').innerText()).toContain('Affectation retirée');
    expect(await sql(`select 1 from app.market_assignments where market_id = $1`, [created?.id])).toEqual([]);
    await context.close();
  });
});

const signedInFacilitator = () => signInAsDemo(browser, baseUrl, 'facilitateur@demo.test');

// The SIAE's answers on the sub-contracted amounts that name it (/espace/sous-traitance/), in a
// real browser on the production build (plain form posts): a dispute without a reason is
// refused next to its field (422, the reason typed kept), a dispute with one is saved and told.
// The line is put back as seeded afterwards.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from './browser.ts';
import { sql } from './sql.ts';
import { subcontractedLines } from '../support/seed.ts';

const baseUrl = inject('baseUrl');
const line = subcontractedLines.pending2;
let browser: Browser;

beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => {
  await sql(`update app.hour_declarations set siae_confirmation = 'pending', siae_confirmation_reason = null where id = $1`, [line]);
  await browser?.close();
});

describe('sub-contracted amounts to confirm', () => {
  it('the SIAE disputes an amount: without a reason it is refused next to the field, with one it is saved', async () => {
    const { context, page } = await signInAsDemo(browser, baseUrl, 'siae@demo.test');
    await page.goto(`${baseUrl}/espace/sous-traitance/`);
    const reason = page.locator(`#reason-${line}`);
    await reason.fill('no');
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: /^Contester 3\s000 € HT/ }).click();
    expect((await refused).status()).toBe(422);
    await page.getByRole('alert').waitFor();
    expect(await page.locator(`#reason-${line}-error`).innerText()).toContain('Indiquez pourquoi vous contestez ce montant');
    expect(await reason.inputValue()).toBe('no');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await checkAxe(page)).toEqual([]);

    await reason.fill('Montant facturé : 2 800 € HT');
    await page.getByRole('button', { name: /^Contester 3\s000 € HT/ }).click();
    await page.waitForURL(`${baseUrl}/espace/sous-traitance/?ok=dispute`);
    expect(await page.getByRole('status').innerText()).toContain('Montant contesté');
    const [stored] = await sql<{ siae_confirmation: string; siae_confirmation_reason: string }>(
      `select siae_confirmation, siae_confirmation_reason from app.hour_declarations where id = $1`, [line]);
    expect(stored).toEqual({ siae_confirmation: 'disputed', siae_confirmation_reason: 'Montant facturé : 2 800 € HT' });
    await context.close();
  });
});

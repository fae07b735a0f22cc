// Applying to a job offer under `npm run dev`, as a newcomer to the project meets it: without
// JavaScript with a PDF CV (a person, then a prescriber who first forgets their own details and
// comes back to the form with every answer kept), and with JavaScript. Each ends on the
// confirmation; the acknowledgement e-mail appears on /dev/courriels/ and its withdrawal link works.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAxeWithoutJs, launchBrowser } from '../e2e/browser.ts';
import { readTail } from '../e2e/serve.ts';
import { DEV_LOG } from './dev-server.ts';

const baseUrl = inject('devBaseUrl');
const CV = join(tmpdir(), 'cv-demo-dev.pdf');
const root = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  await writeFile(CV, '%PDF-1.4\n% CV de démonstration\n%%EOF\n');
});
afterAll(async () => { await browser?.close(); });

async function firstOfferPage(context: BrowserContext): Promise<Page> {
  // The dev server compiles pages and scripts on first request, slower on a loaded machine.
  context.setDefaultTimeout(60_000);
  // The first offer of the public list (read as HTML), then its page in the browser.
  const list = await (await fetch(`${baseUrl}/offres/`)).text();
  const href = /href="(\/offres\/[0-9a-f-]{36}\/)"/.exec(list)?.[1];
  if (!href) throw new Error('no offer listed on /offres/');
  const page = await context.newPage();
  await page.goto(`${baseUrl}${href}`);
  return page;
}

async function fillPerson(page: Page, lastName: string, email: string): Promise<void> {
  await page.locator('#first_name').fill('Sacha');
  await page.locator('#last_name').fill(lastName);
  await page.locator('#email').fill(email);
  await page.locator('#commune').fill('Dieppe');
  await page.getByLabel('Bénéficiaire du RSA').check();
  await page.locator('#notice_acknowledged').check();
}

/**
 * Waits until the form's script has taken the form over (the dev server compiles it on first
 * request); if it never does, the failure says what the browser saw and the dev server wrote.
 */
async function waitForEnhancedForm(page: Page): Promise<void> {
  const seen: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') seen.push(`console: ${message.text()}`); });
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => seen.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => { if (response.status() >= 400) seen.push(`${response.status()}: ${response.url()}`); });
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) seen.push(`navigated: ${frame.url()}`); });
  try {
    await page.locator('form[data-enhanced="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  } catch {
    throw new Error(`the application form's script never ran:\n${seen.join('\n')}\n--- npm run dev:\n${readTail(DEV_LOG, 40)}`);
  }
}

/**
 * What a developer does beside a running `npm run dev`: `npm test` or `npm run build`. Their Vite
 * rewrites its own pre-bundled dependencies; `astro sync` (the first step of `astro check`) is
 * the quickest of them.
 */
async function anotherViteCommand(): Promise<void> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (key !== 'NODE_ENV' && key !== 'TEST' && !key.startsWith('VITEST')) env[key] = value;
  await execFileAsync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'sync'], { cwd: root, env });
}

/** A person takes more than the form's minimum fill time. */
const likeAPerson = (page: Page): Promise<void> => page.waitForTimeout(3_100);

async function confirmationReference(page: Page): Promise<string> {
  await page.waitForURL(/candidature-envoyee/);
  const reference = new URL(page.url()).searchParams.get('reference') ?? '';
  expect(reference).toMatch(/^CS-\d{4}-[0-9A-F]{8}$/);
  expect(await page.locator('main').innerText()).toContain(reference);
  expect(await checkAxeWithoutJs(browser, page)).toEqual([]);
  return reference;
}

/** The local mail page (it sends what waits in the outbox first): the acknowledgement's withdrawal link. */
async function withdrawalLink(page: Page, reference: string): Promise<string> {
  await page.goto(`${baseUrl}/dev/courriels/`);
  const mail = page.locator('article').filter({ hasText: reference }).filter({ hasText: '/candidature/retrait/' });
  await expect.poll(() => mail.count()).toBe(1);
  const link = /https?:\/\/\S+\/candidature\/retrait\/\S+/.exec(await mail.innerText())?.[0];
  if (!link) throw new Error(`no withdrawal link for ${reference}`);
  return link;
}

describe('under npm run dev, a job seeker applies without JavaScript', () => {
  it('with a PDF CV: confirmation, acknowledgement e-mail, and the withdrawal link withdraws', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
    const page = await firstOfferPage(context);
    expect(await checkAxeWithoutJs(browser, page)).toEqual([]);
    await fillPerson(page, 'Démo-DevSansJS', 'sacha.dev@example.org');
    await page.locator('#cv').setInputFiles(CV);
    await likeAPerson(page);
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    const reference = await confirmationReference(page);

    const link = await withdrawalLink(page, reference);
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('main').innerText()).toContain(`Vous allez retirer la candidature ${reference}`);
    await page.getByRole('button', { name: 'Retirer ma candidature' }).click();
    await expect.poll(async () => page.locator('main').innerText()).toContain(`Votre candidature ${reference} est retirée.`);
    expect(await checkAxeWithoutJs(browser, page)).toEqual([]);
    await context.close();
  });

  it('as a prescriber who forgot their own details: the form comes back with every answer, then goes with a CV', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
    const page = await firstOfferPage(context);
    const offerUrl = page.url();
    await page.getByLabel(/Je suis prescripteur/).check();
    await fillPerson(page, 'Démo-DevPrescrit', 'sacha.prescrit@example.org');
    await page.locator('#availability').fill('dès lundi');
    await page.getByLabel('Permis B').check();
    await page.locator('#message').fill('Expérience de deux ans en maçonnerie.');
    await likeAPerson(page);
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();

    // The refusal says what is missing, and offers the way back with the answers.
    expect(await page.locator('h1').innerText()).toBe('Votre candidature n’a pas été envoyée');
    expect(await page.locator('main').innerText()).toContain('Indiquez votre nom.');
    expect(await checkAxeWithoutJs(browser, page)).toEqual([]);
    await page.getByRole('button', { name: 'Revenir au formulaire avec mes réponses' }).click();
    await page.waitForURL(offerUrl);

    // Everything typed is there again; the missing fields are flagged next to them.
    expect(await page.locator('#first_name').inputValue()).toBe('Sacha');
    expect(await page.locator('#last_name').inputValue()).toBe('Démo-DevPrescrit');
    expect(await page.locator('#email').inputValue()).toBe('sacha.prescrit@example.org');
    expect(await page.locator('#availability').inputValue()).toBe('dès lundi');
    expect(await page.locator('#message').inputValue()).toBe('Expérience de deux ans en maçonnerie.');
    expect(await page.getByLabel('Bénéficiaire du RSA').isChecked()).toBe(true);
    expect(await page.getByLabel('Permis B').isChecked()).toBe(true);
    expect(await page.getByLabel(/Je suis prescripteur/).isChecked()).toBe(true);
    expect(await page.locator('#notice_acknowledged').isChecked()).toBe(true);
    expect(await page.locator('#prescriber_name-error').innerText()).toBe('Indiquez votre nom.');
    expect(await page.locator('[data-error-summary]').isVisible()).toBe(true);
    expect(await checkAxeWithoutJs(browser, page)).toEqual([]);

    await page.locator('#prescriber_organisation').fill('Mission locale (démo)');
    await page.locator('#prescriber_name').fill('Alex Conseiller');
    await page.locator('#prescriber_email').fill('alex.conseiller@example.org');
    await page.locator('#cv').setInputFiles(CV);
    await likeAPerson(page);
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await confirmationReference(page);
    await context.close();
  });
});

describe('under npm run dev, a job seeker applies with JavaScript', () => {
  it('sees the errors inline, then the confirmation and the e-mail, even after another Vite command ran beside the dev server', async () => {
    await anotherViteCommand();
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await firstOfferPage(context);
    await waitForEnhancedForm(page);
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await expect.poll(() => page.locator('[data-error-summary]').isVisible()).toBe(true);
    expect(await page.locator('#first_name-error').innerText()).toBe('Indiquez le prénom.');
    await fillPerson(page, 'Démo-DevAvecJS', 'sacha.js@example.org');
    await likeAPerson(page);
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    const reference = await confirmationReference(page);
    expect(await withdrawalLink(page, reference)).toContain('/candidature/retrait/');
    await context.close();
  });
});

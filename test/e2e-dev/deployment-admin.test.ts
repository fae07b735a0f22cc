// A territory goes live under `npm run dev`, without the SQL editor: the deployment administrator
// (the demo's admin@demo.test, as `npm run create-admin` makes one) creates a territory and
// invites its facilitator; the facilitator signs in with the link of the e-mail (listed on
// /dev/courriels/) and finds, on the first dashboard, the checklist of the territory's first
// steps, each item linking to its page. Every page passes axe; the administrator's forms are
// posted without JavaScript.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkAxe, checkAxeWithoutJs, launchBrowser, signInAsDemo } from '../e2e/browser.ts';

const baseUrl = inject('devBaseUrl');
const run = Date.now().toString(36);
const SLUG = `pays-test-${run}`;
const NAME = `Pays de Test ${run}`;
const FACILITATOR = `facilitatrice.${run}@exemple.test`;
let browser: Browser;

beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

async function signInWithoutJs(email: string): Promise<Page> {
  const { context, page } = await signInAsDemo(browser, baseUrl, email, { javaScript: false });
  context.setDefaultTimeout(60_000);
  return page;
}

describe('under npm run dev, a territory goes live from the partner space', () => {
  it('the administrator creates the territory and invites its facilitator, who signs in by link and sees the checklist', async () => {
    const admin = await signInWithoutJs('admin@demo.test');
    await admin.getByRole('navigation').getByRole('link', { name: 'Administration du déploiement' }).first().click();
    await admin.waitForURL(`${baseUrl}/espace/administration/`);
    expect(await checkAxeWithoutJs(browser, admin)).toEqual([]);

    // A malformed identifier is refused with its message, the values kept.
    const create = admin.getByRole('form', { name: 'Créer un territoire' });
    await create.getByLabel('Nom du territoire').fill(NAME);
    await create.getByLabel('Identifiant dans les adresses du site').fill('Pays de Test');
    await create.getByRole('button', { name: 'Créer le territoire' }).click();
    await expect.poll(() => admin.getByRole('alert').count()).toBe(1);
    expect(await admin.getByRole('alert').innerText()).toContain('minuscules, chiffres et tirets');
    expect(await checkAxeWithoutJs(browser, admin)).toEqual([]);

    const again = admin.getByRole('form', { name: 'Créer un territoire' });
    expect(await again.getByLabel('Nom du territoire').inputValue()).toBe(NAME);
    await again.getByLabel('Identifiant dans les adresses du site').fill(SLUG);
    await again.getByLabel('Type de territoire').selectOption('epci');
    await again.getByRole('button', { name: 'Créer le territoire' }).click();
    await expect.poll(() => admin.getByRole('status').innerText()).toContain(`Territoire créé : ${NAME}`);
    expect(await admin.getByRole('table', { name: /Territoires du déploiement/ }).innerText()).toContain(`Service de facilitation ${NAME}`);

    const invite = admin.getByRole('form', { name: `Inviter le facilitateur — ${NAME}` });
    await invite.getByLabel('Adresse e-mail').fill(FACILITATOR);
    await invite.getByLabel('Nom affiché').fill('Facilitatrice de test');
    await invite.getByRole('button', { name: 'Inviter le facilitateur' }).click();
    await expect.poll(() => admin.getByRole('status').innerText()).toContain(`Facilitateur invité pour ${NAME}`);
    expect(await checkAxeWithoutJs(browser, admin)).toEqual([]);
    await admin.context().close();

    // The facilitator's e-mail, as written locally: its link signs them in.
    const context = await browser.newContext({ locale: 'fr-FR' });
    context.setDefaultTimeout(60_000);
    const mails = await context.newPage();
    await mails.goto(`${baseUrl}/dev/courriels/`, { waitUntil: 'networkidle' });
    const mail = mails.locator('article').filter({ hasText: FACILITATOR }).filter({ hasText: 'token_hash=' });
    await expect.poll(() => mail.count()).toBe(1);
    const link = new URL(/https?:\/\/\S+token_hash=\S+/.exec(await mail.innerText())?.[0] ?? '');
    await mails.close();
    const page = await context.newPage();
    await page.goto(`${baseUrl}${link.pathname}${link.search}`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.waitForURL(`${baseUrl}/espace/`);

    const checklist = page.getByRole('region', { name: 'Premiers pas du territoire' });
    await expect.poll(() => checklist.getByRole('listitem').count()).toBe(4);
    expect(await checklist.innerText()).toContain('K = 11 personnes');
    expect((await checklist.innerText()).match(/\(à faire\)/g)).toHaveLength(4);
    expect(await checklist.getByRole('link', { name: /premières organisations/ }).getAttribute('href')).toBe('/espace/organisations/');
    expect(await checklist.getByRole('link', { name: /premier marché/ }).getAttribute('href')).toBe('/espace/marches/#nouveau');
    expect(await checkAxe(page)).toEqual([]);

    // The contact, saved from « Paramètres du territoire », ticks two items.
    await checklist.getByRole('link', { name: /Renseigner le contact/ }).click();
    await page.getByLabel('Adresse e-mail').fill(`clauses.${run}@exemple.test`);
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await expect.poll(() => page.getByRole('status').count()).toBe(1);
    await page.goto(`${baseUrl}/espace/`);
    await expect.poll(async () => ((await checklist.innerText()).match(/\(fait\)/g) ?? []).length).toBe(2);
    await context.close();
  });
});

// The sign-in page's refusals, on the production build: a wrong password answers 400 with its
// French message and keeps the address typed and the page asked for (`?retour=`), so the right
// password then opens that page; a post without a password, or a link asked for an address that
// is not one (a browser without form validation), answers 400 with its message.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkAxe, launchBrowser } from './browser.ts';
import { DEMO_PASSWORD } from '../../src/local-supabase/demo.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Posts a sign-in form as a browser without JavaScript or validation would, from the site itself. */
async function post(action: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}/espace/connexion/?_action=${action}`, {
    method: 'POST', redirect: 'manual', headers: { origin: baseUrl }, body: new URLSearchParams(fields),
  });
  return { status: response.status, text: await response.text() };
}

describe('the sign-in page', () => {
  it('refuses a wrong password with 400, keeps the address and the page asked for', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/espace/participants/`);
    expect(new URL(page.url()).searchParams.get('retour')).toBe('/espace/participants/');
    const form = page.getByRole('form', { name: 'Avec votre mot de passe' });
    await form.getByLabel('Adresse e-mail').fill('facilitateur@demo.test');
    await form.getByLabel('Mot de passe').fill('pas le bon mot de passe');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      form.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState();
    expect(await page.locator('#login-error').textContent()).toBe('Adresse e-mail ou mot de passe incorrect.');
    expect(await form.getByLabel('Adresse e-mail').inputValue()).toBe('facilitateur@demo.test');
    expect(await checkAxe(page)).toEqual([]);

    await form.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${baseUrl}/espace/participants/`);
    await context.close();
  });

  it('asks for both fields, and for a valid address before sending a link', async () => {
    const empty = await post('session.signIn', { email: 'facilitateur@demo.test', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Indiquez votre adresse e-mail et votre mot de passe.');
    const link = await post('session.requestLink', { email: 'pas-une-adresse' });
    expect(link.status).toBe(400);
    expect(link.text).toContain('Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.');
  });
});

// Organisations and accounts in a real browser, on the production build: the facilitator adds a
// company with its contact e-mail from the keyboard, opens it and creates the account of one of
// its people; that person then signs in with a link received by e-mail and lands in the
// company's space. Every page and the form with its errors pass axe.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from './browser.ts';
import { sql } from './sql.ts';
import { isValidSiret } from '../../src/domain/siret.ts';
import { organisations } from '../support/seed.ts';

const baseUrl = inject('baseUrl');
const root = fileURLToPath(new URL('../../', import.meta.url));
const COMPANY = 'Toiture du Pollet (démo)';
const CONTACT = 'contact@toiture-pollet.test';
const MEMBER = 'camille.durand@toiture-pollet.test';
/** A valid SIRET outside the demo range (999…). */
const SIRET = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => `8880000004040${d}`).find(isValidSiret) ?? '';
let browser: Browser;

beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const signedIn = (email: string): Promise<{ context: BrowserContext; page: Page }> => signInAsDemo(browser, baseUrl, email);

/** The newest e-mail written locally to `to` since `since` (ISO time). */
async function newestMail(to: string, since: string): Promise<{ subject: string; text: string }> {
  const dir = `${root}.data/mail/`;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const files = await readdir(dir).catch(() => []);
    const mails = await Promise.all(files.filter((f) => f.endsWith('.json'))
      .map(async (f) => JSON.parse(await readFile(`${dir}${f}`, 'utf8')) as { to: string; subject: string; text: string; at: string }));
    const mail = mails.filter((m) => m.to === to && m.at >= since).sort((a, b) => b.at.localeCompare(a.at))[0];
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no e-mail to ${to}`);
}

async function axeClean(page: Page): Promise<void> {
  expect(await checkAxe(page), page.url()).toEqual([]);
}

describe('organisations and accounts of the territory', () => {
  it('the facilitator adds a company and creates an account; the new member signs in by e-mail link', async () => {
    const { context, page } = await signedIn('facilitateur@demo.test');
    await page.getByRole('navigation', { name: 'Espace partenaires' }).getByRole('link', { name: 'Organisations et comptes' }).click();
    await page.waitForURL(`${baseUrl}/espace/organisations/`);
    expect(await page.getByRole('table', { name: /^Entreprises : \d+ organisations$/ }).count()).toBe(1);
    await axeClean(page);

    // A form sent incomplete: 422, the errors next to their fields, still accessible.
    const add = page.getByRole('form', { name: 'Ajouter une organisation' });
    await add.getByRole('button', { name: 'Ajouter l’organisation' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Nom de l’organisation').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#name-error').innerText()).toContain('Indiquez le nom de l’organisation');
    await axeClean(page);

    // From the keyboard: the kind, the name, the SIRET left empty, the contact e-mail, Enter.
    await page.getByLabel('Type d’organisation').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Type d’organisation').inputValue()).toBe('company');
    await page.keyboard.press('Tab');
    await page.keyboard.type(COMPANY);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type(CONTACT);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/espace\/organisations\/\?ajoutee=/);
    expect(await page.getByRole('status').innerText()).toContain(`Organisation ajoutée : ${COMPANY}`);
    const row = page.getByRole('table', { name: /^Entreprises/ }).getByRole('row', { name: new RegExp(COMPANY.replace(/[()]/g, '\\$&')) });
    expect(await row.innerText()).toContain(CONTACT);
    await axeClean(page);

    // Its page: no account yet; one is created for a person of the company.
    await row.getByRole('link', { name: COMPANY }).click();
    await page.waitForURL(/\/espace\/organisations\/[0-9a-f-]{36}\/$/);
    const organisationId = /organisations\/([0-9a-f-]{36})\//.exec(page.url())?.[1] ?? '';
    expect(await page.getByText('Aucun compte pour l’instant.').count()).toBe(1);
    await axeClean(page);
    const member = page.getByRole('form', { name: 'Ajouter un membre' });
    await member.getByLabel('Adresse e-mail de la personne').fill(MEMBER);
    await member.getByLabel('Nom affiché').fill('Camille Durand');
    await member.getByRole('button', { name: 'Ajouter le membre' }).click();
    await page.waitForURL(/\?ok=membre$/);
    expect(await page.getByRole('status').innerText()).toContain('« Recevoir un lien de connexion »');
    expect(await page.getByRole('table', { name: '1 compte' }).innerText()).toContain(MEMBER);
    await axeClean(page);

    // Editing it: a wrong SIRET is shown next to its field; a right one is saved.
    const edit = page.getByRole('form', { name: 'Modifier l’organisation' });
    await edit.getByLabel('Numéro SIRET (facultatif)').fill('123 456 789');
    await edit.getByRole('button', { name: 'Enregistrer l’organisation' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#siret-error').innerText()).toContain('Numéro SIRET invalide');
    expect(await page.getByLabel('Numéro SIRET (facultatif)').getAttribute('aria-describedby')).toBe('siret-hint siret-error');
    await axeClean(page);
    await edit.getByLabel('Numéro SIRET (facultatif)').fill(SIRET.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 '));
    await edit.getByRole('button', { name: 'Enregistrer l’organisation' }).click();
    await page.waitForURL(/\?ok=modifiee$/);

    const [stored] = await sql<{ role: string; display_name: string; confirmed: boolean }>(`
      select m.role, u.raw_user_meta_data ->> 'display_name' as display_name, u.email_confirmed_at is not null as confirmed
      from app.memberships m join auth.users u on u.id = m.user_id where m.organisation_id = $1`, [organisationId]);
    expect(stored).toEqual({ role: 'company', display_name: 'Camille Durand', confirmed: true });
    const [organisation] = await sql<{ contact_email: string; siret: string }>(`select contact_email, siret from app.organisations where id = $1`, [organisationId]);
    expect(organisation).toEqual({ contact_email: CONTACT, siret: SIRET });
    await context.close();

    // The new member asks for a link on the sign-in page and lands in the company's space.
    const newcomer = await browser.newContext({ locale: 'fr-FR' });
    const signIn = await newcomer.newPage();
    await signIn.goto(`${baseUrl}/espace/connexion/`);
    const requested = new Date().toISOString();
    await signIn.getByRole('form', { name: 'Sans mot de passe, avec un lien par e-mail' }).getByLabel('Adresse e-mail').fill(MEMBER);
    await signIn.keyboard.press('Enter');
    await signIn.getByRole('status').waitFor();
    const mail = await newestMail(MEMBER, requested);
    const link = new URL(/https?:\/\/\S+token_hash=\S+/.exec(mail.text)?.[0] ?? '');
    await signIn.goto(`${baseUrl}${link.pathname}${link.search}`);
    await signIn.getByRole('button', { name: 'Me connecter' }).click();
    await signIn.waitForURL(`${baseUrl}/espace/`);
    expect(await signIn.locator('.who').innerText()).toContain(`${COMPANY} — Entreprise attributaire`);
    await axeClean(signIn);
    // A company has no access to the organisations page.
    await signIn.goto(`${baseUrl}/espace/organisations/`);
    await signIn.waitForURL(`${baseUrl}/espace/interdit/`);
    await newcomer.close();
  });

  it('a form posted for another territory’s organisation is refused, and creates no account', async () => {
    const { context } = await signedIn('facilitateur.alpes@demo.test');
    const page = await context.newPage();
    await page.goto(`${baseUrl}/espace/organisations/`);
    // The member form's Astro Action, as the page's form posts it.
    const response = await context.request.post(`${baseUrl}/espace/organisations/${organisations.companyA}/?_action=organisations.addMember`, {
      headers: { origin: baseUrl },
      form: { email: 'intrus.e2e@demo.test', display_name: 'Intrus' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(404);
    expect(await sql(`select 1 from auth.users where email = 'intrus.e2e@demo.test'`)).toEqual([]);
    await context.close();
  });
});

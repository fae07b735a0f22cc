// A candidate withdraws from the link of the acknowledgement e-mail, in a real browser on the
// production build: apply (no JavaScript path), the outbox worker writes the e-mail with its
// signed link, opening it changes nothing until the person confirms with the keyboard; a second
// visit says there is nothing left to withdraw; a tampered link is refused. Axe on each step.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkAxe, launchBrowser } from './browser.ts';
import { sql } from './sql.ts';
import { resetServerEnv } from '../../src/server/env.ts';
import { drainOutbox } from '../../src/server/outbox.ts';
import { readLocalMails } from '../../src/server/mailer.ts';
import { territories } from '../support/seed.ts';

const baseUrl = inject('baseUrl');
const EMAIL = 'retrait.demo@example.org';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  // The outbox worker runs here against the served site's database, as the scheduled function would.
  process.env.SUPABASE_URL = inject('supabaseUrl');
  process.env.SUPABASE_ANON_KEY = inject('anonKey');
  process.env.SUPABASE_SERVICE_ROLE_KEY = inject('serviceRoleKey');
  resetServerEnv();
});
afterAll(async () => { await browser?.close(); });

async function apply(): Promise<string> {
  const [offer] = await sql<{ id: string }>(`select id from app.job_offers where status = 'published' and territory_id = '${territories.dieppe}' order by trade limit 1`);
  const body = new URLSearchParams({
    idempotency_key: crypto.randomUUID(), started_at: String(Date.now() - 60_000), mode: 'candidate', job_offer_id: offer!.id,
    first_name: 'Sacha', last_name: 'Démo-Retrait', email: EMAIL, commune: 'Dieppe', notice_acknowledged: 'oui', website: '',
  });
  const response = await fetch(`${baseUrl}/api/candidatures`, { method: 'POST', body, headers: { accept: 'application/json' } });
  expect([200, 201]).toContain(response.status);
  return ((await response.json()) as { reference: string }).reference;
}

async function withdrawalLinkFromMail(reference: string): Promise<string> {
  // Other files leave e-mails waiting (the hostile-input test applies hundreds of times): send
  // them all, oldest first, as the scheduled worker would over its runs.
  for (let round = 0; round < 100; round += 1) {
    if ((await drainOutbox(100, baseUrl)).sent === 0) break;
  }
  const mails = await readLocalMails();
  const mail = mails.find((m) => m.to === EMAIL && m.subject.includes(reference));
  const link = /https?:\/\/\S+\/candidature\/retrait\/\S+/.exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error(`no withdrawal link in the acknowledgement of ${reference}`);
  return link;
}

describe('withdrawing a candidature from the acknowledgement e-mail', () => {
  it('asks for confirmation, withdraws once, and says so again later', async () => {
    const reference = await apply();
    const link = await withdrawalLinkFromMail(reference);
    const page = await browser.newPage({ locale: 'fr-FR' });

    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('main').innerText()).toContain(`Vous allez retirer la candidature ${reference}`);
    expect(await checkAxe(page)).toEqual([]);
    // Opening the link changed nothing.
    expect(await sql(`select status from app.candidatures where reference = $1`, [reference])).toEqual([{ status: 'received' }]);

    await page.getByRole('button', { name: 'Retirer ma candidature' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').innerText()).toContain(`Votre candidature ${reference} est retirée`);
    expect(await checkAxe(page)).toEqual([]);
    expect(await sql(`select status from app.candidatures where reference = $1`, [reference])).toEqual([{ status: 'withdrawn' }]);

    await page.goto(link);
    await page.getByRole('button', { name: 'Retirer ma candidature' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').innerText()).toContain('n’est plus en cours (état : retirée par la personne)');
    expect(await sql<{ n: number }>(`select count(*)::int as n from app.candidature_transitions t join app.candidatures c on c.id = t.candidature_id
      where c.reference = $1 and t.to_status = 'withdrawn'`, [reference])).toEqual([{ n: 1 }]);
    await page.close();
  });

  it('refuses a tampered link with a French explanation, and changes nothing', async () => {
    const reference = await apply();
    const link = new URL(await withdrawalLinkFromMail(reference));
    link.searchParams.set('cle', `${link.searchParams.get('cle')!.slice(0, -2)}xx`);
    const page = await browser.newPage({ locale: 'fr-FR' });
    const response = await page.goto(link.toString());
    expect(response?.status()).toBe(400);
    expect(await page.getByRole('alert').innerText()).toContain('Ce lien n’est pas valable');
    expect(await page.getByRole('button', { name: 'Retirer ma candidature' }).count()).toBe(0);
    expect(await checkAxe(page)).toEqual([]);
    const forged = await fetch(link, { method: 'POST', body: new URLSearchParams({ reference, cle: link.searchParams.get('cle')! }), headers: { origin: baseUrl } });
    expect(forged.status).toBe(400);
    expect(await sql(`select status from app.candidatures where reference = $1`, [reference])).toEqual([{ status: 'received' }]);
    await page.close();
  });
});

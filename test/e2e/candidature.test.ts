// Applying to a job offer in a real browser, with and without JavaScript, and 200 parallel
// submissions (half of them replays) against the served site: exactly once, never a 5xx.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkAxe, launchBrowser } from './browser.ts';
import { sql } from './sql.ts';
import { territories } from '../support/seed.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let offerId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  offerId = (await sql<{ id: string }>(`select id from app.job_offers where status = 'published' and territory_id = '${territories.dieppe}' order by trade limit 1`))[0]!.id;
});
afterAll(async () => { await browser?.close(); });

async function fillForm(page: Page, lastName: string): Promise<void> {
  await page.locator('#first_name').fill('Charlie');
  await page.locator('#last_name').fill(lastName);
  await page.locator('#email').fill('charlie.demo@example.org');
  await page.locator('#commune').fill('Arques-la-Bataille');
  await page.getByLabel('Bénéficiaire du RSA').check();
  await page.locator('#notice_acknowledged').check();
  // A person takes more than the minimum fill time.
  await page.waitForTimeout(3_100);
}

describe('a job seeker applies to an offer', () => {
  it('with JavaScript: inline French errors, then the confirmation with a reference, and the rows stored', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${baseUrl}/offres/${offerId}/`);
    expect(await checkAxe(page)).toEqual([]);
    // Submitting the empty form shows the errors without leaving the page.
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await expect.poll(() => page.locator('[data-error-summary]').isVisible()).toBe(true);
    expect(await page.locator('#first_name-error').innerText()).toBe('Indiquez le prénom.');
    expect(page.url()).toContain(`/offres/${offerId}/`);
    expect(await checkAxe(page)).toEqual([]);

    await fillForm(page, 'Démo-AvecJS');
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await page.waitForURL(/candidature-envoyee/);
    const reference = new URL(page.url()).searchParams.get('reference');
    expect(reference).toMatch(/^CS-\d{4}-[0-9A-F]{8}$/);
    expect(await page.locator('body').innerText()).toContain(reference ?? '-');

    const rows = await sql<{ status: string; eligibility: string[] }>(`select status, eligibility from app.candidatures where reference = $1`, [reference]);
    expect(rows).toEqual([{ status: 'received', eligibility: ['rsa'] }]);
    const outbox = await sql<{ template: string }>(`select template from app.outbox where payload->>'reference' = $1 order by template`, [reference]);
    expect(outbox.map((o) => o.template)).toEqual(['candidature_acknowledgement', 'candidature_facilitator_notice']);
    await page.close();
  });

  it('without JavaScript: a plain POST, 303 to the confirmation page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/offres/${offerId}/`);
    await fillForm(page, 'Démo-SansJS');
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await page.waitForURL(/candidature-envoyee/);
    const reference = new URL(page.url()).searchParams.get('reference');
    expect(await sql(`select 1 from app.candidatures where reference = $1 and last_name = 'Démo-SansJS'`, [reference])).toHaveLength(1);
    await context.close();
  });

  it('an unknown offer answers 404 with a French page', async () => {
    const response = await fetch(`${baseUrl}/offres/${crypto.randomUUID()}/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/introuvable/);
  });

  it('is keyboard-operable: every field is reached with Tab, in order', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/offres/${offerId}/`);
    const reached = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id ?? '');
      if (id) reached.add(id);
    }
    for (const id of ['mode-candidate', 'first_name', 'last_name', 'email', 'commune', 'notice_acknowledged']) expect(reached).toContain(id);
    expect(reached).not.toContain('website');
    await page.close();
  });
});

// netlify serve runs each function invocation in its own worker thread and runs out of memory
// past a few dozen at once; the 200-in-parallel test runs against the same handler behind a
// plain HTTP server in test/functions/concurrency.test.ts. Here, a burst through the served stack.
const BURST = 40;

describe(`${BURST} parallel submissions through the served site, half of them replays`, () => {
  it('stores exactly the distinct ones, answers every one, and never a 5xx', async () => {
    const before = (await sql<{ n: number }>(`select count(*)::int as n from app.candidatures`))[0]!.n;
    const form = (key: string, i: number) => {
      const body = new FormData();
      const fields: Record<string, string> = {
        idempotency_key: key, started_at: String(Date.now() - 60_000), mode: 'candidate', job_offer_id: offerId,
        first_name: 'Concurrence', last_name: `Démo-${i}`, email: `concurrence${i}@example.org`, commune: 'Dieppe',
        notice_acknowledged: 'oui', website: '',
      };
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      return body;
    };
    const keys = Array.from({ length: BURST / 2 }, () => crypto.randomUUID());
    const requests = [...keys.map((k, i) => ({ k, i })), ...keys.map((k, i) => ({ k, i }))];
    const responses = await Promise.all(requests.map(async ({ k, i }) => {
      const response = await fetch(`${baseUrl}/api/candidatures`, { method: 'POST', body: form(k, i), headers: { accept: 'application/json' } });
      return { status: response.status, body: await response.json() as { reference?: string } };
    }));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    const references = new Set(responses.map((r) => r.body.reference));
    expect(references.size).toBe(BURST / 2);
    const after = (await sql<{ n: number }>(`select count(*)::int as n from app.candidatures`))[0]!.n;
    expect(after - before).toBe(BURST / 2);
    const stored = await sql<{ reference: string }>(`select reference from app.candidatures where reference = any($1::text[])`, [[...references]]);
    expect(stored).toHaveLength(BURST / 2);
  });
});

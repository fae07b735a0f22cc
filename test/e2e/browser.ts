// Headless Debian Chromium driven by playwright-core (no Playwright browser download), and the
// axe-core accessibility check run inside a page.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/local-supabase/demo.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Background networking off, and every host name but loopback left unresolved: the tests use
// loopback only, and Chromium still looks up Google's hosts at start with the flags alone.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** A new French browser context (JavaScript on unless told) signed in to the partner space with a demo account's password, through the form. */
export async function signInAsDemo(browser: Browser, baseUrl: string, email: string, { javaScript = true }: { javaScript?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: javaScript });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/espace/connexion/`);
  const form = page.getByRole('form', { name: 'Avec votre mot de passe' });
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${baseUrl}/espace/`);
  return { context, page };
}

/** Launches Chromium; Playwright gives each launch a fresh, temporary user-data-dir. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: run .ci/install-chromium.sh (apt-get install chromium).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeNode { target: unknown[] }

declare global {
  interface Window {
    axe?: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> };
  }
}
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is now.
 * Returns one readable line per violation: `id (impact): help — selector, selector…`; empty when clean.
 */
/**
 * Loads axe-core into a page or frame. Evaluated through the DevTools protocol, not added as an
 * inline <script>: the site's Content-Security-Policy refuses inline scripts it has no hash for.
 */
export async function injectAxe(target: Page | Frame): Promise<void> {
  if (await target.evaluate(() => 'axe' in window)) return;
  await target.evaluate(readFileSync(AXE_PATH, 'utf8'));
}

export async function checkAxe(page: Page): Promise<string[]> {
  await injectAxe(page);
  const violations = await page.evaluate(async (tags: string[]) => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations;
  }, AXE_TAGS) as AxeViolation[];
  return violations.map((v) => {
    const targets = v.nodes.map((node) => node.target.map(String).join(' > '));
    const shown = targets.slice(0, 5).join(', ') + (targets.length > 5 ? `, … (${targets.length} in all)` : '');
    return `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${shown}`;
  });
}

/**
 * axe on a page of a context without JavaScript (axe itself is a script): the same HTML, at the
 * same address, in a page that runs scripts; the page's own scripts are left out.
 */
export async function checkAxeWithoutJs(browser: Browser, page: Page): Promise<string[]> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const copy = await browser.newPage({ locale: 'fr-FR' });
  try {
    await copy.route(page.url(), (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await copy.goto(page.url());
    return await checkAxe(copy);
  } finally {
    await copy.close();
  }
}

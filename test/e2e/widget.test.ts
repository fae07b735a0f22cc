// The embeddable widget in a real browser, on the production build (the `netlify serve` shared
// by every e2e file, test/e2e/global-setup.ts). A community's page on ANOTHER origin (a tiny
// node:http server) pastes two script snippets and one iframe snippet exactly as the builder
// gives them; the widgets must show the published figures of /donnees/<territoire>.json, pass
// axe (inside their shadow roots and the frame), and leave the host's styles and globals alone.
// Then: attribute changes, wrong attributes, a network failure, and the builder page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { checkAxe, injectAxe, launchBrowser } from './browser.ts';
import { formatCount, formatDate } from '../../src/domain/format.ts';
import { label, publicLabels } from '../../src/domain/labels.ts';
import { parseOpenData, type OpenDataPublication } from '../../src/widget/data.ts';
import { iframeSnippet, scriptSnippet, type SnippetChoice } from '../../src/widget/snippet.ts';

const baseUrl = inject('baseUrl');

/** Runs of spaces, no-break and narrow no-break spaces (French number formatting) as one space. */
const normalise = (text: string): string => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

const choice = (c: Partial<SnippetChoice> & Pick<SnippetChoice, 'territoire' | 'indicateur'>): SnippetChoice => ({
  annee: null, graphique: 'barres', theme: 'clair', couleur: '#1d4f91', hauteur: 280, ...c,
});

// Two widgets (one with a low-contrast accent the widget must make readable, one dark) and a frame.
const HEURES = choice({ territoire: 'dieppe-maritime', indicateur: 'heures', annee: 2025, couleur: '#ffcc00' });
const PUBLICS = choice({ territoire: 'calvados', indicateur: 'publics', theme: 'sombre' });
const SORTIES = choice({ territoire: 'dieppe-maritime', indicateur: 'sorties' });

/** Host elements whose computed style must not change, and the properties compared. */
const HOST_ELEMENTS = ['body', 'header h1', 'main h2', '#intro', '#intro a', '#host-table', '#host-table th', '#host-table td', '#fin'];
const STYLE_PROPERTIES = [
  'font-family', 'font-size', 'font-weight', 'line-height', 'color', 'background-color', 'margin-top', 'margin-bottom',
  'padding-left', 'border-top-width', 'border-top-style', 'display', 'box-sizing', 'text-align', 'outline-style',
];

/** The page of a community website, with the snippets pasted in. */
function hostPage(): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>Commune de test — nos résultats</title>
<style>
  body { font: 17px/1.7 Georgia, serif; color: #222222; background: #fdfdf8; margin: 2rem; }
  h1 { color: #7a1f1f; font-size: 2rem; }
  h2 { font-size: 1.3rem; border-bottom: 1px solid #999999; }
  p { margin: 0 0 1rem; }
  a { color: #004f8a; }
  table { border-collapse: separate; border: 2px solid #333333; }
  th, td { padding: 4px 8px; border: 1px solid #666666; text-align: center; }
  /* Rules a widget must not pick up (its styles are isolated both ways). */
  figure, canvas, details, summary, caption { outline: 4px dashed magenta; }
</style>
</head>
<body>
<header><h1>Commune de test</h1></header>
<main>
<p id="intro">Les résultats des clauses sociales sur notre territoire. <a href="#fin">Aller à la fin</a></p>
<table id="host-table"><caption>Un tableau du site hôte</caption><tr><th scope="row">Ligne</th><td>1</td></tr></table>
<h2>Heures d’insertion</h2>
${scriptSnippet(baseUrl, HEURES)}
<h2>Publics</h2>
${scriptSnippet(baseUrl, PUBLICS)}
<h2>Sorties (cadre)</h2>
${iframeSnippet(baseUrl, SORTIES, 'Sorties des participants — Dieppe-Maritime')}
<p id="fin">Fin de la page.</p>
</main>
<script>
  // Taken before any module script runs (they are deferred), kept out of window on purpose.
  document.documentElement.dataset.baseline = JSON.stringify({
    keys: Object.keys(window),
    styles: ${JSON.stringify(HOST_ELEMENTS)}.map(function (selector) {
      var style = getComputedStyle(document.querySelector(selector));
      return ${JSON.stringify(STYLE_PROPERTIES)}.map(function (p) { return selector + ' ' + p + ': ' + style.getPropertyValue(p); });
    }),
  });
</script>
</body>
</html>`;
}

let host: Server;
let hostUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Requests of the host page itself (not of the frame). */
const requests: string[] = [];
const problems: string[] = [];
let published: Record<string, OpenDataPublication[]> = {};

async function openData(slug: string): Promise<OpenDataPublication[]> {
  const response = await fetch(`${baseUrl}/donnees/${slug}.json`);
  expect(response.status).toBe(200);
  const publications = parseOpenData(await response.json());
  if (!publications) throw new Error(`/donnees/${slug}.json is not in the format the widget reads`);
  return publications;
}

const latest = (slug: string, year?: number): OpenDataPublication => {
  const list = (published[slug] ?? []).filter((p) => year === undefined || p.annee === year).sort((a, b) => b.annee - a.annee);
  if (!list[0]) throw new Error(`no publication for ${slug} ${year ?? ''}`);
  return list[0];
};

/** Text of what a widget's shadow root holds for a selector (not of any light-DOM fallback). */
async function shadowText(scope: Page | Frame, widget: string, selector: string): Promise<string> {
  return normalise(await scope.evaluate(([w, s]) => document.querySelector(w)?.shadowRoot?.querySelector<HTMLElement>(s)?.innerText ?? '', [widget, selector] as const));
}

/** The rows of a widget's data table: [row header, cells…], text normalised. */
async function tableRows(scope: Page | Frame, widget: string): Promise<string[][]> {
  return scope.evaluate((w) => [...document.querySelector(w)?.shadowRoot?.querySelectorAll('.cr-scroll tbody tr') ?? []]
    .map((row) => [...row.children].map((cell) => (cell.textContent ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim())), widget);
}

async function hostStyles(): Promise<{ keys: string[]; styles: string[][] }> {
  return page.evaluate(({ elements, properties }) => ({
    keys: Object.keys(window),
    styles: elements.map((selector) => {
      const style = getComputedStyle(document.querySelector(selector) as HTMLElement);
      return properties.map((p) => `${selector} ${p}: ${style.getPropertyValue(p)}`);
    }),
  }), { elements: HOST_ELEMENTS, properties: STYLE_PROPERTIES });
}

beforeAll(async () => {
  published = {
    'dieppe-maritime': await openData('dieppe-maritime'),
    calvados: await openData('calvados'),
  };
  host = createServer((request, response) => {
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage());
    else response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('introuvable');
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  expect(new URL(hostUrl).origin).not.toBe(new URL(baseUrl).origin);

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
  page.on('request', (request) => {
    if (request.frame() === page.mainFrame()) requests.push(request.url());
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`${hostUrl}/`, { waitUntil: 'load' });
  await page.locator('clauses-resultats[territoire="dieppe-maritime"] .cr-figure').waitFor();
  await page.locator('clauses-resultats[territoire="calvados"] .cr-figure').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
}, 30_000);

describe('widgets on a community website (another origin)', () => {
  it('serves the module and the open data to other origins', async () => {
    for (const path of ['/widget/v1.js', '/donnees/dieppe-maritime.json']) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { origin: hostUrl } });
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), `${path}: CORS header (src/server/response-headers.ts, written to dist/_headers)`).toBe('*');
    }
    const script = await fetch(`${baseUrl}/widget/v1.js`);
    await script.arrayBuffer();
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
  });

  it('loads the module once for both snippets and reads each territory once, with no cookie', async () => {
    expect(requests.filter((url) => url === `${baseUrl}/widget/v1.js`)).toHaveLength(1);
    expect(requests.filter((url) => url.startsWith(`${baseUrl}/donnees/dieppe-maritime.json`))).toHaveLength(1);
    expect(requests.filter((url) => url.startsWith(`${baseUrl}/donnees/calvados.json`))).toHaveLength(1);
    expect(requests.every((url) => url.startsWith(hostUrl) || url.startsWith(baseUrl) || url.startsWith('data:'))).toBe(true);
    expect(await context.cookies()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows the published hours of Dieppe-Maritime 2025, chart and table, date and link', async () => {
    const p = latest('dieppe-maritime', 2025);
    const widget = 'clauses-resultats[territoire="dieppe-maritime"]';
    const summary = await shadowText(page, widget, '.cr-summary');
    expect(summary).toContain(normalise(`${formatCount(p.indicateurs.heures.realisees_dans_l_annee)} heures d’insertion réalisées dans l’année`));
    const canvas = page.locator(`${widget} canvas[role="img"]`);
    expect(await canvas.getAttribute('aria-label')).toContain('Dieppe-Maritime');
    expect(await canvas.evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(0);

    // "Voir les données", opened with the keyboard.
    await page.locator(`${widget} summary`).focus();
    await page.keyboard.press('Enter');
    expect(await page.locator(`${widget} details`).getAttribute('open')).not.toBeNull();
    const rows = await tableRows(page, widget);
    expect(rows).toEqual(p.indicateurs.operations.map((op) => [
      op.nom,
      normalise(formatCount(op.heures_realisees)),
      op.heures_dues_communiquees ? normalise(formatCount(op.heures_dues)) : 'non communiqué',
    ]));

    const source = normalise(await page.locator(`${widget} .cr-source`).innerText());
    expect(source).toContain(`Publié le ${formatDate(p.date_publication)}`);
    // The latest year links to the territory's page, an earlier one to its own page (the
    // partner test may have published a later year by now).
    const page2025 = latest('dieppe-maritime').annee === 2025 ? '/territoires/dieppe-maritime/' : '/territoires/dieppe-maritime/2025/';
    expect(await page.locator(`${widget} .cr-source a`).getAttribute('href')).toBe(`${baseUrl}${page2025}`);
  });

  it('shows the publics of Calvados, a suppressed public as "secret statistique", never 0', async () => {
    const p = latest('calvados');
    const widget = 'clauses-resultats[territoire="calvados"]';
    const rows = await tableRows(page, widget);
    const expected = Object.entries(p.indicateurs.participants.publics)
      .map(([code, value]) => [label(publicLabels, code), value === null ? 'secret statistique' : normalise(formatCount(value))]);
    expect(rows).toEqual(expected);
    expect(expected.some(([, value]) => value === 'secret statistique')).toBe(true);
    expect(normalise(await page.locator(`${widget} .cr-summary`).innerText())).toContain(`${p.annee}`);
  });

  it('renders the iframe page, which the host sizes to its content with the snippet’s lines', async () => {
    const p = latest('dieppe-maritime');
    await page.frameLocator('iframe').locator('clauses-resultats').waitFor({ state: 'attached' });
    const inner = page.frames().find((f) => f.url().startsWith(`${baseUrl}/integrer/`));
    if (!inner) throw new Error('frame not found');
    await inner.waitForFunction(() => Boolean(document.querySelector('clauses-resultats')?.shadowRoot?.querySelector('.cr-figure')));
    // A chart when some exit figure is published, the table alone otherwise.
    const drawable = Object.values(p.indicateurs.sorties).some((m) => Object.values(m).some((v) => v !== null));
    expect(await inner.evaluate(() => document.querySelector('clauses-resultats')?.shadowRoot?.querySelectorAll('canvas[role="img"]').length))
      .toBe(drawable ? 1 : 0);
    expect(await shadowText(inner, 'clauses-resultats', '.cr-title')).toBe(`Sorties des participants — Dieppe-Maritime, ${p.annee}`);
    expect(await inner.evaluate(() => document.title)).toBe(`Sorties des participants — Dieppe-Maritime, ${p.annee}`);
    const row = (await tableRows(inner, 'clauses-resultats'))[0];
    const durable = p.indicateurs.sorties.fin_de_parcours.emploi_durable;
    expect(row?.slice(0, 2)).toEqual(['Emploi durable', durable === null ? 'secret statistique' : normalise(formatCount(durable))]);
    // The host's listener set the frame's height from the frame's message: once loaded, then
    // to the rendered widget's height when on screen.
    await expect.poll(async () => page.locator('iframe').evaluate((f) => (f as HTMLIFrameElement).style.height)).toMatch(/^\d+px$/);
    await page.locator('iframe').scrollIntoViewIfNeeded();
    await expect.poll(async () => {
      const style = await page.locator('iframe').evaluate((f) => (f as HTMLIFrameElement).style.height);
      const body = await inner.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      return style === `${body}px` && body > 200;
    }, { timeout: 10_000 }).toBe(true);
  });

  it('passes axe on the host page, inside the widgets’ shadow roots and the frame', async () => {
    const inner = page.frames().find((f) => f.url().startsWith(`${baseUrl}/integrer/`));
    if (!inner) throw new Error('frame not found');
    // axe runs inside frames when it is present there too.
    await injectAxe(inner);
    expect(await checkAxe(page)).toEqual([]);
  });

  it('leaves the host page’s styles and globals untouched, and takes none of its styles', async () => {
    const baseline = JSON.parse(await page.evaluate(() => document.documentElement.dataset['baseline'] ?? '{}')) as { keys: string[]; styles: string[][] };
    const now = await hostStyles();
    expect(now.styles).toEqual(baseline.styles);
    // (axe is the test's own addition, for the accessibility check above.)
    expect(now.keys.filter((key) => !baseline.keys.includes(key) && key !== 'axe')).toEqual([]);
    expect(await page.evaluate(() => typeof customElements.get('clauses-resultats'))).toBe('function');
    // The host's Georgia and magenta outlines stay outside.
    const inside = await page.locator('clauses-resultats[territoire="dieppe-maritime"] .cr-summary').evaluate((el) => getComputedStyle(el).fontFamily);
    expect(inside).not.toMatch(/Georgia/);
    const outline = await page.locator('clauses-resultats[territoire="dieppe-maritime"] figure').evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('none');
  });

  it('re-renders on attribute changes, and explains a wrong territory, indicator or year in French', async () => {
    await page.locator('clauses-resultats[territoire="dieppe-maritime"]').evaluate((el) => { el.id = 'modifie'; });
    const widget = page.locator('#modifie');
    const text = async (): Promise<string> => normalise(await widget.locator('.cr').innerText());

    await widget.evaluate((el) => el.setAttribute('indicateur', 'sorties'));
    await expect.poll(text).toContain('Sorties des participants — Dieppe-Maritime');

    await widget.evaluate((el) => el.setAttribute('annee', '1999'));
    await expect.poll(text).toContain('Aucun résultat publié pour 1999 (années publiées :');

    await widget.evaluate((el) => { el.removeAttribute('annee'); el.setAttribute('indicateur', 'salaires'); });
    await expect.poll(text).toContain('Indicateur « salaires » inconnu');

    await widget.evaluate((el) => { el.setAttribute('indicateur', 'annees'); });
    await expect.poll(text).toContain('Heures d’insertion réalisées par année — Dieppe-Maritime');

    expect(problems).toEqual([]);
    // (From here the browser logs the failed read of the unknown territory's file.)
    await widget.evaluate((el) => el.setAttribute('territoire', 'nulle-part'));
    // (The site's 404 comes from its server-side function, slower than a static file.)
    await expect.poll(text, { timeout: 20_000 }).toContain('Résultats indisponibles : territoire « nulle-part » inconnu.');
  });

  it('without network, shows what it already read, or a message (never a blank box)', async () => {
    await page.route(`${baseUrl}/donnees/**`, (route) => route.abort('internetdisconnected'));
    const before = requests.length;
    const added = await page.evaluate(() => {
      const known = document.createElement('clauses-resultats');
      known.setAttribute('territoire', 'calvados');
      known.setAttribute('indicateur', 'annees');
      known.id = 'deja-lu';
      const unknown = document.createElement('clauses-resultats');
      unknown.setAttribute('territoire', 'alpes-sud-isere');
      unknown.id = 'jamais-lu';
      document.querySelector('#fin')?.before(known, unknown);
      return true;
    });
    expect(added).toBe(true);
    await expect.poll(async () => normalise(await page.locator('#deja-lu .cr').innerText())).toContain(`Heures d’insertion réalisées par année — ${latest('calvados').territoire_nom}`);
    await expect.poll(async () => normalise(await page.locator('#jamais-lu .cr').innerText()))
      .toContain('Résultats momentanément indisponibles (connexion impossible).');
    expect(requests.slice(before).filter((url) => url.includes('/donnees/calvados.json'))).toEqual([]);
    await page.unroute(`${baseUrl}/donnees/**`);
  });
});

describe('the builder /integrer/', () => {
  it('builds the snippet with the keyboard, previews the real widget, copies and announces it, passes axe', async () => {
    const builder = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    await builder.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const b = await builder.newPage();
    const errors: string[] = [];
    b.on('pageerror', (error) => errors.push(error.message));
    try {
      await b.goto(`${baseUrl}/integrer/`);
      await b.locator('#apercu-module .cr-figure').waitFor();
      expect(await checkAxe(b)).toEqual([]);

      // Keyboard only: territory, indicator, year.
      await b.locator('#territoire').focus();
      await b.keyboard.press('Tab');
      expect(await b.evaluate(() => document.activeElement?.id)).toBe('indicateur');
      await b.locator('#territoire').selectOption('dieppe-maritime');
      await b.locator('#indicateur').selectOption('publics');
      await b.locator('#annee').selectOption(String(latest('dieppe-maritime').annee));
      await b.locator('input[name="theme"][value="sombre"]').focus();
      await b.keyboard.press('Space');
      const snippet = await b.locator('#code').inputValue();
      expect(snippet).toBe(scriptSnippet(baseUrl, choice({ territoire: 'dieppe-maritime', indicateur: 'publics', annee: latest('dieppe-maritime').annee, theme: 'sombre' })));
      await expect.poll(async () => normalise(await b.locator('#apercu-module .cr-title').innerText())).toContain('Participants par public — Dieppe-Maritime');

      await b.locator('#copier').focus();
      await b.keyboard.press('Enter');
      await expect.poll(async () => b.locator('#copie-statut').innerText()).toBe('Code copié dans le presse-papiers.');
      expect(await b.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
      expect(await b.locator('#copie-statut').getAttribute('role')).toBe('status');

      // The iframe form: the preview becomes the frame, the code the iframe snippet.
      await b.locator('input[name="forme"][value="iframe"]').check();
      expect(await b.locator('#code').inputValue()).toContain(`<iframe src="${baseUrl}/integrer/dieppe-maritime/publics/`);
      await b.frameLocator('#apercu-cadre').locator('clauses-resultats').waitFor({ state: 'attached' });
      const preview = b.frames().find((f) => f.url().startsWith(`${baseUrl}/integrer/dieppe-maritime/`));
      if (!preview) throw new Error('preview frame not found');
      await preview.waitForFunction(() => Boolean(document.querySelector('clauses-resultats')?.shadowRoot?.querySelector('.cr-figure')));
      await injectAxe(preview);
      expect(await checkAxe(b)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await builder.close();
    }
  });

  it('prerenders an iframe page for every territory × indicator, and every published year', async () => {
    const all = parseOpenData(await (await fetch(`${baseUrl}/donnees/resultats.json`)).json()) ?? [];
    const paths = new Set<string>();
    for (const p of all) {
      for (const indicator of ['heures', 'publics', 'annees', 'sorties']) {
        paths.add(`/integrer/${p.territoire}/${indicator}/`);
        paths.add(`/integrer/${p.territoire}/${indicator}/${p.annee}/`);
      }
    }
    const failures: string[] = [];
    for (const path of paths) {
      const response = await fetch(`${baseUrl}${path}`);
      const html = await response.text();
      if (response.status !== 200) failures.push(`${path}: HTTP ${response.status}`);
      else if (!html.includes('<html lang="fr"') || !/<title>[^<]+<\/title>/.test(html) || !html.includes('<clauses-resultats')) failures.push(`${path}: not a widget page`);
    }
    expect(failures).toEqual([]);
  });
});

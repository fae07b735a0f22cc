// The partner space in a real browser, on the production build: a company declares a month
// and submits; the facilitator validates one line and rejects another; the company corrects
// the rejected one; the facilitator publishes; after a build the public page shows the new
// totals. Then each role tries other organisations' data through pages and forms.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from './browser.ts';
import { sql } from './sql.ts';
import { candidatures, markets, territories } from '../support/seed.ts';

const baseUrl = inject('baseUrl');
const root = fileURLToPath(new URL('../../', import.meta.url));
const penlyLot1 = markets.penlyLot1;
const penlyLot2 = markets.penlyLot2;
const MONTH = '2026-09';
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

describe('from a company’s declaration to the public page', () => {
  it('walks the main path with the keyboard and the mouse, every page accessible', async () => {
    // The company declares September for two participants and submits.
    const company = await signedIn('entreprise@demo.test');
    await axeClean(company.page);
    await company.page.goto(`${baseUrl}/espace/declarer/?marche=${penlyLot1}&mois=${MONTH}`);
    await axeClean(company.page);
    const hours = company.page.locator('input[name^="hours_"]');
    await hours.nth(0).fill('70');
    await hours.nth(1).fill('72,5');
    await company.page.getByRole('button', { name: 'Enregistrer et transmettre au facilitateur' }).click();
    await company.page.waitForURL(/ok=transmis/);
    expect(await company.page.getByRole('status').innerText()).toContain('Mois transmis');

    // The facilitator validates the first line and rejects the second, with a reason.
    const facilitator = await signedIn('facilitateur@demo.test');
    await axeClean(facilitator.page);
    await facilitator.page.goto(`${baseUrl}/espace/declarations/?statut=submitted`);
    await axeClean(facilitator.page);
    const rows = facilitator.page.locator('tbody tr', { hasText: 'septembre 2026' });
    expect(await rows.count()).toBe(2);
    await rows.nth(0).getByRole('button', { name: /^Valider/ }).click();
    await facilitator.page.waitForURL(/ok=validate/);
    const remaining = facilitator.page.locator('tbody tr', { hasText: 'septembre 2026' });
    await remaining.first().getByPlaceholder('Motif du refus').fill('72,5 h dépasse le contrat');
    await remaining.first().getByRole('button', { name: /^Refuser/ }).click();
    await facilitator.page.waitForURL(/ok=reject/);

    // The company sees the rejection and corrects the line; the validated one is locked.
    await company.page.goto(`${baseUrl}/espace/declarer/?marche=${penlyLot1}&mois=${MONTH}`);
    expect(await company.page.locator('body').innerText()).toContain('Motif : 72,5 h dépasse le contrat');
    expect(await hours.nth(0).isDisabled()).toBe(true);
    await hours.nth(1).fill('');
    await hours.nth(1).fill('35');
    await company.page.getByRole('button', { name: 'Enregistrer et transmettre au facilitateur' }).click();
    await company.page.waitForURL(/ok=transmis/);

    // The facilitator validates the correction, then publishes 2026 after the preview.
    await facilitator.page.goto(`${baseUrl}/espace/declarations/?statut=submitted`);
    await facilitator.page.locator('tbody tr', { hasText: 'septembre 2026' }).first().getByRole('button', { name: /^Valider/ }).click();
    await facilitator.page.waitForURL(/ok=validate/);
    await facilitator.page.goto(`${baseUrl}/espace/publier/?annee=2026`);
    await axeClean(facilitator.page);
    // Publishing is public and permanent: the page says which version it will be, warns that 2026
    // is not over (today is in December 2026 or earlier), and asks for a confirmation.
    expect(await facilitator.page.getByRole('note').innerText()).toContain('L’année 2026 n’est pas terminée');
    expect(await facilitator.page.getByText(/^Aperçu de la version \d+, pas encore publiée\.$/).count()).toBe(1);
    await facilitator.page.getByLabel(/^Je confirme : ces chiffres seront publics/).check();
    await facilitator.page.getByRole('button', { name: 'Publier les résultats 2026' }).click();
    await facilitator.page.waitForURL(/ok=/);

    const [published] = await sql<{ figures: { heures: { realisees_dans_l_annee: number }; participants: { total: number } } }>(
      `select figures from app.publications where territory_id = '${territories.dieppe}' and year = 2026 order by version desc limit 1`);
    expect(published!.figures.heures.realisees_dans_l_annee).toBe(32400 + 70 + 35);

    // Nothing public changes until the site is rebuilt (the build hook in production).
    await promisify(execFile)(`${root}node_modules/.bin/astro`, ['build'], {
      cwd: root, timeout: 180_000,
      env: { ...process.env, NODE_ENV: 'production', SUPABASE_URL: inject('supabaseUrl'), SUPABASE_ANON_KEY: inject('anonKey'), ASTRO_TELEMETRY_DISABLED: '1' },
    });
    const publicPage = await browser.newPage();
    await publicPage.goto(`${baseUrl}/territoires/dieppe-maritime/2026/`);
    const cell = (key: string) => publicPage.locator(`td[data-key="${key}"]`).innerText();
    expect((await cell('heures.realisees_dans_l_annee')).replace(/\s/g, '')).toBe(String(32400 + 70 + 35));
    expect(await cell('participants.total')).toBe(String(published!.figures.participants.total));
    await axeClean(publicPage);
    await publicPage.close();
    await company.context.close();
    await facilitator.context.close();
  }, 300_000);
});

describe('each role is refused other organisations’ data, through pages and forms', () => {
  it('a company cannot open another company’s market, even by its id in the URL', async () => {
    const other = await signedIn('entreprise2@demo.test');
    const response = await other.page.goto(`${baseUrl}/espace/declarer/?marche=${penlyLot1}&mois=${MONTH}`);
    expect(new URL(other.page.url()).pathname).toBe('/espace/');
    expect(await other.page.locator('body').innerText()).not.toContain('Démo-PENLY');
    expect(response?.status()).toBe(200);
    await other.context.close();
  });

  it('a company cannot review hours: the facilitator-only page refuses it', async () => {
    const company = await signedIn('entreprise@demo.test');
    await company.page.goto(`${baseUrl}/espace/publier/`);
    expect(new URL(company.page.url()).pathname).toBe('/espace/interdit/');
    await axeClean(company.page);
    await company.context.close();
  });

  it('a facilitator of another territory cannot validate a line by posting its id', async () => {
    const [line] = await sql<{ id: string }>(`select id from app.hour_declarations where status = 'submitted' and market_id = $1 limit 1`, [penlyLot1]);
    const alpes = await signedIn('facilitateur.alpes@demo.test');
    const response = await alpes.page.request.post(`${baseUrl}/espace/declarations/?_action=declarations.review`, {
      form: { declaration_id: line!.id, decision: 'validate' }, headers: { origin: baseUrl }, maxRedirects: 0,
    });
    expect(response.status()).toBe(422);
    expect(await response.text()).toContain('Cette déclaration est introuvable.');
    expect(await sql(`select 1 from app.hour_declarations where id = $1 and status = 'submitted'`, [line!.id])).toHaveLength(1);
    await alpes.context.close();
  });

  it('a form posted from another site, with the partner’s cookies, changes nothing', async () => {
    const [line] = await sql<{ id: string }>(`select id from app.hour_declarations where status = 'submitted' and market_id = $1 limit 1`, [penlyLot1]);
    const facilitator = await signedIn('facilitateur@demo.test');
    const response = await facilitator.page.request.post(`${baseUrl}/espace/declarations/?_action=declarations.review`, {
      form: { declaration_id: line!.id, decision: 'validate' }, headers: { origin: 'https://pirate.example' }, maxRedirects: 0,
    });
    // 403 from Astro's origin check; netlify serve (not the platform) turns a function's 403 into its 404 page.
    expect(response.status()).toBeGreaterThanOrEqual(403);
    expect(response.status()).toBeLessThan(405);
    expect(await sql(`select 1 from app.hour_declarations where id = $1 and status = 'submitted'`, [line!.id])).toHaveLength(1);
    await facilitator.context.close();
  });

  it('a company cannot save hours on another company’s market by posting to its page', async () => {
    const other = await signedIn('entreprise2@demo.test');
    const before = await sql(`select 1 from app.hour_declarations where market_id = $1`, [penlyLot1]);
    // The page's form: the action's name in the address, the market and the month in hidden fields.
    await other.page.request.post(`${baseUrl}/espace/declarer/?marche=${penlyLot1}&mois=2026-05&_action=declarations.saveMonth`, {
      form: { market_id: penlyLot1, month: '2026-05', action: 'submit' }, headers: { origin: baseUrl }, maxRedirects: 0,
    });
    expect(await sql(`select 1 from app.hour_declarations where market_id = $1`, [penlyLot1])).toHaveLength(before.length);
    // Its own market works.
    const own = await other.page.goto(`${baseUrl}/espace/declarer/?marche=${penlyLot2}&mois=2026-05`);
    expect(own?.status()).toBe(200);
    await other.context.close();
  });

  it('a company imports a month from a CSV file: a wrong file saves nothing and is reported line by line', async () => {
    const { context, page } = await signedIn('entreprise@demo.test');
    await page.goto(`${baseUrl}/espace/declarer/import/?marche=${penlyLot1}`);
    await axeClean(page);
    expect(await page.locator('main').innerText()).toContain('Taille : 1 Mo et 2\u202f000 lignes d’heures au plus.');
    // The template lists the market's participants: a CSV for French Excel (BOM, semicolons,
    // French titles), and the same as a workbook.
    const template = await context.request.get(`${baseUrl}/espace/declarer/import/?marche=${penlyLot1}&format=modele`);
    expect(template.headers()['content-type']).toContain('text/csv');
    const templateLines = (await template.text()).split('\r\n');
    expect(templateLines[0]).toBe('\uFEFFParticipant;Mode;Heures;Montant HT;SIRET SIAE');
    const name = templateLines[1]!.split(';')[0]!;
    const workbook = await context.request.get(`${baseUrl}/espace/declarer/import/?marche=${penlyLot1}&format=modele-xlsx`);
    expect(workbook.headers()['content-disposition']).toContain('heures-modele.xlsx');
    const [templateSheet] = await readXlsxFile(await workbook.body());
    expect(templateSheet!.data.slice(0, 2)).toEqual([['Participant', 'Mode', 'Heures', 'Montant HT', 'SIRET SIAE'], [name, 'Embauche directe', null, null, null]]);
    const saved = () => sql<{ hours: string; status: string }>(`select d.hours::text, d.status from app.hour_declarations d
      join app.participants p on p.id = d.participant_id
      where d.market_id = $1 and d.month = '2026-07-01' and p.first_name || ' ' || p.last_name = $2`, [penlyLot1, name]);
    expect(await saved()).toEqual([]);

    const upload = async (content: string | Buffer, file = { name: 'heures.csv', mimeType: 'text/csv' }) => {
      await page.getByLabel('Mois déclaré').fill('2026-07');
      await page.getByLabel('Fichier Excel ou CSV (1 Mo au plus)').setInputFiles({ ...file, buffer: Buffer.from(content) });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Importer le fichier' }).click(),
      ]);
      await page.waitForLoadState();
      return response;
    };
    const refused = await upload(`participant,mode,heures,montant_ht\n${name},embauche directe,beaucoup,\n`);
    expect(refused.status()).toBe(422);
    expect(await page.getByRole('alert').innerText()).toContain('Le fichier comporte une erreur : aucune ligne n’a été enregistrée.');
    expect(await page.getByRole('region', { name: /Erreurs du fichier/ }).innerText()).toContain('Nombre d’heures invalide : « beaucoup »');
    expect(await page.getByLabel('Mois déclaré').inputValue()).toBe('2026-07');
    expect(await saved()).toEqual([]);
    await axeClean(page);

    await upload(`participant;mode;heures;montant_ht\n${name};embauche directe;12,5;\n`);
    await page.waitForURL(/\/espace\/declarer\/\?marche=.*&mois=2026-07&ok=brouillon/);
    expect(await page.getByRole('status').innerText()).toContain('Brouillon enregistré.');
    expect(await saved()).toEqual([{ hours: '12.50', status: 'draft' }]);

    // French Excel's « CSV (séparateur : point-virgule) »: Windows-1252, French titles. The line
    // of the month is updated (one line per participant, month and mode).
    await page.goto(`${baseUrl}/espace/declarer/import/?marche=${penlyLot1}`);
    // (Latin-1 is Windows-1252 for these accents: é is 0xE9 in both.)
    await upload(Buffer.from(`Participant;Mode;Heures;Montant HT;Remarque\r\n${name};Embauche directe;14,75;;Réalisé à Offranville\r\n`, 'latin1'));
    await page.waitForURL(/ok=brouillon/);
    expect(await saved()).toEqual([{ hours: '14.75', status: 'draft' }]);

    // A workbook, hours typed as a number.
    await page.goto(`${baseUrl}/espace/declarer/import/?marche=${penlyLot1}`);
    const xlsx = await writeXlsxFile([['Participant', 'Mode', 'Heures', 'Montant HT'], [name, 'Embauche directe', 16.5, null]]).toBuffer();
    await upload(xlsx, { name: 'heures.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    await page.waitForURL(/ok=brouillon/);
    expect(await saved()).toEqual([{ hours: '16.50', status: 'draft' }]);
    await context.close();
  });

  it('a facilitator edits a market and publishes a job offer that the public listing shows', async () => {
    const { context, page } = await signedIn('facilitateur@demo.test');
    await page.goto(`${baseUrl}/espace/marches/`);
    await page.getByRole('link', { name: /EPR2 Penly — lot 2/ }).click();
    await page.waitForURL(`${baseUrl}/espace/marches/${penlyLot2}/`);
    await axeClean(page);

    // An offer typed with the keyboard; the form is posted twice (a double click, a replay):
    // one offer only.
    await page.getByLabel('Métier').fill('Canalisateur·rice (e2e)');
    await page.getByLabel('Lieu de travail').fill('Dieppe (76)');
    await page.getByLabel('Nombre de postes').fill('2');
    const form = page.locator('form:has(input[name="idempotency_key"])');
    const body = new URLSearchParams(await form.evaluate((f) => [...new FormData(f as HTMLFormElement)].map(([k, v]) => [k, String(v)])));
    // Where the form posts (the page's address with the action's name), without JavaScript.
    const target = new URL(await form.evaluate((f) => (f as HTMLFormElement).action)).href;
    expect(target).toContain(`/espace/marches/${penlyLot2}/?_action=`);
    const replay = await context.request.post(target, { form: Object.fromEntries(body), headers: { origin: baseUrl }, maxRedirects: 0 });
    expect(replay.status()).toBe(303);
    await page.getByRole('button', { name: 'Créer l’offre' }).press('Enter');
    await page.waitForURL(/ok=offre/);
    expect(await page.getByRole('status').textContent()).toContain('Offre créée');
    expect(await page.getByRole('row', { name: /Canalisateur·rice \(e2e\)/ }).count()).toBe(1);
    await axeClean(page);

    const listing = await context.request.get(`${baseUrl}/offres/`);
    expect(await listing.text()).toContain('Canalisateur·rice (e2e)');

    // Bad input: a French message by the field, status 422, nothing created.
    const bad = await context.request.post(target, {
      form: { ...Object.fromEntries(body), idempotency_key: crypto.randomUUID(), trade: '' }, headers: { origin: baseUrl }, maxRedirects: 0 });
    expect(bad.status()).toBe(422);
    expect(await bad.text()).toContain('Indiquez le métier de l’offre.');
    await context.close();
  });

  it('a facilitator exports the markets, hours and participants as workbooks and French CSV', async () => {
    const { context, page } = await signedIn('facilitateur@demo.test');
    await page.goto(`${baseUrl}/espace/participants/`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exporter (Excel)' }).last().click()]);
    expect(download.suggestedFilename()).toBe('marches.xlsx');
    const [markets] = await readXlsxFile(await readFile(await download.path()));
    expect(markets!.sheet).toBe('Marchés');
    const [titles, ...rows] = markets!.data;
    expect(titles!.slice(0, 3)).toEqual(['Marché', 'Territoire', 'Opération']);
    const lot1 = rows.find((r) => String(r[0]).startsWith('EPR2 Penly — lot 1'));
    expect(lot1?.[10]).toBeInstanceOf(Date);
    expect(typeof lot1?.[9]).toBe('number');
    expect(['En cours', 'Clos']).toContain(lot1?.[12]);
    for (const name of ['heures', 'participants']) {
      const sheets = await readXlsxFile(await (await context.request.get(`${baseUrl}/espace/export/${name}.xlsx`)).body());
      expect(sheets[0]!.data.length).toBeGreaterThan(1);
      const csv = await (await context.request.get(`${baseUrl}/espace/export/${name}.csv`)).body();
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.toString('utf8')).toMatch(/^\uFEFF[^,\r\n]+;/);
      expect(csv.toString('utf8')).not.toMatch(/direct_hire|validated|submitted/);
    }
    await context.close();
  });

  it('a facilitator answers an access request with one download', async () => {
    const { context, page } = await signedIn('facilitateur@demo.test');
    await page.goto(`${baseUrl}/espace/acces-donnees/`);
    await axeClean(page);
    await page.getByLabel('Prénom').fill('Personne');
    await page.getByLabel('Nom', { exact: true }).fill('Inconnue');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger ses données (JSON)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^donnees-personnelles-\d{4}-\d{2}-\d{2}\.json$/);
    const content = JSON.parse(await readFile(await download.path(), 'utf8')) as { candidatures: unknown[]; participants: unknown[] };
    expect(content).toMatchObject({ candidatures: [], participants: [] });
    // The workbook, the first button (what Enter submits): one sheet per part, French titles.
    const [workbook] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger ses données (Excel)' }).click()]);
    expect(workbook.suggestedFilename()).toMatch(/^donnees-personnelles-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheets = await readXlsxFile(await readFile(await workbook.path()));
    expect(sheets.map((s) => s.sheet)).toEqual(['Candidatures', 'Historique des candidatures', 'Parcours', 'Marchés', 'Heures', 'Sorties']);
    expect(sheets[0]!.data[0]!.slice(0, 3)).toEqual(['Référence', 'Reçue le', 'Statut']);
    await context.close();
  });

  it('signs in with a link received by e-mail, once', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/espace/connexion/`);
    const requested = new Date().toISOString();
    await page.getByRole('form', { name: 'Sans mot de passe, avec un lien par e-mail' }).getByLabel('Adresse e-mail').fill('acheteur@demo.test');
    await page.keyboard.press('Enter');
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Si un compte existe pour acheteur@demo.test');
    await axeClean(page);

    // Locally the e-mail is written to .data/mail/ (listed on /dev/courriels/ in development).
    const mail = await newestMail('acheteur@demo.test', requested);
    expect(mail.subject).toBe('Votre lien de connexion à l’espace partenaires');
    const link = new URL(/https?:\/\/\S+token_hash=\S+/.exec(mail.text)?.[0] ?? '');
    const path = `${link.pathname}${link.search}`;
    await page.goto(`${baseUrl}${path}`);
    await axeClean(page);
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.waitForURL(`${baseUrl}/espace/`);
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(1);

    // The same link again, from another browser: refused with a French explanation.
    const other = await browser.newContext({ locale: 'fr-FR' });
    const again = await other.newPage();
    await again.goto(`${baseUrl}${path}`);
    await again.getByRole('button', { name: 'Me connecter' }).click();
    await again.waitForURL(`${baseUrl}/espace/connexion/?lien=expire`);
    expect(await again.getByRole('alert').first().textContent()).toContain('n’est plus valable');
    await other.close();
    await context.close();
  });

  it('signing out ends the session: its cookies, replayed, open nothing', async () => {
    const { context, page } = await signedIn('entreprise@demo.test');
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['cs_access', 'cs_refresh']));
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${baseUrl}/espace/connexion/`);
    await context.close();

    // Someone who copied the cookies before the sign-out: the refresh token is revoked and the
    // access token's session is gone, so the partner space sends to the sign-in page.
    const replay = await browser.newContext({ locale: 'fr-FR' });
    await replay.addCookies(cookies);
    const again = await replay.newPage();
    await again.goto(`${baseUrl}/espace/declarer/`);
    expect(new URL(again.url()).pathname).toBe('/espace/connexion/');
    await replay.close();
  });

  it('a company chooses among the files transmitted to it: a reason is required to decline, a hire is logged', async () => {
    // Camille sent a CV with her candidature, stored where the served site keeps CVs locally.
    const cvPath = `${crypto.randomUUID()}.pdf`;
    await mkdir(`${root}.data/cv`, { recursive: true });
    await writeFile(`${root}.data/cv/${cvPath}`, '%PDF-1.4\n% CV de démonstration\n%%EOF\n');
    await sql(`update app.candidatures set cv_path = $1 where id = '${candidatures.sentToCompanyA}'`, [cvPath]);
    const company = await signedIn('entreprise@demo.test');
    await company.page.getByRole('navigation', { name: 'Espace partenaires' }).getByRole('link', { name: 'Candidatures' }).click();
    await company.page.waitForURL(`${baseUrl}/espace/candidatures/`);
    await axeClean(company.page);
    const camille = company.page.getByRole('region', { name: /Camille Démo-Transmise/ });
    const yanis = company.page.getByRole('region', { name: /Yanis Démo-Chantier/ });
    // Only what the company needs to choose: no eligibility fact, no contact detail; not the other company's file.
    const text = await company.page.locator('main').innerText();
    expect(text).toContain('Deux ans de manœuvre en gros œuvre');
    expect(text).not.toContain('RSA');
    expect(text).not.toContain('camille.demo@exemple.test');
    expect(text).not.toContain('Nora');
    // Until when the company may decide before the file closes (transmitted 12 November + 90 days).
    expect(await camille.innerText()).toMatch(/Décision attendue avant le\s+10 février 2027/);

    // The CV downloads; a file not transmitted to the company does not, even by its address.
    const [download] = await Promise.all([
      company.page.waitForEvent('download'),
      camille.getByRole('link', { name: 'CV de Camille Démo-Transmise (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cv-CS-2026-DEMO0001.pdf');
    expect((await readFile(await download.path())).subarray(0, 5).toString()).toBe('%PDF-');
    const hidden = await company.page.request.get(`${baseUrl}/espace/candidatures/cv/${candidatures.inReview}/`);
    expect(hidden.status()).toBe(404);

    // Declining without a reason, posted past the browser's check, is refused and changes nothing.
    const declineForm = await company.page.locator('form:has(input[name="decision"][value="declined"])').first().evaluate((f) => (f as HTMLFormElement).action);
    expect(declineForm).toContain('/espace/candidatures/?_action=');
    const refused = await company.page.request.post(declineForm, {
      form: { candidature_id: candidatures.sentToCompanyABySiae, decision: 'declined' }, headers: { origin: baseUrl }, maxRedirects: 0,
    });
    expect(refused.status()).toBe(422);
    expect(await refused.text()).toContain('Choisissez le motif du refus.');
    expect(await sql(`select status from app.candidatures where id = '${candidatures.sentToCompanyABySiae}'`)).toEqual([{ status: 'sent_to_company' }]);

    // With the keyboard: a reason, then "Ne pas retenir".
    await yanis.getByLabel(/Motif si vous ne retenez pas/).selectOption({ label: 'Profil ne correspondant pas au poste' });
    await yanis.getByRole('button', { name: /Ne pas retenir/ }).focus();
    await company.page.keyboard.press('Enter');
    await company.page.waitForURL(/ok=non-retenu/);
    await camille.getByRole('button', { name: 'Recruter Camille Démo-Transmise' }).click();
    await company.page.waitForURL(/ok=recrute/);
    expect(await company.page.getByRole('status').innerText()).toContain('Recrutement enregistré');
    expect(await company.page.getByText('Aucune candidature n’attend votre décision.').count()).toBe(1);
    const decided = await company.page.locator('main').innerText();
    expect(decided).toMatch(/Camille Démo-Transmise, .* : Embauchée/);
    expect(decided).toMatch(/Yanis Démo-Chantier, .* : Déclinée \(Profil ne correspondant pas au poste\)/);
    await axeClean(company.page);

    // The person hired is now on the market: the company can declare her hours.
    await company.page.goto(`${baseUrl}/espace/declarer/?marche=${penlyLot1}&mois=2026-10`);
    expect(await company.page.getByRole('group', { name: 'Camille Démo-Transmise' }).count()).toBe(1);
    expect(await company.page.getByRole('group', { name: 'Yanis Démo-Chantier' }).count()).toBe(0);

    // The facilitator sees who decided, in the candidature's log.
    const facilitator = await signedIn('facilitateur@demo.test');
    await facilitator.page.goto(`${baseUrl}/espace/candidatures/`);
    const history = facilitator.page.getByRole('group').filter({ hasText: 'Historique de la candidature de Camille Démo-Transmise' });
    await history.locator('summary').click();
    expect(await history.innerText()).toMatch(/Embauchée — .*Conducteur de travaux \(démo\)/);
    await axeClean(facilitator.page);
    await company.context.close();
    await facilitator.context.close();
  });

  it('the facilitator records that a person withdraws: the candidature leaves the pipeline, logged', async () => {
    const facilitator = await signedIn('facilitateur@demo.test');
    await facilitator.page.goto(`${baseUrl}/espace/candidatures/`);
    const withdraw = facilitator.page.getByRole('button', { name: 'La personne se retire : Louis Démo-Reçu' });
    await withdraw.focus();
    await facilitator.page.keyboard.press('Enter');
    await facilitator.page.waitForURL(/ok=1/);
    expect(await facilitator.page.getByRole('button', { name: 'La personne se retire : Louis Démo-Reçu' }).count()).toBe(0);
    expect(await facilitator.page.locator('main').innerText()).toMatch(/CS-2026-DEMO0004 — Louis Démo-Reçu : Retirée par la personne/);
    expect(await sql(`select status from app.candidatures where id = '${candidatures.received}'`)).toEqual([{ status: 'withdrawn' }]);
    await axeClean(facilitator.page);
    await facilitator.context.close();
  });

  it('a participant’s file says until when the eligibility assessed at entry holds', async () => {
    const [person] = await sql<{ id: string }>(`select id from app.participants where last_name = 'Démo-PENLY-1'`);
    const facilitator = await signedIn('facilitateur@demo.test');
    await facilitator.page.goto(`${baseUrl}/espace/participants/${person!.id}/`);
    // Entered on 15 June 2025; Dieppe-Maritime's parcours lasts 24 months.
    expect(await facilitator.page.locator('#parcours-terme').innerText())
      .toContain('L’éligibilité vérifiée à l’entrée vaut pour le parcours jusqu’au 15 juin 2027 (24 mois, durée fixée par le territoire).');
    await axeClean(facilitator.page);
    await facilitator.context.close();
  });

  it('signed out, partner pages send to the sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/espace/participants/`);
    expect(new URL(page.url()).pathname).toBe('/espace/connexion/');
    await axeClean(page);
    await page.close();
  });
});

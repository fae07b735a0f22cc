// Importing markets from a DECP file in a real browser: the facilitator chooses the file, sees
// what will be created (an organisation registered with another kind is flagged), unticks
// nothing, confirms; the markets appear in the list, the flagged one is skipped, and a second
// import of the same file creates nothing. Every step passes axe.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkAxe, launchBrowser, signInAsDemo } from './browser.ts';
import { sql } from './sql.ts';
import { territories } from '../support/seed.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const BUYER = '21760217600018'; // valid Luhn (invented), unknown to the seed
const HOLDER = '55204599900869'; // valid Luhn (invented), unknown to the seed

function aMarche(id: string, objet: string, buyer: string, holder: string): Record<string, unknown> {
  return {
    id, acheteur: { id: buyer }, nature: 'Marché', objet, codeCPV: '45453000-7', procedure: 'Procédure adaptée',
    dureeMois: 18, dateNotification: '2026-05-15', montant: 1_250_000,
    titulaires: [{ titulaire: { typeIdentifiant: 'SIRET', id: holder } }],
    considerationsSociales: { considerationSociale: ['Clause sociale'] },
  };
}

describe('DECP import', () => {
  it('previews, flags a SIRET of the wrong kind, creates the others once', async () => {
    // A company of Dieppe-Maritime given as the buyer of the second market.
    const [company] = await sql<{ siret: string; name: string }>(
      `select siret, name from app.organisations where kind = 'company' and territory_id = '${territories.dieppe}' and siret is not null order by name limit 1`);
    const path = `${tmpdir()}/decp-e2e-${Date.now()}.json`;
    await writeFile(path, JSON.stringify({ marches: [
      aMarche('E2E-DECP-1', 'Réhabilitation de la piscine (e2e)', BUYER, HOLDER),
      aMarche('E2E-DECP-2', 'Voirie du port (e2e)', company!.siret, HOLDER),
    ] }));

    const { context, page } = await signInAsDemo(browser, baseUrl, 'facilitateur@demo.test');

    await page.getByRole('link', { name: 'Importer des marchés (DECP)' }).click();
    expect(await checkAxe(page)).toEqual([]);
    await page.getByLabel('Fichier DECP (JSON ou XML, 20 Mo au plus)').setInputFiles(path);
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: '2. Vérifier et confirmer' }).waitFor();
    expect(await checkAxe(page)).toEqual([]);
    const flagged = page.getByRole('row', { name: /Voirie du port \(e2e\)/ });
    expect(await flagged.innerText()).toContain(`${company!.name} — ce SIRET est enregistré dans la catégorie « Entreprise » : ce marché ne sera pas créé`);
    expect(await page.getByRole('row', { name: /Réhabilitation de la piscine \(e2e\)/ }).innerText()).toContain(`Acheteur SIRET ${BUYER} (à créer)`);

    await page.getByRole('button', { name: 'Créer les marchés cochés' }).click();
    await page.waitForURL(/crees=/);
    const status = await page.getByRole('status').innerText();
    expect(status).toContain('1 marché créé');
    expect(status).toContain('1 marché non créé');
    expect(await sql(`select 1 from app.markets where decp_id like '%E2E-DECP-%'`)).toHaveLength(1);
    expect(await checkAxe(page)).toEqual([]);

    // The same file again: nothing new.
    await page.goto(`${baseUrl}/espace/import-decp/`);
    await page.getByLabel('Fichier DECP (JSON ou XML, 20 Mo au plus)').setInputFiles(path);
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('button', { name: 'Créer les marchés cochés' }).click();
    await page.waitForURL(/crees=/);
    expect(await page.getByRole('status').innerText()).toContain('0 marché créé');
    expect(await sql(`select 1 from app.markets where decp_id like '%E2E-DECP-%'`)).toHaveLength(1);
    await context.close();
  });
});

// Every export for people opens in French Excel as a real spreadsheet: each workbook is written,
// then read back with read-excel-file — French titles, French labels instead of codes, numbers
// and dates typed, the header row frozen, widths set — and its CSV is UTF-8 with a byte order
// mark, semicolons and decimal commas.
import { describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { strFromU8, unzipSync } from 'fflate';
import {
  buyerSummarySheet, hoursSheet, marketsSheet, participantsSheet, personDataSheets, sheet, toSpreadsheetCsv, type FilledSheet,
} from '../../src/domain/spreadsheet-columns.ts';
import type { PersonData } from '../../src/domain/person-data.ts';
import { xlsxBytes } from '../../src/server/xlsx.ts';

const market = {
  id: '0f0e0d0c-0000-4000-8000-000000000101', title: 'Réhabilitation d’un gymnase à Offranville', territory_slug: 'seine-maritime',
  operation_name: 'Gymnase d’Offranville', buyer_name: 'Commune d’Offranville', company_name: 'Bâtiments du Pays de Caux',
  clause_type: 'execution_condition', estimated_amount_ht: 1_250_000.5, hours_due: 1200, hours_submitted: 151.5, hours_validated: 70,
  starts_on: '2026-01-05', ends_on: '2027-06-30', status: 'running',
};
const declaration = {
  market_id: market.id, market_title: market.title, company_name: market.company_name, participant: 'P-0A1B2C3D4E',
  month: '2026-07-01', realisation_mode: 'subcontracting', hours: 42.25, invoiced_amount_ht: 1250.5, status: 'validated',
};
const participant = {
  participant: 'P-0A1B2C3D4E', territory_slug: 'seine-maritime', eligibility: ['deld', 'rsa'], parcours_started_on: '2026-02-01',
  parcours_ended_on: null, markets: 2, hours_validated: 221.5,
};
const summaryLine = { year: 2026, title: market.title, company_name: market.company_name, hours_due: null, hours_validated_year: 151.5, hours_validated_to_date: 300, people: null };
const person: PersonData = {
  exported_at: '2026-12-04T10:00:00+01:00',
  candidatures: [{
    reference: 'C-2026-0042', created_at: '2026-03-02T09:30:00+01:00', status: 'declined', refusal_reason: 'position_filled',
    first_name: 'Noémie', last_name: 'Dâmon', email: 'noemie@exemple.fr', phone: null, commune: 'Offranville', eligibility: ['deld'],
    availability: null, mobility: ['permis B'], message: 'Disponible dès lundi', cv_held: false, submitted_by: 'person', prescriber: null,
    job_offer: 'Maçon·ne', log: [{ from: 'received', to: 'declined', reason: 'position_filled', at: '2026-03-10T08:00:00+01:00' }],
  }],
  participants: [{
    first_name: 'Noémie', last_name: 'Dâmon', birth_year: 1990, sex: 'F', commune: 'Offranville', qpv: true, qualification_level: '3',
    eligibility: ['deld'], eligibility_checked_at: '2026-02-01T10:00:00+01:00', parcours_started_on: '2026-02-01', parcours_ended_on: null,
    has_training: false, markets: [{ market: market.title, assigned_on: '2026-02-03' }],
    hours: [{ market: market.title, month: '2026-07-01', mode: 'direct_hire', hours: 151.5, status: 'submitted' }],
    exits: [{ milestone: 'm6', observed_on: '2026-09-01', situation: 'cdd_6_months_plus' }],
  }],
};

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The workbook read back: each sheet's rows, and its XML for what the reader does not return (panes, widths). */
async function readBack(sheets: FilledSheet[]) {
  const bytes = await xlsxBytes(sheets);
  const read = await readXlsxFile(bytes);
  const files = unzipSync(new Uint8Array(bytes));
  const xml = sheets.map((_, i) => strFromU8(files[`xl/worksheets/sheet${i + 1}.xml`]!));
  return { read, xml };
}

function expectFrozenHeaderAndWidths(xml: string, widths: number[]) {
  expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
  for (const [i, width] of widths.entries()) expect(xml).toContain(`<col min="${i + 1}" max="${i + 1}" width="${width}"`);
}

describe('the exports as .xlsx', () => {
  it.each([
    ['markets', sheet(marketsSheet, [market]), [
      'Marché', 'Territoire', 'Opération', 'Acheteur', 'Entreprise attributaire', 'Type de clause', 'Montant estimé HT (€)', 'Heures dues',
      'Heures transmises', 'Heures validées', 'Début d’exécution', 'Fin d’exécution', 'Statut', 'Identifiant',
    ], [
      'Réhabilitation d’un gymnase à Offranville', 'seine-maritime', 'Gymnase d’Offranville', 'Commune d’Offranville', 'Bâtiments du Pays de Caux',
      'Condition d\'exécution (clause d\'insertion)', 1_250_000.5, 1200, 151.5, 70, day('2026-01-05'), day('2027-06-30'), 'En cours', market.id,
    ]],
    ['hours', sheet(hoursSheet, [declaration]), [
      'Marché', 'Entreprise', 'Participant (code)', 'Mois', 'Mode de réalisation', 'Heures', 'Montant facturé HT (€)', 'Statut', 'Identifiant du marché',
    ], [
      market.title, 'Bâtiments du Pays de Caux', 'P-0A1B2C3D4E', day('2026-07-01'), 'Sous-traitance à une SIAE, EA ou ESAT', 42.25, 1250.5, 'Validée', market.id,
    ]],
    ['participants', sheet(participantsSheet, [participant]), [
      'Participant (code)', 'Territoire', 'Publics éligibles', 'Début de parcours', 'Fin de parcours', 'Marchés', 'Heures validées',
    ], [
      'P-0A1B2C3D4E', 'seine-maritime', expect.stringMatching(/^Demandeur.*longue durée.*, .*RSA/), day('2026-02-01'), null, 2, 221.5,
    ]],
    ['the buyer’s yearly summary', sheet(buyerSummarySheet, [summaryLine]), [
      'Année', 'Marché', 'Entreprise', 'Heures dues (marché)', 'Heures réalisées dans l’année', 'Heures réalisées au 31 décembre', 'Personnes',
    ], [
      // Hours due not communicated and a count of people under the threshold: empty cells.
      2026, market.title, 'Bâtiments du Pays de Caux', null, 151.5, 300, null,
    ]],
  ])('%s: French titles and labels, typed numbers and dates, header frozen', async (_name, filled, titles, row) => {
    const { read, xml } = await readBack([filled]);
    expect(read).toHaveLength(1);
    expect(read[0]!.sheet).toBe(filled.name);
    expect(read[0]!.data).toEqual([titles, row]);
    expectFrozenHeaderAndWidths(xml[0]!, filled.columns.map((c) => c.width));
    // No code of the database shows through.
    expect(JSON.stringify(read)).not.toMatch(/execution_condition|subcontracting|validated|running|deld|"rsa"/);
  });

  it('the access request: one sheet per part, each in French, dates and numbers typed', async () => {
    const sheets = personDataSheets(person);
    const { read, xml } = await readBack(sheets);
    expect(read.map((s) => s.sheet)).toEqual(['Candidatures', 'Historique des candidatures', 'Parcours', 'Marchés', 'Heures', 'Sorties']);
    const [candidatures, history, parcours, markets, hours, exits] = read.map((s) => s.data);
    expect(candidatures![0]!.slice(0, 4)).toEqual(['Référence', 'Reçue le', 'Statut', 'Motif de refus']);
    expect(candidatures![1]!.slice(0, 6)).toEqual(['C-2026-0042', day('2026-03-02'), 'Déclinée', 'Poste pourvu', 'Noémie', 'Dâmon']);
    expect(history![1]).toEqual(['C-2026-0042', day('2026-03-10'), 'Reçue', 'Déclinée', 'Poste pourvu']);
    expect(parcours![1]!.slice(0, 7)).toEqual(['Noémie', 'Dâmon', 1990, 'F', 'Offranville', 'Oui', 'Niveau 3 (CAP, BEP)']);
    expect(markets![1]).toEqual([market.title, day('2026-02-03')]);
    expect(hours![1]).toEqual([market.title, day('2026-07-01'), 'Embauche directe', 151.5, 'Transmise']);
    expect(exits![1]).toEqual(['À 6 mois', day('2026-09-01'), 'CDD de 6 mois ou plus']);
    for (const [i, x] of xml.entries()) expectFrozenHeaderAndWidths(x, sheets[i]!.columns.map((c) => c.width));
  });
});

describe('the exports as CSV', () => {
  it('UTF-8 with a byte order mark, semicolons, French titles and labels, decimal commas, ISO dates', () => {
    const csv = toSpreadsheetCsv(sheet(marketsSheet, [market]));
    expect(csv.startsWith('\uFEFFMarché;Territoire;Opération;')).toBe(true);
    const line = csv.split('\r\n')[1]!;
    expect(line).toBe(`Réhabilitation d’un gymnase à Offranville;seine-maritime;Gymnase d’Offranville;Commune d’Offranville;Bâtiments du Pays de Caux;Condition d'exécution (clause d'insertion);1250000,5;1200;151,5;70;2026-01-05;2027-06-30;En cours;${market.id}`);
    // Read back as Excel does with the mark: the accents are intact.
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).not.toMatch(/Ã|â€/);
  });

  it('quotes a cell holding a semicolon, a quote or a line break; months as AAAA-MM; empty for null', () => {
    const csv = toSpreadsheetCsv(sheet(hoursSheet, [{ ...declaration, market_title: 'Lot 1; « gros œuvre » "A"', hours: null }]));
    expect(csv.split('\r\n')[1]).toBe(`"Lot 1; « gros œuvre » ""A""";Bâtiments du Pays de Caux;P-0A1B2C3D4E;2026-07;Sous-traitance à une SIAE, EA ou ESAT;;1250,5;Validée;${market.id}`);
  });
});

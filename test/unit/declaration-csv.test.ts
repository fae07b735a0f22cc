// A month of hours imported from a CSV file: separators, French decimals, participants named
// as on the declaration page, the SIAE of sub-contracting lines named by SIRET, and a French
// error report by line and column.
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, normaliseSiret, parseDeclarationCsv, parseFrenchNumber, parseMode, readCsv, type CsvParticipant, type CsvSiae } from '../../src/domain/declaration-csv.ts';

const camille = { id: '0f0e0d0c-0000-4000-8000-000000000001', name: 'Camille Martin' };
const sacha = { id: '0f0e0d0c-0000-4000-8000-000000000002', name: 'Sacha Lefèvre' };
const participants: CsvParticipant[] = [camille, sacha];
const littoral = { id: '0f0e0d0c-0000-4000-8000-000000000041', name: 'Chantier d’insertion du littoral', siret: '99900000000412' };
const interim = { id: '0f0e0d0c-0000-4000-8000-000000000042', name: 'Intérim d’insertion', siret: '99900000000420' };
const noSiret = { id: '0f0e0d0c-0000-4000-8000-000000000043', name: 'Association sans SIRET', siret: null };
const siae: CsvSiae[] = [littoral, interim, noSiret];

describe('numbers and modes', () => {
  it.each([
    ['151,5', 151.5], ['151.5', 151.5], ['70', 70], ['1 234,50', 1234.5], ['1\u202f234,50 €', 1234.5],
    ['', null], ['abc', null], ['-3', null], ['1,2,3', null], ['12h', null],
  ])('%j → %j', (text, value) => {
    expect(parseFrenchNumber(text)).toBe(value);
  });

  it.each([
    ['direct_hire', 'direct_hire'], ['Embauche directe', 'direct_hire'], ['embauche', 'direct_hire'],
    ['Intérim', 'temporary_work'], ['interim', 'temporary_work'],
    ['mise à disposition', 'provision'], ['Mise à disposition (ETTI, AI, GEIQ)', 'provision'],
    ['sous-traitance', 'subcontracting'], ['Sous traitance', 'subcontracting'], ['subcontracting', 'subcontracting'],
    ['co-traitance', 'co_contracting'], ['formation', 'training'],
    ['stage', null], ['', null],
  ])('mode %j → %j', (text, mode) => {
    expect(parseMode(text)).toBe(mode);
  });
});

describe('reading the file', () => {
  it('reads quoted cells holding separators, quotes and line breaks, with the line each record starts on', () => {
    const { records } = readCsv('a,b\r\n"x, ""y""",1\n"multi\nline",2\n', ',');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', '1'] },
      { line: 3, cells: ['multi\nline', '2'] },
    ]);
  });

  it.each([
    ['comma, quoted French decimals', 'participant,mode,heures,montant_ht\nCamille Martin,embauche directe,"151,5",\n'],
    ['semicolon', 'participant;mode;heures;montant_ht\nCamille Martin;embauche directe;151,5;\n'],
    ['a byte-order mark and CRLF', '\uFEFFparticipant;mode;heures;montant_ht\r\nCamille Martin;embauche directe;151,5;\r\n'],
    ['columns in another order, upper case', 'MODE;Heures;Participant;Montant HT\nembauche directe;151,5;Camille Martin;\n'],
    ['the participant id', `participant,mode,heures,montant_ht\n${camille.id},direct_hire,151.5,\n`],
    ['the name in another case and without accents', 'participant;mode;heures;montant_ht\n  camille   MARTIN ;embauche;151,5;\n'],
  ])('accepts %s', (_name, content) => {
    expect(parseDeclarationCsv(content, participants)).toEqual({
      ok: true, lines: [{ line: 2, participant_id: camille.id, realisation_mode: 'direct_hire', hours: 151.5 }],
    });
  });

  it('reads a sub-contracted amount with the SIAE’s SIRET, and skips blank lines', () => {
    const csv = 'participant;mode;heures;montant_ht;siret_siae\nCamille Martin;embauche directe;70;;\n\n;;;;\nSacha Lefèvre;sous-traitance;;1 250,50;999 000 000 00412\n';
    expect(parseDeclarationCsv(csv, participants, siae)).toEqual({
      ok: true,
      lines: [
        { line: 2, participant_id: camille.id, realisation_mode: 'direct_hire', hours: 70 },
        { line: 5, participant_id: sacha.id, realisation_mode: 'subcontracting', invoiced_amount_ht: 1250.5, employer_id: littoral.id },
      ],
    });
  });

  it('names the SIAE of a co-contracting line by SIRET, the column anywhere in the header', () => {
    const csv = 'SIRET SIAE,participant,mode,heures,montant_ht\n99900000000420,Camille Martin,co-traitance,,900\n';
    expect(parseDeclarationCsv(csv, participants, siae)).toEqual({
      ok: true, lines: [{ line: 2, participant_id: camille.id, realisation_mode: 'co_contracting', invoiced_amount_ht: 900, employer_id: interim.id }],
    });
  });

  it('accepts a file without the siret_siae column when no line is sub-contracted; the template has it', () => {
    expect(parseDeclarationCsv('participant;mode;heures;montant_ht\nCamille Martin;embauche;10;\n', participants, siae).ok).toBe(true);
    expect(CSV_COLUMNS).toEqual(['participant', 'mode', 'heures', 'montant_ht', 'siret_siae']);
  });

  it.each([
    ['999 000 000 00412', '99900000000412'], ['999.000.000.00412', '99900000000412'], ['99900000000412', '99900000000412'],
    ['9990000000041', null], ['9,99E+13', null], ['', null], ['abcdefghijklmn', null],
  ])('SIRET %j → %j', (text, siret) => {
    expect(normaliseSiret(text)).toBe(siret);
  });
});

describe('the error report', () => {
  const header = 'participant;mode;heures;montant_ht;siret_siae\n';

  it.each([
    ['an unknown participant', 'Alex Inconnu;embauche;10;;', 'participant', /Participant inconnu sur ce marché/],
    ['no participant', ';embauche;10;;', 'participant', /Indiquez le participant/],
    ['an unknown mode', 'Camille Martin;stage;10;;', 'mode', /Mode inconnu : « stage »/],
    ['no mode', 'Camille Martin;;10;;', 'mode', /Indiquez le mode/],
    ['hours that are not a number', 'Camille Martin;embauche;dix;;', 'heures', /Nombre d’heures invalide : « dix »/],
    ['too many hours', 'Camille Martin;embauche;251;;', 'heures', /entre 0 et 250/],
    ['zero hours', 'Camille Martin;embauche;0;;', 'heures', /invalide/],
    ['no hours', 'Camille Martin;embauche;;;', 'heures', /Indiquez le nombre d’heures/],
    ['an amount on a direct hire', 'Camille Martin;embauche;10;500;', 'montant_ht', /ne concerne que la sous-traitance/],
    ['no amount in sub-contracting', 'Camille Martin;sous-traitance;;;99900000000412', 'montant_ht', /Indiquez le montant/],
    ['hours in sub-contracting', 'Camille Martin;sous-traitance;10;500;99900000000412', 'heures', /Laissez les heures vides/],
    ['a bad amount', 'Camille Martin;sous-traitance;;-5;99900000000412', 'montant_ht', /Montant invalide/],
    ['no SIAE in sub-contracting', 'Camille Martin;sous-traitance;;500;', 'siret_siae', /Indiquez le SIRET de la SIAE sous-traitante ou co-traitante/],
    ['no SIAE in co-contracting', 'Camille Martin;co-traitance;;500;', 'siret_siae', /Indiquez le SIRET de la SIAE/],
    ['a SIRET that is not 14 digits', 'Camille Martin;sous-traitance;;500;9990000000041', 'siret_siae', /SIRET invalide : « 9990000000041 »/],
    ['a SIRET a spreadsheet turned into a number', 'Camille Martin;sous-traitance;;500;9,99E+13', 'siret_siae', /SIRET invalide.*format texte/],
    ['a SIRET of no SIAE of the territory', 'Camille Martin;sous-traitance;;500;99900000000438', 'siret_siae', /Aucune SIAE du territoire du marché n’a le SIRET « 99900000000438 »/],
    ['a SIRET on a direct hire', 'Camille Martin;embauche;10;;99900000000412', 'siret_siae', /SIRET de la SIAE ne concerne que la sous-traitance/],
    ['too many cells', 'Camille Martin;embauche;10;;;x', 'ligne', /Trop de colonnes/],
  ])('reports %s with its line and column', (_name, row, field, message) => {
    const result = parseDeclarationCsv(`${header}Sacha Lefèvre;embauche;35;;\n${row}\n`, participants, siae);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 3, field });
    expect(result.errors[0]?.message).toMatch(message);
  });

  it('explains the comma separator when a French decimal is not quoted', () => {
    const result = parseDeclarationCsv('participant,mode,heures,montant_ht\nCamille Martin,embauche,151,5,\n', participants);
    expect(result).toEqual({ ok: false, errors: [{ line: 2, field: 'ligne', message: expect.stringMatching(/entre guillemets/) }] });
  });

  it('asks for the siret_siae column when a sub-contracting line comes without it', () => {
    const result = parseDeclarationCsv('participant;mode;heures;montant_ht\nCamille Martin;embauche;10;\nSacha Lefèvre;sous-traitance;;500\n', participants, siae);
    expect(result).toEqual({ ok: false, errors: [{ line: 3, field: 'siret_siae', message: expect.stringMatching(/Ajoutez la colonne siret_siae/) }] });
  });

  it('never matches an SIAE without a SIRET, nor any SIAE when none is given', () => {
    const csv = `${header}Camille Martin;sous-traitance;;500;99900000000412\n`;
    expect(parseDeclarationCsv(csv, participants, [noSiret]).ok).toBe(false);
    const result = parseDeclarationCsv(csv, participants);
    expect(result.ok === false && result.errors).toEqual([{ line: 2, field: 'siret_siae', message: expect.stringMatching(/Aucune SIAE/) }]);
  });

  it('reports every wrong line, not only the first', () => {
    const result = parseDeclarationCsv(`${header}Camille Martin;embauche;x;\nSacha Lefèvre;embauche;35;\nPersonne;embauche;10;\n`, participants);
    expect(result.ok === false && result.errors.map((e) => e.line)).toEqual([2, 4]);
  });

  it('refuses two lines for the same participant and mode', () => {
    const result = parseDeclarationCsv(`${header}Camille Martin;embauche;10;\nCamille Martin;embauche directe;20;\n`, participants);
    expect(result).toEqual({ ok: false, errors: [{ line: 3, field: 'participant', message: expect.stringMatching(/Ligne en double.*ligne 2/) }] });
  });

  it('asks for the id when two participants share a name', () => {
    const twins = [...participants, { id: '0f0e0d0c-0000-4000-8000-000000000003', name: 'Camille Martin' }];
    const result = parseDeclarationCsv(`${header}Camille Martin;embauche;10;\n`, twins);
    expect(result.ok === false && result.errors[0]?.message).toMatch(/Plusieurs participants/);
    const byId = parseDeclarationCsv(`${header}${camille.id};embauche;10;\n`, twins);
    expect(byId.ok).toBe(true);
  });

  it.each([
    ['an empty file', '', 'fichier', /vide/],
    ['a header only', header, 'fichier', /Aucune ligne/],
    ['a missing column', 'participant;mode;heures\nCamille Martin;embauche;10\n', 'en-tête', /manquante : montant_ht/],
    ['an unterminated quote', `${header}"Camille Martin;embauche;10;\n`, 'fichier', /Guillemet/],
  ])('refuses %s', (_name, content, field, message) => {
    const result = parseDeclarationCsv(content, participants);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.field).toBe(field);
    expect(result.errors[0]?.message).toMatch(message);
  });
});

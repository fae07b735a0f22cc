// A month of hours imported from a CSV file: separators, French decimals, participants named
// as on the declaration page, and a French error report by line and column.
import { describe, expect, it } from 'vitest';
import { parseDeclarationCsv, parseFrenchNumber, parseMode, readCsv, type CsvParticipant } from '../../src/domain/declaration-csv.ts';

const camille = { id: '0f0e0d0c-0000-4000-8000-000000000001', name: 'Camille Martin' };
const sacha = { id: '0f0e0d0c-0000-4000-8000-000000000002', name: 'Sacha Lefèvre' };
const participants: CsvParticipant[] = [camille, sacha];

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

  it('reads a sub-contracted amount and skips blank lines', () => {
    const csv = 'participant;mode;heures;montant_ht\nCamille Martin;embauche directe;70;\n\n;;;\nSacha Lefèvre;sous-traitance;;1 250,50\n';
    expect(parseDeclarationCsv(csv, participants)).toEqual({
      ok: true,
      lines: [
        { line: 2, participant_id: camille.id, realisation_mode: 'direct_hire', hours: 70 },
        { line: 5, participant_id: sacha.id, realisation_mode: 'subcontracting', invoiced_amount_ht: 1250.5 },
      ],
    });
  });
});

describe('the error report', () => {
  const header = 'participant;mode;heures;montant_ht\n';

  it.each([
    ['an unknown participant', 'Alex Inconnu;embauche;10;', 'participant', /Participant inconnu sur ce marché/],
    ['no participant', ';embauche;10;', 'participant', /Indiquez le participant/],
    ['an unknown mode', 'Camille Martin;stage;10;', 'mode', /Mode inconnu : « stage »/],
    ['no mode', 'Camille Martin;;10;', 'mode', /Indiquez le mode/],
    ['hours that are not a number', 'Camille Martin;embauche;dix;', 'heures', /Nombre d’heures invalide : « dix »/],
    ['too many hours', 'Camille Martin;embauche;251;', 'heures', /entre 0 et 250/],
    ['zero hours', 'Camille Martin;embauche;0;', 'heures', /invalide/],
    ['no hours', 'Camille Martin;embauche;;', 'heures', /Indiquez le nombre d’heures/],
    ['an amount on a direct hire', 'Camille Martin;embauche;10;500', 'montant_ht', /ne concerne que la sous-traitance/],
    ['no amount in sub-contracting', 'Camille Martin;sous-traitance;;', 'montant_ht', /Indiquez le montant/],
    ['hours in sub-contracting', 'Camille Martin;sous-traitance;10;500', 'heures', /Laissez les heures vides/],
    ['a bad amount', 'Camille Martin;sous-traitance;;-5', 'montant_ht', /Montant invalide/],
    ['too many cells', 'Camille Martin;embauche;10;;x', 'ligne', /Trop de colonnes/],
  ])('reports %s with its line and column', (_name, row, field, message) => {
    const result = parseDeclarationCsv(`${header}Sacha Lefèvre;embauche;35;\n${row}\n`, participants);
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

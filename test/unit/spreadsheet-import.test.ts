// A month of hours as French Excel saves it: « CSV UTF-8 » (with a byte order mark), « CSV
// (séparateur : point-virgule) » in Windows-1252, or an .xlsx workbook; accents read as typed.
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { zipSync } from 'fflate';
import { decodeCsvBytes, detectSeparator, parseDeclarationCsv, type CsvParticipant } from '../../src/domain/declaration-csv.ts';
import { parseDeclarationFile, WORKBOOK_MAX_UNZIPPED } from '../../src/server/xlsx.ts';

const sacha = { id: '0f0e0d0c-0000-4000-8000-000000000002', name: 'Sacha Lefèvre' };
const noemie = { id: '0f0e0d0c-0000-4000-8000-000000000003', name: 'Noémie Dâmon' };
const participants: CsvParticipant[] = [sacha, noemie];
const littoral = { id: '0f0e0d0c-0000-4000-8000-000000000041', name: 'Chantier d’insertion du littoral', siret: '99900000000412' };

/** Text as Windows-1252 bytes (what French Excel writes), from the decoder's own table. */
const cp1252 = (() => {
  const decoder = new TextDecoder('windows-1252');
  const byChar = new Map<string, number>();
  for (let b = 0; b < 256; b += 1) byChar.set(decoder.decode(new Uint8Array([b])), b);
  return (text: string) => new Uint8Array([...text].map((ch) => {
    const byte = byChar.get(ch);
    if (byte === undefined) throw new Error(`not in Windows-1252: ${ch}`);
    return byte;
  }));
})();
const utf8 = (text: string) => new TextEncoder().encode(text);
const bom = (bytes: Uint8Array) => new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
const mojibake = /Ã|â€|\uFFFD/;

describe('the encoding of a CSV file', () => {
  const text = 'Réhabilitation d’un gymnase … à Offranville ; « Intérim » ; 1 234,50 €';

  it.each([
    ['UTF-8', utf8(text), 'utf-8'],
    ['UTF-8 with a byte order mark', bom(utf8(text)), 'utf-8'],
    ['Windows-1252', cp1252(text), 'windows-1252'],
  ])('reads %s with every accent as typed', (_name, bytes, encoding) => {
    const decoded = decodeCsvBytes(bytes);
    expect(decoded).toEqual({ text, encoding });
    expect(decoded.text).toContain('Offranville');
    expect(decoded.text).toContain('d’un');
    expect(decoded.text).not.toMatch(mojibake);
  });

  it('never reads Windows-1252 bytes as UTF-8: the apostrophe and the accents of French Excel', () => {
    // 0x92 is ’ and 0xE0 is à in Windows-1252; neither starts a valid UTF-8 sequence here.
    expect(decodeCsvBytes(new Uint8Array([0x64, 0x92, 0x75, 0x6e, 0x20, 0xe0])).text).toBe('d’un à');
  });
});

describe('the separator', () => {
  it.each([
    ['participant,mode,heures,montant_ht', ','],
    ['participant;mode;heures;montant_ht', ';'],
    ['Participant;Mode;Heures;Montant HT;SIRET SIAE\r\nSacha Lefèvre;intérim;"1,5";;', ';'],
    // A title holding the other separator, in quotes, does not count.
    ['"Heures, du mois";participant;mode;montant_ht', ';'],
    ['"Montant; HT",participant,mode,heures', ','],
    ['participant', ','],
  ])('%j → %j', (content, separator) => {
    expect(detectSeparator(content)).toBe(separator);
  });
});

describe('a file saved by French Excel', () => {
  const expected = {
    ok: true,
    lines: [
      { line: 2, participant_id: sacha.id, realisation_mode: 'temporary_work', hours: 151.5 },
      { line: 3, participant_id: noemie.id, realisation_mode: 'subcontracting', invoiced_amount_ht: 1250.5, employer_id: littoral.id },
    ],
  };

  it('imports « CSV (séparateur : point-virgule) »: Windows-1252, French titles and decimal commas', async () => {
    const csv = 'Participant;Mode;Heures;Montant HT;SIRET SIAE\r\nSacha Lefèvre;Intérim;151,5;;\r\nNoémie Dâmon;Sous-traitance;;1 250,50;999 000 000 00412\r\n';
    expect(await parseDeclarationFile(cp1252(csv), participants, [littoral])).toEqual(expected);
  });

  it('imports « CSV UTF-8 »: a byte order mark, commas', async () => {
    const csv = 'participant,mode,heures,montant_ht,siret_siae\nSacha Lefèvre,intérim,"151,5",,\nNoémie Dâmon,sous-traitance,,"1250,5",99900000000412\n';
    expect(await parseDeclarationFile(bom(utf8(csv)), participants, [littoral])).toEqual(expected);
  });

  it('imports an .xlsx workbook, numbers typed as numbers or as French text', async () => {
    const workbook = await writeXlsxFile([
      ['Participant', 'Mode', 'Heures', 'Montant HT', 'SIRET SIAE'],
      ['Sacha Lefèvre', 'Intérim', 151.5, null, null],
      ['Noémie Dâmon', 'Sous-traitance', null, '1 250,50', 99900000000412],
    ]).toBuffer();
    expect(await parseDeclarationFile(new Uint8Array(workbook), participants, [littoral])).toEqual(expected);
  });

  it('names the line and the column of an error in a workbook', async () => {
    const workbook = await writeXlsxFile([
      ['Participant', 'Mode', 'Heures', 'Montant HT'],
      ['Sacha Lefèvre', 'Intérim', 151.5, null],
      [null, null, null, null],
      ['Sacha Lefèvre', 'Formation', 'beaucoup', null],
    ]).toBuffer();
    expect(await parseDeclarationFile(new Uint8Array(workbook), participants, [])).toEqual({
      ok: false, errors: [{ line: 4, field: 'heures', message: expect.stringMatching(/^Nombre d’heures invalide : « beaucoup »/) }],
    });
  });

  it.each([
    ['an Excel 97-2003 workbook', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /\.xls \(Excel 97-2003\)/],
    ['a damaged workbook', utf8('PK\u0003\u0004pas un classeur'), /Ce classeur ne peut pas être lu/],
  ])('refuses %s in French', async (_name, bytes, message) => {
    expect(await parseDeclarationFile(bytes, participants, [])).toEqual({ ok: false, errors: [{ line: 1, field: 'fichier', message: expect.stringMatching(message) }] });
  });

  it('refuses, without inflating it, a small workbook that would unzip past the limit', async () => {
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(WORKBOOK_MAX_UNZIPPED + 1) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    expect(await parseDeclarationFile(bomb, participants, [])).toEqual({ ok: false, errors: [{ line: 1, field: 'fichier', message: expect.stringMatching(/^Ce classeur dépasse 50 Mo une fois décompressé/) }] });
  });

  it('keeps the CSV parser for text already decoded', () => {
    expect(parseDeclarationCsv('\uFEFFparticipant;mode;heures;montant_ht\nSacha Lefèvre;intérim;151,5;\n', participants).ok).toBe(true);
  });
});

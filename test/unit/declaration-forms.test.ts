// The company's month form (/espace/declarer/) and the CSV import form (/espace/declarer/import/):
// each line's message goes to its field, a draft needs one line, the import checks the month
// and the file before reading it.
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../src/domain/form-errors.ts';
import { monthDeclarationSchema, monthLinesSchema } from '../../src/domain/partner-forms.ts';
import { csvImportSchema } from '../../src/domain/declaration-csv.ts';

const market = '0f0e0d0c-0000-4000-8000-000000000100';
const camille = '0f0e0d0c-0000-4000-8000-000000000001';
const sacha = '0f0e0d0c-0000-4000-8000-000000000002';
const siae = '0f0e0d0c-0000-4000-8000-000000000041';
const lines = monthLinesSchema([camille, sacha], [siae]);
const form = (fields: Record<string, string>) => ({ market_id: market, month: '2026-09', ...fields });

describe('month form', () => {
  it('reads the market, the month and the button pressed', () => {
    expect(monthDeclarationSchema.parse({ market_id: market, month: '2026-09', action: 'submit' })).toEqual({ market_id: market, month: '2026-09-01', submit: true });
    expect(monthDeclarationSchema.parse({ market_id: market, month: '2026-09', action: 'draft' }).submit).toBe(false);
  });

  it('keeps the participants with hours or an amount, French decimals, the SIAE of a sub-contracted line', () => {
    expect(lines.parse(form({
      [`mode_${camille}`]: 'direct_hire', [`hours_${camille}`]: ' 72,5 ',
      [`mode_${sacha}`]: 'subcontracting', [`amount_${sacha}`]: '4500', [`siae_${sacha}`]: siae,
    }))).toEqual([
      { participant_id: camille, realisation_mode: 'direct_hire', hours: 72.5, invoiced_amount_ht: undefined },
      { participant_id: sacha, realisation_mode: 'subcontracting', hours: undefined, invoiced_amount_ht: 4500, employer_id: siae },
    ]);
  });

  it('puts each message on its line’s field', () => {
    const result = lines.safeParse(form({
      [`mode_${camille}`]: 'direct_hire', [`hours_${camille}`]: '0',
      [`mode_${sacha}`]: 'subcontracting', [`amount_${sacha}`]: '4500', [`siae_${sacha}`]: '0f0e0d0c-0000-4000-8000-000000000099',
    }));
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual({
      [`hours_${camille}`]: 'Indiquez un nombre d’heures supérieur à 0.',
      [`siae_${sacha}`]: 'Choisissez une SIAE du territoire dans la liste.',
    });
    const noSiae = lines.safeParse(form({ [`mode_${sacha}`]: 'co_contracting', [`amount_${sacha}`]: '1 200,50' }));
    expect(fieldErrors(noSiae.error!)).toEqual({ [`siae_${sacha}`]: 'Choisissez la SIAE sous-traitante ou co-traitante : elle confirmera le montant.' });
    const noAmount = lines.safeParse(form({ [`mode_${sacha}`]: 'subcontracting', [`hours_${sacha}`]: '12' }));
    expect(fieldErrors(noAmount.error!)).toEqual({ [`amount_${sacha}`]: 'Indiquez le montant facturé HT, en euros.' });
  });

  it('refuses a draft with no line, not a submission (it submits what is saved)', () => {
    expect(fieldErrors(lines.safeParse(form({ action: 'draft' })).error!)).toEqual({ form: 'Indiquez des heures pour au moins un participant.' });
    expect(lines.parse(form({ action: 'submit' }))).toEqual([]);
  });
});

describe('CSV import form', () => {
  const file = (content: string) => new File([content], 'heures.csv', { type: 'text/csv' });

  it('reads the month, the file and whether to submit', () => {
    const parsed = csvImportSchema.parse({ market_id: market, mois: '2026-07', fichier: file('participant\n'), transmettre: 'oui' });
    expect(parsed.mois).toBe('2026-07');
    expect(parsed.transmettre).toBe(true);
  });

  it('says first what is missing, the month before the file', () => {
    const errors = (input: Record<string, unknown>) => Object.values(fieldErrors(csvImportSchema.safeParse({ market_id: market, ...input }).error!))[0];
    expect(errors({ mois: '', fichier: file('') })).toBe('Choisissez le mois déclaré (AAAA-MM).');
    expect(errors({ mois: '2026-07' })).toBe('Choisissez le fichier à importer (Excel .xlsx ou CSV).');
    expect(errors({ mois: '2026-07', fichier: file('') })).toBe('Choisissez le fichier à importer (Excel .xlsx ou CSV).');
    expect(errors({ mois: '2026-07', fichier: file('x'.repeat(1024 * 1024 + 1)) })).toBe('Ce fichier dépasse 1 Mo.');
  });
});

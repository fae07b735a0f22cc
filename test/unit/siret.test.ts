// The SIRET value object (src/domain/siret.ts): spaces removed, 14 digits, the check key (Luhn;
// La Poste's digit sum), and the organisation form's optional SIRET field built on it.
import { describe, expect, it } from 'vitest';
import { compactSiret, formatSiret, hasSiretShape, isValidSiret, optionalSiretField, parseSiret } from '../../src/domain/siret.ts';
import { organisationSchema } from '../../src/domain/partner-forms.ts';

const VALID = '21760217600018'; // Luhn valid (invented)

describe('SIRET value object', () => {
  it.each([
    [VALID, true, 'Luhn valid'],
    ['21760217600019', false, 'Luhn invalid'],
    ['35600000000010', true, 'La Poste: Luhn invalid, but digit sum 15 is a multiple of 5'],
    ['35600000000048', false, 'La Poste: Luhn valid, but digit sum 26 is not a multiple of 5'],
    ['2176021760001', false, '13 digits'],
    ['217602176000180', false, '15 digits'],
    ['2176021760001A', false, 'a letter'],
    ['217 602 176 00018', false, 'spaces: the stored value has none'],
    ['', false, 'empty'],
  ])('isValidSiret(%j) → %s (%s)', (value, valid) => {
    expect(isValidSiret(value)).toBe(valid);
  });

  it('removes ordinary, non-breaking and narrow spaces, nothing else', () => {
    expect(compactSiret(' 217 602\u00a0176\u202f00018 ')).toBe(VALID);
    expect(compactSiret('217.602.176.00018')).toBe('217.602.176.00018');
  });

  it.each([
    ['217 602 176 00018', VALID],
    [`\t${VALID}\n`, VALID],
    ['217 602 176 00019', null],
    ['217 602 176', null],
    ['', null],
  ])('parseSiret(%j) → %j', (text, siret) => {
    expect(parseSiret(text)).toBe(siret);
  });

  it('tells the shape (14 digits) apart from the key', () => {
    expect(hasSiretShape('21760217600019')).toBe(true);
    expect(hasSiretShape('2176021760001')).toBe(false);
  });

  it('formats a SIRET by its SIREN in threes, leaves anything else as is', () => {
    expect(formatSiret(VALID)).toBe('217 602 176 00018');
    expect(formatSiret('123')).toBe('123');
  });
});

describe('the optional SIRET field of a form', () => {
  const field = optionalSiretField('Numéro SIRET invalide.');

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['   ', undefined],
    ['217 602 176 00018', VALID],
  ])('%j → %j', (typed, value) => {
    expect(field.parse(typed)).toBe(value);
  });

  it('refuses a wrong key or a short number with the message given', () => {
    for (const typed of ['217 602 176 00019', '123 456 789']) {
      const result = field.safeParse(typed);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('Numéro SIRET invalide.');
    }
  });

  it('is the organisation form’s SIRET', () => {
    const base = { kind: 'company', name: 'Toiture du Pollet' };
    expect(organisationSchema.parse({ ...base, siret: '217 602 176 00018' }).siret).toBe(VALID);
    expect(organisationSchema.parse({ ...base, siret: '' }).siret).toBeUndefined();
    const refused = organisationSchema.safeParse({ ...base, siret: '123 456 789' });
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['siret', 'Numéro SIRET invalide : 14 chiffres, clé de contrôle comprise (ou laissez le champ vide).'],
    ]);
  });
});

// French figures on the public pages: counts with their noun in the right number, and a
// suppressed figure said in words (DOMAIN.md §10), never shown as 0.
import { describe, expect, it } from 'vitest';
import { formatCount, formatCountOf } from '../../src/domain/format.ts';

describe('counts with their noun', () => {
  it('takes the singular for 0 and 1 and the plural from 2, with French digit grouping', () => {
    expect(formatCountOf(0, 'acheteur', 'acheteurs')).toBe('0 acheteur');
    expect(formatCountOf(1, 'acheteur', 'acheteurs')).toBe('1 acheteur');
    expect(formatCountOf(2, 'acheteur', 'acheteurs')).toBe('2 acheteurs');
    expect(formatCountOf(12500, 'heure', 'heures')).toBe('12\u202f500 heures');
  });

  it('says a suppressed figure is secret, never 0', () => {
    expect(formatCountOf(null, 'entreprise', 'entreprises')).toBe('entreprises : secret statistique');
    expect(formatCount(null)).toBe('secret statistique');
  });
});

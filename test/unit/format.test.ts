// French figures on the public pages: counts with their noun in the right number, and a
// suppressed figure said in words (DOMAIN.md §10), never shown as 0.
import { describe, expect, it } from 'vitest';
import { formatCount, formatCountOf, formatDate, formatDateTime, formatDecimal, formatHours, formatMonth, formatShortDate, ofName, parisToday } from '../../src/domain/format.ts';

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

describe('dates, in the Europe/Paris zone', () => {
  it('shows a timestamp late in the evening, UTC, as the next day in Paris', () => {
    expect(formatDate('2026-03-31T22:30:00Z')).toBe('1er avril 2026');
    expect(formatShortDate('2026-03-31T22:30:00Z')).toBe('01/04/2026');
    expect(formatMonth('2026-03-31T22:30:00Z')).toBe('avril 2026');
    expect(formatDateTime('2026-03-31T22:30:00Z')).toBe('1er avril 2026 à 00:30');
    // Winter time (UTC+1): 23:30 UTC is already the next day.
    expect(formatDate('2026-01-31T23:30:00Z')).toBe('1er février 2026');
    expect(formatDate('2026-01-31T22:30:00Z')).toBe('31 janvier 2026');
  });

  it('shows a calendar date as that day, whatever the zone', () => {
    expect(formatDate('2026-04-01')).toBe('1er avril 2026');
    expect(formatShortDate('2026-12-31')).toBe('31/12/2026');
    expect(formatMonth('2026-04-01')).toBe('avril 2026');
    expect(formatMonth('2026-04')).toBe('avril 2026');
  });

  it('gives today as the calendar day in Paris, not in UTC', () => {
    // Just after midnight in Paris, UTC is still on the day before (winter UTC+1, summer UTC+2).
    expect(parisToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(parisToday(new Date('2026-06-14T22:15:00Z'))).toBe('2026-06-15');
    expect(parisToday(new Date('2026-06-14T21:59:00Z'))).toBe('2026-06-14');
    expect(parisToday(new Date('2026-03-05T10:00:00Z'))).toBe('2026-03-05');
  });
});

describe('decimals', () => {
  it('writes a decimal comma and at most two decimals', () => {
    expect(formatDecimal(7.5)).toBe('7,5');
    expect(formatDecimal(35)).toBe('35');
    expect(formatDecimal(12.25)).toBe('12,25');
  });
});

describe('hours: one rule everywhere', () => {
  it('keeps the hundredths as stored, with the French decimal comma, never rounded to the hour', () => {
    expect(formatHours(35.5)).toBe('35,5 h');
    expect(formatHours(36)).toBe('36 h');
    expect(formatHours(35.5, { unit: false })).toBe('35,5');
    expect(formatHours(7.25)).toBe('7,25 h');
    expect(formatHours(0)).toBe('0 h');
  });

  it('groups thousands with a narrow space and rounds beyond the hundredth', () => {
    expect(formatHours(51000)).toBe('51\u202f000 h');
    expect(formatHours(1234.25)).toBe('1\u202f234,25 h');
    expect(formatHours(83.333333)).toBe('83,33 h');
    expect(formatHours(0.005)).toBe('0,01 h');
    expect(formatHours(-12.5)).toBe('-12,5 h');
  });
});

describe('French « de » and « 1er »', () => {
  it('elides « de » before a vowel, accented or not, and contracts it with « Le » and « Les »', () => {
    expect(ofName('octobre 2026')).toBe('d’octobre 2026');
    expect(ofName('avril 2026')).toBe('d’avril 2026');
    expect(ofName('Alpes Sud Isère')).toBe('d’Alpes Sud Isère');
    expect(ofName('Éloïse Martin')).toBe('d’Éloïse Martin');
    expect(ofName('Le Havre')).toBe('du Havre');
    expect(ofName('Les Mureaux')).toBe('des Mureaux');
    expect(ofName('La Rochelle')).toBe('de La Rochelle');
    expect(ofName('Dieppe')).toBe('de Dieppe');
    expect(ofName('février 2026')).toBe('de février 2026');
  });

  it('writes the first day of a month « 1er », the other days as numbers', () => {
    expect(formatDate('2026-02-01')).toBe('1er février 2026');
    expect(formatDate('2026-02-11')).toBe('11 février 2026');
    expect(formatDate('2026-02-21')).toBe('21 février 2026');
    expect(formatDateTime('2026-03-31T23:30:00Z')).toBe('1er avril 2026 à 01:30');
  });
});

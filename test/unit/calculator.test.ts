import { describe, expect, it } from 'vitest';
import { clauseHours, subcontractingHours } from '../../src/domain/calculator.ts';

describe('clause sizing (DOMAIN.md §6)', () => {
  it('reproduces the MEF Sud 77 worked example: 1 000 000 € × 50 % × 5 % / 30 €/h = 833 h', () => {
    expect(clauseHours({ estimatedAmountHt: 1_000_000, labourShare: 0.5, insertionRate: 0.05, hourlyCost: 30 })).toBe(833);
  });

  it.each([
    ['a 40 000 € works market at 50 % labour and 5 %', 40_000, 0.5, 0.05, 30, 33],
    ['interior painting, 70 % labour, 10 %', 200_000, 0.7, 0.1, 30, 466],
    ['metal framing, 20 % labour, 5 %', 500_000, 0.2, 0.05, 32, 156],
  ])('%s', (_case, amount, share, rate, cost, expected) => {
    expect(clauseHours({ estimatedAmountHt: amount, labourShare: share, insertionRate: rate, hourlyCost: cost })).toBe(expected);
  });

  it.each([
    ['a negative amount', -1, 0.5, 0.05, 30],
    ['a labour share above 100 %', 1000, 1.5, 0.05, 30],
    ['a zero hourly cost', 1000, 0.5, 0.05, 0],
    ['a missing rate', 1000, 0.5, Number.NaN, 30],
  ])('refuses %s', (_case, amount, share, rate, cost) => {
    expect(() => clauseHours({ estimatedAmountHt: amount, labourShare: share, insertionRate: rate, hourlyCost: cost })).toThrow(RangeError);
  });

  it('converts a sub-contracted amount into hours with the territory parameters (DOMAIN.md §5)', () => {
    expect(subcontractingHours(12_000, 0.5, 30)).toBe(200);
    expect(subcontractingHours(1_000, 0.45, 31)).toBe(14.52);
  });
});

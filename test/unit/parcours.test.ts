// The parcours window (DOMAIN.md §4): eligibility holds for the territory's longest parcours.
import { describe, expect, it } from 'vitest';
import { addMonths, parcoursWindow } from '../../src/domain/parcours.ts';

describe('addMonths', () => {
  it('adds calendar months, and falls back to the month’s last day', () => {
    expect(addMonths('2025-03-15', 24)).toBe('2027-03-15');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2025-01-31T10:00:00Z', 1)).toBe('2025-02-28');
  });
});

describe('the parcours window', () => {
  it('holds for the territory’s number of months from the start', () => {
    expect(parcoursWindow('2025-03-15', null, 24, '2026-11-28')).toEqual({ holdsUntil: '2027-03-15', state: 'running' });
    expect(parcoursWindow('2025-03-15', null, 18, '2026-11-28')).toEqual({ holdsUntil: '2026-09-15', state: 'over' });
  });

  it('is flagged two months before its term, and over the day after', () => {
    expect(parcoursWindow('2025-01-20', null, 24, '2026-11-19').state).toBe('running');
    expect(parcoursWindow('2025-01-20', null, 24, '2026-11-20').state).toBe('ending_soon');
    expect(parcoursWindow('2025-01-20', null, 24, '2027-01-20').state).toBe('ending_soon');
    expect(parcoursWindow('2025-01-20', null, 24, '2027-01-21').state).toBe('over');
  });

  it('says nothing more once the parcours has ended', () => {
    expect(parcoursWindow('2023-01-20', '2024-06-30', 24, '2026-11-28').state).toBe('ended');
  });
});

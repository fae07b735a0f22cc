import { describe, expect, it } from 'vitest';
import { latestYearPerTerritory } from '../../src/domain/latest-results.ts';

const r = (territorySlug: string, territoryName: string, year: number) => ({ territorySlug, territoryName, year });

describe('the home page shows each territory’s latest published year', () => {
  it('keeps 2026 when the API lists 2026 before 2025 (its order: territory, year descending)', () => {
    const results = [r('dieppe', 'Dieppe-Maritime', 2026), r('dieppe', 'Dieppe-Maritime', 2025), r('alpes', 'Alpes Sud Isère', 2025)];
    expect(latestYearPerTerritory(results).map((x) => `${x.territorySlug} ${x.year}`)).toEqual(['alpes 2025', 'dieppe 2026']);
  });

  it('keeps the latest year in any order, territories in French alphabetical order', () => {
    const results = [r('e', 'Évreux', 2024), r('e', 'Évreux', 2026), r('c', 'Calvados', 2023), r('e', 'Évreux', 2025)];
    expect(latestYearPerTerritory(results).map((x) => `${x.territoryName} ${x.year}`)).toEqual(['Calvados 2023', 'Évreux 2026']);
  });
});

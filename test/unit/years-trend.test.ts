// A territory's years side by side, from the publications as frozen: oldest first, the latest
// version of a year only, a secret figure kept secret.
import { describe, expect, it } from 'vitest';
import { yearsTrend, type YearFigures } from '../../src/domain/years-trend.ts';

const year = (y: number, hours: number | null, people: number | null, markets = 4): YearFigures => ({
  year: y,
  figures: {
    heures: { realisees_dans_l_annee: hours, dues_marches_en_cours: 0, marches_sans_heures_dues: 0, realisees_a_date_marches_en_cours: null },
    participants: { total: people, par_sexe: {}, par_age: {}, publics: {} },
    organisations: { marches: markets, acheteurs: 1, entreprises: 3, siae: 0 },
  },
});

describe('the years of a territory side by side', () => {
  it('puts the years oldest first, whatever the order of the publications', () => {
    expect(yearsTrend([year(2025, 1200, 40), year(2023, 900, 31), year(2024, 1000, 35)]).map((r) => r.year)).toEqual([2023, 2024, 2025]);
  });

  it('keeps the first publication given for a year (the latest version, as listed) and ignores older versions', () => {
    const rows = yearsTrend([year(2025, 1300, 42), year(2025, 1200, 40)]);
    expect(rows).toEqual([{ year: 2025, hoursRealised: 1300, participants: 42, markets: 4, companies: 3 }]);
  });

  it('leaves a secret count secret, never zero nor estimated', () => {
    expect(yearsTrend([year(2024, 800, null), year(2025, 900, 20)])[0]?.participants).toBeNull();
  });
});

// A territory's years side by side, from its frozen publications only (the latest version of
// each year, as published): hours realised in the year, participants, markets and companies.
// A figure secret in a year stays secret (null), never estimated from the others. Every figure
// is already public in its own year's publication, so putting the years together discloses
// nothing new.
import type { PublicationFigures } from './publication.ts';

export interface YearFigures {
  year: number;
  figures: Pick<PublicationFigures, 'heures' | 'participants' | 'organisations'>;
}

export interface TrendRow {
  year: number;
  hoursRealised: number | null;
  participants: number | null;
  markets: number;
  companies: number;
}

/** One row per published year, oldest first; the same year given twice keeps the first given (the latest version, as listed). */
export function yearsTrend(results: readonly YearFigures[]): TrendRow[] {
  const byYear = new Map<number, TrendRow>();
  for (const { year, figures: f } of results) {
    if (byYear.has(year)) continue;
    byYear.set(year, {
      year,
      hoursRealised: f.heures.realisees_dans_l_annee,
      participants: f.participants.total,
      markets: f.organisations.marches,
      companies: f.organisations.entreprises,
    });
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

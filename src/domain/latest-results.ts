// The home page's cards: each territory's latest published year, whatever order the results
// arrive in (the public API lists them by territory, then year descending).

export interface TerritoryYear {
  territorySlug: string;
  territoryName: string;
  year: number;
}

/** One result per territory, its latest year; territories in French alphabetical order. */
export function latestYearPerTerritory<T extends TerritoryYear>(results: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const result of results) {
    const kept = latest.get(result.territorySlug);
    if (!kept || result.year > kept.year) latest.set(result.territorySlug, result);
  }
  return [...latest.values()].sort((a, b) => a.territoryName.localeCompare(b.territoryName, 'fr'));
}

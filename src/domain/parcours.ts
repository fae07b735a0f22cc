// The parcours of a participant (DOMAIN.md §4): eligibility is assessed at first entry into a
// clause and holds for the parcours, whose longest duration is a rule parameter of the territory
// (parcours_max_months, commonly 24). Pure: today is passed in.

/** The ISO date `months` after `iso`, on the last day of the month when the day does not exist. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, d));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

export type ParcoursState = 'ended' | 'running' | 'ending_soon' | 'over';

export interface ParcoursWindow {
  /** The last day the eligibility assessed at entry holds. */
  holdsUntil: string;
  state: ParcoursState;
}

/** How long before its term a running parcours is flagged, in months. */
export const ENDING_SOON_MONTHS = 2;

export function parcoursWindow(startedOn: string, endedOn: string | null, maxMonths: number, today: string): ParcoursWindow {
  const holdsUntil = addMonths(startedOn, maxMonths);
  if (endedOn) return { holdsUntil, state: 'ended' };
  if (today > holdsUntil) return { holdsUntil, state: 'over' };
  if (addMonths(today, ENDING_SOON_MONTHS) >= holdsUntil) return { holdsUntil, state: 'ending_soon' };
  return { holdsUntil, state: 'running' };
}

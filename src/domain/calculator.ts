// Sizing a clause (DOMAIN.md §6):
//   hours = estimated_amount_ht × labour_share × insertion_rate / loaded_hourly_cost
// Worked example (MEF Sud 77): 1,000,000 € × 50 % × 5 % / 30 €/h = 833 h.

export interface ClauseSizing {
  estimatedAmountHt: number;
  labourShare: number;
  insertionRate: number;
  hourlyCost: number;
}

/** Hours of insertion due, rounded down to the whole hour as practitioners quote it. */
export function clauseHours({ estimatedAmountHt, labourShare, insertionRate, hourlyCost }: ClauseSizing): number {
  if (![estimatedAmountHt, labourShare, insertionRate, hourlyCost].every(Number.isFinite)) {
    throw new RangeError('Every sizing parameter must be a finite number.');
  }
  if (estimatedAmountHt < 0 || labourShare <= 0 || labourShare > 1 || insertionRate <= 0 || insertionRate > 1 || hourlyCost <= 0) {
    throw new RangeError('Sizing parameters out of range.');
  }
  return Math.floor((estimatedAmountHt * labourShare * insertionRate) / hourlyCost);
}

/** Sub-contracting is declared as an invoiced amount and converted (DOMAIN.md §5). */
export function subcontractingHours(invoicedAmountHt: number, labourShare: number, hourlyCost: number): number {
  return Math.round(((invoicedAmountHt * labourShare) / hourlyCost) * 100) / 100;
}

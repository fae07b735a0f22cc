// What /espace/bilan/ shows: a buyer's summary of a year (the year asked for, when it can be
// summarised, else the current one) for the organisation chosen in the partner space, and the
// same as a spreadsheet (.xlsx or CSV).
import { buyerYearSummarySchema, type BuyerYearSummary } from '../../domain/buyer-summary.ts';
import { buyerSummarySheet, sheet } from '../../domain/spreadsheet-columns.ts';
import type { PartnerSession } from '../session.ts';
import { parseRpc } from '../errors.ts';
import { csvDownload, xlsxDownload } from '../xlsx.ts';

export async function loadBuyerSummary(session: PartnerSession, asked: string | null, currentYear: number) {
  const wanted = Number(asked ?? currentYear);
  const year = Number.isInteger(wanted) && wanted >= 2000 && wanted <= currentYear + 1 ? wanted : currentYear;
  const result = await session.db.rpc('buyer_year_summary', {
    p_year: year, ...(session.current ? { p_organisation_id: session.current.organisation_id } : {}),
  });
  const { data: summary, error } = parseRpc('buyer_year_summary', buyerYearSummarySchema, result);
  return { year, summary, error };
}

/** The summary as a spreadsheet, one line per market: .xlsx, or the CSV of the same sheet. */
export function buyerSummaryDownload(summary: BuyerYearSummary, format: 'xlsx' | 'csv'): Promise<Response> | Response {
  const filled = sheet(buyerSummarySheet, summary.markets.map((m) => ({ ...m, year: summary.year })));
  const name = `bilan-clauses-sociales-${summary.year}`;
  return format === 'xlsx' ? xlsxDownload([filled], name) : csvDownload(filled, name);
}

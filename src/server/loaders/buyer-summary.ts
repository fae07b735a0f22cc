// What /espace/bilan/ shows: a buyer's summary of a year (the year asked for, when it can be
// summarised, else the current one) for the organisation chosen in the partner space, and the
// same as a CSV file.
import { buyerYearSummarySchema, type BuyerYearSummary } from '../../domain/buyer-summary.ts';
import { toCsv } from '../../domain/csv.ts';
import type { PartnerSession } from '../session.ts';
import { parseRpc } from '../errors.ts';

export async function loadBuyerSummary(session: PartnerSession, asked: string | null, currentYear: number) {
  const wanted = Number(asked ?? currentYear);
  const year = Number.isInteger(wanted) && wanted >= 2000 && wanted <= currentYear + 1 ? wanted : currentYear;
  const result = await session.db.rpc('buyer_year_summary', {
    p_year: year, ...(session.current ? { p_organisation_id: session.current.organisation_id } : {}),
  });
  const { data: summary, error } = parseRpc('buyer_year_summary', buyerYearSummarySchema, result);
  return { year, summary, error };
}

const CSV_COLUMNS = ['annee', 'marche', 'entreprise', 'heures_dues', 'heures_realisees_annee', 'heures_realisees_cumul', 'personnes'] as const;

/** The summary as a CSV download, one line per market. */
export function buyerSummaryCsv(summary: BuyerYearSummary): Response {
  const rows = summary.markets.map((m) => ({
    annee: summary.year, marche: m.title, entreprise: m.company_name, heures_dues: m.hours_due,
    heures_realisees_annee: m.hours_validated_year, heures_realisees_cumul: m.hours_validated_to_date, personnes: m.people,
  }));
  const name = `bilan-clauses-sociales-${summary.year}.csv`;
  return new Response(toCsv(CSV_COLUMNS, rows), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' },
  });
}

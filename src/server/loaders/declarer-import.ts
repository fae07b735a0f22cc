// What /espace/declarer/import/ shows: the company's markets, and for the market chosen its
// participants (for the template) and the SIAE of its territory with their SIRET (what the
// file's `siret_siae` column names); the template itself, a CSV of the market's participants to
// fill in a spreadsheet; and the answer to a refused import.
import type { ActionError } from 'astro:actions';
import { CSV_COLUMNS } from '../../domain/declaration-csv.ts';
import { toCsv } from '../../domain/csv.ts';
import type { FailedForm } from '../page-form.ts';
import type { PartnerSession } from '../session.ts';
import { listMarkets } from '../partner-lists.ts';

export async function loadDeclarerImportPage(session: PartnerSession, marketId: string) {
  const { db } = session;
  const markets = (await listMarkets(db)).data ?? [];
  const market = markets.find((m) => m.id === marketId);
  if (!market) return { markets, market, participants: [], siaeList: [] };
  const [participants, siae] = await Promise.all([
    db.rpc('market_participants', { p_market_id: market.id }),
    db.rpc('list_market_siae', { p_market_id: market.id }),
  ]);
  return { markets, market, participants: participants.data ?? [], siaeList: siae.data ?? [] };
}

/** A template with the market's participants, to fill in a spreadsheet. */
export function csvTemplate(participants: ReadonlyArray<{ name: string }>): Response {
  const rows = participants.map((p) => ({ participant: p.name, mode: 'embauche directe', heures: '', montant_ht: '', siret_siae: '' }));
  return new Response(toCsv([...CSV_COLUMNS], rows), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="heures-modele.csv"', 'cache-control': 'private, no-store' },
  });
}

/**
 * The message of a refused import: a field's (the month, the file) when the form was refused,
 * else the action's. A request over Astro's body limit (security.actionBodySizeLimit, 1 MiB by
 * default) never reaches the action: it is a file too large.
 */
export function importError(failed: FailedForm | null, error: ActionError | undefined): string {
  if (error?.code === 'CONTENT_TOO_LARGE') return 'Ce fichier dépasse 1 Mo.';
  return failed ? (Object.values(failed.fields)[0] ?? failed.message) : '';
}

// What /espace/declarer/import/ shows: the company's markets, and for the market chosen its
// participants (for the template) and the SIAE of its territory with their SIRET (what the
// file's `siret_siae` column names); the template itself, the market's participants to fill in
// a spreadsheet (.xlsx, or CSV with semicolons for French Excel); and the answer to a refused import.
import type { ActionError } from 'astro:actions';
import { CSV_MAX_BYTES, TEMPLATE_TITLES } from '../../domain/declaration-csv.ts';
import { realisationModeLabels } from '../../domain/labels.ts';
import { sheet, type SheetDefinition } from '../../domain/spreadsheet-columns.ts';
import type { FailedForm } from '../page-form.ts';
import type { PartnerSession } from '../session.ts';
import { listMarkets } from '../partner-lists.ts';
import { csvDownload, xlsxDownload } from '../xlsx.ts';

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

const templateSheet: SheetDefinition<{ name: string }> = {
  name: 'Heures',
  columns: [
    { title: TEMPLATE_TITLES.participant, width: 30, kind: 'text', value: (p) => p.name },
    { title: TEMPLATE_TITLES.mode, width: 26, kind: 'text', value: () => realisationModeLabels.direct_hire },
    { title: TEMPLATE_TITLES.heures, width: 10, kind: 'decimal', value: () => null },
    { title: TEMPLATE_TITLES.montant_ht, width: 14, kind: 'euros', value: () => null },
    { title: TEMPLATE_TITLES.siret_siae, width: 18, kind: 'text', value: () => null },
  ],
};

/** A template with the market's participants, to fill in a spreadsheet: .xlsx or CSV. */
export function importTemplate(participants: ReadonlyArray<{ name: string }>, format: 'xlsx' | 'csv'): Promise<Response> | Response {
  const filled = sheet(templateSheet, participants);
  return format === 'xlsx' ? xlsxDownload([filled], 'heures-modele') : csvDownload(filled, 'heures-modele');
}

/**
 * The message of a refused import: a field's (the month, the file) when the form was refused,
 * else the action's. A request over Astro's body limit (security.actionBodySizeLimit, 1 MiB by
 * default) never reaches the action: it is a file too large.
 */
export function importError(failed: FailedForm | null, error: ActionError | undefined): string {
  if (error?.code === 'CONTENT_TOO_LARGE') return `Ce fichier dépasse ${CSV_MAX_BYTES / 1024 / 1024} Mo.`;
  return failed ? (Object.values(failed.fields)[0] ?? failed.message) : '';
}

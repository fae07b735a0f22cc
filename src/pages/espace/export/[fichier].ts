// Exports of the facilitator's territory for its own reporting, each as .xlsx (typed numbers and
// dates, French titles and labels, header frozen) and as CSV (UTF-8 with BOM, semicolons, the
// same French titles and labels; src/domain/spreadsheet-columns.ts). Participants are
// pseudonymised: a stable code instead of the name, birth year and publics kept.
import type { APIRoute } from 'astro';
import { createHash } from 'node:crypto';
import { hoursSheet, marketsSheet, participantsSheet, sheet, type FilledSheet } from '../../../domain/spreadsheet-columns.ts';
import { listMarkets } from '../../../server/partner-lists.ts';
import { allRows } from '../../../server/paged-rpc.ts';
import { fromDbError } from '../../../server/errors.ts';
import type { PartnerSession } from '../../../server/session.ts';
import { csvDownload, xlsxDownload } from '../../../server/xlsx.ts';

export const prerender = false;

const pseudonym = (id: string) => `P-${createHash('sha256').update(`participant:${id}`).digest('hex').slice(0, 10).toUpperCase()}`;

type Db = PartnerSession['db'];
type Failure = { status: number; message: string };

const exports: Record<string, (db: Db) => Promise<FilledSheet | Failure>> = {
  marches: async (db) => sheet(marketsSheet, (await listMarkets(db)).data ?? []),
  heures: async (db) => sheet(hoursSheet, ((await db.rpc('list_declarations')).data ?? []).map((d) => ({ ...d, participant: pseudonym(d.participant_id) }))),
  participants: async (db) => {
    // Everyone: the list is read page by page (it returns 50 people unless asked for more).
    const { data, error } = await allRows((from, to) => db.rpc('list_participants', { p_limit: to - from + 1, p_offset: from }));
    if (error) return fromDbError(error);
    return sheet(participantsSheet, data.map((p) => ({ ...p, participant: pseudonym(p.id) })));
  },
};

export const GET: APIRoute = async ({ params, locals }) => {
  const session = locals.session;
  if (!session || session.current?.role !== 'facilitator') return new Response('Accès refusé', { status: 403 });
  const [, name = '', format = ''] = /^(\w+)\.(xlsx|csv)$/.exec(params.fichier ?? '') ?? [];
  const build = Object.hasOwn(exports, name) ? exports[name] : undefined;
  if (!format || !build) return new Response('Introuvable', { status: 404 });
  const filled = await build(session.db);
  if ('status' in filled) return new Response(filled.message, { status: filled.status });
  return format === 'xlsx' ? xlsxDownload([filled], name) : csvDownload(filled, name);
};

// CSV exports of the facilitator's territory for its own reporting. Participants are
// pseudonymised: a stable code instead of the name, birth year and publics kept.
import type { APIRoute } from 'astro';
import { createHash } from 'node:crypto';
import { toCsv } from '../../../domain/csv.ts';
import { listMarkets } from '../../../server/partner-lists.ts';
import { allRows } from '../../../server/paged-rpc.ts';
import { fromDbError } from '../../../server/errors.ts';

export const prerender = false;

const pseudonym = (id: string) => `P-${createHash('sha256').update(`participant:${id}`).digest('hex').slice(0, 10).toUpperCase()}`;

export const GET: APIRoute = async ({ params, locals }) => {
  const session = locals.session;
  if (!session || session.current?.role !== 'facilitator') return new Response('Accès refusé', { status: 403 });
  const csv = (body: string, name: string) => new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' },
  });
  switch (params.fichier) {
    case 'marches.csv': {
      const rows = (await listMarkets(session.db)).data ?? [];
      return csv(toCsv(['id', 'title', 'territory_slug', 'operation_name', 'buyer_name', 'company_name', 'clause_type', 'estimated_amount_ht',
        'hours_due', 'hours_submitted', 'hours_validated', 'starts_on', 'ends_on', 'status'], rows), 'marches.csv');
    }
    case 'heures.csv': {
      const rows = ((await session.db.rpc('list_declarations')).data ?? []).map((d) => ({
        market_id: d.market_id, market_title: d.market_title, company_name: d.company_name, participant: pseudonym(d.participant_id),
        month: d.month, realisation_mode: d.realisation_mode, hours: d.hours, invoiced_amount_ht: d.invoiced_amount_ht, status: d.status,
      }));
      return csv(toCsv(['market_id', 'market_title', 'company_name', 'participant', 'month', 'realisation_mode', 'hours', 'invoiced_amount_ht', 'status'], rows), 'heures.csv');
    }
    case 'participants.csv': {
      // Everyone: the list is read page by page (it returns 50 people unless asked for more).
      const { data, error } = await allRows((from, to) => session.db.rpc('list_participants', { p_limit: to - from + 1, p_offset: from }));
      if (error) {
        const failure = fromDbError(error);
        return new Response(failure.message, { status: failure.status });
      }
      const rows = data.map((p) => ({
        participant: pseudonym(p.id), territory: p.territory_slug, eligibility: p.eligibility.join(' '),
        parcours_started_on: p.parcours_started_on, parcours_ended_on: p.parcours_ended_on, markets: p.markets, hours_validated: p.hours_validated,
      }));
      return csv(toCsv(['participant', 'territory', 'eligibility', 'parcours_started_on', 'parcours_ended_on', 'markets', 'hours_validated'], rows), 'participants.csv');
    }
    default:
      return new Response('Introuvable', { status: 404 });
  }
};

// What /espace/declarer/ shows: one of the company's markets (null when the market is not the
// caller's, or the month is not one), its participants with, for each, the line of the month
// (the one still open to correction, else the validated one) and the values its row shows, and
// the SIAE of the market's territory (public.list_market_siae) that a sub-contracted line names.
import { monthSchema } from '../../domain/partner-forms.ts';
import type { FailedForm } from '../page-form.ts';
import type { PartnerSession } from '../session.ts';
import { listMarkets } from '../partner-lists.ts';

/** The month `offset` months from the month of `now` (YYYY-MM, UTC). */
export function monthFrom(now: Date, offset: number): string {
  const d = new Date(now);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 7);
}

export const isSubcontracted = (mode: string | undefined) => mode === 'subcontracting' || mode === 'co_contracting';

const decimal = (value: number) => String(value).replace('.', ',');

/** The fields of a row that can carry a message (the form's `<field>_<participant id>`). */
const LINE_FIELDS = ['hours', 'amount', 'siae'] as const;

/**
 * The page's data. `failed` is the month form that came back refused: each row then shows what
 * was typed (except a validated line, which cannot change) and the message of its field.
 */
export async function loadDeclarerPage(session: PartnerSession, marketId: string, monthParam: string, failed: FailedForm | null) {
  const { db } = session;
  const month = monthSchema.safeParse(monthParam);
  const market = ((await listMarkets(db)).data ?? []).find((m) => m.id === marketId);
  if (!market || !month.success) return null;
  const [participants, siae, declarations] = await Promise.all([
    db.rpc('market_participants', { p_market_id: market.id }),
    db.rpc('list_market_siae', { p_market_id: market.id }),
    db.rpc('list_declarations', { p_market_id: market.id, p_month: month.data }),
  ]);
  const lines = declarations.data ?? [];
  const fields = failed?.fields ?? {};
  const typed = failed?.values ?? {};
  const rows = (participants.data ?? []).map((participant) => {
    const id = participant.id;
    const line = lines.find((l) => l.participant_id === id && l.status !== 'validated') ?? lines.find((l) => l.participant_id === id);
    const locked = line?.status === 'validated';
    const field = LINE_FIELDS.find((f) => fields[`${f}_${id}`]);
    const values = failed && !locked
      ? { mode: typed[`mode_${id}`] ?? '', hours: (typed[`hours_${id}`] ?? '').trim(), amount: (typed[`amount_${id}`] ?? '').trim(), siae: typed[`siae_${id}`] ?? '' }
      : {
          mode: line?.realisation_mode ?? 'direct_hire',
          hours: line && !isSubcontracted(line.realisation_mode) ? decimal(line.hours) : '',
          amount: line?.invoiced_amount_ht ? decimal(line.invoiced_amount_ht) : '',
          siae: line && isSubcontracted(line.realisation_mode) ? (line.employer_id ?? '') : '',
        };
    return { participant, line, locked, values, error: field ? { field, message: fields[`${field}_${id}`] ?? '' } : undefined };
  });
  return { market, month: month.data, rows, siaeList: siae.data ?? [] };
}

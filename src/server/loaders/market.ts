// What /espace/marches/[id]/ shows: the market for everyone who may read it; for the territory's
// facilitator, the companies it may be awarded to, the people on it (assigned, or with hours
// declared there) and the territory's other participants, who may be assigned (the first ones by
// name, or those a search finds); the values its forms start with (as stored, or as typed when
// the form came back refused), the messages of a refused form and the flash message of one that
// succeeded.
import { marketDetailSchema, type MarketDetail } from '../../domain/market.ts';
import type { FailedForm } from '../page-form.ts';
import type { PartnerSession } from '../session.ts';
import { listOrganisations } from '../partner-lists.ts';

const UUID = /^[0-9a-f-]{36}$/i;

export interface MarketPage {
  market: MarketDetail;
  companies: Array<{ id: string; name: string }>;
  assigned: Array<{ id: string; name: string }>;
  withHours: Set<string>;
  assignable: Array<{ id: string; first_name: string; last_name: string; parcours_ended_on: string | null }>;
  /** Whether more people of the territory match than the list offers (ASSIGNABLE_LIMIT). */
  assignableCapped: boolean;
}

/** People of the territory offered for assignment: the first ones by name, or those the search finds. */
export const ASSIGNABLE_LIMIT = 100;

/**
 * The market page's data, or null when the market does not exist or is not the caller's to read.
 * `search` narrows the people offered for assignment (the page's « Rechercher une personne »).
 */
export async function loadMarketPage(session: PartnerSession, id: string, isFacilitator: boolean, search?: string): Promise<MarketPage | null> {
  if (!UUID.test(id)) return null;
  const { db } = session;
  const { data } = await db.rpc('get_market', { p_market_id: id });
  const parsed = marketDetailSchema.safeParse(data);
  if (!parsed.success) return null;
  const market = parsed.data;
  if (!isFacilitator) return { market, companies: [], assigned: [], withHours: new Set(), assignable: [], assignableCapped: false };
  const [companies, assigned, declarations, participants] = await Promise.all([
    listOrganisations(db, 'company'),
    db.rpc('market_participants', { p_market_id: id }),
    // Who has hours declared here (their assignment cannot be removed). The list is capped: if a
    // person is missed, the removal is refused by the database with its French message.
    db.rpc('list_declarations', { p_market_id: id }),
    db.rpc('list_participants', { p_territory_slug: market.territory_slug, ...(search ? { p_search: search } : {}), p_limit: ASSIGNABLE_LIMIT }),
  ]);
  const people = assigned.data ?? [];
  return {
    market,
    companies: companies.data ?? [],
    assigned: people,
    withHours: new Set((declarations.data ?? []).map((l) => l.participant_id)),
    assignable: (participants.data ?? []).filter((p) => !people.some((a) => a.id === p.id)),
    assignableCapped: (participants.data ?? []).length >= ASSIGNABLE_LIMIT,
  };
}

export const offerStatusLabels = { draft: 'Brouillon', published: 'Publiée', closed: 'Close' } as const;

const OK_MESSAGES: Record<string, string> = {
  modifie: 'Marché enregistré.', clos: 'Marché clos : ses offres publiées sont closes.',
  offre: 'Offre créée.', publiee: 'Offre publiée : elle apparaît dans les offres d’emploi.', close: 'Offre close.',
  affecte: 'Personne affectée au marché : l’entreprise attributaire peut déclarer ses heures.',
  retire: 'Affectation retirée : la personne n’apparaît plus dans la déclaration de l’entreprise.',
};

const pct = (v: number | null) => (v == null ? '' : String(Math.round(v * 1000) / 10).replace('.', ','));
const decimal = (v: number | null) => (v == null ? '' : String(v).replace('.', ','));

/**
 * What the market page's forms show: the values of the edit form (the market as stored, shares
 * as percentages, hours due only when overridden), of the new offer and of the assignment (as
 * typed when that form was refused), the offer form's idempotency key, the messages by field
 * with the summary's list, and the flash message of `?ok=`.
 */
export function marketForms(market: MarketDetail, failed: FailedForm | null, ok: string | null) {
  const posted = (form: string) => (failed?.name === form ? failed.values : null);
  const errors = failed?.fields ?? {};
  const edit: Record<string, string> = posted('update') ?? {
    title: market.title, clause_type: market.clause_type, company_id: market.company_id ?? '',
    estimated_amount_ht: decimal(market.estimated_amount_ht), labour_share: pct(market.labour_share), insertion_rate: pct(market.insertion_rate),
    hourly_cost: decimal(market.hourly_cost), hours_due: market.hours_due_overridden && market.hours_due != null ? String(market.hours_due) : '',
    starts_on: market.starts_on ?? '', ends_on: market.ends_on ?? '',
  };
  return {
    edit,
    offer: posted('createOffer') ?? { positions: '1', contract_type: 'cdd', publish: 'on' } as Record<string, string>,
    assignChoice: posted('assignParticipant')?.participant_id ?? '',
    offerKey: posted('createOffer')?.idempotency_key || crypto.randomUUID(),
    errors,
    summary: Object.entries(errors).filter(([, message]) => message),
    okMessage: OK_MESSAGES[ok ?? ''],
  };
}

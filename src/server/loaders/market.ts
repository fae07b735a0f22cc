// What /espace/marches/[id]/ shows: the market for everyone who may read it; for the territory's
// facilitator, the companies it may be awarded to, the people on it (assigned, or with hours
// declared there) and the territory's other participants, who may be assigned.
import { marketDetailSchema, type MarketDetail } from '../../domain/market.ts';
import type { PartnerSession } from '../session.ts';

const UUID = /^[0-9a-f-]{36}$/i;

export interface MarketPage {
  market: MarketDetail;
  companies: Array<{ id: string; name: string }>;
  assigned: Array<{ id: string; name: string }>;
  withHours: Set<string>;
  assignable: Array<{ id: string; first_name: string; last_name: string; parcours_ended_on: string | null }>;
}

/** The market page's data, or null when the market does not exist or is not the caller's to read. */
export async function loadMarketPage(session: PartnerSession, id: string, isFacilitator: boolean): Promise<MarketPage | null> {
  if (!UUID.test(id)) return null;
  const { db } = session;
  const { data } = await db.rpc('get_market', { p_market_id: id });
  const parsed = marketDetailSchema.safeParse(data);
  if (!parsed.success) return null;
  const market = parsed.data;
  if (!isFacilitator) return { market, companies: [], assigned: [], withHours: new Set(), assignable: [] };
  const [companies, assigned, declarations, participants] = await Promise.all([
    db.rpc('list_organisations', { p_kind: 'company' }),
    db.rpc('market_participants', { p_market_id: id }),
    // Who has hours declared here (their assignment cannot be removed). The list is capped: if a
    // person is missed, the removal is refused by the database with its French message.
    db.rpc('list_declarations', { p_market_id: id }),
    db.rpc('list_participants'),
  ]);
  const people = assigned.data ?? [];
  return {
    market,
    companies: companies.data ?? [],
    assigned: people,
    withHours: new Set((declarations.data ?? []).map((l) => l.participant_id)),
    assignable: (participants.data ?? []).filter((p) => p.territory_slug === market.territory_slug && !people.some((a) => a.id === p.id)),
  };
}

// What /espace/marches/ shows: the markets the caller may read (public.list_markets) with their
// progress; for the facilitator, the buyers and companies the new market's form offers, and the
// values that form starts with (the sizing rule's usual shares and hourly cost).
import type { PartnerSession } from '../session.ts';
import { listMarkets, listOrganisations } from '../partner-lists.ts';

export const NEW_MARKET_DEFAULTS: Readonly<Record<string, string>> = { labour_share: '50', insertion_rate: '5', hourly_cost: '30' };

export async function loadMarketsPage({ db }: PartnerSession, isFacilitator: boolean) {
  const [markets, buyers, companies] = await Promise.all([
    listMarkets(db),
    isFacilitator ? listOrganisations(db, 'buyer') : { data: [] },
    isFacilitator ? listOrganisations(db, 'company') : { data: [] },
  ]);
  return { markets: markets.data ?? [], buyers: buyers.data ?? [], companies: companies.data ?? [] };
}

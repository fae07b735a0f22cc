// What /espace/organisations/ shows: the organisations of the facilitator's territory
// (public.list_territory_organisations), grouped by kind in the labels' order, each with the
// detail of its kind; `error` when the list could not be read (the page shows why).
import { buyerSectorLabels, label, organisationKindPluralLabels, prescriberKindLabels, siaeKindLabels } from '../../domain/labels.ts';
import type { Database } from '../database.types.ts';
import type { PartnerSession } from '../session.ts';

export type TerritoryOrganisation = Database['public']['Functions']['list_territory_organisations']['Returns'][number];
type Kind = keyof typeof organisationKindPluralLabels;

/** The organisations of the session's territory; null data with the error when the rpc failed. */
export async function listOrganisations({ db, current }: PartnerSession) {
  return db.rpc('list_territory_organisations', { p_territory_slug: current?.territory_slug ?? '' });
}

/** The detail of an organisation's kind: a buyer's sector, an SIAE's or a prescriber's kind; '' for a company. */
export function kindDetail(o: Pick<TerritoryOrganisation, 'kind' | 'buyer_sector' | 'siae_kind' | 'prescriber_kind'>): string {
  return o.kind === 'buyer' ? label(buyerSectorLabels, o.buyer_sector)
    : o.kind === 'siae' ? label(siaeKindLabels, o.siae_kind)
      : o.kind === 'prescriber' ? label(prescriberKindLabels, o.prescriber_kind) : '';
}

export async function loadOrganisationsPage(session: PartnerSession, addedId: string | null) {
  const { data, error } = await listOrganisations(session);
  const organisations = data ?? [];
  const kinds = Object.keys(organisationKindPluralLabels) as Kind[];
  return {
    error,
    groups: kinds.map((kind) => ({ kind, items: organisations.filter((o) => o.kind === kind) })),
    added: organisations.find((o) => o.id === addedId),
  };
}

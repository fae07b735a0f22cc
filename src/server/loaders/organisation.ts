// What /espace/organisations/[id]/ shows: one organisation of the facilitator's territory
// (none when it is not one of them: the page answers 404), the accounts of its people
// (public.list_organisation_members) and the values its edit form starts with.
import { listOrganisations, type TerritoryOrganisation } from './organisations.ts';
import type { PartnerSession } from '../session.ts';

/** The organisation of the session's territory with this id, or null. */
export async function findOrganisation(session: PartnerSession, id: string): Promise<TerritoryOrganisation | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return (await listOrganisations(session)).data?.find((o) => o.id === id) ?? null;
}

/** The organisation, its members and its edit form's values as stored; null when it is not the territory's. */
export async function loadOrganisationPage(session: PartnerSession, id: string) {
  const organisation = await findOrganisation(session, id);
  if (!organisation) return null;
  const members = (await session.db.rpc('list_organisation_members', { p_organisation_id: id })).data ?? [];
  const stored: Record<string, string> = {
    name: organisation.name, siret: organisation.siret ?? '', contact_email: organisation.contact_email ?? '',
    buyer_sector: organisation.buyer_sector ?? '', siae_kind: organisation.siae_kind ?? '', prescriber_kind: organisation.prescriber_kind ?? '',
  };
  return { organisation, members, stored };
}

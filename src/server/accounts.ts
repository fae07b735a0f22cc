// Accounts of the people of an organisation, created by the facilitator of its territory.
// Two steps, server side only:
//   1. the account: Supabase Auth's admin API with the service key (a confirmed address, no
//      password: the person signs in with « Recevoir un lien de connexion »); an address that
//      already has an account keeps it;
//   2. the membership: public.add_member with the FACILITATOR's client, so the database decides.
// The facilitator's rights are checked before step 1 (public.list_organisation_members answers
// only the facilitator of the organisation's territory): nobody else ever creates an account.
// E-mail addresses are never logged.
import { serverEnv } from './env.ts';
import { fromDbError, type AppError } from './errors.ts';
import { serviceClient, type Db } from './supabase.ts';
import { requestMagicLink } from './session.ts';

export interface NewMember {
  email: string;
  displayName: string;
}

export type AddMemberOutcome =
  | { ok: true; userId: string; created: boolean }
  | { ok: false; error: AppError };

type Account = { id: string; created: boolean } | { error: AppError };

const unavailable = (): AppError => fromDbError({});
const FIND_PAGE_SIZE = 100;
const FIND_MAX_PAGES = 20;

/**
 * The id of the account with this address, or null. GoTrue's admin users list filtered on the
 * address (a substring match, so the exact address is picked from the page); addresses are stored
 * lower-case. Not in supabase-js, hence the request by hand.
 */
async function findUserId(email: string): Promise<string | null> {
  const env = serverEnv();
  const key = env.SUPABASE_SERVICE_ROLE_KEY ?? '';
  for (let page = 1; page <= FIND_MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ filter: email, page: String(page), per_page: String(FIND_PAGE_SIZE) });
    const response = await fetch(`${env.SUPABASE_URL}/auth/v1/admin/users?${query}`, {
      headers: { apikey: key, Authorization: `Bearer ${key}` },
    });
    if (!response.ok) return null;
    const { users } = await response.json() as { users?: Array<{ id: string; email?: string | null }> };
    const found = users?.find((u) => u.email?.toLowerCase() === email);
    if (found) return found.id;
    if (!users || users.length < FIND_PAGE_SIZE) return null;
  }
  return null;
}

/** The account of this address: created (confirmed, named, without password) or found. */
export async function createOrFindUser(email: string, displayName: string): Promise<Account> {
  const address = email.trim().toLowerCase();
  const { data, error } = await serviceClient().auth.admin.createUser({
    email: address, email_confirm: true, user_metadata: { display_name: displayName.trim() },
  });
  if (!error && data.user) return { id: data.user.id, created: true };
  if (error?.code === 'email_exists') {
    const id = await findUserId(address);
    return id ? { id, created: false } : { error: unavailable() };
  }
  if (error?.status === 400 || error?.code === 'validation_failed' || error?.code === 'email_address_invalid') {
    return { error: fromDbError({ hint: 'member_email_invalid' }) };
  }
  console.error(`accounts: the Auth admin API refused to create an account (${error?.status ?? '?'} ${error?.code ?? ''})`);
  return { error: unavailable() };
}

/**
 * Gives the person of this address access to the organisation, creating their account when
 * needed. `facilitator` is the signed-in facilitator's client: their rights are checked first.
 */
export async function addMemberByEmail(facilitator: Db, organisationId: string, member: NewMember): Promise<AddMemberOutcome> {
  const rights = await facilitator.rpc('list_organisation_members', { p_organisation_id: organisationId });
  if (rights.error) return { ok: false, error: fromDbError(rights.error) };
  const account = await createOrFindUser(member.email, member.displayName);
  if ('error' in account) return { ok: false, error: account.error };
  const { error } = await facilitator.rpc('add_member', { p_organisation_id: organisationId, p_user_id: account.id });
  if (error) return { ok: false, error: fromDbError(error) };
  return { ok: true, userId: account.id, created: account.created };
}

export type InviteFacilitatorOutcome =
  | { ok: true; created: boolean; linkSent: boolean }
  | { ok: false; error: AppError };

/**
 * Makes the person of this address a facilitator of the territory, creating their account when
 * needed, then e-mails them a sign-in link. `admin` is the signed-in deployment administrator's
 * client: their rights are checked first (public.list_deployment_territories answers only an
 * administrator), then public.invite_facilitator decides with their client.
 */
export async function inviteFacilitatorByEmail(admin: Db, territorySlug: string, member: NewMember): Promise<InviteFacilitatorOutcome> {
  const rights = await admin.rpc('list_deployment_territories');
  if (rights.error) return { ok: false, error: fromDbError(rights.error) };
  if (!rights.data.some((t) => t.slug === territorySlug)) return { ok: false, error: fromDbError({ hint: 'territory_not_found' }) };
  const account = await createOrFindUser(member.email, member.displayName);
  if ('error' in account) return { ok: false, error: account.error };
  const { error } = await admin.rpc('invite_facilitator', { p_territory_slug: territorySlug, p_user_id: account.id });
  if (error) return { ok: false, error: fromDbError(error) };
  const sent = await requestMagicLink(member.email.trim().toLowerCase());
  return { ok: true, created: account.created, linkSent: sent === 'sent' };
}

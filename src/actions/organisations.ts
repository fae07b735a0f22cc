// The facilitator's forms on the organisations of the territory (/espace/organisations/ and
// /espace/organisations/[id]/): add or edit an organisation (public.save_organisation), give a
// person access to one by e-mail (the account is created if the address has none,
// src/server/accounts.ts), or take an account off it (public.remove_member).
import { ActionError, type ActionAPIContext } from 'astro:actions';
import { z } from 'zod';
import { memberRemovalSchema, memberSchema, organisationSchema } from '../domain/partner-forms.ts';
import { addMemberByEmail } from '../server/accounts.ts';
import { findOrganisation } from '../server/loaders/organisation.ts';
import type { PartnerSession } from '../server/session.ts';
import { rpcArgs } from '../server/supabase.ts';
import { check, fail, formAction, routeId } from './form.ts';

type Organisation = z.output<typeof organisationSchema>;

/** One save_organisation call: a new organisation without `id`, else the edit of that one. */
async function save({ db, current }: PartnerSession, context: ActionAPIContext, d: Organisation, id?: string) {
  const result = await db.rpc('save_organisation', rpcArgs({
    p_territory_slug: current?.territory_slug ?? '', p_id: id, p_kind: d.kind, p_name: d.name, p_siret: d.siret,
    p_contact_email: d.contact_email, p_buyer_sector: d.buyer_sector, p_siae_kind: d.siae_kind, p_prescriber_kind: d.prescriber_kind,
  }));
  check(context, result);
  return result.data;
}

export const organisations = {
  create: formAction(organisationSchema, async (d, session, context) => {
    const id = await save(session, context, d);
    return { ok: 'ajoutee', to: `/espace/organisations/?ajoutee=${id}` };
  }),
  // The kind of an organisation is not in its edit form: it is the organisation's own.
  update: formAction(z.object({}), async (_, session, context) => {
    const organisation = await findOrganisation(session, routeId(context));
    if (!organisation) throw new ActionError({ code: 'UNPROCESSABLE_CONTENT', message: 'Élément inconnu.' });
    const parsed = organisationSchema.safeParse({ ...context.locals.form?.values, kind: organisation.kind });
    if (!parsed.success) fail(context, parsed.error);
    await save(session, context, parsed.data, organisation.id);
    return { ok: 'modifiee' };
  }),
  addMember: formAction(memberSchema, async (d, { db }, context) => {
    const added = await addMemberByEmail(db, routeId(context), { email: d.email, displayName: d.display_name });
    // An AppError's code is the machine key or the SQLSTATE it was mapped from: mapped again, it is the same error.
    if (!added.ok) fail(context, { code: added.error.code, hint: added.error.code });
    return { ok: added.created ? 'membre' : 'membre-existant' };
  }),
  // The id comes from a hidden field of the list: a bad one is a tampered form, not a field to correct.
  removeMember: formAction(z.object({}), async (_, { db }, context) => {
    const parsed = memberRemovalSchema.safeParse(context.locals.form?.values);
    if (!parsed.success) throw new ActionError({ code: 'UNPROCESSABLE_CONTENT', message: 'Compte inconnu.' });
    check(context, await db.rpc('remove_member', { p_organisation_id: routeId(context), p_user_id: parsed.data.user_id }));
    return { ok: 'retire' };
  }),
};

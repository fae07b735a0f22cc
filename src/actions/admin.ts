// The deployment administrator's forms (/espace/administration/): the site settings
// (public.update_site_settings), a new territory with its facilitation service
// (public.create_territory) and its facilitator, invited by e-mail (the account is created if
// the address has none, then a sign-in link is sent: src/server/accounts.ts). The site
// settings are on every public page and a territory has its own: a save or a creation asks for a
// rebuild of the site, as publishing does.
import { facilitatorInvitationSchema, siteSettingsFormSchema, territoryCreationSchema } from '../domain/admin-forms.ts';
import { inviteFacilitatorByEmail } from '../server/accounts.ts';
import { triggerSiteRebuild } from '../server/build-hook.ts';
import { rpcArgs } from '../server/supabase.ts';
import { check, fail, formAction } from './form.ts';

export const admin = {
  saveSiteSettings: formAction(siteSettingsFormSchema, async (d, { db }, context) => {
    check(context, await db.rpc('update_site_settings', rpcArgs({
      p_site_name: d.site_name, p_tagline: d.tagline, p_logo_url: d.logo_url,
      p_color_primary: d.color_primary, p_color_accent: d.color_accent,
      p_publisher_name: d.publisher_name, p_publisher_address: d.publisher_address, p_publication_director: d.publication_director,
      p_contact_email: d.contact_email, p_dpo_contact: d.dpo_contact, p_host_name: d.host_name, p_host_address: d.host_address,
      p_accessibility_status: d.accessibility_status, p_accessibility_audit_date: d.accessibility_audit_date,
    })));
    const rebuild = await triggerSiteRebuild();
    return { ok: `reglages-${rebuild}` };
  }),
  createTerritory: formAction(territoryCreationSchema, async (d, { db }, context) => {
    check(context, await db.rpc('create_territory', rpcArgs({ p_slug: d.slug, p_name: d.name, p_kind: d.kind, p_service_name: d.service_name })));
    // The territory's public page is built with the site.
    await triggerSiteRebuild();
    return { ok: 'territoire', to: `/espace/administration/?ok=territoire&territoire=${d.slug}` };
  }),
  inviteFacilitator: formAction(facilitatorInvitationSchema, async (d, { db }, context) => {
    const invited = await inviteFacilitatorByEmail(db, d.territory, { email: d.email, displayName: d.display_name });
    // An AppError's code is the machine key or the SQLSTATE it was mapped from: mapped again, it is the same error.
    if (!invited.ok) fail(context, { code: invited.error.code, hint: invited.error.code });
    return { ok: 'facilitateur', to: `/espace/administration/?ok=facilitateur&territoire=${d.territory}` };
  }),
};

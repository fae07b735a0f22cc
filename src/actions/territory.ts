// The facilitator's territory settings (/espace/parametres/): checked by territorySettingsSchema,
// then by the database, which refuses to loosen the publication rules and writes each change to
// the audit log. Public pages show the contact and the presentation: a save asks for a rebuild
// of the site, as publishing does.
import { territorySettingsSchema } from '../domain/partner-forms.ts';
import { triggerSiteRebuild } from '../server/build-hook.ts';
import { check, formAction } from './form.ts';

export const territory = {
  saveSettings: formAction(territorySettingsSchema, async (d, { db }, context) => {
    check(context, await db.rpc('update_territory_settings', {
      p_territory_id: d.territory_id,
      p_description: d.description,
      p_facilitator_contact_name: d.facilitator_contact_name,
      p_facilitator_contact_email: d.facilitator_contact_email,
      p_facilitator_contact_phone: d.facilitator_contact_phone,
      p_logo_url: d.logo_url,
      p_color_primary: d.color_primary,
      p_color_accent: d.color_accent,
      p_disclosure_threshold: d.disclosure_threshold,
      p_company_min_count: d.company_min_count,
      p_company_max_share: d.company_max_share,
      p_parcours_max_months: d.parcours_max_months,
      p_candidature_expiry_days: d.candidature_expiry_days,
      p_subcontracting_labour_share: d.subcontracting_labour_share,
      p_subcontracting_hourly_cost: d.subcontracting_hourly_cost,
      p_cdi_counted_months: d.cdi_counted_months,
      p_residence_required: d.residence_required,
      p_qpv_priority: d.qpv_priority,
      p_retention_candidate_months: d.retention_candidate_months,
      p_retention_participant_months: d.retention_participant_months,
      p_retention_log_months: d.retention_log_months,
      p_validate_unchecked_eligibility: d.validate_unchecked_eligibility,
    }));
    const rebuild = await triggerSiteRebuild();
    return { ok: rebuild, to: `/espace/parametres/?territoire=${d.territory_id}&ok=${rebuild}` };
  }),
};

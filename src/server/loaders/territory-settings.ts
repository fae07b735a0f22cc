// The settings of one territory the facilitator runs (public.get_territory_settings) and the
// form's values as stored: numbers the French way, shares as percentages, ticked boxes as 'on'.
import { shareAsPercent } from '../../domain/partner-forms.ts';
import type { PartnerSession } from '../session.ts';

export async function loadTerritorySettings(session: PartnerSession, territoryId: string | undefined) {
  const settings = territoryId ? ((await session.db.rpc('get_territory_settings', { p_territory_id: territoryId })).data ?? [])[0] : undefined;
  const decimal = (n: number) => String(n).replace('.', ',');
  const stored: Record<string, string> = settings ? {
    territory_id: settings.id,
    description: settings.description,
    facilitator_contact_name: settings.facilitator_contact_name ?? '',
    facilitator_contact_email: settings.facilitator_contact_email ?? '',
    facilitator_contact_phone: settings.facilitator_contact_phone ?? '',
    logo_url: settings.logo_url ?? '',
    color_primary: settings.color_primary ?? '',
    color_accent: settings.color_accent ?? '',
    disclosure_threshold: String(settings.disclosure_threshold),
    company_min_count: String(settings.company_min_count),
    company_max_share: shareAsPercent(settings.company_max_share),
    candidature_expiry_days: String(settings.candidature_expiry_days),
    parcours_max_months: String(settings.parcours_max_months),
    subcontracting_labour_share: shareAsPercent(settings.subcontracting_labour_share),
    subcontracting_hourly_cost: decimal(settings.subcontracting_hourly_cost),
    cdi_counted_months: String(settings.cdi_counted_months),
    residence_required: settings.residence_required ? 'on' : '',
    qpv_priority: settings.qpv_priority ? 'on' : '',
    retention_candidate_months: String(settings.retention_candidate_months),
    retention_participant_months: String(settings.retention_participant_months),
    retention_log_months: String(settings.retention_log_months),
  } : {};
  return { settings, stored };
}

// What /espace/parametres/ shows: the territories the facilitator runs (public.
// list_facilitated_territories), the one chosen (asked for, the one of the current membership,
// or the first; after a refused save, the one posted), its settings (public.
// get_territory_settings) and the form's values: as stored (numbers the French way, shares as
// percentages, ticked boxes as 'on') or, after a refusal, as typed.
import { subcontractingHours } from '../../domain/calculator.ts';
import { shareAsPercent } from '../../domain/partner-forms.ts';
import type { FailedForm } from '../page-form.ts';
import type { PartnerSession } from '../session.ts';

const decimal = (n: number) => String(n).replace('.', ',');

/** The flash keys of a successful save: what became of the public site's rebuild. */
const REBUILD_STATES = ['triggered', 'not_configured', 'failed'];

export async function loadTerritorySettings(session: PartnerSession, asked: string | null, failed: FailedForm | null) {
  const territories = (await session.db.rpc('list_facilitated_territories')).data ?? [];
  const posted = failed?.values ?? null;
  const chosen = territories.find((t) => t.id === posted?.territory_id)
    ?? territories.find((t) => t.id === asked)
    ?? territories.find((t) => t.slug === session.current?.territory_slug)
    ?? territories[0];
  const settings = chosen ? ((await session.db.rpc('get_territory_settings', { p_territory_id: chosen.id })).data ?? [])[0] : undefined;
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
    validate_unchecked_eligibility: settings.validate_unchecked_eligibility ? 'on' : '',
    retention_candidate_months: String(settings.retention_candidate_months),
    retention_participant_months: String(settings.retention_participant_months),
    retention_log_months: String(settings.retention_log_months),
  } : {};
  // After a refusal, the form shows what was typed (checkboxes left unticked are absent from a post).
  const values: Record<string, string | undefined> = posted && settings && posted.territory_id === settings.id
    ? { ...posted, residence_required: posted.residence_required ?? '', qpv_priority: posted.qpv_priority ?? '',
        validate_unchecked_eligibility: posted.validate_unchecked_eligibility ?? '' }
    : stored;
  // The conversion of a sub-contracted amount, worked out on 1 000 € with the stored parameters.
  const example = settings ? {
    share: stored.subcontracting_labour_share,
    cost: stored.subcontracting_hourly_cost,
    hours: decimal(subcontractingHours(1000, settings.subcontracting_labour_share, settings.subcontracting_hourly_cost)),
  } : null;
  return { territories, chosen, settings, values, example };
}

/** The flash of `?ok=` after a save, when it names a rebuild state; '' otherwise. */
export function savedState(ok: string | null): string {
  return REBUILD_STATES.find((state) => state === ok) ?? '';
}

// What /espace/administration/ shows: the site settings (public.get_site_settings) as the form's
// values — as stored or, after a refused save, as typed — and the deployment's territories with
// their facilitation service and number of facilitators (public.list_deployment_territories).
import { siteSettingsSchema } from '../../domain/site-settings.ts';
import type { FailedForm } from '../page-form.ts';
import { parseRpc, type DbErrorLike } from '../errors.ts';
import type { PartnerSession } from '../session.ts';

export async function loadAdministration(session: PartnerSession, failed: FailedForm | null) {
  const [settingsResult, territoriesResult] = await Promise.all([
    session.db.rpc('get_site_settings'), session.db.rpc('list_deployment_territories'),
  ]);
  const settings = parseRpc('get_site_settings', siteSettingsSchema, settingsResult);
  const error: DbErrorLike | null = territoriesResult.error ?? settings.error;
  const s = settings.data;
  const stored: Record<string, string> = s ? {
    site_name: s.site_name, tagline: s.tagline, logo_url: s.logo_url ?? '',
    color_primary: s.color_primary, color_accent: s.color_accent,
    publisher_name: s.publisher_name, publisher_address: s.publisher_address ?? '', publication_director: s.publication_director ?? '',
    contact_email: s.contact_email, dpo_contact: s.dpo_contact, host_name: s.host_name, host_address: s.host_address ?? '',
    accessibility_status: s.accessibility_status, accessibility_audit_date: s.accessibility_audit_date ?? '',
  } : {};
  const values = failed?.name === 'settings' ? failed.values : stored;
  return { error, values, territories: territoriesResult.data ?? [] };
}

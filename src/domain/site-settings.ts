// The JSON shape of the deployment's settings as `public.get_site_settings` returns it
// (supabase/schemas/07_public_site.sql, the one row of app.site_settings), checked when it is read.
import { z } from 'zod';

const colour = z.string().regex(/^#[0-9a-f]{6}$/i);

export const siteSettingsSchema = z.object({
  site_name: z.string(),
  tagline: z.string(),
  logo_url: z.string().nullable(),
  color_primary: colour,
  color_accent: colour,
  publisher_name: z.string(),
  contact_email: z.string(),
  accessibility_status: z.enum(['totalement', 'partiellement', 'non_conforme']),
  accessibility_audit_date: z.string().nullable(),
  dpo_contact: z.string(),
  publisher_address: z.string().nullable(),
  publication_director: z.string().nullable(),
  host_name: z.string(),
  host_address: z.string().nullable(),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

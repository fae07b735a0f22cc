// The deployment administrator's forms (/espace/administration/), one zod schema per form,
// shared by the page and the action (src/actions/admin.ts); the database checks again
// (supabase/schemas/10_deployment_administration.sql).
import { z } from 'zod';
import { memberSchema } from './partner-forms.ts';

export const territoryKindLabels = {
  epci: 'EPCI (communauté de communes, d’agglomération, métropole)',
  departement: 'Département',
  groupement: 'Groupement de collectivités',
  plie: 'PLIE',
  maison_emploi: 'Maison de l’emploi',
  region: 'Région',
} as const;

type TerritoryKind = keyof typeof territoryKindLabels;

const required = (message: string, min: number, max: number, tooLong = message) => z.string({ error: message }).trim()
  .min(min, message).max(max, tooLong);
const optional = (max: number, message: string) => z.string().optional().transform((v) => (v ?? '').trim())
  .refine((v) => v.length <= max, message);
const colour = (message: string) => z.string({ error: message }).trim().toLowerCase().regex(/^#[0-9a-f]{6}$/, message);

/** The deployment's settings: what app.site_settings holds and every page shows. */
export const siteSettingsFormSchema = z.object({
  site_name: required('Indiquez le nom du site (2 à 120 caractères).', 2, 120),
  tagline: optional(200, 'La phrase d’accroche est trop longue (200 caractères au plus).'),
  logo_url: optional(500, 'L’adresse du logo est trop longue (500 caractères au plus).')
    .refine((v) => v === '' || /^(https:\/\/[^\s"'<>]+|\/[^/\s"'<>][^\s"'<>]*)$/.test(v),
      'Indiquez l’adresse du logo : elle commence par https:// (ou par / pour une image du site), sans espace.'),
  color_primary: colour('Indiquez la couleur principale au format #rrggbb (par exemple #1d4f91).'),
  color_accent: colour('Indiquez la couleur d’accent au format #rrggbb (par exemple #b34700).'),
  publisher_name: required('Indiquez l’éditeur du site (2 à 200 caractères).', 2, 200),
  publisher_address: optional(300, 'L’adresse de l’éditeur est trop longue (300 caractères au plus).'),
  publication_director: optional(200, 'Le nom du directeur de la publication est trop long (200 caractères au plus).'),
  contact_email: z.string({ error: 'Indiquez l’adresse e-mail de contact du site.' }).trim().toLowerCase()
    .max(254, 'Indiquez une adresse e-mail de contact valide.').pipe(z.email({ error: 'Indiquez une adresse e-mail de contact valide.' })),
  dpo_contact: required('Indiquez le contact du délégué à la protection des données (3 à 300 caractères).', 3, 300),
  host_name: required('Indiquez l’hébergeur du site (2 à 200 caractères).', 2, 200),
  host_address: optional(300, 'L’adresse de l’hébergeur est trop longue (300 caractères au plus).'),
  accessibility_status: z.enum(['totalement', 'partiellement', 'non_conforme'], { error: 'Choisissez l’état de conformité au RGAA dans la liste.' }),
  accessibility_audit_date: z.string().optional().transform((v) => (v ?? '').trim())
    .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), 'Indiquez la date de l’audit (AAAA-MM-JJ), ou laissez le champ vide.')
    .refine((v) => v === '' || v <= new Date().toISOString().slice(0, 10), 'La date de l’audit d’accessibilité ne peut pas être dans le futur.')
    .transform((v) => v || undefined),
});

export type SiteSettingsForm = z.output<typeof siteSettingsFormSchema>;

/** « Créer un territoire »: its identifier in addresses, name, kind, and its facilitation service's name. */
export const territoryCreationSchema = z.object({
  slug: z.string({ error: 'Indiquez l’identifiant du territoire.' }).trim().toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'L’identifiant du territoire s’écrit en minuscules, chiffres et tirets (par exemple pays-de-caux), 2 à 60 caractères.')
    .min(2, 'L’identifiant du territoire s’écrit en minuscules, chiffres et tirets (par exemple pays-de-caux), 2 à 60 caractères.')
    .max(60, 'L’identifiant du territoire s’écrit en minuscules, chiffres et tirets (par exemple pays-de-caux), 2 à 60 caractères.'),
  name: required('Indiquez le nom du territoire (2 à 120 caractères).', 2, 120),
  kind: z.enum(Object.keys(territoryKindLabels) as [TerritoryKind], { error: 'Choisissez le type de territoire dans la liste.' }),
  service_name: optional(200, 'Le nom du service de facilitation est trop long (200 caractères au plus).').transform((v) => v || undefined),
});

/** « Inviter le facilitateur » of one territory: the person's e-mail and name, as for a member. */
export const facilitatorInvitationSchema = memberSchema.extend({
  territory: z.string({ error: 'Ce territoire est introuvable.' }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Ce territoire est introuvable.'),
});

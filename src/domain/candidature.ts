// The application form (job seeker or prescriber), one zod schema shared by the browser and
// the function. It asks only what a facilitator needs to pre-select (DOMAIN.md §4, §11):
// identity and contact, commune, the offer, self-declared yes/no eligibility facts,
// availability, mobility, an optional message and CV. Never proof documents, never the NIR.
import { z } from 'zod';
import { eligibilityCodes } from './eligibility.ts';
import { lineText, multilineText } from './text-input.ts';

export { eligibilityCodes };

export const mobilityLabels = {
  driving_licence: 'Permis B',
  car: 'Véhicule personnel',
  two_wheeler: 'Deux-roues',
  public_transport: 'Transports en commun',
} as const;
export const mobilityCodes = Object.keys(mobilityLabels) as Array<keyof typeof mobilityLabels>;

/** Minimum time between displaying the form and submitting it: faster is a robot. */
export const MIN_FILL_MILLISECONDS = 3_000;
export const MAX_CV_BYTES = 5 * 1024 * 1024;

const text = (max: number, required: string) =>
  lineText({ error: required }).trim().min(1, required).max(max, `${max} caractères au maximum.`);
const optionalText = (max: number, multiline = false) =>
  (multiline ? multilineText() : lineText()).trim().max(max, `${max} caractères au maximum.`).optional().transform((v) => (v ? v : undefined));

export const candidatureSchema = z.object({
  // The form's own random key (crypto.randomUUID: version 4).
  idempotency_key: z.uuidv4({ error: 'Le formulaire a expiré : rechargez la page et recommencez.' }),
  mode: z.enum(['candidate', 'prescriber'], { error: 'Indiquez si vous postulez pour vous-même ou pour une personne que vous accompagnez.' }),
  job_offer_id: z.guid({ error: 'Cette offre est inconnue.' }).optional(),
  territory: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Ce territoire est inconnu.').optional(),
  first_name: text(100, 'Indiquez le prénom.'),
  last_name: text(100, 'Indiquez le nom.'),
  email: z.union([z.literal(''), z.email({ error: 'Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).' })]).optional()
    .transform((v) => (v ? v.toLowerCase() : undefined)),
  phone: z.string().trim().regex(/^$|^[0-9+ .()-]{10,20}$/, 'Ce numéro de téléphone n’est pas valide (exemple : 06 12 34 56 78).').optional()
    .transform((v) => (v ? v : undefined)),
  commune: text(100, 'Indiquez la commune de résidence.'),
  eligibility: z.array(z.enum(eligibilityCodes, { error: 'Critère inconnu.' })).default([]),
  availability: optionalText(200),
  mobility: z.array(z.enum(mobilityCodes, { error: 'Moyen de déplacement inconnu.' })).default([]),
  message: optionalText(2000, true),
  prescriber_organisation: optionalText(150),
  prescriber_name: optionalText(150),
  prescriber_email: z.union([z.literal(''), z.email({ error: 'Cette adresse e-mail n’est pas valide.' })]).optional()
    .transform((v) => (v ? v.toLowerCase() : undefined)),
  notice_acknowledged: z.literal(true, { error: 'Confirmez avoir pris connaissance de l’information sur vos données.' }),
  // Spam defences: a field hidden from people, and the time the form was displayed.
  website: z.string().max(0, 'Ce champ doit rester vide.').optional(),
  // Milliseconds since 1970, as the form's script wrote them (digits only).
  started_at: z.string({ error: 'Le formulaire a expiré : rechargez la page et recommencez.' })
    .regex(/^\d{1,15}$/, 'Le formulaire a expiré : rechargez la page et recommencez.').transform(Number),
}).superRefine((value, ctx) => {
  if (!value.job_offer_id && !value.territory) {
    ctx.addIssue({ code: 'custom', path: ['job_offer_id'], message: 'Choisissez une offre ou un territoire pour une candidature spontanée.' });
  }
  if (!value.email && !value.phone) {
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'Indiquez une adresse e-mail ou un numéro de téléphone pour être recontacté.' });
  }
  if (value.mode === 'prescriber') {
    if (!value.prescriber_organisation) ctx.addIssue({ code: 'custom', path: ['prescriber_organisation'], message: 'Indiquez votre structure (France Travail, Mission locale, Cap emploi, SIAE…).' });
    if (!value.prescriber_name) ctx.addIssue({ code: 'custom', path: ['prescriber_name'], message: 'Indiquez votre nom.' });
    if (!value.prescriber_email) ctx.addIssue({ code: 'custom', path: ['prescriber_email'], message: 'Indiquez votre adresse e-mail professionnelle.' });
  }
});

export type CandidatureInput = z.output<typeof candidatureSchema>;
export { fieldErrors, type FieldErrors } from './form-errors.ts';

/** Turn form data (browser FormData or the function's parsed body) into the schema's input. */
export function formToInput(form: { get(name: string): unknown; getAll(name: string): unknown[] }): Record<string, unknown> {
  const str = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const list = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string');
  return {
    idempotency_key: str('idempotency_key'),
    mode: str('mode'),
    job_offer_id: str('job_offer_id') || undefined,
    territory: str('territory') || undefined,
    first_name: str('first_name'),
    last_name: str('last_name'),
    email: str('email'),
    phone: str('phone'),
    commune: str('commune'),
    eligibility: list('eligibility'),
    availability: str('availability'),
    mobility: list('mobility'),
    message: str('message'),
    prescriber_organisation: str('prescriber_organisation'),
    prescriber_name: str('prescriber_name'),
    prescriber_email: str('prescriber_email'),
    notice_acknowledged: str('notice_acknowledged') === 'oui' ? true : undefined,
    website: str('website'),
    started_at: str('started_at'),
  };
}

/** Too fast to be a person (the time is passed in: domain rules never read the clock). */
export function filledTooFast(startedAt: number, now: number): boolean {
  return now - startedAt < MIN_FILL_MILLISECONDS;
}

/** PDF check from the file's bytes, not its name or declared type. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d;
}

/**
 * The answers a person typed, carried back to the form after a refused submission without
 * JavaScript (the error page posts them back to the form's page). Never the CV, the spam
 * defences or the idempotency key: the form gets fresh ones.
 */
export const RETURNED_TEXT_FIELDS = [
  'mode', 'job_offer_id', 'territory', 'first_name', 'last_name', 'email', 'phone', 'commune',
  'availability', 'message', 'prescriber_organisation', 'prescriber_name', 'prescriber_email', 'notice_acknowledged',
] as const;
export const RETURNED_LIST_FIELDS = ['eligibility', 'mobility'] as const;
/** The hidden field that marks a post as answers coming back, not as a submission. */
export const RETURN_MARKER = 'retour_formulaire';
const RETURNED_MAX_LENGTH = 2000;

export interface FormAnswers {
  text: Partial<Record<(typeof RETURNED_TEXT_FIELDS)[number], string>>;
  lists: Partial<Record<(typeof RETURNED_LIST_FIELDS)[number], string[]>>;
}

/** The returnable answers of a form (values cut at the longest a field accepts). */
export function answersOf(form: { get(name: string): unknown; getAll(name: string): unknown[] }): FormAnswers {
  const answers: FormAnswers = { text: {}, lists: {} };
  for (const name of RETURNED_TEXT_FIELDS) {
    const value = form.get(name);
    if (typeof value === 'string' && value !== '') answers.text[name] = value.slice(0, RETURNED_MAX_LENGTH);
  }
  for (const name of RETURNED_LIST_FIELDS) {
    const values = form.getAll(name).filter((v): v is string => typeof v === 'string').slice(0, 20);
    if (values.length > 0) answers.lists[name] = values.map((v) => v.slice(0, 100));
  }
  return answers;
}

/** The answers as name/value pairs, for the hidden fields of the error page. */
export function answerPairs(answers: FormAnswers): Array<[string, string]> {
  return [
    ...Object.entries(answers.text),
    ...Object.entries(answers.lists).flatMap(([name, values]) => values.map((value) => [name, value] as [string, string])),
  ];
}

/**
 * The JSON shape of the nightly expiry as `public.expire_candidatures` returns it
 * (supabase/schemas/04_candidatures.sql): how many candidatures became « expirée ».
 */
export const expiryResultSchema = z.object({ candidatures_expired: z.number().int().nonnegative() });

export type ExpiryResult = z.infer<typeof expiryResultSchema>;

// Schemas of the partner-space forms, shared by the pages (server) and any script (browser).
// Numbers are typed the French way ("151,5"); messages are French and attached to a field.
import { z } from 'zod';
import {
  eligibilityLabels, exitMilestoneCodeLabels, exitSituationLabels,
  buyerSectorLabels, clauseTypeLabels, contractTypeLabels, organisationKindPluralLabels, prescriberKindLabels, realisationModeLabels, siaeKindLabels,
} from './labels.ts';
import { fieldErrors } from './form-errors.ts';
import { formatMonth, formatShortDate, ofName } from './format.ts';
import { optionalSiretField } from './siret.ts';
import { isReadableText, lineText, multilineText, UNREADABLE_TEXT } from './text-input.ts';

/**
 * A number typed the French way ("151,5", "1 200"): at most 12 digits before the decimal mark
 * and `decimals` after it (what the column keeps: a longer one would be silently rounded, a
 * longer integer would overflow it or become Infinity).
 */
const frenchNumber = (message: string, decimals = 2) => z.string({ error: message }).trim()
  .refine((v) => new RegExp(`^-?\\d{1,12}([.,]\\d{1,${decimals}})?$`).test(v.replace(/\s/g, '')), message)
  .transform((v) => Number(v.replace(/\s/g, '').replace(',', '.')));

export const monthSchema = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'Choisissez un mois (AAAA-MM).').transform((m) => `${m}-01`);

export const declarationLineSchema = z.object({
  market_id: z.guid('Marché inconnu.'),
  participant_id: z.guid('Participant inconnu.'),
  month: monthSchema,
  realisation_mode: z.enum(Object.keys(realisationModeLabels) as [keyof typeof realisationModeLabels], { error: 'Choisissez un mode de réalisation.' }),
  hours: z.string().optional(),
  invoiced_amount_ht: z.string().optional(),
}).transform((line, ctx) => {
  const subcontracted = line.realisation_mode === 'subcontracting' || line.realisation_mode === 'co_contracting';
  const raw = subcontracted ? line.invoiced_amount_ht : line.hours;
  const parsed = frenchNumber(subcontracted ? 'Indiquez le montant facturé HT, en euros.' : 'Indiquez un nombre d’heures.').safeParse(raw ?? '');
  if (!parsed.success || parsed.data <= 0 || parsed.data >= 1e10) {
    ctx.addIssue({ code: 'custom', path: [subcontracted ? 'invoiced_amount_ht' : 'hours'],
      message: subcontracted ? 'Indiquez le montant facturé HT, en euros.' : 'Indiquez un nombre d’heures supérieur à 0.' });
    return z.NEVER;
  }
  return { ...line, hours: subcontracted ? undefined : parsed.data, invoiced_amount_ht: subcontracted ? parsed.data : undefined };
});

const isSubcontracted = (mode: string | undefined) => mode === 'subcontracting' || mode === 'co_contracting';

/**
 * A company's month for one market (/espace/declarer/): the market and the month declared (hidden
 * fields), and the button pressed — save as draft, or save and submit to the facilitator.
 */
export const monthDeclarationSchema = z.object({
  market_id: z.guid('Marché inconnu.'),
  month: monthSchema,
  action: z.string().optional(),
}).transform(({ action, ...rest }) => ({ ...rest, submit: action === 'submit' }));

/** A line of the month form, as public.save_month_declaration takes it. */
export type MonthDeclarationLine = {
  participant_id: string;
  realisation_mode: keyof typeof realisationModeLabels;
  hours: number | undefined;
  invoiced_amount_ht: number | undefined;
  employer_id?: string;
};

/**
 * The lines of the month form: per participant of the market, the fields `mode_<id>`,
 * `hours_<id>`, `amount_<id>` and `siae_<id>`; a participant with neither hours nor an amount is
 * left out. A line's message goes to its field (`hours_<id>`, `amount_<id>` or `siae_<id>`); a
 * draft with no line at all is refused as a whole. `siaeIds` are the SIAE of the market's
 * territory (public.list_market_siae), the only ones a sub-contracted line may name.
 */
export function monthLinesSchema(participantIds: readonly string[], siaeIds: readonly string[]) {
  return z.record(z.string(), z.string()).transform((form, ctx) => {
    const lines: MonthDeclarationLine[] = [];
    let refused = 0;
    const refuse = (field: string, message: string) => {
      refused += 1;
      ctx.addIssue({ code: 'custom', path: [field], message });
    };
    for (const id of participantIds) {
      const hours = (form[`hours_${id}`] ?? '').trim();
      const amount = (form[`amount_${id}`] ?? '').trim();
      const siae = form[`siae_${id}`] ?? '';
      if (!hours && !amount) continue;
      const parsed = declarationLineSchema.safeParse({
        market_id: form.market_id, participant_id: id, month: form.month, realisation_mode: form[`mode_${id}`] ?? '', hours, invoiced_amount_ht: amount,
      });
      if (!parsed.success) {
        const e = fieldErrors(parsed.error);
        if (e.invoiced_amount_ht) refuse(`amount_${id}`, e.invoiced_amount_ht);
        else refuse(`hours_${id}`, e.hours ?? e.realisation_mode ?? Object.values(e)[0] ?? 'Ligne à corriger.');
        continue;
      }
      const { realisation_mode, hours: h, invoiced_amount_ht } = parsed.data;
      const subcontracted = isSubcontracted(realisation_mode);
      if (subcontracted && !siae) refuse(`siae_${id}`, 'Choisissez la SIAE sous-traitante ou co-traitante : elle confirmera le montant.');
      else if (subcontracted && !siaeIds.includes(siae)) refuse(`siae_${id}`, 'Choisissez une SIAE du territoire dans la liste.');
      else lines.push({ participant_id: id, realisation_mode, hours: h, invoiced_amount_ht, ...(subcontracted ? { employer_id: siae } : {}) });
    }
    if (refused === 0 && lines.length === 0 && form.action !== 'submit') {
      ctx.addIssue({ code: 'custom', path: [], message: 'Indiquez des heures pour au moins un participant.' });
    }
    return lines;
  });
}

/**
 * One line validated or rejected on its own: `declaration_id`, `decision` and `reason`; or, from
 * a button of a month's form (/espace/declarations/), `decision` = "validate:<id>" or
 * "reject:<id>", the reason then being that line's `reason_<id>`.
 */
export const reviewSchema = z.preprocess((raw) => {
  if (typeof raw !== 'object' || raw === null) return raw;
  const values = raw as Record<string, unknown>;
  const button = typeof values.decision === 'string' ? /^(validate|reject):(.+)$/.exec(values.decision) : null;
  if (!button) return values;
  const [, decision, id] = button;
  return { ...values, decision, declaration_id: id, reason: values.reason ?? values[`reason_${id}`] };
}, z.object({
  declaration_id: z.guid('Déclaration inconnue.'),
  decision: z.enum(['validate', 'reject'], { error: 'Choisissez valider ou refuser.' }),
  reason: multilineText().trim().max(500).optional(),
}).refine((v) => v.decision === 'validate' || (v.reason ?? '').length >= 3, { path: ['reason'], message: 'Indiquez le motif du refus.' }));

/** The month and market a month's review form is about (its lines: monthReviewSchema). */
export const monthReviewScopeSchema = z.object({
  market_id: z.guid('Marché inconnu.'),
  month: monthSchema,
});

/** A line of the month review, as the page names it in its messages. */
export interface ReviewLine {
  id: string;
  participant_name: string;
  month: string;
}

/** « Léa Martin, octobre 2026 »: the line a message is about. */
const lineLabel = (line: ReviewLine | undefined): string => (line ? `${line.participant_name}, ${formatMonth(line.month)}` : 'cette personne');

/**
 * The review of one month of a market (/espace/declarations/, one form per month and market):
 * the lines shown (`ids`, a list field), and for each `decision_<id>` — validate (the default),
 * reject, or hold (a line that cannot be validated yet, left waiting) — and `reason_<id>`, the
 * reason of a refusal, required (3 characters at least), which names the line: « Indiquez le
 * motif du refus pour la ligne de Léa Martin, octobre 2026 ». Gives what public.review_month
 * takes: the lines reviewed (held ones left out) and the refusals with their reasons.
 */
export function monthReviewSchema(lines: readonly ReviewLine[]) {
  const byId = new Map(lines.map((l) => [l.id, l]));
  return z.object({
    market_id: z.guid('Marché inconnu.'),
    month: monthSchema,
    ids: z.array(z.guid('Déclaration inconnue.')).min(1, 'Aucune ligne à valider dans ce mois.'),
  }).catchall(z.string()).transform((form, ctx) => {
    const reviewed: string[] = [];
    const reject: Array<{ id: string; reason: string }> = [];
    for (const id of new Set(form.ids)) {
      const decision = form[`decision_${id}`] ?? 'validate';
      const reason = (form[`reason_${id}`] ?? '').trim();
      if (decision === 'hold') continue;
      if (decision === 'reject') {
        if (!isReadableText(reason, { multiline: true })) {
          ctx.addIssue({ code: 'custom', path: [`reason_${id}`], message: UNREADABLE_TEXT });
        } else if (reason.length < 3) {
          ctx.addIssue({ code: 'custom', path: [`reason_${id}`], message: `Indiquez le motif du refus pour la ligne ${ofName(lineLabel(byId.get(id)))}.` });
        } else if (reason.length > 500) {
          ctx.addIssue({ code: 'custom', path: [`reason_${id}`], message: `Le motif du refus pour la ligne ${ofName(lineLabel(byId.get(id)))} est trop long (500 caractères au plus).` });
        }
        reject.push({ id, reason });
      } else if (decision === 'validate' && reason !== '') {
        ctx.addIssue({ code: 'custom', path: [`reason_${id}`], message: `Vous avez indiqué un motif pour la ligne ${ofName(lineLabel(byId.get(id)))} : choisissez « Refuser », ou effacez le motif pour la valider.` });
      } else if (decision !== 'validate') {
        ctx.addIssue({ code: 'custom', path: [`decision_${id}`], message: `Choisissez valider ou refuser pour la ligne ${ofName(lineLabel(byId.get(id)))}.` });
      }
      reviewed.push(id);
    }
    if (reviewed.length === 0) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Aucune ligne à valider ou à refuser : les lignes en attente restent à traiter.' });
    return { market_id: form.market_id, month: form.month, line_ids: reviewed, reject };
  });
}

/**
 * The flash after a month's review: « 12 lignes validées, 2 refusées (motif envoyé à
 * l’entreprise) »; a retry that found everything done already says so.
 */
export function monthReviewMessage({ validated, rejected, unchanged }: { validated: number; rejected: number; unchanged: number }): string {
  if (validated === 0 && rejected === 0) {
    return unchanged > 0 ? `Rien de plus à faire : ${unchanged === 1 ? 'cette ligne était déjà traitée' : `ces ${unchanged} lignes étaient déjà traitées`}.` : 'Aucune ligne n’a été validée ni refusée.';
  }
  const parts = [`${validated} ligne${validated > 1 ? 's' : ''} validée${validated > 1 ? 's' : ''}`];
  if (rejected > 0) parts.push(`${rejected} refusée${rejected > 1 ? 's' : ''} (motif envoyé à l’entreprise)`);
  return parts.join(', ');
}

export const publishSchema = z.object({
  // One key per display of the preview: the same form sent twice publishes one version.
  idempotency_key: z.guid('Formulaire expiré : rechargez la page.'),
  territory: z.string().regex(/^[a-z0-9-]+$/, 'Territoire inconnu.'),
  year: z.coerce.number({ error: 'Choisissez une année.' }).int().min(2000).max(2100),
  // Publishing is public and permanent: the facilitator ticks the box that says so.
  confirm: z.literal('on', { error: 'Cochez la case pour confirmer : les chiffres publiés seront publics et définitifs.' }),
});

/** An optional field of the form: left empty, it is not given (undefined); typed, it must be valid. */
const optional = <T extends z.ZodType<unknown, string>>(schema: T) => z.string().optional().transform((v) => (v ?? '').trim())
  .pipe(z.union([z.literal('').transform(() => undefined), schema]));

const SIZING = {
  estimated_amount_ht: 'le montant estimé HT', labour_share: 'la part de main-d’œuvre',
  insertion_rate: 'le taux d’insertion', hourly_cost: 'le coût horaire chargé',
} as const;

const marketFields = z.object({
  territory: z.string().regex(/^[a-z0-9-]+$/, 'Territoire inconnu.'),
  title: lineText().trim().min(3, 'Indiquez l’objet du marché (3 caractères au moins).').max(300),
  buyer_id: z.guid('Choisissez l’acheteur.'),
  company_id: z.union([z.literal(''), z.guid()]).optional().transform((v) => v || undefined),
  clause_type: z.enum(Object.keys(clauseTypeLabels) as [keyof typeof clauseTypeLabels], { error: 'Choisissez le levier juridique.' }),
  estimated_amount_ht: optional(frenchNumber('Indiquez le montant estimé HT, en euros (au centime près).').refine((v) => v >= 0, 'Le montant ne peut pas être négatif.')),
  labour_share: optional(frenchNumber('Indiquez la part de main-d’œuvre, en % (une décimale au plus).', 1).refine((v) => v > 0 && v <= 100, 'Entre 1 et 100 %.').transform((v) => v / 100)),
  insertion_rate: optional(frenchNumber('Indiquez le taux d’insertion, en % (une décimale au plus).', 1).refine((v) => v > 0 && v <= 100, 'Entre 1 et 100 %.').transform((v) => v / 100)),
  hourly_cost: optional(frenchNumber('Indiquez le coût horaire chargé, en euros (au centime près).').refine((v) => v > 0, 'Le coût horaire doit être positif.')
    .refine((v) => v < 1_000_000, 'Le coût horaire doit être inférieur à 1 000 000 €.')),
  // Left empty: computed from the amount, the shares and the hourly cost (public.create_market);
  // with neither, the hours due are « non communiqué ».
  hours_due: optional(frenchNumber('Nombre d’heures invalide (par exemple 1 200 ou 1 200,5).')
    .refine((v) => v >= 0 && v < 100_000_000, 'Nombre d’heures invalide (par exemple 1 200 ou 1 200,5).')),
  starts_on: z.iso.date('Date de début invalide.').optional().or(z.literal('').transform(() => undefined)),
  ends_on: z.iso.date('Date de fin invalide.').optional().or(z.literal('').transform(() => undefined)),
});

type MarketFields = Partial<Record<keyof typeof SIZING | 'hours_due', number | undefined>> & { starts_on?: string | undefined; ends_on?: string | undefined };

/**
 * The rules between fields: the hours due are typed, or computed from all four sizing figures
 * (each missing one is named), or not communicated (none typed); the end of execution is not
 * before its start (both dates are named).
 */
function marketRules(v: MarketFields, ctx: z.RefinementCtx): void {
  const sizing = Object.keys(SIZING) as Array<keyof typeof SIZING>;
  const given = sizing.filter((key) => v[key] !== undefined);
  if (v.hours_due === undefined && given.length > 0 && given.length < sizing.length && given.every((key) => typeof v[key] === 'number')) {
    for (const key of sizing.filter((k) => v[k] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `Pour calculer les heures dues, indiquez aussi ${SIZING[key]}, ou saisissez directement les heures dues.` });
    }
  }
  // zod runs these rules on the values as typed when a field is already refused: compare only valid dates.
  const isDate = (d: unknown): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));
  if (isDate(v.starts_on) && isDate(v.ends_on) && v.ends_on < v.starts_on) {
    ctx.addIssue({ code: 'custom', path: ['ends_on'],
      message: `La fin d’exécution (${formatShortDate(v.ends_on)}) est avant le début (${formatShortDate(v.starts_on)}) : corrigez l’une des deux dates.` });
  }
}

export const marketSchema = marketFields.superRefine(marketRules);

/** Editing a market: the creation form without the territory and the buyer, which do not change. */
export const marketEditSchema = marketFields.omit({ territory: true, buyer_id: true }).superRefine(marketRules);

const optionalWhole = (message: string, min: number, max: number) => z.string().trim().optional()
  .refine((v) => !v || /^\d{1,7}([.,]\d{1,2})?$/.test(v.replace(/\s/g, '')), message)
  .transform((v) => (v ? Number(v.replace(/\s/g, '').replace(',', '.')) : undefined))
  .refine((v) => v === undefined || (Number.isFinite(v) && v >= min && v <= max), message);

export const jobOfferSchema = z.object({
  idempotency_key: z.guid('Formulaire expiré : rechargez la page.'),
  trade: lineText().trim().min(2, 'Indiquez le métier de l’offre.').max(200),
  place: lineText().trim().min(2, 'Indiquez le lieu de travail.').max(200),
  contract_type: z.enum(Object.keys(contractTypeLabels) as [keyof typeof contractTypeLabels], { error: 'Choisissez le type de contrat.' }),
  description: multilineText().trim().max(4000, 'Description trop longue (4 000 caractères au plus).').optional().transform((v) => v ?? ''),
  hours_per_week: optionalWhole('Heures par semaine : entre 1 et 48.', 1, 48),
  duration_weeks: optionalWhole('Durée : un nombre de semaines entre 1 et 520.', 1, 520).refine((v) => v === undefined || Number.isInteger(v), 'Durée : un nombre entier de semaines.'),
  positions: optionalWhole('Postes : entre 1 et 99.', 1, 99).refine((v) => v === undefined || Number.isInteger(v), 'Postes : un nombre entier.').transform((v) => v ?? 1),
  starts_on: z.iso.date('Date de début invalide.').optional().or(z.literal('').transform(() => undefined)),
  closes_on: z.iso.date('Date de clôture invalide.').optional().or(z.literal('').transform(() => undefined)),
  company_anonymous: z.literal('on').optional().transform((v) => v === 'on'),
  publish: z.literal('on').optional().transform((v) => v === 'on'),
});

export const transitionSchema = z.object({
  candidature_id: z.guid('Candidature inconnue.'),
  to: z.enum(['in_review', 'shortlisted', 'sent_to_company', 'hired', 'declined', 'withdrawn'], { error: 'Étape inconnue.' }),
  reason: z.string().optional().transform((v) => v || undefined),
});

/** The company's choice on a file the facilitator transmitted to it: hire, or not (with a reason). */
export const companyDecisionSchema = z.object({
  candidature_id: z.guid('Candidature inconnue.'),
  decision: z.enum(['hired', 'declined'], { error: 'Choisissez votre décision : recruter la personne ou ne pas retenir sa candidature.' }),
  reason: z.string().optional().transform((v) => v || undefined),
}).refine((v) => v.decision !== 'declined' || v.reason !== undefined, { message: 'Choisissez le motif du refus.', path: ['reason'] });

/** A participant of the territory assigned to a market, or taken off it, by the facilitator. */
export const marketAssignmentSchema = z.object({
  participant_id: z.guid('Choisissez la personne à affecter au marché.'),
});

const organisationKinds = Object.keys(organisationKindPluralLabels) as [keyof typeof organisationKindPluralLabels];
const isCode = (map: Record<string, string>, value: string | undefined) => value !== undefined && Object.hasOwn(map, value);
const optionalChoice = z.string().optional().transform((v) => v || undefined);
const emailAddress = (message: string) => z.string({ error: message }).trim().toLowerCase().max(254, message).pipe(z.email({ error: message }));

/**
 * An organisation of the territory, created or edited by its facilitator. The form shows the
 * fields of every kind (no script needed); those of another kind than the chosen one are dropped.
 */
export const organisationSchema = z.object({
  kind: z.enum(organisationKinds, { error: 'Choisissez le type d’organisation.' }),
  name: lineText({ error: 'Indiquez le nom de l’organisation.' }).trim()
    .min(2, 'Indiquez le nom de l’organisation (2 caractères au moins).').max(200, 'Le nom est trop long (200 caractères au plus).'),
  siret: optionalSiretField('Numéro SIRET invalide : 14 chiffres, clé de contrôle comprise (ou laissez le champ vide).'),
  contact_email: z.union([z.literal(''), emailAddress('Adresse e-mail de contact invalide (ou laissez le champ vide).')]).optional()
    .transform((v) => v || undefined),
  buyer_sector: optionalChoice,
  siae_kind: optionalChoice,
  prescriber_kind: optionalChoice,
}).superRefine((v, ctx) => {
  if (v.kind === 'buyer' && !isCode(buyerSectorLabels, v.buyer_sector)) {
    ctx.addIssue({ code: 'custom', path: ['buyer_sector'], message: 'Pour un acheteur, indiquez s’il est public ou privé.' });
  }
  if (v.kind === 'siae' && !isCode(siaeKindLabels, v.siae_kind)) {
    ctx.addIssue({ code: 'custom', path: ['siae_kind'], message: 'Pour une structure d’insertion, choisissez son type.' });
  }
  if (v.kind === 'prescriber' && !isCode(prescriberKindLabels, v.prescriber_kind)) {
    ctx.addIssue({ code: 'custom', path: ['prescriber_kind'], message: 'Pour un prescripteur, choisissez son type.' });
  }
}).transform((v) => ({
  ...v,
  buyer_sector: v.kind === 'buyer' ? v.buyer_sector : undefined,
  siae_kind: v.kind === 'siae' ? v.siae_kind : undefined,
  prescriber_kind: v.kind === 'prescriber' ? v.prescriber_kind : undefined,
}));

/** The fields of the organisation form, in their order on the page (the kind only when adding one). */
export const organisationFields = ['kind', 'name', 'siret', 'contact_email', 'buyer_sector', 'siae_kind', 'prescriber_kind'] as const;

/** A person given access to an organisation: their account is created if the address has none. */
export const memberSchema = z.object({
  email: emailAddress('Indiquez l’adresse e-mail de la personne.'),
  display_name: lineText({ error: 'Indiquez le nom de la personne.' }).trim()
    .min(2, 'Indiquez le nom de la personne (2 caractères au moins).').max(120, 'Le nom est trop long (120 caractères au plus).'),
});

/** The account taken off an organisation (a hidden field of the members list). */
export const memberRemovalSchema = z.object({
  user_id: z.guid('Compte inconnu.'),
});

/**
 * An SIAE's answer on a sub-contracted amount that names it (DOMAIN.md §5): confirm it, or
 * dispute it with a reason. The line comes from a hidden field of the list.
 */
export const subcontractingConfirmationSchema = z.object({
  declaration_id: z.guid('Ligne inconnue : rechargez la page.'),
  decision: z.enum(['confirm', 'dispute'], { error: 'Choisissez confirmer ou contester.' }),
  reason: multilineText().trim().max(500, 'Le motif tient en 500 caractères au plus.').optional(),
}).refine((v) => v.decision === 'confirm' || (v.reason ?? '').length >= 3, {
  path: ['reason'], message: 'Indiquez pourquoi vous contestez ce montant (3 caractères au moins).',
});

// --- Paramètres du territoire (supabase/schemas/01_territories_and_organisations.sql) ----------

/** A whole number typed in a field, within bounds; `below` is the message when under `min` if it says more. */
const wholeNumber = (message: string, min: number, max: number, below = message) => z.string({ error: message }).trim()
  .refine((v) => /^\d{1,7}$/.test(v.replace(/\s/g, '')), message)
  .transform((v) => Number(v.replace(/\s/g, '')))
  .refine((v) => v >= min, below)
  .refine((v) => v <= max, message);

/** A percentage typed as such ("50", "72,5"), stored as a share (0.5, 0.725), to the tenth of a percent. */
const percentAsShare = (message: string, min: number, max: number, above = message) => frenchNumber(message)
  .transform((v) => Math.round(v * 10) / 10)
  .refine((v) => v >= min, message)
  .refine((v) => v <= max, above)
  .transform((v) => Math.round(v * 10) / 1000);

/** A share stored in the database (0.5) as the percentage the form shows ("50"; "72,5"). */
export function shareAsPercent(share: number): string {
  return String(Math.round(share * 1000) / 10).replace('.', ',');
}

const optionalText = (message: string, max: number, multiline = false) => (multiline ? multilineText() : lineText()).optional()
  .transform((v) => (v ?? '').trim())
  .refine((v) => v.length <= max, message);
const optionalPattern = (message: string, test: (v: string) => boolean) => lineText().optional()
  .transform((v) => (v ?? '').trim())
  .refine((v) => v === '' || test(v), message);
const hexColour = (message: string) => optionalPattern(message, (v) => /^#[0-9a-f]{6}$/i.test(v)).transform((v) => v.toLowerCase());
const checkbox = z.literal('on').optional().transform((v) => v === 'on');

/**
 * The settings of a territory, changed by its facilitator. Optional texts left empty are cleared
 * (''), percentages are typed as percentages and given as shares. Same bounds as
 * public.update_territory_settings, which checks them again: the publication rules may only be
 * made stricter than the Insee rule (K ≥ 11, 3 companies, 85 % at most; DOMAIN.md §10), the
 * retention periods stay within DOMAIN.md §11.
 */
export const territorySettingsSchema = z.object({
  territory_id: z.guid('Territoire inconnu.'),
  description: optionalText('La présentation est trop longue (2 000 caractères au plus).', 2000, true),
  facilitator_contact_name: optionalText('Le nom du contact est trop long (120 caractères au plus).', 120),
  facilitator_contact_email: z.union([z.literal(''), emailAddress('Indiquez une adresse e-mail valide (par exemple clauses@territoire.fr), ou laissez le champ vide.')])
    .optional().transform((v) => v ?? ''),
  facilitator_contact_phone: optionalPattern('Indiquez un numéro de téléphone (chiffres, espaces, points, tirets, + ; 6 à 15 chiffres), ou laissez le champ vide.',
    (v) => /^[+0-9() .-]{6,30}$/.test(v) && /^(?:\D*\d){6,15}\D*$/.test(v)),
  logo_url: optionalPattern('Indiquez l’adresse du logo : elle commence par https:// (ou par / pour une image du site), sans espace.',
    (v) => v.length <= 500 && /^(https:\/\/[^\s"'<>]+|\/[^/\s"'<>][^\s"'<>]*)$/.test(v)),
  color_primary: hexColour('Indiquez la couleur au format #rrggbb (par exemple #0b5563), ou laissez le champ vide.'),
  color_accent: hexColour('Indiquez la couleur au format #rrggbb (par exemple #a3361b), ou laissez le champ vide.'),
  disclosure_threshold: wholeNumber('Seuil K : un nombre entier de personnes, de 11 à 1 000.', 11, 1000,
    'Le seuil K ne peut pas être inférieur à 11 personnes (règle de secret statistique de l’Insee) : vous pouvez le relever, pas l’abaisser.'),
  company_min_count: wholeNumber('Nombre minimal d’entreprises : un nombre entier de 3 à 100.', 3, 100,
    'Un chiffre publié sur des entreprises doit en regrouper au moins 3 : vous pouvez relever ce nombre, pas l’abaisser.'),
  company_max_share: percentAsShare('Part maximale d’une entreprise : un pourcentage de 1 à 85.', 1, 85,
    'Une seule entreprise ne peut pas peser plus de 85 % d’un chiffre publié : vous pouvez abaisser cette part, pas la relever.'),
  candidature_expiry_days: wholeNumber('Délai d’expiration : un nombre entier de jours, de 1 à 730.', 1, 730),
  parcours_max_months: wholeNumber('Durée du parcours : un nombre entier de mois, de 1 à 60.', 1, 60),
  subcontracting_labour_share: percentAsShare('Part de main-d’œuvre : un pourcentage de 1 à 100.', 1, 100),
  subcontracting_hourly_cost: frenchNumber('Coût horaire : un montant en euros de 1 à 1 000 (par exemple 30 ou 31,50).')
    .refine((v) => v >= 1 && v <= 1000, 'Coût horaire : un montant en euros de 1 à 1 000 (par exemple 30 ou 31,50).')
    .transform((v) => Math.round(v * 100) / 100),
  cdi_counted_months: z.enum(['6', '12', '24'], { error: 'Choisissez 6, 12 ou 24 mois.' }).transform(Number),
  residence_required: checkbox,
  qpv_priority: checkbox,
  validate_unchecked_eligibility: checkbox,
  retention_candidate_months: wholeNumber('Candidatures non retenues : de 1 à 24 mois (2 ans au plus après le dernier contact).', 1, 24),
  retention_participant_months: wholeNumber('Participants : de 1 à 60 mois après la fin du parcours.', 1, 60),
  retention_log_months: wholeNumber('Journal des modifications : de 6 à 12 mois.', 6, 12),
});

export type TerritorySettingsForm = z.infer<typeof territorySettingsSchema>;

/** The eligibility check of a participant: the criteria retained, at least one. */
export const eligibilitySchema = z.object({
  eligibility: z.array(z.enum(Object.keys(eligibilityLabels) as [keyof typeof eligibilityLabels], { error: 'Un critère d’éligibilité est inconnu.' }))
    .min(1, 'Cochez au moins un critère d’éligibilité.'),
});

const eligibilityCode = z.enum(Object.keys(eligibilityLabels) as [keyof typeof eligibilityLabels], { error: 'Un critère d’éligibilité est inconnu.' });

/**
 * The eligibility check recorded on a candidature, before or at hire: the criteria retained (at
 * least one) and, among them, those whose proof the facilitator saw (never the proof itself).
 */
export const candidatureEligibilitySchema = z.object({
  candidature_id: z.guid('Candidature inconnue.'),
  retained: z.array(eligibilityCode).min(1, 'Cochez au moins un critère retenu.'),
  proofs_seen: z.array(eligibilityCode),
}).refine((v) => v.proofs_seen.every((code) => v.retained.includes(code)), {
  path: ['proofs_seen'], message: 'Un justificatif vu doit correspondre à un critère retenu : cochez aussi le critère.',
});

type Milestone = keyof typeof exitMilestoneCodeLabels;

/** A participant's situation at the end of the parcours, at 6 or at 12 months. */
export const exitSchema = z.object({
  milestone: z.enum(Object.keys(exitMilestoneCodeLabels) as [Milestone], { error: 'Choisissez l’échéance : fin de parcours, 6 mois ou 12 mois.' }),
  observed_on: z.iso.date('Indiquez la date d’observation (JJ/MM/AAAA).')
    .refine((d) => d <= new Date().toISOString().slice(0, 10), 'La date d’observation ne peut pas être dans le futur.'),
  situation: z.enum(Object.keys(exitSituationLabels) as [keyof typeof exitSituationLabels], { error: 'Choisissez la situation dans la liste.' }),
});

// The one place that turns database errors into French messages and HTTP statuses.
// SQL functions raise an SQLSTATE class with a stable machine key in `hint` (see the header
// of supabase/schemas/00_conventions.sql). Those keys are the union DbErrorKey, each with its
// French message; test/unit/db-error-keys.test.ts checks it against the keys the SQL raises.
import type { z } from 'zod';
import { formatMonth, ofName } from '../domain/format.ts';

export interface AppError {
  status: number;
  code: string;
  message: string;
  field?: string;
}

interface KnownError {
  status: number;
  message: string;
  field?: string;
}

const known = {
  market_not_found: { status: 404, message: 'Ce marché est introuvable.' },
  not_market_company: { status: 403, message: 'Seule l’entreprise titulaire du marché peut déclarer ses heures.' },
  market_not_running: { status: 409, message: 'Ce marché n’est pas en cours : aucune heure ne peut y être déclarée.' },
  market_closed: { status: 409, message: 'Ce marché est clos : il ne peut plus être modifié ni recevoir d’offre.' },
  company_invalid: { status: 422, message: 'Choisissez l’entreprise attributaire dans la liste.', field: 'company_id' },
  buyer_invalid: { status: 422, message: 'Choisissez l’acheteur dans la liste des acheteurs du territoire.', field: 'buyer_id' },
  market_dates_invalid: { status: 422, message: 'La fin d’exécution doit suivre le début.', field: 'ends_on' },
  offer_trade_required: { status: 422, message: 'Indiquez le métier de l’offre.', field: 'trade' },
  offer_place_required: { status: 422, message: 'Indiquez le lieu de travail.', field: 'place' },
  offer_closes_in_past: { status: 422, message: 'La date de clôture des candidatures ne peut pas être passée.', field: 'closes_on' },
  offer_status_invalid: { status: 400, message: 'Action inconnue sur l’offre.' },
  person_search_required: { status: 422, message: 'Indiquez l’adresse e-mail de la personne, ou son prénom et son nom.', field: 'email' },
  month_invalid: { status: 400, message: 'Le mois doit être donné par son premier jour (AAAA-MM-01).', field: 'month' },
  month_in_future: { status: 400, message: 'On ne peut pas déclarer les heures d’un mois à venir.', field: 'month' },
  invoiced_amount_required: { status: 400, message: 'Indiquez le montant facturé HT de la sous-traitance.', field: 'invoiced_amount_ht' },
  hours_invalid: { status: 400, message: 'Le nombre d’heures doit être compris entre 0 et 250 pour un mois.', field: 'hours' },
  declaration_validated: { status: 409, message: 'Cette ligne est validée : elle ne peut plus être modifiée, seulement corrigée par une contre-écriture.' },
  declaration_not_found: { status: 404, message: 'Cette déclaration est introuvable.' },
  declaration_not_submitted: { status: 409, message: 'Seule une déclaration transmise peut être validée ou refusée.' },
  nothing_to_submit: { status: 409, message: 'Aucune ligne en brouillon à transmettre pour ce mois.' },
  rejection_reason_required: { status: 400, message: 'Indiquez le motif du refus.', field: 'reason' },
  decision_invalid: { status: 400, message: 'Décision inconnue : valider ou refuser.', field: 'decision' },
  not_territory_facilitator: { status: 403, message: 'Cette action est réservée aux facilitateurs du territoire.' },
  year_invalid: { status: 400, message: 'Cette année ne peut pas être publiée.', field: 'year' },
  territory_not_found: { status: 404, message: 'Ce territoire est introuvable.', field: 'territory' },
  membership_role_mismatch: { status: 400, message: 'Ce rôle ne correspond pas au type de l’organisation.' },
  lines_required: { status: 400, message: 'Indiquez au moins une ligne d’heures.' },
  candidature_not_found: { status: 404, message: 'Cette candidature est introuvable.' },
  transition_not_allowed: { status: 409, message: 'Cette étape n’est pas possible depuis l’état actuel de la candidature.' },
  refusal_reason_required: { status: 400, message: 'Choisissez le motif du refus.', field: 'reason' },
  candidature_decision_invalid: { status: 400, message: 'Choisissez votre décision : recruter la personne ou ne pas retenir sa candidature.', field: 'decision' },
  candidature_already_decided: { status: 409, message: 'Une décision a déjà été enregistrée pour cette candidature.' },
  candidature_not_hired: { status: 409, message: 'Cette candidature n’est pas au stade de l’embauche.' },
  // Candidatures
  offer_not_found: { status: 404, message: 'Cette offre n’existe pas.', field: 'job_offer_id' },
  offer_closed: { status: 409, message: 'Cette offre est close : elle n’accepte plus de candidatures.', field: 'job_offer_id' },
  idempotency_key_missing: { status: 400, message: 'Le formulaire a expiré : rechargez la page et recommencez.' },
  idempotency_key_reused: { status: 422, message: 'Ce formulaire a déjà été envoyé avec d’autres réponses : rechargez la page pour une nouvelle candidature.' },
  notice_not_acknowledged: { status: 422, message: 'Confirmez avoir pris connaissance de l’information sur vos données.', field: 'notice_acknowledged' },
  contact_required: { status: 422, message: 'Indiquez une adresse e-mail ou un numéro de téléphone pour être recontacté.', field: 'email' },
  prescriber_contact_required: { status: 422, message: 'Indiquez votre structure, votre nom et votre adresse e-mail professionnelle.', field: 'prescriber_name' },
  submitted_by_invalid: { status: 422, message: 'Indiquez si vous postulez pour vous-même ou pour une personne que vous accompagnez.', field: 'mode' },
  // DECP import, buyer's summary, SIAE confirmation, participant's file
  decp_nothing_to_import: { status: 400, message: 'Sélectionnez au moins un marché à créer.' },
  decp_too_many: { status: 400, message: 'Au plus 500 marchés par import : découpez le fichier.' },
  decp_market_invalid: { status: 400, message: 'Un marché de la sélection est incomplet (identifiant, objet ou nature) : recommencez l’import.' },
  siret_invalid: { status: 400, message: 'Un numéro SIRET est invalide.', field: 'siret' },
  summary_year_invalid: { status: 400, message: 'Choisissez une année à partir de 2000.', field: 'annee' },
  dispute_reason_required: { status: 400, message: 'Indiquez pourquoi vous contestez ce montant.', field: 'reason' },
  participant_not_found: { status: 404, message: 'Ce participant est introuvable.' },
  eligibility_required: { status: 400, message: 'Cochez au moins un critère d’éligibilité.', field: 'eligibility' },
  eligibility_invalid: { status: 400, message: 'Un critère d’éligibilité est inconnu.', field: 'eligibility' },
  eligibility_proof_not_retained: { status: 400, message: 'Un justificatif vu doit correspondre à un critère retenu.', field: 'eligibility_proofs_seen' },
  candidature_eligibility_closed: { status: 409, message: 'Cette candidature n’est plus en cours : enregistrez la vérification d’éligibilité dans la fiche du participant.' },
  exit_milestone_invalid: { status: 400, message: 'Choisissez l’échéance : fin de parcours, 6 mois ou 12 mois.', field: 'milestone' },
  exit_situation_invalid: { status: 400, message: 'Choisissez la situation dans la liste.', field: 'situation' },
  exit_date_invalid: { status: 400, message: 'La date d’observation doit être passée et postérieure à l’entrée en parcours.', field: 'observed_on' },
  exit_parcours_not_ended: { status: 409, message: 'Enregistrez d’abord la situation en fin de parcours : les situations à 6 et 12 mois se mesurent après la fin du parcours.', field: 'milestone' },
  exit_too_early: { status: 400, message: 'Trop tôt : la situation à 6 ou 12 mois s’observe au plus tôt un mois avant l’échéance.', field: 'observed_on' },
  not_organisation_member: { status: 403, message: 'Vous n’êtes pas membre de cette organisation.' },
  // Sub-contracting and co-contracting lines name their SIAE (supabase/schemas/05_participants_and_hours.sql)
  siae_required: { status: 400, message: 'Choisissez la SIAE sous-traitante ou co-traitante : elle doit confirmer le montant déclaré.', field: 'employer_id' },
  siae_invalid: { status: 422, message: 'Choisissez une SIAE du territoire du marché dans la liste.', field: 'employer_id' },
  siae_disputed: { status: 409, message: 'La SIAE conteste ce montant : la ligne ne peut pas être validée. Refusez-la pour que l’entreprise la corrige, ou attendez que la SIAE confirme le montant.' },
  review_siae_pending: { status: 409, message: 'La SIAE n’a pas encore confirmé ce montant : la ligne ne peut pas être validée. Attendez sa confirmation, ou refusez la ligne pour que l’entreprise la corrige.' },
  eligibility_unchecked: { status: 409, message: 'L’éligibilité de cette personne n’est pas encore vérifiée : ses heures ne peuvent pas être validées. Enregistrez la vérification dans sa fiche, ou refusez la ligne (les paramètres du territoire peuvent autoriser cette validation).' },
  review_line_twice: { status: 400, message: 'Une même ligne est refusée deux fois dans la demande : rechargez la page et recommencez.' },
  review_siae_missing: { status: 409, message: 'Cette ligne de sous-traitance ne désigne aucune SIAE : elle ne peut pas être validée. Refusez-la pour que l’entreprise indique la SIAE.' },
  // Participants assigned to a market (supabase/schemas/05_participants_and_hours.sql)
  participant_not_on_market: { status: 422, message: 'Cette personne n’est pas affectée à ce marché : demandez au facilitateur de l’y affecter.' },
  participant_not_in_territory: { status: 422, message: 'Choisissez une personne parmi les participants du territoire de ce marché.', field: 'participant_id' },
  assignment_has_hours: { status: 409, message: 'Des heures sont déclarées pour cette personne sur ce marché : son affectation ne peut pas être retirée.' },
  // Organisations and accounts of a territory (supabase/schemas/01_territories_and_organisations.sql, src/server/accounts.ts)
  organisation_facilitator_only: { status: 403, message: 'Seuls les facilitateurs du territoire gèrent ses organisations et leurs comptes.' },
  organisation_not_found: { status: 404, message: 'Cette organisation est introuvable parmi celles de votre territoire.' },
  organisation_kind_invalid: { status: 422, message: 'Choisissez le type d’organisation : acheteur, entreprise, structure d’insertion ou prescripteur.', field: 'kind' },
  organisation_name_too_short: { status: 422, message: 'Indiquez le nom de l’organisation (2 caractères au moins).', field: 'name' },
  organisation_name_too_long: { status: 422, message: 'Le nom de l’organisation est trop long (200 caractères au plus).', field: 'name' },
  siret_taken: { status: 409, message: 'Ce numéro SIRET est déjà celui d’une autre organisation.', field: 'siret' },
  contact_email_invalid: { status: 422, message: 'Indiquez une adresse e-mail de contact valide, ou laissez le champ vide.', field: 'contact_email' },
  buyer_sector_required: { status: 422, message: 'Pour un acheteur, indiquez s’il est public ou privé.', field: 'buyer_sector' },
  siae_kind_required: { status: 422, message: 'Pour une structure d’insertion, choisissez son type (EI, ACI, AI, ETTI, EITI, GEIQ, EA ou ESAT).', field: 'siae_kind' },
  prescriber_kind_required: { status: 422, message: 'Pour un prescripteur, choisissez son type.', field: 'prescriber_kind' },
  organisation_kind_locked: { status: 409, message: 'Le type de cette organisation ne peut plus changer : elle a des comptes, des marchés ou des heures déclarées.', field: 'kind' },
  account_not_found: { status: 404, message: 'Ce compte est introuvable.', field: 'email' },
  member_email_invalid: { status: 422, message: 'Indiquez une adresse e-mail valide pour le nouveau membre.', field: 'email' },
  // Deployment administration (supabase/schemas/10_deployment_administration.sql)
  not_deployment_admin: { status: 403, message: 'Cette action est réservée aux administrateurs du déploiement.' },
  site_name_invalid: { status: 422, message: 'Indiquez le nom du site (2 à 120 caractères).', field: 'site_name' },
  site_tagline_too_long: { status: 422, message: 'La phrase d’accroche est trop longue (200 caractères au plus).', field: 'tagline' },
  publisher_name_invalid: { status: 422, message: 'Indiquez l’éditeur du site (2 à 200 caractères).', field: 'publisher_name' },
  legal_notice_too_long: { status: 422, message: 'Une adresse ou le nom du directeur de la publication est trop long (300 caractères au plus).', field: 'publisher_address' },
  dpo_contact_invalid: { status: 422, message: 'Indiquez le contact du délégué à la protection des données (3 à 300 caractères).', field: 'dpo_contact' },
  host_name_invalid: { status: 422, message: 'Indiquez l’hébergeur du site (2 à 200 caractères).', field: 'host_name' },
  accessibility_status_invalid: { status: 422, message: 'Choisissez l’état de conformité au RGAA dans la liste.', field: 'accessibility_status' },
  accessibility_audit_date_future: { status: 422, message: 'La date de l’audit d’accessibilité ne peut pas être dans le futur.', field: 'accessibility_audit_date' },
  territory_slug_invalid: { status: 422, message: 'L’identifiant du territoire s’écrit en minuscules, chiffres et tirets (par exemple pays-de-caux), 2 à 60 caractères.', field: 'slug' },
  territory_slug_taken: { status: 409, message: 'Un territoire porte déjà cet identifiant : choisissez-en un autre.', field: 'slug' },
  territory_name_invalid: { status: 422, message: 'Indiquez le nom du territoire (2 à 120 caractères).', field: 'name' },
  territory_kind_invalid: { status: 422, message: 'Choisissez le type de territoire dans la liste.', field: 'kind' },
  service_name_too_long: { status: 422, message: 'Le nom du service de facilitation est trop long (200 caractères au plus).', field: 'service_name' },
  // Settings of a territory (supabase/schemas/01_territories_and_organisations.sql); not_territory_facilitator above
  territory_description_too_long: { status: 422, message: 'La présentation est trop longue (2 000 caractères au plus).', field: 'description' },
  facilitator_contact_name_too_long: { status: 422, message: 'Le nom du contact est trop long (120 caractères au plus).', field: 'facilitator_contact_name' },
  facilitator_contact_email_invalid: { status: 422, message: 'Indiquez une adresse e-mail valide (par exemple clauses@territoire.fr), ou laissez le champ vide.', field: 'facilitator_contact_email' },
  facilitator_contact_phone_invalid: { status: 422, message: 'Indiquez un numéro de téléphone (chiffres, espaces, points, tirets, + ; 6 à 15 chiffres), ou laissez le champ vide.', field: 'facilitator_contact_phone' },
  logo_url_invalid: { status: 422, message: 'Indiquez l’adresse du logo : elle commence par https:// (ou par / pour une image du site), sans espace.', field: 'logo_url' },
  color_primary_invalid: { status: 422, message: 'Indiquez la couleur au format #rrggbb (par exemple #0b5563), ou laissez le champ vide.', field: 'color_primary' },
  color_accent_invalid: { status: 422, message: 'Indiquez la couleur au format #rrggbb (par exemple #a3361b), ou laissez le champ vide.', field: 'color_accent' },
  disclosure_threshold_too_low: { status: 422, message: 'Le seuil K ne peut pas être inférieur à 11 personnes (règle de secret statistique de l’Insee) : vous pouvez le relever, pas l’abaisser.', field: 'disclosure_threshold' },
  disclosure_threshold_invalid: { status: 422, message: 'Seuil K : un nombre entier de personnes, de 11 à 1 000.', field: 'disclosure_threshold' },
  company_min_count_too_low: { status: 422, message: 'Un chiffre publié sur des entreprises doit en regrouper au moins 3 : vous pouvez relever ce nombre, pas l’abaisser.', field: 'company_min_count' },
  company_min_count_invalid: { status: 422, message: 'Nombre minimal d’entreprises : un nombre entier de 3 à 100.', field: 'company_min_count' },
  company_max_share_too_high: { status: 422, message: 'Une seule entreprise ne peut pas peser plus de 85 % d’un chiffre publié : vous pouvez abaisser cette part, pas la relever.', field: 'company_max_share' },
  company_max_share_invalid: { status: 422, message: 'Part maximale d’une entreprise : un pourcentage de 1 à 85.', field: 'company_max_share' },
  candidature_expiry_days_invalid: { status: 422, message: 'Délai d’expiration : un nombre entier de jours, de 1 à 730.', field: 'candidature_expiry_days' },
  parcours_max_months_invalid: { status: 422, message: 'Durée du parcours : un nombre entier de mois, de 1 à 60.', field: 'parcours_max_months' },
  subcontracting_labour_share_invalid: { status: 422, message: 'Part de main-d’œuvre : un pourcentage de 1 à 100.', field: 'subcontracting_labour_share' },
  subcontracting_hourly_cost_invalid: { status: 422, message: 'Coût horaire : un montant en euros de 1 à 1 000 (par exemple 30 ou 31,50).', field: 'subcontracting_hourly_cost' },
  cdi_counted_months_invalid: { status: 422, message: 'Choisissez 6, 12 ou 24 mois.', field: 'cdi_counted_months' },
  retention_candidate_months_invalid: { status: 422, message: 'Candidatures non retenues : de 1 à 24 mois (2 ans au plus après le dernier contact).', field: 'retention_candidate_months' },
  retention_participant_months_invalid: { status: 422, message: 'Participants : de 1 à 60 mois après la fin du parcours.', field: 'retention_participant_months' },
  retention_log_months_invalid: { status: 422, message: 'Journal des modifications : de 6 à 12 mois.', field: 'retention_log_months' },
} satisfies Record<string, KnownError>;

/** A machine key the SQL raises in `hint` (or src/server/accounts.ts, for member_email_invalid). */
export type DbErrorKey = keyof typeof known;

/** Every DbErrorKey, for the test that compares them with the SQL. */
export const dbErrorKeys = Object.keys(known) as DbErrorKey[];

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

function isDbErrorKey(key: string): key is DbErrorKey {
  return Object.hasOwn(known, key);
}

const byClass: Array<[prefix: string, error: KnownError]> = [
  ['42501', { status: 403, message: 'Vous n’avez pas le droit de faire cette action.' }],
  ['P0002', { status: 404, message: 'Élément introuvable.' }],
  ['PT404', { status: 404, message: 'Élément introuvable.' }],
  ['PT409', { status: 409, message: 'Cette action n’est pas possible dans l’état actuel.' }],
  ['23505', { status: 409, message: 'Cet élément existe déjà.' }],
  ['23503', { status: 409, message: 'Cet élément fait référence à un élément inconnu.' }],
  ['55000', { status: 409, message: 'Cette action n’est pas possible dans l’état actuel.' }],
  ['22', { status: 400, message: 'Une valeur saisie n’est pas valide.' }],
  ['23', { status: 400, message: 'Une valeur saisie ne respecte pas les règles.' }],
  ['PGRST', { status: 400, message: 'La demande est mal formée.' }],
];

export interface DbErrorLike {
  code?: string | undefined;
  hint?: string | null | undefined;
  message?: string | undefined;
  /** For an error about one hour line: {"person", "month", "market"} as JSON (app.declaration_line). */
  details?: string | null | undefined;
}

/** « Léa Martin, octobre 2026 (EPR2 Penly lot 1) »: the hour line an error's detail names, or null. */
export function declarationLine(details: string | null | undefined): string | null {
  if (!details || !details.startsWith('{')) return null;
  try {
    const line = JSON.parse(details) as { person?: unknown; month?: unknown; market?: unknown };
    if (typeof line.person !== 'string' || typeof line.month !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(line.month)) return null;
    return `${line.person}, ${formatMonth(line.month)}${typeof line.market === 'string' ? ` (${line.market})` : ''}`;
  } catch {
    return null;
  }
}

/**
 * Map an error returned by supabase-js `.rpc()`; unknown errors become a 503 without detail. An
 * error about one line of a batch (public.review_month) names it first: « Ligne de Léa Martin,
 * octobre 2026 (EPR2 Penly lot 1) — … ».
 */
export function fromDbError(error: DbErrorLike): AppError {
  const key = error.hint ?? '';
  if (isDbErrorKey(key)) {
    const line = declarationLine(error.details);
    const entry: KnownError = known[key];
    return { code: key, ...entry, ...(line ? { message: `Ligne ${ofName(line)} — ${lowerFirst(entry.message)}` } : {}) };
  }
  const code = error.code ?? '';
  const match = byClass.find(([prefix]) => code.startsWith(prefix));
  if (match) return { code, ...match[1] };
  return { status: 503, code: 'unavailable', message: 'Le service est momentanément indisponible. Réessayez dans quelques instants.' };
}

/**
 * An rpc answered without error, but its JSON is not the shape its zod schema (src/domain)
 * expects: a fault of the server (a migration not applied, a function changed), never the
 * user's. It is the unknown error of fromDbError (503, no detail for the user); the message,
 * for the log, names the rpc and the paths of the mismatch, never the values.
 */
export class UnexpectedResultError extends Error {
  readonly appError: AppError = fromDbError({});

  constructor(rpc: string, issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>) {
    const where = issues.map((issue) => `${issue.path.map(String).join('.') || '(racine)'}: ${issue.message}`).join('; ');
    super(`${rpc}: unexpected result (${where})`);
    this.name = 'UnexpectedResultError';
  }
}

/** The rpc's JSON result checked by its schema; throws UnexpectedResultError when it does not fit. */
export function parseRpcResult<S extends z.ZodType>(rpc: string, schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UnexpectedResultError(rpc, parsed.error.issues);
  return parsed.data;
}

/**
 * The same check for a caller that handles an rpc's error as a value (a page, an action): the
 * rpc's own error passes through; a shape mismatch is logged (paths, never values) and becomes
 * an error without code nor key, which fromDbError answers with 503.
 */
export function parseRpc<S extends z.ZodType>(
  rpc: string, schema: S, result: { data: unknown; error: DbErrorLike | null },
): { data: z.output<S>; error: null } | { data: null; error: DbErrorLike } {
  if (result.error) return { data: null, error: result.error };
  try {
    return { data: parseRpcResult(rpc, schema, result.data), error: null };
  } catch (error) {
    if (!(error instanceof UnexpectedResultError)) throw error;
    console.error(error.message);
    return { data: null, error: { message: error.message } };
  }
}

/** JSON response for an error: `{ error: { code, message, field }, fields? }`. */
export function errorResponse(error: AppError, fields?: Partial<Record<string, string>>): Response {
  return Response.json(
    { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }, ...(fields ? { fields } : {}) },
    { status: error.status, headers: { 'cache-control': 'no-store' } },
  );
}

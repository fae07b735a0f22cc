// French labels for every domain code stored in the database (DOMAIN.md §2–§9).
// Codes are English identifiers; what a user reads is French. French legal terms and
// acronyms (SIAE, QPV, RSA…) stay as they are.

export const clauseTypeLabels = {
  execution_condition: "Condition d'exécution (clause d'insertion)",
  reserved_disability: 'Marché réservé aux EA et ESAT',
  reserved_siae: 'Marché réservé aux SIAE',
  insertion_market: "Marché d'insertion (l'insertion est l'objet du marché)",
  award_criterion: "Critère d'attribution sur l'insertion",
} as const;

/** Current article of the Code de la commande publique and its 2006 equivalent (DOMAIN.md §3). */
export const clauseTypeArticles = {
  execution_condition: { current: 'L2112-2', old: 'art. 14' },
  reserved_disability: { current: 'L2113-12', old: 'art. 15' },
  reserved_siae: { current: 'L2113-13', old: null },
  insertion_market: { current: 'R2123-1 3°', old: 'art. 30' },
  award_criterion: { current: 'L2152-7 / R2152-7', old: 'art. 53' },
} as const satisfies Record<ClauseType, { current: string; old: string | null }>;

export type ClauseType = keyof typeof clauseTypeLabels;

export const roleLabels = {
  facilitator: 'Facilitateur·rice clauses sociales',
  buyer: 'Acheteur / donneur d’ordre',
  company: 'Entreprise attributaire',
  siae: 'SIAE',
  prescriber: 'Prescripteur',
  admin: 'Administrateur·rice du déploiement',
} as const;

export const organisationKindLabels = {
  buyer: 'Acheteur',
  company: 'Entreprise',
  siae: 'Structure d’insertion (SIAE, GEIQ, EA, ESAT)',
  prescriber: 'Prescripteur',
  facilitation_service: 'Service de facilitation',
} as const;

export const siaeKindLabels = {
  ei: 'EI — entreprise d’insertion',
  aci: 'ACI — atelier et chantier d’insertion',
  ai: 'AI — association intermédiaire',
  etti: 'ETTI — entreprise de travail temporaire d’insertion',
  eiti: 'EITI — entreprise d’insertion par le travail indépendant',
  geiq: 'GEIQ',
  ea: 'EA — entreprise adaptée',
  esat: 'ESAT',
} as const;

/** Headings of the organisations list, one per kind a facilitator manages. */
export const organisationKindPluralLabels = {
  buyer: 'Acheteurs',
  company: 'Entreprises',
  siae: 'Structures d’insertion (SIAE, GEIQ, EA, ESAT)',
  prescriber: 'Prescripteurs',
} as const;

export const buyerSectorLabels = {
  public: 'Acheteur public',
  private: 'Acheteur privé',
} as const;

export const prescriberKindLabels = {
  france_travail: 'France Travail',
  mission_locale: 'Mission locale',
  cap_emploi: 'Cap emploi',
  plie: 'PLIE',
  departement: 'Département',
  ccas: 'CCAS',
  siae: 'SIAE',
  other: 'Autre prescripteur',
} as const;

export const contractTypeLabels = {
  cdi: 'CDI',
  cdd: 'CDD',
  interim: 'Intérim',
  contrat_pro: 'Contrat de professionnalisation',
  apprentissage: 'Apprentissage',
  cddi: 'CDDI (SIAE)',
  mise_a_disposition: 'Mise à disposition',
} as const;

export const realisationModeLabels = {
  direct_hire: 'Embauche directe',
  temporary_work: 'Intérim',
  provision: 'Mise à disposition (ETTI, AI, GEIQ)',
  subcontracting: 'Sous-traitance à une SIAE, EA ou ESAT',
  co_contracting: 'Co-traitance avec une SIAE, EA ou ESAT',
  training: 'Formation (contrat pro, apprentissage)',
} as const;

export const declarationStatusLabels = {
  draft: 'Brouillon',
  submitted: 'Transmise',
  validated: 'Validée',
  rejected: 'Refusée',
} as const;

export const candidatureStatusLabels = {
  received: 'Reçue',
  in_review: 'À l’étude',
  shortlisted: 'Présélectionnée',
  sent_to_company: 'Transmise à l’entreprise',
  hired: 'Embauchée',
  declined: 'Déclinée',
  withdrawn: 'Retirée par la personne',
  expired: 'Expirée',
  obsolete: 'Sans objet (poste pourvu)',
} as const;

export const refusalReasonLabels = {
  not_eligible: 'Critères d’éligibilité non remplis',
  profile_mismatch: 'Profil ne correspondant pas au poste',
  position_filled: 'Poste pourvu',
  not_reachable: 'Personne injoignable',
  candidate_declined: 'La personne a décliné',
  other: 'Autre motif',
} as const;

/** Why a step of a candidature's log happened: a refusal reason, or a step the platform made. */
export const transitionReasonLabels = {
  ...refusalReasonLabels,
  hired_elsewhere: 'La personne a été embauchée sur une autre candidature à cette offre',
  no_decision: 'Aucune décision dans le délai fixé par le territoire',
  self_withdrawal: 'Retirée par la personne, avec le lien de son accusé de réception',
} as const;

// The eligible publics and their labels live in one table (src/domain/eligibility.ts).
export { eligibilityLabels } from './eligibility.ts';

export const exitCategoryLabels = {
  emploi_durable: 'Emploi durable',
  emploi_transition: 'Emploi de transition',
  sortie_positive: 'Sortie positive',
  sorties_dynamiques: 'Sorties dynamiques',
} as const;

export const exitMilestoneLabels = {
  fin_de_parcours: 'En fin de parcours',
  a_6_mois: 'À 6 mois',
  a_12_mois: 'À 12 mois',
} as const;

/** Milestones of app.participant_exits (codes of the database). */
export const exitMilestoneCodeLabels = {
  end: 'En fin de parcours',
  m6: 'À 6 mois',
  m12: 'À 12 mois',
} as const;

/** Closed list of app.participant_exits.situation, grouped as in DOMAIN.md §9. */
export const exitSituationLabels = {
  cdi: 'CDI',
  cdd_6_months_plus: 'CDD de 6 mois ou plus',
  interim_6_months_plus: 'Intérim de 6 mois ou plus',
  business_creation: 'Création d’entreprise',
  cdd_under_6_months: 'CDD de moins de 6 mois',
  interim_under_6_months: 'Intérim de moins de 6 mois',
  subsidised_contract: 'Contrat aidé',
  qualifying_training: 'Formation qualifiante',
  siae_hire: 'Embauche par une autre SIAE',
  job_seeker: 'Demandeur d’emploi',
  inactive: 'Inactif',
  unknown: 'Situation inconnue',
} as const;

export const exitCategoryCodeLabels = {
  emploi_durable: 'Emploi durable',
  emploi_transition: 'Emploi de transition',
  sortie_positive: 'Sortie positive',
  other: 'Autre situation',
} as const;

/** The situations of exitSituationLabels in the categories of DOMAIN.md §9 (as app.participant_exits.category computes them). */
export const exitSituationGroups: ReadonlyArray<{ category: keyof typeof exitCategoryCodeLabels; situations: ReadonlyArray<keyof typeof exitSituationLabels> }> = [
  { category: 'emploi_durable', situations: ['cdi', 'cdd_6_months_plus', 'interim_6_months_plus', 'business_creation'] },
  { category: 'emploi_transition', situations: ['cdd_under_6_months', 'interim_under_6_months', 'subsidised_contract'] },
  { category: 'sortie_positive', situations: ['qualifying_training', 'siae_hire'] },
  { category: 'other', situations: ['job_seeker', 'inactive', 'unknown'] },
];

export const siaeConfirmationLabels = {
  pending: 'À confirmer',
  confirmed: 'Confirmé',
  disputed: 'Contesté',
} as const;

export const qualificationLevelLabels = {
  infra_3: 'Infra 3 (sans diplôme)',
  '3': 'Niveau 3 (CAP, BEP)',
  '4': 'Niveau 4 (bac)',
  '5_plus': 'Niveau 5 et plus (bac + 2 et plus)',
} as const;

export const marketKindLabels = {
  works: 'Travaux',
  services: 'Services',
  supplies: 'Fournitures',
} as const;

export const publicLabels = {
  rsa: 'Bénéficiaires du RSA',
  deld: 'Demandeurs d’emploi de longue durée',
  rqth: 'Travailleurs handicapés (RQTH)',
  jeunes_peu_qualifies: 'Jeunes de moins de 26 ans peu qualifiés',
  seniors: 'Seniors (50 ans et plus)',
  salaries_siae: 'Salariés de SIAE',
  qpv: 'Habitants des quartiers prioritaires (QPV)',
  formation: 'Personnes ayant bénéficié d’une formation',
} as const;

export const accessibilityStatusLabels = {
  totalement: 'totalement conforme',
  partiellement: 'partiellement conforme',
  non_conforme: 'non conforme',
} as const;

/** Look a code up in a label map; unknown codes are shown as they are rather than hidden. */
export function label<T extends Record<string, string>>(map: T, code: string | null | undefined): string {
  if (code == null) return '';
  return Object.hasOwn(map, code) ? (map[code] ?? code) : code;
}

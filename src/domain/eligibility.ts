// The eligible publics of the clauses sociales (DOMAIN.md §4), one table read by the application
// form, the participant's file, the candidatures list and the « Suis-je concerné·e ? » page.
// Codes are those of app.candidatures.eligibility and app.participants.eligibility.
//
// DOMAIN.md §4 names the criteria, not the documents a facilitator accepts: each proof below
// says what must be shown (« un document qui montre… ») and leaves the document itself to the
// territory's facilitator. Only yes/no facts are stored, never a proof, never the NIR.

export interface EligibilityCriterion {
  /** What the facilitator and the lists show. */
  label: string;
  /** The plain question a job seeker answers. */
  question: string;
  /** What the facilitator will ask to see (never kept: only the criterion is recorded). */
  proof: string;
}

export const eligibilityCriteria = {
  deld: {
    label: 'Demandeur d’emploi de longue durée (inscrit depuis plus de 12 mois)',
    question: 'Êtes-vous inscrit·e à France Travail depuis plus de 12 mois ?',
    proof: 'Un document qui montre votre inscription à France Travail depuis plus de 12 mois.',
  },
  rsa: {
    label: 'Bénéficiaire du RSA',
    question: 'Percevez-vous le RSA ?',
    proof: 'Un document qui montre que vous percevez le RSA.',
  },
  ass: {
    label: 'Bénéficiaire de l’ASS',
    question: 'Percevez-vous l’ASS (allocation de solidarité spécifique) ?',
    proof: 'Un document qui montre que vous percevez l’ASS.',
  },
  aah: {
    label: 'Bénéficiaire de l’AAH',
    question: 'Percevez-vous l’AAH (allocation aux adultes handicapés) ?',
    proof: 'Un document qui montre que vous percevez l’AAH.',
  },
  invalidity_pension: {
    label: 'Titulaire d’une pension d’invalidité',
    question: 'Percevez-vous une pension d’invalidité ?',
    proof: 'Un document qui montre que vous percevez une pension d’invalidité.',
  },
  rqth: {
    label: 'Reconnaissance de la qualité de travailleur handicapé (RQTH)',
    question: 'Avez-vous une reconnaissance de la qualité de travailleur handicapé (RQTH) ?',
    proof: 'Un document qui montre votre reconnaissance de travailleur handicapé (RQTH).',
  },
  youth_low_qualification: {
    label: 'Jeune de moins de 26 ans, sorti du système scolaire depuis au moins 6 mois, peu qualifié',
    question: 'Avez-vous moins de 26 ans, avez-vous quitté l’école depuis au moins 6 mois, avec peu ou pas de diplôme ?',
    proof: 'Un document qui montre votre âge ; le facilitateur vous demandera aussi votre plus haut diplôme et quand vous avez quitté l’école.',
  },
  senior: {
    label: 'Senior de 50 ans et plus',
    question: 'Avez-vous 50 ans ou plus ?',
    proof: 'Un document qui montre votre âge.',
  },
  siae_employee: {
    label: 'Salarié d’une SIAE, de l’EPIDE ou d’une E2C',
    question: 'Êtes-vous salarié·e d’une structure d’insertion (SIAE), de l’EPIDE ou d’une école de la deuxième chance (E2C) ?',
    proof: 'Un document qui montre que vous êtes salarié·e d’une SIAE, de l’EPIDE ou d’une E2C.',
  },
  other: {
    label: 'Autre situation, sur avis motivé d’un prescripteur',
    question: 'Un conseiller (France Travail, Mission locale, Cap emploi, PLIE…) vous accompagne-t-il ?',
    proof: 'L’avis motivé de votre conseiller (France Travail, Mission locale, Cap emploi, PLIE…), que le facilitateur peut lui demander.',
  },
} as const satisfies Record<string, EligibilityCriterion>;

export type EligibilityCode = keyof typeof eligibilityCriteria;

/** The codes in the table's order (the order every list shows). */
export const eligibilityCodes = Object.keys(eligibilityCriteria) as EligibilityCode[];

/** Code → French label, for the lists and the `label()` helper. */
export const eligibilityLabels = Object.fromEntries(
  eligibilityCodes.map((code) => [code, eligibilityCriteria[code].label]),
) as { readonly [C in EligibilityCode]: (typeof eligibilityCriteria)[C]['label'] };

export function isEligibilityCode(value: unknown): value is EligibilityCode {
  return typeof value === 'string' && Object.hasOwn(eligibilityCriteria, value);
}

/** The known codes of a list (a query string, a form), each once, in the table's order. */
export function knownEligibilityCodes(values: readonly unknown[]): EligibilityCode[] {
  const given = new Set(values.filter(isEligibilityCode));
  return eligibilityCodes.filter((code) => given.has(code));
}

// « Suis-je concerné·e ? »: a few plain questions and an answer that never excludes anyone
// (DOMAIN.md §4: beyond the listed publics, the facilitator may accept others after a
// prescriber's reasoned opinion). Pure: the answers come from a query string, the current year
// is passed in. Nothing here is stored.
import { eligibilityCriteria, type EligibilityCode } from './eligibility.ts';

export const franceTravailOptions = {
  no: 'Non',
  up_to_12_months: 'Oui, depuis 12 mois ou moins',
  over_12_months: 'Oui, depuis plus de 12 mois',
} as const;
export type FranceTravail = keyof typeof franceTravailOptions;

export const allowanceOptions = {
  ass: 'L’ASS (allocation de solidarité spécifique)',
  aah: 'L’AAH (allocation aux adultes handicapés)',
  invalidity_pension: 'Une pension d’invalidité',
} as const;
export type Allowance = keyof typeof allowanceOptions;

export const diplomaOptions = {
  none: 'Aucun diplôme',
  cap_bep: 'CAP, BEP ou équivalent',
  bac: 'Baccalauréat ou équivalent',
  higher: 'Diplôme après le baccalauréat',
} as const;
export type Diploma = keyof typeof diplomaOptions;

export const supportOptions = {
  mission_locale: 'Une Mission locale',
  cap_emploi: 'Cap emploi',
  plie: 'Un PLIE',
  other: 'Un autre conseiller (France Travail, Département, CCAS, structure d’insertion…)',
} as const;
export type Support = keyof typeof supportOptions;

export const qpvOptions = { yes: 'Oui', no: 'Non', unknown: 'Je ne sais pas' } as const;
export type Qpv = keyof typeof qpvOptions;

export interface SelfCheckAnswers {
  franceTravail?: FranceTravail | undefined;
  rsa?: boolean | undefined;
  allowances: Allowance[];
  rqth?: boolean | undefined;
  /** Age in whole years. */
  age?: number | undefined;
  /** Out of school (or studies) for at least 6 months. */
  leftSchool6Months?: boolean | undefined;
  diploma?: Diploma | undefined;
  siae?: boolean | undefined;
  qpv?: Qpv | undefined;
  support: Support[];
}

/** The query parameters of the page's GET form (French, they show in the address bar). */
export const selfCheckParams = {
  franceTravail: 'france_travail',
  rsa: 'rsa',
  allowances: 'allocation',
  rqth: 'rqth',
  age: 'age',
  leftSchool6Months: 'ecole_quittee',
  diploma: 'diplome',
  siae: 'siae',
  qpv: 'qpv',
  support: 'accompagnement',
} as const satisfies Record<keyof SelfCheckAnswers, string>;

/** Age in whole years, from an age or from a birth year and the current year. */
export function ageInYears(input: { age?: number; birthYear?: number; year: number }): number | undefined {
  const age = input.age ?? (input.birthYear === undefined ? undefined : input.year - input.birthYear);
  return age !== undefined && Number.isInteger(age) && age >= 0 && age <= 120 ? age : undefined;
}

type Params = { get(name: string): string | null; getAll(name: string): string[] };

const oneOf = <T extends string>(options: Record<T, string>, value: string | null): T | undefined =>
  value !== null && Object.hasOwn(options, value) ? (value as T) : undefined;
const yesNo = (value: string | null): boolean | undefined => (value === 'oui' ? true : value === 'non' ? false : undefined);
const someOf = <T extends string>(options: Record<T, string>, values: string[]): T[] =>
  (Object.keys(options) as T[]).filter((option) => values.includes(option));

/** The answers of the query string; an unknown value counts as not answered. */
export function parseSelfCheck(params: Params): { answered: boolean; answers: SelfCheckAnswers } {
  const p = selfCheckParams;
  const ageText = params.get(p.age)?.trim() ?? '';
  const answers: SelfCheckAnswers = {
    franceTravail: oneOf(franceTravailOptions, params.get(p.franceTravail)),
    rsa: yesNo(params.get(p.rsa)),
    allowances: someOf(allowanceOptions, params.getAll(p.allowances)),
    rqth: yesNo(params.get(p.rqth)),
    age: /^\d{1,3}$/.test(ageText) ? ageInYears({ age: Number(ageText), year: 0 }) : undefined,
    leftSchool6Months: yesNo(params.get(p.leftSchool6Months)),
    diploma: oneOf(diplomaOptions, params.get(p.diploma)),
    siae: yesNo(params.get(p.siae)),
    qpv: oneOf(qpvOptions, params.get(p.qpv)),
    support: someOf(supportOptions, params.getAll(p.support)),
  };
  const answered = Object.values(p).some((name) => params.getAll(name).length > 0);
  return { answered, answers };
}

/** A sentence the page adds to its answer. */
export type SelfCheckNote = 'prescriber_opinion' | 'ask_a_prescriber' | 'youth_to_check' | 'qpv_priority' | 'age_not_read';

export interface SelfCheckResult {
  /** « probablement concerné·e » when a criterion matches; otherwise « à voir avec le facilitateur ». */
  verdict: 'likely' | 'to_discuss';
  /** The matching criteria, in the table's order: the ones the application form pre-ticks. */
  criteria: EligibilityCode[];
  /** What the facilitator will ask to see, one line per criterion. */
  proofs: string[];
  notes: SelfCheckNote[];
}

export function selfCheck(answers: SelfCheckAnswers, options: { ageWasGiven?: boolean } = {}): SelfCheckResult {
  const { age } = answers;
  const youth = age !== undefined && age < 26;
  const matched: Record<EligibilityCode, boolean> = {
    deld: answers.franceTravail === 'over_12_months',
    rsa: answers.rsa === true,
    ass: answers.allowances.includes('ass'),
    aah: answers.allowances.includes('aah'),
    invalidity_pension: answers.allowances.includes('invalidity_pension'),
    rqth: answers.rqth === true,
    // DOMAIN.md §4 says « low qualification » without a level: only « no diploma » is taken as
    // surely low here; any other answer is left to the facilitator (note youth_to_check).
    youth_low_qualification: youth && answers.leftSchool6Months === true && answers.diploma === 'none',
    senior: age !== undefined && age >= 50,
    siae_employee: answers.siae === true,
    // Only the facilitator decides it, after a prescriber's reasoned opinion: never pre-ticked.
    other: false,
  };
  const criteria = (Object.keys(eligibilityCriteria) as EligibilityCode[]).filter((code) => matched[code]);
  const verdict = criteria.length > 0 ? 'likely' : 'to_discuss';
  const notes: SelfCheckNote[] = [];
  if (options.ageWasGiven && age === undefined) notes.push('age_not_read');
  if (youth && !matched.youth_low_qualification) notes.push('youth_to_check');
  if (verdict === 'to_discuss') notes.push(answers.support.length > 0 ? 'prescriber_opinion' : 'ask_a_prescriber');
  if (answers.qpv === 'yes') notes.push('qpv_priority');
  const proofs = criteria.map((code) => eligibilityCriteria[code].proof);
  if (verdict === 'to_discuss') proofs.push(eligibilityCriteria.other.proof);
  return { verdict, criteria, proofs, notes };
}

/** The query parameter the application form reads to pre-tick criteria. */
export const PRETICK_PARAM = 'eligibilite';

/** The query string that carries the matching criteria to the application form. */
export function eligibilityQuery(criteria: readonly EligibilityCode[]): string {
  const query = new URLSearchParams(criteria.map((code) => [PRETICK_PARAM, code])).toString();
  return query ? `?${query}` : '';
}

/** The eligibility rules a territory adds (DOMAIN.md §4, rule parameters of app.territories). */
export interface TerritoryRules {
  name: string;
  memberAreas: readonly string[];
  residenceRequired: boolean;
  qpvPriority: boolean;
}

/**
 * What the chosen territory's own rules mean for the person: residence asked for, and the QPV
 * priority on urban renewal sites when the person lives in a QPV (or does not know). A territory
 * without such a rule adds nothing; the general QPV sentence is then left out.
 */
export function territoryRuleNotes(rules: TerritoryRules, answers: Pick<SelfCheckAnswers, 'qpv'>): string[] {
  const notes: string[] = [];
  if (rules.residenceRequired) {
    const areas = rules.memberAreas.length > 0 ? ` (${rules.memberAreas.join(', ')})` : '';
    notes.push(`${rules.name} demande d’habiter sur son territoire${areas} : le facilitateur vous demandera votre commune.`);
  }
  if (rules.qpvPriority && answers.qpv !== 'no') {
    notes.push(`${rules.name} donne la priorité aux habitants des quartiers prioritaires (QPV) sur les chantiers de rénovation urbaine (ANRU, NPNRU)${answers.qpv === 'yes' ? ' : dites au facilitateur que vous y habitez.' : '.'}`);
  }
  return notes;
}

// « Suis-je concerné·e ? »: the answer a job seeker reads for a few profiles, and the criteria
// carried to the application form. Never « non éligible »: at worst « à voir ».
import { describe, expect, it } from 'vitest';
import { eligibilityCodes, eligibilityCriteria, eligibilityLabels, knownEligibilityCodes } from '../../src/domain/eligibility.ts';
import { ageInYears, eligibilityQuery, parseSelfCheck, selfCheck, territoryRuleNotes, type SelfCheckAnswers } from '../../src/domain/self-check.ts';

const none: SelfCheckAnswers = { allowances: [], support: [] };
const fromQuery = (query: string) => parseSelfCheck(new URLSearchParams(query));

describe('the criteria table', () => {
  it('holds the ten codes of app.candidatures.eligibility, each with a label, a question and a proof', () => {
    expect(eligibilityCodes).toEqual(['deld', 'rsa', 'ass', 'aah', 'invalidity_pension', 'rqth', 'youth_low_qualification', 'senior', 'siae_employee', 'other']);
    for (const code of eligibilityCodes) {
      const c = eligibilityCriteria[code];
      expect(c.label.length, code).toBeGreaterThan(5);
      expect(c.question, code).toMatch(/\?$/);
      expect(c.proof, code).toMatch(/\.$/);
      expect(eligibilityLabels[code]).toBe(c.label);
    }
  });

  it('keeps only known codes, once each, in the table order', () => {
    expect(knownEligibilityCodes(['senior', 'rsa', 'nir', 'rsa', 1])).toEqual(['rsa', 'senior']);
  });
});

describe('selfCheck', () => {
  it('a long-term job seeker on the RSA is probably concerned, with both proofs', () => {
    const result = selfCheck(fromQuery('france_travail=over_12_months&rsa=oui&age=38&diplome=cap_bep').answers);
    expect(result.verdict).toBe('likely');
    expect(result.criteria).toEqual(['deld', 'rsa']);
    expect(result.proofs).toEqual([eligibilityCriteria.deld.proof, eligibilityCriteria.rsa.proof]);
  });

  it('registered for 12 months or less is not long-term unemployment', () => {
    expect(selfCheck({ ...none, franceTravail: 'up_to_12_months', age: 40 }).verdict).toBe('to_discuss');
  });

  it('a young person out of school for 6 months with no diploma matches the youth criterion', () => {
    const result = selfCheck(fromQuery('age=19&ecole_quittee=oui&diplome=none&accompagnement=mission_locale').answers);
    expect(result).toMatchObject({ verdict: 'likely', criteria: ['youth_low_qualification'] });
  });

  it('a young person with a CAP is left to the facilitator, never refused', () => {
    const result = selfCheck(fromQuery('age=22&ecole_quittee=oui&diplome=cap_bep&accompagnement=mission_locale').answers);
    expect(result.verdict).toBe('to_discuss');
    expect(result.criteria).toEqual([]);
    expect(result.notes).toEqual(['youth_to_check', 'prescriber_opinion']);
    expect(result.proofs).toEqual([eligibilityCriteria.other.proof]);
  });

  it('the senior threshold is 50 years', () => {
    expect(selfCheck({ ...none, age: 49 }).criteria).toEqual([]);
    expect(selfCheck({ ...none, age: 50 }).criteria).toEqual(['senior']);
  });

  it('allowances, RQTH and SIAE employment each name their criterion', () => {
    const result = selfCheck(fromQuery('allocation=aah&allocation=invalidity_pension&rqth=oui&siae=oui').answers);
    expect(result.criteria).toEqual(['aah', 'invalidity_pension', 'rqth', 'siae_employee']);
  });

  it('with no matching answer, the page suggests a prescriber’s reasoned opinion and mentions the QPV priority', () => {
    const result = selfCheck(fromQuery('france_travail=no&rsa=non&age=35&qpv=yes').answers);
    expect(result).toEqual({ verdict: 'to_discuss', criteria: [], proofs: [eligibilityCriteria.other.proof], notes: ['ask_a_prescriber', 'qpv_priority'] });
  });

  it('never pre-ticks « other », which only the facilitator decides', () => {
    expect(selfCheck({ ...none, support: ['cap_emploi', 'plie', 'other'] }).criteria).not.toContain('other');
  });
});

describe('parseSelfCheck', () => {
  it('an empty query is not an answer; any question answered is', () => {
    expect(fromQuery('').answered).toBe(false);
    expect(fromQuery('rsa=non').answered).toBe(true);
  });

  it('ignores unknown values and an age that is not a number', () => {
    const { answers } = fromQuery('france_travail=always&rsa=peut-etre&allocation=rsa&age=trente&diplome=phd');
    expect(answers).toEqual({ ...none, franceTravail: undefined, rsa: undefined, rqth: undefined, age: undefined, leftSchool6Months: undefined, diploma: undefined, siae: undefined, qpv: undefined });
    expect(selfCheck(answers, { ageWasGiven: true }).notes).toContain('age_not_read');
  });
});

describe('ageInYears', () => {
  it('reads an age, or a birth year with the current year passed in', () => {
    expect(ageInYears({ age: 30, year: 2026 })).toBe(30);
    expect(ageInYears({ birthYear: 2001, year: 2026 })).toBe(25);
    expect(ageInYears({ birthYear: 2030, year: 2026 })).toBeUndefined();
    expect(ageInYears({ year: 2026 })).toBeUndefined();
  });
});

describe('eligibilityQuery', () => {
  it('carries the criteria as ?eligibilite=… for the application form', () => {
    expect(eligibilityQuery(['deld', 'rsa'])).toBe('?eligibilite=deld&eligibilite=rsa');
    expect(eligibilityQuery([])).toBe('');
  });
});

describe('the rules a territory adds', () => {
  const rules = { name: 'Alpes Sud Isère', memberAreas: ['CC de l’Oisans', 'CC du Trièves'], residenceRequired: true, qpvPriority: false };
  it('tells that the territory asks for residence, naming its areas', () => {
    expect(territoryRuleNotes(rules, { qpv: 'yes' })).toEqual([
      'Alpes Sud Isère demande d’habiter sur son territoire (CC de l’Oisans, CC du Trièves) : le facilitateur vous demandera votre commune.',
    ]);
  });
  it('tells the QPV priority to those who live in a QPV or do not know, not to those who do not', () => {
    const dieppe = { name: 'Dieppe-Maritime', memberAreas: [], residenceRequired: false, qpvPriority: true };
    expect(territoryRuleNotes(dieppe, { qpv: 'yes' })[0]).toMatch(/priorité aux habitants des quartiers prioritaires .* dites au facilitateur que vous y habitez\.$/);
    expect(territoryRuleNotes(dieppe, { qpv: 'unknown' })).toHaveLength(1);
    expect(territoryRuleNotes(dieppe, { qpv: 'no' })).toEqual([]);
  });
  it('adds nothing for a territory without such rules', () => {
    expect(territoryRuleNotes({ ...rules, residenceRequired: false }, { qpv: 'yes' })).toEqual([]);
  });
});

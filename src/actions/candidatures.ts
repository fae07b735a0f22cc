// The candidature pipeline's forms (/espace/candidatures/, DOMAIN.md §7): the facilitator moves
// a candidature along (public.transition_candidature, a reason where the step needs one); the
// company decides on a file transmitted to it (public.company_decide_candidature); the
// facilitator records the eligibility check (public.record_candidature_eligibility).
import { candidatureEligibilitySchema, companyDecisionSchema, transitionSchema } from '../domain/partner-forms.ts';
import { check, formAction } from './form.ts';

export const candidatures = {
  move: formAction(transitionSchema, async (d, { db }, context) => {
    check(context, await db.rpc('transition_candidature', {
      p_id: d.candidature_id, p_to: d.to, ...(d.reason ? { p_reason: d.reason } : {}),
    }));
    return { ok: '1' };
  }),
  // The facilitator records the eligibility check on the candidature (carried to the participant at hire).
  checkEligibility: formAction(candidatureEligibilitySchema, async (d, { db }, context) => {
    check(context, await db.rpc('record_candidature_eligibility', {
      p_candidature_id: d.candidature_id, p_retained: d.retained, p_proofs_seen: d.proofs_seen,
    }));
    return { ok: 'eligibilite' };
  }, { lists: ['retained', 'proofs_seen'] }),
  decide: formAction(companyDecisionSchema, async (d, { db }, context) => {
    check(context, await db.rpc('company_decide_candidature', {
      p_candidature_id: d.candidature_id, p_decision: d.decision, ...(d.reason ? { p_reason: d.reason } : {}),
    }));
    return { ok: d.decision === 'hired' ? 'recrute' : 'non-retenu' };
  }),
};

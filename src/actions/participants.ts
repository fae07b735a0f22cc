// The facilitator's forms of a participant's file (/espace/participants/[id]/): the eligibility
// check (public.record_eligibility_check) and a situation at an exit milestone
// (public.record_participant_exit). Each is one rpc.
import { eligibilitySchema, exitSchema } from '../domain/partner-forms.ts';
import { check, formAction, routeId } from './form.ts';

export const participants = {
  checkEligibility: formAction(eligibilitySchema, async ({ eligibility }, { db }, context) => {
    check(context, await db.rpc('record_eligibility_check', { p_participant_id: routeId(context), p_eligibility: eligibility }));
    return { ok: 'eligibilite' };
  }, { lists: ['eligibility'] }),
  recordExit: formAction(exitSchema, async (d, { db }, context) => {
    check(context, await db.rpc('record_participant_exit', {
      p_participant_id: routeId(context), p_milestone: d.milestone, p_situation: d.situation, p_observed_on: d.observed_on,
    }));
    return { ok: `sortie-${d.milestone}` };
  }),
};

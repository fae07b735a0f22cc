// The SIAE's answer on a sub-contracted amount that names it (/espace/sous-traitance/,
// DOMAIN.md §5): confirm the amount, or dispute it with a reason, until the facilitator
// validates the line (public.confirm_subcontracting).
import { subcontractingConfirmationSchema } from '../domain/partner-forms.ts';
import { check, formAction } from './form.ts';

export const subcontracting = {
  answer: formAction(subcontractingConfirmationSchema, async (d, { db }, context) => {
    check(context, await db.rpc('confirm_subcontracting', {
      p_declaration_id: d.declaration_id, p_decision: d.decision, ...(d.reason ? { p_reason: d.reason } : {}),
    }));
    return { ok: d.decision };
  }),
};

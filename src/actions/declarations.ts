// The facilitator's review of declared hours (/espace/declarations/): validate, or reject with a
// reason (public.review_hour_declaration, which refuses a disputed sub-contracting line).
import { reviewSchema } from '../domain/partner-forms.ts';
import { check, formAction } from './form.ts';

export const declarations = {
  review: formAction(reviewSchema, async (d, { db }, context) => {
    check(context, await db.rpc('review_hour_declaration', {
      p_declaration_id: d.declaration_id, p_decision: d.decision, ...(d.reason ? { p_reason: d.reason } : {}),
    }));
    // The list the facilitator was reading: its filter is in the address the form posted to.
    const status = context.url.searchParams.get('statut') ?? 'submitted';
    return { ok: d.decision, to: `/espace/declarations/?statut=${encodeURIComponent(status)}&ok=${d.decision}` };
  }),
};

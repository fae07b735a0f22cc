// The facilitator's forms of the markets: create one (/espace/marches/); on one market's page
// (/espace/marches/[id]/), edit or close it, create, publish or close its job offers, assign a
// participant to it or take one off. Each is one rpc,
// one transaction; the database decides who may (RLS and the functions' own checks).
import { z } from 'zod';
import { jobOfferSchema, marketAssignmentSchema, marketEditSchema, marketSchema } from '../domain/partner-forms.ts';
import { check, formAction, routeId } from './form.ts';

/** The figures the hours due are computed from, those typed (an empty one is not sent: null in the database). */
function sizing(d: { estimated_amount_ht?: number | undefined; labour_share?: number | undefined; insertion_rate?: number | undefined; hourly_cost?: number | undefined }) {
  return {
    ...(d.estimated_amount_ht !== undefined ? { p_estimated_amount_ht: d.estimated_amount_ht } : {}),
    ...(d.labour_share !== undefined ? { p_labour_share: d.labour_share } : {}),
    ...(d.insertion_rate !== undefined ? { p_insertion_rate: d.insertion_rate } : {}),
    ...(d.hourly_cost !== undefined ? { p_hourly_cost: d.hourly_cost } : {}),
  };
}

const offerSchema = z.object({ offer_id: z.guid('Offre inconnue.') });
// The id comes from a hidden field of the list: a bad one is a tampered form, not a field to correct.
const removalSchema = z.object({ participant_id: z.guid('Participant inconnu.') });

export const markets = {
  create: formAction(marketSchema, async (d, { db }, context) => {
    check(context, await db.rpc('create_market', {
      p_territory_slug: d.territory, p_title: d.title, p_buyer_id: d.buyer_id, p_clause_type: d.clause_type,
      ...(d.company_id ? { p_company_id: d.company_id } : {}),
      ...sizing(d),
      ...(d.hours_due !== undefined ? { p_hours_due: d.hours_due } : {}),
      ...(d.starts_on ? { p_starts_on: d.starts_on } : {}), ...(d.ends_on ? { p_ends_on: d.ends_on } : {}),
    }));
    return { ok: '1' };
  }),
  update: formAction(marketEditSchema, async (d, { db }, context) => {
    check(context, await db.rpc('update_market', {
      p_market_id: routeId(context), p_title: d.title, p_clause_type: d.clause_type,
      ...(d.company_id ? { p_company_id: d.company_id } : {}),
      ...sizing(d),
      ...(d.hours_due !== undefined ? { p_hours_due: d.hours_due } : {}),
      ...(d.starts_on ? { p_starts_on: d.starts_on } : {}), ...(d.ends_on ? { p_ends_on: d.ends_on } : {}),
    }));
    return { ok: 'modifie' };
  }),
  close: formAction(z.object({}), async (_, { db }, context) => {
    check(context, await db.rpc('close_market', { p_market_id: routeId(context) }));
    return { ok: 'clos' };
  }),
  createOffer: formAction(jobOfferSchema, async (d, { db }, context) => {
    check(context, await db.rpc('create_job_offer', {
      p_market_id: routeId(context), p_idempotency_key: d.idempotency_key, p_trade: d.trade, p_place: d.place, p_contract_type: d.contract_type,
      p_description: d.description, p_positions: d.positions, p_company_anonymous: d.company_anonymous, p_publish: d.publish,
      ...(d.hours_per_week !== undefined ? { p_hours_per_week: d.hours_per_week } : {}),
      ...(d.duration_weeks !== undefined ? { p_duration_weeks: d.duration_weeks } : {}),
      ...(d.starts_on ? { p_starts_on: d.starts_on } : {}), ...(d.closes_on ? { p_closes_on: d.closes_on } : {}),
    }));
    return { ok: 'offre' };
  }),
  publishOffer: formAction(offerSchema, async ({ offer_id }, { db }, context) => {
    check(context, await db.rpc('set_job_offer_status', { p_offer_id: offer_id, p_status: 'published' }));
    return { ok: 'publiee' };
  }),
  closeOffer: formAction(offerSchema, async ({ offer_id }, { db }, context) => {
    check(context, await db.rpc('set_job_offer_status', { p_offer_id: offer_id, p_status: 'closed' }));
    return { ok: 'close' };
  }),
  assignParticipant: formAction(marketAssignmentSchema, async ({ participant_id }, { db }, context) => {
    check(context, await db.rpc('assign_participant', { p_market_id: routeId(context), p_participant_id: participant_id }));
    return { ok: 'affecte' };
  }),
  unassignParticipant: formAction(removalSchema, async ({ participant_id }, { db }, context) => {
    check(context, await db.rpc('unassign_participant', { p_market_id: routeId(context), p_participant_id: participant_id }));
    return { ok: 'retire' };
  }),
};

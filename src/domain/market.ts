// The JSON shape of one market as `api.get_market` returns it, checked when it is read.
import { z } from 'zod';

const amount = z.number().nullable();

export const marketOfferSchema = z.object({
  id: z.string(), trade: z.string(), place: z.string(), contract_type: z.string(),
  hours_per_week: amount, duration_weeks: amount, positions: z.number(),
  starts_on: z.string().nullable(), closes_on: z.string().nullable(), company_anonymous: z.boolean(), status: z.string(),
  published_at: z.string().nullable(), candidatures: z.number(),
});

export const marketDetailSchema = z.object({
  id: z.string(), title: z.string(), status: z.string(), clause_type: z.string(), territory_slug: z.string(), buyer_name: z.string(),
  company_id: z.string().nullable(), company_name: z.string().nullable(), estimated_amount_ht: amount, labour_share: amount,
  insertion_rate: amount, hourly_cost: amount, hours_due: amount, hours_due_overridden: z.boolean(),
  starts_on: z.string().nullable(), ends_on: z.string().nullable(), decp_id: z.string().nullable(), hours_validated: z.number(),
  offers: z.array(marketOfferSchema),
});

export type MarketDetail = z.infer<typeof marketDetailSchema>;

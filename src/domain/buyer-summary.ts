// The JSON shape of a buyer's yearly summary as `public.buyer_year_summary` returns it, checked
// when it is read. A count of people below the territory's threshold is null (never shown).
import { z } from 'zod';

export const buyerYearSummarySchema = z.object({
  year: z.number(),
  threshold: z.number(),
  markets: z.array(z.object({
    id: z.string(),
    title: z.string(),
    company_name: z.string().nullable(),
    hours_due: z.number().nullable(),
    hours_validated_year: z.number(),
    hours_validated_to_date: z.number(),
    people: z.number().nullable(),
  })),
  totals: z.object({
    markets: z.number(),
    hours_due: z.number().nullable(),
    hours_due_unknown: z.number(),
    hours_validated_year: z.number(),
    hours_validated_to_date: z.number(),
    companies: z.number(),
    people: z.number().nullable(),
  }),
});

export type BuyerYearSummary = z.infer<typeof buyerYearSummarySchema>;

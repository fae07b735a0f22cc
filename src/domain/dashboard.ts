// The JSON shape of the facilitator's dashboard as `public.facilitator_dashboard` returns it,
// checked when it is read: running markets, lines waiting for validation, markets with nothing
// declared for last month, candidatures to study, exits at 6 or 12 months due within 30 days.
import { z } from 'zod';

export const facilitatorDashboardSchema = z.object({
  markets: z.array(z.object({
    id: z.string(),
    title: z.string(),
    company: z.string().nullable(),
    hours_due: z.number().nullable(),
    hours_validated: z.number(),
    status: z.string(),
  })),
  declarations_waiting: z.number(),
  late: z.array(z.object({ market_id: z.string(), title: z.string(), company: z.string().nullable(), month: z.string() })),
  candidatures_waiting: z.number(),
  exits_due: z.array(z.object({ participant_id: z.string(), name: z.string(), milestone: z.string(), due_on: z.string() })),
});

export type FacilitatorDashboard = z.infer<typeof facilitatorDashboardSchema>;

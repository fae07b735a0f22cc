// The JSON shape of a participant's file as `api.participant_file` returns it, checked when read.
import { z } from 'zod';

export const participantFileSchema = z.object({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  birth_year: z.number().nullable(),
  sex: z.string().nullable(),
  commune: z.string().nullable(),
  qpv: z.boolean(),
  qualification_level: z.string().nullable(),
  has_training: z.boolean(),
  eligibility: z.array(z.string()),
  eligibility_checked_at: z.string().nullable(),
  eligibility_checked_by_me: z.boolean().nullable(),
  eligibility_checked_by_known: z.boolean(),
  parcours_started_on: z.string(),
  parcours_ended_on: z.string().nullable(),
  exits_from: z.string().nullable(),
  parcours: z.array(z.object({
    market_title: z.string(),
    company_name: z.string().nullable(),
    month: z.string(),
    hours_validated: z.number(),
    hours_pending: z.number(),
    modes: z.array(z.string()),
  })),
  exits: z.array(z.object({
    milestone: z.string(),
    observed_on: z.string(),
    situation: z.string(),
    category: z.string(),
  })),
});


export type ParticipantFile = z.infer<typeof participantFileSchema>;

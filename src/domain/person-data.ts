// An access request (RGPD art. 15, DOMAIN.md §11): the search form (an e-mail, or a first and a
// last name; public.export_person_data says which is missing) and the JSON shape of what
// `public.export_person_data` returns, checked when it is read. The objects keep any key the
// schema does not name: the file handed to the person must hold everything the function returns.
import { z } from 'zod';

export const personSearchSchema = z.object({
  email: z.string().trim().default(''),
  first_name: z.string().trim().default(''),
  last_name: z.string().trim().default(''),
  /** The file handed out: a workbook for the person to read, or the JSON as the database returns it. */
  format: z.enum(['xlsx', 'json']).catch('xlsx'),
});

const text = z.string().nullable();

const candidatureSchema = z.looseObject({
  reference: z.string(),
  created_at: z.string(),
  status: z.string(),
  refusal_reason: text,
  first_name: z.string(),
  last_name: z.string(),
  email: text,
  phone: text,
  commune: text,
  eligibility: z.array(z.string()),
  availability: text,
  mobility: z.array(z.string()),
  message: text,
  cv_held: z.boolean(),
  submitted_by: z.string(),
  prescriber: z.looseObject({ organisation: text, name: text, email: text }).nullable(),
  job_offer: text,
  log: z.array(z.looseObject({ from: text, to: z.string(), reason: text, at: z.string() })),
});

const participantSchema = z.looseObject({
  first_name: z.string(),
  last_name: z.string(),
  birth_year: z.number().nullable(),
  sex: text,
  commune: text,
  qpv: z.boolean(),
  qualification_level: text,
  eligibility: z.array(z.string()),
  eligibility_checked_at: text,
  parcours_started_on: z.string(),
  parcours_ended_on: text,
  has_training: z.boolean(),
  markets: z.array(z.looseObject({ market: z.string(), assigned_on: z.string() })),
  hours: z.array(z.looseObject({ market: z.string(), month: z.string(), mode: z.string(), hours: z.number(), status: z.string() })),
  exits: z.array(z.looseObject({ milestone: z.string(), observed_on: z.string(), situation: z.string() })),
});

export const personDataSchema = z.looseObject({
  exported_at: z.string(),
  candidatures: z.array(candidatureSchema),
  participants: z.array(participantSchema),
});

export type PersonData = z.infer<typeof personDataSchema>;

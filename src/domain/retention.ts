// The JSON shape of the nightly retention run as `public.purge_personal_data` returns it
// (supabase/schemas/09_personal_data_retention.sql): counts, and the private paths of the CVs
// whose candidatures were deleted (the files are removed afterwards), checked when it is read.
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const purgeResultSchema = z.object({
  candidatures_deleted: count,
  participants_anonymised: count,
  audit_entries_deleted: count,
  emails_deleted: count,
  cv_paths: z.array(z.string()),
});

export type PurgeResult = z.infer<typeof purgeResultSchema>;

// The two steps of a DECP import (src/domain/decp.ts) as forms: the confirmed selection as
// posted back, the JSON shape of what `public.import_decp_markets` returns (checked when it is
// read), and the counts the page shows after the import.
import { z } from 'zod';
import { DECP_MAX_BYTES, type DecpParseResult } from './decp.ts';

/** Shown for a file above DECP_MAX_BYTES, whether the action or Astro's body limit stops it. */
export const DECP_TOO_LARGE = `Ce fichier dépasse ${DECP_MAX_BYTES / 1024 / 1024} Mo : importez l’extrait des marchés de votre territoire.`;

/** What the first step read from the file, shown before anything is created. */
export type DecpPreview = Omit<Extract<DecpParseResult, { ok: true }>, 'ok'> & { file_name: string };

/** The preview's form: the markets read from the file (JSON) and the boxes left ticked. */
export const decpConfirmSchema = z.object({
  payload: z.string().default(''),
  selected: z.array(z.string()),
});

export const decpImportResultSchema = z.object({
  created: z.array(z.object({ decp_id: z.string(), id: z.string() })),
  skipped: z.array(z.object({ decp_id: z.string(), reason: z.string() })),
  organisations_created: z.number(),
});

export type DecpImportResult = z.infer<typeof decpImportResultSchema>;

/** The counts of an import, as the page's query after it (crees, organisations, deja, ailleurs). */
export function importCounts(result: DecpImportResult): URLSearchParams {
  const already = result.skipped.filter((s) => s.reason === 'already_imported').length;
  return new URLSearchParams({
    crees: String(result.created.length),
    organisations: String(result.organisations_created),
    deja: String(already),
    ailleurs: String(result.skipped.length - already),
  });
}

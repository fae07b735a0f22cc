// The published figures of one territory and year, as frozen by app.compute_publication_figures.
// null = statistical secret (a count of persons below the threshold, or a figure about too few
// companies): pages show it as such, never as zero. `revision_retenue` lists the counts of persons
// that kept the previous version's value (docs/decisions/2026-12-03-publication-revisions.md).
import { z } from 'zod';

const count = z.number().nullable();

const exits = z.object({
  emploi_durable: count,
  emploi_transition: count,
  sortie_positive: count,
  sorties_dynamiques: count,
});

export const publicationFiguresSchema = z.object({
  version_schema: z.literal(1),
  territoire: z.object({ slug: z.string(), nom: z.string() }),
  annee: z.number().int(),
  seuil_secret: z.number().int(),
  heures: z.object({
    realisees_dans_l_annee: count,
    dues_marches_en_cours: z.number(),
    marches_sans_heures_dues: z.number().int(),
    realisees_a_date_marches_en_cours: count,
  }),
  participants: z.object({
    total: count,
    par_sexe: z.record(z.string(), count),
    par_age: z.record(z.string(), count),
    publics: z.record(z.string(), count),
  }),
  organisations: z.object({
    marches: z.number().int(),
    acheteurs: z.number().int(),
    entreprises: z.number().int(),
    siae: z.number().int(),
  }),
  sorties: z.object({ fin_de_parcours: exits, a_6_mois: exits, a_12_mois: exits }),
  operations: z.array(z.object({
    nom: z.string(),
    heures_dues: z.number(),
    heures_dues_communiquees: z.boolean(),
    heures_realisees: count,
    participants: count,
  })),
  secret_statistique: z.array(z.string()),
  // Counts of persons held at the previous version's value when the year was published again
  // (they moved by fewer than K persons against a version already published); absent before the
  // rule and in figures reported as they were published.
  revision_retenue: z.array(z.string()).optional(),
});

export type PublicationFigures = z.infer<typeof publicationFiguresSchema>;

/** Progress of realised hours against hours due; null when either is unknown or secret. */
export function progress(realised: number | null, due: number | null): number | null {
  if (realised == null || due == null || due <= 0) return null;
  return realised / due;
}

// Build time: the publications of a territory in the shape of its open-data JSON
// (/donnees/<territoire>.json, src/pages/donnees/[fichier].ts), which is what the widget reads.
import { listPublishedResults, type PublishedResult } from '../../server/public-data.ts';
import type { OpenDataPublication } from '../../widget/data.ts';

export function asOpenData(r: PublishedResult): OpenDataPublication {
  return {
    territoire: r.territorySlug,
    territoire_nom: r.territoryName,
    annee: r.year,
    version: r.version,
    date_publication: r.publishedAt,
    note: r.sourceNote,
    indicateurs: r.figures,
  };
}

export async function widgetPublications(territorySlug: string): Promise<OpenDataPublication[]> {
  return (await listPublishedResults(territorySlug)).map(asOpenData);
}

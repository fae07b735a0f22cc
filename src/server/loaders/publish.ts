// What /espace/publier/ shows: exactly what would be public for the year (public.
// preview_publication, suppression applied), the version it would become (the territory's
// versions already published, public.list_published_results) and what to know before
// publishing (src/domain/publish-safeguards.ts): the year not over, lines still waiting.
import { parisToday } from '../../domain/format.ts';
import { publicationFiguresSchema } from '../../domain/publication.ts';
import { publishWarnings, nextVersion } from '../../domain/publish-safeguards.ts';
import { listPublishedResults } from '../public-data.ts';
import type { PartnerSession } from '../session.ts';

export async function loadPublishPage({ db }: PartnerSession, territory: string, year: number, now: Date) {
  const [preview, published, pending] = await Promise.all([
    db.rpc('preview_publication', { p_territory_slug: territory, p_year: year }),
    listPublishedResults(territory),
    db.rpc('list_declarations', { p_status: 'submitted' }),
  ]);
  const figures = preview.data ? publicationFiguresSchema.safeParse(preview.data) : null;
  const publishedVersions = published.find((r) => r.year === year)?.version ?? 0;
  const pendingLines = (pending.data ?? []).filter((l) => l.month.startsWith(`${year}-`)).length;
  const context = { year, today: parisToday(now), publishedVersions, pendingLines };
  return { figures: figures?.success ? figures.data : null, version: nextVersion(context), warnings: publishWarnings(context) };
}

// Reads behind the public pages, made at build time with the anonymous client.
// Pages read only publications (frozen aggregates) and settings, never live tables.
import { anonClient } from './supabase.ts';
import { isSiteBuild } from './env.ts';
import { publicationFiguresSchema, type PublicationFigures } from '../domain/publication.ts';
import { siteSettingsSchema, type SiteSettings } from '../domain/site-settings.ts';
import { parseRpcResult } from './errors.ts';
import { allRows } from './paged-rpc.ts';

export type { SiteSettings };

export interface PublishedResult {
  territorySlug: string;
  territoryName: string;
  year: number;
  version: number;
  source: string;
  sourceNote: string | null;
  publishedAt: string;
  figures: PublicationFigures;
}

function fail(what: string, error: { message: string }): never {
  throw new Error(`Lecture impossible (${what}) : ${error.message}`);
}

// While the site builds, every prerendered page reads the same publications, territories and
// settings: they are read once per build (one round trip each to Supabase, not one per page),
// so the build grows linearly with the number of pages. Rendered on demand (dev server, offers),
// each request reads afresh.
const buildReads = new Map<string, Promise<unknown>>();
function oncePerBuild<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (!isSiteBuild()) return read();
  let pending = buildReads.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = read();
    buildReads.set(key, pending);
    pending.catch(() => buildReads.delete(key));
  }
  return pending;
}

export function getSiteSettings(): Promise<SiteSettings> {
  return oncePerBuild('settings', async () => {
    const { data, error } = await anonClient().rpc('get_site_settings');
    if (error) fail('réglages du site', error);
    return parseRpcResult('get_site_settings', siteSettingsSchema, data);
  });
}

// The lists below can pass Supabase's max_rows (1,000 rows a request): read page by page.
async function readTerritories() {
  const { data, error } = await allRows((from, to) => anonClient().rpc('list_territories').range(from, to));
  if (error) fail('territoires', error);
  return data;
}

export function listTerritories(): ReturnType<typeof readTerritories> {
  return oncePerBuild('territories', readTerritories);
}

/** Every territory's publications, or one territory's (filtered in SQL, or from the build's one read). */
export async function listPublishedResults(territorySlug?: string): Promise<PublishedResult[]> {
  if (isSiteBuild()) {
    const all = await oncePerBuild('publications', () => readPublishedResults());
    if (!territorySlug) return all;
    // Grouped once, so that each territory's pages find theirs without scanning every row.
    const byTerritory = await oncePerBuild('publications by territory', async () => Map.groupBy(all, (r) => r.territorySlug));
    return byTerritory.get(territorySlug) ?? [];
  }
  return readPublishedResults(territorySlug);
}

async function readPublishedResults(territorySlug?: string): Promise<PublishedResult[]> {
  const args = territorySlug ? { p_territory_slug: territorySlug } : {};
  const { data, error } = await allRows((from, to) => anonClient().rpc('list_published_results', args).range(from, to));
  if (error) fail('résultats publiés', error);
  return data.map((row) => ({
    territorySlug: row.territory_slug ?? '',
    territoryName: row.territory_name ?? '',
    year: row.year ?? 0,
    version: row.version ?? 1,
    source: row.source ?? 'computed',
    sourceNote: row.source_note,
    publishedAt: row.published_at ?? '',
    figures: publicationFiguresSchema.parse(row.figures),
  }));
}

export async function listOpenJobOffers(filters: { territory?: string | undefined; trade?: string | undefined }) {
  const args = {
    ...(filters.territory ? { p_territory_slug: filters.territory } : {}),
    ...(filters.trade ? { p_trade: filters.trade } : {}),
  };
  const { data, error } = await allRows((from, to) => anonClient().rpc('list_open_job_offers', args).range(from, to));
  if (error) fail('offres d’emploi', error);
  return data;
}

export async function getJobOffer(id: string) {
  const { data, error } = await anonClient().rpc('get_job_offer', { p_id: id });
  if (error) fail('offre d’emploi', error);
  return data[0] ?? null;
}

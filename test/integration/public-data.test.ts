// The public site's reads (src/server/public-data.ts) past Supabase's max_rows: PostgREST cuts a
// set at 1,000 rows, silently, so the build must read every page. 1,100 territories published
// (names shared by a hundred each: only the slug tells them apart, as a page boundary must) and
// 1,050 open job offers, inserted set-based as the superuser like test/bench/site-build.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalSupabase, type LocalSupabaseForTests } from '../support/local-supabase.ts';
import { listOpenJobOffers, listPublishedResults, listTerritories } from '../../src/server/public-data.ts';

const TERRITORIES = 1100;
const OFFERS = 1050;

let local: LocalSupabaseForTests;
let counts: { territories: number; publications: number; offers: number };
beforeAll(async () => {
  local = await useLocalSupabase();
  await local.db.exec(`
    insert into app.territories (slug, name, kind, description, member_areas, is_demo)
    select 'essai-' || lpad(n::text, 4, '0'), 'Territoire d''essai ' || (n % 11), 'epci',
           'Territoire inventé pour lire plus de lignes que max_rows.', array['Commune ' || n], true
    from generate_series(1, ${TERRITORIES}) n;

    insert into app.publications (territory_id, year, version, figures, source, published_at)
    select t.id, 2025, 1, jsonb_set(p.figures, '{territoire}', jsonb_build_object('slug', t.slug, 'nom', t.name)), 'computed', now()
    from app.territories t,
         (select p.figures from app.publications p join app.territories d on d.id = p.territory_id
          where d.slug = 'dieppe-maritime' and p.year = 2025 and p.version = 1) p
    where t.slug like 'essai-%';

    insert into app.job_offers (market_id, territory_id, trade, place, contract_type, status, published_at, closes_on, is_demo)
    select m.id, m.territory_id, 'Métier d''essai', 'Dieppe', 'cdd', 'published', timestamptz '2026-11-01 10:00+01', null, true
    from generate_series(1, ${OFFERS}) n, (select id, territory_id from app.markets order by id limit 1) m;`);
  counts = (await local.db.query<typeof counts>(`
    select (select count(*)::int from app.territories) as territories,
           (select count(*)::int from public.published_results) as publications,
           (select count(*)::int from app.job_offers where status = 'published' and (closes_on is null or closes_on >= current_date)) as offers`)).rows[0]!;
});
afterAll(async () => {
  await local.close();
});

describe('reads past max_rows', () => {
  it('a set-returning rpc without a range gets exactly max_rows (1,000) rows', async () => {
    const { data, error, status } = await local.anon().rpc('list_territories');
    expect([error, status, data?.length]).toEqual([null, 200, 1000]);
    expect(counts.territories).toBeGreaterThan(1000);
  });

  it('the build reads every territory, each once', async () => {
    const territories = await listTerritories();
    const slugs = territories.map((t) => t.slug);
    expect(slugs).toHaveLength(counts.territories);
    expect(new Set(slugs).size).toBe(counts.territories);
    for (const n of [1, 500, 1000, 1001, TERRITORIES]) expect(slugs).toContain(`essai-${String(n).padStart(4, '0')}`);
  });

  it('the build reads every territory’s publications, each once', async () => {
    const results = await listPublishedResults();
    expect(counts.publications).toBeGreaterThan(1000);
    expect(results).toHaveLength(counts.publications);
    expect(new Set(results.map((r) => `${r.territorySlug} ${r.year}`)).size).toBe(counts.publications);
    expect(results.filter((r) => r.territorySlug.startsWith('essai-'))).toHaveLength(TERRITORIES);
    expect(await listPublishedResults('essai-1100')).toMatchObject([{ territorySlug: 'essai-1100', year: 2025 }]);
  });

  it('the offers page reads every open offer, each once', async () => {
    const offers = await listOpenJobOffers({});
    expect(counts.offers).toBeGreaterThan(1000);
    expect(offers).toHaveLength(counts.offers);
    expect(new Set(offers.map((o) => o.id)).size).toBe(counts.offers);
  });
});

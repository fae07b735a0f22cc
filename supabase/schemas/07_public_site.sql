-- Public site: what everyone reads (site settings, territories, published results, open offers).
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Public API, reads for everyone: site settings, territories, publications, open job offers.
-- Views are security_invoker so the caller's RLS applies; functions are SECURITY INVOKER.
-- The lists are read page by page (PostgREST caps a set at max_rows, src/server/paged-rpc.ts):
-- each orders its rows completely and uniquely (slug, id last), so no page boundary drops or
-- repeats a row.

-- Distinct on the slug, not the territory id: a filter on territory_slug (one territory's page)
-- then reaches the tables before the latest versions are picked, instead of after every
-- territory's were computed.
create view public.published_results with (security_invoker = true) as
select distinct on (t.slug, p.year)
  t.slug as territory_slug,
  t.name as territory_name,
  p.year,
  p.version,
  p.source,
  p.source_note,
  p.published_at,
  p.figures
from app.publications p
join app.territories t on t.id = p.territory_id
order by t.slug, p.year, p.version desc;
comment on view public.published_results is 'Dernière version publiée des résultats de chaque territoire, par année.';
revoke all on public.published_results from anon, authenticated;
grant select on public.published_results to anon, authenticated;

create or replace function public.get_site_settings() returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'site_name', s.site_name, 'tagline', s.tagline, 'logo_url', s.logo_url,
    'color_primary', s.color_primary, 'color_accent', s.color_accent,
    'publisher_name', s.publisher_name, 'contact_email', s.contact_email,
    'accessibility_status', s.accessibility_status, 'accessibility_audit_date', s.accessibility_audit_date,
    'dpo_contact', s.dpo_contact, 'publisher_address', s.publisher_address,
    'publication_director', s.publication_director, 'host_name', s.host_name, 'host_address', s.host_address)
  from app.site_settings s
$$;
grant execute on function public.get_site_settings() to anon, authenticated;

create or replace function public.list_territories()
returns table (
  slug text, name text, kind text, description text, member_areas text[],
  facilitator_contact_name text, facilitator_contact_email text, facilitator_contact_phone text,
  color_primary text, color_accent text, logo_url text, published_years int[], retention_candidate_months int,
  residence_required boolean, qpv_priority boolean
)
language sql stable
set search_path = ''
as $$
  -- The eligibility rules a territory adds are public: the self-check page tells them to job seekers.
  select t.slug, t.name, t.kind, t.description, t.member_areas,
         t.facilitator_contact_name, t.facilitator_contact_email, t.facilitator_contact_phone,
         t.color_primary, t.color_accent, t.logo_url,
         coalesce((select array_agg(distinct p.year order by p.year) from app.publications p where p.territory_id = t.id), '{}'),
         t.retention_candidate_months, t.residence_required, t.qpv_priority
  from app.territories t
  order by t.name, t.slug
$$;
grant execute on function public.list_territories() to anon, authenticated;

create or replace function public.list_published_results(p_territory_slug text default null)
returns setof public.published_results
language sql stable
set search_path = ''
as $$
  select * from public.published_results r
  where p_territory_slug is null or r.territory_slug = p_territory_slug
  order by r.territory_name, r.territory_slug, r.year desc
$$;
grant execute on function public.list_published_results(text) to anon, authenticated;

create or replace function public.list_open_job_offers(p_territory_slug text default null, p_trade text default null)
returns table (
  id uuid, territory_slug text, territory_name text, trade text, description text, place text,
  contract_type text, hours_per_week numeric, duration_weeks int, positions int, starts_on date,
  company_name text, published_at timestamptz, closes_on date
)
language sql stable
set search_path = ''
as $$
  select o.id, t.slug, t.name, o.trade, o.description, o.place, o.contract_type, o.hours_per_week,
         o.duration_weeks, o.positions, o.starts_on,
         case when o.company_anonymous then null else o.company_public_name end,
         o.published_at, o.closes_on
  from app.job_offers o
  join app.territories t on t.id = o.territory_id
  where o.status = 'published'
    and (o.closes_on is null or o.closes_on >= current_date)
    and (p_territory_slug is null or t.slug = p_territory_slug)
    -- « macon » finds « Maçon·ne »: case and accents ignored on both sides (the dictionary named,
    -- since the function's search_path is empty).
    and (p_trade is null or extensions.unaccent('extensions.unaccent', lower(o.trade)) like '%' || extensions.unaccent('extensions.unaccent', lower(p_trade)) || '%')
  order by o.published_at desc nulls last, o.trade, o.id
$$;
grant execute on function public.list_open_job_offers(text, text) to anon, authenticated;

-- What the legal notice of a public body's site names beyond the publisher: its postal address,
-- the publication director, and the host with its address. Deployment settings, filled from the
-- SQL editor like the others (README); the page says « à compléter » while they are empty.

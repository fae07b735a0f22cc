SET local check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.list_open_job_offers (
  p_territory_slug text DEFAULT NULL::text,
  p_trade          text DEFAULT NULL::text
)
  RETURNS TABLE (
    id             uuid,
    territory_slug text,
    territory_name text,
    trade          text,
    description    text,
    place          text,
    contract_type  text,
    hours_per_week numeric,
    duration_weeks integer,
    positions      integer,
    starts_on      date,
    company_name   text,
    published_at   timestamp with time zone,
    closes_on      date
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select o.id, t.slug, t.name, o.trade, o.description, o.place, o.contract_type, o.hours_per_week,
         o.duration_weeks, o.positions, o.starts_on,
         case when o.company_anonymous then null else o.company_public_name end,
         o.published_at, o.closes_on
  from app.job_offers o
  join app.territories t on t.id = o.territory_id
  where o.status = 'published'
    and (o.closes_on is null or o.closes_on >= current_date)
    and (p_territory_slug is null or t.slug = p_territory_slug)
    and (p_trade is null or o.trade ilike '%' || p_trade || '%')
  order by o.published_at desc nulls last, o.trade, o.id
$function$;

CREATE OR REPLACE FUNCTION public.list_published_results (
  p_territory_slug text DEFAULT NULL::text
)
  RETURNS SETOF public.published_results
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select * from public.published_results r
  where p_territory_slug is null or r.territory_slug = p_territory_slug
  order by r.territory_name, r.territory_slug, r.year desc
$function$;

CREATE OR REPLACE FUNCTION public.list_territories()
  RETURNS TABLE (
    slug                       text,
    name                       text,
    kind                       text,
    description                text,
    member_areas               text[],
    facilitator_contact_name   text,
    facilitator_contact_email  text,
    facilitator_contact_phone  text,
    color_primary              text,
    color_accent               text,
    logo_url                   text,
    published_years            integer[],
    retention_candidate_months integer
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select t.slug, t.name, t.kind, t.description, t.member_areas,
         t.facilitator_contact_name, t.facilitator_contact_email, t.facilitator_contact_phone,
         t.color_primary, t.color_accent, t.logo_url,
         coalesce((select array_agg(distinct p.year order by p.year) from app.publications p where p.territory_id = t.id), '{}'),
         t.retention_candidate_months
  from app.territories t
  order by t.name, t.slug
$function$;

SET local check_function_bodies = off;

-- Written by hand (the schema diff does not compare extensions): supabase/schemas/00_conventions.sql.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA extensions;
GRANT EXECUTE ON FUNCTION extensions.unaccent(regdictionary, text) TO anon, authenticated;

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
    -- « macon » finds « Maçon·ne »: case and accents ignored on both sides (the dictionary named,
    -- since the function's search_path is empty).
    and (p_trade is null or extensions.unaccent('extensions.unaccent', lower(o.trade)) like '%' || extensions.unaccent('extensions.unaccent', lower(p_trade)) || '%')
  order by o.published_at desc nulls last, o.trade, o.id
$function$;

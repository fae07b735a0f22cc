SET local check_function_bodies = off;

-- Written by hand (the schema diff does not compare extensions): supabase/schemas/00_conventions.sql.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
-- The service role's writes to participants (the retention job) compute their search_name too.
GRANT EXECUTE ON FUNCTION extensions.unaccent(regdictionary, text) TO service_role;


DROP FUNCTION "public"."list_participants"();

CREATE OR REPLACE FUNCTION app.search_key (
  p_text text
)
  RETURNS text
  LANGUAGE sql
  IMMUTABLE
  PARALLEL SAFE
  SET search_path TO ''
  AS $function$
  select extensions.unaccent('extensions.unaccent'::regdictionary, lower(p_text))
$function$;

CREATE OR REPLACE FUNCTION app.search_participants (
  p_search text
)
  RETURNS SETOF uuid
  LANGUAGE sql
  STABLE
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
  select p.id from app.participants p
  where p.search_name like app.search_pattern(p_search)
    and (p.territory_id in (select app.my_facilitated_territories()) or p.id in (select app.my_company_participants()))
$function$;

CREATE OR REPLACE FUNCTION app.search_pattern (
  p_text text
)
  RETURNS text
  LANGUAGE sql
  IMMUTABLE
  PARALLEL SAFE
  SET search_path TO ''
  AS $function$
  select '%' || replace(replace(replace(app.search_key(btrim(p_text)), '\', '\\'), '%', '\%'), '_', '\_') || '%'
$function$;

CREATE OR REPLACE FUNCTION public.list_participants (
  p_search         text    DEFAULT NULL::text,
  p_limit          integer DEFAULT 50,
  p_offset         integer DEFAULT 0,
  p_territory_slug text    DEFAULT NULL::text
)
  RETURNS TABLE (
    id                     uuid,
    first_name             text,
    last_name              text,
    territory_slug         text,
    eligibility            text[],
    eligibility_checked_at timestamp with time zone,
    parcours_started_on    date,
    parcours_ended_on      date,
    hours_validated        numeric,
    markets                integer
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  with page as (
    select p.id, p.territory_id, p.first_name, p.last_name, p.eligibility, p.eligibility_checked_at,
           p.parcours_started_on, p.parcours_ended_on
    from app.participants p
    where (nullif(btrim(p_search), '') is null or p.id in (select app.search_participants(p_search)))
      and (p_territory_slug is null or p.territory_id = (select t.id from app.territories t where t.slug = p_territory_slug))
    order by p.last_name, p.first_name, p.id
    limit p_limit offset greatest(coalesce(p_offset, 0), 0)
  )
  select p.id, p.first_name, p.last_name, t.slug, p.eligibility, p.eligibility_checked_at, p.parcours_started_on, p.parcours_ended_on,
         coalesce((select sum(v.hours) from app.validated_person_year_hours v where v.participant_id = p.id), 0),
         (select count(*)::int from (select a.market_id from app.market_assignments a where a.participant_id = p.id
                                     union
                                     select v.market_id from app.validated_person_year_hours v
                                     where v.participant_id = p.id and v.lines > 0) m)
  from page p
  join app.territories t on t.id = p.territory_id
  order by p.last_name, p.first_name, p.id
$function$;

REVOKE ALL ON FUNCTION "public"."list_participants"(text, integer, integer, text) FROM PUBLIC, "anon";

CREATE INDEX participants_name_idx ON app.participants USING btree (last_name, first_name, id);

CREATE POLICY "validated_person_year_hours_select" ON "app"."validated_person_year_hours"
  FOR SELECT
  TO "authenticated"
  USING
    (((market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)) OR (market_id IN ( SELECT app.my_company_markets() AS my_company_markets)) OR (market_id IN (
    SELECT app.my_buyer_markets() AS my_buyer_markets)) OR (employer_id IN ( SELECT app.my_organisations() AS my_organisations))));

REVOKE ALL ON FUNCTION "app"."search_key"(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."search_key"(text) TO "anon", "authenticated";

REVOKE ALL ON FUNCTION "app"."search_key"(text) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."search_key"(text) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."search_key"(text) TO "service_role";

REVOKE ALL ON FUNCTION "app"."search_participants"(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."search_participants"(text) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."search_participants"(text) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."search_participants"(text) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."search_participants"(text) TO "service_role";

REVOKE ALL ON FUNCTION "app"."search_pattern"(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."search_pattern"(text) TO "anon", "authenticated";

REVOKE ALL ON FUNCTION "app"."search_pattern"(text) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."search_pattern"(text) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."search_pattern"(text) TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."list_participants"(text, integer, integer, text) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."list_participants"(text, integer, integer, text) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_participants"(text, integer, integer, text) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_participants"(text, integer, integer, text) TO "service_role";

REVOKE ALL ON TABLE "app"."validated_person_year_hours" FROM "authenticated";

GRANT SELECT ON TABLE "app"."validated_person_year_hours" TO "authenticated";

ALTER TABLE "app"."participants"
  ADD COLUMN "search_name" text GENERATED ALWAYS AS (app.search_key(((first_name || ' '::text) || last_name))) STORED;

COMMENT ON COLUMN "app"."participants"."search_name" IS 'Prénom et nom en minuscules sans accents, pour la recherche d''une personne (« eloise » trouve « Éloïse »).';

CREATE INDEX participants_search_idx ON app.participants USING gin (search_name extensions.gin_trgm_ops);

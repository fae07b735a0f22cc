SET local check_function_bodies = off;

DROP FUNCTION "public"."list_territories"();

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
    retention_candidate_months integer,
    residence_required         boolean,
    qpv_priority               boolean
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  -- The eligibility rules a territory adds are public: the self-check page tells them to job seekers.
  select t.slug, t.name, t.kind, t.description, t.member_areas,
         t.facilitator_contact_name, t.facilitator_contact_email, t.facilitator_contact_phone,
         t.color_primary, t.color_accent, t.logo_url,
         coalesce((select array_agg(distinct p.year order by p.year) from app.publications p where p.territory_id = t.id), '{}'),
         t.retention_candidate_months, t.residence_required, t.qpv_priority
  from app.territories t
  order by t.name, t.slug
$function$;

REVOKE ALL ON FUNCTION "public"."list_territories"() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "public"."list_territories"() TO "anon", "authenticated";

REVOKE ALL ON FUNCTION "public"."list_territories"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_territories"() TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_territories"() TO "service_role";

SET local check_function_bodies = off;

DROP FUNCTION "public"."list_published_results"(text);

DROP VIEW "public"."published_results";

CREATE VIEW "public"."published_results" WITH (security_invoker=true) AS  SELECT DISTINCT ON (t.slug, p.year) t.slug AS territory_slug,
    t.name AS territory_name,
    p.year,
    p.version,
    p.source,
    p.source_note,
    p.published_at,
    p.figures
   FROM (app.publications p
     JOIN app.territories t ON ((t.id = p.territory_id)))
  ORDER BY t.slug, p.year, p.version DESC;

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
  order by r.territory_name, r.year desc
$function$;

COMMENT ON VIEW "public"."published_results" IS 'Dernière version publiée des résultats de chaque territoire, par année.';

REVOKE ALL ON FUNCTION "public"."list_published_results"(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "public"."list_published_results"(text) TO "anon", "authenticated";

REVOKE ALL ON FUNCTION "public"."list_published_results"(text) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_published_results"(text) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_published_results"(text) TO "service_role";

REVOKE ALL ON TABLE "public"."published_results" FROM "anon";

GRANT SELECT ON TABLE "public"."published_results" TO "anon";

REVOKE ALL ON TABLE "public"."published_results" FROM "authenticated";

GRANT SELECT ON TABLE "public"."published_results" TO "authenticated";

REVOKE ALL ON TABLE "public"."published_results" FROM "postgres";

GRANT DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "public"."published_results" TO "postgres";

GRANT DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "public"."published_results" TO "service_role";

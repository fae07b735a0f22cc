SET local check_function_bodies = off;

DROP FUNCTION "public"."publish_year"(text, integer);

ALTER TABLE "app"."publications"
  ADD COLUMN "idempotency_key" uuid;

CREATE OR REPLACE FUNCTION public.publish_year (
  p_territory_slug  text,
  p_year            integer,
  p_idempotency_key uuid    DEFAULT NULL::uuid
)
  RETURNS TABLE (
    publication_id uuid,
    version        integer,
    figures        jsonb
  )
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  v_territory_id uuid;
  next_version int;
  doc jsonb;
  new_id uuid := gen_random_uuid();
begin
  select t.id into v_territory_id from app.territories t
  where t.slug = p_territory_slug and t.id in (select app.my_facilitated_territories());
  if v_territory_id is null then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  if p_year > extract(year from current_date) or p_year < 2000 then
    perform app.fail('22023', 'year_invalid');
  end if;
  -- Serialise concurrent publications of the same territory.
  perform pg_advisory_xact_lock(hashtext('publish:' || v_territory_id::text));
  -- The same form sent twice (a double click, a retry after a timeout) gives back the version it
  -- created, not a second one.
  if p_idempotency_key is not null then
    return query select p.id, p.version, p.figures from app.publications p
      where p.idempotency_key = p_idempotency_key and p.territory_id = v_territory_id and p.year = p_year;
    if found then
      return;
    end if;
  end if;
  select coalesce(max(p.version), 0) + 1 into next_version
  from app.publications p where p.territory_id = v_territory_id and p.year = p_year;
  doc := app.publication_figures(v_territory_id, p_year);
  insert into app.publications (id, territory_id, year, version, figures, source, published_by, idempotency_key)
  values (new_id, v_territory_id, p_year, next_version, doc, 'computed', (select auth.uid()), p_idempotency_key);
  return query select new_id, next_version, doc;
end;
$function$;

REVOKE ALL ON FUNCTION "public"."publish_year"(text, integer, uuid) FROM PUBLIC, "anon";

ALTER TABLE "app"."publications"
  ADD CONSTRAINT "publications_idempotency_key_key" UNIQUE (idempotency_key);

COMMENT ON COLUMN "app"."publications"."idempotency_key" IS 'Clé d''idempotence du formulaire de publication : un double envoi ne crée pas deux versions.';

GRANT EXECUTE ON FUNCTION "public"."publish_year"(text, integer, uuid) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."publish_year"(text, integer, uuid) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."publish_year"(text, integer, uuid) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."publish_year"(text, integer, uuid) TO "service_role";

SET local check_function_bodies = off;

CREATE OR REPLACE FUNCTION app.held_value (
  latest jsonb,
  fresh  jsonb,
  path   text
)
  RETURNS jsonb
  LANGUAGE sql
  IMMUTABLE
  SET search_path TO ''
  AS $function$
  select case when (latest ->> path) is null or (latest ->> path)::numeric = (fresh ->> path)::numeric
              then 'null'::jsonb else latest -> path end
$function$;

CREATE OR REPLACE FUNCTION app.person_count_cells (
  doc jsonb
)
  RETURNS TABLE (
    path     text,
    location text[],
    value    jsonb
  )
  LANGUAGE sql
  IMMUTABLE
  SET search_path TO ''
  AS $function$
  with cells as (
    select 'participants.total' as path, array['participants', 'total'] as location, doc #> '{participants,total}' as value
    union all
    select 'participants.' || g || '.' || e.key, array['participants', g, e.key], e.value
    from unnest(array['par_sexe', 'par_age', 'publics']) g,
         jsonb_each(case when jsonb_typeof(doc #> array['participants', g]) = 'object' then doc #> array['participants', g] else '{}' end) e
    union all
    select 'sorties.' || s.key || '.' || c.key, array['sorties', s.key, c.key], c.value
    from jsonb_each(case when jsonb_typeof(doc -> 'sorties') = 'object' then doc -> 'sorties' else '{}' end) s,
         jsonb_each(case when jsonb_typeof(s.value) = 'object' then s.value else '{}' end) c
    union all
    select 'operations[' || (o.value ->> 'nom') || '].participants', array['operations', (o.ord - 1)::text, 'participants'], o.value -> 'participants'
    from jsonb_array_elements(case when jsonb_typeof(doc -> 'operations') = 'array' then doc -> 'operations' else '[]' end)
         with ordinality o(value, ord)
    where o.value ? 'participants' and o.value ? 'nom'
  )
  select path, location, value from cells where jsonb_typeof(value) in ('number', 'null')
$function$;

CREATE OR REPLACE FUNCTION app.person_count_groups (
  doc jsonb
)
  RETURNS jsonb
  LANGUAGE sql
  IMMUTABLE
  SET search_path TO ''
  AS $function$
  select jsonb_build_object(
    'additive',
      (select coalesce(jsonb_agg(jsonb_build_object('total', 'participants.total', 'parts',
                 (select coalesce(jsonb_agg('participants.' || g || '.' || e.key order by e.key), '[]'::jsonb)
                  from jsonb_each(case when jsonb_typeof(doc #> array['participants', g]) = 'object' then doc #> array['participants', g] else '{}' end) e))
               order by g), '[]'::jsonb)
       from unnest(array['par_age', 'par_sexe']) g)
      || (select coalesce(jsonb_agg(jsonb_build_object('total', 'sorties.' || s.key || '.sorties_dynamiques', 'parts',
                 (select coalesce(jsonb_agg('sorties.' || s.key || '.' || c.key order by c.key), '[]'::jsonb)
                  from jsonb_each(s.value) c where c.key <> 'sorties_dynamiques'))
               order by s.key), '[]'::jsonb)
          from jsonb_each(case when jsonb_typeof(doc -> 'sorties') = 'object' then doc -> 'sorties' else '{}' end) s
          where jsonb_typeof(s.value) = 'object' and s.value ? 'sorties_dynamiques'),
    'overlapping', jsonb_build_array(jsonb_build_object('total', 'participants.total', 'parts',
      (select coalesce(jsonb_agg('participants.publics.' || e.key order by e.key), '[]'::jsonb)
       from jsonb_each(case when jsonb_typeof(doc #> '{participants,publics}') = 'object' then doc #> '{participants,publics}' else '{}' end) e))))
$function$;

CREATE OR REPLACE FUNCTION app.publication_figures (
  p_territory_id uuid,
  p_year         integer
)
  RETURNS jsonb
  LANGUAGE plpgsql
  STABLE
  SET search_path TO ''
  AS $function$
declare
  figures jsonb := app.compute_publication_figures(p_territory_id, p_year);
begin
  return app.revise_against(
    array(select p.figures from app.publications p
          where p.territory_id = p_territory_id and p.year = p_year order by p.version),
    figures,
    (figures ->> 'seuil_secret')::int);
end;
$function$;

CREATE OR REPLACE FUNCTION app.revise_against (
  earlier jsonb[],
  figures jsonb,
  k       integer
)
  RETURNS jsonb
  LANGUAGE plpgsql
  IMMUTABLE
  SET search_path TO ''
  AS $function$
declare
  revised jsonb;
  doc jsonb := figures - 'secret_statistique' - 'revision_retenue';
  cell record;
begin
  revised := app.revise_cells(
    (select coalesce(jsonb_object_agg(c.path, c.value), '{}'::jsonb) from app.person_count_cells(figures) c),
    array(select (select coalesce(jsonb_object_agg(c.path, c.value), '{}'::jsonb) from app.person_count_cells(e.doc) c)
          from unnest(coalesce(earlier, '{}')) with ordinality e(doc, n) order by e.n),
    app.person_count_groups(figures) -> 'additive',
    app.person_count_groups(figures) -> 'overlapping',
    k);
  for cell in
    select c.location, revised #> array['values', c.path] as value
    from app.person_count_cells(figures) c
    where c.path in (select jsonb_array_elements_text(revised -> 'held'))
  loop
    doc := jsonb_set(doc, cell.location, coalesce(cell.value, 'null'::jsonb));
  end loop;
  return doc || jsonb_build_object(
    'secret_statistique', coalesce((select jsonb_agg(path order by path) from app.null_paths(doc) path), '[]'::jsonb),
    'revision_retenue', revised -> 'held');
end;
$function$;

CREATE OR REPLACE FUNCTION app.revise_cells (
  fresh       jsonb,
  earlier     jsonb[],
  additive    jsonb,
  overlapping jsonb,
  k           integer
)
  RETURNS jsonb
  LANGUAGE plpgsql
  IMMUTABLE
  SET search_path TO ''
  AS $function$
declare
  latest jsonb;
  published jsonb := fresh;
  held text[] := '{}';
  cell record;
  grp jsonb;
  cells text[];
  hidden text[];
  candidate text;
  part text;
  t_path text;
  changed boolean := true;
begin
  if k is null or k < 1 then
    raise exception 'revise_cells: a threshold k >= 1 is required';
  end if;
  if coalesce(cardinality(earlier), 0) = 0 then
    return jsonb_build_object('values', fresh, 'held', '[]'::jsonb);
  end if;
  latest := earlier[array_upper(earlier, 1)];

  -- Primary: a cell that moves by 1..K-1 against any earlier version where it was published.
  for cell in select key, (value #>> '{}')::numeric as v from jsonb_each(fresh) loop
    continue when cell.v is null;
    if exists (select 1 from unnest(earlier) e
               where (e ->> cell.key) is not null
                 and abs(cell.v - (e ->> cell.key)::numeric) > 0
                 and abs(cell.v - (e ->> cell.key)::numeric) < k) then
      held := held || cell.key;
      published := jsonb_set(published, array[cell.key], app.held_value(latest, fresh, cell.key));
    end if;
  end loop;

  -- Secondary, until nothing changes (holding a total may expose a lone cell in another group).
  while changed loop
    changed := false;

    -- Additive groups: total = sum of parts, so their changes too. A lone hidden cell that is
    -- held would be recomputed as total minus the others: hold a second cell, the part that moved
    -- least (one whose previous value differs from its new one first), the total only if no part
    -- can be held.
    for grp in select value from jsonb_array_elements(coalesce(additive, '[]'::jsonb)) loop
      select array_agg(c) into cells
      from (select grp ->> 'total' as c union all select jsonb_array_elements_text(grp -> 'parts')) x
      where fresh ? c;
      continue when cells is null;
      select array_agg(c) into hidden from unnest(cells) c
      where (published ->> c) is null or (published ->> c)::numeric <> (fresh ->> c)::numeric;
      continue when coalesce(cardinality(hidden), 0) <> 1 or not (hidden[1] = any (held));
      select c into candidate from unnest(cells) c
      where c <> hidden[1] and (fresh ->> c) is not null
      order by c = grp ->> 'total',
               (app.held_value(latest, fresh, c) = 'null'::jsonb),
               abs((fresh ->> c)::numeric - coalesce((latest ->> c)::numeric, 0)),
               c
      limit 1;
      continue when candidate is null;
      held := held || candidate;
      published := jsonb_set(published, array[candidate], app.held_value(latest, fresh, candidate));
      changed := true;
    end loop;

    -- Overlapping counts: when the total and a part are both revised, the change of the part's
    -- complement (total - part) is published as well; below K (and not zero) the part is held.
    for grp in select value from jsonb_array_elements(coalesce(overlapping, '[]'::jsonb)) loop
      t_path := grp ->> 'total';
      continue when (published ->> t_path) is null
                 or (published ->> t_path)::numeric <> (fresh ->> t_path)::numeric;
      for part in select jsonb_array_elements_text(grp -> 'parts') loop
        continue when (published ->> part) is null
                   or (published ->> part)::numeric <> (fresh ->> part)::numeric;
        if exists (select 1 from unnest(earlier) e
                   where (e ->> t_path) is not null and (e ->> part) is not null
                     and abs(((fresh ->> t_path)::numeric - (fresh ->> part)::numeric)
                             - ((e ->> t_path)::numeric - (e ->> part)::numeric)) > 0
                     and abs(((fresh ->> t_path)::numeric - (fresh ->> part)::numeric)
                             - ((e ->> t_path)::numeric - (e ->> part)::numeric)) < k) then
          held := held || part;
          published := jsonb_set(published, array[part], app.held_value(latest, fresh, part));
          changed := true;
        end if;
      end loop;
    end loop;
  end loop;

  return jsonb_build_object('values', published,
    'held', coalesce((select jsonb_agg(distinct h order by h) from unnest(held) h), '[]'::jsonb));
end;
$function$;

CREATE OR REPLACE FUNCTION public.preview_publication (
  p_territory_slug text,
  p_year           integer
)
  RETURNS jsonb
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  territory_id uuid;
begin
  select t.id into territory_id from app.territories t
  where t.slug = p_territory_slug and t.id in (select app.my_facilitated_territories());
  if territory_id is null then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  return app.publication_figures(territory_id, p_year);
end;
$function$;

CREATE OR REPLACE FUNCTION public.publish_year (
  p_territory_slug text,
  p_year           integer
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
  select coalesce(max(p.version), 0) + 1 into next_version
  from app.publications p where p.territory_id = v_territory_id and p.year = p_year;
  doc := app.publication_figures(v_territory_id, p_year);
  insert into app.publications (id, territory_id, year, version, figures, source, published_by)
  values (new_id, v_territory_id, p_year, next_version, doc, 'computed', (select auth.uid()));
  return query select new_id, next_version, doc;
end;
$function$;

REVOKE ALL ON FUNCTION "app"."held_value"(jsonb, jsonb, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."held_value"(jsonb, jsonb, text) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."held_value"(jsonb, jsonb, text) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."held_value"(jsonb, jsonb, text) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."held_value"(jsonb, jsonb, text) TO "service_role";

REVOKE ALL ON FUNCTION "app"."person_count_cells"(jsonb) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."person_count_cells"(jsonb) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."person_count_cells"(jsonb) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."person_count_cells"(jsonb) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."person_count_cells"(jsonb) TO "service_role";

REVOKE ALL ON FUNCTION "app"."person_count_groups"(jsonb) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."person_count_groups"(jsonb) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."person_count_groups"(jsonb) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."person_count_groups"(jsonb) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."person_count_groups"(jsonb) TO "service_role";

REVOKE ALL ON FUNCTION "app"."publication_figures"(uuid, integer) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."publication_figures"(uuid, integer) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."publication_figures"(uuid, integer) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."publication_figures"(uuid, integer) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."publication_figures"(uuid, integer) TO "service_role";

REVOKE ALL ON FUNCTION "app"."revise_against"(jsonb[], jsonb, integer) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."revise_against"(jsonb[], jsonb, integer) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."revise_against"(jsonb[], jsonb, integer) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."revise_against"(jsonb[], jsonb, integer) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."revise_against"(jsonb[], jsonb, integer) TO "service_role";

REVOKE ALL ON FUNCTION "app"."revise_cells"(jsonb, jsonb[], jsonb, jsonb, integer) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."revise_cells"(jsonb, jsonb[], jsonb, jsonb, integer) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."revise_cells"(jsonb, jsonb[], jsonb, jsonb, integer) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."revise_cells"(jsonb, jsonb[], jsonb, jsonb, integer) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."revise_cells"(jsonb, jsonb[], jsonb, jsonb, integer) TO "service_role";

-- Publications: the yearly figures a facilitator publishes, with small-cell suppression.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Publications: frozen yearly aggregates per territory, the only thing the public site reads.
-- Closed by default: nothing about a territory is public until a facilitator publishes a year.
-- Small-cell suppression (DOMAIN.md §10) is applied here, when the publication is made:
--   * a count of persons below the territory's threshold K (11) is replaced by null;
--   * secondary suppression: in a group of counts that add up to a published total, a lone
--     suppressed cell is protected by also suppressing the smallest other cell (unless that lone
--     cell is a zero: recomputing a zero reveals nobody);
--   * in a group of overlapping counts (a person may be RSA and DELD), a count whose complement
--     to the total is below K is suppressed too (else "all but 3 are RSA" would be published);
--   * a figure about companies (hours realised) needs at least 3 companies and none above 85 %.
-- A null in the figures always means "secret statistique"; its path is listed in
-- `secret_statistique`. Unknown hours due are not null: they are counted apart.
-- A year published again is revised against its earlier versions (app.revise_against, below): a
-- count of persons that would move by 1 to K-1 keeps its previous value, listed in
-- `revision_retenue` (docs/decisions/2026-12-03-publication-revisions.md).

create table app.publications (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references app.territories (id),
  year int not null check (year between 2000 and 2100),
  version int not null default 1,
  figures jsonb not null,
  source text not null default 'computed' check (source in ('computed', 'reported')),
  source_note text,
  published_at timestamptz not null default now(),
  published_by uuid references auth.users (id),
  idempotency_key uuid unique,
  unique (territory_id, year, version)
);
comment on column app.publications.idempotency_key is 'Clé d''idempotence du formulaire de publication : un double envoi ne crée pas deux versions.';
comment on column app.publications.source is 'computed : calculé depuis les heures validées ; reported : chiffres publiés par le territoire, repris tels quels.';
comment on column app.publications.figures is 'Indicateurs publiés ; null = secret statistique (effectif inférieur au seuil).';
create index publications_published_by_idx on app.publications (published_by);
comment on table app.publications is 'Agrégats annuels figés d''un territoire (après secret statistique) : seule source du site public.';

alter table app.publications enable row level security;
grant select on app.publications to anon, authenticated;
grant insert on app.publications to authenticated;
create policy publications_select_all on app.publications for select to anon, authenticated using (true);
create policy publications_insert_facilitator on app.publications for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()) and published_by = (select auth.uid()));

-- Primary + secondary suppression for an additive group (cells add up to a published total).
create or replace function app.suppress_additive(cells jsonb, k int) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  result jsonb := '{}'::jsonb;
  cell record;
  hidden int := 0;
  hidden_positive boolean := false;
  smallest_key text;
  smallest_value numeric;
begin
  for cell in select key, value::numeric as v from jsonb_each_text(cells) loop
    if cell.v < k then
      result := result || jsonb_build_object(cell.key, null);
      hidden := hidden + 1;
      hidden_positive := hidden_positive or cell.v > 0;
    else
      result := result || jsonb_build_object(cell.key, cell.v);
      if smallest_value is null or cell.v < smallest_value then
        smallest_key := cell.key;
        smallest_value := cell.v;
      end if;
    end if;
  end loop;
  if hidden = 1 and hidden_positive and smallest_key is not null then
    result := result || jsonb_build_object(smallest_key, null);
  end if;
  return result;
end;
$$;

-- Suppression for overlapping counts against a published total.
create or replace function app.suppress_overlapping(cells jsonb, total numeric, k int) returns jsonb
language sql immutable
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(key, case
    when total is null or value::numeric < k or total - value::numeric < k then null
    else value::numeric end), '{}'::jsonb)
  from jsonb_each_text(cells)
$$;

-- The company rule: enough companies, none dominant.
create or replace function app.company_rule_ok(hours_by_company numeric[], min_count int, max_share numeric) returns boolean
language sql immutable
set search_path = ''
as $$
  select coalesce(array_length(hours_by_company, 1), 0) >= min_count
     and (select coalesce(max(h) / nullif(sum(h), 0), 0) from unnest(hours_by_company) h) <= max_share
$$;

-- Paths of the nulls in a figures document, for the `suppressed` list.
create or replace function app.null_paths(doc jsonb, prefix text default '') returns setof text
language sql immutable
set search_path = ''
as $$
  select case when prefix = '' then e.key else prefix || '.' || e.key end
  from jsonb_each(doc) e where jsonb_typeof(e.value) = 'null'
  union all
  select app.null_paths(e.value, case when prefix = '' then e.key else prefix || '.' || e.key end)
  from jsonb_each(doc) e where jsonb_typeof(e.value) = 'object'
$$;

-- Aggregates of one territory and year, suppression applied.
-- One pass over the validated hours of the territory up to the year's end, per market, person
-- and employer (app.validated_person_year_hours, kept by the lines' trigger: ~10^5 rows for
-- 10^6 lines); every figure is then computed from that set, the people's facts and the markets. SECURITY DEFINER, for the
-- territory's facilitators only (checked first): the figures are the complete ones a facilitator
-- saw under RLS, without evaluating policies for each of a million lines.
create or replace function app.compute_publication_figures(p_territory_id uuid, p_year int) returns jsonb
language plpgsql stable security definer
set search_path = ''
-- The grouping of a million lines (~10^5 groups) fits in memory instead of spilling to disk.
set work_mem = '64MB'
as $$
declare
  t app.territories;
  year_start date := make_date(p_year, 1, 1);
  year_end date := make_date(p_year, 12, 31);
  k int;
  markets uuid[];
  agg record;
  exits jsonb := '{}'::jsonb;
  ex jsonb;
  stage text;
  hours_ok boolean;
  figures jsonb;
begin
  select * into t from app.territories where id = p_territory_id;
  if not found then
    perform app.fail('P0002', 'territory_not_found');
  end if;
  -- A signed-in caller must facilitate the territory; without a user (the seed, the service
  -- role) the caller is the platform itself. anon may not execute this function at all.
  if (select auth.uid()) is not null and p_territory_id not in (select app.my_facilitated_territories()) then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  k := t.disclosure_threshold;

  select coalesce(array_agg(m.id), '{}') into markets from app.markets m where m.territory_id = p_territory_id;

  with pairs as materialized (
    select v.market_id, v.participant_id, v.employer_id,
           sum(v.hours) as to_date,
           coalesce(sum(v.hours) filter (where v.year = p_year), 0) as in_year,
           coalesce(sum(v.lines) filter (where v.year = p_year), 0) as lines_in_year
    from app.validated_person_year_hours v
    where v.market_id = any (markets) and v.year <= p_year
    group by v.market_id, v.participant_id, v.employer_id
  ),
  lines as materialized (
    select x.*, m.company_id, m.buyer_id, m.operation_id,
           (m.status <> 'draft' and coalesce(m.starts_on, year_start) <= year_end and coalesce(m.ends_on, year_end) >= year_start) as active
    from pairs x join app.markets m on m.id = x.market_id
  ),
  year_lines as materialized (select * from lines where lines_in_year > 0),
  by_operation as materialized (
    select c.operation_id, sum(c.hours) as realised, array_agg(c.hours) as by_company, max(p.people) as people
    from (select operation_id, company_id, sum(to_date) as hours from lines where operation_id is not null group by 1, 2) c
    join (select operation_id, count(*) as people from (select distinct operation_id, participant_id from lines where operation_id is not null) d group by 1) p
      using (operation_id)
    group by c.operation_id
  ),
  people as materialized (
    select p.sex, p.birth_year, p.eligibility, p.qpv, p.has_training
    from app.participants p
    where p.id in (select participant_id from year_lines)
  )
  select
    (select coalesce(sum(in_year), 0) from year_lines) as hours_year,
    (select coalesce(array_agg(h), '{}') from (select sum(in_year) h from year_lines group by company_id) c) as hours_by_company,
    (select count(*) from people)::int as people_total,
    (select coalesce(sum(to_date), 0) from lines where active) as realised_active,
    (select jsonb_build_object(
        'femmes', count(*) filter (where p.sex = 'f'),
        'hommes', count(*) filter (where p.sex = 'm'),
        'non_renseigne', count(*) filter (where p.sex is null)) from people p) as by_sex,
    (select jsonb_build_object(
        'moins_de_26_ans', count(*) filter (where p_year - p.birth_year < 26),
        'de_26_a_49_ans', count(*) filter (where p_year - p.birth_year between 26 and 49),
        '50_ans_et_plus', count(*) filter (where p_year - p.birth_year >= 50),
        'non_renseigne', count(*) filter (where p.birth_year is null)) from people p) as by_age,
    (select jsonb_build_object(
        'rsa', count(*) filter (where 'rsa' = any (p.eligibility)),
        'deld', count(*) filter (where 'deld' = any (p.eligibility)),
        'rqth', count(*) filter (where 'rqth' = any (p.eligibility)),
        'jeunes_peu_qualifies', count(*) filter (where 'youth_low_qualification' = any (p.eligibility)),
        'seniors', count(*) filter (where 'senior' = any (p.eligibility)),
        'salaries_siae', count(*) filter (where 'siae_employee' = any (p.eligibility)),
        'qpv', count(*) filter (where p.qpv),
        'formation', count(*) filter (where p.has_training)) from people p) as publics,
    (select coalesce(jsonb_agg(jsonb_build_object(
        'nom', o.name,
        'heures_dues', o.due,
        'heures_dues_communiquees', o.due_known,
        'heures_realisees', case when app.company_rule_ok(o.by_company, t.company_min_count, t.company_max_share)
                                 then o.realised else null end,
        'participants', case when o.people < k then null else o.people end)
      order by o.name), '[]'::jsonb)
     from (
       select op.name,
              (select coalesce(sum(m.hours_due), 0) from app.markets m where m.operation_id = op.id) as due,
              (select bool_and(m.hours_due is not null) from app.markets m where m.operation_id = op.id) as due_known,
              b.realised, b.people, b.by_company
       from app.operations op
       join by_operation b on b.operation_id = op.id
       where op.territory_id = p_territory_id
     ) o) as operations,
    jsonb_build_object(
      'marches', (select count(*) from (select distinct market_id from year_lines) x),
      'acheteurs', (select count(*) from (select distinct buyer_id from year_lines where buyer_id is not null) x),
      'entreprises', (select count(*) from (select distinct company_id from year_lines where company_id is not null) x),
      'siae', (select count(*) from app.organisations o
               where o.kind = 'siae' and o.id in (select employer_id from year_lines))) as orgs
  into agg;

  hours_ok := app.company_rule_ok(agg.hours_by_company, t.company_min_count, t.company_max_share);

  -- Exits recorded during the year, per milestone, in the three categories of DOMAIN.md §9.
  foreach stage in array array['end', 'm6', 'm12'] loop
    select jsonb_build_object(
        'emploi_durable', count(*) filter (where e.category = 'emploi_durable'),
        'emploi_transition', count(*) filter (where e.category = 'emploi_transition'),
        'sortie_positive', count(*) filter (where e.category = 'sortie_positive'))
    into ex
    from app.participant_exits e
    join app.participants p on p.id = e.participant_id
    where p.territory_id = p_territory_id
      and e.milestone = stage
      and e.observed_on between year_start and year_end;
    exits := exits || jsonb_build_object(
      case stage when 'end' then 'fin_de_parcours' when 'm6' then 'a_6_mois' else 'a_12_mois' end,
      app.suppress_additive(ex, k) || jsonb_build_object('sorties_dynamiques', case
        when (ex->>'emploi_durable')::int + (ex->>'emploi_transition')::int + (ex->>'sortie_positive')::int < k then null
        else (ex->>'emploi_durable')::int + (ex->>'emploi_transition')::int + (ex->>'sortie_positive')::int end));
  end loop;

  figures := jsonb_build_object(
    'version_schema', 1,
    'territoire', jsonb_build_object('slug', t.slug, 'nom', t.name),
    'annee', p_year,
    'seuil_secret', k,
    'heures', jsonb_build_object(
      'realisees_dans_l_annee', case when hours_ok then agg.hours_year else null end,
      'dues_marches_en_cours', (select coalesce(sum(m.hours_due), 0) from app.markets m
                                where m.territory_id = p_territory_id and m.status <> 'draft'
                                  and coalesce(m.starts_on, year_start) <= year_end and coalesce(m.ends_on, year_end) >= year_start),
      'marches_sans_heures_dues', (select count(*) from app.markets m
                                   where m.territory_id = p_territory_id and m.status <> 'draft' and m.hours_due is null
                                     and coalesce(m.starts_on, year_start) <= year_end and coalesce(m.ends_on, year_end) >= year_start),
      'realisees_a_date_marches_en_cours', case when hours_ok then agg.realised_active else null end),
    'participants', jsonb_build_object(
      'total', case when agg.people_total < k then null else agg.people_total end,
      'par_sexe', case when agg.people_total < k then (select jsonb_object_agg(key, null) from jsonb_each(agg.by_sex))
                       else app.suppress_additive(agg.by_sex, k) end,
      'par_age', case when agg.people_total < k then (select jsonb_object_agg(key, null) from jsonb_each(agg.by_age))
                      else app.suppress_additive(agg.by_age, k) end,
      'publics', app.suppress_overlapping(agg.publics, case when agg.people_total < k then null else agg.people_total end, k)),
    'organisations', agg.orgs,
    'sorties', exits,
    'operations', agg.operations);
  return figures || jsonb_build_object('secret_statistique',
    coalesce((select jsonb_agg(path order by path) from app.null_paths(figures) path), '[]'::jsonb));
end;
$$;
grant execute on function app.suppress_additive(jsonb, int), app.suppress_overlapping(jsonb, numeric, int),
  app.company_rule_ok(numeric[], int, numeric), app.null_paths(jsonb, text) to authenticated;
revoke execute on function app.compute_publication_figures(uuid, int) from public, anon;
grant execute on function app.compute_publication_figures(uuid, int) to authenticated;

-- Revisions: a year published again must not expose the people who changed in between.
-- Every version stays public (pages, open data harvested by others, widgets), so the difference
-- between two versions is published too: one newcomer would move every cell that describes them
-- by one. The rule (docs/decisions/2026-12-03-publication-revisions.md): a count of persons is
-- revised only if it moves by 0 or at least K against every earlier version where it was
-- published; otherwise it is held at the latest version's value. Then, as for a single
-- publication, secondary protection on the changes: in an additive group a lone held cell would
-- be recomputed from the others' changes, so a second cell is held; an overlapping count whose
-- complement to the total moves by fewer than K persons is held. Hours and counts of
-- organisations are not counts of persons: they are revised freely.

-- The value a held cell publishes: the latest earlier version's, so that its change against every
-- earlier version is one already published; null (secret) when that value is absent or equal to
-- the fresh one, since holding would then hide nothing.
create or replace function app.held_value(latest jsonb, fresh jsonb, path text) returns jsonb
language sql immutable
set search_path = ''
as $$
  select case when (latest ->> path) is null or (latest ->> path)::numeric = (fresh ->> path)::numeric
              then 'null'::jsonb else latest -> path end
$$;

-- The rule on cells, for any aggregate that overlaps earlier published ones (versions of a year
-- here; later, sums of territories or years). Arguments:
--   fresh       {path: number|null}, the new figures, single-publication suppression applied
--               (null = secret: it stays secret);
--   earlier     the published maps it overlaps, oldest first; a held cell takes the last one's
--               value (app.held_value);
--   additive    [{"total": path, "parts": [path…]}], parts that add up to the total;
--   overlapping [{"total": path, "parts": [path…]}], subsets of the total that may overlap;
--   k           the threshold.
-- Returns {"values": {path: number|null}, "held": [path…]}. A cell is "hidden" when its published
-- value is not its true one (held, or secret); every hold hides one more cell, so the loop ends.
create or replace function app.revise_cells(fresh jsonb, earlier jsonb[], additive jsonb, overlapping jsonb, k int)
returns jsonb
language plpgsql immutable
set search_path = ''
as $$
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
$$;

-- The counts of persons of a figures document, one row per cell: its path (as listed in
-- `revision_retenue`; an operation is named by its name), where it sits in this document, its
-- value (a number, or null when secret).
create or replace function app.person_count_cells(doc jsonb)
returns table (path text, location text[], value jsonb)
language sql immutable
set search_path = ''
as $$
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
$$;

-- The groups of those cells in a figures document: the additive ones (sex and age add up to the
-- total of participants; each exit stage's three categories to its « sorties dynamiques ») and
-- the overlapping one (the publics, against the total).
create or replace function app.person_count_groups(doc jsonb) returns jsonb
language sql immutable
set search_path = ''
as $$
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
$$;

-- A figures document revised against the earlier published versions of the same aggregate
-- (oldest first): the held cells keep the latest version's value and are listed in
-- `revision_retenue`; `secret_statistique` is listed again (a held cell may keep a secret).
create or replace function app.revise_against(earlier jsonb[], figures jsonb, k int) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
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
$$;

-- What a publication of the year would publish now: the figures (suppression applied), revised
-- against every version of the year already published. preview_publication and publish_year
-- both call it, so the preview is exactly what is published.
create or replace function app.publication_figures(p_territory_id uuid, p_year int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  figures jsonb := app.compute_publication_figures(p_territory_id, p_year);
begin
  return app.revise_against(
    array(select p.figures from app.publications p
          where p.territory_id = p_territory_id and p.year = p_year order by p.version),
    figures,
    (figures ->> 'seuil_secret')::int);
end;
$$;
grant execute on function app.held_value(jsonb, jsonb, text), app.revise_cells(jsonb, jsonb[], jsonb, jsonb, int), app.person_count_cells(jsonb),
  app.person_count_groups(jsonb), app.revise_against(jsonb[], jsonb, int) to authenticated;
revoke execute on function app.publication_figures(uuid, int) from public, anon;
grant execute on function app.publication_figures(uuid, int) to authenticated;

-- What would be public if the year were published now (suppression and the revision rule applied).
create or replace function public.preview_publication(p_territory_slug text, p_year int) returns jsonb
language plpgsql
set search_path = ''
as $$
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
$$;
grant execute on function public.preview_publication(text, int) to authenticated;

-- Freeze the year's aggregates into a new publication version.
create or replace function public.publish_year(p_territory_slug text, p_year int, p_idempotency_key uuid default null)
returns table (publication_id uuid, version int, figures jsonb)
language plpgsql
set search_path = ''
as $$
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
$$;
grant execute on function public.publish_year(text, int, uuid) to authenticated;

SET local check_function_bodies = off;

CREATE TABLE "app"."validated_person_year_hours" (
  "market_id"      uuid    NOT NULL,
  "participant_id" uuid    NOT NULL,
  "employer_id"    uuid,
  "year"           integer NOT NULL,
  "hours"          numeric NOT NULL DEFAULT 0,
  "lines"          integer NOT NULL DEFAULT 0,
  CONSTRAINT "validated_person_year_hours_key" UNIQUE NULLS NOT DISTINCT (market_id, participant_id, employer_id, year)
);

ALTER TABLE "app"."validated_person_year_hours"
  ENABLE ROW LEVEL SECURITY;

CREATE OR REPLACE FUNCTION app.compute_publication_figures (
  p_territory_id uuid,
  p_year         integer
)
  RETURNS jsonb
  LANGUAGE plpgsql
  STABLE
  SECURITY DEFINER
  SET search_path TO ''
  SET work_mem TO '64MB'
  AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION app.tally_market_month_hours()
  RETURNS TRIGGER
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    insert into app.market_month_hours as t (market_id, month, status, hours, lines)
    select o.market_id, o.month, o.status, -sum(o.hours), -count(*)::int from old_rows o group by 1, 2, 3
    on conflict (market_id, month, status) do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
    insert into app.validated_person_year_hours as t (market_id, participant_id, employer_id, year, hours, lines)
    select o.market_id, o.participant_id, o.employer_id, extract(year from o.month)::int, -sum(o.hours), -count(*)::int
    from old_rows o where o.status = 'validated' group by 1, 2, 3, 4
    on conflict on constraint validated_person_year_hours_key do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into app.market_month_hours as t (market_id, month, status, hours, lines)
    select n.market_id, n.month, n.status, sum(n.hours), count(*)::int from new_rows n group by 1, 2, 3
    on conflict (market_id, month, status) do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
    insert into app.validated_person_year_hours as t (market_id, participant_id, employer_id, year, hours, lines)
    select n.market_id, n.participant_id, n.employer_id, extract(year from n.month)::int, sum(n.hours), count(*)::int
    from new_rows n where n.status = 'validated' group by 1, 2, 3, 4
    on conflict on constraint validated_person_year_hours_key do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
  end if;
  return null;
end;
$function$;

ALTER TABLE "app"."validated_person_year_hours"
  ADD CONSTRAINT "validated_person_year_hours_employer_id_fkey" FOREIGN KEY (employer_id) REFERENCES app.organisations(id);

ALTER TABLE "app"."validated_person_year_hours"
  ADD CONSTRAINT "validated_person_year_hours_market_id_fkey" FOREIGN KEY (market_id) REFERENCES app.markets(id);

ALTER TABLE "app"."validated_person_year_hours"
  ADD CONSTRAINT "validated_person_year_hours_participant_id_fkey" FOREIGN KEY (participant_id) REFERENCES app.participants(id);

CREATE INDEX validated_person_year_hours_employer_idx ON app.validated_person_year_hours USING btree (employer_id);

CREATE INDEX validated_person_year_hours_participant_idx ON app.validated_person_year_hours USING btree (participant_id);

COMMENT ON TABLE "app"."validated_person_year_hours" IS 'Heures validées par marché, personne, employeur et année (somme exacte des lignes validées, tenue par déclencheur) : lue par la publication.';

REVOKE ALL ON TABLE "app"."validated_person_year_hours" FROM "postgres";

GRANT DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "app"."validated_person_year_hours" TO "postgres";

GRANT DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "app"."validated_person_year_hours" TO "service_role";

-- Data (written by hand after the generated diff): the validated lines already there.
INSERT INTO app.validated_person_year_hours (market_id, participant_id, employer_id, year, hours, lines)
SELECT market_id, participant_id, employer_id, extract(year FROM month)::int, sum(hours), count(*)::int
FROM app.hour_declarations WHERE status = 'validated' GROUP BY 1, 2, 3, 4;

ANALYZE app.validated_person_year_hours;

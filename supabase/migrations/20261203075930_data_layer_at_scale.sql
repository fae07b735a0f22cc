SET local check_function_bodies = off;

DROP POLICY "candidature_transitions_insert_company" ON "app"."candidature_transitions";

DROP POLICY "candidature_transitions_insert_facilitator" ON "app"."candidature_transitions";

DROP POLICY "candidature_transitions_select_company" ON "app"."candidature_transitions";

DROP POLICY "candidature_transitions_select_facilitator" ON "app"."candidature_transitions";

DROP POLICY "candidature_transitions_select_prescriber" ON "app"."candidature_transitions";

DROP POLICY "candidatures_select_company" ON "app"."candidatures";

DROP POLICY "candidatures_select_facilitator" ON "app"."candidatures";

DROP POLICY "candidatures_select_prescriber" ON "app"."candidatures";

DROP POLICY "candidatures_update_company" ON "app"."candidatures";

DROP POLICY "candidatures_update_facilitator" ON "app"."candidatures";

DROP POLICY "hour_declarations_insert_company" ON "app"."hour_declarations";

DROP POLICY "hour_declarations_insert_facilitator" ON "app"."hour_declarations";

DROP POLICY "hour_declarations_select_buyer" ON "app"."hour_declarations";

DROP POLICY "hour_declarations_select_company" ON "app"."hour_declarations";

DROP POLICY "hour_declarations_select_facilitator" ON "app"."hour_declarations";

DROP POLICY "hour_declarations_select_siae" ON "app"."hour_declarations";

DROP POLICY "hour_declarations_update_company" ON "app"."hour_declarations";

DROP POLICY "hour_declarations_update_facilitator" ON "app"."hour_declarations";

DROP POLICY "job_offers_insert_facilitator" ON "app"."job_offers";

DROP POLICY "job_offers_select_authenticated" ON "app"."job_offers";

DROP POLICY "job_offers_select_company" ON "app"."job_offers";

DROP POLICY "job_offers_select_facilitator" ON "app"."job_offers";

DROP POLICY "job_offers_update_facilitator" ON "app"."job_offers";

DROP POLICY "market_assignments_delete_facilitator" ON "app"."market_assignments";

DROP POLICY "market_assignments_insert_facilitator" ON "app"."market_assignments";

DROP POLICY "market_assignments_select_buyer" ON "app"."market_assignments";

DROP POLICY "market_assignments_select_company" ON "app"."market_assignments";

DROP POLICY "market_assignments_select_facilitator" ON "app"."market_assignments";

DROP POLICY "markets_select_facilitator" ON "app"."markets";

DROP POLICY "markets_select_member" ON "app"."markets";

DROP POLICY "memberships_select_facilitator" ON "app"."memberships";

DROP POLICY "memberships_select_own" ON "app"."memberships";

DROP POLICY "operations_select_facilitator" ON "app"."operations";

DROP POLICY "operations_select_member" ON "app"."operations";

DROP POLICY "organisations_select_facilitator" ON "app"."organisations";

DROP POLICY "organisations_select_market_partner" ON "app"."organisations";

DROP POLICY "organisations_select_member" ON "app"."organisations";

DROP POLICY "organisations_select_siae_for_company" ON "app"."organisations";

DROP POLICY "participants_select_company" ON "app"."participants";

DROP POLICY "participants_select_facilitator" ON "app"."participants";

DROP INDEX "app"."participants_territory_idx";

CREATE TABLE "app"."market_month_hours" (
  "market_id" uuid    NOT NULL,
  "month"     date    NOT NULL,
  "status"    text    NOT NULL,
  "hours"     numeric NOT NULL DEFAULT 0,
  "lines"     integer NOT NULL DEFAULT 0,
  CONSTRAINT "market_month_hours_pkey" PRIMARY KEY (market_id, month, status)
);

ALTER TABLE "app"."market_month_hours"
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
    select d.market_id, d.participant_id, d.employer_id,
           sum(d.hours) as to_date,
           coalesce(sum(d.hours) filter (where d.month >= year_start), 0) as in_year,
           count(*) filter (where d.month >= year_start) as lines_in_year
    from app.hour_declarations d
    where d.market_id = any (markets) and d.status = 'validated' and d.month <= year_end
    group by d.market_id, d.participant_id, d.employer_id
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

CREATE OR REPLACE FUNCTION app.my_buyer_markets()
  RETURNS SETOF uuid
  LANGUAGE sql
  STABLE
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
  select m.id from app.markets m where m.buyer_id in (select app.my_organisations())
$function$;

CREATE OR REPLACE FUNCTION app.my_company_markets()
  RETURNS SETOF uuid
  LANGUAGE sql
  STABLE
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
  select m.id from app.markets m where m.company_id in (select app.my_organisations())
$function$;

CREATE OR REPLACE FUNCTION app.my_company_participants()
  RETURNS SETOF uuid
  LANGUAGE sql
  STABLE
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
  select a.participant_id from app.market_assignments a where a.market_id in (select app.my_company_markets())
  union
  select d.participant_id from app.hour_declarations d
  where d.market_id in (select app.my_company_markets()) and d.corrects_id is null
$function$;

CREATE OR REPLACE FUNCTION app.my_facilitated_markets()
  RETURNS SETOF uuid
  LANGUAGE sql
  STABLE
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
  select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())
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
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into app.market_month_hours as t (market_id, month, status, hours, lines)
    select n.market_id, n.month, n.status, sum(n.hours), count(*)::int from new_rows n group by 1, 2, 3
    on conflict (market_id, month, status) do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
  end if;
  return null;
end;
$function$;

CREATE OR REPLACE FUNCTION public.buyer_year_summary (
  p_year            integer,
  p_organisation_id uuid    DEFAULT NULL::uuid
)
  RETURNS json
  LANGUAGE plpgsql
  STABLE
  SET search_path TO ''
  AS $function$
declare
  first_day date;
  last_day date;
  result json;
begin
  if p_year is null or p_year < 2000 or p_year > extract(year from current_date)::int + 1 then
    perform app.fail('22023', 'summary_year_invalid');
  end if;
  if p_organisation_id is not null and p_organisation_id not in (select app.my_organisations()) then
    perform app.fail('42501', 'not_organisation_member');
  end if;
  first_day := make_date(p_year, 1, 1);
  last_day := make_date(p_year, 12, 31);

  with mk as (
    select m.id, m.title, m.territory_id, m.company_id, c.name as company_name, m.hours_due,
           coalesce((select sum(x.hours) from app.market_month_hours x
                     where x.market_id = m.id and x.status = 'validated' and x.month between first_day and last_day), 0) as hours_year,
           coalesce((select sum(x.hours) from app.market_month_hours x
                     where x.market_id = m.id and x.status = 'validated' and x.month <= last_day), 0) as hours_to_date,
           (select count(distinct d.participant_id)::int from app.hour_declarations d
            where d.market_id = m.id and d.status = 'validated' and d.month between first_day and last_day) as people
    from app.markets m
    left join app.organisations c on c.id = m.company_id
    where m.buyer_id in (select app.my_organisations())
      and (p_organisation_id is null or m.buyer_id = p_organisation_id)
      and ((coalesce(m.starts_on, first_day) <= last_day and coalesce(m.ends_on, last_day) >= first_day)
           or exists (select 1 from app.market_month_hours x where x.market_id = m.id and x.status = 'validated'
                      and x.month between first_day and last_day and x.lines > 0))
  ),
  threshold as (
    select coalesce(max(t.disclosure_threshold), 11) as k
    from app.territories t where t.id in (select mk.territory_id from mk)
  ),
  shown as (
    select app.suppress_additive(coalesce(jsonb_object_agg(mk.id::text, mk.people), '{}'::jsonb), (select k from threshold)) as cells
    from mk
  ),
  people as (
    select count(distinct d.participant_id)::int as n
    from app.hour_declarations d
    where d.market_id in (select mk.id from mk) and d.status = 'validated' and d.month between first_day and last_day
  )
  select json_build_object(
    'year', p_year,
    'threshold', (select k from threshold),
    'markets', coalesce((select json_agg(json_build_object(
        'id', mk.id, 'title', mk.title, 'company_name', mk.company_name, 'hours_due', mk.hours_due,
        'hours_validated_year', mk.hours_year, 'hours_validated_to_date', mk.hours_to_date,
        'people', ((select cells from shown) ->> mk.id::text)::int) order by mk.title)
      from mk), '[]'::json),
    'totals', (select json_build_object(
        'markets', count(*),
        'hours_due', sum(mk.hours_due),
        'hours_due_unknown', count(*) filter (where mk.hours_due is null),
        'hours_validated_year', coalesce(sum(mk.hours_year), 0),
        'hours_validated_to_date', coalesce(sum(mk.hours_to_date), 0),
        'companies', count(distinct mk.company_id),
        'people', (select case when people.n >= (select k from threshold) then people.n end from people))
      from mk)
  ) into result;
  return result;
end;
$function$;

CREATE OR REPLACE FUNCTION public.facilitator_dashboard (
  p_today date DEFAULT CURRENT_DATE
)
  RETURNS json
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  with my_markets as (
    select m.*, c.name as company_name,
           coalesce((select sum(x.hours) from app.market_month_hours x where x.market_id = m.id and x.status = 'validated'), 0) as validated
    from app.markets m
    left join app.organisations c on c.id = m.company_id
    where m.territory_id in (select app.my_facilitated_territories())
  ),
  last_month as (select (date_trunc('month', p_today) - interval '1 month')::date as month)
  select json_build_object(
    'markets', coalesce((select json_agg(json_build_object(
        'id', mm.id, 'title', mm.title, 'company', mm.company_name, 'hours_due', mm.hours_due,
        'hours_validated', mm.validated, 'status', mm.status) order by mm.title)
      from my_markets mm where mm.status = 'running'), '[]'),
    'declarations_waiting', (select coalesce(sum(x.lines), 0) from app.market_month_hours x join my_markets mm on mm.id = x.market_id
                             where x.status = 'submitted'),
    'late', coalesce((select json_agg(json_build_object('market_id', mm.id, 'title', mm.title, 'company', mm.company_name, 'month', lm.month) order by mm.title)
      from my_markets mm, last_month lm
      where mm.status = 'running' and coalesce(mm.starts_on, lm.month) <= lm.month and coalesce(mm.ends_on, lm.month) >= lm.month
        and not exists (select 1 from app.market_month_hours x where x.market_id = mm.id and x.month = lm.month and x.lines > 0)), '[]'),
    'candidatures_waiting', (select count(*) from app.candidatures c
      where c.territory_id in (select app.my_facilitated_territories()) and c.status in ('received', 'in_review')),
    'exits_due', coalesce((select json_agg(json_build_object('participant_id', p.id, 'name', p.first_name || ' ' || p.last_name,
        'milestone', ms.milestone, 'due_on', (p.parcours_ended_on + ms.months * interval '1 month')::date) order by p.parcours_ended_on)
      from app.participants p
      cross join (values ('m6', 6), ('m12', 12)) ms(milestone, months)
      where p.territory_id in (select app.my_facilitated_territories()) and p.parcours_ended_on is not null
        and (p.parcours_ended_on + ms.months * interval '1 month')::date <= p_today + 30
        and not exists (select 1 from app.participant_exits e where e.participant_id = p.id and e.milestone = ms.milestone)), '[]')
  )
$function$;

CREATE OR REPLACE FUNCTION public.get_market (
  p_market_id uuid
)
  RETURNS json
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select json_build_object(
    'id', m.id, 'title', m.title, 'reference', m.reference, 'status', m.status, 'clause_type', m.clause_type,
    'territory_slug', t.slug, 'buyer_id', m.buyer_id, 'buyer_name', b.name, 'company_id', m.company_id, 'company_name', c.name,
    'estimated_amount_ht', m.estimated_amount_ht, 'labour_share', m.labour_share, 'insertion_rate', m.insertion_rate,
    'hourly_cost', m.hourly_cost, 'hours_due', m.hours_due, 'hours_due_overridden', m.hours_due_overridden,
    'starts_on', m.starts_on, 'ends_on', m.ends_on, 'decp_id', m.decp_id,
    'hours_validated', coalesce((select sum(x.hours) from app.market_month_hours x where x.market_id = m.id and x.status = 'validated'), 0),
    'offers', coalesce((select json_agg(json_build_object(
        'id', o.id, 'trade', o.trade, 'place', o.place, 'contract_type', o.contract_type, 'hours_per_week', o.hours_per_week,
        'duration_weeks', o.duration_weeks, 'positions', o.positions, 'starts_on', o.starts_on, 'closes_on', o.closes_on,
        'company_anonymous', o.company_anonymous, 'status', o.status, 'published_at', o.published_at,
        'candidatures', (select count(*) from app.candidatures k where k.job_offer_id = o.id))
        order by o.created_at)
      from app.job_offers o where o.market_id = m.id), '[]'))
  from app.markets m
  join app.territories t on t.id = m.territory_id
  left join app.organisations b on b.id = m.buyer_id
  left join app.organisations c on c.id = m.company_id
  where m.id = p_market_id
$function$;

CREATE OR REPLACE FUNCTION public.list_markets()
  RETURNS TABLE (
    id                  uuid,
    title               text,
    territory_slug      text,
    operation_name      text,
    buyer_name          text,
    company_name        text,
    clause_type         text,
    estimated_amount_ht numeric,
    hours_due           numeric,
    hours_submitted     numeric,
    hours_validated     numeric,
    starts_on           date,
    ends_on             date,
    status              text
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select m.id, m.title, t.slug, op.name, b.name, c.name, m.clause_type, m.estimated_amount_ht, m.hours_due,
         coalesce(h.submitted, 0), coalesce(h.validated, 0),
         m.starts_on, m.ends_on, m.status
  from app.markets m
  join app.territories t on t.id = m.territory_id
  left join lateral (
    select sum(x.hours) filter (where x.status = 'submitted') as submitted, sum(x.hours) filter (where x.status = 'validated') as validated
    from app.market_month_hours x where x.market_id = m.id
  ) h on true
  left join app.operations op on op.id = m.operation_id
  left join app.organisations b on b.id = m.buyer_id
  left join app.organisations c on c.id = m.company_id
  order by m.starts_on desc nulls last, m.title
$function$;

CREATE OR REPLACE FUNCTION public.list_participants()
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
  -- The first 1,000 people by name first, then their own lines (index on participant_id): the
  -- cost is bounded by the page, not by the territory's history.
  with page as (
    select p.* from app.participants p
    order by p.last_name, p.first_name, p.id
    limit 1000
  )
  select p.id, p.first_name, p.last_name, t.slug, p.eligibility, p.eligibility_checked_at, p.parcours_started_on, p.parcours_ended_on,
         coalesce(l.hours_validated, 0), coalesce(l.markets, 0)
  from page p
  join app.territories t on t.id = p.territory_id
  left join lateral (
    select sum(d.hours) filter (where d.status = 'validated') as hours_validated, count(distinct d.market_id)::int as markets
    from app.hour_declarations d where d.participant_id = p.id
  ) l on true
  order by p.last_name, p.first_name, p.id
$function$;

CREATE OR REPLACE FUNCTION public.market_participants (
  p_market_id uuid
)
  RETURNS TABLE (
    id   uuid,
    name text
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select p.id, p.first_name || ' ' || p.last_name
  from (select d.participant_id from app.hour_declarations d where d.market_id = p_market_id and d.corrects_id is null
        union
        select a.participant_id from app.market_assignments a where a.market_id = p_market_id) on_market
  join app.participants p on p.id = on_market.participant_id
  order by p.last_name, p.first_name
$function$;

CREATE OR REPLACE FUNCTION public.save_hour_declaration (
  p_market_id          uuid,
  p_participant_id     uuid,
  p_month              date,
  p_realisation_mode   text,
  p_hours              numeric DEFAULT NULL::numeric,
  p_invoiced_amount_ht numeric DEFAULT NULL::numeric,
  p_employer_id        uuid    DEFAULT NULL::uuid,
  p_idempotency_key    uuid    DEFAULT NULL::uuid
)
  RETURNS uuid
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  market app.markets;
  territory app.territories;
  line_id uuid;
  computed_hours numeric;
  existing app.hour_declarations;
  v_subcontracted boolean := p_realisation_mode in ('subcontracting', 'co_contracting');
  v_employer uuid;
begin
  if p_idempotency_key is not null then
    select * into existing from app.hour_declarations where idempotency_key = p_idempotency_key;
    if found then
      return existing.id;
    end if;
  end if;
  select * into market from app.markets where id = p_market_id;
  if not found then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if market.company_id is null or market.company_id not in (select app.my_organisations()) then
    perform app.fail('42501', 'not_market_company');
  end if;
  if market.status <> 'running' then
    perform app.fail('55000', 'market_not_running');
  end if;
  if p_month is null or extract(day from p_month) <> 1 then
    perform app.fail('22023', 'month_invalid');
  end if;
  if p_month > date_trunc('month', current_date)::date then
    perform app.fail('22023', 'month_in_future');
  end if;
  select * into territory from app.territories where id = market.territory_id;
  if v_subcontracted then
    if p_invoiced_amount_ht is null or p_invoiced_amount_ht <= 0 then
      perform app.fail('22023', 'invoiced_amount_required');
    end if;
    computed_hours := round(p_invoiced_amount_ht * territory.subcontracting_labour_share / territory.subcontracting_hourly_cost, 2);
  else
    if p_hours is null or p_hours <= 0 or p_hours > 250 then
      perform app.fail('22023', 'hours_invalid');
    end if;
    computed_hours := p_hours;
  end if;
  if not exists (select 1 from app.market_assignments a where a.market_id = p_market_id and a.participant_id = p_participant_id)
     and not exists (select 1 from app.hour_declarations d
                     where d.market_id = p_market_id and d.participant_id = p_participant_id and d.corrects_id is null) then
    perform app.fail('22023', 'participant_not_on_market');
  end if;

  select * into existing from app.hour_declarations
  where market_id = p_market_id and participant_id = p_participant_id and month = p_month
    and realisation_mode = p_realisation_mode and corrects_id is null;
  v_employer := coalesce(p_employer_id, existing.employer_id);
  if v_subcontracted and v_employer is null then
    perform app.fail('22023', 'siae_required');
  end if;
  if v_employer is not null and v_employer is distinct from existing.employer_id
     and not exists (select 1 from app.organisations o
                     where o.id = v_employer and o.kind = 'siae' and o.territory_id = market.territory_id) then
    perform app.fail('22023', 'siae_invalid');
  end if;

  if existing.id is not null then
    if existing.status = 'validated' then
      perform app.fail('55000', 'declaration_validated');
    end if;
    update app.hour_declarations
       set hours = computed_hours, invoiced_amount_ht = p_invoiced_amount_ht, employer_id = v_employer,
           status = 'draft', rejection_reason = null, submitted_at = null
     where id = existing.id;
    return existing.id;
  end if;

  line_id := gen_random_uuid();
  insert into app.hour_declarations (id, market_id, participant_id, month, realisation_mode, employer_id, hours,
    invoiced_amount_ht, status, siae_confirmation, idempotency_key, created_by)
  values (line_id, p_market_id, p_participant_id, p_month, p_realisation_mode, v_employer, computed_hours,
    p_invoiced_amount_ht, 'draft', case when v_subcontracted then 'pending' end,
    p_idempotency_key, (select auth.uid()));
  return line_id;
end;
$function$;

ALTER TABLE "app"."market_month_hours"
  ADD CONSTRAINT "market_month_hours_market_id_fkey" FOREIGN KEY (market_id) REFERENCES app.markets(id);

CREATE INDEX hour_declarations_corrects_idx ON app.hour_declarations USING btree (corrects_id);

CREATE INDEX hour_declarations_created_by_idx ON app.hour_declarations USING btree (created_by);

CREATE INDEX hour_declarations_employer_idx ON app.hour_declarations USING btree (employer_id);

CREATE INDEX hour_declarations_market_month_idx ON app.hour_declarations USING btree (market_id, month);

CREATE INDEX hour_declarations_participant_idx ON app.hour_declarations USING btree (participant_id);

CREATE INDEX hour_declarations_validated_by_idx ON app.hour_declarations USING btree (validated_by);

CREATE INDEX market_assignments_created_by_idx ON app.market_assignments USING btree (created_by);

CREATE INDEX participant_exits_recorded_by_idx ON app.participant_exits USING btree (recorded_by);

CREATE INDEX participants_candidature_idx ON app.participants USING btree (candidature_id);

CREATE INDEX participants_eligibility_checked_by_idx ON app.participants USING btree (eligibility_checked_by);

CREATE INDEX participants_territory_idx ON app.participants USING btree (territory_id, last_name, first_name);

CREATE TRIGGER hour_declarations_tally_delete
  AFTER DELETE ON app.hour_declarations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT
  EXECUTE FUNCTION app.tally_market_month_hours();

CREATE TRIGGER hour_declarations_tally_insert
  AFTER INSERT ON app.hour_declarations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT
  EXECUTE FUNCTION app.tally_market_month_hours();

CREATE TRIGGER hour_declarations_tally_update
  AFTER UPDATE ON app.hour_declarations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT
  EXECUTE FUNCTION app.tally_market_month_hours();

ALTER POLICY "candidature_transitions_insert_anon" ON "app"."candidature_transitions" TO "anon";

CREATE POLICY "candidature_transitions_insert" ON "app"."candidature_transitions"
  FOR INSERT
  TO "authenticated"
  WITH
    CHECK
    ((((from_status IS NULL) AND (to_status = 'received'::text) AND (actor_user_id IS NULL)) OR ((actor_user_id = ( SELECT auth.uid() AS uid)) AND (candidature_id IN ( SELECT c.id
   FROM app.candidatures c
  WHERE (c.territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories))))) OR
    ((actor_user_id = ( SELECT auth.uid() AS uid)) AND (from_status = 'sent_to_company'::text) AND (to_status = ANY (ARRAY['hired'::text, 'declined'::text])) AND (candidature_id IN
    ( SELECT c.id
   FROM app.candidatures c
  WHERE ((c.transmitted_at IS NOT NULL) AND (c.job_offer_id IN ( SELECT o.id
           FROM app.job_offers o
          WHERE (o.market_id IN ( SELECT app.my_company_markets() AS my_company_markets))))))))));

CREATE POLICY "candidature_transitions_select" ON "app"."candidature_transitions"
  FOR SELECT
  TO "authenticated"
  USING ((candidature_id IN ( SELECT c.id
   FROM app.candidatures c
  WHERE
    ((c.territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR (c.prescriber_organisation_id IN ( SELECT app.my_organisations() AS
    my_organisations)) OR ((c.transmitted_at IS NOT NULL) AND (c.job_offer_id IN ( SELECT o.id
           FROM app.job_offers o
          WHERE (o.market_id IN ( SELECT app.my_company_markets() AS my_company_markets)))))))));

CREATE POLICY "candidatures_select" ON "app"."candidatures"
  FOR SELECT
  TO "authenticated"
  USING
    (((territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR (prescriber_organisation_id IN ( SELECT app.my_organisations() AS
    my_organisations)) OR ((transmitted_at IS NOT NULL) AND (status = ANY (ARRAY['sent_to_company'::text, 'hired'::text, 'declined'::text])) AND (job_offer_id IN ( SELECT o.id
   FROM app.job_offers o
  WHERE (o.market_id IN ( SELECT app.my_company_markets() AS my_company_markets)))))));

CREATE POLICY "candidatures_update" ON "app"."candidatures"
  FOR UPDATE
  TO "authenticated"
  USING (((territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR ((status = 'sent_to_company'::text) AND (transmitted_at IS
    NOT NULL) AND (job_offer_id IN ( SELECT o.id
   FROM app.job_offers o
  WHERE (o.market_id IN ( SELECT app.my_company_markets() AS my_company_markets)))))))
  WITH
    CHECK
    (((territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR ((status = ANY (ARRAY['hired'::text, 'declined'::text])) AND (job_offer_id IN (
    SELECT o.id
   FROM app.job_offers o
  WHERE (o.market_id IN ( SELECT app.my_company_markets() AS my_company_markets)))))));

CREATE POLICY "hour_declarations_insert" ON "app"."hour_declarations"
  FOR INSERT
  TO "authenticated"
  WITH CHECK ((((status = ANY (ARRAY['draft'::text, 'submitted'::text])) AND (market_id IN ( SELECT app.my_company_markets() AS my_company_markets))) OR ((corrects_id IS
    NOT NULL) AND (market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)))));

CREATE POLICY "hour_declarations_select" ON "app"."hour_declarations"
  FOR SELECT
  TO "authenticated"
  USING
    (((market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)) OR (market_id IN ( SELECT app.my_company_markets() AS my_company_markets)) OR (market_id IN (
    SELECT app.my_buyer_markets() AS my_buyer_markets)) OR (employer_id IN ( SELECT app.my_organisations() AS my_organisations))));

CREATE POLICY "hour_declarations_update" ON "app"."hour_declarations"
  FOR UPDATE
  TO "authenticated"
  USING
    ((((status = ANY (ARRAY['draft'::text, 'submitted'::text, 'rejected'::text])) AND (market_id IN ( SELECT app.my_company_markets() AS my_company_markets))) OR (market_id IN (
    SELECT app.my_facilitated_markets() AS my_facilitated_markets))))
  WITH
    CHECK
    ((((status = ANY (ARRAY['draft'::text, 'submitted'::text])) AND (market_id IN ( SELECT app.my_company_markets() AS my_company_markets))) OR (market_id IN ( SELECT
    app.my_facilitated_markets() AS my_facilitated_markets))));

CREATE POLICY "job_offers_insert_facilitator" ON "app"."job_offers"
  FOR INSERT
  TO "authenticated"
  WITH CHECK ((market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)));

CREATE POLICY "job_offers_select" ON "app"."job_offers"
  FOR SELECT
  TO "authenticated"
  USING
    (((status = 'published'::text) OR (territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR (market_id IN ( SELECT app.my_company_markets()
    AS my_company_markets))));

CREATE POLICY "job_offers_update_facilitator" ON "app"."job_offers"
  FOR UPDATE
  TO "authenticated"
  USING ((territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)))
  WITH CHECK ((market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)));

CREATE POLICY "market_assignments_delete_facilitator" ON "app"."market_assignments"
  FOR DELETE
  TO "authenticated"
  USING ((market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)));

CREATE POLICY "market_assignments_insert_facilitator" ON "app"."market_assignments"
  FOR INSERT
  TO "authenticated"
  WITH CHECK ((market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)));

CREATE POLICY "market_assignments_select" ON "app"."market_assignments"
  FOR SELECT
  TO "authenticated"
  USING
    (((market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)) OR (market_id IN ( SELECT app.my_company_markets() AS my_company_markets)) OR (market_id IN (
    SELECT app.my_buyer_markets() AS my_buyer_markets))));

CREATE POLICY "market_month_hours_select" ON "app"."market_month_hours"
  FOR SELECT
  TO "authenticated"
  USING
    (((market_id IN ( SELECT app.my_facilitated_markets() AS my_facilitated_markets)) OR (market_id IN ( SELECT app.my_company_markets() AS my_company_markets)) OR (market_id IN (
    SELECT app.my_buyer_markets() AS my_buyer_markets))));

CREATE POLICY "markets_select" ON "app"."markets"
  FOR SELECT
  TO "authenticated"
  USING
    (((territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR (buyer_id IN ( SELECT app.my_organisations() AS my_organisations)) OR
    (company_id IN ( SELECT app.my_organisations() AS my_organisations))));

CREATE POLICY "memberships_select" ON "app"."memberships"
  FOR SELECT
  TO "authenticated"
  USING (((user_id = ( SELECT auth.uid() AS uid)) OR (organisation_id IN ( SELECT o.id
   FROM app.organisations o
  WHERE (o.territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories))))));

CREATE POLICY "operations_select" ON "app"."operations"
  FOR SELECT
  TO "authenticated"
  USING (((territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR (id IN ( SELECT m.operation_id
   FROM app.markets m
  WHERE ((m.buyer_id IN ( SELECT app.my_organisations() AS my_organisations)) OR (m.company_id IN ( SELECT app.my_organisations() AS my_organisations)))))));

CREATE POLICY "organisations_select" ON "app"."organisations"
  FOR SELECT
  TO "authenticated"
  USING
    (((id IN ( SELECT app.my_organisations() AS my_organisations)) OR (territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR (id IN ( SELECT
    m.buyer_id
   FROM app.markets m)) OR (id IN ( SELECT m.company_id
   FROM app.markets m)) OR ((kind = 'siae'::text) AND (territory_id IN ( SELECT m.territory_id
   FROM app.markets m
  WHERE (m.company_id IN ( SELECT app.my_organisations() AS my_organisations)))))));

CREATE POLICY "participants_select" ON "app"."participants"
  FOR SELECT
  TO "authenticated"
  USING (((territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR (id IN ( SELECT app.my_company_participants() AS my_company_participants))));

COMMENT ON TABLE "app"."market_month_hours" IS 'Total des heures déclarées par marché, mois et statut (somme exacte des lignes, tenue par déclencheur).';

REVOKE ALL ON FUNCTION "app"."my_buyer_markets"() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."my_buyer_markets"() TO "authenticated";

REVOKE ALL ON FUNCTION "app"."my_buyer_markets"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."my_buyer_markets"() TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."my_buyer_markets"() TO "service_role";

REVOKE ALL ON FUNCTION "app"."my_company_markets"() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."my_company_markets"() TO "authenticated";

REVOKE ALL ON FUNCTION "app"."my_company_markets"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."my_company_markets"() TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."my_company_markets"() TO "service_role";

REVOKE ALL ON FUNCTION "app"."my_company_participants"() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."my_company_participants"() TO "authenticated";

REVOKE ALL ON FUNCTION "app"."my_company_participants"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."my_company_participants"() TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."my_company_participants"() TO "service_role";

REVOKE ALL ON FUNCTION "app"."my_facilitated_markets"() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."my_facilitated_markets"() TO "authenticated";

REVOKE ALL ON FUNCTION "app"."my_facilitated_markets"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."my_facilitated_markets"() TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."my_facilitated_markets"() TO "service_role";

REVOKE ALL ON FUNCTION "app"."tally_market_month_hours"() FROM PUBLIC;

REVOKE ALL ON FUNCTION "app"."tally_market_month_hours"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."tally_market_month_hours"() TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."tally_market_month_hours"() TO "service_role";

GRANT SELECT ON TABLE "app"."market_month_hours" TO "authenticated";

REVOKE ALL ON TABLE "app"."market_month_hours" FROM "postgres";

GRANT DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "app"."market_month_hours" TO "postgres";

GRANT DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "app"."market_month_hours" TO "service_role";

-- Data (written by hand after the generated diff; the declarative schemas hold no data): the
-- totals of the lines already there. Later lines are added by the tally triggers above.
INSERT INTO app.market_month_hours (market_id, month, status, hours, lines)
SELECT market_id, month, status, sum(hours), count(*)::int FROM app.hour_declarations GROUP BY 1, 2, 3;

ANALYZE app.hour_declarations, app.market_month_hours, app.participants;

-- Dashboards: the facilitator's dashboard and the buyer's yearly summary.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Every function is SECURITY INVOKER: what each caller sees is decided by the row-level security
-- of the tables.

-- Facilitator's dashboard, as of a given day.
create or replace function public.facilitator_dashboard(p_today date default current_date) returns json
language sql stable
set search_path = ''
as $$
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
$$;
grant execute on function public.facilitator_dashboard(date) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Buyer's yearly summary
-- ---------------------------------------------------------------------------------------------

-- The markets of one of the caller's buyer organisations (p_organisation_id, the organisation
-- chosen in the partner space; all of the caller's organisations when null) that ran during the year: hours due, hours validated in the
-- year and to its end, people with validated hours in the year. A count of people below the
-- territory's threshold K is null, with secondary suppression across markets
-- (app.suppress_additive), as on the public site (DOMAIN.md §10).
create or replace function public.buyer_year_summary(p_year int, p_organisation_id uuid default null) returns json
language plpgsql stable
set search_path = ''
as $$
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
$$;
grant execute on function public.buyer_year_summary(int, uuid) to authenticated;

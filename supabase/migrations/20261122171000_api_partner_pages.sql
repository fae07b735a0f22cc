-- Partner API for the pages of /espace/: dashboards, declaration lists, the candidature
-- pipeline, participants, markets creation. Every function is SECURITY INVOKER: what each
-- caller sees and may change is decided by the row-level security of the tables.

-- Facilitator's dashboard, as of a given day.
create or replace function public.facilitator_dashboard(p_today date default current_date) returns json
language sql stable
set search_path = ''
as $$
  with my_markets as (
    select m.*, c.name as company_name,
           coalesce((select sum(d.hours) from app.hour_declarations d where d.market_id = m.id and d.status = 'validated'), 0) as validated
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
    'declarations_waiting', (select count(*) from app.hour_declarations d join my_markets mm on mm.id = d.market_id where d.status = 'submitted'),
    'late', coalesce((select json_agg(json_build_object('market_id', mm.id, 'title', mm.title, 'company', mm.company_name, 'month', lm.month) order by mm.title)
      from my_markets mm, last_month lm
      where mm.status = 'running' and coalesce(mm.starts_on, lm.month) <= lm.month and coalesce(mm.ends_on, lm.month) >= lm.month
        and not exists (select 1 from app.hour_declarations d where d.market_id = mm.id and d.month = lm.month)), '[]'),
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

-- Declaration lines visible to the caller, filtered.
create or replace function public.list_declarations(p_status text default null, p_market_id uuid default null, p_month date default null)
returns table (
  id uuid, market_id uuid, market_title text, company_name text, participant_id uuid, participant_name text,
  month date, realisation_mode text, hours numeric, invoiced_amount_ht numeric, status text, rejection_reason text,
  submitted_at timestamptz, validated_at timestamptz
)
language sql stable
set search_path = ''
as $$
  select d.id, d.market_id, m.title, c.name, d.participant_id, coalesce(p.first_name || ' ' || p.last_name, 'Participant'),
         d.month, d.realisation_mode, d.hours, d.invoiced_amount_ht, d.status, d.rejection_reason, d.submitted_at, d.validated_at
  from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  left join app.organisations c on c.id = m.company_id
  left join app.participants p on p.id = d.participant_id
  where (p_status is null or d.status = p_status)
    and (p_market_id is null or d.market_id = p_market_id)
    and (p_month is null or d.month = p_month)
  order by d.month desc, m.title, p.last_name
  limit 500
$$;
grant execute on function public.list_declarations(text, uuid, date) to authenticated;

-- The people a company can declare hours for on a market: those it already declared there,
-- and those hired through a candidature to one of the market's offers.
create or replace function public.market_participants(p_market_id uuid)
returns table (id uuid, name text)
language sql stable
set search_path = ''
as $$
  select p.id, p.first_name || ' ' || p.last_name
  from app.participants p
  where p.id in (select d.participant_id from app.hour_declarations d where d.market_id = p_market_id)
  order by p.last_name, p.first_name
$$;
grant execute on function public.market_participants(uuid) to authenticated;

-- A facilitator creates a market; hours due follow the sizing rule unless given explicitly.
create or replace function public.create_market(
  p_territory_slug text, p_title text, p_buyer_id uuid, p_clause_type text,
  p_company_id uuid default null, p_estimated_amount_ht numeric default null, p_labour_share numeric default null,
  p_insertion_rate numeric default null, p_hourly_cost numeric default null, p_hours_due numeric default null,
  p_starts_on date default null, p_ends_on date default null, p_decp_id text default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_territory uuid;
  v_id uuid := gen_random_uuid();
  v_hours numeric;
begin
  select t.id into v_territory from app.territories t
  where t.slug = p_territory_slug and t.id in (select app.my_facilitated_territories());
  if v_territory is null then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  if p_hours_due is not null then
    v_hours := p_hours_due;
  elsif p_estimated_amount_ht is not null and p_labour_share is not null and p_insertion_rate is not null and p_hourly_cost is not null then
    v_hours := floor(p_estimated_amount_ht * p_labour_share * p_insertion_rate / p_hourly_cost);
  end if;
  insert into app.markets (id, territory_id, buyer_id, company_id, title, clause_type, estimated_amount_ht, labour_share,
    insertion_rate, hourly_cost, hours_due, hours_due_overridden, starts_on, ends_on, decp_id, status)
  values (v_id, v_territory, p_buyer_id, p_company_id, p_title, p_clause_type, p_estimated_amount_ht, p_labour_share,
    p_insertion_rate, p_hourly_cost, v_hours, p_hours_due is not null, p_starts_on, p_ends_on, p_decp_id, 'running');
  return v_id;
end;
$$;
grant execute on function public.create_market(text, text, uuid, text, uuid, numeric, numeric, numeric, numeric, numeric, date, date, text) to authenticated;

-- Organisations the caller may pick in forms (buyers and companies of their territory).
create or replace function public.list_organisations(p_kind text default null)
returns table (id uuid, name text, kind text, territory_slug text)
language sql stable
set search_path = ''
as $$
  select o.id, o.name, o.kind, t.slug from app.organisations o left join app.territories t on t.id = o.territory_id
  where p_kind is null or o.kind = p_kind
  order by o.name
$$;
grant execute on function public.list_organisations(text) to authenticated;

-- Candidatures visible to the caller (facilitators: their territory; prescribers: their own).
create or replace function public.list_candidatures(p_status text default null)
returns table (
  id uuid, reference text, status text, created_at timestamptz, offer_id uuid, offer_trade text, territory_slug text,
  first_name text, last_name text, commune text, eligibility text[], submitted_by text, prescriber_organisation_name text
)
language sql stable
set search_path = ''
as $$
  select c.id, c.reference, c.status, c.created_at, o.id, o.trade, t.slug, c.first_name, c.last_name, c.commune,
         c.eligibility, c.submitted_by, c.prescriber_organisation_name
  from app.candidatures c
  join app.territories t on t.id = c.territory_id
  left join app.job_offers o on o.id = c.job_offer_id
  where p_status is null or c.status = p_status
  order by c.created_at desc
  limit 500
$$;
grant execute on function public.list_candidatures(text) to authenticated;

-- Move a candidature along its workflow (DOMAIN.md §7); every move is logged. Hiring creates
-- the participant and makes the person's other pending candidatures to the same offer obsolete.
create or replace function public.transition_candidature(p_id uuid, p_to text, p_reason text default null) returns text
language plpgsql
set search_path = ''
as $$
declare
  c app.candidatures;
  allowed text[];
begin
  select * into c from app.candidatures where id = p_id and territory_id in (select app.my_facilitated_territories());
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  allowed := case c.status
    when 'received' then array['in_review', 'declined', 'withdrawn']
    when 'in_review' then array['shortlisted', 'declined', 'withdrawn']
    when 'shortlisted' then array['sent_to_company', 'declined', 'withdrawn']
    when 'sent_to_company' then array['hired', 'declined', 'withdrawn']
    else array[]::text[] end;
  if not (p_to = any (allowed)) then
    perform app.fail('55000', 'transition_not_allowed');
  end if;
  if p_to = 'declined' and (p_reason is null or p_reason not in (
      'not_eligible', 'profile_mismatch', 'position_filled', 'not_reachable', 'candidate_declined', 'other')) then
    perform app.fail('22023', 'refusal_reason_required');
  end if;
  update app.candidatures set status = p_to, refusal_reason = case when p_to = 'declined' then p_reason end,
    last_contact_at = now() where id = p_id;
  insert into app.candidature_transitions (candidature_id, from_status, to_status, reason, actor_user_id)
  values (p_id, c.status, p_to, p_reason, (select auth.uid()));
  if p_to = 'hired' then
    insert into app.participants (territory_id, candidature_id, first_name, last_name, commune, eligibility,
      eligibility_checked_by, eligibility_checked_at, parcours_started_on)
    values (c.territory_id, c.id, c.first_name, c.last_name, c.commune, c.eligibility, (select auth.uid()), now(), current_date);
    with targets as (
      select o.id, o.status from app.candidatures o
      where o.job_offer_id = c.job_offer_id and o.id <> c.id
        and o.status in ('received', 'in_review', 'shortlisted', 'sent_to_company')
        and lower(o.last_name) = lower(c.last_name) and lower(o.first_name) = lower(c.first_name)
    ), updated as (
      update app.candidatures o set status = 'obsolete', last_contact_at = now()
      where o.id in (select id from targets)
    )
    insert into app.candidature_transitions (candidature_id, from_status, to_status, reason, actor_user_id)
    select id, status, 'obsolete', 'hired_elsewhere', (select auth.uid()) from targets;
  end if;
  return p_to;
end;
$$;
grant execute on function public.transition_candidature(uuid, text, text) to authenticated;

create or replace function public.list_participants()
returns table (id uuid, first_name text, last_name text, territory_slug text, eligibility text[], eligibility_checked_at timestamptz,
               parcours_started_on date, parcours_ended_on date, hours_validated numeric, markets int)
language sql stable
set search_path = ''
as $$
  select p.id, p.first_name, p.last_name, t.slug, p.eligibility, p.eligibility_checked_at, p.parcours_started_on, p.parcours_ended_on,
         coalesce((select sum(d.hours) from app.hour_declarations d where d.participant_id = p.id and d.status = 'validated'), 0),
         (select count(distinct d.market_id)::int from app.hour_declarations d where d.participant_id = p.id)
  from app.participants p join app.territories t on t.id = p.territory_id
  order by p.last_name, p.first_name
  limit 1000
$$;
grant execute on function public.list_participants() to authenticated;

-- A company saves its monthly declaration for a market: every line in one transaction, and
-- optionally submits the month to the facilitator in the same action.
-- Lines: [{participant_id, realisation_mode, hours?, invoiced_amount_ht?, employer_id?}].
create or replace function public.save_month_declaration(p_market_id uuid, p_month date, p_lines jsonb, p_submit boolean default false)
returns int
language plpgsql
set search_path = ''
as $$
declare
  line jsonb;
  saved int := 0;
begin
  if jsonb_typeof(p_lines) is distinct from 'array' or jsonb_array_length(p_lines) = 0 then
    perform app.fail('22023', 'lines_required');
  end if;
  for line in select value from jsonb_array_elements(p_lines) loop
    perform public.save_hour_declaration(
      p_market_id,
      (line ->> 'participant_id')::uuid,
      p_month,
      line ->> 'realisation_mode',
      (line ->> 'hours')::numeric,
      (line ->> 'invoiced_amount_ht')::numeric,
      (line ->> 'employer_id')::uuid,
      null);
    saved := saved + 1;
  end loop;
  if p_submit then
    perform public.submit_hour_declarations(p_market_id, p_month);
  end if;
  return saved;
end;
$$;
grant execute on function public.save_month_declaration(uuid, date, jsonb, boolean) to authenticated;

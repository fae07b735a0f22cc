-- Which people work on which market (DOMAIN.md §8): the facilitator assigns participants to a
-- market, and a hire on one of the market's offers assigns the person to it.
--
-- Until now the people a company could declare hours for on a market were those it had already
-- declared hours for there: a person newly hired, or a participant created by the facilitator,
-- could never get a first line; and public.save_hour_declaration accepted any participant id,
-- which then made that person readable by the company (policy participants_select_company).
-- This migration:
--   * adds app.market_assignments, written by the territory's facilitators
--     (public.assign_participant, public.unassign_participant) and by app.apply_hire;
--   * defines "on a market" as assigned to it, or with hour declarations on it already (the lines
--     declared before this migration stay valid): public.market_participants lists those people,
--     the company reads them (policy participants_select_company), and
--     public.save_hour_declaration refuses anyone else (participant_not_on_market).
-- Errors are app.fail keys mapped in src/server/errors.ts. Who may call what:
-- test/integration/market-assignments.test.ts.

-- ---------------------------------------------------------------------------------------------
-- Table
-- ---------------------------------------------------------------------------------------------

create table app.market_assignments (
  market_id uuid not null references app.markets (id) on delete cascade,
  participant_id uuid not null references app.participants (id) on delete cascade,
  assigned_on date not null default current_date,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (market_id, participant_id)
);
create index market_assignments_participant_idx on app.market_assignments (participant_id);
comment on table app.market_assignments is 'Affectation d''un participant à un marché : l''entreprise titulaire peut déclarer ses heures sur ce marché. Faite par le facilitateur du territoire, ou à l''embauche sur une offre du marché.';
comment on column app.market_assignments.assigned_on is 'Date de l''affectation au marché.';
comment on column app.market_assignments.created_by is 'Compte qui a affecté la personne (facilitateur, ou entreprise qui a recruté sur une offre du marché).';

-- A participant is assigned only to a market of their own territory, whoever writes the row.
-- SECURITY INVOKER: a facilitator reads the participants and markets of their territories only,
-- so an unknown or invisible participant is refused the same way.
create or replace function app.check_market_assignment() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from app.participants p join app.markets m on m.territory_id = p.territory_id
                 where p.id = new.participant_id and m.id = new.market_id) then
    perform app.fail('22023', 'participant_not_in_territory');
  end if;
  return new;
end;
$$;
grant execute on function app.check_market_assignment() to authenticated, service_role;
create trigger market_assignments_territory before insert or update on app.market_assignments
  for each row execute function app.check_market_assignment();

-- Row-level security. The policies read markets only (whose policies call only the SECURITY
-- DEFINER helpers), never participants: participants_select_company reads this table, and a
-- policy here reading participants would recurse.
alter table app.market_assignments enable row level security;
grant select, insert, delete on app.market_assignments to authenticated;

create policy market_assignments_select_facilitator on app.market_assignments for select to authenticated
  using (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy market_assignments_select_company on app.market_assignments for select to authenticated
  using (market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy market_assignments_select_buyer on app.market_assignments for select to authenticated
  using (market_id in (select m.id from app.markets m where m.buyer_id in (select app.my_organisations())));
create policy market_assignments_insert_facilitator on app.market_assignments for insert to authenticated
  with check (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy market_assignments_delete_facilitator on app.market_assignments for delete to authenticated
  using (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));

-- A company reads the people on its markets: those it declared hours for, and those assigned.
drop policy participants_select_company on app.participants;
create policy participants_select_company on app.participants for select to authenticated
  using (id in (select d.participant_id from app.hour_declarations d
                join app.markets m on m.id = d.market_id
                where m.company_id in (select app.my_organisations()))
      or id in (select a.participant_id from app.market_assignments a
                join app.markets m on m.id = a.market_id
                where m.company_id in (select app.my_organisations())));

-- ---------------------------------------------------------------------------------------------
-- API
-- ---------------------------------------------------------------------------------------------

-- The people on a market, for the company's monthly form and the facilitator's market page:
-- assigned to it, or with hour declarations on it already. SECURITY INVOKER: each caller sees
-- the people their row-level security lets them read (a buyer reads none).
create or replace function public.market_participants(p_market_id uuid)
returns table (id uuid, name text)
language sql stable
set search_path = ''
as $$
  select p.id, p.first_name || ' ' || p.last_name
  from app.participants p
  where p.id in (select d.participant_id from app.hour_declarations d where d.market_id = p_market_id)
     or p.id in (select a.participant_id from app.market_assignments a where a.market_id = p_market_id)
  order by p.last_name, p.first_name
$$;
grant execute on function public.market_participants(uuid) to authenticated;

-- The territory's facilitator assigns a participant of the territory to a running or draft
-- market. Assigning again changes nothing.
create or replace function public.assign_participant(p_market_id uuid, p_participant_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_status text;
begin
  select m.status into v_status from app.markets m
  where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories());
  if v_status is null then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if v_status = 'closed' then
    perform app.fail('55000', 'market_closed');
  end if;
  -- The participant's territory is checked by the trigger app.check_market_assignment.
  insert into app.market_assignments (market_id, participant_id, assigned_on, created_by)
  values (p_market_id, p_participant_id, current_date, (select auth.uid()))
  on conflict (market_id, participant_id) do nothing;
end;
$$;
grant execute on function public.assign_participant(uuid, uuid) to authenticated;

-- The territory's facilitator removes an assignment made by mistake. Refused once the person
-- has hour declarations on the market (whatever their status): they stay on the market.
-- Removing an assignment that does not exist changes nothing.
create or replace function public.unassign_participant(p_market_id uuid, p_participant_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from app.markets m
                 where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories())) then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if exists (select 1 from app.hour_declarations d where d.market_id = p_market_id and d.participant_id = p_participant_id) then
    perform app.fail('55000', 'assignment_has_hours');
  end if;
  delete from app.market_assignments a where a.market_id = p_market_id and a.participant_id = p_participant_id;
end;
$$;
grant execute on function public.unassign_participant(uuid, uuid) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- A hire assigns the person to the offer's market
-- ---------------------------------------------------------------------------------------------

-- Same function as in 20261122200000_api_candidature_pipeline.sql (same checks of its caller,
-- same participant, same obsolete candidatures), plus one step: the participant is assigned to
-- the market of the offer, so that the company can declare their hours (once only; a
-- participant of another territory than the market's is never assigned). SECURITY DEFINER for
-- the reasons given there: a company that hires may not read the other candidatures, nor
-- write assignments.
create or replace function app.apply_hire(p_candidature_id uuid) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  c app.candidatures;
  v_company uuid;
  v_facilitator boolean;
  v_participant uuid;
begin
  select * into c from app.candidatures where id = p_candidature_id;
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  select mk.company_id into v_company from app.job_offers jo join app.markets mk on mk.id = jo.market_id where jo.id = c.job_offer_id;
  v_facilitator := c.territory_id in (select app.my_facilitated_territories());
  if not v_facilitator and (v_company is null or v_company not in (select app.my_organisations())) then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  if c.status <> 'hired' then
    perform app.fail('55000', 'candidature_not_hired');
  end if;

  v_participant := c.participant_id;
  if v_participant is null then
    select p.id into v_participant from app.participants p where p.candidature_id = c.id limit 1;
  end if;
  if v_participant is null then
    select p.id into v_participant from app.participants p
    where p.territory_id = c.territory_id
      and lower(p.first_name) = lower(c.first_name) and lower(p.last_name) = lower(c.last_name)
      and lower(coalesce(p.commune, '')) = lower(c.commune)
      and (p.parcours_ended_on is null or p.parcours_ended_on >= current_date)
    order by p.parcours_started_on desc
    limit 1;
  end if;
  if v_participant is null then
    -- The eligibility facts are copied as declared; a hire recorded by the company leaves them
    -- to be checked by the facilitator.
    insert into app.participants (territory_id, candidature_id, first_name, last_name, commune, eligibility,
      eligibility_checked_by, eligibility_checked_at, parcours_started_on)
    values (c.territory_id, c.id, c.first_name, c.last_name, c.commune, c.eligibility,
      case when v_facilitator then (select auth.uid()) end, case when v_facilitator then now() end, current_date)
    returning id into v_participant;
  end if;
  update app.candidatures set participant_id = v_participant where id = c.id and participant_id is distinct from v_participant;

  -- The person is on the offer's market from now on.
  insert into app.market_assignments (market_id, participant_id, assigned_on, created_by)
  select jo.market_id, v_participant, current_date, (select auth.uid())
  from app.job_offers jo
  join app.markets mk on mk.id = jo.market_id
  join app.participants p on p.id = v_participant and p.territory_id = mk.territory_id
  where jo.id = c.job_offer_id and jo.market_id is not null
  on conflict (market_id, participant_id) do nothing;

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
  return v_participant;
end;
$$;

-- Hired before this migration (none on a new deployment): assigned to their offer's market.
insert into app.market_assignments (market_id, participant_id, assigned_on)
select distinct jo.market_id, c.participant_id, coalesce(p.parcours_started_on, current_date)
from app.candidatures c
join app.job_offers jo on jo.id = c.job_offer_id
join app.markets mk on mk.id = jo.market_id
join app.participants p on p.id = c.participant_id and p.territory_id = mk.territory_id
where c.status = 'hired' and c.participant_id is not null
on conflict (market_id, participant_id) do nothing;

-- ---------------------------------------------------------------------------------------------
-- Saving a line: only for a person on the market
-- ---------------------------------------------------------------------------------------------

-- Same function as in 20261122220000_subcontracting_siae.sql, plus one check: the participant
-- is on the market, assigned to it or with hour declarations on it already
-- (participant_not_on_market). The company can read both (policies
-- market_assignments_select_company, hour_declarations_select_company).
create or replace function public.save_hour_declaration(
  p_market_id uuid,
  p_participant_id uuid,
  p_month date,
  p_realisation_mode text,
  p_hours numeric default null,
  p_invoiced_amount_ht numeric default null,
  p_employer_id uuid default null,
  p_idempotency_key uuid default null
) returns uuid
language plpgsql
set search_path = ''
as $$
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
     and not exists (select 1 from app.hour_declarations d where d.market_id = p_market_id and d.participant_id = p_participant_id) then
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
$$;

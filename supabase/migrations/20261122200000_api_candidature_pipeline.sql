-- The candidature pipeline of the partner space (DOMAIN.md §7): the log of each candidature
-- with who did what, the files the facilitator transmits to the company holding the offer's
-- market, and the company's choice (hire, or decline with a reason from the closed list).
--
-- Minimisation (DOMAIN.md §11): a company reads only the candidatures transmitted to it, and
-- only what it needs to choose (name, commune, availability, mobility, message, the offer),
-- never the eligibility facts, which are the facilitator's business. Row-level security decides
-- which rows; public.list_company_candidatures decides which columns; public.list_candidatures
-- stays the facilitators' and prescribers' list.
--
-- Every public function here is SECURITY INVOKER. One helper, app.apply_hire, is SECURITY
-- DEFINER: a company that hires must make the person's other pending candidatures to the offer
-- obsolete, and it may not read them (they were never transmitted to it). The helper checks
-- that the candidature is hired and that the caller is its territory's facilitator or the
-- company holding its offer's market, and does nothing else.

-- Columns ------------------------------------------------------------------------------------

alter table app.candidatures add column transmitted_at timestamptz;
alter table app.candidatures add column participant_id uuid references app.participants (id) on delete set null;
comment on column app.candidatures.transmitted_at is 'Date de transmission du dossier à l''entreprise (état « transmise à l''entreprise ») : à partir de là, l''entreprise titulaire du marché de l''offre le lit.';
comment on column app.candidatures.participant_id is 'Participant créé ou retrouvé à l''embauche.';

alter table app.candidature_transitions add column actor_role text
  check (actor_role in ('facilitator', 'buyer', 'company', 'siae', 'prescriber'));
alter table app.candidature_transitions add column actor_organisation text;
alter table app.candidature_transitions add column actor_name text;
comment on column app.candidature_transitions.actor_role is 'Rôle dans lequel l''auteur a agi (facilitateur du territoire, entreprise de l''offre…) ; vide pour le formulaire public.';
comment on column app.candidature_transitions.actor_organisation is 'Organisation pour laquelle l''auteur a agi.';
comment on column app.candidature_transitions.actor_name is 'Nom affiché de l''auteur (jamais son adresse e-mail).';

-- Whoever writes a log line, its author's role, organisation and display name are stamped from
-- trusted sources (the memberships, the session), never taken from the caller.
create or replace function app.stamp_candidature_transition() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_role text;
  v_organisation text;
begin
  new.actor_role := null;
  new.actor_organisation := null;
  new.actor_name := null;
  if new.actor_user_id is null then
    return new;
  end if;
  select m.role, o.name into v_role, v_organisation
  from app.memberships m
  join app.organisations o on o.id = m.organisation_id
  join app.candidatures c on c.id = new.candidature_id
  where m.user_id = new.actor_user_id
    and ((m.role = 'facilitator' and o.territory_id = c.territory_id)
      or (m.role = 'company' and o.id = (select mk.company_id from app.job_offers jo join app.markets mk on mk.id = jo.market_id
                                         where jo.id = c.job_offer_id))
      or o.id = c.prescriber_organisation_id)
  order by case m.role when 'facilitator' then 1 when 'company' then 2 else 3 end
  limit 1;
  new.actor_role := v_role;
  new.actor_organisation := v_organisation;
  if new.actor_user_id = (select auth.uid()) then
    new.actor_name := nullif(trim(auth.jwt() -> 'user_metadata' ->> 'display_name'), '');
  end if;
  return new;
end;
$$;
grant execute on function app.stamp_candidature_transition() to anon, authenticated, service_role;
create trigger candidature_transitions_stamp before insert on app.candidature_transitions
  for each row execute function app.stamp_candidature_transition();

-- The first transmission to the company is dated; the company reads the candidature from then on.
create or replace function app.date_candidature_transmission() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status = 'sent_to_company' and new.transmitted_at is null then
    new.transmitted_at := now();
  end if;
  return new;
end;
$$;
grant execute on function app.date_candidature_transmission() to anon, authenticated, service_role;
create trigger candidatures_transmission before insert or update of status on app.candidatures
  for each row execute function app.date_candidature_transmission();

-- Rows already there (none on a new deployment).
update app.candidatures c set transmitted_at = coalesce(
    (select min(x.created_at) from app.candidature_transitions x where x.candidature_id = c.id and x.to_status = 'sent_to_company'),
    c.updated_at)
where c.status in ('sent_to_company', 'hired') and c.transmitted_at is null;
update app.candidature_transitions x set actor_role = m.role, actor_organisation = o.name,
    actor_name = nullif(trim(u.raw_user_meta_data ->> 'display_name'), '')
from app.candidatures c, app.memberships m
join app.organisations o on o.id = m.organisation_id
join auth.users u on u.id = m.user_id
where c.id = x.candidature_id and m.user_id = x.actor_user_id and m.role = 'facilitator' and o.territory_id = c.territory_id;

-- Row-level security for the company holding the offer's market ---------------------------------

-- The candidatures transmitted to the company: waiting for its choice, hired, or declined.
create policy candidatures_select_company on app.candidatures for select to authenticated
  using (transmitted_at is not null and status in ('sent_to_company', 'hired', 'declined')
    and job_offer_id in (select o.id from app.job_offers o where o.market_id in (
      select m.id from app.markets m where m.company_id in (select app.my_organisations()))));
-- It chooses among those waiting: hired or declined, nothing else.
create policy candidatures_update_company on app.candidatures for update to authenticated
  using (status = 'sent_to_company' and transmitted_at is not null
    and job_offer_id in (select o.id from app.job_offers o where o.market_id in (
      select m.id from app.markets m where m.company_id in (select app.my_organisations()))))
  with check (status in ('hired', 'declined')
    and job_offer_id in (select o.id from app.job_offers o where o.market_id in (
      select m.id from app.markets m where m.company_id in (select app.my_organisations()))));

create policy candidature_transitions_select_company on app.candidature_transitions for select to authenticated
  using (candidature_id in (select c.id from app.candidatures c where c.transmitted_at is not null
    and c.job_offer_id in (select o.id from app.job_offers o where o.market_id in (
      select m.id from app.markets m where m.company_id in (select app.my_organisations())))));
create policy candidature_transitions_insert_company on app.candidature_transitions for insert to authenticated
  with check (actor_user_id = (select auth.uid()) and from_status = 'sent_to_company' and to_status in ('hired', 'declined')
    and candidature_id in (select c.id from app.candidatures c where c.transmitted_at is not null
      and c.job_offer_id in (select o.id from app.job_offers o where o.market_id in (
        select m.id from app.markets m where m.company_id in (select app.my_organisations())))));

-- Shared steps --------------------------------------------------------------------------------

-- The consequences of a hire, the same whoever records it (DOMAIN.md §7): the person becomes a
-- participant (the one already made from this candidature, else the participant of the
-- territory with the same name and commune whose parcours is running, else a new one), and
-- the person's other pending candidatures to the same offer become obsolete, each logged.
-- SECURITY DEFINER (see the header): it checks its caller itself.
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
revoke execute on function app.apply_hire(uuid) from public, anon;
grant execute on function app.apply_hire(uuid) to authenticated, service_role;

-- One step of a candidature the caller may change (its facilitator, or the company for its
-- choice), in one transaction: the refusal reason from the closed list, the new state, the log
-- line, and for a hire its consequences. The callers check that the step is allowed.
create or replace function app.move_candidature(c app.candidatures, p_to text, p_reason text) returns text
language plpgsql
set search_path = ''
as $$
begin
  if p_to = 'declined' and (p_reason is null or p_reason not in (
      'not_eligible', 'profile_mismatch', 'position_filled', 'not_reachable', 'candidate_declined', 'other')) then
    perform app.fail('22023', 'refusal_reason_required');
  end if;
  update app.candidatures set status = p_to, refusal_reason = case when p_to = 'declined' then p_reason end,
    last_contact_at = now() where id = c.id;
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  insert into app.candidature_transitions (candidature_id, from_status, to_status, reason, actor_user_id)
  values (c.id, c.status, p_to, case when p_to = 'declined' then p_reason end, (select auth.uid()));
  if p_to = 'hired' then
    perform app.apply_hire(c.id);
  end if;
  return p_to;
end;
$$;
grant execute on function app.move_candidature(app.candidatures, text, text) to authenticated, service_role;

-- API ------------------------------------------------------------------------------------------

-- The facilitator moves a candidature along (same contract as before; the hire now goes
-- through app.apply_hire, shared with the company's choice).
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
  return app.move_candidature(c, p_to, p_reason);
end;
$$;
grant execute on function public.transition_candidature(uuid, text, text) to authenticated;

-- The company holding the offer's market chooses among the files transmitted to it.
create or replace function public.company_decide_candidature(p_candidature_id uuid, p_decision text, p_reason text default null)
returns text
language plpgsql
set search_path = ''
as $$
declare
  c app.candidatures;
begin
  if p_decision is null or p_decision not in ('hired', 'declined') then
    perform app.fail('22023', 'candidature_decision_invalid');
  end if;
  select * into c from app.candidatures k
  where k.id = p_candidature_id and k.transmitted_at is not null
    and k.job_offer_id in (select o.id from app.job_offers o where o.market_id in (
      select m.id from app.markets m where m.company_id in (select app.my_organisations())));
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  if c.status <> 'sent_to_company' then
    perform app.fail('55000', 'candidature_already_decided');
  end if;
  return app.move_candidature(c, p_decision, p_reason);
end;
$$;
grant execute on function public.company_decide_candidature(uuid, text, text) to authenticated;

-- The log of one candidature, for whoever may read it (row-level security of the log decides).
-- Who: the role, organisation and display name of the author, never an e-mail.
create or replace function public.candidature_log(p_candidature_id uuid)
returns table (from_status text, to_status text, reason text, created_at timestamptz,
               actor_role text, actor_organisation text, actor_name text)
language sql stable
set search_path = ''
as $$
  select x.from_status, x.to_status, x.reason, x.created_at, x.actor_role, x.actor_organisation, x.actor_name
  from app.candidature_transitions x
  where x.candidature_id = p_candidature_id
  order by x.created_at, x.id
$$;
grant execute on function public.candidature_log(uuid) to authenticated;

-- The facilitators' pipeline (their territories) and the prescribers' and SIAE's follow-up
-- (the candidatures their organisation sent), with each one's log. A company reads its
-- transmitted candidatures through list_company_candidatures only.
drop function public.list_candidatures(text);
create function public.list_candidatures(p_status text default null)
returns table (
  id uuid, reference text, status text, created_at timestamptz, offer_id uuid, offer_trade text, market_title text,
  territory_slug text, first_name text, last_name text, commune text, eligibility text[], availability text,
  mobility text[], message text, submitted_by text, prescriber_organisation_name text, refusal_reason text,
  transmitted_at timestamptz, last_contact_at timestamptz, participant_id uuid, log json
)
language sql stable
set search_path = ''
as $$
  select c.id, c.reference, c.status, c.created_at, o.id, o.trade, m.title, t.slug, c.first_name, c.last_name, c.commune,
         c.eligibility, c.availability, c.mobility, c.message, c.submitted_by, c.prescriber_organisation_name, c.refusal_reason,
         c.transmitted_at, c.last_contact_at, c.participant_id,
         coalesce((select json_agg(l) from public.candidature_log(c.id) l), '[]')
  from app.candidatures c
  join app.territories t on t.id = c.territory_id
  left join app.job_offers o on o.id = c.job_offer_id
  left join app.markets m on m.id = o.market_id
  where (p_status is null or c.status = p_status)
    and (c.territory_id in (select app.my_facilitated_territories())
      or c.prescriber_organisation_id in (select app.my_organisations()))
  order by c.created_at desc
  limit 500
$$;
grant execute on function public.list_candidatures(text) to authenticated;

-- What the company needs to choose, for the candidatures transmitted to it; no eligibility
-- fact, no contact detail, no prescriber.
create or replace function public.list_company_candidatures()
returns table (
  id uuid, reference text, status text, transmitted_at timestamptz, offer_id uuid, offer_trade text, market_id uuid,
  market_title text, first_name text, last_name text, commune text, availability text, mobility text[], message text,
  refusal_reason text, log json
)
language sql stable
set search_path = ''
as $$
  select c.id, c.reference, c.status, c.transmitted_at, o.id, o.trade, m.id, m.title, c.first_name, c.last_name, c.commune,
         c.availability, c.mobility, c.message, c.refusal_reason,
         coalesce((select json_agg(l) from public.candidature_log(c.id) l), '[]')
  from app.candidatures c
  join app.job_offers o on o.id = c.job_offer_id
  join app.markets m on m.id = o.market_id
  where c.transmitted_at is not null
    and c.status in ('sent_to_company', 'hired', 'declined')
    and m.company_id in (select app.my_organisations())
  order by (c.status = 'sent_to_company') desc, c.transmitted_at desc
  limit 500
$$;
grant execute on function public.list_company_candidatures() to authenticated;

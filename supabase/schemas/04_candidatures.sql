-- Candidatures: the public form, the pipeline (transitions, transmission, hire), its e-mails,
-- expiry, withdrawal and the CV.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Candidatures from job seekers and prescribers, with a logged state machine (DOMAIN.md §7).
-- Only what a facilitator needs to pre-select is stored (DOMAIN.md §4, §11): self-declared
-- yes/no eligibility facts, never proof documents, never the NIR.

create table app.candidatures (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  territory_id uuid not null references app.territories (id),
  job_offer_id uuid references app.job_offers (id),
  status text not null default 'received' check (status in (
    'received', 'in_review', 'shortlisted', 'sent_to_company', 'hired', 'declined', 'withdrawn', 'expired', 'obsolete')),
  refusal_reason text check (refusal_reason in (
    'not_eligible', 'profile_mismatch', 'position_filled', 'not_reachable', 'candidate_declined', 'other')),
  -- The person
  first_name text not null check (length(first_name) between 1 and 100),
  last_name text not null check (length(last_name) between 1 and 100),
  email text check (email is null or email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text check (phone is null or phone ~ '^[0-9+ .()-]{6,20}$'),
  commune text not null,
  eligibility text[] not null default '{}' check (eligibility <@ array[
    'deld', 'rsa', 'ass', 'aah', 'invalidity_pension', 'rqth', 'youth_low_qualification', 'senior', 'siae_employee', 'other']),
  availability text,
  mobility text[] not null default '{}' check (mobility <@ array['driving_licence', 'car', 'two_wheeler', 'public_transport']),
  message text check (message is null or length(message) <= 2000),
  cv_path text,
  -- Who applied
  submitted_by text not null default 'candidate' check (submitted_by in ('candidate', 'prescriber')),
  prescriber_organisation_id uuid references app.organisations (id),
  prescriber_organisation_name text,
  prescriber_name text,
  prescriber_email text,
  notice_acknowledged_at timestamptz not null,
  -- Exactly-once submission
  idempotency_key uuid not null unique,
  payload_hash text not null,
  last_contact_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (email is not null or phone is not null),
  check (submitted_by = 'candidate' or (prescriber_name is not null and prescriber_email is not null)),
  transmitted_at timestamptz,
  participant_id uuid, -- references app.participants: the constraint is added with that table (05_participants_and_hours.sql)
  -- The facilitator's eligibility check (DOMAIN.md §4), before or at hire: the criteria retained
  -- and the proofs seen, as codes (never the proof itself), when and by whom. Carried to the
  -- participant at hire (app.apply_hire).
  eligibility_retained text[] check (eligibility_retained <@ array[
    'deld', 'rsa', 'ass', 'aah', 'invalidity_pension', 'rqth', 'youth_low_qualification', 'senior', 'siae_employee', 'other']),
  eligibility_proofs_seen text[] not null default '{}',
  eligibility_checked_at timestamptz,
  eligibility_checked_by uuid references auth.users (id),
  constraint candidatures_proofs_seen_retained check (eligibility_proofs_seen <@ coalesce(eligibility_retained, '{}')),
  constraint candidatures_eligibility_check_dated check ((eligibility_checked_at is null) = (eligibility_retained is null))
);
comment on column app.candidatures.eligibility is 'Critères d''éligibilité déclarés (oui/non), sans justificatif.';
comment on column app.candidatures.idempotency_key is 'Clé d''idempotence du formulaire : un renvoi ne crée jamais de doublon.';
comment on column app.candidatures.transmitted_at is 'Date de transmission du dossier à l''entreprise (état « transmise à l''entreprise ») : à partir de là, l''entreprise titulaire du marché de l''offre le lit.';
comment on column app.candidatures.participant_id is 'Participant créé ou retrouvé à l''embauche.';
comment on column app.candidatures.eligibility_retained is 'Critères d''éligibilité retenus par le facilitateur après vérification (avant ou à l''embauche).';
comment on column app.candidatures.eligibility_proofs_seen is 'Critères dont le facilitateur a vu le justificatif (codes ; le justificatif n''est jamais conservé).';
comment on column app.candidatures.eligibility_checked_at is 'Date de la vérification d''éligibilité ; reprise par le participant à l''embauche.';
comment on column app.candidatures.eligibility_checked_by is 'Facilitateur·rice qui a vérifié l''éligibilité.';
create index candidatures_eligibility_checked_by_idx on app.candidatures (eligibility_checked_by);
create index candidatures_offer_idx on app.candidatures (job_offer_id, status);
create index candidatures_territory_idx on app.candidatures (territory_id, status);
create index candidatures_participant_idx on app.candidatures (participant_id);
create index candidatures_prescriber_organisation_idx on app.candidatures (prescriber_organisation_id);
comment on table app.candidatures is 'Candidature d''une personne (ou d''un prescripteur pour elle) à une offre ou candidature spontanée sur un territoire.';
create trigger candidatures_touch before update on app.candidatures for each row execute function app.touch_updated_at();

create table app.candidature_transitions (
  id bigint generated always as identity primary key,
  candidature_id uuid not null references app.candidatures (id) on delete cascade,
  from_status text,
  to_status text not null,
  reason text,
  actor_user_id uuid references auth.users (id),
  created_at timestamptz not null default now(),
  actor_role text check (actor_role in ('facilitator', 'buyer', 'company', 'siae', 'prescriber')),
  actor_organisation text,
  actor_name text
);
comment on column app.candidature_transitions.actor_role is 'Rôle dans lequel l''auteur a agi (facilitateur du territoire, entreprise de l''offre…) ; vide pour le formulaire public.';
comment on column app.candidature_transitions.actor_organisation is 'Organisation pour laquelle l''auteur a agi.';
comment on column app.candidature_transitions.actor_name is 'Nom affiché de l''auteur (jamais son adresse e-mail).';
create index candidature_transitions_candidature_idx on app.candidature_transitions (candidature_id);
create index candidature_transitions_actor_idx on app.candidature_transitions (actor_user_id);
comment on table app.candidature_transitions is 'Journal des changements d''état d''une candidature : qui, quand, pourquoi.';

alter table app.candidatures enable row level security;
alter table app.candidature_transitions enable row level security;

-- Anonymous people create candidatures only through public.submit_candidature (which needs
-- INSERT here); they can read none back: no select policy for anon.
grant insert on app.candidatures, app.candidature_transitions to anon, authenticated;
grant select, update on app.candidatures to authenticated;
grant select on app.candidature_transitions to authenticated;

create policy candidatures_insert_anon on app.candidatures for insert to anon, authenticated
  with check (status = 'received');
-- Who reads and moves candidatures and their log (the territory's facilitators, the prescriber,
-- the company once the file is transmitted): one policy per role and command, below with the
-- company's rules (« Row-level security for the company holding the offer's market »).
create policy candidature_transitions_insert_anon on app.candidature_transitions for insert to anon
  with check (from_status is null and to_status = 'received' and actor_user_id is null);

create trigger candidatures_audit after insert or update or delete on app.candidatures
  for each row execute function app.audit_row('columns_only');

-- Private bucket for CVs (Supabase Storage in production; locally the app stores files in a
-- git-ignored folder instead, behind src/server/cv-storage.ts).
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('cv', 'cv', false, 5242880, array['application/pdf'])
on conflict (id) do nothing;

-- SECURITY DEFINER: anon may not read candidatures back (no select policy), yet a replayed
-- submission must find the one its own idempotency key created. Returns only the reference
-- and the payload fingerprint of that one row.
create or replace function app.candidature_by_idempotency_key(p_key uuid)
returns table (reference text, payload_hash text)
language sql stable security definer
set search_path = ''
as $$
  select c.reference, c.payload_hash from app.candidatures c where c.idempotency_key = p_key
$$;
grant execute on function app.candidature_by_idempotency_key(uuid) to anon, authenticated, service_role;

create or replace function public.submit_candidature(
  p_idempotency_key uuid,
  p_payload_hash text,
  p_first_name text,
  p_last_name text,
  p_commune text,
  p_notice_acknowledged boolean,
  p_job_offer_id uuid default null,
  p_territory_slug text default null,
  p_email text default null,
  p_phone text default null,
  p_eligibility text[] default '{}',
  p_availability text default null,
  p_mobility text[] default '{}',
  p_message text default null,
  p_cv_path text default null,
  p_submitted_by text default 'candidate',
  p_prescriber_organisation_name text default null,
  p_prescriber_name text default null,
  p_prescriber_email text default null
) returns table (reference text, replayed boolean)
language plpgsql
set search_path = ''
as $$
declare
  previous record;
  offer app.job_offers;
  territory app.territories;
  new_id uuid := gen_random_uuid();
  new_reference text;
  acknowledgement_to text;
begin
  if p_idempotency_key is null or p_payload_hash is null or length(p_payload_hash) < 16 then
    perform app.fail('22023', 'idempotency_key_missing');
  end if;
  select * into previous from app.candidature_by_idempotency_key(p_idempotency_key);
  if found then
    if previous.payload_hash <> p_payload_hash then
      perform app.fail('22023', 'idempotency_key_reused');
    end if;
    return query select previous.reference, true;
    return;
  end if;

  if p_notice_acknowledged is not true then
    perform app.fail('22023', 'notice_not_acknowledged');
  end if;
  if p_job_offer_id is not null then
    select * into offer from app.job_offers where id = p_job_offer_id;
    if not found then
      perform app.fail('P0002', 'offer_not_found');
    end if;
    if offer.status <> 'published' or (offer.closes_on is not null and offer.closes_on < current_date) then
      perform app.fail('55000', 'offer_closed');
    end if;
    select * into territory from app.territories where id = offer.territory_id;
  else
    select * into territory from app.territories where slug = p_territory_slug;
    if not found then
      perform app.fail('P0002', 'territory_not_found');
    end if;
  end if;
  if p_submitted_by not in ('candidate', 'prescriber') then
    perform app.fail('22023', 'submitted_by_invalid');
  end if;
  if p_submitted_by = 'prescriber' and (p_prescriber_name is null or p_prescriber_email is null or p_prescriber_organisation_name is null) then
    perform app.fail('22023', 'prescriber_contact_required');
  end if;
  if p_email is null and p_phone is null then
    perform app.fail('22023', 'contact_required');
  end if;

  new_reference := 'CS-' || to_char(now(), 'YYYY') || '-' || upper(substr(replace(new_id::text, '-', ''), 1, 8));
  begin
    insert into app.candidatures (id, reference, territory_id, job_offer_id, first_name, last_name, email, phone,
      commune, eligibility, availability, mobility, message, cv_path, submitted_by, prescriber_organisation_name,
      prescriber_name, prescriber_email, notice_acknowledged_at, idempotency_key, payload_hash)
    values (new_id, new_reference, territory.id, p_job_offer_id, trim(p_first_name), trim(p_last_name),
      lower(trim(p_email)), trim(p_phone), trim(p_commune), coalesce(p_eligibility, '{}'), p_availability,
      coalesce(p_mobility, '{}'), nullif(trim(p_message), ''), p_cv_path, p_submitted_by,
      p_prescriber_organisation_name, p_prescriber_name, lower(trim(p_prescriber_email)), now(),
      p_idempotency_key, p_payload_hash);
  exception when unique_violation then
    -- A concurrent replay of the same submission won the race: answer as a replay.
    select * into previous from app.candidature_by_idempotency_key(p_idempotency_key);
    if found and previous.payload_hash = p_payload_hash then
      return query select previous.reference, true;
      return;
    end if;
    perform app.fail('22023', 'idempotency_key_reused');
  end;

  insert into app.candidature_transitions (candidature_id, from_status, to_status)
  values (new_id, null, 'received');

  acknowledgement_to := case when p_submitted_by = 'prescriber' then lower(trim(p_prescriber_email)) else lower(trim(p_email)) end;
  if acknowledgement_to is not null then
    insert into app.outbox (template, recipient, payload, dedupe_key)
    values ('candidature_acknowledgement', acknowledgement_to,
      jsonb_build_object('reference', new_reference, 'territory', territory.name, 'offer', offer.trade,
                         'submitted_by', p_submitted_by),
      'ack:' || new_id);
  end if;
  if territory.facilitator_contact_email is not null then
    insert into app.outbox (template, recipient, payload, dedupe_key)
    values ('candidature_facilitator_notice', territory.facilitator_contact_email,
      jsonb_build_object('reference', new_reference, 'territory', territory.name, 'offer', offer.trade),
      'notice:' || new_id);
  end if;
  return query select new_reference, false;
end;
$$;
grant execute on function public.submit_candidature(uuid, text, text, text, text, boolean, uuid, text, text, text,
  text[], text, text[], text, text, text, text, text, text) to anon, authenticated;

-- The outbox worker (service role only): claim a batch, then report each result.
create or replace function public.outbox_claim(p_limit int default 20)
returns setof app.outbox
language sql
set search_path = ''
as $$
  update app.outbox o set status = 'sending', attempts = o.attempts + 1
  where o.id in (
    select id from app.outbox
    where status in ('pending', 'sending') and next_attempt_at <= now() and attempts < 8
    order by next_attempt_at
    limit p_limit
    for update skip locked)
  returning o.*
$$;

create or replace function public.outbox_report(p_id uuid, p_sent boolean, p_error text default null) returns void
language sql
set search_path = ''
as $$
  update app.outbox set
    status = case when p_sent then 'sent' when attempts >= 8 then 'failed' else 'pending' end,
    sent_at = case when p_sent then now() end,
    last_error = case when p_sent then null else left(p_error, 500) end,
    -- Exponential back-off: 1, 2, 4… minutes.
    next_attempt_at = case when p_sent then next_attempt_at else now() + make_interval(mins => power(2, attempts - 1)::int) end
  where id = p_id
$$;
revoke execute on function public.outbox_claim(int), public.outbox_report(uuid, boolean, text) from anon, authenticated;
grant execute on function public.outbox_claim(int), public.outbox_report(uuid, boolean, text) to service_role;

-- One job offer, open or closed (a closed offer's page says so instead of disappearing).
create or replace function public.get_job_offer(p_id uuid)
returns table (
  id uuid, territory_slug text, territory_name text, trade text, description text, place text,
  contract_type text, hours_per_week numeric, duration_weeks int, positions int, starts_on date,
  company_name text, published_at timestamptz, closes_on date, is_open boolean,
  retention_candidate_months int, facilitator_contact_email text
)
language sql stable
set search_path = ''
as $$
  select o.id, t.slug, t.name, o.trade, o.description, o.place, o.contract_type, o.hours_per_week,
         o.duration_weeks, o.positions, o.starts_on,
         case when o.company_anonymous then null else o.company_public_name end,
         o.published_at, o.closes_on,
         o.status = 'published' and (o.closes_on is null or o.closes_on >= current_date),
         t.retention_candidate_months, t.facilitator_contact_email
  from app.job_offers o
  join app.territories t on t.id = o.territory_id
  where o.id = p_id and o.status in ('published', 'closed')
$$;
grant execute on function public.get_job_offer(uuid) to anon, authenticated;

-- The facilitator moves a candidature along its workflow (DOMAIN.md §7); every move is logged.
-- A hire goes through app.apply_hire, shared with the company's choice.
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

-- The facilitator records the eligibility check on a candidature, before or at hire (DOMAIN.md
-- §4): the criteria retained (at least one) and, among them, those whose proof was seen — codes
-- only, never the proof. A check recorded after the hire goes to the participant's file
-- (public.record_eligibility_check). Corrections are allowed until the hire; the audit trigger
-- keeps each version.
create or replace function public.record_candidature_eligibility(p_candidature_id uuid, p_retained text[], p_proofs_seen text[] default '{}')
returns timestamptz
language plpgsql
set search_path = ''
as $$
declare
  c app.candidatures;
  checked timestamptz := now();
  retained text[];
begin
  select * into c from app.candidatures where id = p_candidature_id and territory_id in (select app.my_facilitated_territories());
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  if c.status not in ('received', 'in_review', 'shortlisted', 'sent_to_company') then
    perform app.fail('55000', 'candidature_eligibility_closed');
  end if;
  if p_retained is null or cardinality(p_retained) = 0 then
    perform app.fail('22023', 'eligibility_required');
  end if;
  if not (p_retained <@ array['deld', 'rsa', 'ass', 'aah', 'invalidity_pension', 'rqth',
                              'youth_low_qualification', 'senior', 'siae_employee', 'other']) then
    perform app.fail('22023', 'eligibility_invalid');
  end if;
  if not (coalesce(p_proofs_seen, '{}') <@ p_retained) then
    perform app.fail('22023', 'eligibility_proof_not_retained');
  end if;
  retained := (select array_agg(distinct e order by e) from unnest(p_retained) e);
  update app.candidatures
     set eligibility_retained = retained,
         eligibility_proofs_seen = coalesce((select array_agg(distinct e order by e) from unnest(p_proofs_seen) e), '{}'),
         eligibility_checked_at = checked, eligibility_checked_by = (select auth.uid())
   where id = c.id;
  return checked;
end;
$$;
grant execute on function public.record_candidature_eligibility(uuid, text[], text[]) to authenticated;

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

-- Row-level security for the company holding the offer's market ---------------------------------

-- The candidatures of the territory for its facilitators, those it sent for the prescriber, and
-- those transmitted to the company (waiting for its choice, hired, or declined).
create policy candidatures_select on app.candidatures for select to authenticated
  using (territory_id in (select app.my_facilitated_territories())
      or prescriber_organisation_id in (select app.my_organisations())
      or (transmitted_at is not null and status in ('sent_to_company', 'hired', 'declined')
          and job_offer_id in (select o.id from app.job_offers o where o.market_id in (select app.my_company_markets()))));

-- The facilitators move them; the company chooses among those waiting: hired or declined, nothing else.
create policy candidatures_update on app.candidatures for update to authenticated
  using (territory_id in (select app.my_facilitated_territories())
      or (status = 'sent_to_company' and transmitted_at is not null
          and job_offer_id in (select o.id from app.job_offers o where o.market_id in (select app.my_company_markets()))))
  with check (territory_id in (select app.my_facilitated_territories())
      or (status in ('hired', 'declined')
          and job_offer_id in (select o.id from app.job_offers o where o.market_id in (select app.my_company_markets()))));

create policy candidature_transitions_select on app.candidature_transitions for select to authenticated
  using (candidature_id in (select c.id from app.candidatures c
    where c.territory_id in (select app.my_facilitated_territories())
       or c.prescriber_organisation_id in (select app.my_organisations())
       or (c.transmitted_at is not null
           and c.job_offer_id in (select o.id from app.job_offers o where o.market_id in (select app.my_company_markets())))));
create policy candidature_transitions_insert on app.candidature_transitions for insert to authenticated
  with check ((from_status is null and to_status = 'received' and actor_user_id is null)       -- a signed-in person applies
    or (actor_user_id = (select auth.uid()) and candidature_id in (                           -- a facilitator moves it
          select c.id from app.candidatures c where c.territory_id in (select app.my_facilitated_territories())))
    or (actor_user_id = (select auth.uid()) and from_status = 'sent_to_company' and to_status in ('hired', 'declined')
        and candidature_id in (select c.id from app.candidatures c where c.transmitted_at is not null   -- the company decides
          and c.job_offer_id in (select o.id from app.job_offers o where o.market_id in (select app.my_company_markets())))));

-- Shared steps --------------------------------------------------------------------------------

-- The consequences of a hire, the same whoever records it (DOMAIN.md §7): the person becomes a
-- participant (the one already made from this candidature, else the participant of the
-- territory with the same name and commune whose parcours is running, else a new one), and
-- the person's other pending candidatures to the same offer become obsolete, each logged.
-- The participant is also assigned to the market of the offer, so that the company can declare
-- their hours (once only; a participant of another territory than the market's is never
-- assigned). SECURITY DEFINER (see « The candidature pipeline » above) because a company that hires may not read the
-- other candidatures, nor write assignments: it checks its caller itself.
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
    -- The check recorded on the candidature, whoever records the hire, is the participant's:
    -- the criteria retained, by whom, when; the parcours (and the term its eligibility holds
    -- for, DOMAIN.md §4) starts at this first entry into a clause. Without it, the eligibility
    -- facts are copied as declared; a hire recorded by the company leaves them to be checked by
    -- the facilitator.
    insert into app.participants (territory_id, candidature_id, first_name, last_name, commune, eligibility,
      eligibility_checked_by, eligibility_checked_at, parcours_started_on)
    values (c.territory_id, c.id, c.first_name, c.last_name, c.commune, coalesce(c.eligibility_retained, c.eligibility),
      case when c.eligibility_checked_at is not null then c.eligibility_checked_by
           when v_facilitator then (select auth.uid()) end,
      case when c.eligibility_checked_at is not null then c.eligibility_checked_at
           when v_facilitator then now() end,
      current_date)
    returning id into v_participant;
  elsif c.eligibility_checked_at is not null then
    -- A participant found again whose eligibility was never checked takes this check.
    update app.participants
       set eligibility = c.eligibility_retained, eligibility_checked_by = c.eligibility_checked_by,
           eligibility_checked_at = c.eligibility_checked_at
     where id = v_participant and eligibility_checked_at is null;
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
create function public.list_candidatures(p_status text default null)
returns table (
  id uuid, reference text, status text, created_at timestamptz, offer_id uuid, offer_trade text, market_title text,
  territory_slug text, first_name text, last_name text, commune text, eligibility text[], availability text,
  mobility text[], message text, submitted_by text, prescriber_organisation_name text, refusal_reason text,
  transmitted_at timestamptz, last_contact_at timestamptz, participant_id uuid, log json,
  eligibility_retained text[], eligibility_proofs_seen text[], eligibility_checked_at timestamptz
)
language sql stable
set search_path = ''
as $$
  select c.id, c.reference, c.status, c.created_at, o.id, o.trade, m.title, t.slug, c.first_name, c.last_name, c.commune,
         c.eligibility, c.availability, c.mobility, c.message, c.submitted_by, c.prescriber_organisation_name, c.refusal_reason,
         c.transmitted_at, c.last_contact_at, c.participant_id,
         coalesce((select json_agg(l) from public.candidature_log(c.id) l), '[]'),
         -- The facilitator's eligibility check is the facilitator's own: a prescriber reads what it declared.
         case when f.facilitated then c.eligibility_retained end, case when f.facilitated then c.eligibility_proofs_seen end,
         case when f.facilitated then c.eligibility_checked_at end
  from app.candidatures c
  cross join lateral (select c.territory_id in (select app.my_facilitated_territories()) as facilitated) f
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

-- A prescriber or SIAE signed in to the partner space who applies for a person through the
-- public form (mode « prescripteur ») follows that candidature in its space (DOMAIN.md §7): the
-- candidature is linked to the caller's prescriber or SIAE organisation, which then reads it and
-- its log (policies candidatures_select_prescriber, candidature_transitions_select_prescriber).
-- Anonymous submissions are unchanged. The link comes from the caller's memberships, never from
-- the form: a caller with several such organisations gets the one whose name they typed, else
-- the first by name. The service role (and the demo seed) set the link themselves.
create or replace function app.link_candidature_prescriber() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- The service role and migrations (the demo seed) set the link themselves.
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if new.submitted_by = 'prescriber' and (select auth.uid()) is not null then
    select o.id into new.prescriber_organisation_id
    from app.memberships m
    join app.organisations o on o.id = m.organisation_id
    where m.user_id = (select auth.uid()) and m.role in ('prescriber', 'siae')
    order by lower(o.name) = lower(coalesce(new.prescriber_organisation_name, '')) desc, o.name
    limit 1;
  else
    new.prescriber_organisation_id := null;
  end if;
  return new;
end;
$$;
grant execute on function app.link_candidature_prescriber() to anon, authenticated, service_role;
create trigger candidatures_link_prescriber before insert on app.candidatures
  for each row execute function app.link_candidature_prescriber();

-- E-mails of the candidature pipeline, written to the outbox in the same transaction as the step
-- that causes them (the worker sends them with retries, like the acknowledgement):
--   * a file transmitted to the company: to the company's contact address;
--   * the company's decision (hire, or not retained): to the territory's facilitator address;
--   * a hire or a decline, whoever records it: to the person, or to the prescriber who applied.
-- No personal data in them (DOMAIN.md §11): the reference, the offer and the market; the
-- recipient reads the person's file in the partner space. An organisation or territory without
-- a contact address gets no e-mail (the step is still done and shown in the space). Each step
-- happens once per candidature (the pipeline never goes back), hence one dedupe key per step.
-- SECURITY INVOKER: the facilitator who transmits reads the company of the market (its
-- territory); the company that decides reads its own market and the public territories.

create or replace function app.notify_candidature_step() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_offer record;
  v_territory record;
  v_recipient text;
begin
  if new.status is not distinct from old.status then
    return null;
  end if;
  select t.name, t.facilitator_contact_email into v_territory from app.territories t where t.id = new.territory_id;
  -- The person (or the prescriber who applied for them) learns the outcome: hired, or not
  -- retained — never the reason, which could hurt and is not theirs to argue by e-mail. A
  -- candidature given with a phone number only gets no e-mail: the facilitator calls.
  if new.status in ('hired', 'declined') then
    v_recipient := case when new.submitted_by = 'prescriber' then new.prescriber_email else new.email end;
    if v_recipient is not null then
      insert into app.outbox (template, recipient, payload, dedupe_key)
      values ('candidature_outcome', lower(trim(v_recipient)),
        jsonb_build_object('reference', new.reference, 'territory', v_territory.name,
                           'offer', (select o.trade from app.job_offers o where o.id = new.job_offer_id),
                           'submitted_by', new.submitted_by, 'outcome', new.status),
        'outcome:' || new.id)
      on conflict do nothing;
    end if;
  end if;
  if new.job_offer_id is null then
    return null;
  end if;
  select o.trade, m.title as market_title, c.contact_email as company_email into v_offer
  from app.job_offers o
  left join app.markets m on m.id = o.market_id
  left join app.organisations c on c.id = m.company_id
  where o.id = new.job_offer_id;

  if new.status = 'sent_to_company' then
    v_recipient := v_offer.company_email;
    if v_recipient is not null then
      insert into app.outbox (template, recipient, payload, dedupe_key)
      values ('shortlist_to_company', v_recipient,
        jsonb_build_object('reference', new.reference, 'territory', v_territory.name, 'offer', v_offer.trade,
                           'market', v_offer.market_title),
        'sent-to-company:' || new.id);
    end if;
  elsif old.status = 'sent_to_company' and new.status in ('hired', 'declined') then
    v_recipient := v_territory.facilitator_contact_email;
    if v_recipient is not null then
      insert into app.outbox (template, recipient, payload, dedupe_key)
      values ('candidature_company_decision', v_recipient,
        jsonb_build_object('reference', new.reference, 'territory', v_territory.name, 'offer', v_offer.trade,
                           'market', v_offer.market_title, 'decision', new.status),
        'company-decision:' || new.id);
    end if;
  end if;
  return null;
end;
$$;
grant execute on function app.notify_candidature_step() to authenticated, service_role;
create trigger candidatures_notify after update of status on app.candidatures
  for each row execute function app.notify_candidature_step();

-- Reading a candidate's CV (stored privately: Supabase Storage bucket `cv`, read with the service
-- key by src/server/cv-storage.ts). Who may read it is decided here, by the row-level security of
-- the candidature: its territory's facilitator, the prescriber or SIAE that sent it, and the
-- company once the file is transmitted to it (the CV is what it chooses on). Nobody else gets
-- a path.

-- Which of these candidatures have a CV the caller may read (one call per page).
create or replace function public.candidatures_with_cv(p_ids uuid[])
returns setof uuid
language sql stable
set search_path = ''
as $$
  select c.id from app.candidatures c where c.id = any (p_ids) and c.cv_path is not null
$$;
grant execute on function public.candidatures_with_cv(uuid[]) to authenticated;

-- The private path of one candidature's CV and its reference, or no row; the read is recorded in
-- the same transaction (no path is handed out without its audit line).
create or replace function public.candidature_cv(p_candidature_id uuid)
returns table (path text, reference text)
language plpgsql volatile
set search_path = ''
as $$
declare
  c record;
begin
  select x.id, x.cv_path, x.reference, x.territory_id into c
  from app.candidatures x where x.id = p_candidature_id and x.cv_path is not null;
  if not found then
    return;
  end if;
  insert into app.audit_log (table_name, row_id, action, territory_id, actor_user_id, actor_role, changed_columns)
  values ('candidatures', c.id, 'read', c.territory_id, (select auth.uid()), current_user, array['cv_path']);
  return query select c.cv_path, c.reference;
end;
$$;
grant execute on function public.candidature_cv(uuid) to authenticated;

-- How to reach the person of one candidature (DOMAIN.md §7: the facilitator calls the candidate
-- back; the company arranges the interview once the file is transmitted), for whoever may read
-- the candidature (row-level security of app.candidatures decides: its territory's facilitator,
-- the prescriber or SIAE that sent it, the company once the file is transmitted to it). The
-- company gets only what it needs: the person's own e-mail and phone, never the prescriber's.
-- Each read is recorded in the same transaction, like a CV read: action `read`, the columns
-- handed out, no value. An unknown or unreadable candidature is « introuvable » (404).
create or replace function public.candidature_contact(p_candidature_id uuid)
returns table (reference text, first_name text, last_name text, email text, phone text, submitted_by text,
               prescriber_name text, prescriber_email text, prescriber_organisation_name text)
language plpgsql volatile
set search_path = ''
as $$
declare
  c record;
  v_full boolean;
begin
  select x.id, x.reference, x.territory_id, x.first_name, x.last_name, x.email, x.phone, x.submitted_by,
         x.prescriber_name, x.prescriber_email, x.prescriber_organisation_name, x.prescriber_organisation_id into c
  from app.candidatures x where x.id = p_candidature_id;
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  v_full := c.territory_id in (select app.my_facilitated_territories())
         or c.prescriber_organisation_id in (select app.my_organisations());
  insert into app.audit_log (table_name, row_id, action, territory_id, actor_user_id, actor_role, changed_columns)
  values ('candidatures', c.id, 'read', c.territory_id, (select auth.uid()), current_user,
          case when v_full then array['email', 'phone', 'prescriber_email'] else array['email', 'phone'] end);
  return query select c.reference, c.first_name, c.last_name, c.email, c.phone, c.submitted_by,
    case when v_full then c.prescriber_name end, case when v_full then c.prescriber_email end,
    case when v_full then c.prescriber_organisation_name end;
end;
$$;
grant execute on function public.candidature_contact(uuid) to authenticated;

-- Candidatures expire after a period with no decision (DOMAIN.md §7, rule parameter
-- app.territories.candidature_expiry_days): a candidature still waiting (received, in review,
-- shortlisted, or transmitted to the company) whose last step is older than the territory's
-- period becomes `expired`, with a log line, and the person (or the prescriber who applied for
-- them) is told by e-mail that nothing came of it, so nobody waits forever.
--
-- Run every day by a scheduled function with the service role; `p_now` is passed in so the rule
-- is tested at any date. One transaction for the whole run. The e-mail holds the reference, the
-- territory and the offer, nothing else (DOMAIN.md §11).

-- When a waiting candidature will expire: its last step (the later of its last contact and its
-- last log line) plus its territory's period. One definition for the job and for the pages.
create or replace function app.candidature_expires_at(c app.candidatures) returns timestamptz
language sql stable
set search_path = ''
as $$
  select greatest(c.last_contact_at,
           coalesce((select max(x.created_at) from app.candidature_transitions x where x.candidature_id = c.id), c.created_at))
         + make_interval(days => t.candidature_expiry_days)
  from app.territories t where t.id = c.territory_id
$$;
revoke execute on function app.candidature_expires_at(app.candidatures) from public, anon;
grant execute on function app.candidature_expires_at(app.candidatures) to authenticated, service_role;

create or replace function public.expire_candidatures(p_now timestamptz default now()) returns json
language plpgsql
set search_path = ''
as $$
declare
  v_count int;
begin
  with stale as (
    select c.id, c.status, c.reference, c.submitted_by, t.name as territory, t.candidature_expiry_days as days,
           o.trade as offer,
           case when c.submitted_by = 'prescriber' then c.prescriber_email else c.email end as recipient
    from app.candidatures c
    join app.territories t on t.id = c.territory_id
    left join app.job_offers o on o.id = c.job_offer_id
    where c.status in ('received', 'in_review', 'shortlisted', 'sent_to_company')
      and app.candidature_expires_at(c) < p_now
    for update of c
  ), moved as (
    update app.candidatures c set status = 'expired', last_contact_at = p_now
    from stale s where s.id = c.id
    returning c.id
  ), logged as (
    insert into app.candidature_transitions (candidature_id, from_status, to_status, reason, actor_user_id, created_at)
    select s.id, s.status, 'expired', 'no_decision', null, p_now from stale s
  ), mailed as (
    insert into app.outbox (template, recipient, payload, dedupe_key)
    select 'candidature_expired', lower(trim(s.recipient)),
      jsonb_build_object('reference', s.reference, 'territory', s.territory, 'offer', s.offer,
                         'submitted_by', s.submitted_by, 'days', s.days),
      'expired:' || s.id
    from stale s where s.recipient is not null
    on conflict do nothing
  )
  select count(*) into v_count from moved;
  return json_build_object('candidatures_expired', v_count);
end;
$$;
revoke execute on function public.expire_candidatures(timestamptz) from public, anon, authenticated;
grant execute on function public.expire_candidatures(timestamptz) to service_role;
comment on function public.expire_candidatures(timestamptz) is
  'Passe à « expirée » les candidatures sans décision depuis le délai du territoire, avec une ligne de journal et un courriel à la personne ou au prescripteur.';

-- The expiry date of the listed candidatures still waiting that the caller may read (RLS: the
-- facilitator, the prescriber who applied, the company once a file is transmitted), so each
-- page says until when a decision is expected.
create or replace function public.candidature_expiry_dates(p_ids uuid[])
returns table (id uuid, expires_at timestamptz)
language sql stable
set search_path = ''
as $$
  select c.id, app.candidature_expires_at(c)
  from app.candidatures c
  where c.id = any (p_ids) and c.status in ('received', 'in_review', 'shortlisted', 'sent_to_company')
$$;
revoke execute on function public.candidature_expiry_dates(uuid[]) from public, anon;
grant execute on function public.candidature_expiry_dates(uuid[]) to authenticated;

-- Who read a candidate's CV, and when (DOMAIN.md §11: the CV is the most personal file held
-- about a candidate; reading it is recorded like a change). public.candidature_cv, the only way
-- to a CV's path, writes one audit line per download: action `read`, the candidature, its
-- territory, the reader and the role they read it in. No content and no file name is copied.
--
-- public.candidature_contact records each read of the contact details the same way (the columns
-- handed out: the person's e-mail and phone, and the prescriber's e-mail for those who get it).
--
-- No SECURITY DEFINER: a signed-in user may add a `read` line only for themselves and only for a
-- candidature (with a CV, for a CV read) that row-level security already lets them read; nobody
-- may add any other line (the triggers of app.audit_row keep writing the changes).

comment on table app.audit_log is 'Journal des modifications des données personnelles et des heures, et des consultations de CV : qui, quand, quelles colonnes. Les valeurs des données personnelles n''y sont pas copiées.';

grant insert on app.audit_log to authenticated;
create policy audit_log_insert_read on app.audit_log for insert to authenticated
  with check (
    action = 'read' and table_name = 'candidatures' and changes is null
    and actor_user_id = (select auth.uid()) and actor_role = current_user
    and territory_id = (select c.territory_id from app.candidatures c where c.id = row_id)
    and ((changed_columns = array['cv_path'] and row_id in (select c.id from app.candidatures c where c.cv_path is not null))
      or (changed_columns in (array['email', 'phone'], array['email', 'phone', 'prescriber_email'])
          and row_id in (select c.id from app.candidatures c))));
revoke execute on function public.candidature_contact(uuid) from public, anon;
revoke execute on function public.candidature_cv(uuid) from public, anon;

-- A candidate withdraws (DOMAIN.md §7: `withdrawn` by the candidate), without an account: the
-- acknowledgement e-mail carries a link signed by the server (src/server/withdrawal.ts, HMAC
-- of the reference with a server-only key), and the page behind it calls this function with
-- the service role once the signature is checked. Nobody else may call it: a partner records a
-- withdrawal told by phone through public.transition_candidature.
--
-- Idempotent: a second click, or a candidature already closed, changes nothing and says why.
create or replace function public.withdraw_candidature(p_reference text)
returns table (status text, withdrawn boolean)
language plpgsql
set search_path = ''
as $$
declare
  c app.candidatures;
begin
  select * into c from app.candidatures x where x.reference = p_reference for update;
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  if c.status not in ('received', 'in_review', 'shortlisted', 'sent_to_company') then
    return query select c.status, false;
    return;
  end if;
  update app.candidatures x set status = 'withdrawn', last_contact_at = now() where x.id = c.id;
  insert into app.candidature_transitions (candidature_id, from_status, to_status, reason, actor_user_id)
  values (c.id, c.status, 'withdrawn', 'self_withdrawal', null);
  return query select 'withdrawn'::text, true;
end;
$$;
revoke execute on function public.withdraw_candidature(text) from public, anon, authenticated;
grant execute on function public.withdraw_candidature(text) to service_role;
comment on function public.withdraw_candidature(text) is
  'Retrait d''une candidature par la personne (lien signé de l''accusé de réception) ; service role seulement.';

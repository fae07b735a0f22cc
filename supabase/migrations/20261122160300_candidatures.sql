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
  check (submitted_by = 'candidate' or (prescriber_name is not null and prescriber_email is not null))
);
create index candidatures_offer_idx on app.candidatures (job_offer_id, status);
create index candidatures_territory_idx on app.candidatures (territory_id, status);
comment on table app.candidatures is 'Candidature d''une personne (ou d''un prescripteur pour elle) à une offre ou candidature spontanée sur un territoire.';
comment on column app.candidatures.eligibility is 'Critères d''éligibilité déclarés (oui/non), sans justificatif.';
comment on column app.candidatures.idempotency_key is 'Clé d''idempotence du formulaire : un renvoi ne crée jamais de doublon.';
create trigger candidatures_touch before update on app.candidatures for each row execute function app.touch_updated_at();

create table app.candidature_transitions (
  id bigint generated always as identity primary key,
  candidature_id uuid not null references app.candidatures (id) on delete cascade,
  from_status text,
  to_status text not null,
  reason text,
  actor_user_id uuid references auth.users (id),
  created_at timestamptz not null default now()
);
create index candidature_transitions_candidature_idx on app.candidature_transitions (candidature_id);
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
create policy candidatures_select_facilitator on app.candidatures for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy candidatures_select_prescriber on app.candidatures for select to authenticated
  using (prescriber_organisation_id in (select app.my_organisations()));
create policy candidatures_update_facilitator on app.candidatures for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

create policy candidature_transitions_insert_anon on app.candidature_transitions for insert to anon, authenticated
  with check (from_status is null and to_status = 'received' and actor_user_id is null);
create policy candidature_transitions_insert_facilitator on app.candidature_transitions for insert to authenticated
  with check (actor_user_id = (select auth.uid()) and candidature_id in (
    select c.id from app.candidatures c where c.territory_id in (select app.my_facilitated_territories())));
create policy candidature_transitions_select_facilitator on app.candidature_transitions for select to authenticated
  using (candidature_id in (
    select c.id from app.candidatures c where c.territory_id in (select app.my_facilitated_territories())));
create policy candidature_transitions_select_prescriber on app.candidature_transitions for select to authenticated
  using (candidature_id in (
    select c.id from app.candidatures c where c.prescriber_organisation_id in (select app.my_organisations())));

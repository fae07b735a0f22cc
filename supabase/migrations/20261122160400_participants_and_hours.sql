-- Participants (people hired on a clause), their hour declarations and their exits.

create table app.participants (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references app.territories (id),
  candidature_id uuid references app.candidatures (id),
  first_name text not null,
  last_name text not null,
  birth_year int check (birth_year between 1940 and 2015),
  sex text check (sex in ('f', 'm')),
  commune text,
  qpv boolean not null default false,
  qualification_level text check (qualification_level in ('infra_3', '3', '4', '5_plus')),
  eligibility text[] not null default '{}' check (eligibility <@ array[
    'deld', 'rsa', 'ass', 'aah', 'invalidity_pension', 'rqth', 'youth_low_qualification', 'senior', 'siae_employee', 'other']),
  eligibility_checked_by uuid references auth.users (id),
  eligibility_checked_at timestamptz,
  parcours_started_on date not null,
  parcours_ended_on date,
  has_training boolean not null default false,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index participants_territory_idx on app.participants (territory_id);
comment on table app.participants is 'Personne recrutée sur une clause : faits d''éligibilité (déclaratifs, vérifiés par le facilitateur), parcours.';
comment on column app.participants.eligibility is 'Critères d''éligibilité retenus à l''entrée dans le parcours.';
comment on column app.participants.birth_year is 'Année de naissance seule (jeunes de moins de 26 ans, seniors de 50 ans et plus).';
comment on column app.participants.qualification_level is 'Niveau de qualification (nomenclature 2019) : infra 3, 3 (CAP/BEP), 4 (bac), 5 et plus.';
create trigger participants_touch before update on app.participants for each row execute function app.touch_updated_at();

create table app.hour_declarations (
  id uuid primary key default gen_random_uuid(),
  market_id uuid not null references app.markets (id),
  participant_id uuid not null references app.participants (id),
  month date not null check (extract(day from month) = 1),
  realisation_mode text not null check (realisation_mode in (
    'direct_hire', 'temporary_work', 'provision', 'subcontracting', 'co_contracting', 'training')),
  employer_id uuid references app.organisations (id),
  hours numeric(8,2) not null check (hours between -1000 and 1000),
  invoiced_amount_ht numeric(12,2) check (invoiced_amount_ht is null or invoiced_amount_ht >= 0),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'validated', 'rejected')),
  rejection_reason text,
  siae_confirmation text check (siae_confirmation in ('pending', 'confirmed', 'disputed')),
  corrects_id uuid references app.hour_declarations (id),
  idempotency_key uuid unique,
  created_by uuid references auth.users (id),
  submitted_at timestamptz,
  validated_by uuid references auth.users (id),
  validated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'rejected' or rejection_reason is not null),
  check ((status = 'validated') = (validated_at is not null)),
  check (realisation_mode not in ('subcontracting', 'co_contracting') or invoiced_amount_ht is not null),
  check (hours >= 0 or corrects_id is not null)
);
create unique index hour_declarations_line_key on app.hour_declarations (market_id, participant_id, month, realisation_mode)
  where corrects_id is null;
create index hour_declarations_status_idx on app.hour_declarations (status);
comment on table app.hour_declarations is 'Heures d''insertion déclarées par l''entreprise, par participant, marché et mois ; validées par le facilitateur.';
comment on column app.hour_declarations.realisation_mode is 'Mode de réalisation : embauche directe, intérim, mise à disposition (ETTI, AI, GEIQ), sous-traitance ou co-traitance (SIAE, EA, ESAT), formation.';
comment on column app.hour_declarations.invoiced_amount_ht is 'Montant facturé HT en sous-traitance, converti en heures avec les paramètres du territoire.';
comment on column app.hour_declarations.corrects_id is 'Contre-écriture : ligne validée que celle-ci corrige (une ligne validée est immuable).';
create trigger hour_declarations_touch before update on app.hour_declarations for each row execute function app.touch_updated_at();

-- A validated line is immutable (DOMAIN.md §8): only a counter-entry changes the total.
create or replace function app.freeze_validated_declaration() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.status = 'validated' then
    perform app.fail('55000', 'declaration_validated');
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end;
$$;
create trigger hour_declarations_frozen before update or delete on app.hour_declarations
  for each row execute function app.freeze_validated_declaration();

create table app.participant_exits (
  id uuid primary key default gen_random_uuid(),
  participant_id uuid not null references app.participants (id) on delete cascade,
  milestone text not null check (milestone in ('end', 'm6', 'm12')),
  observed_on date not null,
  situation text not null check (situation in (
    'cdi', 'cdd_6_months_plus', 'interim_6_months_plus', 'business_creation',
    'cdd_under_6_months', 'interim_under_6_months', 'subsidised_contract',
    'qualifying_training', 'siae_hire',
    'job_seeker', 'inactive', 'unknown')),
  category text generated always as (case
    when situation in ('cdi', 'cdd_6_months_plus', 'interim_6_months_plus', 'business_creation') then 'emploi_durable'
    when situation in ('cdd_under_6_months', 'interim_under_6_months', 'subsidised_contract') then 'emploi_transition'
    when situation in ('qualifying_training', 'siae_hire') then 'sortie_positive'
    else 'other' end) stored,
  recorded_by uuid references auth.users (id),
  created_at timestamptz not null default now(),
  unique (participant_id, milestone)
);
comment on table app.participant_exits is 'Situation d''un participant en fin de parcours, à 6 et à 12 mois.';
comment on column app.participant_exits.category is 'Emploi durable, emploi de transition, sortie positive (ensemble : sorties dynamiques), ou autre.';

alter table app.participants enable row level security;
alter table app.hour_declarations enable row level security;
alter table app.participant_exits enable row level security;

grant select, insert, update on app.participants, app.hour_declarations, app.participant_exits to authenticated;

-- Participants: the territory's facilitators; a company sees the people it declared hours for.
create policy participants_select_facilitator on app.participants for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy participants_select_company on app.participants for select to authenticated
  using (id in (select d.participant_id from app.hour_declarations d
                join app.markets m on m.id = d.market_id
                where m.company_id in (select app.my_organisations())));
create policy participants_insert_facilitator on app.participants for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy participants_update_facilitator on app.participants for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

-- Declarations: the market's company writes drafts and submits; the territory's facilitators
-- validate or reject; the employing SIAE reads (and confirms sub-contracting amounts).
create policy hour_declarations_select_facilitator on app.hour_declarations for select to authenticated
  using (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy hour_declarations_select_company on app.hour_declarations for select to authenticated
  using (market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy hour_declarations_select_buyer on app.hour_declarations for select to authenticated
  using (market_id in (select m.id from app.markets m where m.buyer_id in (select app.my_organisations())));
create policy hour_declarations_select_siae on app.hour_declarations for select to authenticated
  using (employer_id in (select app.my_organisations()));
create policy hour_declarations_insert_company on app.hour_declarations for insert to authenticated
  with check (status in ('draft', 'submitted')
    and market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy hour_declarations_update_company on app.hour_declarations for update to authenticated
  using (status in ('draft', 'submitted', 'rejected')
    and market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())))
  with check (status in ('draft', 'submitted')
    and market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy hour_declarations_insert_facilitator on app.hour_declarations for insert to authenticated
  with check (corrects_id is not null
    and market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy hour_declarations_update_facilitator on app.hour_declarations for update to authenticated
  using (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())))
  with check (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));

create policy participant_exits_select_facilitator on app.participant_exits for select to authenticated
  using (participant_id in (select p.id from app.participants p where p.territory_id in (select app.my_facilitated_territories())));
create policy participant_exits_insert_facilitator on app.participant_exits for insert to authenticated
  with check (participant_id in (select p.id from app.participants p where p.territory_id in (select app.my_facilitated_territories())));
create policy participant_exits_update_facilitator on app.participant_exits for update to authenticated
  using (participant_id in (select p.id from app.participants p where p.territory_id in (select app.my_facilitated_territories())))
  with check (participant_id in (select p.id from app.participants p where p.territory_id in (select app.my_facilitated_territories())));

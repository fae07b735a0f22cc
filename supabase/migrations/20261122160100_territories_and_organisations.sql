-- Territories (with their rule parameters and theme), organisations and memberships.
-- A territory is the scope of a facilitation service; every rule parameter of DOMAIN.md that
-- "varies by territory" is a column here, never a constant in code.

create table app.site_settings (
  id boolean primary key default true check (id),
  site_name text not null,
  tagline text not null default '',
  logo_url text,
  color_primary text not null default '#1d4f91' check (color_primary ~ '^#[0-9a-fA-F]{6}$'),
  color_accent text not null default '#b34700' check (color_accent ~ '^#[0-9a-fA-F]{6}$'),
  publisher_name text not null,
  contact_email text not null,
  accessibility_status text not null default 'non_conforme'
    check (accessibility_status in ('totalement', 'partiellement', 'non_conforme')),
  accessibility_audit_date date,
  dpo_contact text not null,
  updated_at timestamptz not null default now()
);
comment on table app.site_settings is 'Réglages du déploiement : nom, logo, couleurs, mentions (une seule ligne).';
comment on column app.site_settings.accessibility_status is 'Mention RGAA de la page d''accueil : totalement, partiellement ou non conforme.';

create table app.territories (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null,
  kind text not null check (kind in ('epci', 'departement', 'groupement', 'plie', 'maison_emploi', 'region')),
  description text not null default '',
  member_areas text[] not null default '{}',
  facilitator_contact_name text,
  facilitator_contact_email text,
  facilitator_contact_phone text,
  -- Theme
  logo_url text,
  color_primary text check (color_primary ~ '^#[0-9a-fA-F]{6}$'),
  color_accent text check (color_accent ~ '^#[0-9a-fA-F]{6}$'),
  -- Rule parameters (DOMAIN.md §4, §5, §7, §10, §11)
  disclosure_threshold int not null default 11 check (disclosure_threshold >= 1),
  company_min_count int not null default 3 check (company_min_count >= 1),
  company_max_share numeric(4,3) not null default 0.85 check (company_max_share > 0 and company_max_share <= 1),
  parcours_max_months int not null default 24 check (parcours_max_months > 0),
  candidature_expiry_days int not null default 90 check (candidature_expiry_days > 0),
  subcontracting_labour_share numeric(4,3) not null default 0.5 check (subcontracting_labour_share > 0 and subcontracting_labour_share <= 1),
  subcontracting_hourly_cost numeric(8,2) not null default 30 check (subcontracting_hourly_cost > 0),
  cdi_counted_months int not null default 12 check (cdi_counted_months in (6, 12, 24)),
  residence_required boolean not null default false,
  qpv_priority boolean not null default false,
  retention_candidate_months int not null default 24 check (retention_candidate_months between 1 and 24),
  retention_participant_months int not null default 24 check (retention_participant_months between 1 and 60),
  retention_log_months int not null default 12 check (retention_log_months between 6 and 12),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table app.territories is 'Territoire de facilitation (EPCI, Département, groupement…) et ses paramètres de règles.';
comment on column app.territories.member_areas is 'Collectivités couvertes par le service de facilitation.';
comment on column app.territories.disclosure_threshold is 'Seuil de secret statistique K : un effectif de personnes inférieur n''est jamais publié.';
comment on column app.territories.company_min_count is 'Nombre minimal d''entreprises derrière un chiffre publié les concernant.';
comment on column app.territories.company_max_share is 'Part maximale d''une seule entreprise dans un chiffre publié.';
comment on column app.territories.parcours_max_months is 'Durée de validité de l''éligibilité sur un parcours (mois).';
comment on column app.territories.candidature_expiry_days is 'Délai sans décision après lequel une candidature expire (jours).';
comment on column app.territories.subcontracting_labour_share is 'Part de main-d''œuvre pour convertir un montant sous-traité en heures.';
comment on column app.territories.subcontracting_hourly_cost is 'Coût horaire chargé pour convertir un montant sous-traité en heures (€/h).';
comment on column app.territories.cdi_counted_months is 'Nombre de mois d''un CDI comptés comme heures d''insertion.';
create trigger territories_touch before update on app.territories for each row execute function app.touch_updated_at();

create table app.organisations (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid references app.territories (id),
  kind text not null check (kind in ('buyer', 'company', 'siae', 'prescriber', 'facilitation_service')),
  name text not null,
  siret text check (siret is null or app.is_valid_siret(siret)),
  buyer_sector text check (buyer_sector in ('public', 'private')),
  siae_kind text check (siae_kind in ('ei', 'aci', 'ai', 'etti', 'eiti', 'geiq', 'ea', 'esat')),
  prescriber_kind text check (prescriber_kind in ('france_travail', 'mission_locale', 'cap_emploi', 'plie', 'departement', 'ccas', 'siae', 'other')),
  contact_email text,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organisations_kind_fields check (
    (kind = 'siae') = (siae_kind is not null)
    and (kind = 'buyer') = (buyer_sector is not null)
    and (kind = 'prescriber' or prescriber_kind is null)
    and (kind <> 'facilitation_service' or territory_id is not null)
  )
);
create unique index organisations_siret_key on app.organisations (siret) where siret is not null;
create index organisations_territory_idx on app.organisations (territory_id);
comment on table app.organisations is 'Acheteurs, entreprises attributaires, SIAE (et GEIQ, EA, ESAT), prescripteurs, services de facilitation.';
comment on column app.organisations.siae_kind is 'Type de structure : EI, ACI, AI, ETTI, EITI, GEIQ, EA, ESAT.';
create trigger organisations_touch before update on app.organisations for each row execute function app.touch_updated_at();

create table app.memberships (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id) on delete cascade,
  role text not null check (role in ('facilitator', 'buyer', 'company', 'siae', 'prescriber')),
  is_admin boolean not null default false,
  created_at timestamptz not null default now(),
  unique (user_id, organisation_id)
);
create index memberships_org_idx on app.memberships (organisation_id);
comment on table app.memberships is 'Rattachement d''un compte à une organisation, avec son rôle. Un facilitateur est membre du service de facilitation de son territoire.';

-- Role consistency: a membership's role follows its organisation's kind.
create or replace function app.check_membership_role() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  org_kind text;
begin
  select kind into org_kind from app.organisations where id = new.organisation_id;
  if (org_kind = 'facilitation_service' and new.role <> 'facilitator')
     or (org_kind <> 'facilitation_service' and new.role <> org_kind) then
    perform app.fail('22023', 'membership_role_mismatch');
  end if;
  return new;
end;
$$;
create trigger memberships_role before insert or update on app.memberships
  for each row execute function app.check_membership_role();

-- Who is the caller? These two helpers read memberships for auth.uid(). They are SECURITY
-- DEFINER because the policies of memberships itself (and of every other table) call them:
-- evaluated with the caller's rights they would recurse into memberships' own policy.
-- They only ever return the caller's own scope.
create or replace function app.my_facilitated_territories() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select o.territory_id
  from app.memberships m
  join app.organisations o on o.id = m.organisation_id
  where m.user_id = (select auth.uid())
    and m.role = 'facilitator'
$$;

create or replace function app.my_organisations() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.organisation_id from app.memberships m where m.user_id = (select auth.uid())
$$;
revoke execute on function app.my_facilitated_territories(), app.my_organisations() from public, anon;
grant execute on function app.my_facilitated_territories(), app.my_organisations() to authenticated, service_role;

-- Row-level security
alter table app.site_settings enable row level security;
alter table app.territories enable row level security;
alter table app.organisations enable row level security;
alter table app.memberships enable row level security;

grant select on app.site_settings, app.territories to anon, authenticated;
grant update on app.territories to authenticated;
grant select on app.organisations, app.memberships to authenticated;
grant insert, update on app.organisations to authenticated;

create policy site_settings_select_all on app.site_settings for select to anon, authenticated using (true);
create policy territories_select_all on app.territories for select to anon, authenticated using (true);
create policy territories_update_facilitator on app.territories for update to authenticated
  using (id in (select app.my_facilitated_territories()))
  with check (id in (select app.my_facilitated_territories()));

-- An organisation is visible to its members, and to the facilitators of its territory.
-- Cross-territory visibility (a company working on markets of two territories) goes through markets.
create policy organisations_select_member on app.organisations for select to authenticated
  using (id in (select app.my_organisations()));
create policy organisations_select_facilitator on app.organisations for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy organisations_insert_facilitator on app.organisations for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()) and kind <> 'facilitation_service');
create policy organisations_update_facilitator on app.organisations for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()) and kind <> 'facilitation_service')
  with check (territory_id in (select app.my_facilitated_territories()) and kind <> 'facilitation_service');

create policy memberships_select_own on app.memberships for select to authenticated
  using (user_id = (select auth.uid()));
create policy memberships_select_facilitator on app.memberships for select to authenticated
  using (organisation_id in (
    select o.id from app.organisations o where o.territory_id in (select app.my_facilitated_territories())
  ));

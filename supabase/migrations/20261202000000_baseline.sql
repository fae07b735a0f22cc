-- Baseline: the 31 migrations of 2026-11-22..28 squashed into one (docs/decisions/2026-12-02-declarative-schemas.md):
-- supabase/schemas/*.sql concatenated in name order. No territory ran in production before it.
-- Do not edit. Edit supabase/schemas/, then generate the next migration: node src/local-supabase/cli.ts db-diff <name>.

-- ==== supabase/schemas/00_conventions.sql ====

-- Schemas and conventions shared by every other file of supabase/schemas (applied first).
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.
--
-- * Business tables live in schema `app`, which PostgREST does not expose. The public surface is
--   schema `public`: Postgres functions (called with supabase-js `.rpc()`) and views created
--   `with (security_invoker = true)`, so the caller's row-level security always applies.
-- * Every table has row-level security enabled and one policy per command and role, named
--   `<table>_<command>_<role>`.
-- * EXECUTE on new functions is revoked from everyone; each API function is granted explicitly
--   to the roles that need it.
-- * Errors are raised with an SQLSTATE class and a `hint` holding a stable machine key
--   (e.g. 'offer_closed'); the application maps the key to a French message and an HTTP status.
--     22023 invalid_parameter_value  -> bad input (400/422)
--     P0002 no_data_found            -> unknown or invisible row (404)
--     42501 insufficient_privilege   -> not allowed (401/403)
--     55000 object_not_in_prerequisite_state -> action not possible in the current state (409)

-- Function bodies are checked when called, not when created: a function may read a table of a
-- later file (pg_dump does the same).
set check_function_bodies = off;

create schema if not exists app;
comment on schema app is 'Tables métier des clauses sociales (non exposées par l''API ; accès par les fonctions de public).';

grant usage on schema app to anon, authenticated, service_role;

-- Functions are private until granted: no EXECUTE for PUBLIC (a global default, which a
-- per-schema clause cannot remove), and none of Supabase's per-schema grants to the API roles.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
alter default privileges in schema public grant execute on functions to service_role;
alter default privileges in schema app grant execute on functions to service_role;

-- Tables in app are granted to anon and authenticated table by table, in the file that
-- creates them; the service role (server-side jobs) gets them all, RLS bypassed as on Supabase.
alter default privileges in schema app grant all on tables to service_role;
alter default privileges in schema app grant all on sequences to service_role;

-- Shared trigger: keep updated_at current.
create or replace function app.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- Raise a domain error: SQLSTATE class + machine key in the hint.
create or replace function app.fail(errcode text, key text, message text default null) returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = errcode, message = coalesce(message, key), hint = key;
end;
$$;
grant execute on function app.fail(text, text, text) to anon, authenticated, service_role;
grant execute on function app.touch_updated_at() to anon, authenticated, service_role;

-- SIRET check (DOMAIN.md §13): Luhn on 14 digits, except La Poste (SIREN 356000000) whose
-- digit sum is a multiple of 5.
create or replace function app.is_valid_siret(siret text) returns boolean
language plpgsql immutable
set search_path = ''
as $$
declare
  total int := 0;
  digit int;
  i int;
begin
  if siret is null or siret !~ '^[0-9]{14}$' then
    return false;
  end if;
  if left(siret, 9) = '356000000' then
    for i in 1..14 loop
      total := total + substr(siret, i, 1)::int;
    end loop;
    return total % 5 = 0;
  end if;
  for i in 1..14 loop
    digit := substr(siret, 15 - i, 1)::int;
    if i % 2 = 0 then
      digit := digit * 2;
      if digit > 9 then digit := digit - 9; end if;
    end if;
    total := total + digit;
  end loop;
  return total % 10 = 0;
end;
$$;
grant execute on function app.is_valid_siret(text) to anon, authenticated, service_role;

-- ==== supabase/schemas/01_territories_and_organisations.sql ====

-- Territories and organisations: the site settings, territories and their settings page,
-- organisations, memberships and accounts, and who the caller is (app.my_*, public.my_memberships).
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

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
  updated_at timestamptz not null default now(),
  publisher_address text,
  publication_director text,
  host_name text not null default 'Netlify, Inc.',
  host_address text
);
comment on column app.site_settings.accessibility_status is 'Mention RGAA de la page d''accueil : totalement, partiellement ou non conforme.';
comment on column app.site_settings.publisher_address is 'Adresse postale de l''éditeur (collectivité ou service), affichée dans les mentions légales.';
comment on column app.site_settings.publication_director is 'Directeur ou directrice de la publication (fonction ou nom), affiché dans les mentions légales.';
comment on column app.site_settings.host_name is 'Hébergeur du site, affiché dans les mentions légales.';
comment on column app.site_settings.host_address is 'Adresse de l''hébergeur, à recopier de ses propres mentions.';
comment on table app.site_settings is 'Réglages du déploiement : nom, logo, couleurs, mentions (une seule ligne).';

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
comment on column app.territories.member_areas is 'Collectivités couvertes par le service de facilitation.';
comment on column app.territories.disclosure_threshold is 'Seuil de secret statistique K : un effectif de personnes inférieur n''est jamais publié.';
comment on column app.territories.company_min_count is 'Nombre minimal d''entreprises derrière un chiffre publié les concernant.';
comment on column app.territories.company_max_share is 'Part maximale d''une seule entreprise dans un chiffre publié.';
comment on column app.territories.parcours_max_months is 'Durée de validité de l''éligibilité sur un parcours (mois).';
comment on column app.territories.candidature_expiry_days is 'Délai sans décision après lequel une candidature expire (jours).';
comment on column app.territories.subcontracting_labour_share is 'Part de main-d''œuvre pour convertir un montant sous-traité en heures.';
comment on column app.territories.subcontracting_hourly_cost is 'Coût horaire chargé pour convertir un montant sous-traité en heures (€/h).';
comment on column app.territories.cdi_counted_months is 'Nombre de mois d''un CDI comptés comme heures d''insertion.';
comment on column app.territories.description is 'Présentation du territoire et de son service de facilitation, affichée sur le site public.';
comment on column app.territories.facilitator_contact_name is 'Nom du contact de facilitation affiché sur le site public.';
comment on column app.territories.facilitator_contact_email is 'Adresse e-mail de contact du service de facilitation, affichée sur le site public.';
comment on column app.territories.facilitator_contact_phone is 'Téléphone du service de facilitation, affiché sur le site public.';
comment on column app.territories.logo_url is 'Adresse du logo du territoire (https:// ou chemin du site).';
comment on column app.territories.color_primary is 'Couleur principale du territoire (#rrggbb).';
comment on column app.territories.color_accent is 'Couleur d''accent du territoire (#rrggbb).';
comment on column app.territories.residence_required is 'Règle d''éligibilité du territoire : résidence sur le territoire exigée.';
comment on column app.territories.qpv_priority is 'Règle du territoire : priorité aux habitants des QPV sur les marchés ANRU/NPNRU.';
comment on column app.territories.retention_candidate_months is 'Conservation des candidatures non retenues après le dernier contact (mois, 24 au plus).';
comment on column app.territories.retention_participant_months is 'Conservation des données nominatives d''un participant après la fin de son parcours (mois).';
comment on column app.territories.retention_log_months is 'Conservation du journal des modifications et des courriels envoyés (mois, de 6 à 12).';
comment on table app.territories is 'Territoire de facilitation (EPCI, Département, groupement…) et ses paramètres de règles.';
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
comment on column app.organisations.siae_kind is 'Type de structure : EI, ACI, AI, ETTI, EITI, GEIQ, EA, ESAT.';
comment on column app.organisations.contact_email is 'Adresse e-mail de contact de l''organisation : les entreprises y reçoivent les courriels de la plateforme.';
comment on column app.organisations.buyer_sector is 'Acheteur public ou privé (acheteurs seulement).';
comment on column app.organisations.prescriber_kind is 'Type de prescripteur : France Travail, Mission locale, Cap emploi, PLIE, Département, CCAS, SIAE, autre.';
create unique index organisations_siret_key on app.organisations (siret) where siret is not null;
create index organisations_territory_idx on app.organisations (territory_id);
comment on table app.organisations is 'Acheteurs, entreprises attributaires, SIAE (et GEIQ, EA, ESAT), prescripteurs, services de facilitation.';
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

-- Partner API: who am I, markets and their progress, hour declarations from draft to
-- validation, and publishing a year. One function per user action: one transaction.

create or replace function public.my_memberships()
returns table (organisation_id uuid, organisation_name text, organisation_kind text, role text,
               territory_slug text, territory_name text)
language sql stable
set search_path = ''
as $$
  select o.id, o.name, o.kind, m.role, t.slug, t.name
  from app.memberships m
  join app.organisations o on o.id = m.organisation_id
  left join app.territories t on t.id = o.territory_id
  where m.user_id = (select auth.uid())
  order by o.name
$$;
grant execute on function public.my_memberships() to authenticated;

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

-- ---------------------------------------------------------------------------------------------
-- DECP import
-- ---------------------------------------------------------------------------------------------

-- Organisations of a territory known by their SIRET (the DECP import preview: which buyers and
-- companies already exist, which will be created).
create or replace function public.find_organisations_by_siret(p_territory_slug text, p_sirets text[])
returns table (siret text, id uuid, name text, kind text)
language sql stable
set search_path = ''
as $$
  select o.siret, o.id, o.name, o.kind
  from app.organisations o
  join app.territories t on t.id = o.territory_id
  where t.slug = p_territory_slug and o.siret = any (p_sirets)
  order by o.siret
$$;
grant execute on function public.find_organisations_by_siret(text, text[]) to authenticated;

-- Organisations and accounts of a territory, managed by its facilitators from the partner space
-- (DOMAIN.md §2), besides the seed, the DECP import and Supabase Studio.
--   * public.list_territory_organisations: the buyers, companies, SIAE and prescribers of a
--     territory, with their contact e-mail and their number of members;
--   * public.save_organisation: create or edit one (never a facilitation service);
--   * public.list_organisation_members, public.add_member, public.remove_member: who may sign in
--     for an organisation. The account itself is created by the server with the Auth admin API
--     (src/server/accounts.ts), after public.list_organisation_members has checked the
--     facilitator's rights; the person then signs in with a link received by e-mail.
-- Functions are SECURITY INVOKER (RLS decides: organisations_insert_facilitator,
-- organisations_update_facilitator and the membership policies below), except
-- app.organisation_member_accounts, which reads the names and e-mails of auth.users for the
-- facilitator of the organisation's territory only. Errors are app.fail keys mapped in
-- src/server/errors.ts; who may call what: test/integration/organisations.test.ts.

-- ---------------------------------------------------------------------------------------------
-- Memberships written by the territory's facilitators
-- ---------------------------------------------------------------------------------------------

-- A facilitator gives or removes access to the organisations of their territories, never to a
-- facilitation service (no facilitator appoints another); the role follows the organisation's
-- kind (trigger app.check_membership_role). Policies read organisations only, whose policies
-- call the SECURITY DEFINER helpers: no recursion into memberships.
grant insert, delete on app.memberships to authenticated;
create policy memberships_insert_facilitator on app.memberships for insert to authenticated
  with check (organisation_id in (
    select o.id from app.organisations o
    where o.territory_id in (select app.my_facilitated_territories()) and o.kind <> 'facilitation_service'));
create policy memberships_delete_facilitator on app.memberships for delete to authenticated
  using (organisation_id in (
    select o.id from app.organisations o
    where o.territory_id in (select app.my_facilitated_territories()) and o.kind <> 'facilitation_service'));

-- ---------------------------------------------------------------------------------------------
-- Organisations
-- ---------------------------------------------------------------------------------------------

-- The organisations of a territory the caller facilitates (facilitation services aside).
create or replace function public.list_territory_organisations(p_territory_slug text)
returns table (
  id uuid, kind text, name text, siret text, contact_email text, buyer_sector text, siae_kind text,
  prescriber_kind text, is_demo boolean, members int
)
language plpgsql stable
set search_path = ''
as $$
declare
  v_territory uuid;
begin
  select t.id into v_territory from app.territories t
  where t.slug = p_territory_slug and t.id in (select app.my_facilitated_territories());
  if v_territory is null then
    perform app.fail('42501', 'organisation_facilitator_only');
  end if;
  return query
    select o.id, o.kind, o.name, o.siret, o.contact_email, o.buyer_sector, o.siae_kind, o.prescriber_kind, o.is_demo,
           (select count(*)::int from app.memberships m where m.organisation_id = o.id)
    from app.organisations o
    where o.territory_id = v_territory and o.kind <> 'facilitation_service'
    order by o.kind, o.name;
end;
$$;
grant execute on function public.list_territory_organisations(text) to authenticated;
comment on function public.list_territory_organisations(text) is 'Organisations d''un territoire (acheteurs, entreprises, SIAE, prescripteurs) pour ses facilitateurs, avec leur nombre de comptes.';

-- Creates (p_id null) or edits an organisation of the territory. The fields of another kind
-- than the organisation's are ignored (the form shows them all). A SIRET is optional, checked
-- (Luhn) and unique across the deployment. The kind of an organisation that has members, or
-- appears on markets, operations, hour lines or candidatures, cannot change.
create or replace function public.save_organisation(
  p_territory_slug text,
  p_id uuid default null,
  p_kind text default null,
  p_name text default null,
  p_siret text default null,
  p_contact_email text default null,
  p_buyer_sector text default null,
  p_siae_kind text default null,
  p_prescriber_kind text default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_territory uuid;
  v_current app.organisations;
  v_name text := btrim(coalesce(p_name, ''));
  v_siret text := nullif(regexp_replace(coalesce(p_siret, ''), '\s', '', 'g'), '');
  v_email text := nullif(lower(btrim(coalesce(p_contact_email, ''))), '');
  v_buyer_sector text := case when p_kind = 'buyer' then nullif(p_buyer_sector, '') end;
  v_siae_kind text := case when p_kind = 'siae' then nullif(p_siae_kind, '') end;
  v_prescriber_kind text := case when p_kind = 'prescriber' then nullif(p_prescriber_kind, '') end;
  v_id uuid;
begin
  select t.id into v_territory from app.territories t
  where t.slug = p_territory_slug and t.id in (select app.my_facilitated_territories());
  if v_territory is null then
    perform app.fail('42501', 'organisation_facilitator_only');
  end if;
  if p_id is not null then
    select * into v_current from app.organisations o
    where o.id = p_id and o.territory_id = v_territory and o.kind <> 'facilitation_service';
    if v_current.id is null then
      perform app.fail('P0002', 'organisation_not_found');
    end if;
  end if;
  if p_kind is null or p_kind not in ('buyer', 'company', 'siae', 'prescriber') then
    perform app.fail('22023', 'organisation_kind_invalid');
  end if;
  if char_length(v_name) < 2 then
    perform app.fail('22023', 'organisation_name_too_short');
  end if;
  if char_length(v_name) > 200 then
    perform app.fail('22023', 'organisation_name_too_long');
  end if;
  if v_siret is not null and not app.is_valid_siret(v_siret) then
    perform app.fail('22023', 'siret_invalid');
  end if;
  if v_email is not null and (char_length(v_email) > 254 or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$') then
    perform app.fail('22023', 'contact_email_invalid');
  end if;
  if p_kind = 'buyer' and v_buyer_sector is distinct from 'public' and v_buyer_sector is distinct from 'private' then
    perform app.fail('22023', 'buyer_sector_required');
  end if;
  if p_kind = 'siae' and (v_siae_kind is null or v_siae_kind not in ('ei', 'aci', 'ai', 'etti', 'eiti', 'geiq', 'ea', 'esat')) then
    perform app.fail('22023', 'siae_kind_required');
  end if;
  if p_kind = 'prescriber' and (v_prescriber_kind is null or v_prescriber_kind not in
      ('france_travail', 'mission_locale', 'cap_emploi', 'plie', 'departement', 'ccas', 'siae', 'other')) then
    perform app.fail('22023', 'prescriber_kind_required');
  end if;
  if v_current.id is not null and v_current.kind <> p_kind and (
       exists (select 1 from app.memberships m where m.organisation_id = p_id)
    or exists (select 1 from app.markets mk where mk.buyer_id = p_id or mk.company_id = p_id)
    or exists (select 1 from app.operations op where op.project_owner_id = p_id)
    or exists (select 1 from app.hour_declarations d where d.employer_id = p_id)
    or exists (select 1 from app.candidatures c where c.prescriber_organisation_id = p_id)) then
    perform app.fail('55000', 'organisation_kind_locked');
  end if;

  begin
    if v_current.id is null then
      insert into app.organisations (territory_id, kind, name, siret, contact_email, buyer_sector, siae_kind, prescriber_kind)
      values (v_territory, p_kind, v_name, v_siret, v_email, v_buyer_sector, v_siae_kind, v_prescriber_kind)
      returning id into v_id;
    else
      update app.organisations o
         set kind = p_kind, name = v_name, siret = v_siret, contact_email = v_email,
             buyer_sector = v_buyer_sector, siae_kind = v_siae_kind, prescriber_kind = v_prescriber_kind
       where o.id = p_id
      returning o.id into v_id;
    end if;
  exception when unique_violation then
    -- The only unique key an organisation's fields can break: organisations_siret_key, whoever
    -- holds the SIRET (possibly an organisation of another territory, not visible here).
    perform app.fail('23505', 'siret_taken');
  end;
  return v_id;
end;
$$;
grant execute on function public.save_organisation(text, uuid, text, text, text, text, text, text, text) to authenticated;
comment on function public.save_organisation(text, uuid, text, text, text, text, text, text, text) is 'Crée ou modifie une organisation du territoire (acheteur, entreprise, SIAE, prescripteur), par ses facilitateurs.';

-- ---------------------------------------------------------------------------------------------
-- Members
-- ---------------------------------------------------------------------------------------------

-- The accounts of an organisation with their name and e-mail, for the facilitator of its
-- territory. SECURITY DEFINER because names and e-mails live in auth.users, which no API role
-- may read; the check comes first and narrows it to one organisation the caller facilitates
-- (who may call it: test/integration/organisations.test.ts). Not exposed (schema app).
create or replace function app.organisation_member_accounts(p_organisation_id uuid)
returns table (user_id uuid, display_name text, email text, role text, created_at timestamptz, last_sign_in_at timestamptz)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from app.organisations o
                 where o.id = p_organisation_id and o.kind <> 'facilitation_service'
                   and o.territory_id in (select app.my_facilitated_territories())) then
    perform app.fail('P0002', 'organisation_not_found');
  end if;
  return query
    select m.user_id, nullif(btrim(u.raw_user_meta_data ->> 'display_name'), '')::text, u.email::text, m.role, m.created_at, u.last_sign_in_at
    from app.memberships m
    join auth.users u on u.id = m.user_id
    where m.organisation_id = p_organisation_id
    order by lower(coalesce(u.raw_user_meta_data ->> 'display_name', u.email::text));
end;
$$;
revoke execute on function app.organisation_member_accounts(uuid) from public, anon;
grant execute on function app.organisation_member_accounts(uuid) to authenticated;

-- The people who sign in for an organisation, for the facilitator of its territory. Also the
-- rights check the server runs before creating an account for it (src/server/accounts.ts).
create or replace function public.list_organisation_members(p_organisation_id uuid)
returns table (user_id uuid, display_name text, email text, role text, created_at timestamptz, last_sign_in_at timestamptz)
language sql stable
set search_path = ''
as $$
  select a.user_id, a.display_name, a.email, a.role, a.created_at, a.last_sign_in_at
  from app.organisation_member_accounts(p_organisation_id) a
$$;
grant execute on function public.list_organisation_members(uuid) to authenticated;
comment on function public.list_organisation_members(uuid) is 'Comptes d''une organisation (nom affiché, e-mail, rôle), pour les facilitateurs de son territoire.';

-- Gives an existing account access to an organisation of the facilitator's territory, with the
-- organisation's kind as role. Adding a member again changes nothing.
create or replace function public.add_member(p_organisation_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_kind text;
begin
  select o.kind into v_kind from app.organisations o
  where o.id = p_organisation_id and o.kind <> 'facilitation_service'
    and o.territory_id in (select app.my_facilitated_territories());
  if v_kind is null then
    perform app.fail('P0002', 'organisation_not_found');
  end if;
  begin
    insert into app.memberships (user_id, organisation_id, role)
    values (p_user_id, p_organisation_id, v_kind)
    on conflict (user_id, organisation_id) do nothing;
  exception when foreign_key_violation or not_null_violation then
    perform app.fail('P0002', 'account_not_found');
  end;
end;
$$;
grant execute on function public.add_member(uuid, uuid) to authenticated;
comment on function public.add_member(uuid, uuid) is 'Rattache un compte à une organisation du territoire (rôle = type de l''organisation), par ses facilitateurs.';

-- Takes an account's access to the organisation away (the account stays: it may belong to
-- other organisations). Removing someone who is not a member changes nothing.
create or replace function public.remove_member(p_organisation_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from app.organisations o
                 where o.id = p_organisation_id and o.kind <> 'facilitation_service'
                   and o.territory_id in (select app.my_facilitated_territories())) then
    perform app.fail('P0002', 'organisation_not_found');
  end if;
  delete from app.memberships m where m.organisation_id = p_organisation_id and m.user_id = p_user_id;
end;
$$;
grant execute on function public.remove_member(uuid, uuid) to authenticated;
comment on function public.remove_member(uuid, uuid) is 'Retire l''accès d''un compte à une organisation du territoire, par ses facilitateurs.';

-- « Paramètres du territoire »: the territory's facilitator reads and changes the settings of
-- app.territories from the partner space (src/pages/espace/parametres/), instead of SQL.
--   * public.list_facilitated_territories: the territories the caller facilitates (the page's choice);
--   * public.get_territory_settings: the editable fields of one of them;
--   * public.update_territory_settings: changes them in one statement, after the checks below.
-- Editable: the presentation and the facilitator's contact (shown on the public site), the theme
-- (logo, colours), and the rule parameters of DOMAIN.md §4, §5, §7, §10, §11. Not editable here:
-- slug, name, kind, member areas (they identify the territory; SQL as before).
--
-- Guard rails (DOMAIN.md §10, §11): the publication rules may be made stricter, never looser than
-- the Insee rule — K ≥ 11 persons, ≥ 3 companies behind a figure, no company above 85 % of it —
-- and the retention periods stay within the table's checks (candidates ≤ 24 months, logs 6–12
-- months). Colours are #rrggbb, the e-mail has an e-mail's form, CDI months are 6, 12 or 24.
--
-- Functions are SECURITY INVOKER: the facilitator check gives the French message, and RLS
-- (territories_update_facilitator) stays the authority on the update itself. Every change is
-- written to app.audit_log by a trigger (who, when, which columns; old and new values of the
-- rule parameters and the theme, never the values of the contact, which is a person's data), kept
-- for the territory's retention_log_months like the rest of the log. Errors are app.fail keys
-- mapped in src/server/errors.ts; who may call what: test/integration/territory-settings.test.ts.
--
-- Sub-contracting hours are computed and stored when a line is saved (save_hour_declaration), so
-- a new labour share or hourly cost applies to the lines saved afterwards, never to those
-- already declared.

-- ---------------------------------------------------------------------------------------------
-- Audit of the settings
-- ---------------------------------------------------------------------------------------------

-- app.audit_row files a row under its territory_id column, which a territory does not have, and
-- would copy the contact's values: this one files the change under the territory itself (its
-- facilitators read it, policy audit_log_select_facilitator) and keeps values only for what is
-- not a person's data. SECURITY DEFINER for the same reason as app.audit_row: nobody may insert
-- into the log directly, yet every change must be logged.
create or replace function app.audit_territory_settings() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  old_row jsonb := to_jsonb(old);
  new_row jsonb := to_jsonb(new);
  personal constant text[] := array['facilitator_contact_name', 'facilitator_contact_email', 'facilitator_contact_phone'];
  cols text[];
  valued text[];
begin
  select coalesce(array_agg(key order by key), '{}') into cols
  from jsonb_each(new_row)
  where key not in ('updated_at', 'created_at')
    and (old_row -> key) is distinct from (new_row -> key);
  if cardinality(cols) = 0 then
    return null;
  end if;
  select coalesce(array_agg(c), '{}') into valued from unnest(cols) c where c <> all (personal);
  insert into app.audit_log (table_name, row_id, action, territory_id, actor_user_id, actor_role, changed_columns, changes)
  values (
    tg_table_name, new.id, 'update', new.id,
    (select auth.uid()),
    case when new.id in (select app.my_facilitated_territories()) then 'facilitator'
         else coalesce(nullif((select auth.jwt()) ->> 'role', ''), session_user) end,
    cols,
    case when cardinality(valued) > 0 then jsonb_build_object(
      'old', (select jsonb_object_agg(key, value) from jsonb_each(old_row) where key = any (valued)),
      'new', (select jsonb_object_agg(key, value) from jsonb_each(new_row) where key = any (valued)))
    end);
  return null;
end;
$$;
revoke execute on function app.audit_territory_settings() from public, anon, authenticated;

create trigger territories_audit after update on app.territories
  for each row execute function app.audit_territory_settings();

-- ---------------------------------------------------------------------------------------------
-- Reading
-- ---------------------------------------------------------------------------------------------

-- The territories the caller facilitates (usually one), for the page's choice.
create or replace function public.list_facilitated_territories()
returns table (id uuid, slug text, name text)
language sql stable
set search_path = ''
as $$
  select t.id, t.slug, t.name
  from app.territories t
  where t.id in (select app.my_facilitated_territories())
  order by t.name
$$;
revoke execute on function public.list_facilitated_territories() from public, anon;
grant execute on function public.list_facilitated_territories() to authenticated;
comment on function public.list_facilitated_territories() is 'Territoires dont l''appelant est facilitateur (identifiant, slug, nom).';

-- The editable settings of a territory the caller facilitates; not_territory_facilitator otherwise
-- (an unknown territory included: nothing tells the two apart).
create or replace function public.get_territory_settings(p_territory_id uuid)
returns table (
  id uuid, slug text, name text, description text,
  facilitator_contact_name text, facilitator_contact_email text, facilitator_contact_phone text,
  logo_url text, color_primary text, color_accent text,
  disclosure_threshold int, company_min_count int, company_max_share numeric,
  parcours_max_months int, candidature_expiry_days int,
  subcontracting_labour_share numeric, subcontracting_hourly_cost numeric, cdi_counted_months int,
  residence_required boolean, qpv_priority boolean,
  retention_candidate_months int, retention_participant_months int, retention_log_months int,
  updated_at timestamptz
)
language plpgsql stable
set search_path = ''
as $$
begin
  if p_territory_id is null or p_territory_id not in (select app.my_facilitated_territories()) then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  return query
    select t.id, t.slug, t.name, t.description,
           t.facilitator_contact_name, t.facilitator_contact_email, t.facilitator_contact_phone,
           t.logo_url, t.color_primary, t.color_accent,
           t.disclosure_threshold, t.company_min_count, t.company_max_share,
           t.parcours_max_months, t.candidature_expiry_days,
           t.subcontracting_labour_share, t.subcontracting_hourly_cost, t.cdi_counted_months,
           t.residence_required, t.qpv_priority,
           t.retention_candidate_months, t.retention_participant_months, t.retention_log_months,
           t.updated_at
    from app.territories t
    where t.id = p_territory_id;
end;
$$;
revoke execute on function public.get_territory_settings(uuid) from public, anon;
grant execute on function public.get_territory_settings(uuid) to authenticated;
comment on function public.get_territory_settings(uuid) is 'Paramètres modifiables d''un territoire (contact, apparence, règles), pour ses facilitateurs.';

-- ---------------------------------------------------------------------------------------------
-- Changing
-- ---------------------------------------------------------------------------------------------

-- Changes the settings given; an argument left out (null) keeps its current value, and an empty
-- text clears an optional one (contact, logo, colours). Shares are fractions (0.5 for 50 %).
-- Every check runs before the single update, so a refusal changes nothing.
create or replace function public.update_territory_settings(
  p_territory_id uuid,
  p_description text default null,
  p_facilitator_contact_name text default null,
  p_facilitator_contact_email text default null,
  p_facilitator_contact_phone text default null,
  p_logo_url text default null,
  p_color_primary text default null,
  p_color_accent text default null,
  p_disclosure_threshold int default null,
  p_company_min_count int default null,
  p_company_max_share numeric default null,
  p_parcours_max_months int default null,
  p_candidature_expiry_days int default null,
  p_subcontracting_labour_share numeric default null,
  p_subcontracting_hourly_cost numeric default null,
  p_cdi_counted_months int default null,
  p_residence_required boolean default null,
  p_qpv_priority boolean default null,
  p_retention_candidate_months int default null,
  p_retention_participant_months int default null,
  p_retention_log_months int default null
) returns timestamptz
language plpgsql
set search_path = ''
as $$
declare
  v_description text := btrim(p_description);
  v_name text := btrim(p_facilitator_contact_name);
  v_email text := lower(btrim(p_facilitator_contact_email));
  v_phone text := btrim(p_facilitator_contact_phone);
  v_logo text := btrim(p_logo_url);
  v_primary text := lower(btrim(p_color_primary));
  v_accent text := lower(btrim(p_color_accent));
  -- Stored as numeric(4,3) and numeric(8,2): checked as they will be stored.
  v_max_share numeric := round(p_company_max_share, 3);
  v_labour_share numeric := round(p_subcontracting_labour_share, 3);
  v_hourly_cost numeric := round(p_subcontracting_hourly_cost, 2);
  v_updated timestamptz;
begin
  if p_territory_id is null or p_territory_id not in (select app.my_facilitated_territories()) then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;

  -- Presentation and contact (public site)
  if char_length(v_description) > 2000 then
    perform app.fail('22023', 'territory_description_too_long');
  end if;
  if char_length(v_name) > 120 then
    perform app.fail('22023', 'facilitator_contact_name_too_long');
  end if;
  if v_email <> '' and (char_length(v_email) > 254 or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$') then
    perform app.fail('22023', 'facilitator_contact_email_invalid');
  end if;
  if v_phone <> '' and (v_phone !~ '^[+0-9() .-]{6,30}$'
                        or char_length(regexp_replace(v_phone, '[^0-9]', '', 'g')) not between 6 and 15) then
    perform app.fail('22023', 'facilitator_contact_phone_invalid');
  end if;
  -- Theme
  if v_logo <> '' and (char_length(v_logo) > 500 or v_logo !~ '^(https://[^\s"''<>]+|/[^/\s"''<>][^\s"''<>]*)$') then
    perform app.fail('22023', 'logo_url_invalid');
  end if;
  if v_primary <> '' and v_primary !~ '^#[0-9a-f]{6}$' then
    perform app.fail('22023', 'color_primary_invalid');
  end if;
  if v_accent <> '' and v_accent !~ '^#[0-9a-f]{6}$' then
    perform app.fail('22023', 'color_accent_invalid');
  end if;
  -- Publication (DOMAIN.md §10): stricter is allowed, looser than the Insee rule is not.
  if p_disclosure_threshold < 11 then
    perform app.fail('22023', 'disclosure_threshold_too_low');
  end if;
  if p_disclosure_threshold > 1000 then
    perform app.fail('22023', 'disclosure_threshold_invalid');
  end if;
  if p_company_min_count < 3 then
    perform app.fail('22023', 'company_min_count_too_low');
  end if;
  if p_company_min_count > 100 then
    perform app.fail('22023', 'company_min_count_invalid');
  end if;
  if v_max_share > 0.85 then
    perform app.fail('22023', 'company_max_share_too_high');
  end if;
  if v_max_share < 0.01 then
    perform app.fail('22023', 'company_max_share_invalid');
  end if;
  -- Candidatures and parcours (DOMAIN.md §4, §7)
  if p_candidature_expiry_days not between 1 and 730 then
    perform app.fail('22023', 'candidature_expiry_days_invalid');
  end if;
  if p_parcours_max_months not between 1 and 60 then
    perform app.fail('22023', 'parcours_max_months_invalid');
  end if;
  -- Hours (DOMAIN.md §5)
  if v_labour_share < 0.01 or v_labour_share > 1 then
    perform app.fail('22023', 'subcontracting_labour_share_invalid');
  end if;
  if v_hourly_cost < 1 or v_hourly_cost > 1000 then
    perform app.fail('22023', 'subcontracting_hourly_cost_invalid');
  end if;
  if p_cdi_counted_months not in (6, 12, 24) then
    perform app.fail('22023', 'cdi_counted_months_invalid');
  end if;
  -- Retention (DOMAIN.md §11; the table's checks)
  if p_retention_candidate_months not between 1 and 24 then
    perform app.fail('22023', 'retention_candidate_months_invalid');
  end if;
  if p_retention_participant_months not between 1 and 60 then
    perform app.fail('22023', 'retention_participant_months_invalid');
  end if;
  if p_retention_log_months not between 6 and 12 then
    perform app.fail('22023', 'retention_log_months_invalid');
  end if;

  update app.territories t set
    description = coalesce(v_description, t.description),
    facilitator_contact_name = case when v_name is null then t.facilitator_contact_name else nullif(v_name, '') end,
    facilitator_contact_email = case when v_email is null then t.facilitator_contact_email else nullif(v_email, '') end,
    facilitator_contact_phone = case when v_phone is null then t.facilitator_contact_phone else nullif(v_phone, '') end,
    logo_url = case when v_logo is null then t.logo_url else nullif(v_logo, '') end,
    color_primary = case when v_primary is null then t.color_primary else nullif(v_primary, '') end,
    color_accent = case when v_accent is null then t.color_accent else nullif(v_accent, '') end,
    disclosure_threshold = coalesce(p_disclosure_threshold, t.disclosure_threshold),
    company_min_count = coalesce(p_company_min_count, t.company_min_count),
    company_max_share = coalesce(v_max_share, t.company_max_share),
    parcours_max_months = coalesce(p_parcours_max_months, t.parcours_max_months),
    candidature_expiry_days = coalesce(p_candidature_expiry_days, t.candidature_expiry_days),
    subcontracting_labour_share = coalesce(v_labour_share, t.subcontracting_labour_share),
    subcontracting_hourly_cost = coalesce(v_hourly_cost, t.subcontracting_hourly_cost),
    cdi_counted_months = coalesce(p_cdi_counted_months, t.cdi_counted_months),
    residence_required = coalesce(p_residence_required, t.residence_required),
    qpv_priority = coalesce(p_qpv_priority, t.qpv_priority),
    retention_candidate_months = coalesce(p_retention_candidate_months, t.retention_candidate_months),
    retention_participant_months = coalesce(p_retention_participant_months, t.retention_participant_months),
    retention_log_months = coalesce(p_retention_log_months, t.retention_log_months)
  where t.id = p_territory_id
  returning t.updated_at into v_updated;
  -- RLS (territories_update_facilitator) has the last word: no row updated, no right.
  if v_updated is null then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  return v_updated;
end;
$$;
revoke execute on function public.update_territory_settings(uuid, text, text, text, text, text, text, text, int, int, numeric, int, int, numeric, numeric, int, boolean, boolean, int, int, int) from public, anon;
grant execute on function public.update_territory_settings(uuid, text, text, text, text, text, text, text, int, int, numeric, int, int, numeric, numeric, int, boolean, boolean, int, int, int) to authenticated;
comment on function public.update_territory_settings(uuid, text, text, text, text, text, text, text, int, int, numeric, int, int, numeric, numeric, int, boolean, boolean, int, int, int) is
  'Modifie les paramètres d''un territoire (contact, apparence, règles) par ses facilitateurs, dans les limites de protection (K ≥ 11, 3 entreprises, 85 % au plus) ; chaque changement est journalisé.';


-- ==== supabase/schemas/02_audit_and_outbox.sql ====

-- Audit and outbox: the audit log (app.audit_row, triggered by the tables of later files) and the
-- outbox of e-mails the worker sends.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Audit log of changes to personal and hour data, and the outbox of e-mails to send.

create table app.audit_log (
  id bigint generated always as identity primary key,
  table_name text not null,
  row_id uuid not null,
  action text not null check (action in ('insert', 'update', 'delete', 'read')),
  territory_id uuid references app.territories (id),
  actor_user_id uuid,
  actor_role text,
  changed_columns text[] not null default '{}',
  changes jsonb,
  at timestamptz not null default now()
);
comment on column app.audit_log.changes is 'Anciennes et nouvelles valeurs, seulement pour les données d''heures (jamais pour les données personnelles).';
create index audit_log_row_idx on app.audit_log (table_name, row_id);
create index audit_log_at_idx on app.audit_log (at);

-- Written by triggers only. SECURITY DEFINER because nobody may insert into the log directly
-- (no insert grant), yet every change by any role must be logged. The territory is the row's,
-- or that of the row's market (market assignments). actor_role is the role the request runs as
-- (anon, authenticated, service_role: PostgREST's `set local role`), kept in the `role` setting:
-- current_user inside a SECURITY DEFINER function is its owner, not the caller. A session
-- without one (a migration, the SQL editor) records current_user.
create or replace function app.audit_row() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) else '{}'::jsonb end;
  new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) else '{}'::jsonb end;
  cols text[];
  keep_values boolean := tg_argv[0] = 'with_values';
  territory uuid;
begin
  select coalesce(array_agg(key order by key), '{}') into cols
  from (select key from jsonb_each(new_row) union select key from jsonb_each(old_row)) k
  where key not in ('updated_at', 'created_at')
    and (old_row -> key) is distinct from (new_row -> key);
  if tg_op = 'UPDATE' and cardinality(cols) = 0 then
    return null;
  end if;
  territory := coalesce(new_row ->> 'territory_id', old_row ->> 'territory_id')::uuid;
  if territory is null and coalesce(new_row ->> 'market_id', old_row ->> 'market_id') is not null then
    select m.territory_id into territory from app.markets m
    where m.id = coalesce(new_row ->> 'market_id', old_row ->> 'market_id')::uuid;
  end if;
  insert into app.audit_log (table_name, row_id, action, territory_id, actor_user_id, actor_role, changed_columns, changes)
  values (
    tg_table_name,
    coalesce(new_row ->> 'id', old_row ->> 'id')::uuid,
    lower(tg_op),
    territory,
    (select auth.uid()),
    coalesce(nullif(current_setting('role', true), 'none'), current_user),
    cols,
    case when keep_values then jsonb_build_object(
      'old', (select jsonb_object_agg(key, value) from jsonb_each(old_row) where key = any (cols)),
      'new', (select jsonb_object_agg(key, value) from jsonb_each(new_row) where key = any (cols)))
    end);
  return null;
end;
$$;
revoke execute on function app.audit_row() from public, anon, authenticated;

alter table app.audit_log enable row level security;
grant select on app.audit_log to authenticated;
create policy audit_log_select_facilitator on app.audit_log for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));

create table app.outbox (
  id uuid primary key default gen_random_uuid(),
  template text not null check (template in (
    'candidature_acknowledgement', 'candidature_facilitator_notice', 'shortlist_to_company',
    'candidature_company_decision', 'declaration_reminder', 'declaration_rejected', 'candidature_expired')),
  recipient text not null,
  payload jsonb not null default '{}'::jsonb,
  dedupe_key text unique,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_pending_idx on app.outbox (next_attempt_at) where status in ('pending', 'sending');
comment on table app.outbox is 'Courriels à envoyer, écrits dans la même transaction que l''action qui les cause ; un envoi raté est réessayé.';

alter table app.outbox enable row level security;

-- Actions write their e-mails in the same transaction; only the worker (service role) reads them.
grant insert on app.outbox to anon, authenticated;
create policy outbox_insert_anon on app.outbox for insert to anon, authenticated
  with check (status = 'pending' and attempts = 0);

-- Who gave or took away access, and when (the log keeps ids, never e-mails).
create trigger memberships_audit after insert or update or delete on app.memberships
  for each row execute function app.audit_row('with_values');

-- ==== supabase/schemas/03_markets_and_offers.sql ====

-- Markets and offers: operations, markets with a social clause (created by hand or imported from
-- the DECP), and their job offers.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Operations, markets with a social clause, and the job offers they create.

create table app.operations (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references app.territories (id),
  name text not null,
  description text not null default '',
  project_owner_id uuid references app.organisations (id),
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);
create index operations_territory_idx on app.operations (territory_id);
comment on table app.operations is 'Opération ou chantier regroupant plusieurs marchés (ex. grand chantier EPR2 de Penly).';

create table app.markets (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references app.territories (id),
  operation_id uuid references app.operations (id),
  buyer_id uuid not null references app.organisations (id),
  company_id uuid references app.organisations (id),
  title text not null check (length(title) between 3 and 300),
  reference text,
  clause_type text not null check (clause_type in (
    'execution_condition', 'reserved_disability', 'reserved_siae', 'insertion_market', 'award_criterion')),
  market_kind text not null default 'works' check (market_kind in ('works', 'services', 'supplies')),
  cpv_code text,
  estimated_amount_ht numeric(14,2) check (estimated_amount_ht is null or estimated_amount_ht >= 0),
  labour_share numeric(4,3) check (labour_share is null or (labour_share > 0 and labour_share <= 1)),
  insertion_rate numeric(4,3) check (insertion_rate is null or (insertion_rate > 0 and insertion_rate <= 1)),
  hourly_cost numeric(8,2) check (hourly_cost is null or hourly_cost > 0),
  hours_due numeric(10,2) check (hours_due is null or hours_due >= 0),
  hours_due_overridden boolean not null default false,
  starts_on date,
  ends_on date,
  notified_on date,
  status text not null default 'running' check (status in ('draft', 'running', 'closed')),
  decp_id text unique,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on is null or starts_on is null or ends_on >= starts_on)
);
comment on column app.markets.clause_type is 'Levier juridique : condition d''exécution (L2112-2), marché réservé EA/ESAT (L2113-12), marché réservé SIAE (L2113-13), marché d''insertion (R2123-1 3°), critère d''attribution (L2152-7).';
comment on column app.markets.hours_due is 'Heures d''insertion dues : montant HT × part de main-d''œuvre × taux d''insertion ÷ coût horaire chargé, sauf saisie manuelle ; null si non communiqué.';
comment on column app.markets.decp_id is 'Identifiant du marché dans les données essentielles de la commande publique (DECP).';
create index markets_territory_idx on app.markets (territory_id);
create index markets_buyer_idx on app.markets (buyer_id);
create index markets_company_idx on app.markets (company_id);
comment on table app.markets is 'Marché (public ou privé) comportant une clause sociale.';
create trigger markets_touch before update on app.markets for each row execute function app.touch_updated_at();

create table app.job_offers (
  id uuid primary key default gen_random_uuid(),
  market_id uuid not null references app.markets (id),
  territory_id uuid not null references app.territories (id),
  trade text not null check (length(trade) between 2 and 200),
  rome_code text check (rome_code is null or rome_code ~ '^[A-N][0-9]{4}$'),
  description text not null default '',
  place text not null,
  contract_type text not null check (contract_type in (
    'cdi', 'cdd', 'interim', 'contrat_pro', 'apprentissage', 'cddi', 'mise_a_disposition')),
  hours_per_week numeric(4,1) check (hours_per_week is null or hours_per_week between 1 and 48),
  duration_weeks int check (duration_weeks is null or duration_weeks > 0),
  positions int not null default 1 check (positions > 0),
  starts_on date,
  company_anonymous boolean not null default false,
  company_public_name text,
  status text not null default 'draft' check (status in ('draft', 'published', 'closed')),
  published_at timestamptz,
  closes_on date,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  idempotency_key uuid unique
);
comment on column app.job_offers.company_anonymous is 'L''entreprise demande à rester anonyme : l''offre affiche « entreprise du secteur ».';
comment on column app.job_offers.company_public_name is 'Nom de l''entreprise affiché sur l''offre publiée (copié à la publication).';
comment on column app.job_offers.idempotency_key is 'Clé du formulaire de création : un envoi répété ne crée pas une seconde offre.';
create index job_offers_territory_idx on app.job_offers (territory_id, status);
create index job_offers_market_idx on app.job_offers (market_id);
comment on table app.job_offers is 'Offre d''emploi créée par une clause, publiée par le facilitateur.';
create trigger job_offers_touch before update on app.job_offers for each row execute function app.touch_updated_at();

-- Keep an offer's territory equal to its market's.
create or replace function app.job_offer_territory() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  select territory_id into new.territory_id from app.markets where id = new.market_id;
  return new;
end;
$$;
create trigger job_offers_territory before insert or update of market_id on app.job_offers
  for each row execute function app.job_offer_territory();

alter table app.operations enable row level security;
alter table app.markets enable row level security;
alter table app.job_offers enable row level security;

grant select on app.operations, app.markets, app.job_offers to authenticated;
grant insert, update on app.operations, app.markets, app.job_offers to authenticated;
grant select on app.job_offers to anon;

create policy operations_select_facilitator on app.operations for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy operations_select_member on app.operations for select to authenticated
  using (id in (select m.operation_id from app.markets m
               where m.buyer_id in (select app.my_organisations()) or m.company_id in (select app.my_organisations())));
create policy operations_insert_facilitator on app.operations for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy operations_update_facilitator on app.operations for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

create policy markets_select_facilitator on app.markets for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy markets_select_member on app.markets for select to authenticated
  using (buyer_id in (select app.my_organisations()) or company_id in (select app.my_organisations()));
create policy markets_insert_facilitator on app.markets for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy markets_update_facilitator on app.markets for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));
create policy job_offers_select_authenticated on app.job_offers for select to authenticated
  using (status = 'published');
create policy job_offers_select_facilitator on app.job_offers for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy job_offers_select_company on app.job_offers for select to authenticated
  using (market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy job_offers_insert_facilitator on app.job_offers for insert to authenticated
  with check (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy job_offers_update_facilitator on app.job_offers for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));

create or replace function public.list_markets()
returns table (
  id uuid, title text, territory_slug text, operation_name text, buyer_name text, company_name text,
  clause_type text, estimated_amount_ht numeric, hours_due numeric, hours_submitted numeric,
  hours_validated numeric, starts_on date, ends_on date, status text
)
language sql stable
set search_path = ''
as $$
  select m.id, m.title, t.slug, op.name, b.name, c.name, m.clause_type, m.estimated_amount_ht, m.hours_due,
         coalesce((select sum(d.hours) from app.hour_declarations d where d.market_id = m.id and d.status = 'submitted'), 0),
         coalesce((select sum(d.hours) from app.hour_declarations d where d.market_id = m.id and d.status = 'validated'), 0),
         m.starts_on, m.ends_on, m.status
  from app.markets m
  join app.territories t on t.id = m.territory_id
  left join app.operations op on op.id = m.operation_id
  left join app.organisations b on b.id = m.buyer_id
  left join app.organisations c on c.id = m.company_id
  order by m.starts_on desc nulls last, m.title
$$;
grant execute on function public.list_markets() to authenticated;

create policy job_offers_select_anon on app.job_offers for select to anon
  using (status in ('published', 'closed'));

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

-- The organisation with this SIRET visible to the caller, or a new one in the territory, named
-- after its SIRET for the facilitator to rename (DECP carries no names). `created` tells which.
-- Raises unique_violation when the SIRET belongs to an organisation the caller cannot see
-- (another territory), and decp_siret_kind_mismatch when it belongs to an organisation of
-- another kind (a buyer's SIRET that is a company, or a holder's that is not a company or SIAE).
-- Not exposed (schema app): called by public.import_decp_markets, with the caller's rights.
create or replace function app.decp_organisation(p_territory_id uuid, p_siret text, p_kind text, out id uuid, out created boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_kind text;
begin
  select o.id, o.kind into id, v_kind from app.organisations o where o.siret = p_siret;
  if id is not null then
    if (p_kind = 'buyer' and v_kind <> 'buyer') or (p_kind = 'company' and v_kind not in ('company', 'siae')) then
      perform app.fail('22023', 'decp_siret_kind_mismatch');
    end if;
    created := false;
    return;
  end if;
  id := gen_random_uuid();
  insert into app.organisations (id, territory_id, kind, name, siret, buyer_sector)
  values (id, p_territory_id, p_kind,
          case p_kind when 'buyer' then 'Acheteur SIRET ' else 'Titulaire SIRET ' end || p_siret,
          p_siret, case when p_kind = 'buyer' then 'public' end);
  created := true;
end;
$$;
grant execute on function app.decp_organisation(uuid, text, text) to authenticated;

-- Create, in one transaction, the markets of a DECP file the facilitator confirmed.
-- p_markets: [{decp_id, reference, title, cpv_code, market_kind, amount_ht, notified_on,
--              starts_on, ends_on, buyer_siret, company_siret}], as mapped by src/domain/decp.ts.
-- Idempotent: a market whose decp_id is already imported is skipped, never duplicated (markets.decp_id
-- is unique; concurrent imports for one territory are serialised by an advisory lock).
-- Returns {created: [{decp_id, id}], skipped: [{decp_id, reason}], organisations_created}.
create or replace function public.import_decp_markets(p_territory_slug text, p_markets jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_territory uuid;
  item jsonb;
  v_decp_id text;
  v_title text;
  v_buyer_siret text;
  v_company_siret text;
  v_kind text;
  v_buyer uuid;
  v_company uuid;
  v_id uuid;
  v_constraint text;
  v_hint text;
  buyer_created boolean;
  company_created boolean;
  orgs_created int := 0;
  created jsonb := '[]'::jsonb;
  skipped jsonb := '[]'::jsonb;
begin
  select t.id into v_territory from app.territories t
  where t.slug = p_territory_slug and t.id in (select app.my_facilitated_territories());
  if v_territory is null then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  if jsonb_typeof(p_markets) is distinct from 'array' or jsonb_array_length(p_markets) = 0 then
    perform app.fail('22023', 'decp_nothing_to_import');
  end if;
  if jsonb_array_length(p_markets) > 500 then
    perform app.fail('22023', 'decp_too_many');
  end if;
  -- Two imports of the same file at once: the second waits, then skips what the first created.
  perform pg_advisory_xact_lock(hashtext('decp-import:' || v_territory::text));

  for item in select value from jsonb_array_elements(p_markets) loop
    v_decp_id := nullif(trim(item ->> 'decp_id'), '');
    v_title := left(trim(coalesce(item ->> 'title', '')), 300);
    v_buyer_siret := item ->> 'buyer_siret';
    v_company_siret := nullif(item ->> 'company_siret', '');
    v_kind := coalesce(item ->> 'market_kind', 'works');
    if v_decp_id is null or length(v_decp_id) > 64 or length(v_title) < 3
       or v_kind not in ('works', 'services', 'supplies') then
      perform app.fail('22023', 'decp_market_invalid');
    end if;
    if not app.is_valid_siret(v_buyer_siret) or (v_company_siret is not null and not app.is_valid_siret(v_company_siret)) then
      perform app.fail('22023', 'siret_invalid');
    end if;

    if exists (select 1 from app.markets m where m.decp_id = v_decp_id) then
      skipped := skipped || jsonb_build_object('decp_id', v_decp_id, 'reason', 'already_imported');
      continue;
    end if;

    -- One market at a time: a conflict with a row of another territory skips this market only,
    -- and undoes the organisations created for it.
    begin
      select o.id, o.created into v_buyer, buyer_created from app.decp_organisation(v_territory, v_buyer_siret, 'buyer') o;
      v_company := null;
      company_created := false;
      if v_company_siret is not null then
        select o.id, o.created into v_company, company_created from app.decp_organisation(v_territory, v_company_siret, 'company') o;
      end if;
      v_id := gen_random_uuid();
      insert into app.markets (id, territory_id, buyer_id, company_id, title, reference, clause_type, market_kind,
        cpv_code, estimated_amount_ht, starts_on, ends_on, notified_on, status, decp_id)
      values (v_id, v_territory, v_buyer, v_company, v_title, left(item ->> 'reference', 64), 'execution_condition', v_kind,
        left(item ->> 'cpv_code', 20), (item ->> 'amount_ht')::numeric, (item ->> 'starts_on')::date,
        (item ->> 'ends_on')::date, (item ->> 'notified_on')::date, 'running', v_decp_id);
      created := created || jsonb_build_object('decp_id', v_decp_id, 'id', v_id);
      orgs_created := orgs_created + buyer_created::int + company_created::int;
    exception
      when unique_violation then
        get stacked diagnostics v_constraint = constraint_name;
        skipped := skipped || jsonb_build_object('decp_id', v_decp_id, 'reason',
          case when v_constraint = 'organisations_siret_key' then 'siret_other_territory' else 'imported_elsewhere' end);
      when invalid_parameter_value then
        get stacked diagnostics v_hint = pg_exception_hint;
        if v_hint is distinct from 'decp_siret_kind_mismatch' then
          raise;
        end if;
        skipped := skipped || jsonb_build_object('decp_id', v_decp_id, 'reason', 'siret_kind_mismatch');
    end;
  end loop;

  return jsonb_build_object('created', created, 'skipped', skipped, 'organisations_created', orgs_created);
end;
$$;
grant execute on function public.import_decp_markets(text, jsonb) to authenticated;

-- Markets and their job offers, run by the territory's facilitator: read one market with its
-- offers, edit it, close it (its published offers close with it), create an offer (once per
-- idempotency key), publish or close an offer. SECURITY INVOKER: RLS decides who may do what
-- (markets_update_facilitator, job_offers_insert_facilitator, job_offers_update_facilitator).

-- The buyer and the company of a market the caller may read are named to each other (an
-- organisation's name and SIRET are public facts of the contract, not personal data).
create policy organisations_select_market_partner on app.organisations for select to authenticated
  using (id in (select m.buyer_id from app.markets m) or id in (select m.company_id from app.markets m));

-- One market and its offers, for whoever may read the market (facilitator, buyer, company).
create or replace function public.get_market(p_market_id uuid) returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'id', m.id, 'title', m.title, 'reference', m.reference, 'status', m.status, 'clause_type', m.clause_type,
    'territory_slug', t.slug, 'buyer_id', m.buyer_id, 'buyer_name', b.name, 'company_id', m.company_id, 'company_name', c.name,
    'estimated_amount_ht', m.estimated_amount_ht, 'labour_share', m.labour_share, 'insertion_rate', m.insertion_rate,
    'hourly_cost', m.hourly_cost, 'hours_due', m.hours_due, 'hours_due_overridden', m.hours_due_overridden,
    'starts_on', m.starts_on, 'ends_on', m.ends_on, 'decp_id', m.decp_id,
    'hours_validated', coalesce((select sum(d.hours) from app.hour_declarations d where d.market_id = m.id and d.status = 'validated'), 0),
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
$$;
grant execute on function public.get_market(uuid) to authenticated;

-- Edit a running or draft market. Hours due follow the sizing rule unless given (overridden).
create or replace function public.update_market(
  p_market_id uuid, p_title text, p_clause_type text, p_company_id uuid default null,
  p_estimated_amount_ht numeric default null, p_labour_share numeric default null, p_insertion_rate numeric default null,
  p_hourly_cost numeric default null, p_hours_due numeric default null, p_starts_on date default null, p_ends_on date default null
) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_status text;
  v_hours numeric;
begin
  select m.status into v_status from app.markets m
  where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories());
  if v_status is null then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if v_status = 'closed' then
    perform app.fail('55000', 'market_closed');
  end if;
  if p_company_id is not null and not exists (select 1 from app.organisations o where o.id = p_company_id and o.kind in ('company', 'siae')) then
    perform app.fail('22023', 'company_invalid');
  end if;
  if p_ends_on is not null and p_starts_on is not null and p_ends_on < p_starts_on then
    perform app.fail('22023', 'market_dates_invalid');
  end if;
  if p_hours_due is not null then
    v_hours := p_hours_due;
  elsif p_estimated_amount_ht is not null and p_labour_share is not null and p_insertion_rate is not null and p_hourly_cost is not null then
    v_hours := floor(p_estimated_amount_ht * p_labour_share * p_insertion_rate / p_hourly_cost);
  end if;
  update app.markets set
    title = p_title, clause_type = p_clause_type, company_id = p_company_id, estimated_amount_ht = p_estimated_amount_ht,
    labour_share = p_labour_share, insertion_rate = p_insertion_rate, hourly_cost = p_hourly_cost,
    hours_due = v_hours, hours_due_overridden = p_hours_due is not null, starts_on = p_starts_on, ends_on = p_ends_on,
    updated_at = now()
  where id = p_market_id;
end;
$$;
grant execute on function public.update_market(uuid, text, text, uuid, numeric, numeric, numeric, numeric, numeric, date, date) to authenticated;

-- Close a market: no more hours can be declared on it; its published offers close too.
-- Closing a closed market changes nothing (a replayed click is harmless).
create or replace function public.close_market(p_market_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from app.markets m where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories())) then
    perform app.fail('P0002', 'market_not_found');
  end if;
  update app.markets set status = 'closed', updated_at = now() where id = p_market_id and status <> 'closed';
  update app.job_offers set status = 'closed', updated_at = now() where market_id = p_market_id and status <> 'closed';
end;
$$;
grant execute on function public.close_market(uuid) to authenticated;

-- A new job offer on a market of the facilitator's territory, published at once or kept as a draft.
-- The same idempotency key returns the offer already created and writes nothing.
create or replace function public.create_job_offer(
  p_market_id uuid, p_idempotency_key uuid, p_trade text, p_place text, p_contract_type text,
  p_description text default '', p_hours_per_week numeric default null, p_duration_weeks int default null,
  p_positions int default 1, p_starts_on date default null, p_closes_on date default null,
  p_company_anonymous boolean default false, p_publish boolean default false
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_market record;
  v_id uuid;
begin
  select o.id into v_id from app.job_offers o where o.idempotency_key = p_idempotency_key;
  if v_id is not null then
    return v_id;
  end if;
  select m.id, m.territory_id, m.status, c.name as company_name into v_market
  from app.markets m left join app.organisations c on c.id = m.company_id
  where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories());
  if v_market.id is null then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if v_market.status = 'closed' then
    perform app.fail('55000', 'market_closed');
  end if;
  if length(coalesce(trim(p_trade), '')) < 2 then
    perform app.fail('22023', 'offer_trade_required');
  end if;
  if length(coalesce(trim(p_place), '')) < 2 then
    perform app.fail('22023', 'offer_place_required');
  end if;
  if p_closes_on is not null and p_closes_on < current_date then
    perform app.fail('22023', 'offer_closes_in_past');
  end if;
  insert into app.job_offers (market_id, territory_id, trade, place, contract_type, description, hours_per_week,
    duration_weeks, positions, starts_on, closes_on, company_anonymous, company_public_name, status, published_at, idempotency_key)
  values (p_market_id, v_market.territory_id, trim(p_trade), trim(p_place), p_contract_type, coalesce(p_description, ''),
    p_hours_per_week, p_duration_weeks, coalesce(p_positions, 1), p_starts_on, p_closes_on, coalesce(p_company_anonymous, false),
    v_market.company_name, case when p_publish then 'published' else 'draft' end, case when p_publish then now() end,
    p_idempotency_key)
  on conflict (idempotency_key) do nothing
  returning id into v_id;
  if v_id is null then -- a concurrent submission of the same form won the insert
    select o.id into v_id from app.job_offers o where o.idempotency_key = p_idempotency_key;
  end if;
  return v_id;
end;
$$;
grant execute on function public.create_job_offer(uuid, uuid, text, text, text, text, numeric, int, int, date, date, boolean, boolean) to authenticated;

-- Publish a draft offer or close an offer. A closed offer accepts no candidature and stays closed.
create or replace function public.set_job_offer_status(p_offer_id uuid, p_status text) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_offer record;
begin
  select o.id, o.status, m.status as market_status, c.name as company_name into v_offer
  from app.job_offers o join app.markets m on m.id = o.market_id left join app.organisations c on c.id = m.company_id
  where o.id = p_offer_id and o.territory_id in (select app.my_facilitated_territories());
  if v_offer.id is null then
    perform app.fail('P0002', 'offer_not_found');
  end if;
  if p_status not in ('published', 'closed') then
    perform app.fail('22023', 'offer_status_invalid');
  end if;
  if v_offer.status = p_status then
    return;
  end if;
  if p_status = 'published' and (v_offer.status = 'closed' or v_offer.market_status = 'closed') then
    perform app.fail('55000', 'offer_closed');
  end if;
  update app.job_offers set status = p_status, updated_at = now(),
    published_at = case when p_status = 'published' then now() else published_at end,
    company_public_name = case when p_status = 'published' then v_offer.company_name else company_public_name end
  where id = p_offer_id;
end;
$$;
grant execute on function public.set_job_offer_status(uuid, text) to authenticated;

-- Three gaps closed after review of the partner space:
--   1. a market's buyer and company must be organisations of the right kind and of the market's
--      territory: public.create_market accepted any organisation id, so a facilitator could, by a
--      forged form field, give another territory's company access to a market and its people;
--   2. assignments of participants to markets are in the audit log like the other changes to
--      personal data (DOMAIN.md §11), with their territory;
--   3. the access-request export (RGPD art. 15) lists the markets a person is assigned to.
-- Errors are app.fail keys mapped in src/server/errors.ts; tests in
-- test/integration/integrity-fixes.test.ts.

-- 1. Buyer and company of a market ------------------------------------------------------------

-- SECURITY INVOKER: a facilitator sees the organisations of their territories only, so an
-- organisation they cannot see is refused the same way as one of the wrong kind or territory.
-- An organisation without territory (a national body) may be attached anywhere.
create or replace function app.check_market_organisations() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.buyer_id is not null and (tg_op = 'INSERT' or new.buyer_id is distinct from old.buyer_id)
     and not exists (select 1 from app.organisations o
                     where o.id = new.buyer_id and o.kind = 'buyer'
                       and (o.territory_id is null or o.territory_id = new.territory_id)) then
    perform app.fail('22023', 'buyer_invalid');
  end if;
  if new.company_id is not null and (tg_op = 'INSERT' or new.company_id is distinct from old.company_id)
     and not exists (select 1 from app.organisations o
                     where o.id = new.company_id and o.kind in ('company', 'siae')
                       and (o.territory_id is null or o.territory_id = new.territory_id)) then
    perform app.fail('22023', 'company_invalid');
  end if;
  return new;
end;
$$;
grant execute on function app.check_market_organisations() to authenticated, service_role;
create trigger markets_organisations before insert or update of buyer_id, company_id, territory_id on app.markets
  for each row execute function app.check_market_organisations();

-- ==== supabase/schemas/04_candidatures.sql ====

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
  participant_id uuid -- references app.participants: the constraint is added with that table (05_participants_and_hours.sql)
);
comment on column app.candidatures.eligibility is 'Critères d''éligibilité déclarés (oui/non), sans justificatif.';
comment on column app.candidatures.idempotency_key is 'Clé d''idempotence du formulaire : un renvoi ne crée jamais de doublon.';
comment on column app.candidatures.transmitted_at is 'Date de transmission du dossier à l''entreprise (état « transmise à l''entreprise ») : à partir de là, l''entreprise titulaire du marché de l''offre le lit.';
comment on column app.candidatures.participant_id is 'Participant créé ou retrouvé à l''embauche.';
create index candidatures_offer_idx on app.candidatures (job_offer_id, status);
create index candidatures_territory_idx on app.candidatures (territory_id, status);
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
--   * the company's decision (hire, or not retained): to the territory's facilitator address.
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
  if new.status is not distinct from old.status or new.job_offer_id is null then
    return null;
  end if;
  select o.trade, m.title as market_title, c.contact_email as company_email into v_offer
  from app.job_offers o
  left join app.markets m on m.id = o.market_id
  left join app.organisations c on c.id = m.company_id
  where o.id = new.job_offer_id;
  select t.name, t.facilitator_contact_email into v_territory from app.territories t where t.id = new.territory_id;

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
-- No SECURITY DEFINER: a signed-in user may add a `read` line only for themselves and only for a
-- candidature with a CV that row-level security already lets them read; nobody may add any
-- other line (the triggers of app.audit_row keep writing the changes).

comment on table app.audit_log is 'Journal des modifications des données personnelles et des heures, et des consultations de CV : qui, quand, quelles colonnes. Les valeurs des données personnelles n''y sont pas copiées.';

grant insert on app.audit_log to authenticated;
create policy audit_log_insert_cv_read on app.audit_log for insert to authenticated
  with check (
    action = 'read' and table_name = 'candidatures' and changed_columns = array['cv_path'] and changes is null
    and actor_user_id = (select auth.uid()) and actor_role = current_user
    and row_id in (select c.id from app.candidatures c where c.cv_path is not null)
    and territory_id = (select c.territory_id from app.candidatures c where c.id = row_id));
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

-- ==== supabase/schemas/05_participants_and_hours.sql ====

-- Participants and hours: participants, their markets (assignments), hour declarations from draft
-- to validation (with the SIAE's confirmation of sub-contracting), exits and parcours.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

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
comment on column app.participants.eligibility is 'Critères d''éligibilité retenus à l''entrée dans le parcours.';
comment on column app.participants.birth_year is 'Année de naissance seule (jeunes de moins de 26 ans, seniors de 50 ans et plus).';
comment on column app.participants.qualification_level is 'Niveau de qualification (nomenclature 2019) : infra 3, 3 (CAP/BEP), 4 (bac), 5 et plus.';
create index participants_territory_idx on app.participants (territory_id);
comment on table app.participants is 'Personne recrutée sur une clause : faits d''éligibilité (déclaratifs, vérifiés par le facilitateur), parcours.';
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
  check (hours >= 0 or corrects_id is not null),
  siae_confirmation_reason text check (siae_confirmation_reason is null or length(siae_confirmation_reason) between 3 and 500),
  constraint hour_declarations_dispute_has_reason
    check (siae_confirmation is distinct from 'disputed' or siae_confirmation_reason is not null)
);
comment on column app.hour_declarations.realisation_mode is 'Mode de réalisation : embauche directe, intérim, mise à disposition (ETTI, AI, GEIQ), sous-traitance ou co-traitance (SIAE, EA, ESAT), formation.';
comment on column app.hour_declarations.invoiced_amount_ht is 'Montant facturé HT en sous-traitance, converti en heures avec les paramètres du territoire.';
comment on column app.hour_declarations.corrects_id is 'Contre-écriture : ligne validée que celle-ci corrige (une ligne validée est immuable).';
comment on column app.hour_declarations.siae_confirmation is 'Confirmation par la SIAE du montant sous-traité déclaré par l''entreprise : en attente, confirmé, contesté.';
comment on column app.hour_declarations.siae_confirmation_reason is 'Motif donné par la SIAE quand elle conteste le montant déclaré.';
create unique index hour_declarations_line_key on app.hour_declarations (market_id, participant_id, month, realisation_mode)
  where corrects_id is null;
create index hour_declarations_status_idx on app.hour_declarations (status);
comment on table app.hour_declarations is 'Heures d''insertion déclarées par l''entreprise, par participant, marché et mois ; validées par le facilitateur.';
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
comment on column app.participant_exits.category is 'Emploi durable, emploi de transition, sortie positive (ensemble : sorties dynamiques), ou autre.';
comment on table app.participant_exits is 'Situation d''un participant en fin de parcours, à 6 et à 12 mois.';

alter table app.participants enable row level security;
alter table app.hour_declarations enable row level security;
alter table app.participant_exits enable row level security;

grant select, insert, update on app.participants, app.hour_declarations, app.participant_exits to authenticated;

-- Participants: the territory's facilitators; a company sees the people it declared hours for.
create policy participants_select_facilitator on app.participants for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
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

create trigger participants_audit after insert or update or delete on app.participants
  for each row execute function app.audit_row('columns_only');
create trigger participant_exits_audit after insert or update or delete on app.participant_exits
  for each row execute function app.audit_row('columns_only');
create trigger hour_declarations_audit after insert or update or delete on app.hour_declarations
  for each row execute function app.audit_row('with_values');

-- Save (create or update) one draft line of a company's monthly declaration, for a person on
-- the market: assigned to it, or with hour declarations on it already (participant_not_on_market;
-- the company reads both: policies market_assignments_select_company,
-- hour_declarations_select_company). Sub-contracting and co-contracting are declared as an
-- invoiced amount to an SIAE of the market's territory (siae_required, siae_invalid) and
-- converted with the territory's parameters: hours = amount_ht × labour_share / hourly_cost
-- (DOMAIN.md §5).
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
grant execute on function public.save_hour_declaration(uuid, uuid, date, text, numeric, numeric, uuid, uuid) to authenticated;

-- Submit every draft line of a market and month to the facilitator. Returns the number submitted.
-- A draft sub-contracting or co-contracting line that names no SIAE (saved before SIAE were
-- required) is not submitted: the company completes it first (siae_required).
create or replace function public.submit_hour_declarations(p_market_id uuid, p_month date) returns int
language plpgsql
set search_path = ''
as $$
declare
  n int;
begin
  if not exists (select 1 from app.markets where id = p_market_id and company_id in (select app.my_organisations())) then
    perform app.fail('42501', 'not_market_company');
  end if;
  if exists (select 1 from app.hour_declarations
             where market_id = p_market_id and month = p_month and status = 'draft'
               and realisation_mode in ('subcontracting', 'co_contracting') and employer_id is null) then
    perform app.fail('22023', 'siae_required');
  end if;
  update app.hour_declarations
     set status = 'submitted', submitted_at = now()
   where market_id = p_market_id and month = p_month and status = 'draft';
  get diagnostics n = row_count;
  if n = 0 then
    perform app.fail('55000', 'nothing_to_submit');
  end if;
  return n;
end;
$$;
grant execute on function public.submit_hour_declarations(uuid, date) to authenticated;

-- The facilitator validates or rejects (with a reason) one submitted line.
-- ---------------------------------------------------------------------------------------------
-- The facilitator's review
-- ---------------------------------------------------------------------------------------------

-- The facilitator validates or rejects (with a reason) one submitted line.
-- Sub-contracting and co-contracting lines, by the SIAE's confirmation:
--   * disputed: validation refused (siae_disputed). The SIAE says the amount is wrong, and a
--     validated line is immutable (DOMAIN.md §8): validating it would freeze a figure one of the
--     two parties rejects. The facilitator rejects the line (the company corrects the amount or
--     the SIAE, which puts it back to pending) or waits for the SIAE to confirm.
--   * pending: validation allowed, the list shows "not yet confirmed". The confirmation is
--     the SIAE's goodwill, with no deadline: blocking on it would let a silent SIAE hold back a
--     company's hours, and the facilitator may check the invoice by other means.
--   * no SIAE named (a line saved before SIAE were required): validation refused
--     (review_siae_missing); the facilitator rejects it so that the company names the SIAE.
-- Rejecting is always possible.
create or replace function public.review_hour_declaration(p_declaration_id uuid, p_decision text, p_reason text default null)
returns text
language plpgsql
set search_path = ''
as $$
declare
  line app.hour_declarations;
begin
  select d.* into line from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  where d.id = p_declaration_id and m.territory_id in (select app.my_facilitated_territories())
  for update of d;
  if not found then
    perform app.fail('P0002', 'declaration_not_found');
  end if;
  if line.status <> 'submitted' then
    perform app.fail('55000', 'declaration_not_submitted');
  end if;
  if p_decision = 'validate' then
    if line.realisation_mode in ('subcontracting', 'co_contracting') then
      if line.employer_id is null then
        perform app.fail('55000', 'review_siae_missing');
      end if;
      if line.siae_confirmation = 'disputed' then
        perform app.fail('55000', 'siae_disputed');
      end if;
    end if;
    update app.hour_declarations
       set status = 'validated', validated_by = (select auth.uid()), validated_at = now()
     where id = p_declaration_id;
    return 'validated';
  elsif p_decision = 'reject' then
    if p_reason is null or length(trim(p_reason)) < 3 then
      perform app.fail('22023', 'rejection_reason_required');
    end if;
    update app.hour_declarations
       set status = 'rejected', rejection_reason = trim(p_reason)
     where id = p_declaration_id;
    return 'rejected';
  end if;
  perform app.fail('22023', 'decision_invalid');
  return null;
end;
$$;
grant execute on function public.review_hour_declaration(uuid, text, text) to authenticated;

-- The people a company can declare hours for on a market: those it already declared there,
-- and those hired through a candidature to one of the market's offers.
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

-- A reason belongs to a dispute only: any change that leaves the line not disputed (the SIAE
-- confirms, or the company saves a new amount, which puts it back to pending) clears it.
create or replace function app.clear_siae_reason() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.siae_confirmation is distinct from 'disputed' then
    new.siae_confirmation_reason := null;
  end if;
  return new;
end;
$$;
create trigger hour_declarations_siae_reason before insert or update on app.hour_declarations
  for each row execute function app.clear_siae_reason();

-- ---------------------------------------------------------------------------------------------
-- SIAE confirmation of sub-contracted amounts
-- ---------------------------------------------------------------------------------------------

-- The two SIAE functions are SECURITY DEFINER: the SIAE has no policy on markets, organisations
-- or participants, and no UPDATE policy on hour_declarations, and a policy on markets that reads
-- hour_declarations would recurse (hour_declarations' policies read markets). Each has a fixed
-- search_path and a narrow check: the caller is an SIAE member of the line's employer
-- organisation (who may call them: test/integration/partner-more.test.ts).

-- The sub-contracting and co-contracting lines whose employer is one of the caller's SIAE, with
-- the market, the company and the amount it declared. SECURITY DEFINER (see above): it
-- returns only lines whose employer_id is an organisation where the caller is an SIAE member,
-- and of the person only a first name and an initial.
create or replace function public.list_siae_subcontracting()
returns table (
  id uuid, month date, market_title text, company_name text, participant_label text, realisation_mode text,
  invoiced_amount_ht numeric, hours numeric, status text, siae_confirmation text, siae_confirmation_reason text
)
language sql stable security definer
set search_path = ''
as $$
  select d.id, d.month, m.title, c.name,
         p.first_name || ' ' || left(p.last_name, 1) || '.',
         d.realisation_mode, d.invoiced_amount_ht, d.hours, d.status, d.siae_confirmation, d.siae_confirmation_reason
  from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  left join app.organisations c on c.id = m.company_id
  left join app.participants p on p.id = d.participant_id
  where d.realisation_mode in ('subcontracting', 'co_contracting')
    and d.employer_id in (select ms.organisation_id from app.memberships ms
                          where ms.user_id = (select auth.uid()) and ms.role = 'siae')
  order by d.month desc, m.title, p.last_name
  limit 500
$$;
revoke execute on function public.list_siae_subcontracting() from public, anon;
grant execute on function public.list_siae_subcontracting() to authenticated;

-- The SIAE confirms or disputes (with a reason) the amount of one line. SECURITY DEFINER (see
-- the header): it changes only siae_confirmation and siae_confirmation_reason, of a
-- sub-contracting line whose employer is an organisation where the caller is an SIAE member,
-- and not once the facilitator has validated the line (it is then immutable).
create or replace function public.confirm_subcontracting(p_declaration_id uuid, p_decision text, p_reason text default null)
returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  line app.hour_declarations;
begin
  select d.* into line from app.hour_declarations d
  where d.id = p_declaration_id
    and d.realisation_mode in ('subcontracting', 'co_contracting')
    and d.employer_id in (select ms.organisation_id from app.memberships ms
                          where ms.user_id = (select auth.uid()) and ms.role = 'siae')
  for update of d;
  if not found then
    perform app.fail('P0002', 'declaration_not_found');
  end if;
  if line.status = 'validated' then
    perform app.fail('55000', 'declaration_validated');
  end if;
  if p_decision = 'confirm' then
    update app.hour_declarations set siae_confirmation = 'confirmed', siae_confirmation_reason = null
    where id = line.id;
    return 'confirmed';
  elsif p_decision = 'dispute' then
    if p_reason is null or length(trim(p_reason)) < 3 then
      perform app.fail('22023', 'dispute_reason_required');
    end if;
    update app.hour_declarations set siae_confirmation = 'disputed', siae_confirmation_reason = left(trim(p_reason), 500)
    where id = line.id;
    return 'disputed';
  end if;
  perform app.fail('22023', 'decision_invalid');
  return null;
end;
$$;
revoke execute on function public.confirm_subcontracting(uuid, text, text) from public, anon;
grant execute on function public.confirm_subcontracting(uuid, text, text) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Participant's file
-- ---------------------------------------------------------------------------------------------

-- One participant of the caller's facilitated territories: eligibility facts and their check,
-- the parcours (hours per market and month), the exits at the end, 6 and 12 months. A company
-- (even one that declared the person's hours) gets participant_not_found: the file is the facilitator's.
create or replace function public.participant_file(p_participant_id uuid) returns json
language plpgsql stable
set search_path = ''
as $$
declare
  p app.participants;
  result json;
begin
  select * into p from app.participants
  where id = p_participant_id and territory_id in (select app.my_facilitated_territories());
  if not found then
    perform app.fail('P0002', 'participant_not_found');
  end if;
  select json_build_object(
    'id', p.id, 'first_name', p.first_name, 'last_name', p.last_name,
    'territory_slug', (select t.slug from app.territories t where t.id = p.territory_id),
    'birth_year', p.birth_year, 'sex', p.sex, 'commune', p.commune, 'qpv', p.qpv,
    'qualification_level', p.qualification_level, 'has_training', p.has_training,
    'eligibility', p.eligibility, 'eligibility_checked_at', p.eligibility_checked_at,
    'eligibility_checked_by_me', p.eligibility_checked_by = (select auth.uid()),
    'eligibility_checked_by_known', p.eligibility_checked_by is not null,
    'parcours_started_on', p.parcours_started_on, 'parcours_ended_on', p.parcours_ended_on,
    -- The date the exits at 6 and 12 months count from (as in public.record_participant_exit).
    'exits_from', coalesce(p.parcours_ended_on,
                           (select e.observed_on from app.participant_exits e where e.participant_id = p.id and e.milestone = 'end')),
    'parcours', coalesce((select json_agg(json_build_object(
        'market_id', x.market_id, 'market_title', x.title, 'company_name', x.company_name, 'month', x.month,
        'hours_validated', x.validated, 'hours_pending', x.pending, 'modes', x.modes) order by x.month, x.title)
      from (select d.market_id, m.title, c.name as company_name, d.month,
                   coalesce(sum(d.hours) filter (where d.status = 'validated'), 0) as validated,
                   coalesce(sum(d.hours) filter (where d.status in ('draft', 'submitted')), 0) as pending,
                   array_agg(distinct d.realisation_mode order by d.realisation_mode) as modes
            from app.hour_declarations d
            join app.markets m on m.id = d.market_id
            left join app.organisations c on c.id = m.company_id
            where d.participant_id = p.id
            group by d.market_id, m.title, c.name, d.month) x), '[]'::json),
    'exits', coalesce((select json_agg(json_build_object(
        'milestone', e.milestone, 'observed_on', e.observed_on, 'situation', e.situation, 'category', e.category,
        'recorded_at', e.created_at) order by array_position(array['end', 'm6', 'm12'], e.milestone))
      from app.participant_exits e where e.participant_id = p.id), '[]'::json)
  ) into result;
  return result;
end;
$$;
grant execute on function public.participant_file(uuid) to authenticated;

-- The facilitator records the eligibility check: the criteria retained, by whom, when.
create or replace function public.record_eligibility_check(p_participant_id uuid, p_eligibility text[]) returns timestamptz
language plpgsql
set search_path = ''
as $$
declare
  checked timestamptz := now();
begin
  if not exists (select 1 from app.participants
                 where id = p_participant_id and territory_id in (select app.my_facilitated_territories())) then
    perform app.fail('P0002', 'participant_not_found');
  end if;
  if p_eligibility is null or cardinality(p_eligibility) = 0 then
    perform app.fail('22023', 'eligibility_required');
  end if;
  if not (p_eligibility <@ array['deld', 'rsa', 'ass', 'aah', 'invalidity_pension', 'rqth',
                                 'youth_low_qualification', 'senior', 'siae_employee', 'other']) then
    perform app.fail('22023', 'eligibility_invalid');
  end if;
  update app.participants
     set eligibility = (select array_agg(distinct e order by e) from unnest(p_eligibility) e),
         eligibility_checked_by = (select auth.uid()), eligibility_checked_at = checked
   where id = p_participant_id;
  return checked;
end;
$$;
grant execute on function public.record_eligibility_check(uuid, text[]) to authenticated;

-- The facilitator records (or corrects) the participant's situation at one milestone.
-- * 'end': the situation at the end of the parcours; when the parcours has no end date yet, the
--   observation date becomes its end (the exits at 6 and 12 months then fall due from it).
-- * 'm6', 'm12': only once the parcours has ended, observed at the earliest one month before the
--   milestone (the dashboard lists exits due within 30 days).
-- Returns the exit category (emploi durable, de transition, sortie positive, autre).
create or replace function public.record_participant_exit(p_participant_id uuid, p_milestone text, p_situation text, p_observed_on date)
returns text
language plpgsql
set search_path = ''
as $$
declare
  p app.participants;
  v_category text;
  v_end date;
begin
  select * into p from app.participants
  where id = p_participant_id and territory_id in (select app.my_facilitated_territories())
  for update;
  if not found then
    perform app.fail('P0002', 'participant_not_found');
  end if;
  if p_milestone is null or p_milestone not in ('end', 'm6', 'm12') then
    perform app.fail('22023', 'exit_milestone_invalid');
  end if;
  if p_situation is null or p_situation not in ('cdi', 'cdd_6_months_plus', 'interim_6_months_plus', 'business_creation',
      'cdd_under_6_months', 'interim_under_6_months', 'subsidised_contract', 'qualifying_training', 'siae_hire',
      'job_seeker', 'inactive', 'unknown') then
    perform app.fail('22023', 'exit_situation_invalid');
  end if;
  if p_observed_on is null or p_observed_on > current_date or p_observed_on < p.parcours_started_on then
    perform app.fail('22023', 'exit_date_invalid');
  end if;
  if p_milestone = 'end' then
    if p.parcours_ended_on is null then
      update app.participants set parcours_ended_on = p_observed_on where id = p.id;
    end if;
  else
    v_end := coalesce(p.parcours_ended_on,
                      (select e.observed_on from app.participant_exits e where e.participant_id = p.id and e.milestone = 'end'));
    if v_end is null then
      perform app.fail('55000', 'exit_parcours_not_ended');
    end if;
    if p_observed_on < (v_end + make_interval(months => case p_milestone when 'm6' then 6 else 12 end) - interval '1 month')::date then
      perform app.fail('22023', 'exit_too_early');
    end if;
  end if;
  insert into app.participant_exits (participant_id, milestone, observed_on, situation, recorded_by)
  values (p_participant_id, p_milestone, p_observed_on, p_situation, (select auth.uid()))
  on conflict (participant_id, milestone) do update
    set observed_on = excluded.observed_on, situation = excluded.situation, recorded_by = excluded.recorded_by
  returning category into v_category;
  return v_category;
end;
$$;
grant execute on function public.record_participant_exit(uuid, text, text, date) to authenticated;

-- The participant a hired candidature became (declared with app.candidatures, which comes first).
alter table app.candidatures add constraint candidatures_participant_id_fkey
  foreign key (participant_id) references app.participants (id) on delete set null;

-- Sub-contracting and co-contracting lines name their SIAE (DOMAIN.md §5, §8).
--
-- A company declares sub-contracting or co-contracting to an SIAE (EA, ESAT included) as an
-- invoiced amount, converted into hours with the territory's parameters; the SIAE named on the
-- line confirms the amount or disputes it (public.confirm_subcontracting). Hence:
--   * a company reads the SIAE organisations of the territories where it holds a market (RLS
--     policy), listed for a market by public.list_market_siae (SECURITY INVOKER);
--   * every sub-contracting or co-contracting line saved names an SIAE of the market's territory
--     (siae_required, siae_invalid); a re-save naming none keeps the line's SIAE, and a draft
--     line naming none cannot be submitted;
--   * the SIAE's confirmation goes back to pending only when the amount or the SIAE changes
--     (trigger), so re-saving a month unchanged keeps the confirmations already given;
--   * the facilitator cannot validate a disputed line (see review_hour_declaration);
--   * public.list_declarations shows the SIAE, its confirmation and its dispute reason.
-- Errors are app.fail keys mapped in src/server/errors.ts. Who may call what:
-- test/integration/subcontracting.test.ts.

-- ---------------------------------------------------------------------------------------------
-- Which SIAE a company may name
-- ---------------------------------------------------------------------------------------------

-- A company sees the SIAE of every territory where it holds a market: it must pick the one it
-- sub-contracts to. SIAE are public structures (their name, SIRET and kind are listed in public
-- directories); no person's data is involved. The subquery reads markets, whose policies call
-- only app.my_organisations() / app.my_facilitated_territories() (SECURITY DEFINER), never
-- organisations: no recursion.
create policy organisations_select_siae_for_company on app.organisations for select to authenticated
  using (kind = 'siae'
         and territory_id in (select m.territory_id from app.markets m where m.company_id in (select app.my_organisations())));

-- The SIAE (EA and ESAT included) of a market's territory, for the monthly form's choice.
-- SECURITY INVOKER: the market must be visible to the caller (its company, its buyer, the
-- territory's facilitators) and the organisations too (the policy above for its company, the
-- facilitators' own policy); anyone else gets an empty list.
create or replace function public.list_market_siae(p_market_id uuid)
returns table (id uuid, name text, siret text, siae_kind text)
language sql stable
set search_path = ''
as $$
  select o.id, o.name, o.siret, o.siae_kind
  from app.markets m
  join app.organisations o on o.territory_id = m.territory_id and o.kind = 'siae'
  where m.id = p_market_id
  order by o.name
$$;
grant execute on function public.list_market_siae(uuid) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- The SIAE's confirmation follows the amount and the SIAE
-- ---------------------------------------------------------------------------------------------

-- A confirmation (or a dispute) is about one amount for one SIAE: when either changes on a
-- sub-contracting or co-contracting line, whoever changes it, the line is back to pending and a
-- dispute's reason goes (app.clear_siae_reason would clear it too; done here so the order of
-- the two triggers does not matter). A line of another mode has no confirmation.
create or replace function app.reset_siae_confirmation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.realisation_mode not in ('subcontracting', 'co_contracting') then
    new.siae_confirmation := null;
    new.siae_confirmation_reason := null;
  elsif tg_op = 'INSERT' then
    new.siae_confirmation := coalesce(new.siae_confirmation, 'pending');
  elsif new.invoiced_amount_ht is distinct from old.invoiced_amount_ht or new.employer_id is distinct from old.employer_id then
    new.siae_confirmation := 'pending';
    new.siae_confirmation_reason := null;
  end if;
  return new;
end;
$$;
create trigger hour_declarations_siae_follows_amount before insert or update on app.hour_declarations
  for each row execute function app.reset_siae_confirmation();
create function public.list_declarations(p_status text default null, p_market_id uuid default null, p_month date default null)
returns table (
  id uuid, market_id uuid, market_title text, company_name text, participant_id uuid, participant_name text,
  month date, realisation_mode text, hours numeric, invoiced_amount_ht numeric, status text, rejection_reason text,
  submitted_at timestamptz, validated_at timestamptz,
  employer_id uuid, employer_name text, siae_confirmation text, siae_confirmation_reason text
)
language sql stable
set search_path = ''
as $$
  select d.id, d.market_id, m.title, c.name, d.participant_id, coalesce(p.first_name || ' ' || p.last_name, 'Participant'),
         d.month, d.realisation_mode, d.hours, d.invoiced_amount_ht, d.status, d.rejection_reason, d.submitted_at, d.validated_at,
         d.employer_id, e.name, d.siae_confirmation, d.siae_confirmation_reason
  from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  left join app.organisations c on c.id = m.company_id
  left join app.organisations e on e.id = d.employer_id
  left join app.participants p on p.id = d.participant_id
  where (p_status is null or d.status = p_status)
    and (p_market_id is null or d.market_id = p_market_id)
    and (p_month is null or d.month = p_month)
  order by d.month desc, m.title, p.last_name
  limit 500
$$;
grant execute on function public.list_declarations(text, uuid, date) to authenticated;

-- Which people work on which market (DOMAIN.md §8): the facilitator assigns participants to a
-- market, and a hire on one of the market's offers assigns the person to it.
--   * app.market_assignments is written by the territory's facilitators
--     (public.assign_participant, public.unassign_participant) and by app.apply_hire;
--   * "on a market" means assigned to it, or with hour declarations on it already (lines declared
--     before assignments existed stay valid): public.market_participants lists those people,
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
  primary key (market_id, participant_id),
  id uuid not null default gen_random_uuid() unique
);
comment on column app.market_assignments.assigned_on is 'Date de l''affectation au marché.';
comment on column app.market_assignments.created_by is 'Compte qui a affecté la personne (facilitateur, ou entreprise qui a recruté sur une offre du marché).';
comment on column app.market_assignments.id is 'Identifiant de l''affectation (journal d''audit).';
create index market_assignments_participant_idx on app.market_assignments (participant_id);
comment on table app.market_assignments is 'Affectation d''un participant à un marché : l''entreprise titulaire peut déclarer ses heures sur ce marché. Faite par le facilitateur du territoire, ou à l''embauche sur une offre du marché.';

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
create policy participants_select_company on app.participants for select to authenticated
  using (id in (select d.participant_id from app.hour_declarations d
                join app.markets m on m.id = d.market_id
                where m.company_id in (select app.my_organisations()))
      or id in (select a.participant_id from app.market_assignments a
                join app.markets m on m.id = a.market_id
                where m.company_id in (select app.my_organisations())));

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

create trigger market_assignments_audit after insert or update or delete on app.market_assignments
  for each row execute function app.audit_row('with_values');

-- E-mails about hour declarations, through the outbox (sent by the worker, with retries):
--   * declaration_rejected: when the facilitator refuses a line, the company's contact address
--     learns which market and month, and why, in the same transaction as the refusal;
--   * declaration_reminder: early each month, a running market on which nothing was declared for
--     the month before (the « déclarations en retard » of the facilitator's dashboard) gets one
--     reminder to its company, queued by public.queue_declaration_reminders, which the scheduled
--     function netlify/functions/declaration-reminders.mts calls with the service role.
-- No participant's name in them (DOMAIN.md §11): the company reads its lines in its space.

-- A refused line: one e-mail per refusal (a line refused again after correction gets another;
-- the transaction's time makes the key unique).
create or replace function app.notify_declaration_rejected() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v record;
begin
  if new.status <> 'rejected' or old.status = 'rejected' then
    return null;
  end if;
  select m.title, c.contact_email into v
  from app.markets m left join app.organisations c on c.id = m.company_id
  where m.id = new.market_id;
  if v.contact_email is not null then
    insert into app.outbox (template, recipient, payload, dedupe_key)
    values ('declaration_rejected', v.contact_email,
      jsonb_build_object('market', v.title, 'market_id', new.market_id, 'month', to_char(new.month, 'YYYY-MM'),
                         'reason', new.rejection_reason),
      'rejected:' || new.id || ':' || now());
  end if;
  return null;
end;
$$;
grant execute on function app.notify_declaration_rejected() to authenticated, service_role;
create trigger hour_declarations_notify_rejected after update of status on app.hour_declarations
  for each row execute function app.notify_declaration_rejected();

-- Reminders for the month before p_today's month: one per market and month however often it
-- runs (dedupe key). Returns how many were queued. Service role only (the scheduled function).
create or replace function public.queue_declaration_reminders(p_today date default current_date) returns int
language plpgsql
set search_path = ''
as $$
declare
  v_month date := (date_trunc('month', p_today) - interval '1 month')::date;
  queued int;
begin
  insert into app.outbox (template, recipient, payload, dedupe_key)
  select 'declaration_reminder', c.contact_email,
         jsonb_build_object('market', m.title, 'market_id', m.id, 'month', to_char(v_month, 'YYYY-MM'), 'territory', t.name),
         'reminder:' || m.id || ':' || to_char(v_month, 'YYYY-MM')
  from app.markets m
  join app.organisations c on c.id = m.company_id
  join app.territories t on t.id = m.territory_id
  where m.status = 'running' and c.contact_email is not null
    and coalesce(m.starts_on, v_month) <= v_month and coalesce(m.ends_on, v_month) >= v_month
    and not exists (select 1 from app.hour_declarations d where d.market_id = m.id and d.month = v_month)
  on conflict (dedupe_key) do nothing;
  get diagnostics queued = row_count;
  return queued;
end;
$$;
revoke execute on function public.queue_declaration_reminders(date) from public, anon, authenticated;
grant execute on function public.queue_declaration_reminders(date) to service_role;

-- The markets a participant is on (assigned, or with hours declared there), for the parcours
-- section of the participant's file: when, with which company, and the hours validated on each.
-- SECURITY INVOKER: the row-level security of markets, assignments and declarations decides.
create or replace function public.participant_markets(p_participant_id uuid)
returns table (market_id uuid, title text, company_name text, market_status text, assigned_on date, hours_validated numeric)
language sql stable
set search_path = ''
as $$
  with on_market as (
    select a.market_id, a.assigned_on from app.market_assignments a where a.participant_id = p_participant_id
    union
    select d.market_id, null::date from app.hour_declarations d where d.participant_id = p_participant_id
  )
  select m.id, m.title, c.name, m.status, max(o.assigned_on),
         coalesce((select sum(d.hours) from app.hour_declarations d
                   where d.market_id = m.id and d.participant_id = p_participant_id and d.status = 'validated'), 0)
  from on_market o
  join app.markets m on m.id = o.market_id
  left join app.organisations c on c.id = m.company_id
  group by m.id, m.title, c.name, m.status
  order by max(o.assigned_on) nulls last, m.title
$$;
grant execute on function public.participant_markets(uuid) to authenticated;

-- The longest parcours of a participant's territory (DOMAIN.md §4, rule parameter
-- parcours_max_months): the participant's file shows until when the eligibility assessed at
-- entry holds (src/domain/parcours.ts) and flags a parcours past its term. SECURITY INVOKER:
-- row-level security on participants decides who may ask (the territory's facilitator).
create or replace function public.participant_parcours_months(p_participant_id uuid) returns int
language sql stable
set search_path = ''
as $$
  select t.parcours_max_months
  from app.participants p join app.territories t on t.id = p.territory_id
  where p.id = p_participant_id
$$;
revoke execute on function public.participant_parcours_months(uuid) from public, anon;
grant execute on function public.participant_parcours_months(uuid) to authenticated;

-- ==== supabase/schemas/06_publications.sql ====

-- Publications: the yearly figures a facilitator publishes, with small-cell suppression.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Publications: frozen yearly aggregates per territory, the only thing the public site reads.
-- Closed by default: nothing about a territory is public until a facilitator publishes a year.
-- Small-cell suppression (DOMAIN.md §10) is applied here, when the publication is made:
--   * a count of persons below the territory's threshold K (11) is replaced by null;
--   * secondary suppression: in a group of counts that add up to a published total, a lone
--     suppressed cell is protected by also suppressing the smallest other cell (unless that lone
--     cell is a zero: recomputing a zero reveals nobody);
--   * in a group of overlapping counts (a person may be RSA and DELD), a count whose complement
--     to the total is below K is suppressed too (else "all but 3 are RSA" would be published);
--   * a figure about companies (hours realised) needs at least 3 companies and none above 85 %.
-- A null in the figures always means "secret statistique"; its path is listed in
-- `secret_statistique`. Unknown hours due are not null: they are counted apart.

create table app.publications (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references app.territories (id),
  year int not null check (year between 2000 and 2100),
  version int not null default 1,
  figures jsonb not null,
  source text not null default 'computed' check (source in ('computed', 'reported')),
  source_note text,
  published_at timestamptz not null default now(),
  published_by uuid references auth.users (id),
  unique (territory_id, year, version)
);
comment on column app.publications.source is 'computed : calculé depuis les heures validées ; reported : chiffres publiés par le territoire, repris tels quels.';
comment on column app.publications.figures is 'Indicateurs publiés ; null = secret statistique (effectif inférieur au seuil).';
comment on table app.publications is 'Agrégats annuels figés d''un territoire (après secret statistique) : seule source du site public.';

alter table app.publications enable row level security;
grant select on app.publications to anon, authenticated;
grant insert on app.publications to authenticated;
create policy publications_select_all on app.publications for select to anon, authenticated using (true);
create policy publications_insert_facilitator on app.publications for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()) and published_by = (select auth.uid()));

-- Primary + secondary suppression for an additive group (cells add up to a published total).
create or replace function app.suppress_additive(cells jsonb, k int) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  result jsonb := '{}'::jsonb;
  cell record;
  hidden int := 0;
  hidden_positive boolean := false;
  smallest_key text;
  smallest_value numeric;
begin
  for cell in select key, value::numeric as v from jsonb_each_text(cells) loop
    if cell.v < k then
      result := result || jsonb_build_object(cell.key, null);
      hidden := hidden + 1;
      hidden_positive := hidden_positive or cell.v > 0;
    else
      result := result || jsonb_build_object(cell.key, cell.v);
      if smallest_value is null or cell.v < smallest_value then
        smallest_key := cell.key;
        smallest_value := cell.v;
      end if;
    end if;
  end loop;
  if hidden = 1 and hidden_positive and smallest_key is not null then
    result := result || jsonb_build_object(smallest_key, null);
  end if;
  return result;
end;
$$;

-- Suppression for overlapping counts against a published total.
create or replace function app.suppress_overlapping(cells jsonb, total numeric, k int) returns jsonb
language sql immutable
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(key, case
    when total is null or value::numeric < k or total - value::numeric < k then null
    else value::numeric end), '{}'::jsonb)
  from jsonb_each_text(cells)
$$;

-- The company rule: enough companies, none dominant.
create or replace function app.company_rule_ok(hours_by_company numeric[], min_count int, max_share numeric) returns boolean
language sql immutable
set search_path = ''
as $$
  select coalesce(array_length(hours_by_company, 1), 0) >= min_count
     and (select coalesce(max(h) / nullif(sum(h), 0), 0) from unnest(hours_by_company) h) <= max_share
$$;

-- Paths of the nulls in a figures document, for the `suppressed` list.
create or replace function app.null_paths(doc jsonb, prefix text default '') returns setof text
language sql immutable
set search_path = ''
as $$
  select case when prefix = '' then e.key else prefix || '.' || e.key end
  from jsonb_each(doc) e where jsonb_typeof(e.value) = 'null'
  union all
  select app.null_paths(e.value, case when prefix = '' then e.key else prefix || '.' || e.key end)
  from jsonb_each(doc) e where jsonb_typeof(e.value) = 'object'
$$;

-- Aggregates of one territory and year, suppression applied. Runs with the caller's rights:
-- a facilitator sees every row of their territory, so the figures are complete for them.
create or replace function app.compute_publication_figures(p_territory_id uuid, p_year int) returns jsonb
language plpgsql volatile -- uses a temporary table
set search_path = ''
as $$
declare
  t app.territories;
  year_start date := make_date(p_year, 1, 1);
  year_end date := make_date(p_year, 12, 31);
  k int;
  people_total int;
  by_sex jsonb;
  by_age jsonb;
  publics jsonb;
  hours_year numeric;
  hours_by_company numeric[];
  hours_ok boolean;
  due_active numeric;
  due_unknown int;
  realised_active numeric;
  exits jsonb := '{}'::jsonb;
  stage text;
  ex jsonb;
  operations jsonb;
  orgs jsonb;
  figures jsonb;
begin
  select * into t from app.territories where id = p_territory_id;
  if not found then
    perform app.fail('P0002', 'territory_not_found');
  end if;
  k := t.disclosure_threshold;

  -- Validated hours of the year, counter-entries included.
  create temporary table if not exists pub_lines (
    market_id uuid, company_id uuid, operation_id uuid, participant_id uuid, hours numeric
  ) on commit drop;
  truncate pub_lines;
  insert into pub_lines
  select d.market_id, m.company_id, m.operation_id, d.participant_id, d.hours
  from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  where m.territory_id = p_territory_id
    and d.status = 'validated'
    and d.month between year_start and year_end;

  select coalesce(sum(hours), 0) into hours_year from pub_lines;
  select coalesce(array_agg(h), '{}') into hours_by_company
    from (select sum(hours) h from pub_lines group by company_id) s;
  hours_ok := app.company_rule_ok(hours_by_company, t.company_min_count, t.company_max_share);

  -- People of the year: distinct participants with validated hours in the year.
  select count(distinct participant_id) into people_total from pub_lines;

  select jsonb_build_object(
      'femmes', count(*) filter (where p.sex = 'f'),
      'hommes', count(*) filter (where p.sex = 'm'),
      'non_renseigne', count(*) filter (where p.sex is null)),
    jsonb_build_object(
      'moins_de_26_ans', count(*) filter (where p_year - p.birth_year < 26),
      'de_26_a_49_ans', count(*) filter (where p_year - p.birth_year between 26 and 49),
      '50_ans_et_plus', count(*) filter (where p_year - p.birth_year >= 50),
      'non_renseigne', count(*) filter (where p.birth_year is null)),
    jsonb_build_object(
      'rsa', count(*) filter (where 'rsa' = any (p.eligibility)),
      'deld', count(*) filter (where 'deld' = any (p.eligibility)),
      'rqth', count(*) filter (where 'rqth' = any (p.eligibility)),
      'jeunes_peu_qualifies', count(*) filter (where 'youth_low_qualification' = any (p.eligibility)),
      'seniors', count(*) filter (where 'senior' = any (p.eligibility)),
      'salaries_siae', count(*) filter (where 'siae_employee' = any (p.eligibility)),
      'qpv', count(*) filter (where p.qpv),
      'formation', count(*) filter (where p.has_training))
  into by_sex, by_age, publics
  from app.participants p
  where p.id in (select participant_id from pub_lines);

  -- Markets running during the year: hours due and realised to date (end of year).
  select coalesce(sum(m.hours_due), 0),
         count(*) filter (where m.hours_due is null),
         coalesce(sum((select sum(d.hours) from app.hour_declarations d
                        where d.market_id = m.id and d.status = 'validated' and d.month <= year_end)), 0)
  into due_active, due_unknown, realised_active
  from app.markets m
  where m.territory_id = p_territory_id
    and m.status <> 'draft'
    and coalesce(m.starts_on, year_start) <= year_end
    and coalesce(m.ends_on, year_end) >= year_start;

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

  -- Operations: hours due and realised to date; people only above K; hours under the company rule.
  select coalesce(jsonb_agg(jsonb_build_object(
      'nom', o.name,
      'heures_dues', o.due,
      'heures_dues_communiquees', o.due_known,
      'heures_realisees', case when app.company_rule_ok(o.by_company, t.company_min_count, t.company_max_share)
                               then o.realised else null end,
      'participants', case when o.people < k then null else o.people end)
    order by o.name), '[]'::jsonb)
  into operations
  from (
    select op.name,
           (select coalesce(sum(m.hours_due), 0) from app.markets m where m.operation_id = op.id) due,
           (select bool_and(m.hours_due is not null) from app.markets m where m.operation_id = op.id) due_known,
           (select coalesce(sum(d.hours), 0) from app.hour_declarations d join app.markets m on m.id = d.market_id
             where m.operation_id = op.id and d.status = 'validated' and d.month <= year_end) realised,
           (select coalesce(array_agg(h), '{}') from (
              select sum(d.hours) h from app.hour_declarations d join app.markets m on m.id = d.market_id
              where m.operation_id = op.id and d.status = 'validated' and d.month <= year_end
              group by m.company_id) s) by_company,
           (select count(distinct d.participant_id) from app.hour_declarations d join app.markets m on m.id = d.market_id
             where m.operation_id = op.id and d.status = 'validated' and d.month <= year_end) people
    from app.operations op
    where op.territory_id = p_territory_id
      and exists (select 1 from app.markets m join app.hour_declarations d on d.market_id = m.id
                  where m.operation_id = op.id and d.status = 'validated' and d.month <= year_end)
  ) o;

  -- Organisations mobilised during the year (counts of organisations, not of persons).
  select jsonb_build_object(
    'marches', (select count(distinct market_id) from pub_lines),
    'acheteurs', (select count(distinct m.buyer_id) from app.markets m where m.id in (select market_id from pub_lines)),
    'entreprises', (select count(distinct company_id) from pub_lines),
    'siae', (select count(distinct d.employer_id) from app.hour_declarations d join app.organisations o on o.id = d.employer_id
             where d.market_id in (select market_id from pub_lines) and d.status = 'validated'
               and d.month between year_start and year_end and o.kind = 'siae'))
  into orgs;

  figures := jsonb_build_object(
    'version_schema', 1,
    'territoire', jsonb_build_object('slug', t.slug, 'nom', t.name),
    'annee', p_year,
    'seuil_secret', k,
    'heures', jsonb_build_object(
      'realisees_dans_l_annee', case when hours_ok then hours_year else null end,
      'dues_marches_en_cours', due_active,
      'marches_sans_heures_dues', due_unknown,
      'realisees_a_date_marches_en_cours', case when hours_ok then realised_active else null end),
    'participants', jsonb_build_object(
      'total', case when people_total < k then null else people_total end,
      'par_sexe', case when people_total < k then (select jsonb_object_agg(key, null) from jsonb_each(by_sex))
                       else app.suppress_additive(by_sex, k) end,
      'par_age', case when people_total < k then (select jsonb_object_agg(key, null) from jsonb_each(by_age))
                      else app.suppress_additive(by_age, k) end,
      'publics', app.suppress_overlapping(publics, case when people_total < k then null else people_total end, k)),
    'organisations', orgs,
    'sorties', exits,
    'operations', operations);
  return figures || jsonb_build_object('secret_statistique',
    coalesce((select jsonb_agg(path order by path) from app.null_paths(figures) path), '[]'::jsonb));
end;
$$;
grant execute on function app.suppress_additive(jsonb, int), app.suppress_overlapping(jsonb, numeric, int),
  app.company_rule_ok(numeric[], int, numeric), app.null_paths(jsonb, text) to authenticated;
grant execute on function app.compute_publication_figures(uuid, int) to authenticated;

-- What would be public if the year were published now (suppression applied).
create or replace function public.preview_publication(p_territory_slug text, p_year int) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  territory_id uuid;
begin
  select t.id into territory_id from app.territories t
  where t.slug = p_territory_slug and t.id in (select app.my_facilitated_territories());
  if territory_id is null then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  return app.compute_publication_figures(territory_id, p_year);
end;
$$;
grant execute on function public.preview_publication(text, int) to authenticated;

-- Freeze the year's aggregates into a new publication version.
create or replace function public.publish_year(p_territory_slug text, p_year int)
returns table (publication_id uuid, version int, figures jsonb)
language plpgsql
set search_path = ''
as $$
declare
  v_territory_id uuid;
  next_version int;
  doc jsonb;
  new_id uuid := gen_random_uuid();
begin
  select t.id into v_territory_id from app.territories t
  where t.slug = p_territory_slug and t.id in (select app.my_facilitated_territories());
  if v_territory_id is null then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  if p_year > extract(year from current_date) or p_year < 2000 then
    perform app.fail('22023', 'year_invalid');
  end if;
  -- Serialise concurrent publications of the same territory.
  perform pg_advisory_xact_lock(hashtext('publish:' || v_territory_id::text));
  select coalesce(max(p.version), 0) + 1 into next_version
  from app.publications p where p.territory_id = v_territory_id and p.year = p_year;
  doc := app.compute_publication_figures(v_territory_id, p_year);
  insert into app.publications (id, territory_id, year, version, figures, source, published_by)
  values (new_id, v_territory_id, p_year, next_version, doc, 'computed', (select auth.uid()));
  return query select new_id, next_version, doc;
end;
$$;
grant execute on function public.publish_year(text, int) to authenticated;

-- ==== supabase/schemas/07_public_site.sql ====

-- Public site: what everyone reads (site settings, territories, published results, open offers).
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Public API, reads for everyone: site settings, territories, publications, open job offers.
-- Views are security_invoker so the caller's RLS applies; functions are SECURITY INVOKER.

create view public.published_results with (security_invoker = true) as
select distinct on (p.territory_id, p.year)
  t.slug as territory_slug,
  t.name as territory_name,
  p.year,
  p.version,
  p.source,
  p.source_note,
  p.published_at,
  p.figures
from app.publications p
join app.territories t on t.id = p.territory_id
order by p.territory_id, p.year, p.version desc;
comment on view public.published_results is 'Dernière version publiée des résultats de chaque territoire, par année.';
revoke all on public.published_results from anon, authenticated;
grant select on public.published_results to anon, authenticated;

create or replace function public.get_site_settings() returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'site_name', s.site_name, 'tagline', s.tagline, 'logo_url', s.logo_url,
    'color_primary', s.color_primary, 'color_accent', s.color_accent,
    'publisher_name', s.publisher_name, 'contact_email', s.contact_email,
    'accessibility_status', s.accessibility_status, 'accessibility_audit_date', s.accessibility_audit_date,
    'dpo_contact', s.dpo_contact, 'publisher_address', s.publisher_address,
    'publication_director', s.publication_director, 'host_name', s.host_name, 'host_address', s.host_address)
  from app.site_settings s
$$;
grant execute on function public.get_site_settings() to anon, authenticated;

create or replace function public.list_territories()
returns table (
  slug text, name text, kind text, description text, member_areas text[],
  facilitator_contact_name text, facilitator_contact_email text, facilitator_contact_phone text,
  color_primary text, color_accent text, logo_url text, published_years int[], retention_candidate_months int
)
language sql stable
set search_path = ''
as $$
  select t.slug, t.name, t.kind, t.description, t.member_areas,
         t.facilitator_contact_name, t.facilitator_contact_email, t.facilitator_contact_phone,
         t.color_primary, t.color_accent, t.logo_url,
         coalesce((select array_agg(distinct p.year order by p.year) from app.publications p where p.territory_id = t.id), '{}'),
         t.retention_candidate_months
  from app.territories t
  order by t.name
$$;
grant execute on function public.list_territories() to anon, authenticated;

create or replace function public.list_published_results(p_territory_slug text default null)
returns setof public.published_results
language sql stable
set search_path = ''
as $$
  select * from public.published_results r
  where p_territory_slug is null or r.territory_slug = p_territory_slug
  order by r.territory_name, r.year desc
$$;
grant execute on function public.list_published_results(text) to anon, authenticated;

create or replace function public.list_open_job_offers(p_territory_slug text default null, p_trade text default null)
returns table (
  id uuid, territory_slug text, territory_name text, trade text, description text, place text,
  contract_type text, hours_per_week numeric, duration_weeks int, positions int, starts_on date,
  company_name text, published_at timestamptz, closes_on date
)
language sql stable
set search_path = ''
as $$
  select o.id, t.slug, t.name, o.trade, o.description, o.place, o.contract_type, o.hours_per_week,
         o.duration_weeks, o.positions, o.starts_on,
         case when o.company_anonymous then null else o.company_public_name end,
         o.published_at, o.closes_on
  from app.job_offers o
  join app.territories t on t.id = o.territory_id
  where o.status = 'published'
    and (o.closes_on is null or o.closes_on >= current_date)
    and (p_territory_slug is null or t.slug = p_territory_slug)
    and (p_trade is null or o.trade ilike '%' || p_trade || '%')
  order by o.published_at desc nulls last, o.trade
$$;
grant execute on function public.list_open_job_offers(text, text) to anon, authenticated;

-- What the legal notice of a public body's site names beyond the publisher: its postal address,
-- the publication director, and the host with its address. Deployment settings, filled from the
-- SQL editor like the others (README); the page says « à compléter » while they are empty.

-- ==== supabase/schemas/08_dashboards.sql ====

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
           coalesce((select sum(d.hours) from app.hour_declarations d
                     where d.market_id = m.id and d.status = 'validated' and d.month between first_day and last_day), 0) as hours_year,
           coalesce((select sum(d.hours) from app.hour_declarations d
                     where d.market_id = m.id and d.status = 'validated' and d.month <= last_day), 0) as hours_to_date,
           (select count(distinct d.participant_id)::int from app.hour_declarations d
            where d.market_id = m.id and d.status = 'validated' and d.month between first_day and last_day) as people
    from app.markets m
    left join app.organisations c on c.id = m.company_id
    where m.buyer_id in (select app.my_organisations())
      and (p_organisation_id is null or m.buyer_id = p_organisation_id)
      and ((coalesce(m.starts_on, first_day) <= last_day and coalesce(m.ends_on, last_day) >= first_day)
           or exists (select 1 from app.hour_declarations d where d.market_id = m.id and d.status = 'validated'
                      and d.month between first_day and last_day))
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

-- ==== supabase/schemas/09_personal_data_retention.sql ====

-- Personal data retention: the daily purge and the export answering an access request.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Personal data (DOMAIN.md §11): the retention periods are rule parameters of each territory
-- (app.territories.retention_*), applied every day by a scheduled function; and an access
-- request is answered in one action by an export of everything held about the person.

-- Applies the retention periods at p_now. One transaction; returns what it did and the CV files
-- to delete from storage (the caller deletes them after the commit). Service role only.
--   * candidatures not hired, last contact older than retention_candidate_months: deleted
--     (their transition log goes with them);
--   * participants whose parcours ended more than retention_participant_months ago: names and
--     commune removed, the link to the candidature cut and the candidature deleted; what the
--     yearly figures count (publics, exits, hours) stays, without anything that names the person;
--   * audit log entries and sent or failed e-mails older than retention_log_months: deleted.
create or replace function public.purge_personal_data(p_now timestamptz default now()) returns json
language plpgsql
set search_path = ''
as $$
declare
  v_cv text[];
  v_participant_ids uuid[];
  v_participant_candidatures uuid[];
  v_candidatures int;
  v_participants int;
  v_audit int;
  v_outbox int;
begin
  select coalesce(array_agg(p.id), '{}'), coalesce(array_agg(p.candidature_id) filter (where p.candidature_id is not null), '{}')
  into v_participant_ids, v_participant_candidatures
  from app.participants p join app.territories t on t.id = p.territory_id
  where p.parcours_ended_on is not null
    and p.parcours_ended_on < (p_now - make_interval(months => t.retention_participant_months))::date
    and not (p.first_name = 'Personne' and p.last_name = 'anonymisée');
  update app.participants p set first_name = 'Personne', last_name = 'anonymisée', commune = null,
    candidature_id = null, updated_at = p_now
  where p.id = any (v_participant_ids);
  get diagnostics v_participants = row_count;

  with expired as (
    delete from app.candidatures c
    using app.territories t
    where t.id = c.territory_id
      and ((c.status <> 'hired' and c.last_contact_at < p_now - make_interval(months => t.retention_candidate_months))
        or c.id = any (v_participant_candidatures))
      and not exists (select 1 from app.participants p where p.candidature_id = c.id)
    returning c.cv_path
  )
  select count(*), coalesce(array_agg(cv_path) filter (where cv_path is not null), '{}') into v_candidatures, v_cv from expired;

  delete from app.audit_log a using app.territories t
  where t.id = a.territory_id and a.at < p_now - make_interval(months => t.retention_log_months);
  get diagnostics v_audit = row_count;
  -- Entries without a territory follow the longest period allowed (12 months).
  delete from app.audit_log a where a.territory_id is null and a.at < p_now - interval '12 months';

  delete from app.outbox o
  where o.status in ('sent', 'failed') and o.created_at < p_now - interval '12 months';
  get diagnostics v_outbox = row_count;

  return json_build_object('candidatures_deleted', v_candidatures, 'participants_anonymised', v_participants,
    'audit_entries_deleted', v_audit, 'emails_deleted', v_outbox, 'cv_paths', v_cv);
end;
$$;
revoke execute on function public.purge_personal_data(timestamptz) from public, anon, authenticated;
grant execute on function public.purge_personal_data(timestamptz) to service_role;

-- Everything the facilitator's territories hold about one person, for an access request
-- (RGPD art. 15), in one action: candidatures with their log, participants with their hours and
-- exits. Matched by e-mail (candidatures) or by first and last name (both, case-insensitive).
-- Each participant comes with their markets (assignments, with the date).
-- SECURITY INVOKER: RLS limits it to the caller's territories.
create or replace function public.export_person_data(p_email text default null, p_first_name text default null, p_last_name text default null)
returns json
language plpgsql stable
set search_path = ''
as $$
declare
  v_email text := lower(nullif(trim(p_email), ''));
  v_first text := lower(nullif(trim(p_first_name), ''));
  v_last text := lower(nullif(trim(p_last_name), ''));
begin
  if not exists (select 1 from app.my_facilitated_territories()) then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  if v_email is null and (v_first is null or v_last is null) then
    perform app.fail('22023', 'person_search_required');
  end if;
  return (
    with found_candidatures as (
      select c.* from app.candidatures c
      where (v_email is not null and lower(c.email) = v_email)
         or (v_first is not null and v_last is not null and lower(c.first_name) = v_first and lower(c.last_name) = v_last)
    ), found_participants as (
      select p.* from app.participants p
      where p.candidature_id in (select id from found_candidatures)
         or (v_first is not null and v_last is not null and lower(p.first_name) = v_first and lower(p.last_name) = v_last)
    )
    select json_build_object(
      'exported_at', now(),
      'candidatures', coalesce((select json_agg(json_build_object(
          'reference', c.reference, 'created_at', c.created_at, 'status', c.status, 'refusal_reason', c.refusal_reason,
          'first_name', c.first_name, 'last_name', c.last_name, 'email', c.email, 'phone', c.phone, 'commune', c.commune,
          'eligibility', c.eligibility, 'availability', c.availability, 'mobility', c.mobility, 'message', c.message,
          'cv_held', c.cv_path is not null, 'submitted_by', c.submitted_by,
          'prescriber', case when c.submitted_by = 'prescriber' then json_build_object(
            'organisation', c.prescriber_organisation_name, 'name', c.prescriber_name, 'email', c.prescriber_email) end,
          'job_offer', (select o.trade from app.job_offers o where o.id = c.job_offer_id),
          'log', coalesce((select json_agg(json_build_object('from', x.from_status, 'to', x.to_status, 'reason', x.reason, 'at', x.created_at)
              order by x.created_at) from app.candidature_transitions x where x.candidature_id = c.id), '[]'))
          order by c.created_at) from found_candidatures c), '[]'),
      'participants', coalesce((select json_agg(json_build_object(
          'first_name', p.first_name, 'last_name', p.last_name, 'birth_year', p.birth_year, 'sex', p.sex, 'commune', p.commune,
          'qpv', p.qpv, 'qualification_level', p.qualification_level, 'eligibility', p.eligibility,
          'eligibility_checked_at', p.eligibility_checked_at, 'parcours_started_on', p.parcours_started_on,
          'parcours_ended_on', p.parcours_ended_on, 'has_training', p.has_training,
          'markets', coalesce((select json_agg(json_build_object('market', m.title, 'assigned_on', a.assigned_on) order by a.assigned_on)
            from app.market_assignments a join app.markets m on m.id = a.market_id where a.participant_id = p.id), '[]'),
          'hours', coalesce((select json_agg(json_build_object('market', m.title, 'month', d.month, 'mode', d.realisation_mode,
              'hours', d.hours, 'status', d.status) order by d.month)
            from app.hour_declarations d join app.markets m on m.id = d.market_id where d.participant_id = p.id), '[]'),
          'exits', coalesce((select json_agg(json_build_object('milestone', e.milestone, 'observed_on', e.observed_on,
              'situation', e.situation) order by e.observed_on) from app.participant_exits e where e.participant_id = p.id), '[]'))
          order by p.parcours_started_on) from found_participants p), '[]'))
  );
end;
$$;
grant execute on function public.export_person_data(text, text, text) to authenticated;

reset check_function_bodies;

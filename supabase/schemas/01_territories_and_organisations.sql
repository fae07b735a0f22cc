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
  updated_at timestamptz not null default now(),
  -- Rule parameter added later (columns keep their order): DOMAIN.md §4
  validate_unchecked_eligibility boolean not null default false
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
comment on column app.territories.validate_unchecked_eligibility is 'Règle du territoire : les heures d''une personne dont l''éligibilité n''est pas encore vérifiée peuvent être validées (non par défaut).';
comment on column app.territories.retention_candidate_months is 'Conservation des candidatures non retenues après le dernier contact (mois, 24 au plus).';
comment on column app.territories.retention_participant_months is 'Conservation des données nominatives d''un participant après la fin de son parcours (mois).';
comment on column app.territories.retention_log_months is 'Conservation du journal des modifications et des courriels envoyés (mois, de 6 à 12).';
comment on table app.territories is 'Territoire de facilitation (EPCI, Département, groupement…) et ses paramètres de règles.';
create trigger territories_touch before update on app.territories for each row execute function app.touch_updated_at();

create table app.organisations (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid references app.territories (id),
  kind text not null check (kind in ('buyer', 'company', 'siae', 'prescriber', 'facilitation_service', 'deployment')),
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
    and (kind <> 'deployment' or territory_id is null)
  )
);
comment on column app.organisations.siae_kind is 'Type de structure : EI, ACI, AI, ETTI, EITI, GEIQ, EA, ESAT.';
comment on column app.organisations.contact_email is 'Adresse e-mail de contact de l''organisation : les entreprises y reçoivent les courriels de la plateforme.';
comment on column app.organisations.buyer_sector is 'Acheteur public ou privé (acheteurs seulement).';
comment on column app.organisations.prescriber_kind is 'Type de prescripteur : France Travail, Mission locale, Cap emploi, PLIE, Département, CCAS, SIAE, autre.';
create unique index organisations_siret_key on app.organisations (siret) where siret is not null;
create index organisations_territory_idx on app.organisations (territory_id);
comment on table app.organisations is 'Acheteurs, entreprises attributaires, SIAE (et GEIQ, EA, ESAT), prescripteurs, services de facilitation, et l''administration du déploiement (une seule, sans territoire).';
-- The deployment's administration is one organisation: its members are the deployment administrators.
create unique index organisations_one_deployment on app.organisations ((true)) where kind = 'deployment';
create trigger organisations_touch before update on app.organisations for each row execute function app.touch_updated_at();

create table app.memberships (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id) on delete cascade,
  role text not null check (role in ('facilitator', 'buyer', 'company', 'siae', 'prescriber', 'admin')),
  is_admin boolean not null default false,
  created_at timestamptz not null default now(),
  unique (user_id, organisation_id)
);
create index memberships_org_idx on app.memberships (organisation_id);
comment on table app.memberships is 'Rattachement d''un compte à une organisation, avec son rôle. Un facilitateur est membre du service de facilitation de son territoire ; un administrateur du déploiement, de l''administration du déploiement.';

-- Role consistency: a membership's role follows its organisation's kind (facilitator of a
-- facilitation service, admin of the deployment, else the kind itself).
create or replace function app.check_membership_role() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  org_kind text;
begin
  select kind into org_kind from app.organisations where id = new.organisation_id;
  -- An organisation the caller cannot see gives no kind: RLS refuses that insert, not this check.
  if new.role <> (case org_kind when 'facilitation_service' then 'facilitator' when 'deployment' then 'admin' else org_kind end) then
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
-- Whether the caller is a deployment administrator (a member of the deployment organisation).
-- SECURITY DEFINER for the same reason as the two above; it only ever answers for the caller.
create or replace function app.is_deployment_admin() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from app.memberships m
    join app.organisations o on o.id = m.organisation_id
    where m.user_id = (select auth.uid()) and m.role = 'admin' and o.kind = 'deployment')
$$;
revoke execute on function app.my_facilitated_territories(), app.my_organisations(), app.is_deployment_admin() from public, anon;
grant execute on function app.my_facilitated_territories(), app.my_organisations(), app.is_deployment_admin() to authenticated, service_role;

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

-- Who reads an organisation (its members, its territory's facilitators, the partners of its
-- markets): one policy, organisations_select, in 03_markets_and_offers.sql since it reads markets.
create policy organisations_insert on app.organisations for insert to authenticated
  with check ((territory_id in (select app.my_facilitated_territories()) and kind not in ('facilitation_service', 'deployment'))  -- a facilitator: their territory's partners
      or (kind = 'facilitation_service' and (select app.is_deployment_admin())));                                                -- the administrator: a territory's facilitation service
create policy organisations_update_facilitator on app.organisations for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()) and kind <> 'facilitation_service')
  with check (territory_id in (select app.my_facilitated_territories()) and kind <> 'facilitation_service');

create policy memberships_select on app.memberships for select to authenticated
  using (user_id = (select auth.uid())                                      -- one's own memberships
      or organisation_id in (                                               -- the territory's facilitators
        select o.id from app.organisations o where o.territory_id in (select app.my_facilitated_territories()))
      or ((select app.is_deployment_admin()) and organisation_id in (       -- the administrator: who facilitates each territory
        select o.id from app.organisations o where o.kind = 'facilitation_service')));

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
  order by o.name, o.id
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
-- Functions are SECURITY INVOKER (RLS decides: organisations_insert,
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
create policy memberships_insert on app.memberships for insert to authenticated
  with check (organisation_id in (                                          -- a facilitator: their territory's partners
    select o.id from app.organisations o
    where o.territory_id in (select app.my_facilitated_territories()) and o.kind not in ('facilitation_service', 'deployment'))
      or ((select app.is_deployment_admin()) and role = 'facilitator' and organisation_id in (  -- the administrator: a territory's facilitator
        select o.id from app.organisations o where o.kind = 'facilitation_service')));
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
-- (logo, colours), and the rule parameters of DOMAIN.md §4, §5, §7, §10, §11, among them
-- validate_unchecked_eligibility: whether hours of a person whose eligibility the facilitator has
-- not recorded as checked may be validated (no by default; enforced by
-- public.review_hour_declaration and public.review_month). Not editable here:
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
  old_row jsonb := case when tg_op = 'INSERT' then '{}'::jsonb else to_jsonb(old) end;
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
    tg_table_name, new.id, lower(tg_op), new.id,
    (select auth.uid()),
    case when new.id in (select app.my_facilitated_territories()) then 'facilitator'
         when (select app.is_deployment_admin()) then 'admin'
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

-- A territory's creation (by the deployment administrator, public.create_territory) is logged
-- the same way, under the new territory: its facilitators see how it started.
create trigger territories_audit after insert or update on app.territories
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
  residence_required boolean, qpv_priority boolean, validate_unchecked_eligibility boolean,
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
           t.residence_required, t.qpv_priority, t.validate_unchecked_eligibility,
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
  p_retention_log_months int default null,
  p_validate_unchecked_eligibility boolean default null
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
    retention_log_months = coalesce(p_retention_log_months, t.retention_log_months),
    validate_unchecked_eligibility = coalesce(p_validate_unchecked_eligibility, t.validate_unchecked_eligibility)
  where t.id = p_territory_id
  returning t.updated_at into v_updated;
  -- RLS (territories_update_facilitator) has the last word: no row updated, no right.
  if v_updated is null then
    perform app.fail('42501', 'not_territory_facilitator');
  end if;
  return v_updated;
end;
$$;
revoke execute on function public.update_territory_settings(uuid, text, text, text, text, text, text, text, int, int, numeric, int, int, numeric, numeric, int, boolean, boolean, int, int, int, boolean) from public, anon;
grant execute on function public.update_territory_settings(uuid, text, text, text, text, text, text, text, int, int, numeric, int, int, numeric, numeric, int, boolean, boolean, int, int, int, boolean) to authenticated;
comment on function public.update_territory_settings(uuid, text, text, text, text, text, text, text, int, int, numeric, int, int, numeric, numeric, int, boolean, boolean, int, int, int, boolean) is
  'Modifie les paramètres d''un territoire (contact, apparence, règles) par ses facilitateurs, dans les limites de protection (K ≥ 11, 3 entreprises, 85 % au plus) ; chaque changement est journalisé.';


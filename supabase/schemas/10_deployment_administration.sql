-- Deployment administration: the deployment's administrators edit the site settings, create the
-- territories with their facilitation service, and give each territory its first facilitator,
-- from the partner space (/espace/administration/) instead of the SQL editor.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.
--
-- An administrator is a person (never the service key) with the membership role 'admin' on the
-- deployment's one organisation of kind 'deployment' (app.is_deployment_admin, 01). The first one
-- is named by the service role (public.grant_deployment_admin, `npm run create-admin`), the
-- others likewise. Functions are SECURITY INVOKER: the administrator check gives the French
-- message, and RLS has the last word (site_settings_update_admin, territories_insert_admin, the
-- admin branches of organisations_insert, organisations_select, memberships_insert and
-- memberships_select). Every change is in app.audit_log: the site settings by the trigger below,
-- a territory by app.audit_territory_settings, its facilitation service by organisations_audit,
-- a membership by memberships_audit. Errors are app.fail keys mapped in src/server/errors.ts; who
-- may call what: test/integration/deployment-admin.test.ts.

-- ---------------------------------------------------------------------------------------------
-- Who may write what
-- ---------------------------------------------------------------------------------------------

grant update on app.site_settings to authenticated;
grant insert on app.territories to authenticated;

create policy site_settings_update_admin on app.site_settings for update to authenticated
  using ((select app.is_deployment_admin()))
  with check ((select app.is_deployment_admin()));

create policy territories_insert_admin on app.territories for insert to authenticated
  with check ((select app.is_deployment_admin()));

-- ---------------------------------------------------------------------------------------------
-- Audit
-- ---------------------------------------------------------------------------------------------

-- The site settings row has no uuid (its key is `true`): its changes are filed under the nil
-- uuid, with their old and new values (all of them are shown on the public site). SECURITY
-- DEFINER for the reason of app.audit_row: nobody inserts into the log directly.
create or replace function app.audit_site_settings() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  old_row jsonb := to_jsonb(old);
  new_row jsonb := to_jsonb(new);
  cols text[];
begin
  select coalesce(array_agg(key order by key), '{}') into cols
  from jsonb_each(new_row)
  where key not in ('updated_at', 'id') and (old_row -> key) is distinct from (new_row -> key);
  if cardinality(cols) = 0 then
    return null;
  end if;
  insert into app.audit_log (table_name, row_id, action, territory_id, actor_user_id, actor_role, changed_columns, changes)
  values (
    tg_table_name, '00000000-0000-0000-0000-000000000000', 'update', null,
    (select auth.uid()),
    case when (select app.is_deployment_admin()) then 'admin'
         else coalesce(nullif(current_setting('role', true), 'none'), current_user) end,
    cols,
    jsonb_build_object(
      'old', (select jsonb_object_agg(key, value) from jsonb_each(old_row) where key = any (cols)),
      'new', (select jsonb_object_agg(key, value) from jsonb_each(new_row) where key = any (cols))));
  return null;
end;
$$;
revoke execute on function app.audit_site_settings() from public, anon, authenticated;

create trigger site_settings_audit after update on app.site_settings
  for each row execute function app.audit_site_settings();

-- A facilitation service or the deployment's organisation comes into being: logged (the other
-- organisations are the facilitators' everyday work, not logged here).
create trigger organisations_audit after insert on app.organisations
  for each row when (new.kind in ('facilitation_service', 'deployment')) execute function app.audit_row();

-- ---------------------------------------------------------------------------------------------
-- The first administrator (service role only)
-- ---------------------------------------------------------------------------------------------

-- Makes an existing account a deployment administrator, creating the deployment's organisation
-- the first time. Run by `npm run create-admin` with the service key; again changes nothing.
create or replace function public.grant_deployment_admin(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_deployment uuid;
begin
  select o.id into v_deployment from app.organisations o where o.kind = 'deployment';
  if v_deployment is null then
    insert into app.organisations (kind, name) values ('deployment', 'Administration du déploiement')
    returning id into v_deployment;
  end if;
  begin
    insert into app.memberships (user_id, organisation_id, role) values (p_user_id, v_deployment, 'admin')
    on conflict (user_id, organisation_id) do nothing;
  exception when foreign_key_violation or not_null_violation then
    perform app.fail('P0002', 'account_not_found');
  end;
end;
$$;
revoke execute on function public.grant_deployment_admin(uuid) from public, anon, authenticated;
grant execute on function public.grant_deployment_admin(uuid) to service_role;
comment on function public.grant_deployment_admin(uuid) is 'Fait d''un compte un administrateur du déploiement (clé de service seulement : npm run create-admin).';

-- ---------------------------------------------------------------------------------------------
-- Site settings
-- ---------------------------------------------------------------------------------------------

-- Replaces the site settings with the form's values (the form shows them all); an empty
-- optional text (logo, addresses, publication director, audit date) clears it. Every check runs
-- before the single update, so a refusal changes nothing.
create or replace function public.update_site_settings(
  p_site_name text,
  p_tagline text,
  p_logo_url text,
  p_color_primary text,
  p_color_accent text,
  p_publisher_name text,
  p_publisher_address text,
  p_publication_director text,
  p_contact_email text,
  p_dpo_contact text,
  p_host_name text,
  p_host_address text,
  p_accessibility_status text,
  p_accessibility_audit_date date default null
) returns timestamptz
language plpgsql
set search_path = ''
as $$
declare
  v_site_name text := btrim(coalesce(p_site_name, ''));
  v_tagline text := btrim(coalesce(p_tagline, ''));
  v_logo text := nullif(btrim(coalesce(p_logo_url, '')), '');
  v_primary text := lower(btrim(coalesce(p_color_primary, '')));
  v_accent text := lower(btrim(coalesce(p_color_accent, '')));
  v_publisher text := btrim(coalesce(p_publisher_name, ''));
  v_publisher_address text := nullif(btrim(coalesce(p_publisher_address, '')), '');
  v_director text := nullif(btrim(coalesce(p_publication_director, '')), '');
  v_email text := lower(btrim(coalesce(p_contact_email, '')));
  v_dpo text := btrim(coalesce(p_dpo_contact, ''));
  v_host text := btrim(coalesce(p_host_name, ''));
  v_host_address text := nullif(btrim(coalesce(p_host_address, '')), '');
  v_updated timestamptz;
begin
  if not (select app.is_deployment_admin()) then
    perform app.fail('42501', 'not_deployment_admin');
  end if;
  if char_length(v_site_name) not between 2 and 120 then
    perform app.fail('22023', 'site_name_invalid');
  end if;
  if char_length(v_tagline) > 200 then
    perform app.fail('22023', 'site_tagline_too_long');
  end if;
  if v_logo is not null and (char_length(v_logo) > 500 or v_logo !~ '^(https://[^\s"''<>]+|/[^/\s"''<>][^\s"''<>]*)$') then
    perform app.fail('22023', 'logo_url_invalid');
  end if;
  if v_primary !~ '^#[0-9a-f]{6}$' then
    perform app.fail('22023', 'color_primary_invalid');
  end if;
  if v_accent !~ '^#[0-9a-f]{6}$' then
    perform app.fail('22023', 'color_accent_invalid');
  end if;
  if char_length(v_publisher) not between 2 and 200 then
    perform app.fail('22023', 'publisher_name_invalid');
  end if;
  if char_length(v_publisher_address) > 300 or char_length(v_director) > 200 or char_length(v_host_address) > 300 then
    perform app.fail('22023', 'legal_notice_too_long');
  end if;
  if char_length(v_email) > 254 or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform app.fail('22023', 'contact_email_invalid');
  end if;
  if char_length(v_dpo) not between 3 and 300 then
    perform app.fail('22023', 'dpo_contact_invalid');
  end if;
  if char_length(v_host) not between 2 and 200 then
    perform app.fail('22023', 'host_name_invalid');
  end if;
  if p_accessibility_status is null or p_accessibility_status not in ('totalement', 'partiellement', 'non_conforme') then
    perform app.fail('22023', 'accessibility_status_invalid');
  end if;
  if p_accessibility_audit_date > current_date then
    perform app.fail('22023', 'accessibility_audit_date_future');
  end if;

  update app.site_settings s set
    site_name = v_site_name, tagline = v_tagline, logo_url = v_logo,
    color_primary = v_primary, color_accent = v_accent,
    publisher_name = v_publisher, publisher_address = v_publisher_address, publication_director = v_director,
    contact_email = v_email, dpo_contact = v_dpo, host_name = v_host, host_address = v_host_address,
    accessibility_status = p_accessibility_status, accessibility_audit_date = p_accessibility_audit_date,
    updated_at = now()
  where s.id
  returning s.updated_at into v_updated;
  -- RLS (site_settings_update_admin) has the last word; no row at all is a deployment never set up.
  if v_updated is null then
    perform app.fail('42501', 'not_deployment_admin');
  end if;
  return v_updated;
end;
$$;
revoke execute on function public.update_site_settings(text, text, text, text, text, text, text, text, text, text, text, text, text, date) from public, anon;
grant execute on function public.update_site_settings(text, text, text, text, text, text, text, text, text, text, text, text, text, date) to authenticated;
comment on function public.update_site_settings(text, text, text, text, text, text, text, text, text, text, text, text, text, date) is
  'Modifie les réglages du déploiement (nom, couleurs, logo, éditeur, mentions légales, accessibilité), par un administrateur ; chaque changement est journalisé.';

-- ---------------------------------------------------------------------------------------------
-- Territories
-- ---------------------------------------------------------------------------------------------

-- The territories of the deployment with their facilitation service and how many facilitators
-- it has, for the administrator.
create or replace function public.list_deployment_territories()
returns table (id uuid, slug text, name text, kind text, service_name text, facilitators int, created_at timestamptz)
language plpgsql stable
set search_path = ''
as $$
begin
  if not (select app.is_deployment_admin()) then
    perform app.fail('42501', 'not_deployment_admin');
  end if;
  return query
    select t.id, t.slug, t.name, t.kind,
           (select o.name from app.organisations o where o.territory_id = t.id and o.kind = 'facilitation_service' order by o.created_at, o.id limit 1),
           (select count(*)::int from app.memberships m join app.organisations o on o.id = m.organisation_id
             where o.territory_id = t.id and o.kind = 'facilitation_service'),
           t.created_at
    from app.territories t
    order by t.name, t.slug;
end;
$$;
revoke execute on function public.list_deployment_territories() from public, anon;
grant execute on function public.list_deployment_territories() to authenticated;
comment on function public.list_deployment_territories() is 'Territoires du déploiement, leur service de facilitation et leur nombre de facilitateurs, pour l''administrateur.';

-- Creates a territory and its facilitation service in one transaction. The rule parameters take
-- the table's defaults, the safe ones of DOMAIN.md §10 and §11: K = 11 persons, 3 companies,
-- 85 % at most for one company, candidates kept 24 months after the last contact, participants
-- 24 months after their parcours, the log 12 months. Its facilitator then reviews them
-- (« Paramètres du territoire »).
create or replace function public.create_territory(
  p_slug text,
  p_name text,
  p_kind text,
  p_service_name text default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_slug text := lower(btrim(coalesce(p_slug, '')));
  v_name text := btrim(coalesce(p_name, ''));
  v_service text := coalesce(nullif(btrim(coalesce(p_service_name, '')), ''), 'Service de facilitation ' || btrim(coalesce(p_name, '')));
  v_id uuid;
begin
  if not (select app.is_deployment_admin()) then
    perform app.fail('42501', 'not_deployment_admin');
  end if;
  if char_length(v_slug) not between 2 and 60 or v_slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$' then
    perform app.fail('22023', 'territory_slug_invalid');
  end if;
  if char_length(v_name) not between 2 and 120 then
    perform app.fail('22023', 'territory_name_invalid');
  end if;
  if p_kind is null or p_kind not in ('epci', 'departement', 'groupement', 'plie', 'maison_emploi', 'region') then
    perform app.fail('22023', 'territory_kind_invalid');
  end if;
  if char_length(v_service) > 200 then
    perform app.fail('22023', 'service_name_too_long');
  end if;
  begin
    insert into app.territories (slug, name, kind) values (v_slug, v_name, p_kind) returning id into v_id;
  exception when unique_violation then
    perform app.fail('23505', 'territory_slug_taken');
  end;
  insert into app.organisations (territory_id, kind, name) values (v_id, 'facilitation_service', v_service);
  return v_id;
end;
$$;
revoke execute on function public.create_territory(text, text, text, text) from public, anon;
grant execute on function public.create_territory(text, text, text, text) to authenticated;
comment on function public.create_territory(text, text, text, text) is
  'Crée un territoire (paramètres protecteurs par défaut : K = 11, conservation de DOMAIN.md §11) et son service de facilitation, par un administrateur.';

-- Makes an existing account a facilitator of the territory (a member of its facilitation
-- service). The account is created or found by the server with the Auth admin API
-- (src/server/accounts.ts), after public.list_deployment_territories has checked the
-- administrator's rights. Inviting a facilitator again changes nothing.
create or replace function public.invite_facilitator(p_territory_slug text, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_service uuid;
begin
  if not (select app.is_deployment_admin()) then
    perform app.fail('42501', 'not_deployment_admin');
  end if;
  select o.id into v_service
  from app.organisations o join app.territories t on t.id = o.territory_id
  where t.slug = p_territory_slug and o.kind = 'facilitation_service'
  order by o.created_at, o.id limit 1;
  if v_service is null then
    perform app.fail('P0002', 'territory_not_found');
  end if;
  begin
    insert into app.memberships (user_id, organisation_id, role) values (p_user_id, v_service, 'facilitator')
    on conflict (user_id, organisation_id) do nothing;
  exception when foreign_key_violation or not_null_violation then
    perform app.fail('P0002', 'account_not_found');
  end;
end;
$$;
revoke execute on function public.invite_facilitator(text, uuid) from public, anon;
grant execute on function public.invite_facilitator(text, uuid) to authenticated;
comment on function public.invite_facilitator(text, uuid) is 'Rattache un compte au service de facilitation d''un territoire (rôle facilitateur), par un administrateur.';

-- ---------------------------------------------------------------------------------------------
-- The new territory's first steps (the facilitator's dashboard)
-- ---------------------------------------------------------------------------------------------

-- For each territory the caller facilitates, what its start needs, read from the data: a public
-- contact, the rule parameters saved once from « Paramètres du territoire » (the settings form
-- always writes the row, so updated_at moves past created_at), a first partner organisation,
-- a first market.
create or replace function public.territory_start_checklist()
returns table (territory_slug text, territory_name text, contact_set boolean, rules_reviewed boolean,
               has_organisations boolean, has_market boolean)
language sql stable
set search_path = ''
as $$
  select t.slug, t.name,
         coalesce(t.facilitator_contact_email, t.facilitator_contact_phone) is not null,
         t.updated_at > t.created_at,
         exists (select 1 from app.organisations o where o.territory_id = t.id and o.kind <> 'facilitation_service'),
         exists (select 1 from app.markets m where m.territory_id = t.id)
  from app.territories t
  where t.id in (select app.my_facilitated_territories())
  order by t.name, t.slug
$$;
revoke execute on function public.territory_start_checklist() from public, anon;
grant execute on function public.territory_start_checklist() to authenticated;
comment on function public.territory_start_checklist() is 'Premiers pas d''un territoire pour ses facilitateurs : contact, paramètres revus, premières organisations, premier marché.';

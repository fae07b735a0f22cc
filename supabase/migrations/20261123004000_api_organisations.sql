-- Organisations and accounts of a territory, managed by its facilitators from the partner space
-- (DOMAIN.md §2): until now organisations came only from the seed or the DECP import, and
-- accounts only from Supabase Studio.
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

comment on column app.organisations.contact_email is 'Adresse e-mail de contact de l''organisation : les entreprises y reçoivent les courriels de la plateforme.';
comment on column app.organisations.buyer_sector is 'Acheteur public ou privé (acheteurs seulement).';
comment on column app.organisations.prescriber_kind is 'Type de prescripteur : France Travail, Mission locale, Cap emploi, PLIE, Département, CCAS, SIAE, autre.';

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

-- Who gave or took away access, and when (the log keeps ids, never e-mails).
create trigger memberships_audit after insert or update or delete on app.memberships
  for each row execute function app.audit_row('with_values');

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

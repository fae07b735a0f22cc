SET local check_function_bodies = off;

DROP POLICY "memberships_insert_facilitator" ON "app"."memberships";

DROP POLICY "memberships_select" ON "app"."memberships";

DROP POLICY "organisations_insert_facilitator" ON "app"."organisations";

DROP POLICY "organisations_select" ON "app"."organisations";

DROP TRIGGER "territories_audit" ON "app"."territories";

ALTER TABLE "app"."memberships"
  DROP CONSTRAINT "memberships_role_check";

ALTER TABLE "app"."organisations"
  DROP CONSTRAINT "organisations_kind_check";

ALTER TABLE "app"."organisations"
  DROP CONSTRAINT "organisations_kind_fields";

CREATE OR REPLACE FUNCTION app.audit_site_settings()
  RETURNS TRIGGER
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION app.audit_territory_settings()
  RETURNS TRIGGER
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION app.check_membership_role()
  RETURNS TRIGGER
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION app.is_deployment_admin()
  RETURNS boolean
  LANGUAGE sql
  STABLE
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
  select exists (
    select 1 from app.memberships m
    join app.organisations o on o.id = m.organisation_id
    where m.user_id = (select auth.uid()) and m.role = 'admin' and o.kind = 'deployment')
$function$;

CREATE OR REPLACE FUNCTION public.create_territory (
  p_slug         text,
  p_name         text,
  p_kind         text,
  p_service_name text DEFAULT NULL::text
)
  RETURNS uuid
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
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
$function$;

REVOKE ALL ON FUNCTION "public"."create_territory"(text, text, text, text) FROM PUBLIC, "anon";

CREATE OR REPLACE FUNCTION public.grant_deployment_admin (
  p_user_id uuid
)
  RETURNS void
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
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
$function$;

REVOKE ALL ON FUNCTION "public"."grant_deployment_admin"(uuid) FROM PUBLIC, "anon", "authenticated";

CREATE OR REPLACE FUNCTION public.invite_facilitator (
  p_territory_slug text,
  p_user_id        uuid
)
  RETURNS void
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
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
$function$;

REVOKE ALL ON FUNCTION "public"."invite_facilitator"(text, uuid) FROM PUBLIC, "anon";

CREATE OR REPLACE FUNCTION public.list_deployment_territories()
  RETURNS TABLE (
    id           uuid,
    slug         text,
    name         text,
    kind         text,
    service_name text,
    facilitators integer,
    created_at   timestamp with time zone
  )
  LANGUAGE plpgsql
  STABLE
  SET search_path TO ''
  AS $function$
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
$function$;

REVOKE ALL ON FUNCTION "public"."list_deployment_territories"() FROM PUBLIC, "anon";

CREATE OR REPLACE FUNCTION public.territory_start_checklist()
  RETURNS TABLE (
    territory_slug    text,
    territory_name    text,
    contact_set       boolean,
    rules_reviewed    boolean,
    has_organisations boolean,
    has_market        boolean
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select t.slug, t.name,
         coalesce(t.facilitator_contact_email, t.facilitator_contact_phone) is not null,
         t.updated_at > t.created_at,
         exists (select 1 from app.organisations o where o.territory_id = t.id and o.kind <> 'facilitation_service'),
         exists (select 1 from app.markets m where m.territory_id = t.id)
  from app.territories t
  where t.id in (select app.my_facilitated_territories())
  order by t.name, t.slug
$function$;

REVOKE ALL ON FUNCTION "public"."territory_start_checklist"() FROM PUBLIC, "anon";

CREATE OR REPLACE FUNCTION public.update_site_settings (
  p_site_name                text,
  p_tagline                  text,
  p_logo_url                 text,
  p_color_primary            text,
  p_color_accent             text,
  p_publisher_name           text,
  p_publisher_address        text,
  p_publication_director     text,
  p_contact_email            text,
  p_dpo_contact              text,
  p_host_name                text,
  p_host_address             text,
  p_accessibility_status     text,
  p_accessibility_audit_date date DEFAULT NULL::date
)
  RETURNS timestamp WITH time zone
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
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
$function$;

REVOKE ALL ON FUNCTION "public"."update_site_settings"(text, text, text, text, text, text, text, text, text, text, text, text, text, date) FROM PUBLIC, "anon";

ALTER TABLE "app"."memberships"
  ADD CONSTRAINT "memberships_role_check" CHECK ((role = ANY (ARRAY['facilitator'::text, 'buyer'::text, 'company'::text, 'siae'::text, 'prescriber'::text, 'admin'::text])));

ALTER TABLE "app"."organisations"
  ADD CONSTRAINT "organisations_kind_check"
    CHECK ((kind = ANY (ARRAY['buyer'::text, 'company'::text, 'siae'::text, 'prescriber'::text, 'facilitation_service'::text, 'deployment'::text])));

ALTER TABLE "app"."organisations"
  ADD CONSTRAINT "organisations_kind_fields" CHECK ((((kind = 'siae'::text) = (siae_kind IS NOT NULL)) AND ((kind = 'buyer'::text) = (buyer_sector IS
    NOT NULL)) AND ((kind = 'prescriber'::text) OR (prescriber_kind IS NULL)) AND ((kind <> 'facilitation_service'::text) OR (territory_id IS
    NOT NULL)) AND ((kind <> 'deployment'::text) OR (territory_id IS NULL))));

CREATE UNIQUE INDEX organisations_one_deployment ON app.organisations USING btree ((true))
  WHERE (kind = 'deployment'::text);

CREATE TRIGGER organisations_audit
  AFTER INSERT ON app.organisations
  FOR EACH ROW
  WHEN ((new.kind = ANY (ARRAY['facilitation_service'::text, 'deployment'::text])))
  EXECUTE FUNCTION app.audit_row();

CREATE TRIGGER site_settings_audit
  AFTER UPDATE ON app.site_settings
  FOR EACH ROW
  EXECUTE FUNCTION app.audit_site_settings();

CREATE TRIGGER territories_audit
  AFTER INSERT OR UPDATE ON app.territories
  FOR EACH ROW
  EXECUTE FUNCTION app.audit_territory_settings();

CREATE POLICY "memberships_insert" ON "app"."memberships"
  FOR INSERT
  TO "authenticated"
  WITH CHECK (((organisation_id IN ( SELECT o.id
   FROM app.organisations o
  WHERE
    ((o.territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) AND (o.kind <> ALL (ARRAY['facilitation_service'::text, 'deployment'::text])))))
    OR (( SELECT app.is_deployment_admin() AS is_deployment_admin) AND (role = 'facilitator'::text) AND (organisation_id IN ( SELECT o.id
   FROM app.organisations o
  WHERE (o.kind = 'facilitation_service'::text))))));

CREATE POLICY "memberships_select" ON "app"."memberships"
  FOR SELECT
  TO "authenticated"
  USING (((user_id = ( SELECT auth.uid() AS uid)) OR (organisation_id IN ( SELECT o.id
   FROM app.organisations o
  WHERE (o.territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)))) OR
    (( SELECT app.is_deployment_admin() AS is_deployment_admin) AND (organisation_id IN ( SELECT o.id
   FROM app.organisations o
  WHERE (o.kind = 'facilitation_service'::text))))));

CREATE POLICY "organisations_insert" ON "app"."organisations"
  FOR INSERT
  TO "authenticated"
  WITH
    CHECK
    ((((territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) AND (kind <> ALL (ARRAY['facilitation_service'::text, 'deployment'::text]))) OR
    ((kind = 'facilitation_service'::text) AND ( SELECT app.is_deployment_admin() AS is_deployment_admin))));

CREATE POLICY "organisations_select" ON "app"."organisations"
  FOR SELECT
  TO "authenticated"
  USING
    (((id IN ( SELECT app.my_organisations() AS my_organisations)) OR (territory_id IN ( SELECT app.my_facilitated_territories() AS my_facilitated_territories)) OR (id IN ( SELECT
    m.buyer_id
   FROM app.markets m)) OR (id IN ( SELECT m.company_id
   FROM app.markets m)) OR ((kind = 'siae'::text) AND (territory_id IN ( SELECT m.territory_id
   FROM app.markets m
  WHERE (m.company_id IN ( SELECT app.my_organisations() AS my_organisations))))) OR
    ((kind = 'facilitation_service'::text) AND ( SELECT app.is_deployment_admin() AS is_deployment_admin))));

CREATE POLICY "site_settings_update_admin" ON "app"."site_settings"
  FOR UPDATE
  TO "authenticated"
  USING (( SELECT app.is_deployment_admin() AS is_deployment_admin))
  WITH CHECK (( SELECT app.is_deployment_admin() AS is_deployment_admin));

CREATE POLICY "territories_insert_admin" ON "app"."territories"
  FOR INSERT
  TO "authenticated"
  WITH CHECK (( SELECT app.is_deployment_admin() AS is_deployment_admin));

COMMENT ON FUNCTION "public"."create_territory"(text, text, text, text) IS 'Crée un territoire (paramètres protecteurs par défaut : K = 11, conservation de DOMAIN.md §11) et son service de facilitation, par un administrateur.';

COMMENT ON FUNCTION "public"."grant_deployment_admin"(uuid) IS 'Fait d''un compte un administrateur du déploiement (clé de service seulement : npm run create-admin).';

COMMENT ON FUNCTION "public"."invite_facilitator"(text, uuid) IS 'Rattache un compte au service de facilitation d''un territoire (rôle facilitateur), par un administrateur.';

COMMENT ON FUNCTION "public"."list_deployment_territories"() IS 'Territoires du déploiement, leur service de facilitation et leur nombre de facilitateurs, pour l''administrateur.';

COMMENT ON FUNCTION "public"."territory_start_checklist"() IS 'Premiers pas d''un territoire pour ses facilitateurs : contact, paramètres revus, premières organisations, premier marché.';

COMMENT ON FUNCTION "public"."update_site_settings"(text, text, text, text, text, text, text, text, text, text, text, text, text, date) IS 'Modifie les réglages du déploiement (nom, couleurs, logo, éditeur, mentions légales, accessibilité), par un administrateur ; chaque changement est journalisé.';

COMMENT ON TABLE "app"."memberships" IS 'Rattachement d''un compte à une organisation, avec son rôle. Un facilitateur est membre du service de facilitation de son territoire ; un administrateur du déploiement, de l''administration du déploiement.';

COMMENT ON TABLE "app"."organisations" IS 'Acheteurs, entreprises attributaires, SIAE (et GEIQ, EA, ESAT), prescripteurs, services de facilitation, et l''administration du déploiement (une seule, sans territoire).';

REVOKE ALL ON FUNCTION "app"."audit_site_settings"() FROM PUBLIC;

REVOKE ALL ON FUNCTION "app"."audit_site_settings"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."audit_site_settings"() TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."audit_site_settings"() TO "service_role";

REVOKE ALL ON FUNCTION "app"."is_deployment_admin"() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."is_deployment_admin"() TO "authenticated";

REVOKE ALL ON FUNCTION "app"."is_deployment_admin"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."is_deployment_admin"() TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."is_deployment_admin"() TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."create_territory"(text, text, text, text) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."create_territory"(text, text, text, text) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."create_territory"(text, text, text, text) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."create_territory"(text, text, text, text) TO "service_role";

REVOKE ALL ON FUNCTION "public"."grant_deployment_admin"(uuid) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."grant_deployment_admin"(uuid) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."grant_deployment_admin"(uuid) TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."invite_facilitator"(text, uuid) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."invite_facilitator"(text, uuid) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."invite_facilitator"(text, uuid) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."invite_facilitator"(text, uuid) TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."list_deployment_territories"() TO "authenticated";

REVOKE ALL ON FUNCTION "public"."list_deployment_territories"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_deployment_territories"() TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_deployment_territories"() TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."territory_start_checklist"() TO "authenticated";

REVOKE ALL ON FUNCTION "public"."territory_start_checklist"() FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."territory_start_checklist"() TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."territory_start_checklist"() TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."update_site_settings"(text, text, text, text, text, text, text, text, text, text, text, text, text, date) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."update_site_settings"(text, text, text, text, text, text, text, text, text, text, text, text, text, date) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."update_site_settings"(text, text, text, text, text, text, text, text, text, text, text, text, text, date) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."update_site_settings"(text, text, text, text, text, text, text, text, text, text, text, text, text, date) TO "service_role";

REVOKE ALL ON TABLE "app"."site_settings" FROM "authenticated";

GRANT SELECT, UPDATE ON TABLE "app"."site_settings" TO "authenticated";

REVOKE ALL ON TABLE "app"."territories" FROM "authenticated";

GRANT INSERT, SELECT, UPDATE ON TABLE "app"."territories" TO "authenticated";
GRANT INSERT, SELECT, UPDATE ON TABLE "app"."territories" TO "authenticated";

-- Data, by hand (db-diff does not diff data): a deployment starts with site settings to fill in
-- from « Administration du déploiement », so that every page renders before the administrator
-- has filled them (the seed replaces them with the demo's; an existing row is kept).
insert into app.site_settings (site_name, publisher_name, contact_email, dpo_contact)
values ('Clauses sociales', 'Éditeur à renseigner', 'contact@example.org', 'Contact du délégué à la protection des données à renseigner')
on conflict (id) do nothing;

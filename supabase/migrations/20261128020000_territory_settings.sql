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

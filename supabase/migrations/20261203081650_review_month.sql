SET local check_function_bodies = off;

DROP FUNCTION "public"."get_territory_settings"(uuid);

DROP FUNCTION "public"."list_declarations"(text, uuid, date);

DROP FUNCTION
  "public"."update_territory_settings"(uuid, text, text, text, text, text, text, text, integer, integer, numeric, integer, integer, numeric, numeric, integer, boolean, boolean,
  integer, integer, integer);

ALTER TABLE "app"."territories"
  ADD COLUMN "validate_unchecked_eligibility" boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION app.declaration_line (
  p_declaration_id uuid
)
  RETURNS text
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select json_build_object('person', coalesce(p.first_name || ' ' || p.last_name, 'Participant'),
                           'month', to_char(d.month, 'YYYY-MM-DD'), 'market', m.title)::text
  from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  left join app.participants p on p.id = d.participant_id
  where d.id = p_declaration_id
$function$;

CREATE OR REPLACE FUNCTION app.validation_blocker (
  p_realisation_mode    text,
  p_employer_id         uuid,
  p_siae_confirmation   text,
  p_eligibility_checked boolean,
  p_unchecked_allowed   boolean
)
  RETURNS text
  LANGUAGE sql
  IMMUTABLE
  SET search_path TO ''
  AS $function$
  select case
    when p_realisation_mode in ('subcontracting', 'co_contracting') and p_employer_id is null then 'review_siae_missing'
    when p_realisation_mode in ('subcontracting', 'co_contracting') and p_siae_confirmation = 'disputed' then 'siae_disputed'
    when p_realisation_mode in ('subcontracting', 'co_contracting') and p_siae_confirmation is distinct from 'confirmed' then 'review_siae_pending'
    when not coalesce(p_eligibility_checked, false) and not coalesce(p_unchecked_allowed, false) then 'eligibility_unchecked'
  end
$function$;

CREATE OR REPLACE FUNCTION public.get_territory_settings (
  p_territory_id uuid
)
  RETURNS TABLE (
    id                             uuid,
    slug                           text,
    name                           text,
    description                    text,
    facilitator_contact_name       text,
    facilitator_contact_email      text,
    facilitator_contact_phone      text,
    logo_url                       text,
    color_primary                  text,
    color_accent                   text,
    disclosure_threshold           integer,
    company_min_count              integer,
    company_max_share              numeric,
    parcours_max_months            integer,
    candidature_expiry_days        integer,
    subcontracting_labour_share    numeric,
    subcontracting_hourly_cost     numeric,
    cdi_counted_months             integer,
    residence_required             boolean,
    qpv_priority                   boolean,
    validate_unchecked_eligibility boolean,
    retention_candidate_months     integer,
    retention_participant_months   integer,
    retention_log_months           integer,
    updated_at                     timestamp with time zone
  )
  LANGUAGE plpgsql
  STABLE
  SET search_path TO ''
  AS $function$
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
$function$;

REVOKE ALL ON FUNCTION "public"."get_territory_settings"(uuid) FROM PUBLIC, "anon";

CREATE OR REPLACE FUNCTION public.list_declarations (
  p_status         text DEFAULT NULL::text,
  p_market_id      uuid DEFAULT NULL::uuid,
  p_month          date DEFAULT NULL::date,
  p_declaration_id uuid DEFAULT NULL::uuid
)
  RETURNS TABLE (
    id                       uuid,
    market_id                uuid,
    market_title             text,
    company_name             text,
    participant_id           uuid,
    participant_name         text,
    month                    date,
    realisation_mode         text,
    hours                    numeric,
    invoiced_amount_ht       numeric,
    status                   text,
    rejection_reason         text,
    submitted_at             timestamp with time zone,
    validated_at             timestamp with time zone,
    employer_id              uuid,
    employer_name            text,
    siae_confirmation        text,
    siae_confirmation_reason text,
    company_id               uuid,
    eligibility_checked      boolean,
    validation_blocker       text
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select d.id, d.market_id, m.title, c.name, d.participant_id, coalesce(p.first_name || ' ' || p.last_name, 'Participant'),
         d.month, d.realisation_mode, d.hours, d.invoiced_amount_ht, d.status, d.rejection_reason, d.submitted_at, d.validated_at,
         d.employer_id, e.name, d.siae_confirmation, d.siae_confirmation_reason,
         m.company_id, p.eligibility_checked_at is not null,
         case when d.status = 'submitted' then
           app.validation_blocker(d.realisation_mode, d.employer_id, d.siae_confirmation,
                                  p.eligibility_checked_at is not null, t.validate_unchecked_eligibility) end
  from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  join app.territories t on t.id = m.territory_id
  left join app.organisations c on c.id = m.company_id
  left join app.organisations e on e.id = d.employer_id
  left join app.participants p on p.id = d.participant_id
  where (p_status is null or d.status = p_status)
    and (p_market_id is null or d.market_id = p_market_id)
    and (p_month is null or d.month = p_month)
    and (p_declaration_id is null or d.id = p_declaration_id)
  order by d.month desc, m.title, p.last_name, p.first_name
  limit 500
$function$;

REVOKE ALL ON FUNCTION "public"."list_declarations"(text, uuid, date, uuid) FROM PUBLIC, "anon";

CREATE OR REPLACE FUNCTION public.review_hour_declaration (
  p_declaration_id uuid,
  p_decision       text,
  p_reason         text DEFAULT NULL::text
)
  RETURNS text
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  line app.hour_declarations;
  v_blocker text;
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
    select app.validation_blocker(line.realisation_mode, line.employer_id, line.siae_confirmation,
                                  p.eligibility_checked_at is not null, t.validate_unchecked_eligibility)
      into v_blocker
    from app.markets m
    join app.territories t on t.id = m.territory_id
    left join app.participants p on p.id = line.participant_id
    where m.id = line.market_id;
    if v_blocker in ('review_siae_missing', 'siae_disputed') then
      perform app.fail('55000', v_blocker);
    elsif v_blocker = 'review_siae_pending' then
      raise exception using errcode = '55000', message = 'review_siae_pending', hint = 'review_siae_pending',
        detail = coalesce(app.declaration_line(line.id), '');
    elsif v_blocker = 'eligibility_unchecked' then
      raise exception using errcode = '55000', message = 'eligibility_unchecked', hint = 'eligibility_unchecked',
        detail = coalesce(app.declaration_line(line.id), '');
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
$function$;

CREATE OR REPLACE FUNCTION public.review_month (
  p_market_id  uuid   DEFAULT NULL::uuid,
  p_company_id uuid   DEFAULT NULL::uuid,
  p_month      date   DEFAULT NULL::date,
  p_reject     jsonb  DEFAULT '[]'::jsonb,
  p_line_ids   uuid[] DEFAULT NULL::uuid[]
)
  RETURNS jsonb
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  v_reject jsonb := coalesce(p_reject, '[]'::jsonb);
  v_reject_ids uuid[];
  v_named uuid[];
  v_validate uuid[];
  v_bad record;
  v_validated int := 0;
  v_rejected int := 0;
  v_unchanged int := 0;
begin
  if jsonb_typeof(v_reject) <> 'array'
     or exists (select 1 from jsonb_array_elements(v_reject) e
                where jsonb_typeof(e) <> 'object' or coalesce(e ->> 'id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    perform app.fail('P0002', 'declaration_not_found');
  end if;
  if p_month is not null and extract(day from p_month) <> 1 then
    perform app.fail('22023', 'month_invalid');
  end if;
  select coalesce(array_agg(distinct (e ->> 'id')::uuid), '{}') into v_reject_ids from jsonb_array_elements(v_reject) e;
  if exists (select 1 from jsonb_array_elements(v_reject) e group by e ->> 'id' having count(*) > 1) then
    perform app.fail('22023', 'review_line_twice');
  end if;
  v_named := case when p_line_ids is null then null else array(select distinct unnest(p_line_ids || v_reject_ids)) end;

  -- The lines concerned, locked, with what is asked of each: every submitted line of the scope
  -- (or the named ones) and the rejected ones.
  create temp table if not exists pg_temp.review_month_lines (
    id uuid primary key, status text, asked text, reason text, blocker text, sort_key text
  ) on commit drop;
  truncate pg_temp.review_month_lines;
  insert into pg_temp.review_month_lines (id, status, asked, reason, blocker, sort_key)
  select l.id, l.status,
         case when r.id is not null then 'reject' else 'validate' end,
         r.reason,
         case when r.id is null and l.status = 'submitted' then
           app.validation_blocker(l.realisation_mode, l.employer_id, l.siae_confirmation,
                                  p.eligibility_checked_at is not null, t.validate_unchecked_eligibility) end,
         l.market_title || l.month::text || coalesce(p.last_name, '') || coalesce(p.first_name, '')
  from (
    select d.id, d.status, d.realisation_mode, d.employer_id, d.siae_confirmation, d.participant_id, d.month,
           m.territory_id, m.title as market_title
    from app.hour_declarations d
    join app.markets m on m.id = d.market_id
    where m.territory_id in (select app.my_facilitated_territories())
      and (p_market_id is null or d.market_id = p_market_id)
      and (p_company_id is null or m.company_id = p_company_id)
      and (p_month is null or d.month = p_month)
      and (case when v_named is null then d.status = 'submitted' or d.id = any (v_reject_ids)
                else d.id = any (v_named) end)
    for update of d
  ) l
  join app.territories t on t.id = l.territory_id
  left join app.participants p on p.id = l.participant_id
  left join (select (e ->> 'id')::uuid as id, btrim(e ->> 'reason') as reason from jsonb_array_elements(v_reject) e) r on r.id = l.id;

  -- A rejected or named line outside the scope, or unknown to the caller.
  if exists (select 1 from unnest(coalesce(v_named, v_reject_ids)) x(id)
             where x.id not in (select id from pg_temp.review_month_lines)) then
    perform app.fail('P0002', 'declaration_not_found');
  end if;
  -- A named line no longer waiting, and not already in the state asked for.
  select id into v_bad from pg_temp.review_month_lines
  where status <> 'submitted' and status <> (case asked when 'reject' then 'rejected' else 'validated' end)
  order by sort_key limit 1;
  if found then
    raise exception using errcode = '55000', message = 'declaration_not_submitted', hint = 'declaration_not_submitted',
      detail = coalesce(app.declaration_line(v_bad.id), '');
  end if;
  -- A rejection without its reason.
  select id into v_bad from pg_temp.review_month_lines
  where asked = 'reject' and status = 'submitted' and coalesce(length(reason), 0) < 3
  order by sort_key limit 1;
  if found then
    raise exception using errcode = '22023', message = 'rejection_reason_required', hint = 'rejection_reason_required',
      detail = coalesce(app.declaration_line(v_bad.id), '');
  end if;
  -- A line that cannot be validated.
  select id, blocker into v_bad from pg_temp.review_month_lines where blocker is not null order by sort_key limit 1;
  if found then
    if v_bad.blocker = 'review_siae_missing' then
      raise exception using errcode = '55000', message = 'review_siae_missing', hint = 'review_siae_missing',
        detail = coalesce(app.declaration_line(v_bad.id), '');
    elsif v_bad.blocker = 'siae_disputed' then
      raise exception using errcode = '55000', message = 'siae_disputed', hint = 'siae_disputed',
        detail = coalesce(app.declaration_line(v_bad.id), '');
    elsif v_bad.blocker = 'review_siae_pending' then
      raise exception using errcode = '55000', message = 'review_siae_pending', hint = 'review_siae_pending',
        detail = coalesce(app.declaration_line(v_bad.id), '');
    else
      raise exception using errcode = '55000', message = 'eligibility_unchecked', hint = 'eligibility_unchecked',
        detail = coalesce(app.declaration_line(v_bad.id), '');
    end if;
  end if;

  select count(*) filter (where status <> 'submitted') into v_unchanged from pg_temp.review_month_lines;
  update app.hour_declarations d
     set status = 'validated', validated_by = (select auth.uid()), validated_at = now()
    from pg_temp.review_month_lines l
   where d.id = l.id and l.asked = 'validate' and l.status = 'submitted';
  get diagnostics v_validated = row_count;
  update app.hour_declarations d
     set status = 'rejected', rejection_reason = l.reason
    from pg_temp.review_month_lines l
   where d.id = l.id and l.asked = 'reject' and l.status = 'submitted';
  get diagnostics v_rejected = row_count;
  drop table pg_temp.review_month_lines;
  return jsonb_build_object('validated', v_validated, 'rejected', v_rejected, 'unchanged', v_unchanged);
end;
$function$;

REVOKE ALL ON FUNCTION "public"."review_month"(uuid, uuid, date, jsonb, uuid[]) FROM PUBLIC, "anon";

CREATE OR REPLACE FUNCTION public.update_territory_settings (
  p_territory_id                   uuid,
  p_description                    text    DEFAULT NULL::text,
  p_facilitator_contact_name       text    DEFAULT NULL::text,
  p_facilitator_contact_email      text    DEFAULT NULL::text,
  p_facilitator_contact_phone      text    DEFAULT NULL::text,
  p_logo_url                       text    DEFAULT NULL::text,
  p_color_primary                  text    DEFAULT NULL::text,
  p_color_accent                   text    DEFAULT NULL::text,
  p_disclosure_threshold           integer DEFAULT NULL::integer,
  p_company_min_count              integer DEFAULT NULL::integer,
  p_company_max_share              numeric DEFAULT NULL::numeric,
  p_parcours_max_months            integer DEFAULT NULL::integer,
  p_candidature_expiry_days        integer DEFAULT NULL::integer,
  p_subcontracting_labour_share    numeric DEFAULT NULL::numeric,
  p_subcontracting_hourly_cost     numeric DEFAULT NULL::numeric,
  p_cdi_counted_months             integer DEFAULT NULL::integer,
  p_residence_required             boolean DEFAULT NULL::boolean,
  p_qpv_priority                   boolean DEFAULT NULL::boolean,
  p_retention_candidate_months     integer DEFAULT NULL::integer,
  p_retention_participant_months   integer DEFAULT NULL::integer,
  p_retention_log_months           integer DEFAULT NULL::integer,
  p_validate_unchecked_eligibility boolean DEFAULT NULL::boolean
)
  RETURNS timestamp WITH time zone
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
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
$function$;

REVOKE ALL
  ON FUNCTION
    "public"."update_territory_settings"(uuid, text, text, text, text, text, text, text, integer, integer, numeric, integer, integer, numeric, numeric, integer, boolean, boolean,
    integer, integer, integer, boolean)
  FROM PUBLIC, "anon";

COMMENT ON COLUMN "app"."territories"."validate_unchecked_eligibility" IS 'Règle du territoire : les heures d''une personne dont l''éligibilité n''est pas encore vérifiée peuvent être validées (non par défaut).';

COMMENT ON FUNCTION "public"."get_territory_settings"(uuid) IS 'Paramètres modifiables d''un territoire (contact, apparence, règles), pour ses facilitateurs.';

COMMENT ON FUNCTION "public"."review_month"(uuid, uuid, date, jsonb, uuid[]) IS 'Valide en une fois les lignes transmises d''un mois (par marché, entreprise, ou toutes), sauf celles refusées avec leur motif ; tout ou rien.';

COMMENT ON FUNCTION
  "public"."update_territory_settings"(uuid, text, text, text, text, text, text, text, integer, integer, numeric, integer, integer, numeric, numeric, integer, boolean, boolean,
  integer, integer, integer, boolean) IS 'Modifie les paramètres d''un territoire (contact, apparence, règles) par ses facilitateurs, dans les limites de protection (K ≥ 11, 3 entreprises, 85 % au plus) ; chaque changement est journalisé.';

REVOKE ALL ON FUNCTION "app"."declaration_line"(uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."declaration_line"(uuid) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."declaration_line"(uuid) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."declaration_line"(uuid) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."declaration_line"(uuid) TO "service_role";

REVOKE ALL ON FUNCTION "app"."validation_blocker"(text, uuid, text, boolean, boolean) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION "app"."validation_blocker"(text, uuid, text, boolean, boolean) TO "authenticated";

REVOKE ALL ON FUNCTION "app"."validation_blocker"(text, uuid, text, boolean, boolean) FROM "postgres";

GRANT EXECUTE ON FUNCTION "app"."validation_blocker"(text, uuid, text, boolean, boolean) TO "postgres";

GRANT EXECUTE ON FUNCTION "app"."validation_blocker"(text, uuid, text, boolean, boolean) TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."get_territory_settings"(uuid) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."get_territory_settings"(uuid) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."get_territory_settings"(uuid) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."get_territory_settings"(uuid) TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."list_declarations"(text, uuid, date, uuid) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."list_declarations"(text, uuid, date, uuid) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_declarations"(text, uuid, date, uuid) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_declarations"(text, uuid, date, uuid) TO "service_role";

GRANT EXECUTE ON FUNCTION "public"."review_month"(uuid, uuid, date, jsonb, uuid[]) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."review_month"(uuid, uuid, date, jsonb, uuid[]) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."review_month"(uuid, uuid, date, jsonb, uuid[]) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."review_month"(uuid, uuid, date, jsonb, uuid[]) TO "service_role";

GRANT EXECUTE
  ON FUNCTION
    "public"."update_territory_settings"(uuid, text, text, text, text, text, text, text, integer, integer, numeric, integer, integer, numeric, numeric, integer, boolean, boolean,
    integer, integer, integer, boolean)
  TO "authenticated";

REVOKE ALL
  ON FUNCTION
    "public"."update_territory_settings"(uuid, text, text, text, text, text, text, text, integer, integer, numeric, integer, integer, numeric, numeric, integer, boolean, boolean,
    integer, integer, integer, boolean)
  FROM "postgres";

GRANT EXECUTE
  ON FUNCTION
    "public"."update_territory_settings"(uuid, text, text, text, text, text, text, text, integer, integer, numeric, integer, integer, numeric, numeric, integer, boolean, boolean,
    integer, integer, integer, boolean)
  TO "postgres";

GRANT EXECUTE
  ON FUNCTION
    "public"."update_territory_settings"(uuid, text, text, text, text, text, text, text, integer, integer, numeric, integer, integer, numeric, numeric, integer, boolean, boolean,
    integer, integer, integer, boolean)
  TO "service_role";

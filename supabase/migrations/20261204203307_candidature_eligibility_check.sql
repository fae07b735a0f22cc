SET local check_function_bodies = off;
-- The facilitator records the eligibility check on the candidature, before or at hire (issue 18):
-- criteria retained, proofs seen as codes (never the proof), date and author; app.apply_hire
-- carries it to the participant it creates (or to one found again whose check is missing);
-- the access-request export shows it.

ALTER TABLE "app"."candidatures"
  ADD COLUMN "eligibility_retained" text[];

ALTER TABLE "app"."candidatures"
  ADD COLUMN "eligibility_proofs_seen" text[] NOT NULL DEFAULT '{}'::text[];

ALTER TABLE "app"."candidatures"
  ADD COLUMN "eligibility_checked_at" timestamp WITH time zone;

ALTER TABLE "app"."candidatures"
  ADD COLUMN "eligibility_checked_by" uuid;

CREATE OR REPLACE FUNCTION app.apply_hire (
  p_candidature_id uuid
)
  RETURNS uuid
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path TO ''
  AS $function$
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
    -- The check recorded on the candidature, whoever records the hire, is the participant's:
    -- the criteria retained, by whom, when; the parcours (and the term its eligibility holds
    -- for, DOMAIN.md §4) starts at this first entry into a clause. Without it, the eligibility
    -- facts are copied as declared; a hire recorded by the company leaves them to be checked by
    -- the facilitator.
    insert into app.participants (territory_id, candidature_id, first_name, last_name, commune, eligibility,
      eligibility_checked_by, eligibility_checked_at, parcours_started_on)
    values (c.territory_id, c.id, c.first_name, c.last_name, c.commune, coalesce(c.eligibility_retained, c.eligibility),
      case when c.eligibility_checked_at is not null then c.eligibility_checked_by
           when v_facilitator then (select auth.uid()) end,
      case when c.eligibility_checked_at is not null then c.eligibility_checked_at
           when v_facilitator then now() end,
      current_date)
    returning id into v_participant;
  elsif c.eligibility_checked_at is not null then
    -- A participant found again whose eligibility was never checked takes this check.
    update app.participants
       set eligibility = c.eligibility_retained, eligibility_checked_by = c.eligibility_checked_by,
           eligibility_checked_at = c.eligibility_checked_at
     where id = v_participant and eligibility_checked_at is null;
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
$function$;

CREATE OR REPLACE FUNCTION public.export_person_data (
  p_email      text DEFAULT NULL::text,
  p_first_name text DEFAULT NULL::text,
  p_last_name  text DEFAULT NULL::text
)
  RETURNS json
  LANGUAGE plpgsql
  STABLE
  SET search_path TO ''
  AS $function$
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
          'eligibility_retained', c.eligibility_retained, 'eligibility_proofs_seen', c.eligibility_proofs_seen,
          'eligibility_checked_at', c.eligibility_checked_at,
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
$function$;

CREATE OR REPLACE FUNCTION public.record_candidature_eligibility (
  p_candidature_id uuid,
  p_retained       text[],
  p_proofs_seen    text[] DEFAULT '{}'::text[]
)
  RETURNS timestamp WITH time zone
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  c app.candidatures;
  checked timestamptz := now();
  retained text[];
begin
  select * into c from app.candidatures where id = p_candidature_id and territory_id in (select app.my_facilitated_territories());
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  if c.status not in ('received', 'in_review', 'shortlisted', 'sent_to_company') then
    perform app.fail('55000', 'candidature_eligibility_closed');
  end if;
  if p_retained is null or cardinality(p_retained) = 0 then
    perform app.fail('22023', 'eligibility_required');
  end if;
  if not (p_retained <@ array['deld', 'rsa', 'ass', 'aah', 'invalidity_pension', 'rqth',
                              'youth_low_qualification', 'senior', 'siae_employee', 'other']) then
    perform app.fail('22023', 'eligibility_invalid');
  end if;
  if not (coalesce(p_proofs_seen, '{}') <@ p_retained) then
    perform app.fail('22023', 'eligibility_proof_not_retained');
  end if;
  retained := (select array_agg(distinct e order by e) from unnest(p_retained) e);
  update app.candidatures
     set eligibility_retained = retained,
         eligibility_proofs_seen = coalesce((select array_agg(distinct e order by e) from unnest(p_proofs_seen) e), '{}'),
         eligibility_checked_at = checked, eligibility_checked_by = (select auth.uid())
   where id = c.id;
  return checked;
end;
$function$;

REVOKE ALL ON FUNCTION "public"."record_candidature_eligibility"(uuid, text[], text[]) FROM PUBLIC, "anon";

ALTER TABLE "app"."candidatures"
  ADD CONSTRAINT "candidatures_eligibility_check_dated" CHECK (((eligibility_checked_at IS NULL) = (eligibility_retained IS NULL)));

ALTER TABLE "app"."candidatures"
  ADD CONSTRAINT "candidatures_eligibility_checked_by_fkey" FOREIGN KEY (eligibility_checked_by) REFERENCES auth.users(id);

ALTER TABLE "app"."candidatures"
  ADD CONSTRAINT "candidatures_eligibility_retained_check"
    CHECK
    ((eligibility_retained <@ ARRAY['deld'::text, 'rsa'::text, 'ass'::text, 'aah'::text, 'invalidity_pension'::text, 'rqth'::text, 'youth_low_qualification'::text, 'senior'::text,
    'siae_employee'::text, 'other'::text]));

ALTER TABLE "app"."candidatures"
  ADD CONSTRAINT "candidatures_proofs_seen_retained" CHECK ((eligibility_proofs_seen <@ COALESCE(eligibility_retained, '{}'::text[])));

CREATE INDEX candidatures_eligibility_checked_by_idx ON app.candidatures USING btree (eligibility_checked_by);

COMMENT ON COLUMN "app"."candidatures"."eligibility_checked_at" IS 'Date de la vérification d''éligibilité ; reprise par le participant à l''embauche.';

COMMENT ON COLUMN "app"."candidatures"."eligibility_checked_by" IS 'Facilitateur·rice qui a vérifié l''éligibilité.';

COMMENT ON COLUMN "app"."candidatures"."eligibility_proofs_seen" IS 'Critères dont le facilitateur a vu le justificatif (codes ; le justificatif n''est jamais conservé).';

COMMENT ON COLUMN "app"."candidatures"."eligibility_retained" IS 'Critères d''éligibilité retenus par le facilitateur après vérification (avant ou à l''embauche).';

GRANT EXECUTE ON FUNCTION "public"."record_candidature_eligibility"(uuid, text[], text[]) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."record_candidature_eligibility"(uuid, text[], text[]) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."record_candidature_eligibility"(uuid, text[], text[]) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."record_candidature_eligibility"(uuid, text[], text[]) TO "service_role";

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
$$;
grant execute on function public.export_person_data(text, text, text) to authenticated;

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

-- 2. Assignments in the audit log -------------------------------------------------------------

alter table app.market_assignments add column id uuid not null default gen_random_uuid();
alter table app.market_assignments add constraint market_assignments_id_key unique (id);
comment on column app.market_assignments.id is 'Identifiant de l''affectation (journal d''audit).';

-- Same function as in 20261122160600_audit_and_outbox.sql, except that the territory of any row
-- carrying a market_id (hour declarations, assignments) is the market's.
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
    current_user,
    cols,
    case when keep_values then jsonb_build_object(
      'old', (select jsonb_object_agg(key, value) from jsonb_each(old_row) where key = any (cols)),
      'new', (select jsonb_object_agg(key, value) from jsonb_each(new_row) where key = any (cols)))
    end);
  return null;
end;
$$;
revoke execute on function app.audit_row() from public, anon, authenticated;

create trigger market_assignments_audit after insert or update or delete on app.market_assignments
  for each row execute function app.audit_row('with_values');

-- 3. The access-request export lists the person's markets --------------------------------------

-- Same function as in 20261122210000_personal_data_retention.sql, plus 'markets' for each
-- participant (assignments, with the date).
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

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

-- Save (create or update) one draft line of a company's monthly declaration.
-- Sub-contracting and co-contracting are declared as an invoiced amount and converted with
-- the territory's parameters: hours = amount_ht × labour_share / hourly_cost (DOMAIN.md §5).
-- ---------------------------------------------------------------------------------------------
-- Saving a line: only for a person on the market
-- ---------------------------------------------------------------------------------------------

-- Same function as in 20261122220000_subcontracting_siae.sql, plus one check: the participant
-- is on the market, assigned to it or with hour declarations on it already
-- (participant_not_on_market). The company can read both (policies
-- market_assignments_select_company, hour_declarations_select_company).
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
-- Partner API for the pages of /espace/: dashboards, declaration lists, the candidature
-- pipeline, participants, markets creation. Every function is SECURITY INVOKER: what each
-- caller sees and may change is decided by the row-level security of the tables.

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

-- Declaration lines visible to the caller, filtered.

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

-- Candidatures visible to the caller (facilitators: their territory; prescribers: their own).

-- Move a candidature along its workflow (DOMAIN.md §7); every move is logged. Hiring creates
-- the participant and makes the person's other pending candidatures to the same offer obsolete.
-- API ------------------------------------------------------------------------------------------

-- The facilitator moves a candidature along (same contract as before; the hire now goes
-- through app.apply_hire, shared with the company's choice).
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
-- Partner API, second set of actions:
--   * facilitators import the markets with a social clause from a DECP file (DOMAIN.md §13);
--   * buyers read their yearly summary (hours due and realised, people above the threshold K);
--   * an SIAE confirms or disputes the sub-contracted amounts a company declared (DOMAIN.md §5);
--   * facilitators keep a participant's file: eligibility check, parcours, exits (DOMAIN.md §4, §9).
-- Functions are SECURITY INVOKER (RLS decides), except the two SIAE functions: the SIAE has no
-- policy on markets, organisations or participants, and no UPDATE policy on hour_declarations,
-- and a policy on markets that reads hour_declarations would recurse (hour_declarations'
-- policies read markets). Those two are SECURITY DEFINER with a fixed search_path and a narrow
-- check: the caller is an SIAE member of the line's employer organisation (who may call them:
-- test/integration/partner-more.test.ts). Errors are app.fail keys mapped in src/server/errors.ts.

-- The SIAE's reason when it disputes an amount (DOMAIN.md §5: two-party confirmation).
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
comment on column app.hour_declarations.siae_confirmation is 'Confirmation par la SIAE du montant sous-traité déclaré par l''entreprise : en attente, confirmé, contesté.';
comment on column app.hour_declarations.siae_confirmation_reason is 'Motif donné par la SIAE quand elle conteste le montant déclaré.';

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

-- ---------------------------------------------------------------------------------------------
-- SIAE confirmation of sub-contracted amounts
-- ---------------------------------------------------------------------------------------------

-- The sub-contracting and co-contracting lines whose employer is one of the caller's SIAE, with
-- the market, the company and the amount it declared. SECURITY DEFINER (see the header): it
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

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
  if p_realisation_mode in ('subcontracting', 'co_contracting') then
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

  select * into existing from app.hour_declarations
  where market_id = p_market_id and participant_id = p_participant_id and month = p_month
    and realisation_mode = p_realisation_mode and corrects_id is null;
  if found then
    if existing.status = 'validated' then
      perform app.fail('55000', 'declaration_validated');
    end if;
    update app.hour_declarations
       set hours = computed_hours, invoiced_amount_ht = p_invoiced_amount_ht, employer_id = p_employer_id,
           status = 'draft', rejection_reason = null, submitted_at = null,
           siae_confirmation = case when p_realisation_mode in ('subcontracting', 'co_contracting') then 'pending' end
     where id = existing.id;
    return existing.id;
  end if;

  line_id := gen_random_uuid();
  insert into app.hour_declarations (id, market_id, participant_id, month, realisation_mode, employer_id, hours,
    invoiced_amount_ht, status, siae_confirmation, idempotency_key, created_by)
  values (line_id, p_market_id, p_participant_id, p_month, p_realisation_mode, p_employer_id, computed_hours,
    p_invoiced_amount_ht, 'draft',
    case when p_realisation_mode in ('subcontracting', 'co_contracting') then 'pending' end,
    p_idempotency_key, (select auth.uid()));
  return line_id;
end;
$$;
grant execute on function public.save_hour_declaration(uuid, uuid, date, text, numeric, numeric, uuid, uuid) to authenticated;

-- Submit every draft line of a market and month to the facilitator. Returns the number submitted.
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
  where d.id = p_declaration_id and m.territory_id in (select app.my_facilitated_territories());
  if not found then
    perform app.fail('P0002', 'declaration_not_found');
  end if;
  if line.status <> 'submitted' then
    perform app.fail('55000', 'declaration_not_submitted');
  end if;
  if p_decision = 'validate' then
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

-- Sub-contracting and co-contracting lines name their SIAE (DOMAIN.md §5, §8).
--
-- A company declares sub-contracting or co-contracting to an SIAE (EA, ESAT included) as an
-- invoiced amount, converted into hours with the territory's parameters; the SIAE named on the
-- line confirms the amount or disputes it (20261122172000_api_partner_more.sql). Until now
-- nothing required the company to name the SIAE, so the SIAE never saw such lines, and a re-save
-- without an employer erased it. This migration:
--   * lets a company read the SIAE organisations of the territories where it holds a market
--     (RLS policy), and lists them for a market (public.list_market_siae, SECURITY INVOKER);
--   * requires an SIAE of the market's territory on every sub-contracting or co-contracting line
--     saved (siae_required, siae_invalid), keeps the line's SIAE when a re-save names none, and
--     refuses to submit a legacy draft line that names none;
--   * puts the SIAE's confirmation back to pending only when the amount or the SIAE changes
--     (trigger), so re-saving a month unchanged keeps the confirmations already given;
--   * refuses the facilitator's validation of a disputed line (see review_hour_declaration);
--   * adds the SIAE, its confirmation and its dispute reason to public.list_declarations.
-- Errors are app.fail keys mapped in src/server/errors.ts. Who may call what:
-- test/integration/subcontracting.test.ts.

-- ---------------------------------------------------------------------------------------------
-- Which SIAE a company may name
-- ---------------------------------------------------------------------------------------------

-- A company sees the SIAE of every territory where it holds a market: it must pick the one it
-- sub-contracts to. SIAE are public structures (their name, SIRET and kind are listed in public
-- directories); no person's data is involved. The subquery reads markets, whose policies call
-- only app.my_organisations() / app.my_facilitated_territories() (SECURITY DEFINER), never
-- organisations: no recursion.
create policy organisations_select_siae_for_company on app.organisations for select to authenticated
  using (kind = 'siae'
         and territory_id in (select m.territory_id from app.markets m where m.company_id in (select app.my_organisations())));

-- The SIAE (EA and ESAT included) of a market's territory, for the monthly form's choice.
-- SECURITY INVOKER: the market must be visible to the caller (its company, its buyer, the
-- territory's facilitators) and the organisations too (the policy above for its company, the
-- facilitators' own policy); anyone else gets an empty list.
create or replace function public.list_market_siae(p_market_id uuid)
returns table (id uuid, name text, siret text, siae_kind text)
language sql stable
set search_path = ''
as $$
  select o.id, o.name, o.siret, o.siae_kind
  from app.markets m
  join app.organisations o on o.territory_id = m.territory_id and o.kind = 'siae'
  where m.id = p_market_id
  order by o.name
$$;
grant execute on function public.list_market_siae(uuid) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- The SIAE's confirmation follows the amount and the SIAE
-- ---------------------------------------------------------------------------------------------

-- A confirmation (or a dispute) is about one amount for one SIAE: when either changes on a
-- sub-contracting or co-contracting line, whoever changes it, the line is back to pending and a
-- dispute's reason goes (app.clear_siae_reason would clear it too; done here so the order of
-- the two triggers does not matter). A line of another mode has no confirmation.
create or replace function app.reset_siae_confirmation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.realisation_mode not in ('subcontracting', 'co_contracting') then
    new.siae_confirmation := null;
    new.siae_confirmation_reason := null;
  elsif tg_op = 'INSERT' then
    new.siae_confirmation := coalesce(new.siae_confirmation, 'pending');
  elsif new.invoiced_amount_ht is distinct from old.invoiced_amount_ht or new.employer_id is distinct from old.employer_id then
    new.siae_confirmation := 'pending';
    new.siae_confirmation_reason := null;
  end if;
  return new;
end;
$$;
create trigger hour_declarations_siae_follows_amount before insert or update on app.hour_declarations
  for each row execute function app.reset_siae_confirmation();

-- ---------------------------------------------------------------------------------------------
-- Saving and submitting a line
-- ---------------------------------------------------------------------------------------------

-- Save (create or update) one draft line of a company's monthly declaration.
-- Sub-contracting and co-contracting are declared as an invoiced amount and converted with
-- the territory's parameters: hours = amount_ht × labour_share / hourly_cost (DOMAIN.md §5),
-- and name the SIAE (p_employer_id) that confirms the amount: required for those modes
-- (siae_required). p_employer_id null on an existing line keeps the line's SIAE. The employer
-- named on a line reads it (policy hour_declarations_select_siae), so it must be an SIAE of the
-- market's territory, whatever the mode (siae_invalid): a company cannot show its lines to
-- another company, nor to an SIAE of another territory.
-- The SIAE's confirmation is kept when neither the amount nor the SIAE changes, else back to
-- pending (trigger app.reset_siae_confirmation).
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

-- ---------------------------------------------------------------------------------------------
-- Declaration lines, with their SIAE
-- ---------------------------------------------------------------------------------------------

-- Declaration lines visible to the caller, filtered; with the SIAE named on the line (employer),
-- its confirmation and its dispute reason. The return type changes: dropped and re-created.
drop function public.list_declarations(text, uuid, date);
create function public.list_declarations(p_status text default null, p_market_id uuid default null, p_month date default null)
returns table (
  id uuid, market_id uuid, market_title text, company_name text, participant_id uuid, participant_name text,
  month date, realisation_mode text, hours numeric, invoiced_amount_ht numeric, status text, rejection_reason text,
  submitted_at timestamptz, validated_at timestamptz,
  employer_id uuid, employer_name text, siae_confirmation text, siae_confirmation_reason text
)
language sql stable
set search_path = ''
as $$
  select d.id, d.market_id, m.title, c.name, d.participant_id, coalesce(p.first_name || ' ' || p.last_name, 'Participant'),
         d.month, d.realisation_mode, d.hours, d.invoiced_amount_ht, d.status, d.rejection_reason, d.submitted_at, d.validated_at,
         d.employer_id, e.name, d.siae_confirmation, d.siae_confirmation_reason
  from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  left join app.organisations c on c.id = m.company_id
  left join app.organisations e on e.id = d.employer_id
  left join app.participants p on p.id = d.participant_id
  where (p_status is null or d.status = p_status)
    and (p_market_id is null or d.market_id = p_market_id)
    and (p_month is null or d.month = p_month)
  order by d.month desc, m.title, p.last_name
  limit 500
$$;
grant execute on function public.list_declarations(text, uuid, date) to authenticated;

-- Participants and hours: participants, their markets (assignments), hour declarations from draft
-- to validation (with the SIAE's confirmation of sub-contracting), exits and parcours.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Participants (people hired on a clause), their hour declarations and their exits.

create table app.participants (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references app.territories (id),
  candidature_id uuid references app.candidatures (id),
  first_name text not null,
  last_name text not null,
  birth_year int check (birth_year between 1940 and 2015),
  sex text check (sex in ('f', 'm')),
  commune text,
  qpv boolean not null default false,
  qualification_level text check (qualification_level in ('infra_3', '3', '4', '5_plus')),
  eligibility text[] not null default '{}' check (eligibility <@ array[
    'deld', 'rsa', 'ass', 'aah', 'invalidity_pension', 'rqth', 'youth_low_qualification', 'senior', 'siae_employee', 'other']),
  eligibility_checked_by uuid references auth.users (id),
  eligibility_checked_at timestamptz,
  parcours_started_on date not null,
  parcours_ended_on date,
  has_training boolean not null default false,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search_name text generated always as (app.search_key(first_name || ' ' || last_name)) stored
);
comment on column app.participants.search_name is 'Prénom et nom en minuscules sans accents, pour la recherche d''une personne (« eloise » trouve « Éloïse »).';
comment on column app.participants.eligibility is 'Critères d''éligibilité retenus à l''entrée dans le parcours.';
comment on column app.participants.birth_year is 'Année de naissance seule (jeunes de moins de 26 ans, seniors de 50 ans et plus).';
comment on column app.participants.qualification_level is 'Niveau de qualification (nomenclature 2019) : infra 3, 3 (CAP/BEP), 4 (bac), 5 et plus.';
create index participants_territory_idx on app.participants (territory_id, last_name, first_name);
-- The participants list, page by page in name order, and its search anywhere in the name.
create index participants_name_idx on app.participants (last_name, first_name, id);
create index participants_search_idx on app.participants using gin (search_name extensions.gin_trgm_ops);
create index participants_candidature_idx on app.participants (candidature_id);
-- The dashboard's exits due: the ended parcours of a territory.
create index participants_parcours_ended_idx on app.participants (territory_id, parcours_ended_on) where parcours_ended_on is not null;
create index participants_eligibility_checked_by_idx on app.participants (eligibility_checked_by);
comment on table app.participants is 'Personne recrutée sur une clause : faits d''éligibilité (déclaratifs, vérifiés par le facilitateur), parcours.';
create trigger participants_touch before update on app.participants for each row execute function app.touch_updated_at();

create table app.hour_declarations (
  id uuid primary key default gen_random_uuid(),
  market_id uuid not null references app.markets (id),
  participant_id uuid not null references app.participants (id),
  month date not null check (extract(day from month) = 1),
  realisation_mode text not null check (realisation_mode in (
    'direct_hire', 'temporary_work', 'provision', 'subcontracting', 'co_contracting', 'training')),
  employer_id uuid references app.organisations (id),
  hours numeric(8,2) not null check (hours between -1000 and 1000),
  invoiced_amount_ht numeric(12,2) check (invoiced_amount_ht is null or invoiced_amount_ht >= 0),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'validated', 'rejected')),
  rejection_reason text,
  siae_confirmation text check (siae_confirmation in ('pending', 'confirmed', 'disputed')),
  corrects_id uuid references app.hour_declarations (id),
  idempotency_key uuid unique,
  created_by uuid references auth.users (id),
  submitted_at timestamptz,
  validated_by uuid references auth.users (id),
  validated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'rejected' or rejection_reason is not null),
  check ((status = 'validated') = (validated_at is not null)),
  check (realisation_mode not in ('subcontracting', 'co_contracting') or invoiced_amount_ht is not null),
  check (hours >= 0 or corrects_id is not null),
  siae_confirmation_reason text check (siae_confirmation_reason is null or length(siae_confirmation_reason) between 3 and 500),
  constraint hour_declarations_dispute_has_reason
    check (siae_confirmation is distinct from 'disputed' or siae_confirmation_reason is not null)
);
comment on column app.hour_declarations.realisation_mode is 'Mode de réalisation : embauche directe, intérim, mise à disposition (ETTI, AI, GEIQ), sous-traitance ou co-traitance (SIAE, EA, ESAT), formation.';
comment on column app.hour_declarations.invoiced_amount_ht is 'Montant facturé HT en sous-traitance, converti en heures avec les paramètres du territoire.';
comment on column app.hour_declarations.corrects_id is 'Contre-écriture : ligne validée que celle-ci corrige (une ligne validée est immuable).';
comment on column app.hour_declarations.siae_confirmation is 'Confirmation par la SIAE du montant sous-traité déclaré par l''entreprise : en attente, confirmé, contesté.';
comment on column app.hour_declarations.siae_confirmation_reason is 'Motif donné par la SIAE quand elle conteste le montant déclaré.';
create unique index hour_declarations_line_key on app.hour_declarations (market_id, participant_id, month, realisation_mode)
  where corrects_id is null;
create index hour_declarations_status_idx on app.hour_declarations (status);
-- Every foreign key and filter column has its index (a Département's history is 10^5 to 10^6
-- lines): a market's months, a person's lines, an SIAE's lines, corrections, and the accounts.
create index hour_declarations_market_month_idx on app.hour_declarations (market_id, month);
create index hour_declarations_participant_idx on app.hour_declarations (participant_id);
create index hour_declarations_employer_idx on app.hour_declarations (employer_id);
create index hour_declarations_corrects_idx on app.hour_declarations (corrects_id);
create index hour_declarations_created_by_idx on app.hour_declarations (created_by);
create index hour_declarations_validated_by_idx on app.hour_declarations (validated_by);
comment on table app.hour_declarations is 'Heures d''insertion déclarées par l''entreprise, par participant, marché et mois ; validées par le facilitateur.';
create trigger hour_declarations_touch before update on app.hour_declarations for each row execute function app.touch_updated_at();

-- A validated line is immutable (DOMAIN.md §8): only a counter-entry changes the total.
create or replace function app.freeze_validated_declaration() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.status = 'validated' then
    perform app.fail('55000', 'declaration_validated');
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end;
$$;
create trigger hour_declarations_frozen before update or delete on app.hour_declarations
  for each row execute function app.freeze_validated_declaration();

-- Hours per market, month and status, kept by the lines' own writes: the partner pages' totals
-- (a market's hours validated and submitted, what waits for validation, who has not declared)
-- read this table, whose size is markets × months, not the lines (10^5 to 10^6 in a
-- Département's history). A statement-level trigger adds each statement's changes, grouped,
-- in the same transaction as the lines: the totals are exactly the sum of the lines at every
-- commit (test/integration/market-month-hours.test.ts compares them after every kind of write).
create table app.market_month_hours (
  market_id uuid not null references app.markets (id),
  month date not null,
  status text not null,
  hours numeric not null default 0,
  lines int not null default 0,
  primary key (market_id, month, status)
);
comment on table app.market_month_hours is 'Total des heures déclarées par marché, mois et statut (somme exacte des lignes, tenue par déclencheur).';
alter table app.market_month_hours enable row level security;
grant select on app.market_month_hours to authenticated;
create policy market_month_hours_select on app.market_month_hours for select to authenticated
  using (market_id in (select app.my_facilitated_markets())                -- the territory's facilitators
      or market_id in (select app.my_company_markets())                    -- the market's company
      or market_id in (select app.my_buyer_markets()));                    -- the market's buyer

-- Validated hours per market, person, employer and year: what a publication reads (a person
-- has ~12 lines a year: the publication's cost follows the people, not the lines), and the
-- participants list's hours. Kept by the same trigger. The API roles read it under the branches
-- of hour_declarations_select (its rows are keyed by the same market and employer): a caller
-- reads the sum of exactly the validated lines they could read.
create table app.validated_person_year_hours (
  market_id uuid not null references app.markets (id),
  participant_id uuid not null references app.participants (id),
  employer_id uuid references app.organisations (id),
  year int not null,
  hours numeric not null default 0,
  lines int not null default 0,
  constraint validated_person_year_hours_key unique nulls not distinct (market_id, participant_id, employer_id, year)
);
create index validated_person_year_hours_participant_idx on app.validated_person_year_hours (participant_id);
create index validated_person_year_hours_employer_idx on app.validated_person_year_hours (employer_id);
comment on table app.validated_person_year_hours is 'Heures validées par marché, personne, employeur et année (somme exacte des lignes validées, tenue par déclencheur) : lue par la publication.';
alter table app.validated_person_year_hours enable row level security;
revoke all on app.validated_person_year_hours from anon, authenticated;
grant select on app.validated_person_year_hours to authenticated;
create policy validated_person_year_hours_select on app.validated_person_year_hours for select to authenticated
  using (market_id in (select app.my_facilitated_markets())                -- the territory's facilitators
      or market_id in (select app.my_company_markets())                    -- the market's company
      or market_id in (select app.my_buyer_markets())                      -- the market's buyer
      or employer_id in (select app.my_organisations()));                  -- the SIAE named as employer

-- SECURITY DEFINER: nobody writes the totals but this trigger, whoever writes the lines.
create or replace function app.tally_market_month_hours() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    insert into app.market_month_hours as t (market_id, month, status, hours, lines)
    select o.market_id, o.month, o.status, -sum(o.hours), -count(*)::int from old_rows o group by 1, 2, 3
    on conflict (market_id, month, status) do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
    insert into app.validated_person_year_hours as t (market_id, participant_id, employer_id, year, hours, lines)
    select o.market_id, o.participant_id, o.employer_id, extract(year from o.month)::int, -sum(o.hours), -count(*)::int
    from old_rows o where o.status = 'validated' group by 1, 2, 3, 4
    on conflict on constraint validated_person_year_hours_key do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into app.market_month_hours as t (market_id, month, status, hours, lines)
    select n.market_id, n.month, n.status, sum(n.hours), count(*)::int from new_rows n group by 1, 2, 3
    on conflict (market_id, month, status) do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
    insert into app.validated_person_year_hours as t (market_id, participant_id, employer_id, year, hours, lines)
    select n.market_id, n.participant_id, n.employer_id, extract(year from n.month)::int, sum(n.hours), count(*)::int
    from new_rows n where n.status = 'validated' group by 1, 2, 3, 4
    on conflict on constraint validated_person_year_hours_key do update set hours = t.hours + excluded.hours, lines = t.lines + excluded.lines;
  end if;
  return null;
end;
$$;
revoke execute on function app.tally_market_month_hours() from public, anon, authenticated;
create trigger hour_declarations_tally_insert after insert on app.hour_declarations
  referencing new table as new_rows for each statement execute function app.tally_market_month_hours();
create trigger hour_declarations_tally_update after update on app.hour_declarations
  referencing old table as old_rows new table as new_rows for each statement execute function app.tally_market_month_hours();
create trigger hour_declarations_tally_delete after delete on app.hour_declarations
  referencing old table as old_rows for each statement execute function app.tally_market_month_hours();

create table app.participant_exits (
  id uuid primary key default gen_random_uuid(),
  participant_id uuid not null references app.participants (id) on delete cascade,
  milestone text not null check (milestone in ('end', 'm6', 'm12')),
  observed_on date not null,
  situation text not null check (situation in (
    'cdi', 'cdd_6_months_plus', 'interim_6_months_plus', 'business_creation',
    'cdd_under_6_months', 'interim_under_6_months', 'subsidised_contract',
    'qualifying_training', 'siae_hire',
    'job_seeker', 'inactive', 'unknown')),
  category text generated always as (case
    when situation in ('cdi', 'cdd_6_months_plus', 'interim_6_months_plus', 'business_creation') then 'emploi_durable'
    when situation in ('cdd_under_6_months', 'interim_under_6_months', 'subsidised_contract') then 'emploi_transition'
    when situation in ('qualifying_training', 'siae_hire') then 'sortie_positive'
    else 'other' end) stored,
  recorded_by uuid references auth.users (id),
  created_at timestamptz not null default now(),
  unique (participant_id, milestone)
);
comment on column app.participant_exits.category is 'Emploi durable, emploi de transition, sortie positive (ensemble : sorties dynamiques), ou autre.';
create index participant_exits_recorded_by_idx on app.participant_exits (recorded_by);
comment on table app.participant_exits is 'Situation d''un participant en fin de parcours, à 6 et à 12 mois.';

alter table app.participants enable row level security;
alter table app.hour_declarations enable row level security;
alter table app.participant_exits enable row level security;

grant select, insert, update on app.participants, app.hour_declarations, app.participant_exits to authenticated;

-- Participants: the territory's facilitators; a company sees the people on its markets (policy
-- participants_select, with market_assignments below).
create policy participants_insert_facilitator on app.participants for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy participants_update_facilitator on app.participants for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

-- Declarations: the market's company writes drafts and submits; the territory's facilitators
-- validate or reject; the employing SIAE reads (and confirms sub-contracting amounts).
create policy hour_declarations_select on app.hour_declarations for select to authenticated
  using (market_id in (select app.my_facilitated_markets())                -- the territory's facilitators
      or market_id in (select app.my_company_markets())                    -- the market's company
      or market_id in (select app.my_buyer_markets())                      -- the market's buyer
      or employer_id in (select app.my_organisations()));                  -- the SIAE named as employer
create policy hour_declarations_insert on app.hour_declarations for insert to authenticated
  with check ((status in ('draft', 'submitted') and market_id in (select app.my_company_markets()))   -- the company declares
           or (corrects_id is not null and market_id in (select app.my_facilitated_markets())));      -- the facilitator corrects
create policy hour_declarations_update on app.hour_declarations for update to authenticated
  using ((status in ('draft', 'submitted', 'rejected') and market_id in (select app.my_company_markets()))
      or market_id in (select app.my_facilitated_markets()))
  with check ((status in ('draft', 'submitted') and market_id in (select app.my_company_markets()))
           or market_id in (select app.my_facilitated_markets()));

create policy participant_exits_select_facilitator on app.participant_exits for select to authenticated
  using (participant_id in (select p.id from app.participants p where p.territory_id in (select app.my_facilitated_territories())));
create policy participant_exits_insert_facilitator on app.participant_exits for insert to authenticated
  with check (participant_id in (select p.id from app.participants p where p.territory_id in (select app.my_facilitated_territories())));
create policy participant_exits_update_facilitator on app.participant_exits for update to authenticated
  using (participant_id in (select p.id from app.participants p where p.territory_id in (select app.my_facilitated_territories())))
  with check (participant_id in (select p.id from app.participants p where p.territory_id in (select app.my_facilitated_territories())));

create trigger participants_audit after insert or update or delete on app.participants
  for each row execute function app.audit_row('columns_only');
create trigger participant_exits_audit after insert or update or delete on app.participant_exits
  for each row execute function app.audit_row('columns_only');
create trigger hour_declarations_audit after insert or update or delete on app.hour_declarations
  for each row execute function app.audit_row('with_values');

-- Save (create or update) one draft line of a company's monthly declaration, for a person on
-- the market: assigned to it, or with hour declarations on it already (participant_not_on_market;
-- the company reads both: policies market_assignments_select_company,
-- hour_declarations_select). Sub-contracting and co-contracting are declared as an
-- invoiced amount to an SIAE of the market's territory (siae_required, siae_invalid) and
-- converted with the territory's parameters: hours = amount_ht × labour_share / hourly_cost
-- (DOMAIN.md §5).
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
     and not exists (select 1 from app.hour_declarations d
                     where d.market_id = p_market_id and d.participant_id = p_participant_id and d.corrects_id is null) then
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

-- ---------------------------------------------------------------------------------------------
-- The facilitator's review
-- ---------------------------------------------------------------------------------------------

-- The facilitator validates or rejects (with a reason) what a company submitted, one line
-- (public.review_hour_declaration) or a whole month at once (public.review_month). A line may be
-- validated only when nothing below stops it (app.validation_blocker, the one rule both apply,
-- and that public.list_declarations shows on each line):
--   * sub-contracting and co-contracting lines, by the SIAE's confirmation of the amount:
--       - no SIAE named (a line saved before SIAE were required): refused (review_siae_missing);
--         the facilitator rejects it so that the company names the SIAE;
--       - disputed: refused (siae_disputed). The SIAE says the amount is wrong, and a validated
--         line is immutable (DOMAIN.md §8): validating it would freeze a figure one of the two
--         parties rejects;
--       - pending: refused too (review_siae_pending). Until 2026-12 a pending line could be
--         validated (the confirmation was seen as the SIAE's goodwill, with no deadline), but
--         the company's page tells it that the SIAE confirms first, and facilitators found hours
--         frozen on amounts nobody had confirmed (issue 12). The facilitator waits for the SIAE
--         (its dashboard lists the amounts to confirm) or rejects the line for the company to
--         correct it;
--       - confirmed: may be validated;
--   * the person's eligibility (DOMAIN.md §4: assessed by the facilitator at the first entry into
--     a clause): when it is not recorded as checked (participants.eligibility_checked_at), the
--     hours are refused (eligibility_unchecked) unless the territory allows it
--     (territories.validate_unchecked_eligibility, « Paramètres du territoire »). Either way the
--     list shows « Éligibilité à vérifier » on the line.
-- Rejecting is always possible, with a reason of 3 characters at least, which the company
-- receives by e-mail (app.notify_declaration_rejected). A refusal about one line names it: the
-- error's detail carries the person, the month and the market (app.declaration_line), which
-- src/server/errors.ts puts before the French message.

-- Why a line cannot be validated, as an error key, or null when it can. Inlined by the planner
-- (a single SQL expression): public.review_month applies it to every line in one statement.
create or replace function app.validation_blocker(
  p_realisation_mode text, p_employer_id uuid, p_siae_confirmation text,
  p_eligibility_checked boolean, p_unchecked_allowed boolean
) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when p_realisation_mode in ('subcontracting', 'co_contracting') and p_employer_id is null then 'review_siae_missing'
    when p_realisation_mode in ('subcontracting', 'co_contracting') and p_siae_confirmation = 'disputed' then 'siae_disputed'
    when p_realisation_mode in ('subcontracting', 'co_contracting') and p_siae_confirmation is distinct from 'confirmed' then 'review_siae_pending'
    when not coalesce(p_eligibility_checked, false) and not coalesce(p_unchecked_allowed, false) then 'eligibility_unchecked'
  end
$$;
grant execute on function app.validation_blocker(text, uuid, text, boolean, boolean) to authenticated, service_role;

-- The line an error is about, for its detail: {"person", "month", "market"} as JSON text, read
-- under the caller's row-level security (a line the caller cannot see gives null).
create or replace function app.declaration_line(p_declaration_id uuid) returns text
language sql stable
set search_path = ''
as $$
  select json_build_object('person', coalesce(p.first_name || ' ' || p.last_name, 'Participant'),
                           'month', to_char(d.month, 'YYYY-MM-DD'), 'market', m.title)::text
  from app.hour_declarations d
  join app.markets m on m.id = d.market_id
  left join app.participants p on p.id = d.participant_id
  where d.id = p_declaration_id
$$;
grant execute on function app.declaration_line(uuid) to authenticated, service_role;

-- One submitted line: validate it, or reject it with a reason.
create or replace function public.review_hour_declaration(p_declaration_id uuid, p_decision text, p_reason text default null)
returns text
language plpgsql
set search_path = ''
as $$
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
$$;
grant execute on function public.review_hour_declaration(uuid, text, text) to authenticated;

-- A month (or any scope) in one action and one transaction: every submitted line of the scope is
-- validated, except those of p_reject ([{id, reason}]), which are rejected with their reason.
-- Scope: the caller's facilitated territories, narrowed by a market, a company and a month (each
-- optional: none of them is « all pending »); p_line_ids, when given, is the list of lines the
-- facilitator had in front of them (the page's form), so that a line submitted meanwhile is not
-- validated unseen: only those lines are reviewed, and each must be in the scope.
-- All or nothing: a line that cannot be validated (app.validation_blocker), a rejection without a
-- reason, an unknown line, or a named line that is no longer waiting (the company took it back)
-- stops everything, naming the line. Idempotent: a line already in the state asked for (a retry
-- after a lost answer) is counted as unchanged, not reviewed again.
-- Set-based (two UPDATEs, whatever the number of lines): 2,000 lines stay well under the
-- statement timeout (test/integration/review-month.test.ts measures it).
-- Returns {"validated": n, "rejected": n, "unchanged": n}.
create or replace function public.review_month(
  p_market_id uuid default null,
  p_company_id uuid default null,
  p_month date default null,
  p_reject jsonb default '[]'::jsonb,
  p_line_ids uuid[] default null
) returns jsonb
language plpgsql
set search_path = ''
as $$
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
$$;
revoke execute on function public.review_month(uuid, uuid, date, jsonb, uuid[]) from public, anon;
grant execute on function public.review_month(uuid, uuid, date, jsonb, uuid[]) to authenticated;
comment on function public.review_month(uuid, uuid, date, jsonb, uuid[]) is
  'Valide en une fois les lignes transmises d''un mois (par marché, entreprise, ou toutes), sauf celles refusées avec leur motif ; tout ou rien.';

-- The people a company can declare hours for on a market: those it already declared there,
-- and those hired through a candidature to one of the market's offers.
-- ---------------------------------------------------------------------------------------------
-- API
-- ---------------------------------------------------------------------------------------------

-- The people on a market, for the company's monthly form and the facilitator's market page:
-- assigned to it, or with hour lines on it already (original lines: a counter-entry corrects a
-- line of the same person and market). SECURITY INVOKER: each caller sees the people their
-- row-level security lets them read (a buyer reads none).
create or replace function public.market_participants(p_market_id uuid)
returns table (id uuid, name text)
language sql stable
set search_path = ''
as $$
  select p.id, p.first_name || ' ' || p.last_name
  from (select d.participant_id from app.hour_declarations d where d.market_id = p_market_id and d.corrects_id is null
        union
        select a.participant_id from app.market_assignments a where a.market_id = p_market_id) on_market
  join app.participants p on p.id = on_market.participant_id
  order by p.last_name, p.first_name
$$;
grant execute on function public.market_participants(uuid) to authenticated;

-- The people of the caller's scope whose name contains p_search (case and accents ignored), for
-- the participants list. SECURITY DEFINER because row-level security keeps Postgres from using
-- an index for LIKE: its operator is not leakproof, so under a policy it is evaluated row by row
-- after the policy, on every person (1 s for 85,000 people). Here it runs on
-- participants_search_idx, scoped as participants_select is (the territory's facilitators, the
-- company of a market the person is on); the caller then reads the rows under its own policies.
create or replace function app.search_participants(p_search text) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select p.id from app.participants p
  where p.search_name like app.search_pattern(p_search)
    and (p.territory_id in (select app.my_facilitated_territories()) or p.id in (select app.my_company_participants()))
$$;
revoke execute on function app.search_participants(text) from public, anon;
grant execute on function app.search_participants(text) to authenticated, service_role;

-- The participants list, one page at a time: the people whose name contains p_search (case and
-- accents ignored, « eloise » finds « Éloïse »; null: everyone), of one territory or all the
-- caller's, in name order ending with the id (a complete, unique order: pages neither drop nor
-- repeat a person), p_limit from p_offset (p_limit null: all, for the export read page by page).
-- The page is taken first through participants_name_idx, or participants_search_idx when
-- searching (app.search_participants); then, for its people only, the hours validated read from the tally
-- (app.validated_person_year_hours: a row per market, employer and year, not per line) and the
-- markets they are on (assigned, or with validated hours there). The cost follows the page, not
-- the history. SECURITY INVOKER: each caller reads the people, assignments and hours their
-- row-level security lets them read, as before.
create or replace function public.list_participants(p_search text default null, p_limit int default 50, p_offset int default 0,
                                                    p_territory_slug text default null)
returns table (id uuid, first_name text, last_name text, territory_slug text, eligibility text[], eligibility_checked_at timestamptz,
               parcours_started_on date, parcours_ended_on date, hours_validated numeric, markets int)
language sql stable
set search_path = ''
as $$
  with page as (
    select p.id, p.territory_id, p.first_name, p.last_name, p.eligibility, p.eligibility_checked_at,
           p.parcours_started_on, p.parcours_ended_on
    from app.participants p
    where (nullif(btrim(p_search), '') is null or p.id in (select app.search_participants(p_search)))
      and (p_territory_slug is null or p.territory_id = (select t.id from app.territories t where t.slug = p_territory_slug))
    order by p.last_name, p.first_name, p.id
    limit p_limit offset greatest(coalesce(p_offset, 0), 0)
  )
  select p.id, p.first_name, p.last_name, t.slug, p.eligibility, p.eligibility_checked_at, p.parcours_started_on, p.parcours_ended_on,
         coalesce((select sum(v.hours) from app.validated_person_year_hours v where v.participant_id = p.id), 0),
         (select count(*)::int from (select a.market_id from app.market_assignments a where a.participant_id = p.id
                                     union
                                     select v.market_id from app.validated_person_year_hours v
                                     where v.participant_id = p.id and v.lines > 0) m)
  from page p
  join app.territories t on t.id = p.territory_id
  order by p.last_name, p.first_name, p.id
$$;
grant execute on function public.list_participants(text, int, int, text) to authenticated;

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
    -- Hours and amounts are JSON numbers: a string would be cast by numeric's own input, which
    -- takes what no form sends ('0x10' is 16, '1_000', 'NaN', 'Infinity').
    if jsonb_typeof(line) is distinct from 'object'
       or coalesce(jsonb_typeof(line -> 'hours'), 'null') not in ('number', 'null') then
      perform app.fail('22023', 'hours_invalid');
    end if;
    if coalesce(jsonb_typeof(line -> 'invoiced_amount_ht'), 'null') not in ('number', 'null') then
      perform app.fail('22023', 'invoiced_amount_required');
    end if;
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

-- ---------------------------------------------------------------------------------------------
-- SIAE confirmation of sub-contracted amounts
-- ---------------------------------------------------------------------------------------------

-- The two SIAE functions are SECURITY DEFINER: the SIAE has no policy on markets, organisations
-- or participants, and no UPDATE policy on hour_declarations, and a policy on markets that reads
-- hour_declarations would recurse (hour_declarations' policies read markets). Each has a fixed
-- search_path and a narrow check: the caller is an SIAE member of the line's employer
-- organisation (who may call them: test/integration/siae-confirmation.test.ts).

-- The sub-contracting and co-contracting lines whose employer is one of the caller's SIAE, with
-- the market, the company and the amount it declared. SECURITY DEFINER (see above): it
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

-- The participant a hired candidature became (declared with app.candidatures, which comes first).
alter table app.candidatures add constraint candidatures_participant_id_fkey
  foreign key (participant_id) references app.participants (id) on delete set null;

-- Sub-contracting and co-contracting lines name their SIAE (DOMAIN.md §5, §8).
--
-- A company declares sub-contracting or co-contracting to an SIAE (EA, ESAT included) as an
-- invoiced amount, converted into hours with the territory's parameters; the SIAE named on the
-- line confirms the amount or disputes it (public.confirm_subcontracting). Hence:
--   * a company reads the SIAE organisations of the territories where it holds a market (RLS
--     policy), listed for a market by public.list_market_siae (SECURITY INVOKER);
--   * every sub-contracting or co-contracting line saved names an SIAE of the market's territory
--     (siae_required, siae_invalid); a re-save naming none keeps the line's SIAE, and a draft
--     line naming none cannot be submitted;
--   * the SIAE's confirmation goes back to pending only when the amount or the SIAE changes
--     (trigger), so re-saving a month unchanged keeps the confirmations already given;
--   * the facilitator validates a line only once the SIAE confirmed its amount (see the review);
--   * public.list_declarations shows the SIAE, its confirmation and its dispute reason.
-- Errors are app.fail keys mapped in src/server/errors.ts. Who may call what:
-- test/integration/subcontracting.test.ts.

-- ---------------------------------------------------------------------------------------------
-- Which SIAE a company may name
-- ---------------------------------------------------------------------------------------------

-- A company sees the SIAE of every territory where it holds a market, to pick the one it
-- sub-contracts to: a branch of organisations_select (03_markets_and_offers.sql).

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
-- The lines the caller may read (row-level security decides), filtered by status, market, month
-- or one line, with the SIAE and its confirmation, whether the person's eligibility is recorded
-- as checked, and, for a submitted line, why it cannot be validated (app.validation_blocker: an
-- error key, null when it can).
create or replace function public.list_declarations(p_status text default null, p_market_id uuid default null, p_month date default null,
                                                    p_declaration_id uuid default null)
returns table (
  id uuid, market_id uuid, market_title text, company_name text, participant_id uuid, participant_name text,
  month date, realisation_mode text, hours numeric, invoiced_amount_ht numeric, status text, rejection_reason text,
  submitted_at timestamptz, validated_at timestamptz,
  employer_id uuid, employer_name text, siae_confirmation text, siae_confirmation_reason text,
  company_id uuid, eligibility_checked boolean, validation_blocker text
)
language sql stable
set search_path = ''
as $$
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
$$;
grant execute on function public.list_declarations(text, uuid, date, uuid) to authenticated;

-- Which people work on which market (DOMAIN.md §8): the facilitator assigns participants to a
-- market, and a hire on one of the market's offers assigns the person to it.
--   * app.market_assignments is written by the territory's facilitators
--     (public.assign_participant, public.unassign_participant) and by app.apply_hire;
--   * "on a market" means assigned to it, or with hour declarations on it already (lines declared
--     before assignments existed stay valid): public.market_participants lists those people,
--     the company reads them (policy participants_select), and
--     public.save_hour_declaration refuses anyone else (participant_not_on_market).
-- Errors are app.fail keys mapped in src/server/errors.ts. Who may call what:
-- test/integration/market-assignments.test.ts.

-- ---------------------------------------------------------------------------------------------
-- Table
-- ---------------------------------------------------------------------------------------------

create table app.market_assignments (
  market_id uuid not null references app.markets (id) on delete cascade,
  participant_id uuid not null references app.participants (id) on delete cascade,
  assigned_on date not null default current_date,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (market_id, participant_id),
  id uuid not null default gen_random_uuid() unique
);
comment on column app.market_assignments.assigned_on is 'Date de l''affectation au marché.';
comment on column app.market_assignments.created_by is 'Compte qui a affecté la personne (facilitateur, ou entreprise qui a recruté sur une offre du marché).';
comment on column app.market_assignments.id is 'Identifiant de l''affectation (journal d''audit).';
create index market_assignments_participant_idx on app.market_assignments (participant_id);
create index market_assignments_created_by_idx on app.market_assignments (created_by);
comment on table app.market_assignments is 'Affectation d''un participant à un marché : l''entreprise titulaire peut déclarer ses heures sur ce marché. Faite par le facilitateur du territoire, ou à l''embauche sur une offre du marché.';

-- A participant is assigned only to a market of their own territory, whoever writes the row.
-- SECURITY INVOKER: a facilitator reads the participants and markets of their territories only,
-- so an unknown or invisible participant is refused the same way.
create or replace function app.check_market_assignment() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from app.participants p join app.markets m on m.territory_id = p.territory_id
                 where p.id = new.participant_id and m.id = new.market_id) then
    perform app.fail('22023', 'participant_not_in_territory');
  end if;
  return new;
end;
$$;
grant execute on function app.check_market_assignment() to authenticated, service_role;
create trigger market_assignments_territory before insert or update on app.market_assignments
  for each row execute function app.check_market_assignment();

-- Row-level security. The policies read markets only (whose policies call only the SECURITY
-- DEFINER helpers), never participants: app.my_company_participants reads this table, and a
-- policy here reading participants would recurse.
alter table app.market_assignments enable row level security;
grant select, insert, delete on app.market_assignments to authenticated;

create policy market_assignments_select on app.market_assignments for select to authenticated
  using (market_id in (select app.my_facilitated_markets())                -- the territory's facilitators
      or market_id in (select app.my_company_markets())                    -- the market's company
      or market_id in (select app.my_buyer_markets()));                    -- the market's buyer
create policy market_assignments_insert_facilitator on app.market_assignments for insert to authenticated
  with check (market_id in (select app.my_facilitated_markets()));
create policy market_assignments_delete_facilitator on app.market_assignments for delete to authenticated
  using (market_id in (select app.my_facilitated_markets()));

-- The people on the caller's company's markets: assigned there, or with hour lines there.
-- SECURITY DEFINER like the helpers above, so that participants_select evaluates it once per
-- query rather than reading lines and assignments under their own policies for each person.
-- Original lines only (corrects_id is null: a counter-entry corrects a line of the same person
-- and market), read from the index hour_declarations_line_key alone.
create or replace function app.my_company_participants() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select a.participant_id from app.market_assignments a where a.market_id in (select app.my_company_markets())
  union
  select d.participant_id from app.hour_declarations d
  where d.market_id in (select app.my_company_markets()) and d.corrects_id is null
$$;
revoke execute on function app.my_company_participants() from public, anon;
grant execute on function app.my_company_participants() to authenticated, service_role;

create policy participants_select on app.participants for select to authenticated
  using (territory_id in (select app.my_facilitated_territories())         -- the territory's facilitators
      or id in (select app.my_company_participants()));                    -- the company of a market they are on

-- The territory's facilitator assigns a participant of the territory to a running or draft
-- market. Assigning again changes nothing.
create or replace function public.assign_participant(p_market_id uuid, p_participant_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_status text;
begin
  select m.status into v_status from app.markets m
  where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories());
  if v_status is null then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if v_status = 'closed' then
    perform app.fail('55000', 'market_closed');
  end if;
  -- The participant's territory is checked by the trigger app.check_market_assignment.
  insert into app.market_assignments (market_id, participant_id, assigned_on, created_by)
  values (p_market_id, p_participant_id, current_date, (select auth.uid()))
  on conflict (market_id, participant_id) do nothing;
end;
$$;
grant execute on function public.assign_participant(uuid, uuid) to authenticated;

-- The territory's facilitator removes an assignment made by mistake. Refused once the person
-- has hour declarations on the market (whatever their status): they stay on the market.
-- Removing an assignment that does not exist changes nothing.
create or replace function public.unassign_participant(p_market_id uuid, p_participant_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from app.markets m
                 where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories())) then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if exists (select 1 from app.hour_declarations d where d.market_id = p_market_id and d.participant_id = p_participant_id) then
    perform app.fail('55000', 'assignment_has_hours');
  end if;
  delete from app.market_assignments a where a.market_id = p_market_id and a.participant_id = p_participant_id;
end;
$$;
grant execute on function public.unassign_participant(uuid, uuid) to authenticated;

create trigger market_assignments_audit after insert or update or delete on app.market_assignments
  for each row execute function app.audit_row('with_values');

-- E-mails about hour declarations, through the outbox (sent by the worker, with retries):
--   * declaration_rejected: when the facilitator refuses a line, the company's contact address
--     learns which market and month, and why, in the same transaction as the refusal;
--   * declaration_reminder: early each month, a running market on which nothing was declared for
--     the month before (the « déclarations en retard » of the facilitator's dashboard) gets one
--     reminder to its company, queued by public.queue_declaration_reminders, which the scheduled
--     function netlify/functions/declaration-reminders.mts calls with the service role.
-- No participant's name in them (DOMAIN.md §11): the company reads its lines in its space.

-- A refused line: one e-mail per refusal (a line refused again after correction gets another;
-- the transaction's time makes the key unique).
create or replace function app.notify_declaration_rejected() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v record;
begin
  if new.status <> 'rejected' or old.status = 'rejected' then
    return null;
  end if;
  select m.title, c.contact_email into v
  from app.markets m left join app.organisations c on c.id = m.company_id
  where m.id = new.market_id;
  if v.contact_email is not null then
    insert into app.outbox (template, recipient, payload, dedupe_key)
    values ('declaration_rejected', v.contact_email,
      jsonb_build_object('market', v.title, 'market_id', new.market_id, 'month', to_char(new.month, 'YYYY-MM'),
                         'reason', new.rejection_reason),
      'rejected:' || new.id || ':' || now());
  end if;
  return null;
end;
$$;
grant execute on function app.notify_declaration_rejected() to authenticated, service_role;
create trigger hour_declarations_notify_rejected after update of status on app.hour_declarations
  for each row execute function app.notify_declaration_rejected();

-- Reminders for the month before p_today's month: one per market and month however often it
-- runs (dedupe key). Returns how many were queued. Service role only (the scheduled function).
create or replace function public.queue_declaration_reminders(p_today date default current_date) returns int
language plpgsql
set search_path = ''
as $$
declare
  v_month date := (date_trunc('month', p_today) - interval '1 month')::date;
  queued int;
begin
  insert into app.outbox (template, recipient, payload, dedupe_key)
  select 'declaration_reminder', c.contact_email,
         jsonb_build_object('market', m.title, 'market_id', m.id, 'month', to_char(v_month, 'YYYY-MM'), 'territory', t.name),
         'reminder:' || m.id || ':' || to_char(v_month, 'YYYY-MM')
  from app.markets m
  join app.organisations c on c.id = m.company_id
  join app.territories t on t.id = m.territory_id
  where m.status = 'running' and c.contact_email is not null
    and coalesce(m.starts_on, v_month) <= v_month and coalesce(m.ends_on, v_month) >= v_month
    and not exists (select 1 from app.hour_declarations d where d.market_id = m.id and d.month = v_month)
  on conflict (dedupe_key) do nothing;
  get diagnostics queued = row_count;
  return queued;
end;
$$;
revoke execute on function public.queue_declaration_reminders(date) from public, anon, authenticated;
grant execute on function public.queue_declaration_reminders(date) to service_role;

-- The markets a participant is on (assigned, or with hours declared there), for the parcours
-- section of the participant's file: when, with which company, and the hours validated on each.
-- SECURITY INVOKER: the row-level security of markets, assignments and declarations decides.
create or replace function public.participant_markets(p_participant_id uuid)
returns table (market_id uuid, title text, company_name text, market_status text, assigned_on date, hours_validated numeric)
language sql stable
set search_path = ''
as $$
  with on_market as (
    select a.market_id, a.assigned_on from app.market_assignments a where a.participant_id = p_participant_id
    union
    select d.market_id, null::date from app.hour_declarations d where d.participant_id = p_participant_id
  )
  select m.id, m.title, c.name, m.status, max(o.assigned_on),
         coalesce((select sum(d.hours) from app.hour_declarations d
                   where d.market_id = m.id and d.participant_id = p_participant_id and d.status = 'validated'), 0)
  from on_market o
  join app.markets m on m.id = o.market_id
  left join app.organisations c on c.id = m.company_id
  group by m.id, m.title, c.name, m.status
  order by max(o.assigned_on) nulls last, m.title
$$;
grant execute on function public.participant_markets(uuid) to authenticated;

-- The longest parcours of a participant's territory (DOMAIN.md §4, rule parameter
-- parcours_max_months): the participant's file shows until when the eligibility assessed at
-- entry holds (src/domain/parcours.ts) and flags a parcours past its term. SECURITY INVOKER:
-- row-level security on participants decides who may ask (the territory's facilitator).
create or replace function public.participant_parcours_months(p_participant_id uuid) returns int
language sql stable
set search_path = ''
as $$
  select t.parcours_max_months
  from app.participants p join app.territories t on t.id = p.territory_id
  where p.id = p_participant_id
$$;
revoke execute on function public.participant_parcours_months(uuid) from public, anon;
grant execute on function public.participant_parcours_months(uuid) to authenticated;

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
  updated_at timestamptz not null default now()
);
create index participants_territory_idx on app.participants (territory_id);
comment on table app.participants is 'Personne recrutée sur une clause : faits d''éligibilité (déclaratifs, vérifiés par le facilitateur), parcours.';
comment on column app.participants.eligibility is 'Critères d''éligibilité retenus à l''entrée dans le parcours.';
comment on column app.participants.birth_year is 'Année de naissance seule (jeunes de moins de 26 ans, seniors de 50 ans et plus).';
comment on column app.participants.qualification_level is 'Niveau de qualification (nomenclature 2019) : infra 3, 3 (CAP/BEP), 4 (bac), 5 et plus.';
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
create unique index hour_declarations_line_key on app.hour_declarations (market_id, participant_id, month, realisation_mode)
  where corrects_id is null;
create index hour_declarations_status_idx on app.hour_declarations (status);
comment on table app.hour_declarations is 'Heures d''insertion déclarées par l''entreprise, par participant, marché et mois ; validées par le facilitateur.';
comment on column app.hour_declarations.realisation_mode is 'Mode de réalisation : embauche directe, intérim, mise à disposition (ETTI, AI, GEIQ), sous-traitance ou co-traitance (SIAE, EA, ESAT), formation.';
comment on column app.hour_declarations.invoiced_amount_ht is 'Montant facturé HT en sous-traitance, converti en heures avec les paramètres du territoire.';
comment on column app.hour_declarations.corrects_id is 'Contre-écriture : ligne validée que celle-ci corrige (une ligne validée est immuable).';
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
comment on table app.participant_exits is 'Situation d''un participant en fin de parcours, à 6 et à 12 mois.';
comment on column app.participant_exits.category is 'Emploi durable, emploi de transition, sortie positive (ensemble : sorties dynamiques), ou autre.';

alter table app.participants enable row level security;
alter table app.hour_declarations enable row level security;
alter table app.participant_exits enable row level security;

grant select, insert, update on app.participants, app.hour_declarations, app.participant_exits to authenticated;

-- Participants: the territory's facilitators; a company sees the people it declared hours for.
create policy participants_select_facilitator on app.participants for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy participants_insert_facilitator on app.participants for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy participants_update_facilitator on app.participants for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

-- Declarations: the market's company writes drafts and submits; the territory's facilitators
-- validate or reject; the employing SIAE reads (and confirms sub-contracting amounts).
create policy hour_declarations_select_facilitator on app.hour_declarations for select to authenticated
  using (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy hour_declarations_select_company on app.hour_declarations for select to authenticated
  using (market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy hour_declarations_select_buyer on app.hour_declarations for select to authenticated
  using (market_id in (select m.id from app.markets m where m.buyer_id in (select app.my_organisations())));
create policy hour_declarations_select_siae on app.hour_declarations for select to authenticated
  using (employer_id in (select app.my_organisations()));
create policy hour_declarations_insert_company on app.hour_declarations for insert to authenticated
  with check (status in ('draft', 'submitted')
    and market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy hour_declarations_update_company on app.hour_declarations for update to authenticated
  using (status in ('draft', 'submitted', 'rejected')
    and market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())))
  with check (status in ('draft', 'submitted')
    and market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy hour_declarations_insert_facilitator on app.hour_declarations for insert to authenticated
  with check (corrects_id is not null
    and market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy hour_declarations_update_facilitator on app.hour_declarations for update to authenticated
  using (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())))
  with check (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));

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

-- The participant a hired candidature became (declared with app.candidatures, which comes first).
alter table app.candidatures add constraint candidatures_participant_id_fkey
  foreign key (participant_id) references app.participants (id) on delete set null;
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
-- Which people work on which market (DOMAIN.md §8): the facilitator assigns participants to a
-- market, and a hire on one of the market's offers assigns the person to it.
--
-- Until now the people a company could declare hours for on a market were those it had already
-- declared hours for there: a person newly hired, or a participant created by the facilitator,
-- could never get a first line; and public.save_hour_declaration accepted any participant id,
-- which then made that person readable by the company (policy participants_select_company).
-- This migration:
--   * adds app.market_assignments, written by the territory's facilitators
--     (public.assign_participant, public.unassign_participant) and by app.apply_hire;
--   * defines "on a market" as assigned to it, or with hour declarations on it already (the lines
--     declared before this migration stay valid): public.market_participants lists those people,
--     the company reads them (policy participants_select_company), and
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
create index market_assignments_participant_idx on app.market_assignments (participant_id);
comment on table app.market_assignments is 'Affectation d''un participant à un marché : l''entreprise titulaire peut déclarer ses heures sur ce marché. Faite par le facilitateur du territoire, ou à l''embauche sur une offre du marché.';
comment on column app.market_assignments.assigned_on is 'Date de l''affectation au marché.';
comment on column app.market_assignments.created_by is 'Compte qui a affecté la personne (facilitateur, ou entreprise qui a recruté sur une offre du marché).';

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
-- DEFINER helpers), never participants: participants_select_company reads this table, and a
-- policy here reading participants would recurse.
alter table app.market_assignments enable row level security;
grant select, insert, delete on app.market_assignments to authenticated;

create policy market_assignments_select_facilitator on app.market_assignments for select to authenticated
  using (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy market_assignments_select_company on app.market_assignments for select to authenticated
  using (market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy market_assignments_select_buyer on app.market_assignments for select to authenticated
  using (market_id in (select m.id from app.markets m where m.buyer_id in (select app.my_organisations())));
create policy market_assignments_insert_facilitator on app.market_assignments for insert to authenticated
  with check (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy market_assignments_delete_facilitator on app.market_assignments for delete to authenticated
  using (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy participants_select_company on app.participants for select to authenticated
  using (id in (select d.participant_id from app.hour_declarations d
                join app.markets m on m.id = d.market_id
                where m.company_id in (select app.my_organisations()))
      or id in (select a.participant_id from app.market_assignments a
                join app.markets m on m.id = a.market_id
                where m.company_id in (select app.my_organisations())));

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

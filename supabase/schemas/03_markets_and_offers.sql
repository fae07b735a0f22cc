-- Markets and offers: operations, markets with a social clause (created by hand or imported from
-- the DECP), and their job offers.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Operations, markets with a social clause, and the job offers they create.

create table app.operations (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references app.territories (id),
  name text not null,
  description text not null default '',
  project_owner_id uuid references app.organisations (id),
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);
create index operations_territory_idx on app.operations (territory_id);
create index operations_project_owner_idx on app.operations (project_owner_id);
comment on table app.operations is 'Opération ou chantier regroupant plusieurs marchés (ex. grand chantier EPR2 de Penly).';

create table app.markets (
  id uuid primary key default gen_random_uuid(),
  territory_id uuid not null references app.territories (id),
  operation_id uuid references app.operations (id),
  buyer_id uuid not null references app.organisations (id),
  company_id uuid references app.organisations (id),
  title text not null check (length(title) between 3 and 300),
  reference text,
  clause_type text not null check (clause_type in (
    'execution_condition', 'reserved_disability', 'reserved_siae', 'insertion_market', 'award_criterion')),
  market_kind text not null default 'works' check (market_kind in ('works', 'services', 'supplies')),
  cpv_code text,
  estimated_amount_ht numeric(14,2) check (estimated_amount_ht is null or estimated_amount_ht >= 0),
  labour_share numeric(4,3) check (labour_share is null or (labour_share > 0 and labour_share <= 1)),
  insertion_rate numeric(4,3) check (insertion_rate is null or (insertion_rate > 0 and insertion_rate <= 1)),
  hourly_cost numeric(8,2) check (hourly_cost is null or hourly_cost > 0),
  hours_due numeric(10,2) check (hours_due is null or hours_due >= 0),
  hours_due_overridden boolean not null default false,
  starts_on date,
  ends_on date,
  notified_on date,
  status text not null default 'running' check (status in ('draft', 'running', 'closed')),
  decp_id text unique,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on is null or starts_on is null or ends_on >= starts_on)
);
comment on column app.markets.clause_type is 'Levier juridique : condition d''exécution (L2112-2), marché réservé EA/ESAT (L2113-12), marché réservé SIAE (L2113-13), marché d''insertion (R2123-1 3°), critère d''attribution (L2152-7).';
comment on column app.markets.hours_due is 'Heures d''insertion dues : montant HT × part de main-d''œuvre × taux d''insertion ÷ coût horaire chargé, sauf saisie manuelle ; null si non communiqué.';
comment on column app.markets.decp_id is 'Identifiant du marché dans les données essentielles de la commande publique (DECP).';
create index markets_territory_idx on app.markets (territory_id);
create index markets_buyer_idx on app.markets (buyer_id);
create index markets_company_idx on app.markets (company_id);
create index markets_operation_idx on app.markets (operation_id);
comment on table app.markets is 'Marché (public ou privé) comportant une clause sociale.';
create trigger markets_touch before update on app.markets for each row execute function app.touch_updated_at();

create table app.job_offers (
  id uuid primary key default gen_random_uuid(),
  market_id uuid not null references app.markets (id),
  territory_id uuid not null references app.territories (id),
  trade text not null check (length(trade) between 2 and 200),
  rome_code text check (rome_code is null or rome_code ~ '^[A-N][0-9]{4}$'),
  description text not null default '',
  place text not null,
  contract_type text not null check (contract_type in (
    'cdi', 'cdd', 'interim', 'contrat_pro', 'apprentissage', 'cddi', 'mise_a_disposition')),
  hours_per_week numeric(4,1) check (hours_per_week is null or hours_per_week between 1 and 48),
  duration_weeks int check (duration_weeks is null or duration_weeks > 0),
  positions int not null default 1 check (positions > 0),
  starts_on date,
  company_anonymous boolean not null default false,
  company_public_name text,
  status text not null default 'draft' check (status in ('draft', 'published', 'closed')),
  published_at timestamptz,
  closes_on date,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  idempotency_key uuid unique
);
comment on column app.job_offers.company_anonymous is 'L''entreprise demande à rester anonyme : l''offre affiche « entreprise du secteur ».';
comment on column app.job_offers.company_public_name is 'Nom de l''entreprise affiché sur l''offre publiée (copié à la publication).';
comment on column app.job_offers.idempotency_key is 'Clé du formulaire de création : un envoi répété ne crée pas une seconde offre.';
create index job_offers_territory_idx on app.job_offers (territory_id, status);
create index job_offers_market_idx on app.job_offers (market_id);
comment on table app.job_offers is 'Offre d''emploi créée par une clause, publiée par le facilitateur.';
create trigger job_offers_touch before update on app.job_offers for each row execute function app.touch_updated_at();

-- Keep an offer's territory equal to its market's.
create or replace function app.job_offer_territory() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  select territory_id into new.territory_id from app.markets where id = new.market_id;
  return new;
end;
$$;
create trigger job_offers_territory before insert or update of market_id on app.job_offers
  for each row execute function app.job_offer_territory();

alter table app.operations enable row level security;
alter table app.markets enable row level security;
alter table app.job_offers enable row level security;

grant select on app.operations, app.markets, app.job_offers to authenticated;
grant insert, update on app.operations, app.markets, app.job_offers to authenticated;
grant select on app.job_offers to anon;

-- One permissive policy per role and command (Postgres ORs permissive policies anyway; one
-- expression is what Supabase's linter asks for and is planned once). Each branch names who it
-- is for.
create policy operations_select on app.operations for select to authenticated
  using (territory_id in (select app.my_facilitated_territories())          -- the territory's facilitators
      or id in (select m.operation_id from app.markets m                     -- its markets' buyer and company
               where m.buyer_id in (select app.my_organisations()) or m.company_id in (select app.my_organisations())));
create policy operations_insert_facilitator on app.operations for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy operations_update_facilitator on app.operations for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

create policy markets_select on app.markets for select to authenticated
  using (territory_id in (select app.my_facilitated_territories())          -- the territory's facilitators
      or buyer_id in (select app.my_organisations())                        -- its buyer
      or company_id in (select app.my_organisations()));                    -- its company
create policy markets_insert_facilitator on app.markets for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy markets_update_facilitator on app.markets for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

-- The markets the caller works on, by capacity. SECURITY DEFINER like app.my_organisations():
-- the policies of the tables hanging off a market (hour lines, assignments, offers) call them
-- once per query (a hashed set) instead of reading markets under markets' own policy for each
-- of their rows. Each returns only the caller's own scope.
create or replace function app.my_facilitated_markets() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())
$$;
create or replace function app.my_company_markets() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.id from app.markets m where m.company_id in (select app.my_organisations())
$$;
create or replace function app.my_buyer_markets() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.id from app.markets m where m.buyer_id in (select app.my_organisations())
$$;
revoke execute on function app.my_facilitated_markets(), app.my_company_markets(), app.my_buyer_markets() from public, anon;
grant execute on function app.my_facilitated_markets(), app.my_company_markets(), app.my_buyer_markets() to authenticated, service_role;

create policy job_offers_select on app.job_offers for select to authenticated
  using (status = 'published'                                               -- anyone signed in: published offers
      or territory_id in (select app.my_facilitated_territories())          -- the territory's facilitators
      or market_id in (select app.my_company_markets()));                   -- the market's company
create policy job_offers_insert_facilitator on app.job_offers for insert to authenticated
  with check (market_id in (select app.my_facilitated_markets()));
create policy job_offers_update_facilitator on app.job_offers for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (market_id in (select app.my_facilitated_markets()));

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
         coalesce(h.submitted, 0), coalesce(h.validated, 0),
         m.starts_on, m.ends_on, m.status
  from app.markets m
  join app.territories t on t.id = m.territory_id
  left join lateral (
    select sum(x.hours) filter (where x.status = 'submitted') as submitted, sum(x.hours) filter (where x.status = 'validated') as validated
    from app.market_month_hours x where x.market_id = m.id
  ) h on true
  left join app.operations op on op.id = m.operation_id
  left join app.organisations b on b.id = m.buyer_id
  left join app.organisations c on c.id = m.company_id
  order by m.starts_on desc nulls last, m.title, m.id
$$;
grant execute on function public.list_markets() to authenticated;

create policy job_offers_select_anon on app.job_offers for select to anon
  using (status in ('published', 'closed'));

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

-- Markets and their job offers, run by the territory's facilitator: read one market with its
-- offers, edit it, close it (its published offers close with it), create an offer (once per
-- idempotency key), publish or close an offer. SECURITY INVOKER: RLS decides who may do what
-- (markets_update_facilitator, job_offers_insert_facilitator, job_offers_update_facilitator).

-- Who reads an organisation, in one policy (it needs markets, hence here rather than beside the
-- table in 01_territories_and_organisations.sql):
--   * its members, and the facilitators of its territory;
--   * the buyer and the company of a market the caller may read are named to each other (an
--     organisation's name and SIRET are public facts of the contract, not personal data);
--   * a company reads the SIAE (EA and ESAT included) of the territories of its markets, to name
--     the one it sub-contracts to. SIAE are public structures (their name, SIRET and kind are
--     listed in public directories); no person's data is involved.
-- The subqueries read markets, whose policy calls only the SECURITY DEFINER helpers, never
-- organisations: no recursion.
create policy organisations_select on app.organisations for select to authenticated
  using (id in (select app.my_organisations())
      or territory_id in (select app.my_facilitated_territories())
      or id in (select m.buyer_id from app.markets m) or id in (select m.company_id from app.markets m)
      or (kind = 'siae'
          and territory_id in (select m.territory_id from app.markets m where m.company_id in (select app.my_organisations())))
      or (kind = 'facilitation_service' and (select app.is_deployment_admin())));  -- the administrator: every territory's facilitation service

-- One market and its offers, for whoever may read the market (facilitator, buyer, company).
create or replace function public.get_market(p_market_id uuid) returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'id', m.id, 'title', m.title, 'reference', m.reference, 'status', m.status, 'clause_type', m.clause_type,
    'territory_slug', t.slug, 'buyer_id', m.buyer_id, 'buyer_name', b.name, 'company_id', m.company_id, 'company_name', c.name,
    'estimated_amount_ht', m.estimated_amount_ht, 'labour_share', m.labour_share, 'insertion_rate', m.insertion_rate,
    'hourly_cost', m.hourly_cost, 'hours_due', m.hours_due, 'hours_due_overridden', m.hours_due_overridden,
    'starts_on', m.starts_on, 'ends_on', m.ends_on, 'decp_id', m.decp_id,
    'hours_validated', coalesce((select sum(x.hours) from app.market_month_hours x where x.market_id = m.id and x.status = 'validated'), 0),
    'offers', coalesce((select json_agg(json_build_object(
        'id', o.id, 'trade', o.trade, 'place', o.place, 'contract_type', o.contract_type, 'hours_per_week', o.hours_per_week,
        'duration_weeks', o.duration_weeks, 'positions', o.positions, 'starts_on', o.starts_on, 'closes_on', o.closes_on,
        'company_anonymous', o.company_anonymous, 'status', o.status, 'published_at', o.published_at,
        'candidatures', (select count(*) from app.candidatures k where k.job_offer_id = o.id))
        order by o.created_at)
      from app.job_offers o where o.market_id = m.id), '[]'))
  from app.markets m
  join app.territories t on t.id = m.territory_id
  left join app.organisations b on b.id = m.buyer_id
  left join app.organisations c on c.id = m.company_id
  where m.id = p_market_id
$$;
grant execute on function public.get_market(uuid) to authenticated;

-- Edit a running or draft market. Hours due follow the sizing rule unless given (overridden).
create or replace function public.update_market(
  p_market_id uuid, p_title text, p_clause_type text, p_company_id uuid default null,
  p_estimated_amount_ht numeric default null, p_labour_share numeric default null, p_insertion_rate numeric default null,
  p_hourly_cost numeric default null, p_hours_due numeric default null, p_starts_on date default null, p_ends_on date default null
) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_status text;
  v_hours numeric;
begin
  select m.status into v_status from app.markets m
  where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories());
  if v_status is null then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if v_status = 'closed' then
    perform app.fail('55000', 'market_closed');
  end if;
  if p_company_id is not null and not exists (select 1 from app.organisations o where o.id = p_company_id and o.kind in ('company', 'siae')) then
    perform app.fail('22023', 'company_invalid');
  end if;
  if p_ends_on is not null and p_starts_on is not null and p_ends_on < p_starts_on then
    perform app.fail('22023', 'market_dates_invalid');
  end if;
  if p_hours_due is not null then
    v_hours := p_hours_due;
  elsif p_estimated_amount_ht is not null and p_labour_share is not null and p_insertion_rate is not null and p_hourly_cost is not null then
    v_hours := floor(p_estimated_amount_ht * p_labour_share * p_insertion_rate / p_hourly_cost);
  end if;
  update app.markets set
    title = p_title, clause_type = p_clause_type, company_id = p_company_id, estimated_amount_ht = p_estimated_amount_ht,
    labour_share = p_labour_share, insertion_rate = p_insertion_rate, hourly_cost = p_hourly_cost,
    hours_due = v_hours, hours_due_overridden = p_hours_due is not null, starts_on = p_starts_on, ends_on = p_ends_on,
    updated_at = now()
  where id = p_market_id;
end;
$$;
grant execute on function public.update_market(uuid, text, text, uuid, numeric, numeric, numeric, numeric, numeric, date, date) to authenticated;

-- Close a market: no more hours can be declared on it; its published offers close too.
-- Closing a closed market changes nothing (a replayed click is harmless).
create or replace function public.close_market(p_market_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from app.markets m where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories())) then
    perform app.fail('P0002', 'market_not_found');
  end if;
  update app.markets set status = 'closed', updated_at = now() where id = p_market_id and status <> 'closed';
  update app.job_offers set status = 'closed', updated_at = now() where market_id = p_market_id and status <> 'closed';
end;
$$;
grant execute on function public.close_market(uuid) to authenticated;

-- A new job offer on a market of the facilitator's territory, published at once or kept as a draft.
-- The same idempotency key returns the offer already created and writes nothing.
create or replace function public.create_job_offer(
  p_market_id uuid, p_idempotency_key uuid, p_trade text, p_place text, p_contract_type text,
  p_description text default '', p_hours_per_week numeric default null, p_duration_weeks int default null,
  p_positions int default 1, p_starts_on date default null, p_closes_on date default null,
  p_company_anonymous boolean default false, p_publish boolean default false
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_market record;
  v_id uuid;
begin
  select o.id into v_id from app.job_offers o where o.idempotency_key = p_idempotency_key;
  if v_id is not null then
    return v_id;
  end if;
  select m.id, m.territory_id, m.status, c.name as company_name into v_market
  from app.markets m left join app.organisations c on c.id = m.company_id
  where m.id = p_market_id and m.territory_id in (select app.my_facilitated_territories());
  if v_market.id is null then
    perform app.fail('P0002', 'market_not_found');
  end if;
  if v_market.status = 'closed' then
    perform app.fail('55000', 'market_closed');
  end if;
  if length(coalesce(trim(p_trade), '')) < 2 then
    perform app.fail('22023', 'offer_trade_required');
  end if;
  if length(coalesce(trim(p_place), '')) < 2 then
    perform app.fail('22023', 'offer_place_required');
  end if;
  if p_closes_on is not null and p_closes_on < current_date then
    perform app.fail('22023', 'offer_closes_in_past');
  end if;
  insert into app.job_offers (market_id, territory_id, trade, place, contract_type, description, hours_per_week,
    duration_weeks, positions, starts_on, closes_on, company_anonymous, company_public_name, status, published_at, idempotency_key)
  values (p_market_id, v_market.territory_id, trim(p_trade), trim(p_place), p_contract_type, coalesce(p_description, ''),
    p_hours_per_week, p_duration_weeks, coalesce(p_positions, 1), p_starts_on, p_closes_on, coalesce(p_company_anonymous, false),
    v_market.company_name, case when p_publish then 'published' else 'draft' end, case when p_publish then now() end,
    p_idempotency_key)
  on conflict (idempotency_key) do nothing
  returning id into v_id;
  if v_id is null then -- a concurrent submission of the same form won the insert
    select o.id into v_id from app.job_offers o where o.idempotency_key = p_idempotency_key;
  end if;
  return v_id;
end;
$$;
grant execute on function public.create_job_offer(uuid, uuid, text, text, text, text, numeric, int, int, date, date, boolean, boolean) to authenticated;

-- Publish a draft offer or close an offer. A closed offer accepts no candidature and stays closed.
create or replace function public.set_job_offer_status(p_offer_id uuid, p_status text) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_offer record;
begin
  select o.id, o.status, m.status as market_status, c.name as company_name into v_offer
  from app.job_offers o join app.markets m on m.id = o.market_id left join app.organisations c on c.id = m.company_id
  where o.id = p_offer_id and o.territory_id in (select app.my_facilitated_territories());
  if v_offer.id is null then
    perform app.fail('P0002', 'offer_not_found');
  end if;
  if p_status not in ('published', 'closed') then
    perform app.fail('22023', 'offer_status_invalid');
  end if;
  if v_offer.status = p_status then
    return;
  end if;
  if p_status = 'published' and (v_offer.status = 'closed' or v_offer.market_status = 'closed') then
    perform app.fail('55000', 'offer_closed');
  end if;
  update app.job_offers set status = p_status, updated_at = now(),
    published_at = case when p_status = 'published' then now() else published_at end,
    company_public_name = case when p_status = 'published' then v_offer.company_name else company_public_name end
  where id = p_offer_id;
end;
$$;
grant execute on function public.set_job_offer_status(uuid, text) to authenticated;

-- Three gaps closed after review of the partner space:
--   1. a market's buyer and company must be organisations of the right kind and of the market's
--      territory: public.create_market accepted any organisation id, so a facilitator could, by a
--      forged form field, give another territory's company access to a market and its people;
--   2. assignments of participants to markets are in the audit log like the other changes to
--      personal data (DOMAIN.md §11), with their territory;
--   3. the access-request export (RGPD art. 15) lists the markets a person is assigned to.
-- Errors are app.fail keys mapped in src/server/errors.ts; tests in
-- test/integration/market-organisations.test.ts (1) and market-assignments.test.ts (2, 3).

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

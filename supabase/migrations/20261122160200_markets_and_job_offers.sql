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
create index markets_territory_idx on app.markets (territory_id);
create index markets_buyer_idx on app.markets (buyer_id);
create index markets_company_idx on app.markets (company_id);
comment on table app.markets is 'Marché (public ou privé) comportant une clause sociale.';
comment on column app.markets.clause_type is 'Levier juridique : condition d''exécution (L2112-2), marché réservé EA/ESAT (L2113-12), marché réservé SIAE (L2113-13), marché d''insertion (R2123-1 3°), critère d''attribution (L2152-7).';
comment on column app.markets.hours_due is 'Heures d''insertion dues : montant HT × part de main-d''œuvre × taux d''insertion ÷ coût horaire chargé, sauf saisie manuelle ; null si non communiqué.';
comment on column app.markets.decp_id is 'Identifiant du marché dans les données essentielles de la commande publique (DECP).';
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
  updated_at timestamptz not null default now()
);
create index job_offers_territory_idx on app.job_offers (territory_id, status);
create index job_offers_market_idx on app.job_offers (market_id);
comment on table app.job_offers is 'Offre d''emploi créée par une clause, publiée par le facilitateur.';
comment on column app.job_offers.company_anonymous is 'L''entreprise demande à rester anonyme : l''offre affiche « entreprise du secteur ».';
comment on column app.job_offers.company_public_name is 'Nom de l''entreprise affiché sur l''offre publiée (copié à la publication).';
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

create policy operations_select_facilitator on app.operations for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy operations_select_member on app.operations for select to authenticated
  using (id in (select m.operation_id from app.markets m
               where m.buyer_id in (select app.my_organisations()) or m.company_id in (select app.my_organisations())));
create policy operations_insert_facilitator on app.operations for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy operations_update_facilitator on app.operations for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

create policy markets_select_facilitator on app.markets for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy markets_select_member on app.markets for select to authenticated
  using (buyer_id in (select app.my_organisations()) or company_id in (select app.my_organisations()));
create policy markets_insert_facilitator on app.markets for insert to authenticated
  with check (territory_id in (select app.my_facilitated_territories()));
create policy markets_update_facilitator on app.markets for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (territory_id in (select app.my_facilitated_territories()));

-- Published offers are public (they are job ads); drafts only for the territory's facilitators
-- and the market's company.
create policy job_offers_select_anon on app.job_offers for select to anon
  using (status = 'published');
create policy job_offers_select_authenticated on app.job_offers for select to authenticated
  using (status = 'published');
create policy job_offers_select_facilitator on app.job_offers for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));
create policy job_offers_select_company on app.job_offers for select to authenticated
  using (market_id in (select m.id from app.markets m where m.company_id in (select app.my_organisations())));
create policy job_offers_insert_facilitator on app.job_offers for insert to authenticated
  with check (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));
create policy job_offers_update_facilitator on app.job_offers for update to authenticated
  using (territory_id in (select app.my_facilitated_territories()))
  with check (market_id in (select m.id from app.markets m where m.territory_id in (select app.my_facilitated_territories())));

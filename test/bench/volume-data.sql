-- The bench's volume scenario: one Département-sized territory whose year 2025 holds
-- `bench.lines` validated hour lines (about 12 per participant, 300 markets, 60 companies,
-- 40 operations, 15 buyers, 20 SIAE), beside the demo data. Run as the superuser on a database
-- built from the migrations and the seed; the value comes from `set bench.lines = '…'`.
-- Written set-based with triggers off (session_replication_role = replica): the rows are what
-- the domain functions would have written, without the audit log of a million validations.

set session_replication_role = replica;

create temporary table bench_n as select current_setting('bench.lines')::int as lines;

insert into app.territories (id, slug, name, kind, description, facilitator_contact_email)
values ('b0000000-0000-0000-0000-000000000001', 'volume-departement', 'Département volume (bench)', 'departement',
        'Territoire synthétique du bench de volume.', 'facilitation@volume.test');

insert into app.organisations (id, territory_id, kind, name) values
  ('b0000000-0000-0000-0000-000000000002', 'b0000000-0000-0000-0000-000000000001', 'facilitation_service', 'Facilitation volume');

create temporary table bench_orgs as
select kind, n, gen_random_uuid() as id
from (values ('buyer', 15), ('company', 60), ('siae', 20)) k(kind, total), generate_series(1, k.total) n;

insert into app.organisations (id, territory_id, kind, name, buyer_sector, siae_kind, contact_email)
select o.id, 'b0000000-0000-0000-0000-000000000001', o.kind,
       case o.kind when 'buyer' then 'Acheteur ' when 'company' then 'Entreprise ' else 'SIAE ' end || o.n,
       case when o.kind = 'buyer' then 'public' end,
       case when o.kind = 'siae' then (array['ei', 'aci', 'ai', 'etti', 'ea'])[1 + o.n % 5] end,
       case when o.kind = 'company' then 'entreprise' || o.n || '@volume.test' end
from bench_orgs o;

create temporary table bench_operations as select n, gen_random_uuid() as id from generate_series(1, 40) n;
insert into app.operations (id, territory_id, name)
select id, 'b0000000-0000-0000-0000-000000000001', 'Opération ' || n from bench_operations;

create temporary table bench_markets as select n, gen_random_uuid() as id from generate_series(1, 300) n;
insert into app.markets (id, territory_id, operation_id, buyer_id, company_id, title, clause_type, market_kind,
                         estimated_amount_ht, labour_share, insertion_rate, hourly_cost, hours_due, starts_on, ends_on, status)
select m.id, 'b0000000-0000-0000-0000-000000000001', op.id, b.id, c.id, 'Marché volume ' || m.n,
       (array['execution_condition', 'reserved_siae', 'insertion_market', 'award_criterion'])[1 + m.n % 4],
       (array['works', 'services', 'supplies'])[1 + m.n % 3],
       2000000, 0.4, 0.07, 30, 2000000 * 0.4 * 0.07 / 30, date '2024-01-01', date '2026-12-31', 'running'
from bench_markets m
join bench_operations op on op.n = 1 + (m.n - 1) % 40
join bench_orgs b on b.kind = 'buyer' and b.n = 1 + (m.n - 1) % 15
join bench_orgs c on c.kind = 'company' and c.n = 1 + (m.n - 1) % 60;

-- Participants: one per 12 lines, each on one market.
create temporary table bench_people as
select n, gen_random_uuid() as id, 1 + (n - 1) % 300 as market_n
from generate_series(1, (select ceil(lines / 12.0)::int from bench_n)) n;

insert into app.participants (id, territory_id, first_name, last_name, birth_year, sex, qpv, qualification_level,
                              eligibility, eligibility_checked_at, parcours_started_on, has_training)
select p.id, 'b0000000-0000-0000-0000-000000000001', 'Prénom' || p.n, 'Nom' || p.n,
       1960 + p.n % 45, case when p.n % 3 = 0 then 'f' else 'm' end, p.n % 4 = 0,
       (array['infra_3', '3', '4', '5_plus'])[1 + p.n % 4],
       case p.n % 5 when 0 then '{deld}'::text[] when 1 then '{rsa}' when 2 then '{rqth,deld}'
                    when 3 then '{youth_low_qualification}' else '{senior,rsa}' end,
       timestamptz '2024-12-15 10:00+01', date '2025-01-01', p.n % 7 = 0
from bench_people p;

insert into app.market_assignments (market_id, participant_id, assigned_on)
select m.id, p.id, date '2025-01-01' from bench_people p join bench_markets m on m.n = p.market_n;

-- The hour lines: month k of 2025 for participant n, until `lines` lines; one in ten sub-contracted.
insert into app.hour_declarations (market_id, participant_id, month, realisation_mode, employer_id, hours, invoiced_amount_ht,
                                   status, siae_confirmation, submitted_at, validated_at)
select m.id, p.id, make_date(2025, k, 1),
       case when p.n % 10 = 0 then 'subcontracting' else 'direct_hire' end,
       case when p.n % 10 = 0 then s.id end,
       35 + (p.n + k) % 100,
       case when p.n % 10 = 0 then (35 + (p.n + k) % 100) * 60 end,
       'validated', case when p.n % 10 = 0 then 'confirmed' end,
       make_date(2025, k, 1) + 40, make_date(2025, k, 1) + 45
from bench_people p
join bench_markets m on m.n = p.market_n
join bench_orgs s on s.kind = 'siae' and s.n = 1 + p.n % 20
cross join generate_series(1, 12) k
where (p.n - 1) * 12 + k <= (select lines from bench_n);

-- The month being declared and validated now: January 2026, submitted, for the first 2,000 people.
insert into app.hour_declarations (market_id, participant_id, month, realisation_mode, hours, status, submitted_at)
select m.id, p.id, date '2026-01-01', 'direct_hire', 70, 'submitted', timestamptz '2026-02-03 09:00+01'
from bench_people p join bench_markets m on m.n = p.market_n
where p.n <= 2000;

-- Exits at the end of the parcours for one person in five.
insert into app.participant_exits (participant_id, milestone, observed_on, situation)
select p.id, 'end', date '2025-12-31', (array['cdi', 'cdd_under_6_months', 'qualifying_training', 'job_seeker'])[1 + p.n % 4]
from bench_people p where p.n % 5 = 0;

-- Accounts: the territory's facilitator and the company of market 1.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('00000000-0000-0000-0000-000000000000', 'b0000000-0000-0000-0000-00000000000f', 'authenticated', 'authenticated',
   'facilitateur@volume.test', '', now(), '{"provider": "email", "providers": ["email"]}', '{}', now(), now()),
  ('00000000-0000-0000-0000-000000000000', 'b0000000-0000-0000-0000-00000000000c', 'authenticated', 'authenticated',
   'entreprise@volume.test', '', now(), '{"provider": "email", "providers": ["email"]}', '{}', now(), now());
insert into app.memberships (user_id, organisation_id, role)
select 'b0000000-0000-0000-0000-00000000000f'::uuid, 'b0000000-0000-0000-0000-000000000002'::uuid, 'facilitator'
union all
select 'b0000000-0000-0000-0000-00000000000c'::uuid, id, 'company' from bench_orgs where kind = 'company' and n = 1;

-- The tallies the triggers keep (off here): hours per market, month and status; validated hours per person and year.
insert into app.market_month_hours (market_id, month, status, hours, lines)
select d.market_id, d.month, d.status, sum(d.hours), count(*)::int
from app.hour_declarations d join bench_markets m on m.id = d.market_id
group by 1, 2, 3;
insert into app.validated_person_year_hours (market_id, participant_id, employer_id, year, hours, lines)
select d.market_id, d.participant_id, d.employer_id, extract(year from d.month)::int, sum(d.hours), count(*)::int
from app.hour_declarations d join bench_markets m on m.id = d.market_id
where d.status = 'validated'
group by 1, 2, 3, 4;

set session_replication_role = origin;
-- Then test/bench/volume.ts runs `vacuum analyze` on its own (it cannot run in this script's
-- transaction): production tables are vacuumed by autovacuum (visibility map set).

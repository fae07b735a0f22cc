-- Demo deployment.
--
-- Real, published figures (DOMAIN.md §14, with their source) are reproduced by generating
-- invented rows that add up to them, so that the demo publications are computed by the real
-- publication function:
--   * Dieppe-Maritime (seed 003, the territory's own page): EPR2 Penly, 90 insertion employees,
--     51,000 h realised; Action Cœur de Ville housing, 21 employees, 5,500 h of 8,900 h due;
--     68 dwellings at Arques-la-Bataille, 24 employees, 5,800 h of 6,700 h due.
--   * Calvados (seed 004, Département): 160,600 h realised in 2019, 630 beneficiaries, 176 markets.
--   * Alpes Sud Isère (seed 000, préfecture press release): the three communautés de communes and
--     EDF Hydro Alpes as partners; no figures are published there, so its markets, hours and
--     people are invented and few (it shows small-cell suppression at work).
-- Everything else is invented and marked: every person, company, SIRET (SIREN starting 999),
-- market, month split, sex, age, public and exit; organisations named "(démo)"; is_demo = true.
-- Demo accounts (password in README): one per role, e-mails under @demo.test.

-- Deterministic ids for the rows tests and README refer to.
-- territories 10000000-…-00000000000N, organisations 20000000-…, users 30000000-…,
-- operations 40000000-…, named markets 50000000-…

create function pg_temp.demo_uuid(label text) returns uuid
language sql immutable as $$ select md5('demo:' || label)::uuid $$;

create function pg_temp.demo_siret(n int) returns text
language sql immutable as $$
  select s from (
    select '999' || lpad(n::text, 10, '0') || d::text as s from generate_series(0, 9) d
  ) c where app.is_valid_siret(s) limit 1
$$;

insert into app.site_settings (site_name, tagline, publisher_name, contact_email, accessibility_status, dpo_contact)
values ('Clauses sociales — démonstration',
        'Les heures d''insertion des marchés publics et privés, territoire par territoire.',
        'Déploiement de démonstration (aucune collectivité réelle n''en est l''éditeur)',
        'contact@demo.test', 'non_conforme', 'dpo@demo.test')
-- The migrations leave a row to fill in (20261204205907_deployment_administration.sql): the demo's replaces it.
on conflict (id) do update set site_name = excluded.site_name, tagline = excluded.tagline, publisher_name = excluded.publisher_name,
  contact_email = excluded.contact_email, accessibility_status = excluded.accessibility_status, dpo_contact = excluded.dpo_contact;
-- Legal notice of the demo: invented address and director; the host's address is left for the
-- deployment to copy from its host's own notice.
update app.site_settings set publisher_address = '1 place de la Démonstration, 00000 Démo (adresse fictive)',
  publication_director = 'Direction du service de facilitation (démo)';

insert into app.territories (id, slug, name, kind, description, member_areas, facilitator_contact_name,
  facilitator_contact_email, color_primary, color_accent, is_demo)
values
  ('10000000-0000-0000-0000-000000000001', 'dieppe-maritime', 'Dieppe-Maritime', 'epci',
   'Service de facilitation de la clause sociale porté par Dieppe-Maritime depuis 2014, cofinancé par le Fonds social européen pour 2024-2025.',
   array['Dieppe-Maritime', 'Terroir de Caux', 'Falaises du Talou', 'Villes Sœurs (communes de Seine-Maritime)'],
   'Facilitatrice (démo)', 'facilitation.dieppe@demo.test', '#0b5563', '#a3361b', true),
  ('10000000-0000-0000-0000-000000000002', 'alpes-sud-isere', 'Alpes Sud Isère', 'groupement',
   'Dispositif partenarial des communautés de communes de l''Oisans, de la Matheysine et du Trièves, avec le Département de l''Isère, EDF Hydro Alpes, la DIRECCTE UT38 et le programme LEADER.',
   array['CC de l''Oisans', 'CC de la Matheysine', 'CC du Trièves'],
   'Facilitatrice (démo)', 'facilitation.alpes@demo.test', '#2f5d2b', '#8a4b08', true),
  ('10000000-0000-0000-0000-000000000003', 'calvados', 'Département du Calvados', 'departement',
   'Le facilitateur des clauses d''insertion du Département définit avec l''entreprise un profil de poste, collecte les candidatures, présélectionne et transmet les dossiers à l''entreprise.',
   array['Calvados'], 'Facilitateur (démo)', 'facilitation.calvados@demo.test', '#4a2f7a', '#9c3d00', true);
-- A phone number of the range ARCEP keeps for fiction (02 61 91 xx xx): the demo never rings anyone.
update app.territories set facilitator_contact_phone = '02 61 91 00 00' where slug = 'dieppe-maritime';
-- Demonstration settings of the rules a territory adds (DOMAIN.md §4), so that the self-check
-- page shows both: QPV priority on urban renewal sites, residence on the territory.
update app.territories set qpv_priority = true where slug = 'dieppe-maritime';
update app.territories set residence_required = true where slug = 'alpes-sud-isere';

-- Organisations -----------------------------------------------------------------------------
insert into app.organisations (id, territory_id, kind, name, siret, buyer_sector, siae_kind, prescriber_kind, is_demo) values
  ('20000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001', 'facilitation_service', 'Service clause sociale de Dieppe-Maritime (démo)', null, null, null, null, true),
  ('20000000-0000-0000-0000-000000000002', '10000000-0000-0000-0000-000000000002', 'facilitation_service', 'Facilitation clauses sociales Alpes Sud Isère (démo)', null, null, null, null, true),
  ('20000000-0000-0000-0000-000000000003', '10000000-0000-0000-0000-000000000003', 'facilitation_service', 'Facilitation des clauses d''insertion du Calvados (démo)', null, null, null, null, true),
  -- Buyers
  ('20000000-0000-0000-0000-000000000011', '10000000-0000-0000-0000-000000000001', 'buyer', 'Maître d''ouvrage du chantier EPR2 (démo)', pg_temp.demo_siret(11), 'private', null, null, true),
  ('20000000-0000-0000-0000-000000000012', '10000000-0000-0000-0000-000000000001', 'buyer', 'Bailleur social Cœur de Ville (démo)', pg_temp.demo_siret(12), 'public', null, null, true),
  ('20000000-0000-0000-0000-000000000013', '10000000-0000-0000-0000-000000000001', 'buyer', 'Bailleur social Arques-la-Bataille (démo)', pg_temp.demo_siret(13), 'public', null, null, true),
  ('20000000-0000-0000-0000-000000000021', '10000000-0000-0000-0000-000000000002', 'buyer', 'Communauté de communes de l''Oisans', null, 'public', null, null, false),
  ('20000000-0000-0000-0000-000000000022', '10000000-0000-0000-0000-000000000002', 'buyer', 'Communauté de communes de la Matheysine', null, 'public', null, null, false),
  ('20000000-0000-0000-0000-000000000023', '10000000-0000-0000-0000-000000000002', 'buyer', 'Communauté de communes du Trièves', null, 'public', null, null, false),
  ('20000000-0000-0000-0000-000000000024', '10000000-0000-0000-0000-000000000002', 'buyer', 'EDF Hydro Alpes', null, 'private', null, null, false),
  ('20000000-0000-0000-0000-000000000031', '10000000-0000-0000-0000-000000000003', 'buyer', 'Département du Calvados', null, 'public', null, null, false),
  -- SIAE and prescribers
  ('20000000-0000-0000-0000-000000000041', '10000000-0000-0000-0000-000000000001', 'siae', 'Chantier d''insertion du littoral (démo)', pg_temp.demo_siret(41), null, 'aci', null, true),
  ('20000000-0000-0000-0000-000000000042', '10000000-0000-0000-0000-000000000001', 'siae', 'Intérim d''insertion Dieppe (démo)', pg_temp.demo_siret(42), null, 'etti', null, true),
  ('20000000-0000-0000-0000-000000000043', '10000000-0000-0000-0000-000000000002', 'siae', 'Association intermédiaire des Alpes (démo)', pg_temp.demo_siret(43), null, 'ai', null, true),
  ('20000000-0000-0000-0000-000000000051', '10000000-0000-0000-0000-000000000001', 'prescriber', 'Mission locale (démo)', null, null, null, 'mission_locale', true),
  ('20000000-0000-0000-0000-000000000052', '10000000-0000-0000-0000-000000000002', 'prescriber', 'Agence France Travail (démo)', null, null, null, 'france_travail', true);

-- Companies: three per Dieppe operation, two in Alpes Sud Isère, forty in Calvados.
insert into app.organisations (id, territory_id, kind, name, siret, is_demo)
select pg_temp.demo_uuid('company:dieppe:' || n), '10000000-0000-0000-0000-000000000001', 'company',
       (array['Bâtiment Normand', 'Génie civil de la Côte', 'Électricité du Talou', 'Menuiserie des Falaises',
              'Plâtrerie dieppoise', 'Couverture de Caux', 'Maçonnerie d''Arques', 'Peinture Bresle', 'Terrassement Varenne'])[n]
         || ' (démo)',
       pg_temp.demo_siret(100 + n), true
from generate_series(1, 9) n;
update app.organisations set id = '20000000-0000-0000-0000-000000000061' where id = pg_temp.demo_uuid('company:dieppe:1');
update app.organisations set id = '20000000-0000-0000-0000-000000000062' where id = pg_temp.demo_uuid('company:dieppe:2');

insert into app.organisations (id, territory_id, kind, name, siret, is_demo)
select pg_temp.demo_uuid('company:alpes:' || n), '10000000-0000-0000-0000-000000000002', 'company',
       (array['Travaux publics de l''Oisans', 'Espaces verts du Trièves', 'Hydro-maintenance alpine'])[n] || ' (démo)',
       pg_temp.demo_siret(200 + n), true
from generate_series(1, 3) n;

insert into app.organisations (id, territory_id, kind, name, siret, is_demo)
select pg_temp.demo_uuid('company:calvados:' || n), '10000000-0000-0000-0000-000000000003', 'company',
       'Entreprise du Calvados n° ' || n || ' (démo)', pg_temp.demo_siret(300 + n), true
from generate_series(1, 40) n;

insert into app.organisations (id, territory_id, kind, name, buyer_sector, is_demo)
select pg_temp.demo_uuid('buyer:calvados:' || n), '10000000-0000-0000-0000-000000000003', 'buyer',
       'Acheteur public du Calvados n° ' || n || ' (démo)', 'public', true
from generate_series(1, 4) n;

-- Operations and markets --------------------------------------------------------------------
insert into app.operations (id, territory_id, name, description, project_owner_id, is_demo) values
  ('40000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001', 'Grand chantier EPR2 de Penly',
   'Mobilisation de 90 salariés en insertion, 51 000 heures d''insertion réalisées (source : Dieppe-Maritime).',
   '20000000-0000-0000-0000-000000000011', false),
  ('40000000-0000-0000-0000-000000000002', '10000000-0000-0000-0000-000000000001', 'Logements Action Cœur de Ville',
   'Construction de logements : 21 salariés en insertion, 5 500 heures réalisées pour un objectif de 8 900 heures (source : Dieppe-Maritime).',
   '20000000-0000-0000-0000-000000000012', false),
  ('40000000-0000-0000-0000-000000000003', '10000000-0000-0000-0000-000000000001', '68 logements à Arques-la-Bataille',
   'Construction de 68 logements : 24 salariés en insertion, 5 800 heures réalisées sur un objectif de 6 700 heures (source : Dieppe-Maritime).',
   '20000000-0000-0000-0000-000000000013', false);

-- Three lots per operation, one company each. Hours due per lot are a demo split of the
-- published objective (8,900 h and 6,700 h); EPR2's objective is not published: left null.
insert into app.markets (id, territory_id, operation_id, buyer_id, company_id, title, clause_type, market_kind,
  estimated_amount_ht, labour_share, insertion_rate, hourly_cost, hours_due, starts_on, ends_on, notified_on, status, is_demo)
select pg_temp.demo_uuid('market:dieppe:' || op || ':' || lot),
       '10000000-0000-0000-0000-000000000001',
       ('40000000-0000-0000-0000-00000000000' || op)::uuid,
       ('20000000-0000-0000-0000-00000000001' || op)::uuid,
       case (op - 1) * 3 + lot
         when 1 then '20000000-0000-0000-0000-000000000061'::uuid
         when 2 then '20000000-0000-0000-0000-000000000062'::uuid
         else pg_temp.demo_uuid('company:dieppe:' || ((op - 1) * 3 + lot)) end,
       (array['EPR2 Penly', 'Cœur de Ville', 'Arques-la-Bataille'])[op] || ' — lot ' || lot || ' (démo)',
       'execution_condition', 'works',
       -- The amounts the hours due were computed from (amount × 50 % labour × 5 % ÷ 30 €/h), so
       -- that the market form opens filled in; EPR2 Penly's are not communicated.
       case op when 1 then null
               when 2 then (array[3000, 3000, 2900])[lot] * 1200
               else (array[2300, 2200, 2200])[lot] * 1200 end,
       case when op = 1 then null else 0.5 end, case when op = 1 then null else 0.05 end, case when op = 1 then null else 30 end,
       case op when 1 then null
               when 2 then (array[3000, 3000, 2900])[lot]
               else (array[2300, 2200, 2200])[lot] end,
       date '2024-09-01', date '2026-12-31', date '2024-07-15', 'running', true
from generate_series(1, 3) op, generate_series(1, 3) lot;
update app.markets set id = '50000000-0000-0000-0000-000000000001' where id = pg_temp.demo_uuid('market:dieppe:1:1');
update app.markets set id = '50000000-0000-0000-0000-000000000002' where id = pg_temp.demo_uuid('market:dieppe:1:2');

insert into app.markets (id, territory_id, buyer_id, company_id, title, clause_type, market_kind, estimated_amount_ht,
  labour_share, insertion_rate, hourly_cost, hours_due, starts_on, ends_on, notified_on, status, is_demo) values
  (pg_temp.demo_uuid('market:alpes:1'), '10000000-0000-0000-0000-000000000002', '20000000-0000-0000-0000-000000000021',
   pg_temp.demo_uuid('company:alpes:1'), 'Réfection de voirie communautaire (démo)', 'execution_condition', 'works',
   400000, 0.5, 0.05, 30, 333.33, date '2025-03-01', date '2025-12-31', date '2025-02-01', 'running', true),
  (pg_temp.demo_uuid('market:alpes:2'), '10000000-0000-0000-0000-000000000002', '20000000-0000-0000-0000-000000000023',
   pg_temp.demo_uuid('company:alpes:2'), 'Entretien des espaces naturels (démo)', 'execution_condition', 'services',
   120000, 0.7, 0.1, 30, 280, date '2025-01-01', date '2026-12-31', date '2024-12-01', 'running', true),
  (pg_temp.demo_uuid('market:alpes:3'), '10000000-0000-0000-0000-000000000002', '20000000-0000-0000-0000-000000000024',
   pg_temp.demo_uuid('company:alpes:3'), 'Maintenance d''ouvrages hydrauliques (démo)', 'execution_condition', 'services',
   900000, 0.4, 0.05, 32, 562.5, date '2025-04-01', date '2027-03-31', date '2025-03-01', 'running', true);

insert into app.markets (id, territory_id, buyer_id, company_id, title, clause_type, market_kind, hours_due,
  starts_on, ends_on, status, is_demo)
select pg_temp.demo_uuid('market:calvados:' || n), '10000000-0000-0000-0000-000000000003',
       case when n % 5 = 0 then '20000000-0000-0000-0000-000000000031'::uuid else pg_temp.demo_uuid('buyer:calvados:' || (n % 5)) end,
       pg_temp.demo_uuid('company:calvados:' || (1 + n % 40)),
       'Marché du Calvados n° ' || n || ' (démo)', 'execution_condition',
       (array['works', 'services', 'works', 'works'])[1 + n % 4], null,
       date '2019-01-01', date '2019-12-31', 'closed', true
from generate_series(1, 176) n;

-- People and hours ---------------------------------------------------------------------------
-- Generator: `people` invented participants sharing `total` hours over `months` months, each
-- working for one of the listed markets in turn; one in ten is provided by the SIAE `provider`. Sex, age, publics and qualification are an
-- invented, varied distribution.
create function pg_temp.demo_people(label text, territory uuid, people int, total int, markets uuid[],
                                    first_month date, months int, started date, provider uuid default null) returns void
language plpgsql as $$
declare
  lines int := people * months;
  base int := total / lines;
  extra int := total - (total / lines) * lines;
begin
  insert into app.participants (id, territory_id, first_name, last_name, birth_year, sex, commune, qpv,
    qualification_level, eligibility, eligibility_checked_at, parcours_started_on, has_training, is_demo)
  select pg_temp.demo_uuid(label || ':' || i), territory,
         (array['Camille', 'Dominique', 'Alex', 'Sacha', 'Charlie', 'Morgan', 'Noa', 'Eden', 'Lou', 'Yanis', 'Inès', 'Karim'])[1 + i % 12],
         'Démo-' || upper(label) || '-' || i,
         extract(year from started)::int - (array[22, 24, 31, 38, 45, 52, 57, 19, 28, 35, 41, 55])[1 + i % 12],
         case when i % 7 = 0 then null when i % 3 = 0 then 'f' else 'm' end,
         'Commune (démo)', i % 5 = 0,
         (array['infra_3', '3', 'infra_3', '4', '3', '5_plus'])[1 + i % 6],
         case i % 6
           when 0 then array['rsa', 'deld']
           when 1 then array['deld']
           when 2 then array['youth_low_qualification']
           when 3 then array['rsa']
           when 4 then array['senior', 'deld']
           else array['rqth'] end,
         started::timestamptz, started, i % 4 = 0, true
  from generate_series(1, people) i;

  insert into app.hour_declarations (market_id, participant_id, month, realisation_mode, employer_id, hours,
    status, submitted_at, validated_at)
  select markets[1 + (i % array_length(markets, 1))],
         pg_temp.demo_uuid(label || ':' || i),
         (first_month + make_interval(months => j))::date,
         case when i % 10 = 0 and provider is not null then 'provision' else 'direct_hire' end,
         case when i % 10 = 0 then provider end,
         base + case when (i - 1) * months + j + 1 <= extra then 1 else 0 end,
         'validated',
         (first_month + make_interval(months => j + 1))::timestamptz,
         (first_month + make_interval(months => j + 1, days => 5))::timestamptz
  from generate_series(1, people) i, generate_series(0, months - 1) j;
end;
$$;

select pg_temp.demo_people('penly', '10000000-0000-0000-0000-000000000001', 90, 51000,
  array(select id from app.markets where operation_id = '40000000-0000-0000-0000-000000000001' order by id),
  date '2025-07-01', 6, date '2025-06-15', '20000000-0000-0000-0000-000000000042');
select pg_temp.demo_people('acv', '10000000-0000-0000-0000-000000000001', 21, 5500,
  array(select id from app.markets where operation_id = '40000000-0000-0000-0000-000000000002' order by id),
  date '2025-07-01', 6, date '2025-06-15');
select pg_temp.demo_people('arques', '10000000-0000-0000-0000-000000000001', 24, 5800,
  array(select id from app.markets where operation_id = '40000000-0000-0000-0000-000000000003' order by id),
  date '2025-07-01', 6, date '2025-06-15');
select pg_temp.demo_people('calvados', '10000000-0000-0000-0000-000000000003', 630, 160600,
  array(select id from app.markets where territory_id = '10000000-0000-0000-0000-000000000003' order by title),
  date '2019-03-01', 4, date '2019-02-15');
select pg_temp.demo_people('alpes', '10000000-0000-0000-0000-000000000002', 8, 1240,
  array(select id from app.markets where territory_id = '10000000-0000-0000-0000-000000000002' order by id),
  date '2025-05-01', 5, date '2025-04-15', '20000000-0000-0000-0000-000000000043');

-- Invented exits for the demo participants of Dieppe-Maritime (end of parcours, 6 months).
insert into app.participant_exits (participant_id, milestone, observed_on, situation)
select p.id, 'end', date '2025-12-31',
       (array['cdi', 'cdd_6_months_plus', 'interim_under_6_months', 'qualifying_training', 'job_seeker', 'subsidised_contract', 'interim_6_months_plus'])[1 + row_number() over (order by p.id) % 7]
from app.participants p where p.territory_id = '10000000-0000-0000-0000-000000000001';

-- Accounts -------------------------------------------------------------------------------------
-- The token columns are '' as Supabase Auth writes them: Auth reads them as strings and fails
-- sign-in with « Database error querying schema » on NULL (supabase/auth#1940).
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select '00000000-0000-0000-0000-000000000000', u.id::uuid, 'authenticated', 'authenticated', u.email,
       extensions.crypt('demo-clauses-2026', extensions.gen_salt('bf')), now(), '', '', '', '',
       '{"provider": "email", "providers": ["email"]}'::jsonb, jsonb_build_object('display_name', u.name), now(), now()
from (values
  ('30000000-0000-0000-0000-000000000001', 'facilitateur@demo.test', 'Facilitatrice Dieppe-Maritime (démo)'),
  ('30000000-0000-0000-0000-000000000002', 'facilitateur.alpes@demo.test', 'Facilitatrice Alpes Sud Isère (démo)'),
  ('30000000-0000-0000-0000-000000000003', 'facilitateur.calvados@demo.test', 'Facilitateur Calvados (démo)'),
  ('30000000-0000-0000-0000-000000000004', 'entreprise@demo.test', 'Conducteur de travaux (démo)'),
  ('30000000-0000-0000-0000-000000000005', 'entreprise2@demo.test', 'Responsable RH (démo)'),
  ('30000000-0000-0000-0000-000000000006', 'acheteur@demo.test', 'Acheteuse (démo)'),
  ('30000000-0000-0000-0000-000000000007', 'siae@demo.test', 'Chargée d''insertion SIAE (démo)'),
  ('30000000-0000-0000-0000-000000000008', 'prescripteur@demo.test', 'Conseiller Mission locale (démo)'),
  ('30000000-0000-0000-0000-000000000009', 'admin@demo.test', 'Administratrice du déploiement (démo)')
) as u(id, email, name);

insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', now(), now()
from auth.users u where u.email like '%@demo.test';

insert into app.memberships (user_id, organisation_id, role) values
  ('30000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', 'facilitator'),
  ('30000000-0000-0000-0000-000000000002', '20000000-0000-0000-0000-000000000002', 'facilitator'),
  ('30000000-0000-0000-0000-000000000003', '20000000-0000-0000-0000-000000000003', 'facilitator'),
  ('30000000-0000-0000-0000-000000000004', '20000000-0000-0000-0000-000000000061', 'company'),
  ('30000000-0000-0000-0000-000000000005', '20000000-0000-0000-0000-000000000062', 'company'),
  ('30000000-0000-0000-0000-000000000006', '20000000-0000-0000-0000-000000000012', 'buyer'),
  ('30000000-0000-0000-0000-000000000007', '20000000-0000-0000-0000-000000000041', 'siae'),
  ('30000000-0000-0000-0000-000000000008', '20000000-0000-0000-0000-000000000051', 'prescriber');

-- The deployment's administration and its demo administrator (what `npm run create-admin` does
-- in production, public.grant_deployment_admin).
insert into app.organisations (id, kind, name, is_demo) values
  ('20000000-0000-0000-0000-000000000090', 'deployment', 'Administration du déploiement (démo)', true);
insert into app.memberships (user_id, organisation_id, role) values
  ('30000000-0000-0000-0000-000000000009', '20000000-0000-0000-0000-000000000090', 'admin');

-- Open job offers -------------------------------------------------------------------------------
insert into app.job_offers (id, market_id, territory_id, trade, rome_code, description, place, contract_type,
  hours_per_week, duration_weeks, positions, starts_on, company_anonymous, company_public_name, status, published_at, is_demo)
select pg_temp.demo_uuid('offer:' || o.n), o.market_id, o.territory_id, o.trade, o.rome, o.descr, o.place, o.contract,
       35, o.weeks, o.positions, o.starts, o.anonymous,
       (select name from app.organisations where id = (select company_id from app.markets where id = o.market_id)),
       'published', timestamptz '2026-11-02 09:00', true
from (values
  (1, '50000000-0000-0000-0000-000000000001'::uuid, '10000000-0000-0000-0000-000000000001'::uuid, 'Maçon·ne coffreur·se', 'F1703',
   'Coffrage et coulage de voiles béton sur le chantier, en équipe, avec un tuteur.', 'Penly (76)', 'cdd', 26, 2, date '2027-01-04', false),
  (2, '50000000-0000-0000-0000-000000000002'::uuid, '10000000-0000-0000-0000-000000000001'::uuid, 'Aide électricien·ne', 'F1602',
   'Tirage de câbles et pose d''équipements, habilitation électrique préparée pendant le contrat.', 'Penly (76)', 'interim', 12, 1, date '2026-12-07', true),
  (3, pg_temp.demo_uuid('market:alpes:2'), '10000000-0000-0000-0000-000000000002'::uuid, 'Agent·e d''entretien des espaces naturels', 'A1203',
   'Débroussaillage, fauchage et petits aménagements, en équipe encadrée.', 'Mens (38)', 'cdd', 24, 3, date '2027-02-01', false)
) as o(n, market_id, territory_id, trade, rome, descr, place, contract, weeks, positions, starts, anonymous);
-- The mason's offer takes applications for three weeks from the day the demo is created (a fixed
-- date would close it on the demo one day).
update app.job_offers set closes_on = current_date + 21 where id = pg_temp.demo_uuid('offer:1');

-- Publications -----------------------------------------------------------------------------------
-- Computed by the real function from the rows above, as the facilitators would publish them.
insert into app.publications (territory_id, year, version, figures, source, source_note, published_at, published_by)
select t.id, y.year, 1, app.compute_publication_figures(t.id, y.year), 'computed', y.note, y.published_at, y.publisher
from (values
  ('10000000-0000-0000-0000-000000000001'::uuid, 2025, timestamptz '2026-02-10 10:00', '30000000-0000-0000-0000-000000000001'::uuid,
   'Démonstration : heures, effectifs et opérations d''après la page publique de Dieppe-Maritime ; répartition par mois, sexe, âge, public et sorties inventée.'),
  ('10000000-0000-0000-0000-000000000003'::uuid, 2019, timestamptz '2020-03-02 10:00', '30000000-0000-0000-0000-000000000003'::uuid,
   'Démonstration : heures (160 600), bénéficiaires (630) et marchés (176) d''après le Département du Calvados ; répartitions inventées.'),
  ('10000000-0000-0000-0000-000000000002'::uuid, 2025, timestamptz '2026-01-20 10:00', '30000000-0000-0000-0000-000000000002'::uuid,
   'Démonstration : marchés, heures et personnes inventés (aucun chiffre publié par le territoire).')
) as y(territory_id, year, published_at, publisher, note)
join app.territories t on t.id = y.territory_id;

-- 2026 so far (invented): the EPR2 Penly participants keep working, January to June, validated;
-- nothing is published for 2026 yet (the facilitator does it from the partner space).
insert into app.hour_declarations (market_id, participant_id, month, realisation_mode, hours, status, submitted_at, validated_at)
select pairs.market_id, pairs.participant_id, (date '2026-01-01' + make_interval(months => m))::date, 'direct_hire', 60, 'validated',
       (date '2026-02-01' + make_interval(months => m))::timestamptz, (date '2026-02-06' + make_interval(months => m))::timestamptz
from (select distinct d.market_id, d.participant_id from app.hour_declarations d
      join app.markets mk on mk.id = d.market_id
      where mk.operation_id = '40000000-0000-0000-0000-000000000001') pairs,
     generate_series(0, 5) m;

-- A few months still to validate, for the partner space.
insert into app.hour_declarations (market_id, participant_id, month, realisation_mode, hours, status, submitted_at)
select '50000000-0000-0000-0000-000000000001', p.id, date '2026-10-01', 'direct_hire', 120, 'submitted', timestamptz '2026-11-05 08:00'
from app.participants p
where p.id in (select participant_id from app.hour_declarations where market_id = '50000000-0000-0000-0000-000000000001')
order by p.id limit 3;

-- Partner space, second set: SIAE confirmation, participants' files -------------------------------
-- Sub-contracting to the demo SIAE (Chantier d'insertion du littoral) declared by company A on
-- EPR2 Penly lot 1 for October 2026, still drafts (the company has not submitted them): two
-- amounts for the SIAE to confirm, one it already disputed. Ids 60000000-…; hours converted with
-- Dieppe-Maritime's default parameters (amount × 50 % ÷ 30 €/h).
insert into app.hour_declarations (id, market_id, participant_id, month, realisation_mode, employer_id, hours,
  invoiced_amount_ht, status, siae_confirmation, siae_confirmation_reason, created_by)
select ('60000000-0000-0000-0000-00000000000' || s.n)::uuid, '50000000-0000-0000-0000-000000000001', s.participant_id,
       date '2026-10-01', 'subcontracting', '20000000-0000-0000-0000-000000000041',
       round(s.amount * 0.5 / 30, 2), s.amount, 'draft', s.confirmation, s.reason, '30000000-0000-0000-0000-000000000004'
from (
  select row_number() over (order by c.id) as n, c.id as participant_id,
         (array[4500, 3000, 2400])[row_number() over (order by c.id)] as amount,
         (array['pending', 'pending', 'disputed'])[row_number() over (order by c.id)] as confirmation,
         (array[null, null, 'Facture de 2 000 € HT seulement pour octobre'])[row_number() over (order by c.id)] as reason
  from (select p.id from app.participants p
        where p.id in (select participant_id from app.hour_declarations where market_id = '50000000-0000-0000-0000-000000000001')
        order by p.id offset 3 limit 3) c
) s;

-- The Action Cœur de Ville participants ended their parcours on 31 December 2025 (their exit at
-- the end is recorded above): their situations at 6 months are due, at 12 months soon. One
-- eligibility is still to be checked by the facilitator.
update app.participants set parcours_ended_on = date '2025-12-31'
where id in (select pg_temp.demo_uuid('acv:' || i) from generate_series(1, 21) i);
update app.participants set eligibility_checked_at = null where id = pg_temp.demo_uuid('acv:1');

-- Candidature pipeline (DOMAIN.md §7) ---------------------------------------------------------------
-- Invented candidatures in Dieppe-Maritime, ids 70000000-…: on the offer of EPR2 Penly lot 1
-- (company A, entreprise@demo.test) two files transmitted to the company and waiting for its
-- choice (one sent by the demo SIAE), one under review, one just received, one declined before
-- transmission; on lot 2 (company B) one file transmitted; one spontaneous candidature. Every
-- step is logged, by the demo facilitator of Dieppe-Maritime.
insert into app.candidatures (id, reference, territory_id, job_offer_id, status, refusal_reason, first_name, last_name, email, phone,
  commune, eligibility, availability, mobility, message, submitted_by, prescriber_organisation_id, prescriber_organisation_name,
  prescriber_name, prescriber_email, notice_acknowledged_at, idempotency_key, payload_hash, transmitted_at, last_contact_at, created_at)
select ('70000000-0000-0000-0000-00000000000' || c.n)::uuid, 'CS-2026-DEMO000' || c.n, '10000000-0000-0000-0000-000000000001',
       case when c.offer is null then null else pg_temp.demo_uuid('offer:' || c.offer) end, c.status, c.reason, c.first_name, c.last_name,
       c.email, c.phone, c.commune, c.eligibility, c.availability, c.mobility, c.message,
       case when c.siae then 'prescriber' else 'candidate' end,
       case when c.siae then '20000000-0000-0000-0000-000000000041'::uuid end,
       case when c.siae then 'Chantier d''insertion du littoral (démo)' end,
       case when c.siae then 'Chargée d''insertion SIAE (démo)' end,
       case when c.siae then 'siae@demo.test' end,
       c.created_at, ('71000000-0000-0000-0000-00000000000' || c.n)::uuid, 'seed-demo-candidature-' || c.n,
       c.transmitted_at, coalesce(c.transmitted_at, c.created_at), c.created_at
from (values
  (1, 1, 'sent_to_company', null, 'Camille', 'Démo-Transmise', 'camille.demo@exemple.test', null, 'Dieppe', array['deld', 'rsa'],
   'Disponible immédiatement', array['driving_licence', 'public_transport'],
   'Deux ans de manœuvre en gros œuvre ; je souhaite apprendre le coffrage.', false,
   timestamptz '2026-11-03 09:14+01', timestamptz '2026-11-12 14:00+01'),
  (2, 1, 'sent_to_company', null, 'Yanis', 'Démo-Chantier', null, '06 00 00 00 02', 'Neuville-lès-Dieppe', array['siae_employee'],
   'À partir de janvier 2027 (fin de contrat au chantier d''insertion)', array['two_wheeler'],
   'Salarié du chantier d''insertion depuis dix mois, encadrant favorable.', true,
   timestamptz '2026-11-04 11:30+01', timestamptz '2026-11-12 14:05+01'),
  (3, 1, 'in_review', null, 'Inès', 'Démo-Étude', 'ines.demo@exemple.test', null, 'Arques-la-Bataille', array['youth_low_qualification'],
   'Disponible immédiatement', array['public_transport'], null, false, timestamptz '2026-11-10 16:45+01', null),
  (4, 1, 'received', null, 'Louis', 'Démo-Reçu', null, '06 00 00 00 04', 'Dieppe', array['deld'],
   null, array[]::text[], null, false, timestamptz '2026-11-18 08:20+01', null),
  (5, 2, 'sent_to_company', null, 'Nora', 'Démo-Électricité', 'nora.demo@exemple.test', null, 'Dieppe', array['rqth'],
   'Disponible en décembre', array['driving_licence', 'car'], null, false,
   timestamptz '2026-11-05 10:00+01', timestamptz '2026-11-14 09:30+01'),
  (6, null, 'received', null, 'Hugo', 'Démo-Spontané', 'hugo.demo@exemple.test', null, 'Martin-Église', array['senior'],
   'Temps partiel souhaité', array['car'], 'Ancien chef d''équipe en menuiserie, cherche un poste sur un chantier du territoire.', false,
   timestamptz '2026-11-19 17:05+01', null),
  (7, 1, 'declined', 'profile_mismatch', 'Léa', 'Démo-Refus', 'lea.demo@exemple.test', null, 'Dieppe', array['deld'],
   null, array[]::text[], null, false, timestamptz '2026-11-02 13:00+01', null)
) as c(n, offer, status, reason, first_name, last_name, email, phone, commune, eligibility, availability, mobility, message, siae,
       created_at, transmitted_at);

insert into app.candidature_transitions (candidature_id, from_status, to_status, reason, actor_user_id, created_at)
select ('70000000-0000-0000-0000-00000000000' || s.n)::uuid, s.from_status, s.to_status, s.reason,
       case when s.from_status is not null then '30000000-0000-0000-0000-000000000001'::uuid end, s.at
from (values
  (1, null, 'received', null, timestamptz '2026-11-03 09:14+01'),
  (1, 'received', 'in_review', null, timestamptz '2026-11-04 10:00+01'),
  (1, 'in_review', 'shortlisted', null, timestamptz '2026-11-09 15:30+01'),
  (1, 'shortlisted', 'sent_to_company', null, timestamptz '2026-11-12 14:00+01'),
  (2, null, 'received', null, timestamptz '2026-11-04 11:30+01'),
  (2, 'received', 'in_review', null, timestamptz '2026-11-05 09:00+01'),
  (2, 'in_review', 'shortlisted', null, timestamptz '2026-11-09 15:35+01'),
  (2, 'shortlisted', 'sent_to_company', null, timestamptz '2026-11-12 14:05+01'),
  (3, null, 'received', null, timestamptz '2026-11-10 16:45+01'),
  (3, 'received', 'in_review', null, timestamptz '2026-11-12 09:10+01'),
  (4, null, 'received', null, timestamptz '2026-11-18 08:20+01'),
  (5, null, 'received', null, timestamptz '2026-11-05 10:00+01'),
  (5, 'received', 'in_review', null, timestamptz '2026-11-06 11:00+01'),
  (5, 'in_review', 'shortlisted', null, timestamptz '2026-11-10 14:00+01'),
  (5, 'shortlisted', 'sent_to_company', null, timestamptz '2026-11-14 09:30+01'),
  (6, null, 'received', null, timestamptz '2026-11-19 17:05+01'),
  (7, null, 'received', null, timestamptz '2026-11-02 13:00+01'),
  (7, 'received', 'in_review', null, timestamptz '2026-11-03 09:00+01'),
  (7, 'in_review', 'declined', 'profile_mismatch', timestamptz '2026-11-06 10:20+01')
) as s(n, from_status, to_status, reason, at);
-- The author's role and organisation are stamped by a trigger; the display name comes from the
-- session, absent here.
update app.candidature_transitions x set actor_name = u.raw_user_meta_data ->> 'display_name'
from auth.users u where u.id = x.actor_user_id and x.candidature_id::text like '70000000-%';

-- Participants assigned to a market (20261122230000_market_assignments.sql) ---------------------
-- A person of the Arques-la-Bataille site moves to EPR2 Penly lot 2 (company B,
-- entreprise2@demo.test): assigned by the demo facilitator of Dieppe-Maritime, no hours declared
-- there yet, so the company's monthly form lists them with an empty line.
insert into app.market_assignments (market_id, participant_id, assigned_on, created_by)
values ('50000000-0000-0000-0000-000000000002', pg_temp.demo_uuid('arques:1'), date '2026-11-02',
        '30000000-0000-0000-0000-000000000001');

-- Contact addresses of the two demo companies of EPR2 Penly: they receive the e-mail announcing
-- a file transmitted by the facilitator (20261123002000_candidature_notifications.sql).
update app.organisations set contact_email = 'entreprise@demo.test' where id = '20000000-0000-0000-0000-000000000061';
update app.organisations set contact_email = 'entreprise2@demo.test' where id = '20000000-0000-0000-0000-000000000062';

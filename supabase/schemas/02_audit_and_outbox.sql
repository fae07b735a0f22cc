-- Audit and outbox: the audit log (app.audit_row, triggered by the tables of later files) and the
-- outbox of e-mails the worker sends.
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.

-- Audit log of changes to personal and hour data, and the outbox of e-mails to send.

create table app.audit_log (
  id bigint generated always as identity primary key,
  table_name text not null,
  row_id uuid not null,
  action text not null check (action in ('insert', 'update', 'delete', 'read')),
  territory_id uuid references app.territories (id),
  actor_user_id uuid,
  actor_role text,
  changed_columns text[] not null default '{}',
  changes jsonb,
  at timestamptz not null default now()
);
comment on column app.audit_log.changes is 'Anciennes et nouvelles valeurs, seulement pour les données d''heures (jamais pour les données personnelles).';
create index audit_log_row_idx on app.audit_log (table_name, row_id);
create index audit_log_at_idx on app.audit_log (at);
create index audit_log_territory_idx on app.audit_log (territory_id);

-- Written by triggers only. SECURITY DEFINER because nobody may insert into the log directly
-- (no insert grant), yet every change by any role must be logged. The territory is the row's,
-- or that of the row's market (market assignments). actor_role is the role the request runs as
-- (anon, authenticated, service_role: PostgREST's `set local role`), kept in the `role` setting:
-- current_user inside a SECURITY DEFINER function is its owner, not the caller. A session
-- without one (a migration, the SQL editor) records current_user.
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
    coalesce(nullif(current_setting('role', true), 'none'), current_user),
    cols,
    case when keep_values then jsonb_build_object(
      'old', (select jsonb_object_agg(key, value) from jsonb_each(old_row) where key = any (cols)),
      'new', (select jsonb_object_agg(key, value) from jsonb_each(new_row) where key = any (cols)))
    end);
  return null;
end;
$$;
revoke execute on function app.audit_row() from public, anon, authenticated;

alter table app.audit_log enable row level security;
grant select on app.audit_log to authenticated;
create policy audit_log_select_facilitator on app.audit_log for select to authenticated
  using (territory_id in (select app.my_facilitated_territories()));

create table app.outbox (
  id uuid primary key default gen_random_uuid(),
  template text not null check (template in (
    'candidature_acknowledgement', 'candidature_facilitator_notice', 'shortlist_to_company',
    'candidature_company_decision', 'declaration_reminder', 'declaration_rejected', 'candidature_expired',
    'candidature_outcome')),
  recipient text not null,
  payload jsonb not null default '{}'::jsonb,
  dedupe_key text unique,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_pending_idx on app.outbox (next_attempt_at) where status in ('pending', 'sending');
comment on table app.outbox is 'Courriels à envoyer, écrits dans la même transaction que l''action qui les cause ; un envoi raté est réessayé.';

alter table app.outbox enable row level security;

-- Actions write their e-mails in the same transaction; only the worker (service role) reads them.
grant insert on app.outbox to anon, authenticated;
create policy outbox_insert_anon on app.outbox for insert to anon, authenticated
  with check (status = 'pending' and attempts = 0);

-- Who gave or took away access, and when (the log keeps ids, never e-mails).
create trigger memberships_audit after insert or update or delete on app.memberships
  for each row execute function app.audit_row('with_values');

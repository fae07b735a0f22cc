-- A tiny schema following the project's conventions (tables in `app`, API functions in `public`,
-- EXECUTE granted per function), so the stand-in is tested without the project's migrations.

create schema app;
grant usage on schema app to anon, authenticated, service_role;

-- Users: password 'demo-clauses-2026' (src/local-supabase/demo.ts).
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
values
  ('00000000-0000-0000-0000-000000000000', '11111111-1111-4111-8111-111111111111', 'authenticated', 'authenticated',
   'alice@example.test', extensions.crypt('demo-clauses-2026', extensions.gen_salt('bf')), now(),
   '{"provider": "email", "providers": ["email"]}', '{"name": "Alice"}'),
  ('00000000-0000-0000-0000-000000000000', '22222222-2222-4222-8222-222222222222', 'authenticated', 'authenticated',
   'bob@example.test', extensions.crypt('demo-clauses-2026', extensions.gen_salt('bf')), now(),
   '{"provider": "email", "providers": ["email"]}', '{}'),
  ('00000000-0000-0000-0000-000000000000', '33333333-3333-4333-8333-333333333333', 'authenticated', 'authenticated',
   'unconfirmed@example.test', extensions.crypt('demo-clauses-2026', extensions.gen_salt('bf')), null,
   '{"provider": "email", "providers": ["email"]}', '{}');

-- Notes: each signed-in user reads and writes their own; anon has privileges but no policy.
create table app.notes (
  id bigint generated always as identity primary key,
  owner uuid default auth.uid(),
  body text not null check (length(body) > 0),
  amount numeric(10, 2),
  created_at timestamptz not null default now()
);
alter table app.notes enable row level security;
grant select, insert on app.notes to anon, authenticated, service_role;
grant usage on sequence app.notes_id_seq to anon, authenticated, service_role;
create policy notes_select_own on app.notes for select to authenticated using (owner = auth.uid());
create policy notes_insert_own on app.notes for insert to authenticated with check (owner = auth.uid());

create table app.counter (id int primary key, value int not null);
insert into app.counter values (1, 0);

create table app.unique_codes (code text primary key);

-- API -----------------------------------------------------------------------------------------

create function public.add_them(a integer, b integer) returns integer
language sql immutable as $$ select a + b $$;

create function public.greet(p_name text, p_greeting text default 'Bonjour') returns text
language sql immutable as $$ select p_greeting || ', ' || p_name $$;

create function public.echo_types(p_amount numeric, p_day date, p_at timestamptz, p_tags text[], p_payload jsonb, p_flag boolean default false)
returns jsonb
language sql immutable as $$
  select jsonb_build_object('amount', p_amount, 'day', p_day, 'at', p_at, 'tags', p_tags, 'payload', p_payload, 'flag', p_flag)
$$;

create function public.exact_amount() returns numeric
language sql immutable as $$ select 1.50::numeric $$;

create function public.series(n integer) returns setof integer
language sql immutable as $$ select generate_series(1, n) $$;

create function public.add_note(p_body text, p_amount numeric default null) returns app.notes
language sql as $$
  insert into app.notes (body, amount) values (p_body, p_amount) returning *
$$;

create function public.my_notes() returns table (id bigint, body text, amount numeric, owner uuid)
language sql stable as $$
  select n.id, n.body, n.amount, n.owner from app.notes n order by n.id
$$;

create function public.notes_count() returns bigint
language sql stable as $$ select count(*) from app.notes $$;

create function public.touch() returns void
language plpgsql security definer set search_path = '' as $$ begin update app.counter set value = value where id = 1; end $$;

create function public.request_info() returns json
language sql stable as $$
  select json_build_object(
    'current_user', current_user,
    'uid', auth.uid(),
    'role', auth.role(),
    'jwt_role', auth.jwt() ->> 'role',
    'method', current_setting('request.method', true),
    'path', current_setting('request.path', true),
    'client_info', current_setting('request.headers', true)::json ->> 'x-client-info',
    'read_only', current_setting('transaction_read_only'))
$$;

-- Bumps the counter and tells who the caller was, to check that concurrent calls never mix.
create function public.bump() returns json
language plpgsql security definer set search_path = '' as $$
declare
  v integer;
begin
  select value into v from app.counter where id = 1;
  update app.counter set value = v + 1 where id = 1;
  return json_build_object('count', v + 1, 'uid', auth.uid(), 'role', auth.role());
end
$$;

-- Errors with an SQLSTATE and a stable machine key in the hint.
create function public.raise_error(p_code text, p_hint text) returns void
language plpgsql as $$
begin
  raise exception 'raised %', p_code using errcode = p_code, hint = p_hint, detail = 'some detail';
end
$$;

create function public.add_code(p_code text) returns void
language sql security definer set search_path = '' as $$ insert into app.unique_codes values (p_code) $$;

-- Writes, then fails: nothing may remain.
create function public.write_then_fail(p_code text) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into app.unique_codes values (p_code);
  update app.counter set value = value + 1000 where id = 1;
  raise exception 'changed my mind' using errcode = 'P0001', hint = 'write_then_fail';
end
$$;

-- Declared stable but advances a sequence: PostgREST runs it read-only, so it must fail.
create sequence app.tickets;
create function public.stable_but_writes() returns bigint
language sql stable security definer set search_path = '' as $$ select nextval('app.tickets') $$;

-- Never granted to the API roles.
create function public.no_grant() returns integer
language sql immutable as $$ select 1 $$;

revoke execute on all functions in schema public from public, anon, authenticated, service_role;
grant execute on function public.add_them, public.greet, public.echo_types, public.exact_amount, public.series,
  public.touch, public.request_info, public.bump, public.raise_error, public.add_code, public.write_then_fail,
  public.stable_but_writes, public.add_note, public.my_notes, public.notes_count
  to anon, authenticated, service_role;

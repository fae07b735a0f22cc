-- Schemas and conventions shared by every other file of supabase/schemas (applied first).
--
-- Declarative schema (docs/decisions/2026-12-02-declarative-schemas.md): the current definition of
-- each object, once. Edit here, then generate the migration: node src/local-supabase/cli.ts db-diff <name>.
--
-- * Business tables live in schema `app`, which PostgREST does not expose. The public surface is
--   schema `public`: Postgres functions (called with supabase-js `.rpc()`) and views created
--   `with (security_invoker = true)`, so the caller's row-level security always applies.
-- * Every table has row-level security enabled and one permissive policy per command and role:
--   `<table>_<command>` when it serves several roles (one commented branch each),
--   `<table>_<command>_<role>` when it serves one.
-- * EXECUTE on new functions is revoked from everyone; each API function is granted explicitly
--   to the roles that need it.
-- * Errors are raised with an SQLSTATE class and a `hint` holding a stable machine key
--   (e.g. 'offer_closed'); the application maps the key to a French message and an HTTP status.
--     22023 invalid_parameter_value  -> bad input (400/422)
--     P0002 no_data_found            -> unknown or invisible row (404; raised as PT404, see app.fail)
--     42501 insufficient_privilege   -> not allowed (401/403)
--     55000 object_not_in_prerequisite_state -> action not possible in the current state (409; raised as PT409)

-- Function bodies are checked when called, not when created: a function may read a table of a
-- later file (pg_dump does the same).
set check_function_bodies = off;

-- Search ignores accents (« macon » finds « Maçon·ne »): Supabase's unaccent, in its extensions schema.
create extension if not exists unaccent with schema extensions;
grant execute on function extensions.unaccent(regdictionary, text) to anon, authenticated, service_role;
-- Substring search on a column held in that form (« eloise » finds « Éloïse ») uses a trigram
-- index: Supabase's pg_trgm, in the same schema.
create extension if not exists pg_trgm with schema extensions;

create schema if not exists app;
comment on schema app is 'Tables métier des clauses sociales (non exposées par l''API ; accès par les fonctions de public).';

grant usage on schema app to anon, authenticated, service_role;

-- Functions are private until granted: no EXECUTE for PUBLIC (a global default, which a
-- per-schema clause cannot remove), and none of Supabase's per-schema grants to the API roles.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
alter default privileges in schema public grant execute on functions to service_role;
alter default privileges in schema app grant execute on functions to service_role;

-- Tables in app are granted to anon and authenticated table by table, in the file that
-- creates them; the service role (server-side jobs) gets them all, RLS bypassed as on Supabase.
alter default privileges in schema app grant all on tables to service_role;
alter default privileges in schema app grant all on sequences to service_role;

-- Shared trigger: keep updated_at current.
create or replace function app.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- Raise a domain error: SQLSTATE class + machine key in the hint. PostgREST answers P0002 and
-- 55000 with HTTP 500 (its rules by class): a refusal must reach supabase-js and the logs as a
-- 4xx, so those two are raised as PostgREST's custom statuses PT404 and PT409 (the key stays
-- in the hint; src/server/errors.ts maps both forms).
create or replace function app.fail(errcode text, key text, message text default null) returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using
    errcode = case errcode when 'P0002' then 'PT404' when '55000' then 'PT409' else errcode end,
    message = coalesce(message, key), hint = key;
end;
$$;
grant execute on function app.fail(text, text, text) to anon, authenticated, service_role;
grant execute on function app.touch_updated_at() to anon, authenticated, service_role;

-- SIRET check (DOMAIN.md §13): Luhn on 14 digits, except La Poste (SIREN 356000000) whose
-- digit sum is a multiple of 5.
create or replace function app.is_valid_siret(siret text) returns boolean
language plpgsql immutable
set search_path = ''
as $$
declare
  total int := 0;
  digit int;
  i int;
begin
  if siret is null or siret !~ '^[0-9]{14}$' then
    return false;
  end if;
  if left(siret, 9) = '356000000' then
    for i in 1..14 loop
      total := total + substr(siret, i, 1)::int;
    end loop;
    return total % 5 = 0;
  end if;
  for i in 1..14 loop
    digit := substr(siret, 15 - i, 1)::int;
    if i % 2 = 0 then
      digit := digit * 2;
      if digit > 9 then digit := digit - 9; end if;
    end if;
    total := total + digit;
  end loop;
  return total % 10 = 0;
end;
$$;
grant execute on function app.is_valid_siret(text) to anon, authenticated, service_role;

-- The form a search compares: lower case, accents removed (« Éloïse » → « eloise »). Immutable
-- (unaccent with its dictionary named does not depend on the search_path), so that a generated
-- column and its index can hold it.
create or replace function app.search_key(p_text text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select extensions.unaccent('extensions.unaccent'::regdictionary, lower(p_text))
$$;
grant execute on function app.search_key(text) to anon, authenticated, service_role;

-- A LIKE pattern matching p_text anywhere in a search_key column, the user's % and _ taken
-- literally.
create or replace function app.search_pattern(p_text text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select '%' || replace(replace(replace(app.search_key(btrim(p_text)), '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;
grant execute on function app.search_pattern(text) to anon, authenticated, service_role;

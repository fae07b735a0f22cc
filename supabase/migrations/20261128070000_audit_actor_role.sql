-- The audit log's actor_role named the function's owner: app.audit_row is SECURITY DEFINER, so
-- current_user inside it is its owner, not the caller. The role the request runs as (anon,
-- authenticated, service_role: PostgREST's `set local role`) stays in the `role` setting; a
-- session without one (a migration, the SQL editor) keeps current_user.
--
-- Same function as in 20261123000000_integrity_fixes.sql, except for actor_role.
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

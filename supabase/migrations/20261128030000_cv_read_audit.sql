-- Who read a candidate's CV, and when (DOMAIN.md §11: the CV is the most personal file held
-- about a candidate; reading it is recorded like a change). public.candidature_cv, the only way
-- to a CV's path, writes one audit line per download: action `read`, the candidature, its
-- territory, the reader and the role they read it in. No content and no file name is copied.
--
-- No SECURITY DEFINER: a signed-in user may add a `read` line only for themselves and only for a
-- candidature with a CV that row-level security already lets them read; nobody may add any
-- other line (the triggers of app.audit_row keep writing the changes).

alter table app.audit_log drop constraint audit_log_action_check;
alter table app.audit_log add constraint audit_log_action_check check (action in ('insert', 'update', 'delete', 'read'));
comment on table app.audit_log is 'Journal des modifications des données personnelles et des heures, et des consultations de CV : qui, quand, quelles colonnes. Les valeurs des données personnelles n''y sont pas copiées.';

grant insert on app.audit_log to authenticated;
create policy audit_log_insert_cv_read on app.audit_log for insert to authenticated
  with check (
    action = 'read' and table_name = 'candidatures' and changed_columns = array['cv_path'] and changes is null
    and actor_user_id = (select auth.uid()) and actor_role = current_user
    and row_id in (select c.id from app.candidatures c where c.cv_path is not null)
    and territory_id = (select c.territory_id from app.candidatures c where c.id = row_id));

-- The private path of one candidature's CV and its reference, or no row; the read is recorded in
-- the same transaction (no path is handed out without its audit line).
create or replace function public.candidature_cv(p_candidature_id uuid)
returns table (path text, reference text)
language plpgsql volatile
set search_path = ''
as $$
declare
  c record;
begin
  select x.id, x.cv_path, x.reference, x.territory_id into c
  from app.candidatures x where x.id = p_candidature_id and x.cv_path is not null;
  if not found then
    return;
  end if;
  insert into app.audit_log (table_name, row_id, action, territory_id, actor_user_id, actor_role, changed_columns)
  values ('candidatures', c.id, 'read', c.territory_id, (select auth.uid()), current_user, array['cv_path']);
  return query select c.cv_path, c.reference;
end;
$$;
revoke execute on function public.candidature_cv(uuid) from public, anon;
grant execute on function public.candidature_cv(uuid) to authenticated;

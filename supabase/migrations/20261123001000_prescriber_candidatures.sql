-- A prescriber or SIAE signed in to the partner space who applies for a person through the
-- public form (mode « prescripteur ») follows that candidature in its space (DOMAIN.md §7): the
-- candidature is linked to the caller's prescriber or SIAE organisation, which then reads it and
-- its log (policies candidatures_select_prescriber, candidature_transitions_select_prescriber).
-- Anonymous submissions are unchanged. The link comes from the caller's memberships, never from
-- the form: a caller with several such organisations gets the one whose name they typed, else
-- the first by name. The service role (and the demo seed) set the link themselves.
create or replace function app.link_candidature_prescriber() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- The service role and migrations (the demo seed) set the link themselves.
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if new.submitted_by = 'prescriber' and (select auth.uid()) is not null then
    select o.id into new.prescriber_organisation_id
    from app.memberships m
    join app.organisations o on o.id = m.organisation_id
    where m.user_id = (select auth.uid()) and m.role in ('prescriber', 'siae')
    order by lower(o.name) = lower(coalesce(new.prescriber_organisation_name, '')) desc, o.name
    limit 1;
  else
    new.prescriber_organisation_id := null;
  end if;
  return new;
end;
$$;
grant execute on function app.link_candidature_prescriber() to anon, authenticated, service_role;
create trigger candidatures_link_prescriber before insert on app.candidatures
  for each row execute function app.link_candidature_prescriber();

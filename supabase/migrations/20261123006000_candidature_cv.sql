-- Reading a candidate's CV (stored privately: Supabase Storage bucket `cv`, read with the service
-- key by src/server/cv-storage.ts). Who may read it is decided here, by the row-level security of
-- the candidature: its territory's facilitator, the prescriber or SIAE that sent it, and the
-- company once the file is transmitted to it (the CV is what it chooses on). Nobody else gets
-- a path.

-- Which of these candidatures have a CV the caller may read (one call per page).
create or replace function public.candidatures_with_cv(p_ids uuid[])
returns setof uuid
language sql stable
set search_path = ''
as $$
  select c.id from app.candidatures c where c.id = any (p_ids) and c.cv_path is not null
$$;
grant execute on function public.candidatures_with_cv(uuid[]) to authenticated;

-- The private path of one candidature's CV and its reference, or no row.
create or replace function public.candidature_cv(p_candidature_id uuid)
returns table (path text, reference text)
language sql stable
set search_path = ''
as $$
  select c.cv_path, c.reference from app.candidatures c where c.id = p_candidature_id and c.cv_path is not null
$$;
grant execute on function public.candidature_cv(uuid) to authenticated;

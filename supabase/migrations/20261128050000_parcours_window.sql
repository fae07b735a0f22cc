-- The longest parcours of a participant's territory (DOMAIN.md §4, rule parameter
-- parcours_max_months): the participant's file shows until when the eligibility assessed at
-- entry holds (src/domain/parcours.ts) and flags a parcours past its term. SECURITY INVOKER:
-- row-level security on participants decides who may ask (the territory's facilitator).
create or replace function public.participant_parcours_months(p_participant_id uuid) returns int
language sql stable
set search_path = ''
as $$
  select t.parcours_max_months
  from app.participants p join app.territories t on t.id = p.territory_id
  where p.id = p_participant_id
$$;
revoke execute on function public.participant_parcours_months(uuid) from public, anon;
grant execute on function public.participant_parcours_months(uuid) to authenticated;

-- The markets a participant is on (assigned, or with hours declared there), for the parcours
-- section of the participant's file: when, with which company, and the hours validated on each.
-- SECURITY INVOKER: the row-level security of markets, assignments and declarations decides.
create or replace function public.participant_markets(p_participant_id uuid)
returns table (market_id uuid, title text, company_name text, market_status text, assigned_on date, hours_validated numeric)
language sql stable
set search_path = ''
as $$
  with on_market as (
    select a.market_id, a.assigned_on from app.market_assignments a where a.participant_id = p_participant_id
    union
    select d.market_id, null::date from app.hour_declarations d where d.participant_id = p_participant_id
  )
  select m.id, m.title, c.name, m.status, max(o.assigned_on),
         coalesce((select sum(d.hours) from app.hour_declarations d
                   where d.market_id = m.id and d.participant_id = p_participant_id and d.status = 'validated'), 0)
  from on_market o
  join app.markets m on m.id = o.market_id
  left join app.organisations c on c.id = m.company_id
  group by m.id, m.title, c.name, m.status
  order by max(o.assigned_on) nulls last, m.title
$$;
grant execute on function public.participant_markets(uuid) to authenticated;

-- E-mails about hour declarations, through the outbox (sent by the worker, with retries):
--   * declaration_rejected: when the facilitator refuses a line, the company's contact address
--     learns which market and month, and why, in the same transaction as the refusal;
--   * declaration_reminder: early each month, a running market on which nothing was declared for
--     the month before (the « déclarations en retard » of the facilitator's dashboard) gets one
--     reminder to its company, queued by public.queue_declaration_reminders, which the scheduled
--     function netlify/functions/declaration-reminders.mts calls with the service role.
-- No participant's name in them (DOMAIN.md §11): the company reads its lines in its space.

-- A refused line: one e-mail per refusal (a line refused again after correction gets another;
-- the transaction's time makes the key unique).
create or replace function app.notify_declaration_rejected() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v record;
begin
  if new.status <> 'rejected' or old.status = 'rejected' then
    return null;
  end if;
  select m.title, c.contact_email into v
  from app.markets m left join app.organisations c on c.id = m.company_id
  where m.id = new.market_id;
  if v.contact_email is not null then
    insert into app.outbox (template, recipient, payload, dedupe_key)
    values ('declaration_rejected', v.contact_email,
      jsonb_build_object('market', v.title, 'market_id', new.market_id, 'month', to_char(new.month, 'YYYY-MM'),
                         'reason', new.rejection_reason),
      'rejected:' || new.id || ':' || now());
  end if;
  return null;
end;
$$;
grant execute on function app.notify_declaration_rejected() to authenticated, service_role;
create trigger hour_declarations_notify_rejected after update of status on app.hour_declarations
  for each row execute function app.notify_declaration_rejected();

-- Reminders for the month before p_today's month: one per market and month however often it
-- runs (dedupe key). Returns how many were queued. Service role only (the scheduled function).
create or replace function public.queue_declaration_reminders(p_today date default current_date) returns int
language plpgsql
set search_path = ''
as $$
declare
  v_month date := (date_trunc('month', p_today) - interval '1 month')::date;
  queued int;
begin
  insert into app.outbox (template, recipient, payload, dedupe_key)
  select 'declaration_reminder', c.contact_email,
         jsonb_build_object('market', m.title, 'market_id', m.id, 'month', to_char(v_month, 'YYYY-MM'), 'territory', t.name),
         'reminder:' || m.id || ':' || to_char(v_month, 'YYYY-MM')
  from app.markets m
  join app.organisations c on c.id = m.company_id
  join app.territories t on t.id = m.territory_id
  where m.status = 'running' and c.contact_email is not null
    and coalesce(m.starts_on, v_month) <= v_month and coalesce(m.ends_on, v_month) >= v_month
    and not exists (select 1 from app.hour_declarations d where d.market_id = m.id and d.month = v_month)
  on conflict (dedupe_key) do nothing;
  get diagnostics queued = row_count;
  return queued;
end;
$$;
revoke execute on function public.queue_declaration_reminders(date) from public, anon, authenticated;
grant execute on function public.queue_declaration_reminders(date) to service_role;

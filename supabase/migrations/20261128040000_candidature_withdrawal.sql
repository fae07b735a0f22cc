-- A candidate withdraws (DOMAIN.md §7: `withdrawn` by the candidate), without an account: the
-- acknowledgement e-mail carries a link signed by the server (src/server/withdrawal.ts, HMAC
-- of the reference with a server-only key), and the page behind it calls this function with
-- the service role once the signature is checked. Nobody else may call it: a partner records a
-- withdrawal told by phone through public.transition_candidature.
--
-- Idempotent: a second click, or a candidature already closed, changes nothing and says why.
create or replace function public.withdraw_candidature(p_reference text)
returns table (status text, withdrawn boolean)
language plpgsql
set search_path = ''
as $$
declare
  c app.candidatures;
begin
  select * into c from app.candidatures x where x.reference = p_reference for update;
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  if c.status not in ('received', 'in_review', 'shortlisted', 'sent_to_company') then
    return query select c.status, false;
    return;
  end if;
  update app.candidatures x set status = 'withdrawn', last_contact_at = now() where x.id = c.id;
  insert into app.candidature_transitions (candidature_id, from_status, to_status, reason, actor_user_id)
  values (c.id, c.status, 'withdrawn', 'self_withdrawal', null);
  return query select 'withdrawn'::text, true;
end;
$$;
revoke execute on function public.withdraw_candidature(text) from public, anon, authenticated;
grant execute on function public.withdraw_candidature(text) to service_role;
comment on function public.withdraw_candidature(text) is
  'Retrait d''une candidature par la personne (lien signé de l''accusé de réception) ; service role seulement.';

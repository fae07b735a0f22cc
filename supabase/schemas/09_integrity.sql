-- Three gaps closed after review of the partner space:
--   1. a market's buyer and company must be organisations of the right kind and of the market's
--      territory: public.create_market accepted any organisation id, so a facilitator could, by a
--      forged form field, give another territory's company access to a market and its people;
--   2. assignments of participants to markets are in the audit log like the other changes to
--      personal data (DOMAIN.md §11), with their territory;
--   3. the access-request export (RGPD art. 15) lists the markets a person is assigned to.
-- Errors are app.fail keys mapped in src/server/errors.ts; tests in
-- test/integration/integrity-fixes.test.ts.

-- 1. Buyer and company of a market ------------------------------------------------------------

-- SECURITY INVOKER: a facilitator sees the organisations of their territories only, so an
-- organisation they cannot see is refused the same way as one of the wrong kind or territory.
-- An organisation without territory (a national body) may be attached anywhere.
create or replace function app.check_market_organisations() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.buyer_id is not null and (tg_op = 'INSERT' or new.buyer_id is distinct from old.buyer_id)
     and not exists (select 1 from app.organisations o
                     where o.id = new.buyer_id and o.kind = 'buyer'
                       and (o.territory_id is null or o.territory_id = new.territory_id)) then
    perform app.fail('22023', 'buyer_invalid');
  end if;
  if new.company_id is not null and (tg_op = 'INSERT' or new.company_id is distinct from old.company_id)
     and not exists (select 1 from app.organisations o
                     where o.id = new.company_id and o.kind in ('company', 'siae')
                       and (o.territory_id is null or o.territory_id = new.territory_id)) then
    perform app.fail('22023', 'company_invalid');
  end if;
  return new;
end;
$$;
grant execute on function app.check_market_organisations() to authenticated, service_role;
create trigger markets_organisations before insert or update of buyer_id, company_id, territory_id on app.markets
  for each row execute function app.check_market_organisations();

-- 2. Assignments in the audit log -------------------------------------------------------------

comment on column app.market_assignments.id is 'Identifiant de l''affectation (journal d''audit).';

create trigger market_assignments_audit after insert or update or delete on app.market_assignments
  for each row execute function app.audit_row('with_values');

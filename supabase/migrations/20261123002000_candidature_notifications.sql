-- E-mails of the candidature pipeline, written to the outbox in the same transaction as the step
-- that causes them (the worker sends them with retries, like the acknowledgement):
--   * a file transmitted to the company: to the company's contact address;
--   * the company's decision (hire, or not retained): to the territory's facilitator address.
-- No personal data in them (DOMAIN.md §11): the reference, the offer and the market; the
-- recipient reads the person's file in the partner space. An organisation or territory without
-- a contact address gets no e-mail (the step is still done and shown in the space). Each step
-- happens once per candidature (the pipeline never goes back), hence one dedupe key per step.
-- SECURITY INVOKER: the facilitator who transmits reads the company of the market (its
-- territory); the company that decides reads its own market and the public territories.
alter table app.outbox drop constraint outbox_template_check;
alter table app.outbox add constraint outbox_template_check check (template in (
  'candidature_acknowledgement', 'candidature_facilitator_notice', 'shortlist_to_company',
  'candidature_company_decision', 'declaration_reminder', 'declaration_rejected'));

create or replace function app.notify_candidature_step() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_offer record;
  v_territory record;
  v_recipient text;
begin
  if new.status is not distinct from old.status or new.job_offer_id is null then
    return null;
  end if;
  select o.trade, m.title as market_title, c.contact_email as company_email into v_offer
  from app.job_offers o
  left join app.markets m on m.id = o.market_id
  left join app.organisations c on c.id = m.company_id
  where o.id = new.job_offer_id;
  select t.name, t.facilitator_contact_email into v_territory from app.territories t where t.id = new.territory_id;

  if new.status = 'sent_to_company' then
    v_recipient := v_offer.company_email;
    if v_recipient is not null then
      insert into app.outbox (template, recipient, payload, dedupe_key)
      values ('shortlist_to_company', v_recipient,
        jsonb_build_object('reference', new.reference, 'territory', v_territory.name, 'offer', v_offer.trade,
                           'market', v_offer.market_title),
        'sent-to-company:' || new.id);
    end if;
  elsif old.status = 'sent_to_company' and new.status in ('hired', 'declined') then
    v_recipient := v_territory.facilitator_contact_email;
    if v_recipient is not null then
      insert into app.outbox (template, recipient, payload, dedupe_key)
      values ('candidature_company_decision', v_recipient,
        jsonb_build_object('reference', new.reference, 'territory', v_territory.name, 'offer', v_offer.trade,
                           'market', v_offer.market_title, 'decision', new.status),
        'company-decision:' || new.id);
    end if;
  end if;
  return null;
end;
$$;
grant execute on function app.notify_candidature_step() to authenticated, service_role;
create trigger candidatures_notify after update of status on app.candidatures
  for each row execute function app.notify_candidature_step();

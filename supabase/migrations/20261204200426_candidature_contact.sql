SET local check_function_bodies = off;

DROP POLICY "audit_log_insert_cv_read" ON "app"."audit_log";

ALTER TABLE "app"."outbox"
  DROP CONSTRAINT "outbox_template_check";

CREATE OR REPLACE FUNCTION app.notify_candidature_step()
  RETURNS TRIGGER
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  v_offer record;
  v_territory record;
  v_recipient text;
begin
  if new.status is not distinct from old.status then
    return null;
  end if;
  select t.name, t.facilitator_contact_email into v_territory from app.territories t where t.id = new.territory_id;
  -- The person (or the prescriber who applied for them) learns the outcome: hired, or not
  -- retained — never the reason, which could hurt and is not theirs to argue by e-mail. A
  -- candidature given with a phone number only gets no e-mail: the facilitator calls.
  if new.status in ('hired', 'declined') then
    v_recipient := case when new.submitted_by = 'prescriber' then new.prescriber_email else new.email end;
    if v_recipient is not null then
      insert into app.outbox (template, recipient, payload, dedupe_key)
      values ('candidature_outcome', lower(trim(v_recipient)),
        jsonb_build_object('reference', new.reference, 'territory', v_territory.name,
                           'offer', (select o.trade from app.job_offers o where o.id = new.job_offer_id),
                           'submitted_by', new.submitted_by, 'outcome', new.status),
        'outcome:' || new.id)
      on conflict do nothing;
    end if;
  end if;
  if new.job_offer_id is null then
    return null;
  end if;
  select o.trade, m.title as market_title, c.contact_email as company_email into v_offer
  from app.job_offers o
  left join app.markets m on m.id = o.market_id
  left join app.organisations c on c.id = m.company_id
  where o.id = new.job_offer_id;

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
$function$;

CREATE OR REPLACE FUNCTION public.candidature_contact (
  p_candidature_id uuid
)
  RETURNS TABLE (
    reference                    text,
    first_name                   text,
    last_name                    text,
    email                        text,
    phone                        text,
    submitted_by                 text,
    prescriber_name              text,
    prescriber_email             text,
    prescriber_organisation_name text
  )
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  c record;
  v_full boolean;
begin
  select x.id, x.reference, x.territory_id, x.first_name, x.last_name, x.email, x.phone, x.submitted_by,
         x.prescriber_name, x.prescriber_email, x.prescriber_organisation_name, x.prescriber_organisation_id into c
  from app.candidatures x where x.id = p_candidature_id;
  if not found then
    perform app.fail('P0002', 'candidature_not_found');
  end if;
  v_full := c.territory_id in (select app.my_facilitated_territories())
         or c.prescriber_organisation_id in (select app.my_organisations());
  insert into app.audit_log (table_name, row_id, action, territory_id, actor_user_id, actor_role, changed_columns)
  values ('candidatures', c.id, 'read', c.territory_id, (select auth.uid()), current_user,
          case when v_full then array['email', 'phone', 'prescriber_email'] else array['email', 'phone'] end);
  return query select c.reference, c.first_name, c.last_name, c.email, c.phone, c.submitted_by,
    case when v_full then c.prescriber_name end, case when v_full then c.prescriber_email end,
    case when v_full then c.prescriber_organisation_name end;
end;
$function$;

REVOKE ALL ON FUNCTION "public"."candidature_contact"(uuid) FROM PUBLIC, "anon";

ALTER TABLE "app"."outbox"
  ADD CONSTRAINT "outbox_template_check"
    CHECK
    ((template = ANY (ARRAY['candidature_acknowledgement'::text, 'candidature_facilitator_notice'::text, 'shortlist_to_company'::text, 'candidature_company_decision'::text,
    'declaration_reminder'::text, 'declaration_rejected'::text, 'candidature_expired'::text, 'candidature_outcome'::text])));

CREATE POLICY "audit_log_insert_read" ON "app"."audit_log"
  FOR INSERT
  TO "authenticated"
  WITH
    CHECK
    (((action = 'read'::text) AND (table_name = 'candidatures'::text) AND (changes IS NULL) AND (actor_user_id = ( SELECT auth.uid() AS uid)) AND (actor_role = CURRENT_USER) AND
    (territory_id = ( SELECT c.territory_id
   FROM app.candidatures c
  WHERE (c.id = audit_log.row_id))) AND (((changed_columns = ARRAY['cv_path'::text]) AND (row_id IN ( SELECT c.id
   FROM app.candidatures c
  WHERE (c.cv_path IS
    NOT NULL)))) OR
    (((changed_columns = ARRAY['email'::text, 'phone'::text]) OR (changed_columns = ARRAY['email'::text, 'phone'::text, 'prescriber_email'::text])) AND (row_id IN ( SELECT c.id
   FROM app.candidatures c))))));

GRANT EXECUTE ON FUNCTION "public"."candidature_contact"(uuid) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."candidature_contact"(uuid) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."candidature_contact"(uuid) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."candidature_contact"(uuid) TO "service_role";

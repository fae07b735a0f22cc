SET local check_function_bodies = off;

DROP FUNCTION "public"."list_candidatures"(text);

CREATE OR REPLACE FUNCTION public.list_candidatures (
  p_status text DEFAULT NULL::text
)
  RETURNS TABLE (
    id                           uuid,
    reference                    text,
    status                       text,
    created_at                   timestamp with time zone,
    offer_id                     uuid,
    offer_trade                  text,
    market_title                 text,
    territory_slug               text,
    first_name                   text,
    last_name                    text,
    commune                      text,
    eligibility                  text[],
    availability                 text,
    mobility                     text[],
    message                      text,
    submitted_by                 text,
    prescriber_organisation_name text,
    refusal_reason               text,
    transmitted_at               timestamp with time zone,
    last_contact_at              timestamp with time zone,
    participant_id               uuid,
    log                          json,
    eligibility_retained         text[],
    eligibility_proofs_seen      text[],
    eligibility_checked_at       timestamp with time zone
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select c.id, c.reference, c.status, c.created_at, o.id, o.trade, m.title, t.slug, c.first_name, c.last_name, c.commune,
         c.eligibility, c.availability, c.mobility, c.message, c.submitted_by, c.prescriber_organisation_name, c.refusal_reason,
         c.transmitted_at, c.last_contact_at, c.participant_id,
         coalesce((select json_agg(l) from public.candidature_log(c.id) l), '[]'),
         -- The facilitator's eligibility check is the facilitator's own: a prescriber reads what it declared.
         case when f.facilitated then c.eligibility_retained end, case when f.facilitated then c.eligibility_proofs_seen end,
         case when f.facilitated then c.eligibility_checked_at end
  from app.candidatures c
  cross join lateral (select c.territory_id in (select app.my_facilitated_territories()) as facilitated) f
  join app.territories t on t.id = c.territory_id
  left join app.job_offers o on o.id = c.job_offer_id
  left join app.markets m on m.id = o.market_id
  where (p_status is null or c.status = p_status)
    and (c.territory_id in (select app.my_facilitated_territories())
      or c.prescriber_organisation_id in (select app.my_organisations()))
  order by c.created_at desc
  limit 500
$function$;

REVOKE ALL ON FUNCTION "public"."list_candidatures"(text) FROM PUBLIC, "anon";

GRANT EXECUTE ON FUNCTION "public"."list_candidatures"(text) TO "authenticated";

REVOKE ALL ON FUNCTION "public"."list_candidatures"(text) FROM "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_candidatures"(text) TO "postgres";

GRANT EXECUTE ON FUNCTION "public"."list_candidatures"(text) TO "service_role";

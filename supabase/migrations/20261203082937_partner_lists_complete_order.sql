SET local check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.list_markets()
  RETURNS TABLE (
    id                  uuid,
    title               text,
    territory_slug      text,
    operation_name      text,
    buyer_name          text,
    company_name        text,
    clause_type         text,
    estimated_amount_ht numeric,
    hours_due           numeric,
    hours_submitted     numeric,
    hours_validated     numeric,
    starts_on           date,
    ends_on             date,
    status              text
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select m.id, m.title, t.slug, op.name, b.name, c.name, m.clause_type, m.estimated_amount_ht, m.hours_due,
         coalesce(h.submitted, 0), coalesce(h.validated, 0),
         m.starts_on, m.ends_on, m.status
  from app.markets m
  join app.territories t on t.id = m.territory_id
  left join lateral (
    select sum(x.hours) filter (where x.status = 'submitted') as submitted, sum(x.hours) filter (where x.status = 'validated') as validated
    from app.market_month_hours x where x.market_id = m.id
  ) h on true
  left join app.operations op on op.id = m.operation_id
  left join app.organisations b on b.id = m.buyer_id
  left join app.organisations c on c.id = m.company_id
  order by m.starts_on desc nulls last, m.title, m.id
$function$;

CREATE OR REPLACE FUNCTION public.list_organisations (
  p_kind text DEFAULT NULL::text
)
  RETURNS TABLE (
    id             uuid,
    name           text,
    kind           text,
    territory_slug text
  )
  LANGUAGE sql
  STABLE
  SET search_path TO ''
  AS $function$
  select o.id, o.name, o.kind, t.slug from app.organisations o left join app.territories t on t.id = o.territory_id
  where p_kind is null or o.kind = p_kind
  order by o.name, o.id
$function$;

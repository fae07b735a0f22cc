SET local check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.save_month_declaration (
  p_market_id uuid,
  p_month     date,
  p_lines     jsonb,
  p_submit    boolean DEFAULT false
)
  RETURNS integer
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
declare
  line jsonb;
  saved int := 0;
begin
  if jsonb_typeof(p_lines) is distinct from 'array' or jsonb_array_length(p_lines) = 0 then
    perform app.fail('22023', 'lines_required');
  end if;
  for line in select value from jsonb_array_elements(p_lines) loop
    -- Hours and amounts are JSON numbers: a string would be cast by numeric's own input, which
    -- takes what no form sends ('0x10' is 16, '1_000', 'NaN', 'Infinity').
    if jsonb_typeof(line) is distinct from 'object'
       or coalesce(jsonb_typeof(line -> 'hours'), 'null') not in ('number', 'null') then
      perform app.fail('22023', 'hours_invalid');
    end if;
    if coalesce(jsonb_typeof(line -> 'invoiced_amount_ht'), 'null') not in ('number', 'null') then
      perform app.fail('22023', 'invoiced_amount_required');
    end if;
    perform public.save_hour_declaration(
      p_market_id,
      (line ->> 'participant_id')::uuid,
      p_month,
      line ->> 'realisation_mode',
      (line ->> 'hours')::numeric,
      (line ->> 'invoiced_amount_ht')::numeric,
      (line ->> 'employer_id')::uuid,
      null);
    saved := saved + 1;
  end loop;
  if p_submit then
    perform public.submit_hour_declarations(p_market_id, p_month);
  end if;
  return saved;
end;
$function$;

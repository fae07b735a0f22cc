SET local check_function_bodies = off;

CREATE OR REPLACE FUNCTION app.fail (
  errcode text,
  key     text,
  message text DEFAULT NULL::text
)
  RETURNS void
  LANGUAGE plpgsql
  SET search_path TO ''
  AS $function$
begin
  raise exception using
    errcode = case errcode when 'P0002' then 'PT404' when '55000' then 'PT409' else errcode end,
    message = coalesce(message, key), hint = key;
end;
$function$;

-- Public API: a job seeker or a prescriber applies, with no account.
-- One call = one transaction: the candidature, its first transition-log entry and two outbox
-- e-mails (acknowledgement, notice to the territory's facilitator). Exactly once: the form's
-- idempotency key makes a replay return the same reference and write nothing new; the same
-- key with another payload is refused.

-- Closed offers stay readable (a job ad is public), so that an application to one gets a clear
-- "offer closed" answer rather than "not found".
drop policy job_offers_select_anon on app.job_offers;
create policy job_offers_select_anon on app.job_offers for select to anon
  using (status in ('published', 'closed'));

-- Private bucket for CVs (Supabase Storage in production; locally the app stores files in a
-- git-ignored folder instead, behind src/server/cv-storage.ts).
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('cv', 'cv', false, 5242880, array['application/pdf'])
on conflict (id) do nothing;

-- SECURITY DEFINER: anon may not read candidatures back (no select policy), yet a replayed
-- submission must find the one its own idempotency key created. Returns only the reference
-- and the payload fingerprint of that one row.
create or replace function app.candidature_by_idempotency_key(p_key uuid)
returns table (reference text, payload_hash text)
language sql stable security definer
set search_path = ''
as $$
  select c.reference, c.payload_hash from app.candidatures c where c.idempotency_key = p_key
$$;
grant execute on function app.candidature_by_idempotency_key(uuid) to anon, authenticated, service_role;

create or replace function public.submit_candidature(
  p_idempotency_key uuid,
  p_payload_hash text,
  p_first_name text,
  p_last_name text,
  p_commune text,
  p_notice_acknowledged boolean,
  p_job_offer_id uuid default null,
  p_territory_slug text default null,
  p_email text default null,
  p_phone text default null,
  p_eligibility text[] default '{}',
  p_availability text default null,
  p_mobility text[] default '{}',
  p_message text default null,
  p_cv_path text default null,
  p_submitted_by text default 'candidate',
  p_prescriber_organisation_name text default null,
  p_prescriber_name text default null,
  p_prescriber_email text default null
) returns table (reference text, replayed boolean)
language plpgsql
set search_path = ''
as $$
declare
  previous record;
  offer app.job_offers;
  territory app.territories;
  new_id uuid := gen_random_uuid();
  new_reference text;
  acknowledgement_to text;
begin
  if p_idempotency_key is null or p_payload_hash is null or length(p_payload_hash) < 16 then
    perform app.fail('22023', 'idempotency_key_missing');
  end if;
  select * into previous from app.candidature_by_idempotency_key(p_idempotency_key);
  if found then
    if previous.payload_hash <> p_payload_hash then
      perform app.fail('22023', 'idempotency_key_reused');
    end if;
    return query select previous.reference, true;
    return;
  end if;

  if p_notice_acknowledged is not true then
    perform app.fail('22023', 'notice_not_acknowledged');
  end if;
  if p_job_offer_id is not null then
    select * into offer from app.job_offers where id = p_job_offer_id;
    if not found then
      perform app.fail('P0002', 'offer_not_found');
    end if;
    if offer.status <> 'published' or (offer.closes_on is not null and offer.closes_on < current_date) then
      perform app.fail('55000', 'offer_closed');
    end if;
    select * into territory from app.territories where id = offer.territory_id;
  else
    select * into territory from app.territories where slug = p_territory_slug;
    if not found then
      perform app.fail('P0002', 'territory_not_found');
    end if;
  end if;
  if p_submitted_by not in ('candidate', 'prescriber') then
    perform app.fail('22023', 'submitted_by_invalid');
  end if;
  if p_submitted_by = 'prescriber' and (p_prescriber_name is null or p_prescriber_email is null or p_prescriber_organisation_name is null) then
    perform app.fail('22023', 'prescriber_contact_required');
  end if;
  if p_email is null and p_phone is null then
    perform app.fail('22023', 'contact_required');
  end if;

  new_reference := 'CS-' || to_char(now(), 'YYYY') || '-' || upper(substr(replace(new_id::text, '-', ''), 1, 8));
  begin
    insert into app.candidatures (id, reference, territory_id, job_offer_id, first_name, last_name, email, phone,
      commune, eligibility, availability, mobility, message, cv_path, submitted_by, prescriber_organisation_name,
      prescriber_name, prescriber_email, notice_acknowledged_at, idempotency_key, payload_hash)
    values (new_id, new_reference, territory.id, p_job_offer_id, trim(p_first_name), trim(p_last_name),
      lower(trim(p_email)), trim(p_phone), trim(p_commune), coalesce(p_eligibility, '{}'), p_availability,
      coalesce(p_mobility, '{}'), nullif(trim(p_message), ''), p_cv_path, p_submitted_by,
      p_prescriber_organisation_name, p_prescriber_name, lower(trim(p_prescriber_email)), now(),
      p_idempotency_key, p_payload_hash);
  exception when unique_violation then
    -- A concurrent replay of the same submission won the race: answer as a replay.
    select * into previous from app.candidature_by_idempotency_key(p_idempotency_key);
    if found and previous.payload_hash = p_payload_hash then
      return query select previous.reference, true;
      return;
    end if;
    perform app.fail('22023', 'idempotency_key_reused');
  end;

  insert into app.candidature_transitions (candidature_id, from_status, to_status)
  values (new_id, null, 'received');

  acknowledgement_to := case when p_submitted_by = 'prescriber' then lower(trim(p_prescriber_email)) else lower(trim(p_email)) end;
  if acknowledgement_to is not null then
    insert into app.outbox (template, recipient, payload, dedupe_key)
    values ('candidature_acknowledgement', acknowledgement_to,
      jsonb_build_object('reference', new_reference, 'territory', territory.name, 'offer', offer.trade,
                         'submitted_by', p_submitted_by),
      'ack:' || new_id);
  end if;
  if territory.facilitator_contact_email is not null then
    insert into app.outbox (template, recipient, payload, dedupe_key)
    values ('candidature_facilitator_notice', territory.facilitator_contact_email,
      jsonb_build_object('reference', new_reference, 'territory', territory.name, 'offer', offer.trade),
      'notice:' || new_id);
  end if;
  return query select new_reference, false;
end;
$$;
grant execute on function public.submit_candidature(uuid, text, text, text, text, boolean, uuid, text, text, text,
  text[], text, text[], text, text, text, text, text, text) to anon, authenticated;

-- The outbox worker (service role only): claim a batch, then report each result.
create or replace function public.outbox_claim(p_limit int default 20)
returns setof app.outbox
language sql
set search_path = ''
as $$
  update app.outbox o set status = 'sending', attempts = o.attempts + 1
  where o.id in (
    select id from app.outbox
    where status in ('pending', 'sending') and next_attempt_at <= now() and attempts < 8
    order by next_attempt_at
    limit p_limit
    for update skip locked)
  returning o.*
$$;

create or replace function public.outbox_report(p_id uuid, p_sent boolean, p_error text default null) returns void
language sql
set search_path = ''
as $$
  update app.outbox set
    status = case when p_sent then 'sent' when attempts >= 8 then 'failed' else 'pending' end,
    sent_at = case when p_sent then now() end,
    last_error = case when p_sent then null else left(p_error, 500) end,
    -- Exponential back-off: 1, 2, 4… minutes.
    next_attempt_at = case when p_sent then next_attempt_at else now() + make_interval(mins => power(2, attempts - 1)::int) end
  where id = p_id
$$;
revoke execute on function public.outbox_claim(int), public.outbox_report(uuid, boolean, text) from anon, authenticated;
grant execute on function public.outbox_claim(int), public.outbox_report(uuid, boolean, text) to service_role;

-- One job offer, open or closed (a closed offer's page says so instead of disappearing).
create or replace function public.get_job_offer(p_id uuid)
returns table (
  id uuid, territory_slug text, territory_name text, trade text, description text, place text,
  contract_type text, hours_per_week numeric, duration_weeks int, positions int, starts_on date,
  company_name text, published_at timestamptz, closes_on date, is_open boolean,
  retention_candidate_months int, facilitator_contact_email text
)
language sql stable
set search_path = ''
as $$
  select o.id, t.slug, t.name, o.trade, o.description, o.place, o.contract_type, o.hours_per_week,
         o.duration_weeks, o.positions, o.starts_on,
         case when o.company_anonymous then null else o.company_public_name end,
         o.published_at, o.closes_on,
         o.status = 'published' and (o.closes_on is null or o.closes_on >= current_date),
         t.retention_candidate_months, t.facilitator_contact_email
  from app.job_offers o
  join app.territories t on t.id = o.territory_id
  where o.id = p_id and o.status in ('published', 'closed')
$$;
grant execute on function public.get_job_offer(uuid) to anon, authenticated;

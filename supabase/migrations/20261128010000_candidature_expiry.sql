-- Candidatures expire after a period with no decision (DOMAIN.md §7, rule parameter
-- app.territories.candidature_expiry_days): a candidature still waiting (received, in review,
-- shortlisted, or transmitted to the company) whose last step is older than the territory's
-- period becomes `expired`, with a log line, and the person (or the prescriber who applied for
-- them) is told by e-mail that nothing came of it, so nobody waits forever.
--
-- Run every day by a scheduled function with the service role; `p_now` is passed in so the rule
-- is tested at any date. One transaction for the whole run. The e-mail holds the reference, the
-- territory and the offer, nothing else (DOMAIN.md §11).

-- When a waiting candidature will expire: its last step (the later of its last contact and its
-- last log line) plus its territory's period. One definition for the job and for the pages.
create or replace function app.candidature_expires_at(c app.candidatures) returns timestamptz
language sql stable
set search_path = ''
as $$
  select greatest(c.last_contact_at,
           coalesce((select max(x.created_at) from app.candidature_transitions x where x.candidature_id = c.id), c.created_at))
         + make_interval(days => t.candidature_expiry_days)
  from app.territories t where t.id = c.territory_id
$$;
revoke execute on function app.candidature_expires_at(app.candidatures) from public, anon;
grant execute on function app.candidature_expires_at(app.candidatures) to authenticated, service_role;

alter table app.outbox drop constraint outbox_template_check;
alter table app.outbox add constraint outbox_template_check check (template in (
  'candidature_acknowledgement', 'candidature_facilitator_notice', 'shortlist_to_company',
  'candidature_company_decision', 'declaration_reminder', 'declaration_rejected', 'candidature_expired'));

create or replace function public.expire_candidatures(p_now timestamptz default now()) returns json
language plpgsql
set search_path = ''
as $$
declare
  v_count int;
begin
  with stale as (
    select c.id, c.status, c.reference, c.submitted_by, t.name as territory, t.candidature_expiry_days as days,
           o.trade as offer,
           case when c.submitted_by = 'prescriber' then c.prescriber_email else c.email end as recipient
    from app.candidatures c
    join app.territories t on t.id = c.territory_id
    left join app.job_offers o on o.id = c.job_offer_id
    where c.status in ('received', 'in_review', 'shortlisted', 'sent_to_company')
      and app.candidature_expires_at(c) < p_now
    for update of c
  ), moved as (
    update app.candidatures c set status = 'expired', last_contact_at = p_now
    from stale s where s.id = c.id
    returning c.id
  ), logged as (
    insert into app.candidature_transitions (candidature_id, from_status, to_status, reason, actor_user_id, created_at)
    select s.id, s.status, 'expired', 'no_decision', null, p_now from stale s
  ), mailed as (
    insert into app.outbox (template, recipient, payload, dedupe_key)
    select 'candidature_expired', lower(trim(s.recipient)),
      jsonb_build_object('reference', s.reference, 'territory', s.territory, 'offer', s.offer,
                         'submitted_by', s.submitted_by, 'days', s.days),
      'expired:' || s.id
    from stale s where s.recipient is not null
    on conflict do nothing
  )
  select count(*) into v_count from moved;
  return json_build_object('candidatures_expired', v_count);
end;
$$;
revoke execute on function public.expire_candidatures(timestamptz) from public, anon, authenticated;
grant execute on function public.expire_candidatures(timestamptz) to service_role;
comment on function public.expire_candidatures(timestamptz) is
  'Passe à « expirée » les candidatures sans décision depuis le délai du territoire, avec une ligne de journal et un courriel à la personne ou au prescripteur.';

-- The expiry date of the listed candidatures still waiting that the caller may read (RLS: the
-- facilitator, the prescriber who applied, the company once a file is transmitted), so each
-- page says until when a decision is expected.
create or replace function public.candidature_expiry_dates(p_ids uuid[])
returns table (id uuid, expires_at timestamptz)
language sql stable
set search_path = ''
as $$
  select c.id, app.candidature_expires_at(c)
  from app.candidatures c
  where c.id = any (p_ids) and c.status in ('received', 'in_review', 'shortlisted', 'sent_to_company')
$$;
revoke execute on function public.candidature_expiry_dates(uuid[]) from public, anon;
grant execute on function public.candidature_expiry_dates(uuid[]) to authenticated;

// The hours per market, month and status (app.market_month_hours) that the partner pages show,
// and the validated hours per person and year (app.validated_person_year_hours) that
// publications read, are kept by triggers on the lines: after every kind of write a user makes (a company saves,
// corrects and submits its month, the facilitator validates and rejects, a line is deleted),
// they equal the sum of the lines, and the pages' totals follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { markets } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
let company: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
  company = await local.signIn('entreprise@demo.test');
});
afterAll(async () => { await local.close(); });

/** (market, month, status) totals that differ between the tally and the lines themselves. */
async function drift(): Promise<unknown[]> {
  const { rows } = await local.db.query(`
    with lines as (select market_id, month, status, sum(hours) hours, count(*)::int n from app.hour_declarations group by 1, 2, 3)
    select coalesce(l.market_id, t.market_id) as market_id, coalesce(l.month, t.month) as month, coalesce(l.status, t.status) as status,
           l.hours line_hours, t.hours tally_hours, l.n line_count, t.lines tally_count
    from lines l full join app.market_month_hours t using (market_id, month, status)
    where coalesce(l.hours, 0) <> coalesce(t.hours, 0) or coalesce(l.n, 0) <> coalesce(t.lines, 0)`);
  // And the validated hours per market, person, employer and year that publications read.
  const { rows: people } = await local.db.query(`
    with lines as (select market_id, participant_id, employer_id, extract(year from month)::int as year, sum(hours) hours, count(*)::int n
                   from app.hour_declarations where status = 'validated' group by 1, 2, 3, 4)
    select * from lines l full join app.validated_person_year_hours t
      on t.market_id = l.market_id and t.participant_id = l.participant_id and t.employer_id is not distinct from l.employer_id and t.year = l.year
    where coalesce(l.hours, 0) <> coalesce(t.hours, 0) or coalesce(l.n, 0) <> coalesce(t.lines, 0)`);
  return [...rows, ...people];
}

async function marketRow(client: SupabaseClient, id: string) {
  const { data, error } = await client.rpc('list_markets');
  expect(error).toBeNull();
  return (data as { id: string; hours_submitted: number; hours_validated: number }[]).find((m) => m.id === id)!;
}

describe('hours per market and month', () => {
  it('match the lines from the seed on', async () => {
    expect(await drift()).toEqual([]);
  });

  it('follow a month saved, corrected, submitted, validated and rejected, and the pages show them', async () => {
    const market = markets.penlyLot1;
    // A month of the market without any line yet.
    const { rows: [free] } = await local.db.query<{ month: string }>(`
      select to_char(m, 'YYYY-MM-DD') as month from generate_series(date '2024-09-01', date_trunc('month', current_date), interval '1 month') m
      where not exists (select 1 from app.hour_declarations d where d.market_id = $1 and d.month = m::date) order by m limit 1`, [market]);
    const month = free!.month;
    const before = await marketRow(facilitator, market);
    const people = ((await company.rpc('market_participants', { p_market_id: market })).data ?? []) as { id: string }[];
    const lines = people.slice(0, 3).map((p) => ({ participant_id: p.id, realisation_mode: 'direct_hire', hours: 40 }));

    expect((await company.rpc('save_month_declaration', { p_market_id: market, p_month: month, p_lines: lines, p_submit: false })).error).toBeNull();
    expect(await drift()).toEqual([]);
    // The company corrects one line before submitting: 40 h become 35 h.
    const corrected = [{ ...lines[0]!, hours: 35 }];
    expect((await company.rpc('save_month_declaration', { p_market_id: market, p_month: month, p_lines: corrected, p_submit: true })).error).toBeNull();
    expect(await drift()).toEqual([]);
    expect((await marketRow(facilitator, market)).hours_submitted).toBe(before.hours_submitted + 35 + 40 + 40);

    const submitted = ((await facilitator.rpc('list_declarations', { p_status: 'submitted', p_market_id: market, p_month: month })).data ?? []) as
      { id: string; hours: number }[];
    expect(submitted).toHaveLength(3);
    expect((await facilitator.rpc('review_hour_declaration', { p_declaration_id: submitted[0]!.id, p_decision: 'validate' })).error).toBeNull();
    expect((await facilitator.rpc('review_hour_declaration', { p_declaration_id: submitted[1]!.id, p_decision: 'reject', p_reason: 'Heures en double' })).error).toBeNull();
    expect(await drift()).toEqual([]);

    const after = await marketRow(facilitator, market);
    expect(after.hours_validated).toBe(before.hours_validated + submitted[0]!.hours);
    expect(after.hours_submitted).toBe(before.hours_submitted + submitted[2]!.hours);
    // The company's view of its market says the same.
    expect(await marketRow(company, market)).toMatchObject({ hours_validated: after.hours_validated, hours_submitted: after.hours_submitted });
    const { data: detail } = await facilitator.rpc('get_market', { p_market_id: market });
    expect((detail as { hours_validated: number }).hours_validated).toBe(after.hours_validated);
  });

  it('follow a deleted line', async () => {
    const { affectedRows } = await local.db.query(
      `delete from app.hour_declarations where id = (select id from app.hour_declarations where status <> 'validated' order by id limit 1)`);
    expect(affectedRows).toBe(1);
    expect(await drift()).toEqual([]);
  });
});

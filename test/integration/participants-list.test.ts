// The facilitator's participants list (public.list_participants, supabase/schemas/05_participants_and_hours.sql)
// through supabase-js `.rpc()` as the demo users: a search that ignores case and accents, pages
// that together hold every person once in name order, and hours equal to the person's validated
// lines, read from the tally rather than the lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { markets, territories } from '../support/seed.ts';
import { aParticipant, insertSql } from '../support/builders.ts';
import { allRows } from '../../src/server/paged-rpc.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let eloise: string;

interface Listed { id: string; first_name: string; last_name: string; territory_slug: string; hours_validated: number; markets: number }

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  const row = aParticipant({ first_name: 'Éloïse', last_name: 'Démo-Lefèvre' });
  const { sql, params } = insertSql('app.participants', row, 'id');
  eloise = (await local.db.query<{ id: string }>(sql, params)).rows[0]!.id;
});
afterAll(async () => { await local.close(); });

const list = async (client: SupabaseClient, args: Record<string, unknown> = {}): Promise<Listed[]> => {
  const { data, error } = await client.rpc('list_participants', args);
  expect(error).toBeNull();
  return data as Listed[];
};
const everyone = async (client: SupabaseClient): Promise<Listed[]> => {
  const read = await allRows((from, to) => client.rpc('list_participants', { p_limit: to - from + 1, p_offset: from }));
  expect(read.error).toBeNull();
  return read.data as Listed[];
};

describe('the participants list', () => {
  it('finds a person by any part of the name, case and accents ignored', async () => {
    for (const search of ['eloise', 'ÉLOÏSE', 'lefevre', ' eloïse démo-lef ']) {
      expect((await list(facilitatorDieppe, { p_search: search })).map((p) => p.id), search).toEqual([eloise]);
    }
    // Wildcards typed by the user are taken literally; another territory's facilitator finds no one.
    expect(await list(facilitatorDieppe, { p_search: '%' })).toEqual([]);
    expect(await list(facilitatorDieppe, { p_search: 'elo_se' })).toEqual([]);
    expect(await list(facilitatorAlpes, { p_search: 'eloise' })).toEqual([]);
    // An empty search is no search.
    expect(await list(facilitatorDieppe, { p_search: '  ' })).toHaveLength(50);
  });

  it('returns 50 people by default, and pages that hold every person once, in name order', async () => {
    const first = await list(facilitatorDieppe);
    expect(first).toHaveLength(50);
    const all = await everyone(facilitatorDieppe);
    expect(all.length).toBeGreaterThan(100);
    expect(all.slice(0, 50)).toEqual(first);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    const { rows: expected } = await local.db.query<{ id: string }>(
      `select id from app.participants where territory_id = $1 order by last_name, first_name, id`, [territories.dieppe]);
    expect(all.map((p) => p.id)).toEqual(expected.map((p) => p.id));
    // Page 2 of 50 starts where page 1 ended; a page past the end is empty.
    expect((await list(facilitatorDieppe, { p_offset: 50 }))[0]).toEqual(all[50]);
    expect(await list(facilitatorDieppe, { p_offset: all.length })).toEqual([]);
    // One territory only, when asked.
    expect(new Set((await list(facilitatorDieppe, { p_territory_slug: 'dieppe-maritime', p_limit: 1000 })).map((p) => p.territory_slug)))
      .toEqual(new Set(['dieppe-maritime']));
  });

  it('shows as hours validated the sum of the person’s validated lines, and the markets they are on', async () => {
    const { rows: sums } = await local.db.query<{ id: string; hours: string }>(`
      select p.id, coalesce(sum(d.hours) filter (where d.status = 'validated'), 0)::text as hours
      from app.participants p left join app.hour_declarations d on d.participant_id = p.id
      where p.territory_id = $1 group by p.id`, [territories.dieppe]);
    const expected = new Map(sums.map((s) => [s.id, Number(s.hours)]));
    const all = await everyone(facilitatorDieppe);
    expect(all.filter((p) => p.hours_validated > 0).length).toBeGreaterThan(50);
    for (const p of all) expect(Number(p.hours_validated), `${p.first_name} ${p.last_name}`).toBe(expected.get(p.id));

    // Éloïse, assigned to a market, then with a line validated there (and a draft that does not count).
    expect((await list(facilitatorDieppe, { p_search: 'eloise' }))[0]).toMatchObject({ hours_validated: 0, markets: 0 });
    expect((await facilitatorDieppe.rpc('assign_participant', { p_market_id: markets.penlyLot1, p_participant_id: eloise })).error).toBeNull();
    expect((await list(facilitatorDieppe, { p_search: 'eloise' }))[0]).toMatchObject({ hours_validated: 0, markets: 1 });
    await local.db.query(`
      insert into app.hour_declarations (market_id, participant_id, month, realisation_mode, hours, status, submitted_at, validated_at)
      values ($1, $2, date '2026-01-01', 'direct_hire', 35.5, 'validated', now(), now()),
             ($1, $2, date '2026-02-01', 'direct_hire', 20, 'draft', null, null)`, [markets.penlyLot1, eloise]);
    expect((await list(facilitatorDieppe, { p_search: 'eloise' }))[0]).toMatchObject({ hours_validated: 35.5, markets: 1 });
  });
});

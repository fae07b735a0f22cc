// The longest parcours of a participant's territory, for the participant's file (DOMAIN.md §4):
// the territory's facilitator reads it, it follows the territory's setting, nobody else reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let dieppe: SupabaseClient;
let alpes: SupabaseClient;
let participant: string;

beforeAll(async () => {
  local = await useLocalSupabase();
  dieppe = await local.signIn('facilitateur@demo.test');
  alpes = await local.signIn('facilitateur.alpes@demo.test');
  participant = (await local.db.query<{ id: string }>(
    `select p.id from app.participants p join app.territories t on t.id = p.territory_id where t.slug = 'dieppe-maritime' limit 1`)).rows[0]!.id;
});
afterAll(async () => { await local.close(); });

describe('the parcours length on a participant’s file', () => {
  it('is the territory’s setting, for its facilitator', async () => {
    expect((await dieppe.rpc('participant_parcours_months', { p_participant_id: participant })).data).toBe(24);
    await local.db.query(`update app.territories set parcours_max_months = 18 where slug = 'dieppe-maritime'`);
    expect((await dieppe.rpc('participant_parcours_months', { p_participant_id: participant })).data).toBe(18);
  });

  it('is nobody else’s business', async () => {
    expect((await alpes.rpc('participant_parcours_months', { p_participant_id: participant })).data).toBeNull();
    expect((await local.anon().rpc('participant_parcours_months', { p_participant_id: participant })).error?.code).toBe('42501');
  });
});

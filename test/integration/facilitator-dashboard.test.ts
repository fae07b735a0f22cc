// The facilitator's dashboard in the partner space, through supabase-js `.rpc()` as the demo
// users: the territory's running markets, lines waiting for review and late months, nothing of
// other territories; empty for a company.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
});
afterAll(async () => { await local.close(); });

describe('facilitator dashboard', () => {
  it('shows the territory’s running markets, waiting lines and late months, nothing of other territories', async () => {
    const { data } = await facilitatorDieppe.rpc('facilitator_dashboard', { p_today: '2026-11-22' });
    const dashboard = data as { markets: Array<{ title: string }>; declarations_waiting: number; late: Array<{ month: string }> };
    expect(dashboard.markets).toHaveLength(9);
    expect(dashboard.declarations_waiting).toBe(3);
    // October 2026: only Penly lot 1 has declared anything (3 lines submitted).
    expect(dashboard.late.map((l) => l.month)).toEqual(Array(8).fill('2026-10-01'));
    const alpes = (await facilitatorAlpes.rpc('facilitator_dashboard', { p_today: '2026-11-22' })).data as { markets: Array<{ title: string }> };
    expect(alpes.markets.every((m) => !m.title.includes('Penly'))).toBe(true);
  });

  it('is empty for a company: it facilitates no territory', async () => {
    const { data } = await companyA.rpc('facilitator_dashboard', {});
    expect(data).toMatchObject({ markets: [], declarations_waiting: 0 });
  });
});

// A company's monthly declaration of hours, through supabase-js `.rpc()` as the demo users:
// every line saved and the month submitted in one action (one transaction), a sub-contracted
// amount converted with the territory's parameters, another company refused, a rejected line
// corrected then validated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { markets, organisations, unknownId } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let companyA: SupabaseClient;
let companyB: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  companyB = await local.signIn('entreprise2@demo.test');
});
afterAll(async () => { await local.close(); });

const penlyLot1 = markets.penlyLot1;

describe('monthly declaration', () => {
  it('saves every line and submits the month in one action', async () => {
    const participants = (await companyA.rpc('market_participants', { p_market_id: penlyLot1 })).data ?? [];
    expect(participants.length).toBeGreaterThan(2);
    const lines = participants.slice(0, 2).map((p: { id: string }) => ({ participant_id: p.id, realisation_mode: 'direct_hire', hours: 70 }));
    const { data, error } = await companyA.rpc('save_month_declaration', { p_market_id: penlyLot1, p_month: '2026-08-01', p_lines: lines, p_submit: true });
    expect(error).toBeNull();
    expect(data).toBe(2);
    const saved = (await companyA.rpc('list_declarations', { p_market_id: penlyLot1, p_month: '2026-08-01' })).data ?? [];
    expect(saved.map((l: { status: string }) => l.status)).toEqual(['submitted', 'submitted']);
  });

  it('writes nothing when one line is wrong (one transaction)', async () => {
    const participants = (await companyA.rpc('market_participants', { p_market_id: penlyLot1 })).data ?? [];
    const lines = [
      { participant_id: participants[0].id, realisation_mode: 'direct_hire', hours: 35 },
      { participant_id: participants[1].id, realisation_mode: 'direct_hire', hours: 9999 },
    ];
    const { error } = await companyA.rpc('save_month_declaration', { p_market_id: penlyLot1, p_month: '2026-07-01', p_lines: lines, p_submit: false });
    expect(error?.hint).toBe('hours_invalid');
    expect((await companyA.rpc('list_declarations', { p_market_id: penlyLot1, p_month: '2026-07-01' })).data).toEqual([]);
  });

  it('converts a sub-contracted amount with the territory’s parameters', async () => {
    const participants = (await companyA.rpc('market_participants', { p_market_id: penlyLot1 })).data ?? [];
    const { error } = await companyA.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: '2026-09-01', p_submit: false,
      p_lines: [{ participant_id: participants[2].id, realisation_mode: 'subcontracting', invoiced_amount_ht: 12000, employer_id: organisations.siaeLittoral }],
    });
    expect(error).toBeNull();
    const [line] = (await companyA.rpc('list_declarations', { p_market_id: penlyLot1, p_month: '2026-09-01' })).data ?? [];
    // 12 000 € × 50 % / 30 €/h (Dieppe-Maritime's default parameters) = 200 h.
    expect(line).toMatchObject({ hours: 200, invoiced_amount_ht: 12000, status: 'draft' });
  });

  it('another company cannot save lines on a market that is not its own', async () => {
    const { error } = await companyB.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: '2026-08-01', p_lines: [{ participant_id: unknownId, realisation_mode: 'direct_hire', hours: 1 }],
    });
    expect(error?.hint).toBe('market_not_found');
  });

  it('a rejected line can be corrected by the company, then validated', async () => {
    const [line] = (await facilitatorDieppe.rpc('list_declarations', { p_market_id: penlyLot1, p_month: '2026-08-01' })).data ?? [];
    expect((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: line.id, p_decision: 'reject', p_reason: 'Heures supérieures au contrat' })).data).toBe('rejected');
    const corrected = await companyA.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: '2026-08-01', p_submit: true,
      p_lines: [{ participant_id: line.participant_id, realisation_mode: 'direct_hire', hours: 60 }],
    });
    expect(corrected.error).toBeNull();
    const again = ((await facilitatorDieppe.rpc('list_declarations', { p_market_id: penlyLot1, p_month: '2026-08-01' })).data ?? [])
      .find((l: { id: string }) => l.id === line.id);
    expect(again).toMatchObject({ status: 'submitted', hours: 60, rejection_reason: null });
    expect((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: line.id, p_decision: 'validate' })).data).toBe('validated');
  });
});

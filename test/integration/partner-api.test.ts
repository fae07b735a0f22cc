// Partner API behind the pages of /espace/, role by role: what each one may do, and the
// refusal when an id of another organisation or territory is passed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { markets, organisations, territories, unknownId, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let companyB: SupabaseClient;
let prescriber: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  companyB = await local.signIn('entreprise2@demo.test');
  prescriber = await local.signIn('prescripteur@demo.test');
});
afterAll(async () => { await local.close(); });

const penlyLot1 = markets.penlyLot1;

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

describe('markets', () => {
  it('a facilitator creates a market whose hours due follow the sizing rule', async () => {
    const { data: id, error } = await facilitatorDieppe.rpc('create_market', {
      p_territory_slug: 'dieppe-maritime', p_title: 'Réhabilitation d’une école (démo)', p_buyer_id: organisations.buyerCoeurDeVille,
      p_clause_type: 'execution_condition', p_estimated_amount_ht: 1000000, p_labour_share: 0.5, p_insertion_rate: 0.05, p_hourly_cost: 30,
    });
    expect(error).toBeNull();
    const market = ((await facilitatorDieppe.rpc('list_markets')).data ?? []).find((m: { id: string }) => m.id === id);
    expect(market?.hours_due).toBe(833);
  });

  it('a facilitator cannot create a market in another territory', async () => {
    const { error } = await facilitatorAlpes.rpc('create_market', {
      p_territory_slug: 'dieppe-maritime', p_title: 'Intrusion', p_buyer_id: organisations.buyerCoeurDeVille, p_clause_type: 'execution_condition',
    });
    expect(error?.hint).toBe('not_territory_facilitator');
  });
});

describe('candidature pipeline', () => {
  async function newCandidature(): Promise<string> {
    const offer = (await local.db.query<{ id: string }>(`select id from app.job_offers where territory_id = '${territories.dieppe}' and status = 'published' limit 1`)).rows[0]!.id;
    const { data } = await local.anon().rpc('submit_candidature', {
      p_idempotency_key: crypto.randomUUID(), p_payload_hash: 'x'.repeat(64), p_first_name: 'Sacha', p_last_name: 'Démo-Pipeline',
      p_commune: 'Dieppe', p_notice_acknowledged: true, p_job_offer_id: offer, p_email: 'sacha@example.org',
    });
    const reference = (data as Array<{ reference: string }>)[0]!.reference;
    return (await local.db.query<{ id: string }>(`select id from app.candidatures where reference = $1`, [reference])).rows[0]!.id;
  }

  it('moves along its states, each step logged with who did it; hiring creates the participant', async () => {
    const id = await newCandidature();
    for (const to of ['in_review', 'shortlisted', 'sent_to_company', 'hired']) {
      const { data, error } = await facilitatorDieppe.rpc('transition_candidature', { p_id: id, p_to: to });
      expect(error).toBeNull();
      expect(data).toBe(to);
    }
    const log = await local.db.query<{ to_status: string; actor_user_id: string | null }>(
      `select to_status, actor_user_id from app.candidature_transitions where candidature_id = $1 order by id`, [id]);
    expect(log.rows.map((r) => r.to_status)).toEqual(['received', 'in_review', 'shortlisted', 'sent_to_company', 'hired']);
    expect(log.rows.slice(1).every((r) => r.actor_user_id === users.facilitatorDieppe)).toBe(true);
    const participant = await local.db.query(`select 1 from app.participants where candidature_id = $1`, [id]);
    expect(participant.rows).toHaveLength(1);
  });

  it('refuses a step that skips the workflow, and a refusal without a reason', async () => {
    const id = await newCandidature();
    expect((await facilitatorDieppe.rpc('transition_candidature', { p_id: id, p_to: 'hired' })).error?.hint).toBe('transition_not_allowed');
    expect((await facilitatorDieppe.rpc('transition_candidature', { p_id: id, p_to: 'declined' })).error?.hint).toBe('refusal_reason_required');
    expect((await facilitatorDieppe.rpc('transition_candidature', { p_id: id, p_to: 'declined', p_reason: 'profile_mismatch' })).data).toBe('declined');
  });

  it('another territory’s facilitator, a company or a prescriber cannot move it', async () => {
    const id = await newCandidature();
    for (const client of [facilitatorAlpes, companyA, prescriber]) {
      expect((await client.rpc('transition_candidature', { p_id: id, p_to: 'in_review' })).error?.hint).toBe('candidature_not_found');
    }
  });

  it('a prescriber or a company lists no candidature of others', async () => {
    expect((await prescriber.rpc('list_candidatures')).data).toEqual([]);
    expect((await companyA.rpc('list_candidatures')).data).toEqual([]);
    expect(((await facilitatorAlpes.rpc('list_candidatures')).data ?? []).every((c: { territory_slug: string }) => c.territory_slug === 'alpes-sud-isere')).toBe(true);
  });
});

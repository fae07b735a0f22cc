// Markets and their job offers in the partner space: the facilitator creates a market in their
// territory only, edits it (hours due follow the sizing rule unless overridden), creates an offer
// once per form, publishes it (it appears in the public listing), closes the market (its offers
// close, the public stops seeing them); other territories and companies are refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { fromDbError } from '../../src/server/errors.ts';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { markets, organisations } from '../support/seed.ts';

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

const penlyLot2 = markets.penlyLot2;

interface MarketView { title: string; status: string; hours_due: number; hours_due_overridden: boolean; offers: Array<{ id: string; status: string; trade: string }> }

async function market(client: SupabaseClient, id: string): Promise<MarketView | null> {
  const { data, error } = await client.rpc('get_market', { p_market_id: id });
  expect(error).toBeNull();
  return data as MarketView | null;
}

async function publicTrades(): Promise<string[]> {
  const { data } = await local.anon().rpc('list_open_job_offers', {});
  return ((data ?? []) as Array<{ trade: string }>).map((o) => o.trade);
}

describe('creating a market', () => {
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

describe('editing a market', () => {
  it('recomputes the hours due with the sizing rule, or keeps the number typed', async () => {
    const base = { p_market_id: penlyLot2, p_title: 'EPR2 Penly — lot 2 (démo)', p_clause_type: 'execution_condition',
      p_estimated_amount_ht: 1_000_000, p_labour_share: 0.5, p_insertion_rate: 0.05, p_hourly_cost: 30 };
    expect((await facilitatorDieppe.rpc('update_market', base)).error).toBeNull();
    // DOMAIN.md §6 worked example: 1,000,000 € × 50 % × 5 % / 30 €/h = 833 h.
    expect(await market(facilitatorDieppe, penlyLot2)).toMatchObject({ hours_due: 833, hours_due_overridden: false });

    expect((await facilitatorDieppe.rpc('update_market', { ...base, p_hours_due: 900 })).error).toBeNull();
    expect(await market(facilitatorDieppe, penlyLot2)).toMatchObject({ hours_due: 900, hours_due_overridden: true });
  });

  it('refuses another territory’s facilitator and the company, and changes nothing', async () => {
    const before = await market(facilitatorDieppe, penlyLot2);
    for (const client of [facilitatorAlpes, companyA]) {
      const { error } = await client.rpc('update_market', { p_market_id: penlyLot2, p_title: 'Piraté', p_clause_type: 'execution_condition' });
      expect(fromDbError(error!)).toMatchObject({ status: 404, message: 'Ce marché est introuvable.' });
    }
    expect((await market(facilitatorDieppe, penlyLot2))?.title).toBe(before?.title);
    // The other territory's facilitator cannot even read it.
    expect(await market(facilitatorAlpes, penlyLot2)).toBeNull();
  });

  it('refuses an end before the start with a French message on the field', async () => {
    const { error } = await facilitatorDieppe.rpc('update_market', { p_market_id: penlyLot2, p_title: 'EPR2 Penly — lot 2 (démo)',
      p_clause_type: 'execution_condition', p_starts_on: '2027-01-01', p_ends_on: '2026-01-01' });
    expect(fromDbError(error!)).toMatchObject({ status: 422, field: 'ends_on', message: 'La fin d’exécution doit suivre le début.' });
  });
});

describe('job offers of a market', () => {
  it('creates an offer once per form, publishes it, and the public listing shows it', async () => {
    const key = randomUUID();
    const offer = { p_market_id: penlyLot2, p_idempotency_key: key, p_trade: 'Coffreur·se bancheur·se (test)', p_place: 'Penly (76)',
      p_contract_type: 'cdd', p_positions: 2, p_publish: false };
    const first = await facilitatorDieppe.rpc('create_job_offer', offer);
    const replay = await facilitatorDieppe.rpc('create_job_offer', offer);
    expect(first.error).toBeNull();
    expect(replay.data).toBe(first.data);
    const offers = (await market(facilitatorDieppe, penlyLot2))!.offers.filter((o) => o.trade === offer.p_trade);
    expect(offers).toEqual([expect.objectContaining({ id: first.data, status: 'draft' })]);
    expect(await publicTrades()).not.toContain(offer.p_trade);

    expect((await facilitatorDieppe.rpc('set_job_offer_status', { p_offer_id: first.data, p_status: 'published' })).error).toBeNull();
    expect(await publicTrades()).toContain(offer.p_trade);
    // The company of a market reads it, with its buyer's name.
    expect(await market(companyA, markets.penlyLot1)).toMatchObject({ buyer_name: expect.any(String) });
  });

  it('refuses an offer without a trade, or on another territory’s market', async () => {
    const missing = await facilitatorDieppe.rpc('create_job_offer', { p_market_id: penlyLot2, p_idempotency_key: randomUUID(),
      p_trade: ' ', p_place: 'Penly', p_contract_type: 'cdd' });
    expect(fromDbError(missing.error!)).toMatchObject({ status: 422, field: 'trade' });
    const foreign = await facilitatorAlpes.rpc('create_job_offer', { p_market_id: penlyLot2, p_idempotency_key: randomUUID(),
      p_trade: 'Maçon', p_place: 'Penly', p_contract_type: 'cdd' });
    expect(fromDbError(foreign.error!).status).toBe(404);
  });

  it('closing the market closes its published offers: the public listing drops them, no new offer is accepted', async () => {
    const published = (await market(facilitatorDieppe, penlyLot2))!.offers.filter((o) => o.status === 'published');
    expect(published.length).toBeGreaterThan(0);
    expect((await facilitatorDieppe.rpc('close_market', { p_market_id: penlyLot2 })).error).toBeNull();
    expect((await facilitatorDieppe.rpc('close_market', { p_market_id: penlyLot2 })).error).toBeNull(); // a second click is harmless
    const after = (await market(facilitatorDieppe, penlyLot2))!;
    expect(after.status).toBe('closed');
    expect(after.offers.every((o) => o.status === 'closed')).toBe(true);
    const trades = await publicTrades();
    for (const o of published) expect(trades).not.toContain(o.trade);

    const late = await facilitatorDieppe.rpc('create_job_offer', { p_market_id: penlyLot2, p_idempotency_key: randomUUID(),
      p_trade: 'Maçon', p_place: 'Penly', p_contract_type: 'cdd' });
    expect(fromDbError(late.error!)).toMatchObject({ status: 409 });
    const reopen = await facilitatorDieppe.rpc('set_job_offer_status', { p_offer_id: published[0]!.id, p_status: 'published' });
    expect(fromDbError(reopen.error!).status).toBe(409);
  });
});

describe('searching the public offers by trade', () => {
  it('ignores accents and case: « macon » and « MAÇON » find « Maçon·ne VRD »', async () => {
    const trade = 'Maçon·ne VRD (recherche)';
    // On company A's market (an earlier test closes penlyLot2).
    const { data: id, error } = await facilitatorDieppe.rpc('create_job_offer', { p_market_id: markets.penlyLot1, p_idempotency_key: randomUUID(), p_trade: trade,
      p_place: 'Dieppe (76)', p_contract_type: 'cdd', p_positions: 1, p_publish: false });
    expect(error).toBeNull();
    expect((await facilitatorDieppe.rpc('set_job_offer_status', { p_offer_id: id, p_status: 'published' })).error).toBeNull();
    const trades = async (query: string) => (((await local.anon().rpc('list_open_job_offers', { p_trade: query })).data ?? []) as Array<{ trade: string }>)
      .map((o) => o.trade);
    for (const query of ['maçon', 'macon', 'MAÇON', 'Macon·ne vrd']) expect(await trades(query), query).toContain(trade);
    expect(await trades('zzz-aucun-metier')).toEqual([]);
  });
});

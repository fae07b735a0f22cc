// The public API (Postgres functions) through the unchanged supabase-js client, role by role,
// and the main data path: declared hours → validated → published → read by anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { DEMO_PASSWORD } from '../../src/local-supabase/demo.ts';
import { publicationFiguresSchema } from '../../src/domain/publication.ts';
import { markets, unknownId, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let anon: SupabaseClient;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let companyB: SupabaseClient;
let buyer: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  anon = local.anon();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test', DEMO_PASSWORD);
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test', DEMO_PASSWORD);
  companyA = await local.signIn('entreprise@demo.test', DEMO_PASSWORD);
  companyB = await local.signIn('entreprise2@demo.test', DEMO_PASSWORD);
  buyer = await local.signIn('acheteur@demo.test', DEMO_PASSWORD);
});
afterAll(async () => { await local.close(); });

const penlyLot1 = markets.penlyLot1;

describe('public reads are open to anyone', () => {
  it('anyone reads the site settings, the territories and the published results', async () => {
    const settings = await anon.rpc('get_site_settings');
    expect(settings.error).toBeNull();
    const territories = await anon.rpc('list_territories');
    expect(territories.data?.map((t: { slug: string }) => t.slug).sort()).toEqual(['alpes-sud-isere', 'calvados', 'dieppe-maritime']);
    const results = await anon.rpc('list_published_results', { p_territory_slug: 'calvados' });
    expect(results.error).toBeNull();
    const figures = publicationFiguresSchema.parse(results.data?.[0]?.figures);
    // Calvados' own published 2019 figures (seed 004), recomputed from the demo rows.
    expect(figures.heures.realisees_dans_l_annee).toBe(160600);
    expect(figures.participants.total).toBe(630);
    expect(figures.organisations.marches).toBe(176);
  });

  it('the Dieppe-Maritime operations match the territory’s published page (seed 003)', async () => {
    const { data } = await anon.rpc('list_published_results', { p_territory_slug: 'dieppe-maritime' });
    const figures = publicationFiguresSchema.parse(data?.[0]?.figures);
    const byName = Object.fromEntries(figures.operations.map((o) => [o.nom, o]));
    expect(byName['Grand chantier EPR2 de Penly']).toMatchObject({ heures_realisees: 51000, participants: 90, heures_dues_communiquees: false });
    expect(byName['Logements Action Cœur de Ville']).toMatchObject({ heures_realisees: 5500, heures_dues: 8900, participants: 21 });
    expect(byName['68 logements à Arques-la-Bataille']).toMatchObject({ heures_realisees: 5800, heures_dues: 6700, participants: 24 });
  });

  it('a territory with fewer than 11 participants publishes no count of persons', async () => {
    const { data } = await anon.rpc('list_published_results', { p_territory_slug: 'alpes-sud-isere' });
    const figures = publicationFiguresSchema.parse(data?.[0]?.figures);
    expect(figures.participants.total).toBeNull();
    expect(Object.values(figures.participants.publics).every((v) => v === null)).toBe(true);
    expect(figures.secret_statistique).toContain('participants.total');
  });
});

describe('partner functions are closed to anon and scoped for members', () => {
  it.each(['list_markets', 'my_memberships'])('anon may not call %s', async (fn) => {
    const { error } = await anon.rpc(fn);
    expect(error?.code).toBe('42501');
  });

  it('each member sees the markets of their own scope', async () => {
    const count = async (client: SupabaseClient) => (await client.rpc('list_markets')).data?.length;
    expect(await count(facilitatorDieppe)).toBe(9);
    expect(await count(facilitatorAlpes)).toBe(3);
    expect(await count(companyA)).toBe(1);
    expect(await count(buyer)).toBe(3);
  });

  it('a company cannot declare hours on another company’s market, nor learn that it exists', async () => {
    const { error } = await companyB.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: unknownId,
      p_month: '2026-10-01', p_realisation_mode: 'direct_hire', p_hours: 10,
    });
    expect(error?.hint).toBe('market_not_found');
  });

  it('a facilitator cannot review a declaration of another territory, nor publish it', async () => {
    const pending = await local.db.query<{ id: string }>(`select id from app.hour_declarations where status = 'submitted' limit 1`);
    const id = pending.rows[0]?.id;
    expect(id).toBeTruthy();
    const review = await facilitatorAlpes.rpc('review_hour_declaration', { p_declaration_id: id, p_decision: 'validate' });
    expect(review.error?.hint).toBe('declaration_not_found');
    const publish = await facilitatorAlpes.rpc('publish_year', { p_territory_slug: 'dieppe-maritime', p_year: 2026 });
    expect(publish.error?.hint).toBe('not_territory_facilitator');
    const asCompany = await companyA.rpc('publish_year', { p_territory_slug: 'dieppe-maritime', p_year: 2026 });
    expect(asCompany.error?.hint).toBe('not_territory_facilitator');
  });
});

describe('from a declared hour to a published figure', () => {
  it('hours declared by the company, validated by the facilitator, reach the public results when published', async () => {
    const before = await anon.rpc('list_published_results', { p_territory_slug: 'dieppe-maritime' });
    expect(before.data?.map((r: { year: number }) => r.year)).toEqual([2025]);

    const participant = (await local.db.query<{ id: string }>(
      `select participant_id as id from app.hour_declarations where market_id = $1 limit 1`, [penlyLot1])).rows[0]?.id;
    const saved = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-09-01',
      p_realisation_mode: 'direct_hire', p_hours: 151.5, p_idempotency_key: '6f9d1a52-52b8-4bb5-9b0e-1c2f3a4b5c6d',
    });
    expect(saved.error).toBeNull();
    const replay = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-09-01',
      p_realisation_mode: 'direct_hire', p_hours: 151.5, p_idempotency_key: '6f9d1a52-52b8-4bb5-9b0e-1c2f3a4b5c6d',
    });
    expect(replay.data).toBe(saved.data);

    expect((await companyA.rpc('submit_hour_declarations', { p_market_id: penlyLot1, p_month: '2026-09-01' })).data).toBe(1);
    const validated = await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: saved.data, p_decision: 'validate' });
    expect(validated.data).toBe('validated');

    // The company can no longer change it.
    const change = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-09-01', p_realisation_mode: 'direct_hire', p_hours: 10,
    });
    expect(change.error?.hint).toBe('declaration_validated');

    // Nothing is public until the facilitator publishes.
    expect((await anon.rpc('list_published_results', { p_territory_slug: 'dieppe-maritime' })).data).toHaveLength(1);
    const published = await facilitatorDieppe.rpc('publish_year', { p_territory_slug: 'dieppe-maritime', p_year: 2026 });
    expect(published.error).toBeNull();

    const after = await anon.rpc('list_published_results', { p_territory_slug: 'dieppe-maritime' });
    const year2026 = after.data?.find((r: { year: number }) => r.year === 2026);
    const figures = publicationFiguresSchema.parse(year2026?.figures);
    // The demo's 2026 hours (90 EPR2 participants × 6 months × 60 h) plus the line just validated.
    expect(figures.heures.realisees_dans_l_annee).toBe(32400 + 151.5);
    expect(figures.participants.total).toBe(90);
  });

  it('the audit log records who validated the hours, with old and new values', async () => {
    const { rows } = await local.db.query<{ actor_user_id: string; changed_columns: string[]; changes: { new: { status: string } } }>(
      `select actor_user_id, changed_columns, changes from app.audit_log
       where table_name = 'hour_declarations' and action = 'update' and 'validated_at' = any (changed_columns)`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor_user_id).toBe(users.facilitatorDieppe);
    expect(rows[0]?.changes.new.status).toBe('validated');
  });

  it('the audit log never copies personal data values', async () => {
    await local.db.query(`update app.participants set commune = 'Neuville-lès-Dieppe' where id = (select id from app.participants limit 1)`);
    const { rows } = await local.db.query<{ changed_columns: string[]; changes: unknown }>(
      `select changed_columns, changes from app.audit_log where table_name = 'participants' order by id desc limit 1`);
    expect(rows[0]?.changed_columns).toEqual(['commune']);
    expect(rows[0]?.changes).toBeNull();
  });
});

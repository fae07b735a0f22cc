// The facilitator moves a candidature along its states, through supabase-js `.rpc()` as the demo
// users: each step logged with who did it, a hire creates the participant, a step that skips
// the workflow or a refusal without reason is refused, and nobody else may move it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { territories, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let prescriber: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  prescriber = await local.signIn('prescripteur@demo.test');
});
afterAll(async () => { await local.close(); });

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

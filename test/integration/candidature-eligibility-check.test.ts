// The facilitator records the eligibility check on a candidature before the hire (DOMAIN.md §4):
// criteria retained, proofs seen as codes (never the proof), date and author. The company's hire
// then gives the participant a checked eligibility dated from that check, and the parcours starts
// at the hire; the access-request export shows it; another territory's facilitator and the company cannot record it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { fromDbError } from '../../src/server/errors.ts';
import { aCandidature, insertSql } from '../support/builders.ts';
import { offers, territories, users } from '../support/seed.ts';

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

/** A candidature to company A's offer, already transmitted to the company. */
async function transmittedCandidature(lastName: string): Promise<string> {
  const { sql, params } = insertSql('app.candidatures', aCandidature({
    territory_id: territories.dieppe, job_offer_id: offers.penlyLot1, status: 'sent_to_company', first_name: 'Alix',
    last_name: lastName, email: 'alix@exemple.test', commune: 'Dieppe', eligibility: ['deld', 'rsa'],
    payload_hash: 'test-payload-hash-000', submitted_by: 'candidate', transmitted_at: new Date().toISOString(),
  }), 'id');
  return (await local.db.query<{ id: string }>(sql, params)).rows[0]!.id;
}

describe('record_candidature_eligibility', () => {
  it('the facilitator’s check before the hire becomes the participant’s when the company hires', async () => {
    const id = await transmittedCandidature('Démo-Vérifiée');
    const recorded = await facilitatorDieppe.rpc('record_candidature_eligibility', {
      p_candidature_id: id, p_retained: ['rsa', 'senior', 'rsa'], p_proofs_seen: ['rsa'],
    });
    expect(recorded.error).toBeNull();
    const { rows: [check] } = await local.db.query<{ eligibility_retained: string[]; eligibility_proofs_seen: string[]; eligibility_checked_by: string; eligibility_checked_at: Date }>(
      `select eligibility_retained, eligibility_proofs_seen, eligibility_checked_by, eligibility_checked_at from app.candidatures where id = $1`, [id]);
    expect(check).toMatchObject({ eligibility_retained: ['rsa', 'senior'], eligibility_proofs_seen: ['rsa'], eligibility_checked_by: users.facilitatorDieppe });

    // The person's access request shows the check.
    const exported = (await facilitatorDieppe.rpc('export_person_data', { p_first_name: 'Alix', p_last_name: 'Démo-Vérifiée' })).data as { candidatures: Array<Record<string, unknown>> };
    expect(exported.candidatures[0]).toMatchObject({ eligibility_retained: ['rsa', 'senior'], eligibility_proofs_seen: ['rsa'] });

    expect((await companyA.rpc('company_decide_candidature', { p_candidature_id: id, p_decision: 'hired' })).error).toBeNull();
    const { rows: [participant] } = await local.db.query<{ eligibility: string[]; eligibility_checked_by: string; eligibility_checked_at: Date; parcours_started_on: string }>(
      `select eligibility, eligibility_checked_by, eligibility_checked_at, parcours_started_on::text from app.participants where candidature_id = $1`, [id]);
    expect(participant).toMatchObject({ eligibility: ['rsa', 'senior'], eligibility_checked_by: users.facilitatorDieppe });
    expect(participant!.eligibility_checked_at.getTime()).toBe(check!.eligibility_checked_at.getTime());
    const { rows: [today] } = await local.db.query<{ d: string }>(`select current_date::text as d`);
    expect(participant!.parcours_started_on).toBe(today!.d);

    // Once hired, the check belongs to the participant's file.
    const late = await facilitatorDieppe.rpc('record_candidature_eligibility', { p_candidature_id: id, p_retained: ['deld'] });
    expect(late.error?.hint).toBe('candidature_eligibility_closed');
  });

  it('without a check, a company’s hire leaves the declared criteria to be checked', async () => {
    const id = await transmittedCandidature('Démo-Non-Vérifiée');
    expect((await companyA.rpc('company_decide_candidature', { p_candidature_id: id, p_decision: 'hired' })).error).toBeNull();
    const { rows: [participant] } = await local.db.query<{ eligibility: string[]; eligibility_checked_at: Date | null }>(
      `select eligibility, eligibility_checked_at from app.participants where candidature_id = $1`, [id]);
    expect(participant).toEqual({ eligibility: ['deld', 'rsa'], eligibility_checked_at: null });
  });

  it('refuses no criterion, an unknown one, a proof seen for a criterion not retained, and those outside the territory', async () => {
    const id = await transmittedCandidature('Démo-Refus');
    const call = (client: SupabaseClient, retained: string[], proofs: string[] = []) =>
      client.rpc('record_candidature_eligibility', { p_candidature_id: id, p_retained: retained, p_proofs_seen: proofs });
    expect((await call(facilitatorDieppe, [])).error?.hint).toBe('eligibility_required');
    expect((await call(facilitatorDieppe, ['nir'])).error?.hint).toBe('eligibility_invalid');
    const proof = (await call(facilitatorDieppe, ['deld'], ['rqth'])).error;
    expect(proof?.hint).toBe('eligibility_proof_not_retained');
    expect(fromDbError(proof!).message).toBe('Un justificatif vu doit correspondre à un critère retenu.');
    expect((await call(facilitatorAlpes, ['deld'])).error?.hint).toBe('candidature_not_found');
    expect((await call(companyA, ['deld'])).error?.hint).toBe('candidature_not_found');
    const { rows: [row] } = await local.db.query<{ eligibility_checked_at: Date | null }>(`select eligibility_checked_at from app.candidatures where id = $1`, [id]);
    expect(row!.eligibility_checked_at).toBeNull();
  });
});

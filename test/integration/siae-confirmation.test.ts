// The SIAE's confirmation of the sub-contracted amounts a company declares, through supabase-js
// `.rpc()` as the demo users. The two SECURITY DEFINER functions (list_siae_subcontracting,
// confirm_subcontracting) get their who-may-call tests here (listed in schema-safety.test.ts).
// Each refusal is checked down to the French message and HTTP status the pages show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { shown } from '../support/shown.ts';
import { outcome } from './as-role.ts';
import { markets, organisations, subcontractedLines, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let anon: SupabaseClient;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let buyer: SupabaseClient;
let siae: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  anon = local.anon();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  buyer = await local.signIn('acheteur@demo.test');
  siae = await local.signIn('siae@demo.test');
});
afterAll(async () => { await local.close(); });

const penlyLot1 = markets.penlyLot1;
const siaeLittoral = organisations.siaeLittoral; // the demo SIAE account's organisation
const siaeInterim = organisations.siaeInterim; // another SIAE of Dieppe-Maritime

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await local.db.query<{ v: T }>(sql, params);
  return rows[0]!.v;
}

interface SubcontractingLine {
  id: string;
  month: string;
  market_title: string;
  company_name: string;
  participant_label: string;
  invoiced_amount_ht: number;
  hours: number;
  status: string;
  siae_confirmation: string;
  siae_confirmation_reason: string | null;
}

describe('SIAE confirmation of sub-contracted amounts (SECURITY DEFINER: who may call)', () => {
  const seeded = [subcontractedLines.pending1, subcontractedLines.pending2, subcontractedLines.disputed];

  it('the SIAE lists the lines that name it, with the market, the company and only a first name and initial', async () => {
    const { data, error } = await siae.rpc('list_siae_subcontracting');
    expect(error).toBeNull();
    const lines = data as SubcontractingLine[];
    expect(lines.map((l) => l.id).sort()).toEqual(seeded);
    expect(lines[0]).toMatchObject({ month: '2026-10-01', market_title: 'EPR2 Penly — lot 1 (démo)', company_name: 'Bâtiment Normand (démo)', status: 'draft' });
    expect(lines.every((l) => /^\p{L}+ D\.$/u.test(l.participant_label))).toBe(true);
    const disputed = lines.find((l) => l.id === seeded[2]);
    expect(disputed).toMatchObject({ invoiced_amount_ht: 2400, hours: 40, siae_confirmation: 'disputed', siae_confirmation_reason: 'Facture de 2 000 € HT seulement pour octobre' });
  });

  it('no other role lists anything; anon may not call it', async () => {
    for (const client of [companyA, buyer, facilitatorDieppe, facilitatorAlpes]) {
      expect((await client.rpc('list_siae_subcontracting')).data).toEqual([]);
    }
    expect((await anon.rpc('list_siae_subcontracting')).error?.code).toBe('42501');
    expect(await outcome(local.db, 'anon', `select * from public.list_siae_subcontracting()`)).toBe('42501');
    expect(await outcome(local.db, 'siae', `select * from public.list_siae_subcontracting()`)).toBe('ok');
  });

  it('the SIAE confirms an amount, or disputes it with a reason', async () => {
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[0], p_decision: 'confirm' })).data).toBe('confirmed');
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'dispute' })).error))
      .toEqual({ status: 400, message: 'Indiquez pourquoi vous contestez ce montant.', hint: 'dispute_reason_required' });
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'dispute', p_reason: ' ' })).error).hint)
      .toBe('dispute_reason_required');
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'dispute', p_reason: 'Montant facturé : 2 500 €' })).data).toBe('disputed');
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'approve' })).error))
      .toMatchObject({ status: 400, hint: 'decision_invalid' });
    // A confirmation clears an earlier dispute's reason.
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: seeded[2], p_decision: 'confirm' })).data).toBe('confirmed');

    const lines = (await siae.rpc('list_siae_subcontracting')).data as SubcontractingLine[];
    const state = Object.fromEntries(lines.map((l) => [l.id, [l.siae_confirmation, l.siae_confirmation_reason]]));
    expect(state).toEqual({
      [seeded[0]!]: ['confirmed', null],
      [seeded[1]!]: ['disputed', 'Montant facturé : 2 500 €'],
      [seeded[2]!]: ['confirmed', null],
    });
    // The change is in the audit log, with the SIAE user as actor.
    const audit = await local.db.query<{ actor_user_id: string }>(
      `select actor_user_id from app.audit_log where table_name = 'hour_declarations' and action = 'update' and row_id = $1 and 'siae_confirmation' = any (changed_columns)`, [seeded[0]]);
    expect(audit.rows).toEqual([{ actor_user_id: users.siae }]);
  });

  it('when the company saves a new amount, the line is back to pending and the dispute reason goes', async () => {
    const participant = await scalar<string>(`select participant_id as v from app.hour_declarations where id = $1`, [seeded[1]]);
    const { error } = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-10-01', p_realisation_mode: 'subcontracting',
      p_invoiced_amount_ht: 2500, p_employer_id: siaeLittoral,
    });
    expect(error).toBeNull();
    const line = ((await siae.rpc('list_siae_subcontracting')).data as SubcontractingLine[]).find((l) => l.id === seeded[1]);
    expect(line).toMatchObject({ invoiced_amount_ht: 2500, siae_confirmation: 'pending', siae_confirmation_reason: null });
  });

  it('nobody else may confirm: other roles get “not found”, anon may not call it', async () => {
    for (const client of [companyA, buyer, facilitatorDieppe, facilitatorAlpes]) {
      expect(shown((await client.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'confirm' })).error))
        .toEqual({ status: 404, message: 'Cette déclaration est introuvable.', hint: 'declaration_not_found' });
    }
    expect((await anon.rpc('confirm_subcontracting', { p_declaration_id: seeded[1], p_decision: 'confirm' })).error?.code).toBe('42501');
    expect(await outcome(local.db, 'anon', `select public.confirm_subcontracting($1, 'confirm')`, [seeded[1]])).toBe('42501');
    expect(await scalar<string>(`select siae_confirmation as v from app.hour_declarations where id = $1`, [seeded[1]])).toBe('pending');
  });

  it('the SIAE cannot confirm a line naming another SIAE, nor a line that is not sub-contracting', async () => {
    const participant = await scalar<string>(`select participant_id as v from app.hour_declarations where id = $1`, [seeded[0]]);
    const other = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-03-01', p_realisation_mode: 'co_contracting',
      p_invoiced_amount_ht: 900, p_employer_id: siaeInterim,
    });
    expect(other.error).toBeNull();
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: other.data, p_decision: 'confirm' })).error).hint).toBe('declaration_not_found');
    const direct = await scalar<string>(`select id as v from app.hour_declarations where market_id = $1 and realisation_mode = 'direct_hire' limit 1`, [penlyLot1]);
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: direct, p_decision: 'confirm' })).error).hint).toBe('declaration_not_found');
  });

  it('a validated line can no longer be confirmed or disputed', async () => {
    const participant = await scalar<string>(`select participant_id as v from app.hour_declarations where id = $1`, [seeded[0]]);
    const saved = await companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-04-01', p_realisation_mode: 'subcontracting',
      p_invoiced_amount_ht: 600, p_employer_id: siaeLittoral,
    });
    expect(saved.error).toBeNull();
    expect((await companyA.rpc('submit_hour_declarations', { p_market_id: penlyLot1, p_month: '2026-04-01' })).data).toBe(1);
    // The facilitator validates only a confirmed amount (public.review_hour_declaration, issue 12).
    expect((await siae.rpc('confirm_subcontracting', { p_declaration_id: saved.data, p_decision: 'confirm' })).error).toBeNull();
    expect((await facilitatorDieppe.rpc('review_hour_declaration', { p_declaration_id: saved.data, p_decision: 'validate' })).data).toBe('validated');
    expect(shown((await siae.rpc('confirm_subcontracting', { p_declaration_id: saved.data, p_decision: 'dispute', p_reason: 'Trop tard ?' })).error))
      .toMatchObject({ status: 409, hint: 'declaration_validated' });
  });
});

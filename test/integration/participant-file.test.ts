// The participant's file in the partner space, through supabase-js `.rpc()` as the demo users:
// reading it (parcours, eligibility, exits), the eligibility check, the exits at the end, 6 and
// 12 months (DOMAIN.md §9); only the territory's facilitator. Each refusal is checked down to the
// French message and HTTP status the pages show (src/server/errors.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { shown } from '../support/shown.ts';
import { exitSituationGroups, exitSituationLabels } from '../../src/domain/labels.ts';
import { subcontractedLines, territories, users } from '../support/seed.ts';

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

const dieppe = territories.dieppe;

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await local.db.query<{ v: T }>(sql, params);
  return rows[0]!.v;
}

interface ParticipantFile {
  id: string;
  first_name: string;
  last_name: string;
  territory_slug: string;
  eligibility: string[];
  eligibility_checked_at: string | null;
  eligibility_checked_by_me: boolean | null;
  parcours_started_on: string;
  parcours_ended_on: string | null;
  exits_from: string | null;
  parcours: Array<{ market_title: string; month: string; hours_validated: number; modes: string[] }>;
  exits: Array<{ milestone: string; observed_on: string; situation: string; category: string }>;
}

describe('participant’s file', () => {
  const acv1 = async () => scalar<string>(`select id as v from app.participants where last_name = 'Démo-ACV-1'`);

  it('the territory’s facilitator reads it: parcours, eligibility, exits', async () => {
    const id = await acv1();
    const { data, error } = await facilitatorDieppe.rpc('participant_file', { p_participant_id: id });
    expect(error).toBeNull();
    const file = data as ParticipantFile;
    expect(file).toMatchObject({ id, last_name: 'Démo-ACV-1', territory_slug: 'dieppe-maritime', parcours_ended_on: '2025-12-31', exits_from: '2025-12-31' });
    expect(file.parcours).toHaveLength(6);
    expect(file.parcours.every((p) => p.market_title.startsWith('Cœur de Ville') && p.hours_validated > 0)).toBe(true);
    expect(file.exits).toEqual([expect.objectContaining({ milestone: 'end', observed_on: '2025-12-31' })]);
  });

  it('nobody else reads it, not even the company that declared the person’s hours', async () => {
    const penlyParticipant = await scalar<string>(`select participant_id as v from app.hour_declarations where id = '${subcontractedLines.pending1}'`);
    for (const client of [facilitatorAlpes, companyA, buyer, siae]) {
      expect(shown((await client.rpc('participant_file', { p_participant_id: penlyParticipant })).error))
        .toEqual({ status: 404, message: 'Ce participant est introuvable.', hint: 'participant_not_found' });
    }
    expect((await anon.rpc('participant_file', { p_participant_id: penlyParticipant })).error?.code).toBe('42501');
  });
});

describe('eligibility check', () => {
  it('records the criteria retained, by whom and when', async () => {
    const id = await scalar<string>(`select id as v from app.participants where last_name = 'Démo-ACV-1'`);
    const { data, error } = await facilitatorDieppe.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['rsa', 'deld', 'rsa'] });
    expect(error).toBeNull();
    expect(Date.parse(data as string)).toBeGreaterThan(Date.now() - 60_000);
    const file = (await facilitatorDieppe.rpc('participant_file', { p_participant_id: id })).data as ParticipantFile;
    expect(file).toMatchObject({ eligibility: ['deld', 'rsa'], eligibility_checked_by_me: true });
    expect(file.eligibility_checked_at).not.toBeNull();
  });

  it('refuses no criterion, an unknown one, and another territory’s participant', async () => {
    const id = await scalar<string>(`select id as v from app.participants where last_name = 'Démo-ACV-2'`);
    expect(shown((await facilitatorDieppe.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: [] })).error))
      .toEqual({ status: 400, message: 'Cochez au moins un critère d’éligibilité.', hint: 'eligibility_required' });
    expect(shown((await facilitatorDieppe.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['rsa', 'nir'] })).error))
      .toMatchObject({ status: 400, hint: 'eligibility_invalid' });
    for (const client of [facilitatorAlpes, companyA]) {
      expect(shown((await client.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['rsa'] })).error).hint).toBe('participant_not_found');
    }
  });
});

describe('exits at the end, 6 and 12 months (DOMAIN.md §9)', () => {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const monthsAgo = (n: number, day = 1) => {
    const d = new Date();
    d.setUTCDate(day);
    d.setUTCMonth(d.getUTCMonth() - n);
    return iso(d);
  };
  const today = iso(new Date());

  /** A participant of Dieppe-Maritime whose parcours ended `endedMonthsAgo` months ago (or is running). */
  async function aParticipant(endedMonthsAgo: number | null): Promise<string> {
    const { rows } = await local.db.query<{ id: string }>(
      `insert into app.participants (territory_id, first_name, last_name, parcours_started_on, parcours_ended_on, is_demo)
       values ($1, 'Test', 'Sorties', $2, $3, true) returning id`,
      [dieppe, monthsAgo(30), endedMonthsAgo === null ? null : monthsAgo(endedMonthsAgo)]);
    return rows[0]!.id;
  }
  const record = (client: SupabaseClient, id: string, milestone: string, situation: string, observed: string) =>
    client.rpc('record_participant_exit', { p_participant_id: id, p_milestone: milestone, p_situation: situation, p_observed_on: observed });

  it('records the three milestones with their category; a second record corrects the first', async () => {
    const id = await aParticipant(13);
    expect((await record(facilitatorDieppe, id, 'end', 'cdd_under_6_months', monthsAgo(13))).data).toBe('emploi_transition');
    expect((await record(facilitatorDieppe, id, 'm6', 'qualifying_training', monthsAgo(7))).data).toBe('sortie_positive');
    expect((await record(facilitatorDieppe, id, 'm12', 'cdi', today)).data).toBe('emploi_durable');
    expect((await record(facilitatorDieppe, id, 'm12', 'job_seeker', today)).data).toBe('other');
    const file = (await facilitatorDieppe.rpc('participant_file', { p_participant_id: id })).data as ParticipantFile;
    expect(file.exits.map((e) => [e.milestone, e.situation, e.category])).toEqual([
      ['end', 'cdd_under_6_months', 'emploi_transition'],
      ['m6', 'qualifying_training', 'sortie_positive'],
      ['m12', 'job_seeker', 'other'],
    ]);
    const recordedBy = await local.db.query(`select distinct recorded_by from app.participant_exits where participant_id = $1`, [id]);
    expect(recordedBy.rows).toEqual([{ recorded_by: users.facilitatorDieppe }]);
  });

  it('files each situation of the page’s list under the category the database computes (DOMAIN.md §9)', async () => {
    const id = await aParticipant(13);
    const listed = exitSituationGroups.flatMap((g) => g.situations);
    expect([...listed].sort()).toEqual(Object.keys(exitSituationLabels).sort());
    for (const group of exitSituationGroups) {
      for (const situation of group.situations) {
        expect((await record(facilitatorDieppe, id, 'end', situation, monthsAgo(13))).data, situation).toBe(group.category);
      }
    }
  });

  it('the exit at the end of a running parcours ends it; the exits at 6 and 12 months then count from it', async () => {
    const id = await aParticipant(null);
    expect(shown((await record(facilitatorDieppe, id, 'm6', 'cdi', today)).error))
      .toMatchObject({ status: 409, hint: 'exit_parcours_not_ended' });
    expect((await record(facilitatorDieppe, id, 'end', 'interim_6_months_plus', monthsAgo(8))).data).toBe('emploi_durable');
    const file = (await facilitatorDieppe.rpc('participant_file', { p_participant_id: id })).data as ParticipantFile;
    expect(file).toMatchObject({ parcours_ended_on: monthsAgo(8), exits_from: monthsAgo(8) });
    expect((await record(facilitatorDieppe, id, 'm6', 'subsidised_contract', monthsAgo(1))).data).toBe('emploi_transition');
  });

  it('refuses an unknown milestone or situation, a future date, a date before the parcours, an observation too early', async () => {
    const id = await aParticipant(2);
    const cases: Array<[string, string, string, number, string]> = [
      ['m3', 'cdi', today, 400, 'exit_milestone_invalid'],
      ['end', 'cdi_maybe', today, 400, 'exit_situation_invalid'],
      ['end', 'cdi', '2999-01-01', 400, 'exit_date_invalid'],
      ['end', 'cdi', monthsAgo(40), 400, 'exit_date_invalid'],
      ['m6', 'cdi', today, 400, 'exit_too_early'],
      ['m12', 'cdi', today, 400, 'exit_too_early'],
    ];
    for (const [milestone, situation, observed, status, hint] of cases) {
      const { data, error } = await record(facilitatorDieppe, id, milestone, situation, observed);
      expect(data).toBeNull();
      const mapped = shown(error);
      expect({ status: mapped.status, hint: mapped.hint }).toEqual({ status, hint });
      expect(mapped.message).toMatch(/^[A-ZÀ-Ý].*\.$/u);
    }
    expect(await scalar<number>(`select count(*)::int as v from app.participant_exits where participant_id = $1`, [id])).toBe(0);
  });

  it('only the territory’s facilitator records an exit', async () => {
    const id = await aParticipant(13);
    for (const client of [facilitatorAlpes, companyA, buyer, siae]) {
      expect(shown((await record(client, id, 'end', 'cdi', monthsAgo(13))).error).hint).toBe('participant_not_found');
    }
    expect((await record(anon, id, 'end', 'cdi', monthsAgo(13))).error?.code).toBe('42501');
    expect(await scalar<number>(`select count(*)::int as v from app.participant_exits where participant_id = $1`, [id])).toBe(0);
  });
});

// Participants assigned to a market (DOMAIN.md §8; supabase/schemas/05_participants_and_hours.sql),
// through supabase-js `.rpc()` as the demo users: a company declares hours only for the people on
// its market (assigned, or already declared there) and reads no one else; the territory's
// facilitator assigns participants of the territory and removes an assignment until hours are
// declared; a hire on one of the market's offers assigns the person; assignments are in the
// audit log with their territory, and the access-request export lists a person's markets. Each
// refusal is checked down to the French message the pages show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { demoUsers, outcome, rows } from './as-role.ts';
import { demoCandidature, markets, organisations, territories, unknownId, users } from '../support/seed.ts';
import { shown } from '../support/shown.ts';
import { aParticipant, insertSql } from '../support/builders.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let companyB: SupabaseClient;
let buyer: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  companyB = await local.signIn('entreprise2@demo.test');
  buyer = await local.signIn('acheteur@demo.test');
});
afterAll(async () => { await local.close(); });

const dieppe = territories.dieppe;
const alpes = territories.alpes;
const penlyLot1 = markets.penlyLot1; // company A's market, Dieppe-Maritime
const penlyLot2 = markets.penlyLot2; // company B's market, Dieppe-Maritime
const buyerOrg = organisations.buyerCoeurDeVille; // the demo buyer's organisation (Cœur de Ville)
// Seeded candidatures (supabase/seed.sql): 1 transmitted to company A (offer of lot 1),
// 5 transmitted to company B (offer of lot 2).
const seeded = demoCandidature;

const notOnMarket = {
  status: 422, hint: 'participant_not_on_market',
  message: 'Cette personne n’est pas affectée à ce marché : demandez au facilitateur de l’y affecter.',
};
const notInTerritory = {
  status: 422, hint: 'participant_not_in_territory',
  message: 'Choisissez une personne parmi les participants du territoire de ce marché.',
};
const hasHours = {
  status: 409, hint: 'assignment_has_hours',
  message: 'Des heures sont déclarées pour cette personne sur ce marché : son affectation ne peut pas être retirée.',
};

/** A participant written directly, as the facilitator's space would have stored it. */
async function newParticipant(territory: string, lastName: string): Promise<string> {
  const { sql, params } = insertSql('app.participants', aParticipant({ territory_id: territory, first_name: 'Test', last_name: lastName }), 'id');
  const { rows: inserted } = await local.db.query<{ id: string }>(sql, params);
  return inserted[0]!.id;
}

async function onMarket(client: SupabaseClient, market: string): Promise<string[]> {
  const { data, error } = await client.rpc('market_participants', { p_market_id: market });
  expect(error).toBeNull();
  return (data as Array<{ id: string }>).map((p) => p.id);
}

async function assignments(market: string, participant: string): Promise<number> {
  return (await local.db.query<{ n: number }>(
    `select count(*)::int as n from app.market_assignments where market_id = $1 and participant_id = $2`, [market, participant])).rows[0]!.n;
}

async function linesOf(market: string, participant: string): Promise<number> {
  return (await local.db.query<{ n: number }>(
    `select count(*)::int as n from app.hour_declarations where market_id = $1 and participant_id = $2`, [market, participant])).rows[0]!.n;
}

const declare = (client: SupabaseClient, market: string, participant: string, month = '2026-10-01') =>
  client.rpc('save_hour_declaration', {
    p_market_id: market, p_participant_id: participant, p_month: month, p_realisation_mode: 'direct_hire', p_hours: 35,
  });

describe('a company declares hours only for the people on its market', () => {
  it('refuses a participant who is not on the market, with the French message; writes and reveals nothing', async () => {
    const stranger = await newParticipant(dieppe, 'Démo-NonAffecté');
    expect(shown((await declare(companyA, penlyLot1, stranger)).error)).toEqual(notOnMarket);
    const month = await companyA.rpc('save_month_declaration', {
      p_market_id: penlyLot1, p_month: '2026-10-01', p_submit: false,
      p_lines: [{ participant_id: stranger, realisation_mode: 'direct_hire', hours: 35 }],
    });
    expect(shown(month.error)).toEqual(notOnMarket);
    expect(await linesOf(penlyLot1, stranger)).toBe(0);
    // Not listed for the company, and not readable through the table's row-level security.
    expect(await onMarket(companyA, penlyLot1)).not.toContain(stranger);
    expect(await rows(local.db, 'companyA', `select id from app.participants where id = $1`, [stranger])).toEqual([]);
    // An id that is nobody's is refused the same way.
    expect(shown((await declare(companyA, penlyLot1, unknownId)).error)).toEqual(notOnMarket);
  });

  it('keeps the people already declared on the market: listed, readable, and their hours can still be saved', async () => {
    const declared = (await local.db.query<{ id: string }>(
      `select participant_id as id from app.hour_declarations where market_id = $1 and month = '2026-06-01' order by participant_id limit 1`,
      [penlyLot1])).rows[0]!.id;
    expect(await onMarket(companyA, penlyLot1)).toContain(declared);
    const { data, error } = await declare(companyA, penlyLot1, declared, '2026-09-01');
    expect(error).toBeNull();
    expect(data).toEqual(expect.any(String));
  });

  it('refuses a person on another company’s market, even of the same territory', async () => {
    const onLot2 = (await local.db.query<{ id: string }>(
      `select participant_id as id from app.hour_declarations where market_id = $1 limit 1`, [penlyLot2])).rows[0]!.id;
    expect(shown((await declare(companyA, penlyLot1, onLot2)).error)).toEqual(notOnMarket);
    expect(await rows(local.db, 'companyA', `select id from app.participants where id = $1`, [onLot2])).toEqual([]);
  });
});

describe('the facilitator assigns a participant of the territory', () => {
  it('after the assignment, the company lists the person, reads them and declares their hours', async () => {
    const person = await newParticipant(dieppe, 'Démo-Affecté');
    const { error } = await facilitatorDieppe.rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: person });
    expect(error).toBeNull();

    expect(await onMarket(companyA, penlyLot1)).toContain(person);
    expect(await onMarket(facilitatorDieppe, penlyLot1)).toContain(person);
    expect(await rows(local.db, 'companyA', `select last_name from app.participants where id = $1`, [person]))
      .toEqual([{ last_name: 'Démo-Affecté' }]);
    const saved = await declare(companyA, penlyLot1, person);
    expect(saved.error).toBeNull();
    expect(await linesOf(penlyLot1, person)).toBe(1);

    // Another company sees neither the person nor the assignment.
    expect(await onMarket(companyB, penlyLot1)).toEqual([]);
    expect(await rows(local.db, 'companyB', `select id from app.participants where id = $1`, [person])).toEqual([]);
    expect(await rows(local.db, 'companyB', `select * from app.market_assignments where participant_id = $1`, [person])).toEqual([]);
    // Who assigned, when.
    const stored = await local.db.query<{ created_by: string; assigned_on: Date }>(
      `select created_by, assigned_on from app.market_assignments where market_id = $1 and participant_id = $2`, [penlyLot1, person]);
    expect(stored.rows).toEqual([{ created_by: demoUsers.facilitatorDieppe, assigned_on: expect.any(Date) }]);
  });

  it('assigning twice is harmless: one assignment', async () => {
    const person = await newParticipant(dieppe, 'Démo-DeuxFois');
    for (let i = 0; i < 2; i++) {
      expect((await facilitatorDieppe.rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: person })).error).toBeNull();
    }
    expect(await assignments(penlyLot1, person)).toBe(1);
    expect((await onMarket(companyA, penlyLot1)).filter((id) => id === person)).toHaveLength(1);
  });

  it('refuses a participant of another territory, or an unknown id, with the French message', async () => {
    const alpin = await newParticipant(alpes, 'Démo-Alpin');
    for (const participant of [alpin, unknownId]) {
      expect(shown((await facilitatorDieppe.rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: participant })).error))
        .toEqual(notInTerritory);
    }
    // The same at the level of the table, whoever writes the row.
    expect(await outcome(local.db, 'facilitatorDieppe',
      `insert into app.market_assignments (market_id, participant_id) values ($1, $2)`, [penlyLot1, alpin]))
      .toBe('22023:participant_not_in_territory');
    expect(await assignments(penlyLot1, alpin)).toBe(0);
    expect(shown((await declare(companyA, penlyLot1, alpin)).error)).toEqual(notOnMarket);
  });

  it('refuses the facilitator of another territory, the company, the buyer and anonymous callers', async () => {
    const person = await newParticipant(dieppe, 'Démo-Refusé');
    for (const client of [facilitatorAlpes, companyA, buyer]) {
      const { error } = await client.rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: person });
      expect(shown(error)).toMatchObject({ status: 404, hint: 'market_not_found' });
    }
    expect((await local.anon().rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: person })).error?.code).toBe('42501');
    // Directly in the table: a person the caller cannot read is refused by the trigger; one the
    // company reads (declared on its market) by row-level security.
    expect(await outcome(local.db, 'facilitatorAlpes',
      `insert into app.market_assignments (market_id, participant_id) values ($1, $2)`, [penlyLot1, person])).toBe('22023:participant_not_in_territory');
    const declared = (await local.db.query<{ id: string }>(
      `select participant_id as id from app.hour_declarations where market_id = $1 limit 1`, [penlyLot1])).rows[0]!.id;
    expect(await outcome(local.db, 'companyA',
      `insert into app.market_assignments (market_id, participant_id) values ($1, $2)`, [penlyLot1, declared])).toBe('42501');
    expect(await assignments(penlyLot1, declared)).toBe(0);
    expect(await assignments(penlyLot1, person)).toBe(0);
    expect(shown((await declare(companyA, penlyLot1, person)).error)).toEqual(notOnMarket);
  });

  it('refuses to assign to a closed market', async () => {
    const market = (await local.db.query<{ id: string }>(
      `select id from app.markets where territory_id = $1 and title like 'Arques-la-Bataille — lot 3%'`, [dieppe])).rows[0]!.id;
    expect((await facilitatorDieppe.rpc('close_market', { p_market_id: market })).error).toBeNull();
    const person = await newParticipant(dieppe, 'Démo-MarchéClos');
    const { error } = await facilitatorDieppe.rpc('assign_participant', { p_market_id: market, p_participant_id: person });
    expect(shown(error)).toMatchObject({ status: 409, hint: 'market_closed' });
    expect(await assignments(market, person)).toBe(0);
  });

  it('the buyer reads the assignments of its own markets only', async () => {
    const market = (await local.db.query<{ id: string }>(
      `select id from app.markets where buyer_id = $1 order by id limit 1`, [buyerOrg])).rows[0]!.id;
    const person = await newParticipant(dieppe, 'Démo-Acheteur');
    expect((await facilitatorDieppe.rpc('assign_participant', { p_market_id: market, p_participant_id: person })).error).toBeNull();
    expect(await rows(local.db, 'buyer', `select participant_id from app.market_assignments where participant_id = $1`, [person]))
      .toEqual([{ participant_id: person }]);
    expect(await rows(local.db, 'buyer', `select * from app.market_assignments where market_id = $1`, [penlyLot1])).toEqual([]);
    expect(await rows(local.db, 'companyA', `select * from app.market_assignments where market_id = $1`, [market])).toEqual([]);
    expect(await rows(local.db, 'facilitatorAlpes', `select * from app.market_assignments`)).toEqual([]);
    expect(await outcome(local.db, 'anon', `select * from app.market_assignments`)).toBe('42501');
  });
});

describe('removing an assignment', () => {
  it('is refused once hours are declared for the person on the market, with the French message', async () => {
    const person = await newParticipant(dieppe, 'Démo-AvecHeures');
    expect((await facilitatorDieppe.rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: person })).error).toBeNull();
    expect((await declare(companyA, penlyLot1, person)).error).toBeNull();
    const { error } = await facilitatorDieppe.rpc('unassign_participant', { p_market_id: penlyLot1, p_participant_id: person });
    expect(shown(error)).toEqual(hasHours);
    expect(await assignments(penlyLot1, person)).toBe(1);
    // A person declared before assignments existed is refused the same way.
    const declared = (await local.db.query<{ id: string }>(
      `select participant_id as id from app.hour_declarations where market_id = $1 limit 1`, [penlyLot1])).rows[0]!.id;
    expect(shown((await facilitatorDieppe.rpc('unassign_participant', { p_market_id: penlyLot1, p_participant_id: declared })).error))
      .toEqual(hasHours);
  });

  it('takes the person off the market when no hours are declared: the company no longer lists, reads nor declares them', async () => {
    const person = await newParticipant(dieppe, 'Démo-Retiré');
    expect((await facilitatorDieppe.rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: person })).error).toBeNull();
    // Only the territory's facilitator may remove it.
    for (const client of [facilitatorAlpes, companyA]) {
      expect(shown((await client.rpc('unassign_participant', { p_market_id: penlyLot1, p_participant_id: person })).error).hint)
        .toBe('market_not_found');
    }
    expect(await outcome(local.db, 'companyA', `delete from app.market_assignments where participant_id = $1`, [person])).toBe('ok');
    expect(await assignments(penlyLot1, person)).toBe(1);

    expect((await facilitatorDieppe.rpc('unassign_participant', { p_market_id: penlyLot1, p_participant_id: person })).error).toBeNull();
    expect(await assignments(penlyLot1, person)).toBe(0);
    expect(await onMarket(companyA, penlyLot1)).not.toContain(person);
    expect(await rows(local.db, 'companyA', `select id from app.participants where id = $1`, [person])).toEqual([]);
    expect(shown((await declare(companyA, penlyLot1, person)).error)).toEqual(notOnMarket);
    // Removing it again changes nothing.
    expect((await facilitatorDieppe.rpc('unassign_participant', { p_market_id: penlyLot1, p_participant_id: person })).error).toBeNull();
  });
});

describe('a hire on one of the market’s offers assigns the person', () => {
  it('hired by the company: the person appears in its market’s participants and their hours can be declared', async () => {
    const before = await onMarket(companyA, penlyLot1);
    const { data, error } = await companyA.rpc('company_decide_candidature', { p_candidature_id: seeded(1), p_decision: 'hired' });
    expect(error).toBeNull();
    expect(data).toBe('hired');
    const participant = (await local.db.query<{ participant_id: string }>(
      `select participant_id from app.candidatures where id = $1`, [seeded(1)])).rows[0]!.participant_id;
    expect(before).not.toContain(participant);
    expect(await onMarket(companyA, penlyLot1)).toContain(participant);
    expect(await rows(local.db, 'companyA', `select created_by from app.market_assignments where market_id = $1 and participant_id = $2`,
      [penlyLot1, participant])).toEqual([{ created_by: demoUsers.companyA }]);
    expect((await declare(companyA, penlyLot1, participant)).error).toBeNull();
    // Not on company B's market.
    expect(await onMarket(companyB, penlyLot2)).not.toContain(participant);
  });

  it('hired by the facilitator: the person appears in the participants of the offer’s market (company B)', async () => {
    expect((await facilitatorDieppe.rpc('transition_candidature', { p_id: seeded(5), p_to: 'hired' })).data).toBe('hired');
    const participant = (await local.db.query<{ participant_id: string }>(
      `select participant_id from app.candidatures where id = $1`, [seeded(5)])).rows[0]!.participant_id;
    expect(await onMarket(companyB, penlyLot2)).toContain(participant);
    expect(await onMarket(companyA, penlyLot1)).not.toContain(participant);
    expect(await assignments(penlyLot2, participant)).toBe(1);
    // Recording the hire again (app.apply_hire is idempotent) keeps one assignment.
    expect(await outcome(local.db, 'facilitatorDieppe', `select app.apply_hire($1)`, [seeded(5)])).toBe('ok');
    expect(await assignments(penlyLot2, participant)).toBe(1);
  });
});

describe('assignments are audited and exported', () => {
  it('logs an assignment and its removal with the territory and the facilitator, and the export lists the market', async () => {
    const { rows: [person] } = await local.db.query<{ id: string }>(`
      insert into app.participants (territory_id, first_name, last_name, commune, eligibility, parcours_started_on)
      values ($1, 'Maëlle', 'Test-Intégrité', 'Dieppe', '{rsa}', date '2026-10-01') returning id`, [dieppe]);
    expect((await facilitatorDieppe.rpc('assign_participant', { p_market_id: penlyLot1, p_participant_id: person!.id })).error).toBeNull();

    const { data: exported, error } = await facilitatorDieppe.rpc('export_person_data', { p_first_name: 'Maëlle', p_last_name: 'test-intégrité' });
    expect(error).toBeNull();
    const participants = (exported as { participants: Array<{ markets: Array<{ market: string }> }> }).participants;
    expect(participants).toHaveLength(1);
    expect(participants[0]!.markets.map((m) => m.market)).toEqual([expect.stringContaining('Penly')]);

    // The participant's file lists the market, with the assignment date and no hours yet.
    const { data: onMarkets } = await facilitatorDieppe.rpc('participant_markets', { p_participant_id: person!.id });
    expect(onMarkets).toEqual([expect.objectContaining({ market_id: penlyLot1, hours_validated: 0, market_status: 'running' })]);
    expect((onMarkets as Array<{ assigned_on: string | null }>)[0]!.assigned_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const other = await local.signIn('facilitateur.alpes@demo.test');
    expect((await other.rpc('participant_markets', { p_participant_id: person!.id })).data).toEqual([]);

    expect((await facilitatorDieppe.rpc('unassign_participant', { p_market_id: penlyLot1, p_participant_id: person!.id })).error).toBeNull();
    const { rows: log } = await local.db.query<{ action: string; territory_id: string; actor_user_id: string; participant: string }>(`
      select action, territory_id, actor_user_id, coalesce(changes -> 'new' ->> 'participant_id', changes -> 'old' ->> 'participant_id') as participant
      from app.audit_log where table_name = 'market_assignments' order by id`);
    const mine = log.filter((l) => l.participant === person!.id);
    expect(mine.map((l) => l.action)).toEqual(['insert', 'delete']);
    expect(new Set(mine.map((l) => l.territory_id))).toEqual(new Set([dieppe]));
    expect(mine.every((l) => l.actor_user_id === users.facilitatorDieppe)).toBe(true);
  });
});

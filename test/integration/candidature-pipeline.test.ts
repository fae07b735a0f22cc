// The candidature pipeline of the partner space (DOMAIN.md §7, §11), as the demo users: the log
// says who did what, when and why; a company reads only the files transmitted to it, without the
// eligibility facts, and chooses (hire, or decline with a reason from the closed list); a hire,
// by the company or by the facilitator, creates or links the participant and makes the person's
// other pending candidatures to the offer obsolete; prescribers and SIAE follow their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { fromDbError } from '../../src/server/errors.ts';
import { outcome } from './as-role.ts';
import { aCandidature, insertSql } from '../support/builders.ts';
import { demoCandidature, organisations, territories, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let companyB: SupabaseClient;
let siae: SupabaseClient;
let prescriber: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  companyB = await local.signIn('entreprise2@demo.test');
  siae = await local.signIn('siae@demo.test');
  prescriber = await local.signIn('prescripteur@demo.test');
});
afterAll(async () => { await local.close(); });

const dieppe = territories.dieppe;
const facilitatorId = users.facilitatorDieppe;
// Seeded candidatures (supabase/seed.sql): 1 and 2 transmitted to company A (2 sent by the SIAE),
// 3 in review, 4 received, 7 declined before transmission, all on company A's offer;
// 5 transmitted to company B; 6 spontaneous.
const seeded = demoCandidature;

interface LogEntry {
  from_status: string | null;
  to_status: string;
  reason: string | null;
  created_at: string;
  actor_role: string | null;
  actor_organisation: string | null;
  actor_name: string | null;
}

async function offerOf(candidatureId: string): Promise<string> {
  return (await local.db.query<{ job_offer_id: string }>(`select job_offer_id from app.candidatures where id = $1`, [candidatureId])).rows[0]!.job_offer_id;
}

/** A candidature written directly (as the platform would have stored it), with its first log line. */
async function insertCandidature(fields: {
  first_name: string; last_name: string; commune?: string; job_offer_id: string | null; status?: string; prescriber_organisation_id?: string;
}): Promise<string> {
  const prescriber = fields.prescriber_organisation_id;
  const { sql, params } = insertSql('app.candidatures', aCandidature({
    territory_id: dieppe, job_offer_id: fields.job_offer_id, status: fields.status ?? 'received', first_name: fields.first_name,
    last_name: fields.last_name, email: 'personne@exemple.test', commune: fields.commune ?? 'Dieppe', eligibility: ['deld'],
    payload_hash: 'test-payload-hash-000',
    ...(prescriber
      ? { submitted_by: 'prescriber', prescriber_organisation_id: prescriber, prescriber_organisation_name: 'Structure (test)',
          prescriber_name: 'Conseiller (test)', prescriber_email: 'conseiller@exemple.test' }
      : { submitted_by: 'candidate' }),
  }), 'id');
  const { rows } = await local.db.query<{ id: string }>(sql, params);
  const id = rows[0]!.id;
  await local.db.query(`insert into app.candidature_transitions (candidature_id, from_status, to_status) values ($1, null, 'received')`, [id]);
  return id;
}

async function statusOf(id: string): Promise<string> {
  return (await local.db.query<{ status: string }>(`select status from app.candidatures where id = $1`, [id])).rows[0]!.status;
}

describe('the log of a candidature', () => {
  it('records each step with who (role, organisation, display name — never an e-mail), when and why', async () => {
    const id = seeded(4);
    const before = Date.now();
    expect((await facilitatorDieppe.rpc('transition_candidature', { p_id: id, p_to: 'in_review' })).error).toBeNull();
    expect((await facilitatorDieppe.rpc('transition_candidature', { p_id: id, p_to: 'declined', p_reason: 'not_reachable' })).data).toBe('declined');

    const { data, error } = await facilitatorDieppe.rpc('candidature_log', { p_candidature_id: id });
    expect(error).toBeNull();
    const log = data as LogEntry[];
    expect(log.map((l) => [l.from_status, l.to_status, l.reason])).toEqual([
      [null, 'received', null],
      ['received', 'in_review', null],
      ['in_review', 'declined', 'not_reachable'],
    ]);
    // The public form has no author; the facilitator's steps name them.
    expect(log[0]).toMatchObject({ actor_role: null, actor_organisation: null, actor_name: null });
    for (const step of log.slice(1)) {
      expect(step).toMatchObject({
        actor_role: 'facilitator',
        actor_organisation: 'Service clause sociale de Dieppe-Maritime (démo)',
        actor_name: 'Facilitatrice Dieppe-Maritime (démo)',
      });
      expect(Date.parse(step.created_at)).toBeGreaterThanOrEqual(before - 5_000);
      expect(Date.parse(step.created_at)).toBeLessThanOrEqual(Date.now() + 5_000);
    }
    expect(JSON.stringify(log)).not.toContain('@');
    const stored = await local.db.query<{ actor_user_id: string | null }>(
      `select actor_user_id from app.candidature_transitions where candidature_id = $1 order by id`, [id]);
    expect(stored.rows.map((r) => r.actor_user_id)).toEqual([null, facilitatorId, facilitatorId]);
  });

  it('is readable by whoever may read the candidature, and by nobody else', async () => {
    // Seeded, transmitted to company A: received, in review, shortlisted, transmitted.
    const transmitted = (await companyA.rpc('candidature_log', { p_candidature_id: seeded(1) })).data as LogEntry[];
    expect(transmitted.map((l) => l.to_status)).toEqual(['received', 'in_review', 'shortlisted', 'sent_to_company']);
    expect(transmitted[3]).toMatchObject({ actor_role: 'facilitator', actor_name: 'Facilitatrice Dieppe-Maritime (démo)' });
    // Not transmitted, or another company's, or another territory's: an empty log.
    expect((await companyA.rpc('candidature_log', { p_candidature_id: seeded(3) })).data).toEqual([]);
    expect((await companyB.rpc('candidature_log', { p_candidature_id: seeded(1) })).data).toEqual([]);
    expect((await facilitatorAlpes.rpc('candidature_log', { p_candidature_id: seeded(1) })).data).toEqual([]);
    expect((await prescriber.rpc('candidature_log', { p_candidature_id: seeded(1) })).data).toEqual([]);
    // The SIAE that sent candidature 2 follows its log.
    expect(((await siae.rpc('candidature_log', { p_candidature_id: seeded(2) })).data as LogEntry[]).map((l) => l.to_status))
      .toEqual(['received', 'in_review', 'shortlisted', 'sent_to_company']);
  });
});

describe('what a company reads', () => {
  it('only the candidatures transmitted to it: not those received or in review, not another company’s', async () => {
    const a = (await companyA.rpc('list_company_candidatures')).data as Array<{ id: string; status: string }>;
    expect(a.map((c) => c.id).sort()).toEqual([seeded(1), seeded(2)]);
    expect(a.every((c) => c.status === 'sent_to_company')).toBe(true);
    const b = (await companyB.rpc('list_company_candidatures')).data as Array<{ id: string }>;
    expect(b.map((c) => c.id)).toEqual([seeded(5)]);
    // The same at the level of the table's row-level security.
    const rows = await local.db.transaction(async (tx) => {
      await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'authenticated', sub: users.companyA })]);
      await tx.exec('set local role authenticated');
      return (await tx.query<{ id: string }>(`select id from app.candidatures order by id`)).rows;
    });
    expect(rows.map((r) => r.id)).toEqual([seeded(1), seeded(2)]);
  });

  it('only what it needs to choose: no eligibility fact, no contact detail, no prescriber', async () => {
    const [first] = ((await companyA.rpc('list_company_candidatures')).data as Array<Record<string, unknown>>)
      .filter((c) => c.id === seeded(1));
    expect(first).toMatchObject({
      first_name: 'Camille', last_name: 'Démo-Transmise', commune: 'Dieppe', availability: 'Disponible immédiatement',
      mobility: ['driving_licence', 'public_transport'], offer_trade: 'Maçon·ne coffreur·se',
    });
    for (const key of ['eligibility', 'email', 'phone', 'prescriber_organisation_name', 'prescriber_name', 'prescriber_email', 'cv_path', 'submitted_by']) {
      expect(first).not.toHaveProperty(key);
    }
    expect(JSON.stringify(first)).not.toMatch(/deld|rsa|exemple\.test/);
    // The facilitators' list (with eligibility) stays theirs.
    expect((await companyA.rpc('list_candidatures')).data).toEqual([]);
  });
});

describe('the company’s choice', () => {
  it('refuses a decline without a reason from the closed list, with the French message, and changes nothing', async () => {
    const id = seeded(2);
    for (const reason of [undefined, '', 'parce que']) {
      const { error } = await companyA.rpc('company_decide_candidature', { p_candidature_id: id, p_decision: 'declined', ...(reason === undefined ? {} : { p_reason: reason }) });
      expect(error?.hint).toBe('refusal_reason_required');
      expect(fromDbError(error!)).toMatchObject({ status: 400, message: 'Choisissez le motif du refus.', field: 'reason' });
    }
    const unknown = (await companyA.rpc('company_decide_candidature', { p_candidature_id: id, p_decision: 'peut-être' })).error;
    expect(fromDbError(unknown!).message).toBe('Choisissez votre décision : recruter la personne ou ne pas retenir sa candidature.');
    expect(await statusOf(id)).toBe('sent_to_company');
    expect(((await companyA.rpc('candidature_log', { p_candidature_id: id })).data as LogEntry[])).toHaveLength(4);
  });

  it('declines with a reason, logged as the company’s; the declined file stays visible to it', async () => {
    const id = seeded(2);
    const { data, error } = await companyA.rpc('company_decide_candidature', { p_candidature_id: id, p_decision: 'declined', p_reason: 'position_filled' });
    expect(error).toBeNull();
    expect(data).toBe('declined');
    const log = (await companyA.rpc('candidature_log', { p_candidature_id: id })).data as LogEntry[];
    expect(log.at(-1)).toMatchObject({
      from_status: 'sent_to_company', to_status: 'declined', reason: 'position_filled',
      actor_role: 'company', actor_organisation: 'Bâtiment Normand (démo)', actor_name: 'Conducteur de travaux (démo)',
    });
    const listed = ((await companyA.rpc('list_company_candidatures')).data as Array<{ id: string; status: string; refusal_reason: string }>)
      .find((c) => c.id === id);
    expect(listed).toMatchObject({ status: 'declined', refusal_reason: 'position_filled' });
    // The SIAE that sent it sees the outcome.
    expect(((await siae.rpc('list_candidatures')).data as Array<{ id: string; status: string }>).find((c) => c.id === id)?.status).toBe('declined');
    // Decided once: a second decision is refused.
    const again = (await companyA.rpc('company_decide_candidature', { p_candidature_id: id, p_decision: 'hired' })).error;
    expect(again?.hint).toBe('candidature_already_decided');
    expect(fromDbError(again!).status).toBe(409);
  });

  it('hires: the participant is created and the person’s other pending candidatures to the offer become obsolete', async () => {
    const id = seeded(1);
    const offer = await offerOf(id);
    // The same person also applied through a prescriber, still pending; another person is untouched.
    const duplicate = await insertCandidature({ first_name: 'camille', last_name: 'DÉMO-TRANSMISE', job_offer_id: offer });
    const someoneElse = await insertCandidature({ first_name: 'Dominique', last_name: 'Démo-Autre', job_offer_id: offer });

    const { data, error } = await companyA.rpc('company_decide_candidature', { p_candidature_id: id, p_decision: 'hired' });
    expect(error).toBeNull();
    expect(data).toBe('hired');

    const participant = await local.db.query<{ id: string; eligibility: string[]; eligibility_checked_at: string | null; territory_id: string }>(
      `select id, eligibility, eligibility_checked_at, territory_id from app.participants where candidature_id = $1`, [id]);
    expect(participant.rows).toHaveLength(1);
    // Eligibility as declared, to be checked by the facilitator (the company does not check it).
    expect(participant.rows[0]).toMatchObject({ eligibility: ['deld', 'rsa'], eligibility_checked_at: null, territory_id: dieppe });
    const linked = await local.db.query<{ participant_id: string }>(`select participant_id from app.candidatures where id = $1`, [id]);
    expect(linked.rows[0]!.participant_id).toBe(participant.rows[0]!.id);

    expect(await statusOf(duplicate)).toBe('obsolete');
    expect(await statusOf(someoneElse)).toBe('received');
    const obsoleteLog = await local.db.query<{ from_status: string; to_status: string; reason: string; actor_role: string; actor_user_id: string }>(
      `select from_status, to_status, reason, actor_role, actor_user_id from app.candidature_transitions where candidature_id = $1 order by id`, [duplicate]);
    expect(obsoleteLog.rows.at(-1)).toMatchObject({
      from_status: 'received', to_status: 'obsolete', reason: 'hired_elsewhere', actor_role: 'company', actor_user_id: users.companyA,
    });
    // The company never reads the obsolete duplicate; the facilitator does, and lists the participant.
    expect(((await companyA.rpc('list_company_candidatures')).data as Array<{ id: string }>).map((c) => c.id)).not.toContain(duplicate);
    const facilitatorView = (await facilitatorDieppe.rpc('list_candidatures')).data as Array<{ id: string; status: string; participant_id: string | null }>;
    expect(facilitatorView.find((c) => c.id === id)).toMatchObject({ status: 'hired', participant_id: participant.rows[0]!.id });
    expect(facilitatorView.find((c) => c.id === duplicate)?.status).toBe('obsolete');
    const { rows: [hired] } = await local.db.query<{ last_name: string }>(`select last_name from app.participants where id = $1`, [participant.rows[0]!.id]);
    const participants = (await facilitatorDieppe.rpc('list_participants', { p_search: hired!.last_name })).data as Array<{ id: string }>;
    expect(participants.map((p) => p.id)).toContain(participant.rows[0]!.id);
  });

  it('cannot decide on another company’s file, on a file not transmitted, nor as anyone else', async () => {
    expect((await companyA.rpc('company_decide_candidature', { p_candidature_id: seeded(5), p_decision: 'hired' })).error?.hint).toBe('candidature_not_found');
    expect((await companyA.rpc('company_decide_candidature', { p_candidature_id: seeded(3), p_decision: 'hired' })).error?.hint).toBe('candidature_not_found');
    for (const client of [facilitatorDieppe, facilitatorAlpes, prescriber, siae]) {
      expect((await client.rpc('company_decide_candidature', { p_candidature_id: seeded(5), p_decision: 'declined', p_reason: 'other' })).error?.hint)
        .toBe('candidature_not_found');
    }
    expect(await statusOf(seeded(5))).toBe('sent_to_company');
    expect(await statusOf(seeded(3))).toBe('in_review');
  });
});

describe('the facilitator’s hire', () => {
  it('goes through the same path: participant created (eligibility checked by the facilitator), visible to the company', async () => {
    const id = seeded(5);
    expect((await facilitatorDieppe.rpc('transition_candidature', { p_id: id, p_to: 'hired' })).data).toBe('hired');
    const participant = await local.db.query<{ id: string; eligibility_checked_by: string | null }>(
      `select id, eligibility_checked_by from app.participants where candidature_id = $1`, [id]);
    expect(participant.rows).toEqual([{ id: expect.any(String), eligibility_checked_by: facilitatorId }]);
    const listed = ((await companyB.rpc('list_company_candidatures')).data as Array<{ id: string; status: string }>).find((c) => c.id === id);
    expect(listed?.status).toBe('hired');
  });

  it('links the running participant when the same person is hired again in the territory, rather than creating another', async () => {
    const first = (await local.db.query<{ id: string }>(`select id from app.participants where candidature_id = $1`, [seeded(5)])).rows[0]!.id;
    const again = await insertCandidature({ first_name: 'Nora', last_name: 'Démo-Électricité', job_offer_id: await offerOf(seeded(1)), status: 'sent_to_company' });
    expect((await companyA.rpc('company_decide_candidature', { p_candidature_id: again, p_decision: 'hired' })).data).toBe('hired');
    const linked = await local.db.query<{ participant_id: string }>(`select participant_id from app.candidatures where id = $1`, [again]);
    expect(linked.rows[0]!.participant_id).toBe(first);
    expect((await local.db.query(`select 1 from app.participants where lower(last_name) = 'démo-électricité'`)).rows).toHaveLength(1);
  });
});

describe('prescribers and SIAE', () => {
  it('each reads the candidatures its organisation sent, with their state and log, and no other', async () => {
    const own = await insertCandidature({ first_name: 'Alex', last_name: 'Démo-Prescrit', job_offer_id: null, prescriber_organisation_id: organisations.missionLocale });
    const others = await insertCandidature({ first_name: 'Sam', last_name: 'Démo-AutrePrescripteur', job_offer_id: null, prescriber_organisation_id: organisations.franceTravail });
    const listed = (await prescriber.rpc('list_candidatures')).data as Array<{ id: string; status: string; log: Array<{ to_status: string }> }>;
    expect(listed.map((c) => c.id)).toEqual([own]);
    expect(listed[0]).toMatchObject({ status: 'received', log: [{ to_status: 'received' }] });
    expect((await prescriber.rpc('candidature_log', { p_candidature_id: others })).data).toEqual([]);
    const siaeListed = (await siae.rpc('list_candidatures')).data as Array<{ id: string }>;
    expect(siaeListed.map((c) => c.id)).toEqual([seeded(2)]);
    // Read-only: they cannot move them.
    expect((await prescriber.rpc('transition_candidature', { p_id: own, p_to: 'in_review' })).error?.hint).toBe('candidature_not_found');
    expect(await statusOf(own)).toBe('received');
  });
});

describe('anonymous callers', () => {
  it('read nothing and decide nothing', async () => {
    const anon = local.anon();
    for (const [fn, args] of [
      ['list_candidatures', {}],
      ['list_company_candidatures', {}],
      ['candidature_log', { p_candidature_id: seeded(3) }],
      ['company_decide_candidature', { p_candidature_id: seeded(3), p_decision: 'hired' }],
    ] as const) {
      const { data, error } = await anon.rpc(fn, args);
      expect(data).toBeNull();
      expect(error?.code).toBe('42501');
    }
    expect(await outcome(local.db, 'anon', `select * from app.candidature_transitions limit 1`)).toBe('42501');
    expect(await statusOf(seeded(3))).toBe('in_review');
  });
});

describe('app.apply_hire (SECURITY DEFINER): who may call it', () => {
  it('only the territory’s facilitator or the company of the offer, on a hired candidature', async () => {
    const hired = seeded(1); // hired by company A above
    expect(await outcome(local.db, 'anon', `select app.apply_hire($1)`, [hired])).toBe('42501');
    expect(await outcome(local.db, 'companyB', `select app.apply_hire($1)`, [hired])).toBe('PT404:candidature_not_found');
    expect(await outcome(local.db, 'facilitatorAlpes', `select app.apply_hire($1)`, [hired])).toBe('PT404:candidature_not_found');
    expect(await outcome(local.db, 'prescriber', `select app.apply_hire($1)`, [hired])).toBe('PT404:candidature_not_found');
    expect(await outcome(local.db, 'facilitatorDieppe', `select app.apply_hire($1)`, [seeded(3)])).toBe('PT409:candidature_not_hired');
    expect(await statusOf(seeded(3))).toBe('in_review');
    // Called again on a hired one, it changes nothing: the participant stays the same one.
    const before = (await local.db.query(`select count(*)::int as n from app.participants`)).rows;
    expect(await outcome(local.db, 'companyA', `select app.apply_hire($1)`, [hired])).toBe('ok');
    expect((await local.db.query(`select count(*)::int as n from app.participants`)).rows).toEqual(before);
  });
});

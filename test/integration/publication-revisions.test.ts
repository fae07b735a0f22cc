// A year published again (docs/decisions/2026-12-03-publication-revisions.md): every version stays
// public, so the difference between two versions is published too. Each case adds, changes or
// corrects a few people between two publications made through the real rpc by the demo
// facilitator of Dieppe-Maritime, and checks that no count of persons moves by 1 to K − 1
// between any two versions (the newcomers would be isolated), while a move of K or more is
// published. Each test runs on its own fresh copy of the demo database (as suppression.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { aParticipant, anHourDeclaration, insertSql } from '../support/builders.ts';
import { publicationFiguresSchema, type PublicationFigures } from '../../src/domain/publication.ts';

const K = 11;
const territory = 'dieppe-maritime';
const year = 2026;
const penly = 'operations[Grand chantier EPR2 de Penly].participants';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
beforeEach(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
});
afterEach(async () => { await local.close(); });

interface Person { sex?: 'f' | 'm' | null; birthYear?: number | null; qpv?: boolean; rqth?: boolean }
/** The newcomer of issue 15: a woman of 26–49 living in a QPV, with a disability recognition. */
const newcomer: Person = { sex: 'f', birthYear: 1990, qpv: true, rqth: true };

/** People hired on EPR2 Penly lot 1 whose October 2026 hours the facilitator has validated. */
async function addPeople(people: Person[]): Promise<string[]> {
  const ids: string[] = [];
  for (const p of people) {
    const participant = insertSql('app.participants', aParticipant({
      sex: p.sex ?? null, birth_year: p.birthYear ?? null, qpv: p.qpv ?? false,
      eligibility: p.rqth ? ['deld', 'rqth'] : ['deld'],
    }), 'id');
    const id = (await local.db.query<{ id: string }>(participant.sql, participant.params)).rows[0]!.id;
    const line = insertSql('app.hour_declarations', anHourDeclaration({
      participant_id: id, month: '2026-10-01', hours: 35, status: 'validated', validated_at: new Date().toISOString(),
    }));
    await local.db.query(line.sql, line.params);
    ids.push(id);
  }
  return ids;
}

async function publish(): Promise<PublicationFigures> {
  const { data, error } = await facilitator.rpc('publish_year', { p_territory_slug: territory, p_year: year });
  expect(error).toBeNull();
  return publicationFiguresSchema.parse((data as Array<{ figures: unknown }>)[0]?.figures);
}

async function preview(): Promise<PublicationFigures> {
  const { data, error } = await facilitator.rpc('preview_publication', { p_territory_slug: territory, p_year: year });
  expect(error).toBeNull();
  return publicationFiguresSchema.parse(data);
}

/** The figures before any revision: what a publication alone would publish now. */
async function unrevised(): Promise<PublicationFigures> {
  const { rows } = await local.db.query<{ f: unknown }>(
    `select app.compute_publication_figures(t.id, $2) as f from app.territories t where t.slug = $1`, [territory, year]);
  return publicationFiguresSchema.parse(rows[0]?.f);
}

/** Every count of persons of a publication, by the path `revision_retenue` names it. */
function personCells(f: PublicationFigures): Record<string, number | null> {
  const cells: Record<string, number | null> = { 'participants.total': f.participants.total };
  for (const group of ['par_sexe', 'par_age', 'publics'] as const) {
    for (const [key, value] of Object.entries(f.participants[group])) cells[`participants.${group}.${key}`] = value;
  }
  for (const [stage, exits] of Object.entries(f.sorties)) {
    for (const [key, value] of Object.entries(exits)) cells[`sorties.${stage}.${key}`] = value;
  }
  for (const op of f.operations) cells[`operations[${op.nom}].participants`] = op.participants;
  return cells;
}

/** The cells whose published value moved by 1 to K − 1 between two versions: what would leak. */
function smallMoves(before: PublicationFigures, after: PublicationFigures): string[] {
  const a = personCells(before);
  const b = personCells(after);
  return Object.keys(b).filter((path) => {
    const x = a[path];
    const y = b[path];
    if (x == null || y == null) return false;
    const move = Math.abs(y - x);
    return move > 0 && move < K;
  }).map((path) => `${path}: ${a[path]} → ${b[path]}`);
}

/** smallMoves for every pair of versions. */
function everySmallMove(versions: PublicationFigures[]): string[] {
  return versions.flatMap((v, i) => versions.slice(i + 1).flatMap((w, j) =>
    smallMoves(v, w).map((m) => `v${i + 1}→v${i + j + 2} ${m}`)));
}

function person(n: number, p: Person): Person[] {
  return Array.from({ length: n }, () => ({ ...p }));
}

describe('a year published again after a few late lines', () => {
  it('one newcomer moves no count of persons: the cells describing her keep their values and are listed', async () => {
    const v1 = await publish();
    await addPeople([newcomer]);
    const truth = await unrevised();
    // Without the rule these cells would each move by one and describe her.
    expect(truth.participants.total).toBe(v1.participants.total! + 1);

    const v2 = await publish();
    expect(smallMoves(v1, v2)).toEqual([]);
    expect(personCells(v2)).toEqual(personCells(v1));
    expect(v2.revision_retenue).toEqual(expect.arrayContaining([
      'participants.total', 'participants.par_sexe.femmes', 'participants.par_age.de_26_a_49_ans',
      'participants.publics.qpv', 'participants.publics.rqth', penly,
    ]));
    // Hours are not counts of persons: they are revised.
    expect(v2.heures.realisees_dans_l_annee).toBe(v1.heures.realisees_dans_l_annee! + 35);
    // What everyone reads is the new version, with the held values.
    const { data } = await local.anon().rpc('list_published_results', { p_territory_slug: territory });
    const latest = (data as Array<{ year: number; version: number; figures: unknown }>).find((r) => r.year === year);
    expect(latest?.version).toBe(2);
    expect(publicationFiguresSchema.parse(latest?.figures).participants.total).toBe(v1.participants.total);
  });

  it.each([
    ['one person', [newcomer]],
    ['two persons', [newcomer, { sex: 'm', birthYear: 2003, qpv: false, rqth: false }] as Person[]],
    ['K − 1 persons', [...person(6, newcomer), ...person(4, { sex: 'm', birthYear: 1970, qpv: true })]],
  ])('%s added: no count of persons moves by 1 to K − 1', async (_case, people) => {
    const v1 = await publish();
    await addPeople(people);
    const v2 = await publish();
    expect(smallMoves(v1, v2)).toEqual([]);
    expect(v2.revision_retenue).toContain('participants.total');
    expect(v2.participants.total).toBe(v1.participants.total);
  });

  it('K persons added: every cell they move by K is revised, the others keep their value', async () => {
    const v1 = await publish();
    await addPeople(person(K, newcomer));
    const v2 = await publish();
    expect(smallMoves(v1, v2)).toEqual([]);
    expect(v2.participants.total).toBe(v1.participants.total! + K);
    expect(v2.participants.par_sexe.femmes).toBe(v1.participants.par_sexe.femmes! + K);
    expect(v2.participants.par_age.de_26_a_49_ans).toBe(v1.participants.par_age.de_26_a_49_ans! + K);
    expect(v2.participants.publics.qpv).toBe(v1.participants.publics.qpv! + K);
    expect(v2.participants.publics.rqth).toBe(v1.participants.publics.rqth! + K);
    expect(personCells(v2)[penly]).toBe(personCells(v1)[penly]! + K);
    expect(v2.revision_retenue).toEqual([]);
    // Nothing held: the publication is the one a first publication would make.
    expect(personCells(v2)).toEqual(personCells(await unrevised()));
  });

  it.each([1, 2, K - 1])('the RQTH of %i persons withdrawn (eligibility corrected): held; of K persons: revised', async (n) => {
    const people = await addPeople(person(K + 1, { sex: 'm', birthYear: 1980, rqth: true }));
    const v1 = await publish();
    for (const id of people.slice(0, n)) {
      const { error } = await facilitator.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['deld'] });
      expect(error).toBeNull();
    }
    const v2 = await publish();
    expect(smallMoves(v1, v2)).toEqual([]);
    expect(v2.participants.publics.rqth).toBe(v1.participants.publics.rqth);
    expect(v2.revision_retenue).toContain('participants.publics.rqth');

    for (const id of people.slice(n, K)) {
      await facilitator.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['deld'] });
    }
    const v3 = await publish();
    expect(everySmallMove([v1, v2, v3])).toEqual([]);
    expect(v3.participants.publics.rqth).toBe(v1.participants.publics.rqth! - K);
  });

  it.each([1, 2, K - 1])('%i women recorded as men (a correction of the files): neither sex moves by less than K', async (n) => {
    const v1 = await publish();
    await local.db.query(
      `update app.participants set sex = 'm' where id in (
         select p.id from app.participants p where p.territory_id = (select id from app.territories where slug = $1)
           and p.sex = 'f' and exists (select 1 from app.hour_declarations d where d.participant_id = p.id and d.month >= '2026-01-01')
         order by p.id limit $2)`, [territory, n]);
    const truth = await unrevised();
    expect(truth.participants.par_sexe.femmes).toBe(v1.participants.par_sexe.femmes! - n);
    const v2 = await publish();
    expect(smallMoves(v1, v2)).toEqual([]);
    expect(v2.participants.par_sexe).toEqual(v1.participants.par_sexe);
  });

  it.each([1, 2, K - 1])('counter-entries moving the hours of %i persons to newcomers: no count moves by less than K', async (n) => {
    const v1 = await publish();
    const { rows } = await local.db.query<{ id: string; participant_id: string }>(
      `select id, participant_id from app.hour_declarations
       where market_id = '50000000-0000-0000-0000-000000000001' and month = '2026-06-01' and status = 'validated'
       order by id limit $1`, [n]);
    for (const line of rows) {
      // The facilitator cancels the line declared for the wrong person, and the right person's is validated.
      const cancel = insertSql('app.hour_declarations', {
        ...anHourDeclaration({ participant_id: line.participant_id, month: '2026-06-01', hours: -60, status: 'validated', validated_at: new Date().toISOString() }),
        corrects_id: line.id,
      });
      await local.db.query(cancel.sql, cancel.params);
    }
    await addPeople(person(n, { sex: 'f', birthYear: 2004, qpv: true }));
    const v2 = await publish();
    expect(smallMoves(v1, v2)).toEqual([]);
  });
});

describe('several versions in a row', () => {
  it('v1 → v2 a small change held, v2 → v3 the cumulated change of K revised, and v1 ↔ v3 safe too', async () => {
    const v1 = await publish();
    await addPeople(person(5, newcomer));
    const v2 = await publish();
    expect(v2.participants.total).toBe(v1.participants.total);
    await addPeople(person(K - 5, newcomer));
    const v3 = await publish();
    expect(v3.participants.total).toBe(v1.participants.total! + K);
    expect(v3.participants.par_sexe.femmes).toBe(v1.participants.par_sexe.femmes! + K);
    expect(everySmallMove([v1, v2, v3])).toEqual([]);
    // Three more: held against v3 (and v2, v1 show no move of 1..K−1 either).
    await addPeople(person(3, { sex: 'm', birthYear: 1960 }));
    const v4 = await publish();
    expect(v4.participants.total).toBe(v3.participants.total);
    expect(everySmallMove([v1, v2, v3, v4])).toEqual([]);
  });

  it('a value is compared with every earlier version, not only the latest', async () => {
    const people = await addPeople(person(K, { sex: 'm', birthYear: 1980, rqth: true }));
    const v1 = await publish();
    await addPeople(person(K, { sex: 'm', birthYear: 1980, rqth: true }));
    const v2 = await publish();
    expect(v2.participants.publics.rqth).toBe(v1.participants.publics.rqth! + K);
    // K + 1 withdrawals: −(K + 1) against v2 but −1 against v1: held at v2's value.
    for (const id of people) await facilitator.rpc('record_eligibility_check', { p_participant_id: id, p_eligibility: ['deld'] });
    const [extra] = await local.db.query<{ id: string }>(
      `select id from app.participants where 'rqth' = any (eligibility) and id <> all ($1::uuid[]) and territory_id = (select id from app.territories where slug = $2)
         and exists (select 1 from app.hour_declarations d where d.participant_id = app.participants.id and d.month >= '2026-01-01') limit 1`,
      [people, territory]).then((r) => r.rows);
    await facilitator.rpc('record_eligibility_check', { p_participant_id: extra!.id, p_eligibility: ['deld'] });
    expect((await unrevised()).participants.publics.rqth).toBe(v1.participants.publics.rqth! - 1);
    const v3 = await publish();
    expect(v3.participants.publics.rqth).toBe(v2.participants.publics.rqth);
    expect(everySmallMove([v1, v2, v3])).toEqual([]);
  });
});

describe('a held cell cannot be recomputed from its group', () => {
  /** For each held part of an additive group: the value « total minus the other parts » gives. */
  function recomputed(f: PublicationFigures, group: 'par_sexe' | 'par_age', part: string): number | null {
    const others = Object.entries(f.participants[group]).filter(([k]) => k !== part).map(([, v]) => v);
    if (f.participants.total == null || others.some((v) => v == null)) return null;
    return f.participants.total - others.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  }

  it('the total moves by K or more but « femmes » by one: a second cell of the group is held', async () => {
    const v1 = await publish();
    await addPeople([...person(K, { sex: 'm', birthYear: 1990 }), { sex: 'f', birthYear: 1990 }]);
    const truth = await unrevised();
    expect(truth.participants.par_sexe.femmes).toBe(v1.participants.par_sexe.femmes! + 1);
    const v2 = await publish();
    expect(v2.participants.total).toBe(v1.participants.total! + K + 1);
    expect(v2.participants.par_sexe.femmes).toBe(v1.participants.par_sexe.femmes);
    // Without the second cell: total − hommes − non renseigné = the true « femmes », one more than v1.
    expect(recomputed(v2, 'par_sexe', 'femmes')).not.toBe(truth.participants.par_sexe.femmes);
    expect(v2.revision_retenue).toEqual(expect.arrayContaining(['participants.par_sexe.femmes', 'participants.par_sexe.hommes']));
    expect(smallMoves(v1, v2)).toEqual([]);
    // The age group moved by K + 1 as a whole: published.
    expect(v2.participants.par_age.de_26_a_49_ans).toBe(v1.participants.par_age.de_26_a_49_ans! + K + 1);
  });

  it('the parts move by K or more but the total by less: the total is not recomputable from the parts', async () => {
    const v1 = await publish();
    // Three women join and K men are corrected to women: femmes +K+3, hommes −K, total +3.
    await addPeople(person(3, { sex: 'f', birthYear: 1990 }));
    await local.db.query(
      `update app.participants set sex = 'f' where id in (
         select p.id from app.participants p where p.territory_id = (select id from app.territories where slug = $1)
           and p.sex = 'm' and exists (select 1 from app.hour_declarations d where d.participant_id = p.id and d.month >= '2026-01-01')
         order by p.id limit $2)`, [territory, K]);
    const truth = await unrevised();
    expect(truth.participants.total).toBe(v1.participants.total! + 3);
    expect(truth.participants.par_sexe.hommes).toBe(v1.participants.par_sexe.hommes! - K);
    const v2 = await publish();
    expect(v2.participants.total).toBe(v1.participants.total);
    const sexes = Object.values(v2.participants.par_sexe);
    // Sum of the published parts is not the true total.
    expect(sexes.every((v) => v != null) ? sexes.reduce<number>((s, v) => s + v!, 0) : null).not.toBe(truth.participants.total);
    expect(smallMoves(v1, v2)).toEqual([]);
  });

  it('an overlapping public whose complement moves by less than K is held', async () => {
    const v1 = await publish();
    // K + 2 newcomers, K of them in a QPV: « not QPV » moves by 2.
    await addPeople([...person(K, { sex: 'm', birthYear: 1990, qpv: true }), ...person(2, { sex: 'm', birthYear: 1990 })]);
    expect((await unrevised()).participants.publics.qpv).toBe(v1.participants.publics.qpv! + K);
    const v2 = await publish();
    expect(v2.participants.total).toBe(v1.participants.total! + K + 2);
    expect(v2.participants.publics.qpv).toBe(v1.participants.publics.qpv);
    expect(v2.revision_retenue).toContain('participants.publics.qpv');
    expect(smallMoves(v1, v2)).toEqual([]);
  });
});

describe('preview and publication', () => {
  it('the preview is exactly what publish_year then stores, held cells included', async () => {
    await publish();
    await addPeople([newcomer, ...person(K, { sex: 'm', birthYear: 1975 })]);
    const shown = await preview();
    const stored = await publish();
    expect(stored).toEqual(shown);
    expect(shown.revision_retenue?.length).toBeGreaterThan(0);
  });

  it('the first version is the figures a publication alone makes, with nothing held', async () => {
    const v1 = await publish();
    const { revision_retenue: held, ...rest } = v1;
    expect(held).toEqual([]);
    expect(rest).toEqual(await unrevised());
  });
});

describe('the rule on any overlapping aggregates (app.revise_cells)', () => {
  it('applies to plain cell maps, so that a sum of territories or years can reuse it', async () => {
    const { rows } = await local.db.query<{ r: { values: Record<string, number | null>; held: string[] } }>(
      `select app.revise_cells('{"t": 32, "a": 11, "b": 21}', array['{"t": 20, "a": 10, "b": 10}'::jsonb],
              '[{"total": "t", "parts": ["a", "b"]}]', '[]', 11) as r`);
    // a moved by 1 (held); alone it would be recomputed as t − b = 11: b is held too.
    expect(rows[0]?.r).toEqual({ values: { t: 32, a: 10, b: 10 }, held: ['a', 'b'] });
  });

  it('a count unchanged since the latest version but leaking against an older one becomes secret', async () => {
    // Two versions published before the rule: « not p » moved by one between them. Publishing
    // p = 30 again would keep that leak against the first: holding it would hide nothing.
    const { rows } = await local.db.query<{ r: { values: Record<string, number | null>; held: string[] } }>(
      `select app.revise_cells('{"t": 101, "p": 30}', array['{"t": 90, "p": 18}'::jsonb, '{"t": 101, "p": 30}'::jsonb],
              '[]', '[{"total": "t", "parts": ["p"]}]', 11) as r`);
    expect(rows[0]?.r).toEqual({ values: { t: 101, p: null }, held: ['p'] });
  });
});

// Personal data (DOMAIN.md §11): the retention periods are applied (candidatures not hired,
// their CVs, participants whose parcours ended long ago, old logs), and an access request is
// answered in one action, limited to the facilitator's territory.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { fromDbError } from '../../src/server/errors.ts';
import { applyRetention } from '../../src/server/retention.ts';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { territories } from '../support/seed.ts';
import { aCandidature, insertSql } from '../support/builders.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let company: SupabaseClient;

const dieppe = territories.dieppe;
const cvDir = fileURLToPath(new URL('../../.data/cv/', import.meta.url));
const NOW = new Date('2026-11-22T12:00:00Z');

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  company = await local.signIn('entreprise@demo.test');
});
afterAll(async () => { await local.close(); });

/** A candidature in Dieppe-Maritime (retention 24 months in the demo settings), last contacted then. */
async function candidature(lastName: string, lastContact: string, status = 'declined', withCv = false): Promise<{ id: string; cv: string | null }> {
  const id = randomUUID();
  const cv = withCv ? `${randomUUID()}.pdf` : null;
  if (cv) {
    await mkdir(cvDir, { recursive: true });
    await writeFile(`${cvDir}${cv}`, '%PDF-1.4 test');
  }
  const { sql, params } = insertSql('app.candidatures', aCandidature({
    id, reference: `T-${id.slice(0, 8)}`, territory_id: dieppe, status, first_name: 'Camille', last_name: lastName,
    email: `${lastName.toLowerCase()}@exemple.test`, last_contact_at: lastContact, cv_path: cv,
  }));
  await local.db.query(sql, params);
  return { id, cv };
}

describe('retention periods', () => {
  it('deletes candidatures not hired after the period, with their CV; keeps recent ones', async () => {
    const old = await candidature('Ancienne', '2024-06-01', 'declined', true);
    const recent = await candidature('Recente', '2025-12-01', 'declined', true);
    expect(existsSync(`${cvDir}${old.cv}`)).toBe(true);

    const result = await applyRetention(NOW);
    expect(result.candidatures_deleted).toBeGreaterThanOrEqual(1);
    const { rows } = await local.db.query<{ id: string }>(`select id from app.candidatures where id = any($1)`, [[old.id, recent.id]]);
    expect(rows.map((r) => r.id)).toEqual([recent.id]);
    expect(existsSync(`${cvDir}${old.cv}`)).toBe(false);
    expect(existsSync(`${cvDir}${recent.cv}`)).toBe(true);
    // Its log went with it.
    const log = await local.db.query(`select 1 from app.candidature_transitions where candidature_id = $1`, [old.id]);
    expect(log.rows).toHaveLength(0);
  });

  it('anonymises participants whose parcours ended before the period; their hours still count', async () => {
    const { rows: [p] } = await local.db.query<{ id: string; hours: number }>(`
      select p.id, (select coalesce(sum(d.hours), 0)::float from app.hour_declarations d where d.participant_id = p.id) as hours
      from app.participants p where p.territory_id = $1 and exists (select 1 from app.hour_declarations d where d.participant_id = p.id)
      limit 1`, [dieppe]);
    await local.db.query(`update app.participants set parcours_ended_on = '2024-01-31' where id = $1`, [p!.id]);
    await applyRetention(NOW);
    const { rows: [after] } = await local.db.query<{ first_name: string; last_name: string; commune: string | null; hours: number }>(`
      select first_name, last_name, commune,
        (select coalesce(sum(d.hours), 0)::float from app.hour_declarations d where d.participant_id = p.id) as hours
      from app.participants p where p.id = $1`, [p!.id]);
    expect(after).toEqual({ first_name: 'Personne', last_name: 'anonymisée', commune: null, hours: p!.hours });
  });

  it('deletes audit entries older than the territory’s log period, keeps the recent ones', async () => {
    await local.db.query(`insert into app.audit_log (table_name, row_id, action, territory_id, at)
      values ('participants', gen_random_uuid(), 'update', $1, '2025-01-01'), ('participants', gen_random_uuid(), 'update', $1, '2026-10-01')`, [dieppe]);
    await applyRetention(NOW);
    const { rows } = await local.db.query<{ at: Date }>(`select at from app.audit_log where territory_id = $1 and at < '2026-11-01' and at >= '2024-01-01' and table_name = 'participants' and changed_columns = '{}'`, [dieppe]);
    expect(rows.map((r) => r.at.toISOString().slice(0, 10))).toEqual(['2026-10-01']);
  });

  it('only the service role may run it', async () => {
    for (const client of [local.anon(), facilitatorDieppe]) {
      const { error } = await client.rpc('purge_personal_data', {});
      expect(error?.code).toBe('42501');
    }
  });
});

describe('access request', () => {
  it('exports a person’s candidatures with their log, found by e-mail or by name, in the facilitator’s territory only', async () => {
    const { id } = await candidature('Demandeuse', new Date().toISOString(), 'in_review');
    await local.db.query(`insert into app.candidature_transitions (candidature_id, from_status, to_status) values ($1, null, 'received'), ($1, 'received', 'in_review')`, [id]);

    const byEmail = await facilitatorDieppe.rpc('export_person_data', { p_email: 'DEMANDEUSE@exemple.test' });
    expect(byEmail.error).toBeNull();
    const exported = byEmail.data as { candidatures: Array<{ last_name: string; email: string; log: Array<{ to: string }> }> };
    expect(exported.candidatures).toHaveLength(1);
    expect(exported.candidatures[0]).toMatchObject({ last_name: 'Demandeuse', email: 'demandeuse@exemple.test' });
    expect(exported.candidatures[0]!.log.map((l) => l.to)).toEqual(['received', 'in_review']);

    const byName = await facilitatorDieppe.rpc('export_person_data', { p_first_name: 'camille', p_last_name: 'DEMANDEUSE' });
    expect((byName.data as { candidatures: unknown[] }).candidatures).toHaveLength(1);

    const otherTerritory = await facilitatorAlpes.rpc('export_person_data', { p_email: 'demandeuse@exemple.test' });
    expect(otherTerritory.data).toMatchObject({ candidatures: [], participants: [] });
  });

  it('refuses a company, and a search without e-mail or full name, with French messages', async () => {
    const refused = await company.rpc('export_person_data', { p_email: 'demandeuse@exemple.test' });
    expect(fromDbError(refused.error!).status).toBe(403);
    const vague = await facilitatorDieppe.rpc('export_person_data', { p_first_name: 'Camille' });
    expect(fromDbError(vague.error!)).toMatchObject({ status: 422, message: 'Indiquez l’adresse e-mail de la personne, ou son prénom et son nom.' });
  });
});

// Who may read a candidate's CV (supabase/schemas/04_candidatures.sql), through
// supabase-js `.rpc()` as the demo users: the territory's facilitator; the company only once the
// file is transmitted to it; the organisation that sent it; nobody else, and never anonymously.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { demoCandidature, territories, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
const clients: Record<string, SupabaseClient> = {};

// Seeded candidatures (supabase/seed.sql): 1 transmitted to company A, 2 transmitted to company A
// and sent by the demo SIAE, 3 under review (offer of company A's market), 5 transmitted to company B.
const seeded = demoCandidature;
const ids = [1, 2, 3, 5].map(seeded);

beforeAll(async () => {
  local = await useLocalSupabase();
  for (const [name, email] of Object.entries({
    facilitator: 'facilitateur@demo.test', alpes: 'facilitateur.alpes@demo.test', companyA: 'entreprise@demo.test',
    companyB: 'entreprise2@demo.test', siae: 'siae@demo.test', prescriber: 'prescripteur@demo.test', buyer: 'acheteur@demo.test',
  })) clients[name] = await local.signIn(email);
  await local.db.query(`update app.candidatures set cv_path = id::text || '.pdf' where id = any ($1::uuid[])`, [ids]);
});
afterAll(async () => { await local.close(); });

async function readable(who: string): Promise<string[]> {
  const { data, error } = await clients[who]!.rpc('candidatures_with_cv', { p_ids: ids });
  expect(error).toBeNull();
  return [...(data as string[])].sort();
}

describe('a candidate’s CV', () => {
  it('is listed for the facilitator, the company it was transmitted to, and the organisation that sent it', async () => {
    expect(await readable('facilitator')).toEqual(ids);
    expect(await readable('companyA')).toEqual([seeded(1), seeded(2)]);
    expect(await readable('companyB')).toEqual([seeded(5)]);
    expect(await readable('siae')).toEqual([seeded(2)]);
    for (const who of ['alpes', 'prescriber', 'buyer']) expect(await readable(who), who).toEqual([]);
  });

  it('gives its path and reference only to those', async () => {
    const cv = async (who: string, n: number) => ((await clients[who]!.rpc('candidature_cv', { p_candidature_id: seeded(n) })).data as unknown[]) ?? [];
    expect(await cv('facilitator', 3)).toEqual([{ path: `${seeded(3)}.pdf`, reference: 'CS-2026-DEMO0003' }]);
    expect(await cv('companyA', 1)).toEqual([{ path: `${seeded(1)}.pdf`, reference: 'CS-2026-DEMO0001' }]);
    expect(await cv('companyA', 3)).toEqual([]);
    expect(await cv('companyB', 1)).toEqual([]);
    expect(await cv('alpes', 1)).toEqual([]);
    const anonymous = await local.anon().rpc('candidature_cv', { p_candidature_id: seeded(1) });
    expect(anonymous.error?.code).toBe('42501');
  });

  it('leaves a line in the audit log each time it is read: who and when, never the file', async () => {
    const reads = async () => (await local.db.query<{ row_id: string; actor_user_id: string; territory_id: string; changed_columns: string[]; changes: unknown }>(
      `select row_id, actor_user_id, territory_id, changed_columns, changes from app.audit_log where action = 'read' order by id`)).rows;
    const before = (await reads()).length;
    await clients.companyA!.rpc('candidature_cv', { p_candidature_id: seeded(1) });
    await clients.companyB!.rpc('candidature_cv', { p_candidature_id: seeded(1) }); // refused: no line
    const after = (await reads()).slice(before);
    const { data: { user } } = await clients.companyA!.auth.getUser();
    expect(after).toEqual([{ row_id: seeded(1), actor_user_id: user!.id, territory_id: territories.dieppe,
      changed_columns: ['cv_path'], changes: null }]);
  });

  it('a partner cannot write a read line for a CV they may not read, nor any other audit line', async () => {
    const { data: { user } } = await clients.companyB!.auth.getUser();
    const forge = (row: Record<string, unknown>) => local.db.transaction(async (tx) => {
      await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'authenticated', sub: user!.id })]);
      await tx.exec('set local role authenticated');
      await tx.query(`insert into app.audit_log (table_name, row_id, action, territory_id, actor_user_id, actor_role, changed_columns)
        values ($1, $2, $3, $4, $5, 'authenticated', $6)`, [row.table, row.id, row.action, territories.dieppe, row.actor ?? user!.id, row.columns ?? ['cv_path']]);
    }).then(() => 'ok', (e: { code?: string }) => e.code);
    // A line for a CV it may read, in its own name, is the only kind it may write…
    expect(await forge({ table: 'candidatures', id: seeded(5), action: 'read' })).toBe('ok');
    // …not for a file not transmitted to it, in someone else's name, a change rather than a read, or another table.
    expect(await forge({ table: 'candidatures', id: seeded(1), action: 'read' })).toBe('42501');
    expect(await forge({ table: 'candidatures', id: seeded(5), action: 'read', actor: users.facilitatorDieppe })).toBe('42501');
    expect(await forge({ table: 'candidatures', id: seeded(5), action: 'update' })).toBe('42501');
    expect(await forge({ table: 'participants', id: seeded(5), action: 'read' })).toBe('42501');
  });
});

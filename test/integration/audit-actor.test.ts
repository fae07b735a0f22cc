// The audit log names the role a change was made in (DOMAIN.md §11: who changed personal and
// hour data): the signed-in partner's `authenticated`, the nightly jobs' `service_role`; never the
// owner of the trigger function that writes the line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { expireCandidatures } from '../../src/server/candidature-expiry.ts';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { demoCandidature } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
const seeded = demoCandidature;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
});
afterAll(async () => { await local.close(); });

async function lastAudit(rowId: string): Promise<{ actor_role: string; actor_user_id: string | null } | undefined> {
  return (await local.db.query<{ actor_role: string; actor_user_id: string | null }>(
    `select actor_role, actor_user_id from app.audit_log where row_id = $1 order by id desc limit 1`, [rowId])).rows[0];
}

describe('the role in the audit log', () => {
  it('is the partner’s when a signed-in facilitator changes a candidature', async () => {
    expect((await facilitator.rpc('transition_candidature', { p_id: seeded(4), p_to: 'in_review' })).error).toBeNull();
    const { data: { user } } = await facilitator.auth.getUser();
    expect(await lastAudit(seeded(4))).toEqual({ actor_role: 'authenticated', actor_user_id: user!.id });
  });

  it('is the service role’s when the nightly job expires a candidature', async () => {
    await expireCandidatures(new Date('2027-06-01T00:00:00Z'));
    expect(await lastAudit(seeded(6))).toEqual({ actor_role: 'service_role', actor_user_id: null });
  });
});

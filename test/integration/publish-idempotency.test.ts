// Publishing is one action, whatever the network or the mouse does (supabase/schemas/06_publications.sql,
// public.publish_year with the publish form's idempotency key): the same form sent twice, even at
// the same moment, creates one version and answers both sends with it; another display of the
// form (another key) creates the next version. Through supabase-js `.rpc()` as the facilitator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
const territory = 'alpes-sud-isere';

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur.alpes@demo.test');
});
afterAll(async () => { await local.close(); });

const versions = async () => (await local.db.query<{ version: number }>(
  `select p.version from app.publications p join app.territories t on t.id = p.territory_id where t.slug = $1 and p.year = 2025 order by p.version`,
  [territory])).rows.map((r) => r.version);
const publish = (key: string) => facilitator.rpc('publish_year', { p_territory_slug: territory, p_year: 2025, p_idempotency_key: key });

describe('publishing a year', () => {
  it('sent twice with the same form, at once or one after the other, creates one version', async () => {
    expect(await versions()).toEqual([1]);
    const key = randomUUID();
    const [first, second] = await Promise.all([publish(key), publish(key)]);
    expect(first.error).toBeNull();
    expect(second.error).toBeNull();
    expect(first.data?.[0]?.version).toBe(2);
    expect(second.data?.[0]).toEqual(first.data?.[0]);
    const again = await publish(key);
    expect(again.data?.[0]?.publication_id).toBe(first.data?.[0]?.publication_id);
    expect(await versions()).toEqual([1, 2]);
  });

  it('from another display of the form, creates the next version', async () => {
    const { data, error } = await publish(randomUUID());
    expect(error).toBeNull();
    expect(data?.[0]?.version).toBe(3);
    expect(await versions()).toEqual([1, 2, 3]);
  });
});

// Every function of the API, called by someone it must refuse (anon, another territory's
// facilitator, a company) with values that are not theirs (unknown ids, empty text, an empty
// list), answers as PostgREST does in production, through the real client and the stand-in:
// a refusal is a 4xx, never a 5xx. PostgREST answers P0002 and 55000 with 500, so the domain's
// refusals are raised as PT404 / PT409 (app.fail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let callers: Array<[name: string, client: SupabaseClient]>;
let functions: Array<{ name: string; args: Array<{ name: string; type: string }> }>;

beforeAll(async () => {
  local = await useLocalSupabase();
  callers = [
    ['anon', local.anon()],
    ['facilitateur Alpes', await local.signIn('facilitateur.alpes@demo.test')],
    ['entreprise', await local.signIn('entreprise@demo.test')],
  ];
  const { rows } = await local.db.query<{ name: string; args: Array<{ name: string; type: string }> }>(`
    select p.proname as name,
           coalesce((select json_agg(json_build_object('name', a.name, 'type', format_type(a.type, null)) order by a.ord)
                     from unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality a(name, type, ord)), '[]') as args
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prokind = 'f' and not p.proretset is null
      and p.prorettype <> 'trigger'::regtype
    order by 1`);
  functions = rows;
});
afterAll(async () => { await local.close(); });

/** A value of the type that belongs to nobody: an unknown id, a blank, an empty list. */
function valueOf(type: string): unknown {
  if (type === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (type.endsWith('[]')) return [];
  if (['integer', 'smallint', 'bigint', 'numeric'].includes(type)) return 1;
  if (type === 'boolean') return false;
  if (type === 'date') return '2026-01-01';
  if (type.startsWith('timestamp')) return '2026-01-01T00:00:00Z';
  if (type === 'jsonb' || type === 'json') return [];
  return 'x';
}

describe('a refused call answers 4xx, never 5xx', () => {
  it('for every API function, caller and value that are not theirs', async () => {
    expect(functions.length).toBeGreaterThan(40);
    const fives: string[] = [];
    let refused = 0;
    for (const fn of functions) {
      const args = Object.fromEntries(fn.args.map((a) => [a.name, valueOf(a.type)]));
      for (const [caller, client] of callers) {
        const { status } = await client.rpc(fn.name, args);
        if (status >= 500) fives.push(`${fn.name} as ${caller}: ${status}`);
        else if (status >= 400) refused += 1;
      }
    }
    expect(fives).toEqual([]);
    expect(refused).toBeGreaterThan(100);
  }, 240_000);
});

// The rows of a set-returning rpc, as PostgREST answers them: limit/offset (supabase-js
// `.range()`), the Range header, max_rows, Content-Range and the count. The cases are those of
// PostgREST's documentation (references/api/pagination_count) and its test suite (RpcSpec,
// QueryLimitedSpec), on the fixture's `series(n)` (1..n) and a table of letters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { createDatabase, runSqlFile } from '../../src/local-supabase/engine.ts';
import { startLocalSupabase, type LocalSupabase } from '../../src/local-supabase/server.ts';
import { configuredMaxRows, maxRowsOfConfig } from '../../src/local-supabase/range.ts';
import type { PGlite } from '@electric-sql/pglite';
import { fixtureFile } from './fixture.ts';

let db: PGlite;
let unlimited: LocalSupabase;
let limited: LocalSupabase; // max_rows = 2, like PostgREST's QueryLimitedSpec
beforeAll(async () => {
  db = await createDatabase();
  await runSqlFile(db, fixtureFile);
  await db.exec(`
    create function public.letters(n integer) returns table (place integer, letter text)
    language sql immutable as $$ select i, chr(96 + i) from generate_series(1, n) i order by i desc $$;
    grant execute on function public.letters to anon;`);
  unlimited = await startLocalSupabase({ db, maxRows: null });
  limited = await startLocalSupabase({ db, maxRows: 2 });
});
afterAll(async () => {
  await unlimited.close();
  await limited.close();
  await db.close();
});

const client = (server: LocalSupabase): SupabaseClient =>
  createClient(server.url, server.anonKey, { auth: { persistSession: false, autoRefreshToken: false } });

async function call(server: LocalSupabase, method: 'GET' | 'POST' | 'HEAD', path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${server.url}/rest/v1/rpc/${path}`, {
    method, headers: { apikey: server.anonKey, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, range: response.headers.get('content-range'), body: text === '' ? undefined : JSON.parse(text) as unknown };
}

describe('the rows of a set', () => {
  it('answers the whole set with its range and an unknown total', async () => {
    expect(await call(unlimited, 'GET', 'series?n=3')).toEqual({ status: 200, range: '0-2/*', body: [1, 2, 3] });
    expect(await call(unlimited, 'GET', 'series?n=0')).toEqual({ status: 200, range: '*/*', body: [] });
  });

  it('takes limit and offset from the query string, for GET, POST and HEAD', async () => {
    expect(await call(unlimited, 'POST', 'series?limit=1&offset=1', {}, { n: 3 })).toEqual({ status: 200, range: '1-1/*', body: [2] });
    expect(await call(unlimited, 'GET', 'series?n=3&limit=1&offset=1')).toEqual({ status: 200, range: '1-1/*', body: [2] });
    expect(await call(unlimited, 'HEAD', 'series?n=3&limit=1&offset=1')).toEqual({ status: 200, range: '1-1/*', body: undefined });
    expect(await call(unlimited, 'GET', 'series?n=5&offset=3')).toEqual({ status: 200, range: '3-4/*', body: [4, 5] });
  });

  it('takes the Range header on GET only', async () => {
    expect(await call(unlimited, 'GET', 'series?n=3', { range: '1-1' })).toEqual({ status: 200, range: '1-1/*', body: [2] });
    expect(await call(unlimited, 'GET', 'series?n=5', { range: '3-' })).toEqual({ status: 200, range: '3-4/*', body: [4, 5] });
    expect(await call(unlimited, 'POST', 'series', { range: '1-1' }, { n: 3 })).toEqual({ status: 200, range: '0-2/*', body: [1, 2, 3] });
  });

  it('reads the page supabase-js `.range(from, to)` asks for, rows of a table in the function’s order', async () => {
    const { data, error } = await client(unlimited).rpc('series', { n: 10 }).range(4, 6);
    expect([data, error]).toEqual([[5, 6, 7], null]);
    const letters = await client(unlimited).rpc('letters', { n: 5 }).range(1, 2);
    expect([letters.data, letters.error]).toEqual([[{ place: 4, letter: 'd' }, { place: 3, letter: 'c' }], null]);
  });

  it('counts the whole set when asked, and says a page is partial (206)', async () => {
    expect(await call(unlimited, 'GET', 'series?n=3', { range: '1-1', prefer: 'count=exact' })).toEqual({ status: 206, range: '1-1/3', body: [2] });
    expect(await call(unlimited, 'POST', 'series?limit=1&offset=1', { prefer: 'count=exact' }, { n: 3 })).toEqual({ status: 206, range: '1-1/3', body: [2] });
    expect(await call(unlimited, 'HEAD', 'series?n=5', { prefer: 'count=exact' })).toEqual({ status: 200, range: '0-4/5', body: undefined });
    const { count, data } = await client(unlimited).rpc('series', { n: 7 }, { count: 'exact' }).range(0, 2);
    expect([count, data]).toEqual([7, [1, 2, 3]]);
  });

  it('answers a single value as a page of one', async () => {
    expect(await call(unlimited, 'GET', 'add_them?a=3&b=4', { prefer: 'count=exact' })).toEqual({ status: 200, range: '0-0/1', body: 7 });
    expect(await call(unlimited, 'GET', 'add_them?a=3&b=4')).toEqual({ status: 200, range: '0-0/*', body: 7 });
  });

  it('refuses an empty range or a negative limit, and an offset past the counted rows (416)', async () => {
    const lowerGtUpper = await call(unlimited, 'GET', 'series?n=3', { range: '2-1' });
    expect(lowerGtUpper).toMatchObject({ status: 416, body: { code: 'PGRST103', message: 'Requested range not satisfiable',
      details: 'The lower boundary must be lower than or equal to the upper boundary in the Range header.' } });
    expect(await call(unlimited, 'GET', 'series?n=3&limit=-1')).toMatchObject({ status: 416,
      body: { code: 'PGRST103', details: 'Limit should be greater than or equal to zero.' } });
    expect(await call(unlimited, 'GET', 'series?n=3&offset=5', { prefer: 'count=exact' })).toMatchObject({ status: 416,
      range: '*/3', body: { code: 'PGRST103', details: 'An offset of 5 was requested, but there are only 3 rows.' } });
    // Without a count, PostgREST cannot know: an empty page.
    expect(await call(unlimited, 'GET', 'series?n=3&offset=5')).toEqual({ status: 200, range: '*/*', body: [] });
  });
});

describe('max_rows', () => {
  it('is the [api] max_rows of supabase/config.toml', () => {
    expect(configuredMaxRows()).toBe(1000);
    expect(maxRowsOfConfig('[db]\nmax_rows = 5\n[api]\n# max_rows = 7\nenabled = true\nmax_rows = 1000 # rows\n[api.tls]\nmax_rows = 3')).toBe(1000);
    expect(maxRowsOfConfig('[api]\nenabled = true\n[db]\nmax_rows = 5')).toBeNull();
  });

  it('cuts a set silently, the range telling where', async () => {
    expect(await call(limited, 'GET', 'series?n=5')).toEqual({ status: 200, range: '0-1/*', body: [1, 2] });
    const { data, error, status } = await client(limited).rpc('series', { n: 5 });
    expect([data, error, status]).toEqual([[1, 2], null, 200]);
  });

  it('caps what the client asks for, from its offset, and counts beyond it', async () => {
    expect(await call(limited, 'GET', 'series?n=5', { range: '0-0' })).toEqual({ status: 200, range: '0-0/*', body: [1] });
    expect(await call(limited, 'GET', 'series?n=5&limit=4&offset=2')).toEqual({ status: 200, range: '2-3/*', body: [3, 4] });
    expect(await call(limited, 'GET', 'series?n=5', { prefer: 'count=exact' })).toEqual({ status: 206, range: '0-1/5', body: [1, 2] });
  });

  it('lets limit=0 through as an empty page', async () => {
    expect(await call(limited, 'GET', 'series?n=5&limit=0')).toEqual({ status: 200, range: '*/*', body: [] });
  });

  it('leaves a single value alone', async () => {
    expect(await call(limited, 'GET', 'add_them?a=1&b=2')).toEqual({ status: 200, range: '0-0/*', body: 3 });
  });
});

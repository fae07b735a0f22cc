// PostgREST's rows window for an rpc that returns a set (src/PostgREST/RangeQuery.hs,
// ApiRequest.hs getRanges, Plan.hs restrictRange; docs: references/api/pagination_count):
// the `limit` and `offset` query parameters (what supabase-js `.range(from, to)` sends, for GET
// and POST alike), intersected with the `Range: <from>-<to>` header on GET only, then capped by
// db-max-rows (Supabase: `[api] max_rows` of supabase/config.toml), silently. The answer carries
// `Content-Range: <first>-<last>/<total>` with `*` for an unknown total (no `Prefer: count=`) and
// `*` for the range of an empty page; its status is 200, or 206 when a counted total is larger
// than the page, or 416 (PGRST103) when the offset passes the counted total.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonReply, ReplyError } from './reply.ts';

/** Rows from `offset`, at most `limit` of them (null: no limit). */
export interface RowsWindow {
  offset: number;
  limit: number | null;
}

/**
 * `max_rows` of the `[api]` table of a supabase/config.toml text, or null when absent. Not a TOML
 * reader: the key is found line by line inside `[api]` (up to the next table header), which is
 * all this file's plain `key = 123` line needs.
 */
export function maxRowsOfConfig(toml: string): number | null {
  let table = '';
  for (const raw of toml.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) table = header[1] ?? '';
    else if (table === 'api') {
      const entry = /^max_rows\s*=\s*(\d+)$/.exec(line);
      if (entry) return Number(entry[1]);
    }
  }
  return null;
}

let configured: number | null | undefined;
/** max_rows of the project's supabase/config.toml (read once). */
export function configuredMaxRows(): number | null {
  configured ??= maxRowsOfConfig(readFileSync(fileURLToPath(new URL('../../supabase/config.toml', import.meta.url)), 'utf8'));
  return configured;
}

// A range as PostgREST's NonnegRange: inclusive bounds, `upper` null when open.
interface Bounds { lower: number; upper: number | null }

// Haskell's readMaybe for an Integer: optional minus, digits, nothing else.
const integer = (text: string | null): number | null => (text !== null && /^-?\d+$/.test(text) ? Number(text) : null);

const rangeError = (details: string): ReplyError =>
  new ReplyError(jsonReply(416, { code: 'PGRST103', details, hint: null, message: 'Requested range not satisfiable' },
    { 'proxy-status': 'PostgREST; error=PGRST103' }));

/** The window a request asks for, capped by `maxRows`; 416 for an empty Range or a negative limit. */
export function rowsWindow(method: string, query: URLSearchParams, rangeHeader: string | undefined, maxRows: number | null): RowsWindow {
  const limit = integer(query.get('limit'));
  const offset = integer(query.get('offset'));
  // limit=0 is the one empty window allowed (PostgREST issue 1121); max rows does not apply to it.
  if (limit === 0) return { offset: 0, limit: 0 };
  const params: Bounds = { lower: offset ?? 0, upper: limit === null ? null : (offset ?? 0) + limit - 1 };
  // RFC 9110: the Range header counts for GET only.
  const match = method === 'GET' ? /^(\d+)-(\d*)$/.exec(rangeHeader ?? '') : null;
  const header: Bounds = match ? { lower: Number(match[1]), upper: match[2] ? Number(match[2]) : null } : { lower: 0, upper: null };
  if (header.upper !== null && header.upper < header.lower) {
    throw rangeError('The lower boundary must be lower than or equal to the upper boundary in the Range header.');
  }
  const lower = Math.max(params.lower, header.lower);
  const uppers = [params.upper, header.upper].filter((u): u is number => u !== null);
  let upper = uppers.length ? Math.min(...uppers) : null;
  if (upper !== null && upper < lower) throw rangeError('Limit should be greater than or equal to zero.');
  if (maxRows !== null) upper = Math.min(upper ?? Number.POSITIVE_INFINITY, lower + maxRows - 1);
  return { offset: lower, limit: upper === null ? null : upper - lower + 1 };
}

/** `Prefer: count=exact|planned|estimated` asks for the total (locally always counted exactly). */
export const wantsCount = (prefer: string | string[] | undefined): boolean =>
  /count=(exact|planned|estimated)/.test([prefer ?? []].flat().join(','));

/** PostgREST's rangeStatusHeader: the status and Content-Range of a page of `rows` from `offset`. */
export function rangeAnswer(offset: number, rows: number, total: number | null): { status: number; contentRange: string } {
  const upper = offset + rows - 1;
  const range = total !== 0 && offset <= upper ? `${offset}-${upper}` : '*';
  const contentRange = `${range}/${total ?? '*'}`;
  if (total === null) return { status: 200, contentRange };
  if (offset > total) {
    throw new ReplyError({
      ...jsonReply(416, { code: 'PGRST103', details: `An offset of ${offset} was requested, but there are only ${total} rows.`, hint: null,
        message: 'Requested range not satisfiable' }, { 'proxy-status': 'PostgREST; error=PGRST103', 'content-range': contentRange }),
    });
  }
  return { status: rows < total ? 206 : 200, contentRange };
}

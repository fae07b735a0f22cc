// The partner pages' lists that can grow past PostgREST's max_rows (a Département's markets and
// organisations): every row, read page by page (src/server/paged-rpc.ts). The SQL orders them
// completely (an id last), so no page boundary drops or repeats a row.
import type { PartnerSession } from './session.ts';
import { allRows } from './paged-rpc.ts';

type Db = PartnerSession['db'];

/** Every market the caller may read (public.list_markets), in its order. */
export function listMarkets(db: Db) {
  return allRows((from, to) => db.rpc('list_markets').range(from, to));
}

/** Every organisation of a kind the caller may read (public.list_organisations), by name. */
export function listOrganisations(db: Db, kind: string) {
  return allRows((from, to) => db.rpc('list_organisations', { p_kind: kind }).range(from, to));
}

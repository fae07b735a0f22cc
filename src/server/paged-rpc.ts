// Every row of a set-returning rpc. PostgREST answers at most `max_rows` rows of a set (Supabase:
// `[api] max_rows = 1000` of supabase/config.toml) and cuts the rest silently, so a list that can
// grow past it is read page by page with `.range(from, to)` until a page comes back short.
// PAGE_ROWS must not exceed max_rows: a capped page would look short and end the read early
// (test/unit/paged-rpc.test.ts checks it against config.toml). The SQL function must order its
// rows completely and uniquely, or a page boundary may drop or repeat a row. Each page is its own
// request: a write between two pages can shift the rows (a publication during a build).

/** Rows per page: Supabase's max_rows. */
export const PAGE_ROWS = 1000;

/**
 * All the rows of `page(from, to)` (an `.rpc(...).range(from, to)`), or the first error.
 * Example: `allRows((from, to) => anonClient().rpc('list_territories').range(from, to))`.
 */
export async function allRows<Row, E extends { message: string }>(
  page: (from: number, to: number) => PromiseLike<{ data: Row[] | null; error: E | null }>,
  pageRows: number = PAGE_ROWS,
): Promise<{ data: Row[]; error: null } | { data: null; error: E }> {
  const rows: Row[] = [];
  for (let from = 0; ; from += pageRows) {
    const { data, error } = await page(from, from + pageRows - 1);
    if (error) return { data: null, error };
    const got = data ?? [];
    for (const row of got) rows.push(row);
    if (got.length < pageRows) return { data: rows, error: null };
  }
}

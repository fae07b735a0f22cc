// A page of the paged reads must fit in one answer: a page PostgREST cut at max_rows would look
// short and end the read with rows missing.
import { describe, expect, it } from 'vitest';
import { PAGE_ROWS } from '../../src/server/paged-rpc.ts';
import { configuredMaxRows } from '../../src/local-supabase/range.ts';

describe('paged rpc reads', () => {
  it('ask for no more rows a page than supabase/config.toml lets PostgREST answer', () => {
    const maxRows = configuredMaxRows();
    expect(maxRows).not.toBeNull();
    expect(PAGE_ROWS).toBeLessThanOrEqual(maxRows!);
  });
});

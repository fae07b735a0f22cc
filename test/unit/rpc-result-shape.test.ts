// An rpc's JSON of an unexpected shape is a server fault: parseRpc turns it into an error the one
// error rule (fromDbError, formFailure) answers with 503 and the French "service unavailable";
// an rpc's own error passes through unchanged.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { formFailure } from '../../src/server/action-errors.ts';
import { fromDbError, parseRpc } from '../../src/server/errors.ts';

const schema = z.object({ count: z.number() });
afterEach(() => { vi.restoreAllMocks(); });

describe('parseRpc', () => {
  it('returns the parsed data', () => {
    expect(parseRpc('some_rpc', schema, { data: { count: 2 }, error: null })).toEqual({ data: { count: 2 }, error: null });
  });

  it('answers a shape mismatch as a server fault, and logs where, not what', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const result = parseRpc('some_rpc', schema, { data: { count: 'secret value' }, error: null });
    expect(result.data).toBeNull();
    expect(fromDbError(result.error!)).toMatchObject({ status: 503, message: 'Le service est momentanément indisponible. Réessayez dans quelques instants.' });
    expect(formFailure(result.error!)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(log).toHaveBeenCalledOnce();
    expect(JSON.stringify(log.mock.calls)).not.toContain('secret value');
  });

  it('passes the rpc’s own error through', () => {
    const error = { code: '42501', hint: 'not_territory_facilitator', message: 'denied' };
    expect(parseRpc('some_rpc', schema, { data: null, error })).toEqual({ data: null, error });
  });
});

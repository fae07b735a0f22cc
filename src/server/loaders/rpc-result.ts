// An rpc's JSON checked with its zod schema (src/domain). A shape the schema does not expect is
// the server's fault, not the partner's: it is logged, and returned as an error without code
// nor key, which the one error rule (fromDbError, src/server/errors.ts) answers with 503 and
// « Le service est momentanément indisponible ». Actions stop on it with `fail`, pages show it
// with `rpcFailure`, as any other failed rpc.
import type { z } from 'zod';
import type { DbErrorLike } from '../errors.ts';

export type RpcResult<T> = { data: T; error: null } | { data: null; error: DbErrorLike };

export function parseRpc<S extends z.ZodType>(rpc: string, schema: S, result: { data: unknown; error: DbErrorLike | null }): RpcResult<z.output<S>> {
  if (result.error) return { data: null, error: result.error };
  const parsed = schema.safeParse(result.data);
  if (parsed.success) return { data: parsed.data, error: null };
  // The issues name paths and expected types, not the values (no personal data in the log).
  console.error(`rpc ${rpc}: unexpected JSON shape`, JSON.stringify(parsed.error.issues.slice(0, 5).map(({ path, code, message }) => ({ path, code, message }))));
  return { data: null, error: { message: `unexpected JSON shape from ${rpc}` } };
}

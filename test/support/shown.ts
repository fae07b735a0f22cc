// The error a page would show for a failed call: HTTP status, French message and key.
import { expect } from 'vitest';
import { fromDbError, type DbErrorLike } from '../../src/server/errors.ts';

/** The mapped error a page would show: status, French message and key (fails if there is no error). */
export function shown(error: DbErrorLike | null): { status: number; message: string; hint: string | null | undefined } {
  expect(error).not.toBeNull();
  const mapped = fromDbError(error!);
  return { status: mapped.status, message: mapped.message, hint: error!.hint };
}

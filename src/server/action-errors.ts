// The one rule turning what stops a partner form into what the partner sees: a database error
// (through fromDbError) or a failed zod parse of the shared schema becomes a French message,
// the messages by field, the HTTP status and the Astro Actions error code of that status.
import type { z } from 'zod';
import { fromDbError, type DbErrorLike } from './errors.ts';
import { fieldErrors, type FieldErrors } from '../domain/form-errors.ts';

/** The Astro Actions codes of the statuses a partner form can answer (astro:actions ActionErrorCode). */
const codes = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 409: 'CONFLICT', 413: 'CONTENT_TOO_LARGE',
  422: 'UNPROCESSABLE_CONTENT', 503: 'SERVICE_UNAVAILABLE',
} as const;

export type FailureCode = (typeof codes)[keyof typeof codes] | 'INTERNAL_SERVER_ERROR';

export interface FormFailure {
  status: number;
  code: FailureCode;
  message: string;
  fields: FieldErrors;
}

export const FIELDS_TO_CORRECT = 'Certains champs sont à corriger.';

function isZodError(cause: unknown): cause is z.ZodError {
  return typeof cause === 'object' && cause !== null && Array.isArray((cause as { issues?: unknown }).issues);
}

/**
 * A zod failure answers 422 with each field's first message. A database error answers its
 * mapped status, except that a form naming an item the caller cannot see answers 422 rather
 * than 404 (Astro would replace a 404 page with the site's "page not found", and the message
 * belongs next to the form); its field, when the key names one, gets the message too.
 */
export function formFailure(cause: z.ZodError | DbErrorLike): FormFailure {
  if (isZodError(cause)) return { status: 422, code: codes[422], message: FIELDS_TO_CORRECT, fields: fieldErrors(cause) };
  const mapped = fromDbError(cause);
  const status = mapped.status === 404 ? 422 : mapped.status;
  return {
    status,
    code: codes[status as keyof typeof codes] ?? 'INTERNAL_SERVER_ERROR',
    message: mapped.message,
    fields: mapped.field ? { [mapped.field]: mapped.message } : {},
  };
}

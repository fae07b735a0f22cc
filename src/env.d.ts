/// <reference types="astro/client" />
import type { PartnerSession } from './server/session.ts';
import type { FieldErrors } from './domain/form-errors.ts';

declare global {
  namespace App {
    interface Locals {
      session: PartnerSession | null;
      /** The values and messages by field of the partner form posted in this request (src/actions/form.ts). */
      form?: { values: Record<string, string>; lists: Record<string, string[]>; fields: FieldErrors };
    }
  }
}

// The page side of a partner form (src/actions/form.ts): after a successful action the page
// redirects to itself with `?ok=<key>` (post/redirect/get: a reload does not post again and the
// flash message is the page's); after a failed one it renders again, with the status Astro set
// from the ActionError, the French message, the messages by field and the values as typed.
import type { AstroGlobal } from 'astro';
import type { FieldErrors } from '../domain/form-errors.ts';
import { FIELDS_TO_CORRECT } from './action-errors.ts';

type PageAction = Parameters<AstroGlobal['getActionResult']>[0];

export interface FailedForm {
  /** The key of the form that failed, as named in the page's list. */
  name: string;
  message: string;
  fields: FieldErrors;
  values: Record<string, string>;
  /** The values of the fields posted as lists (a group of checkboxes). */
  lists: Record<string, string[]>;
}

const UNAVAILABLE = 'Le service est momentanément indisponible. Réessayez dans quelques instants.';

/**
 * The redirect after a success, the failed form, or null when none of the page's forms was
 * posted. With `fields` (the form's own fields), a message about another field goes to the
 * headline; when any field has its message, the headline asks to correct the fields.
 */
export function pageForm(astro: AstroGlobal, forms: Record<string, PageAction>, fields?: readonly string[]): Response | FailedForm | null {
  for (const [name, action] of Object.entries(forms)) {
    const result = astro.getActionResult(action);
    if (!result) continue;
    if (!result.error) {
      const done = result.data as { ok: string; to?: string };
      return astro.redirect(done.to ?? `${astro.url.pathname}?ok=${done.ok}`, 303);
    }
    const submitted = astro.locals.form;
    const known = result.error.code !== 'INTERNAL_SERVER_ERROR' && submitted !== undefined;
    const byField = Object.fromEntries(Object.entries(submitted?.fields ?? {}).filter(([field]) => !fields || fields.includes(field)));
    const message = !known ? UNAVAILABLE : fields && Object.keys(byField).length > 0 ? FIELDS_TO_CORRECT : result.error.message;
    return { name, message, fields: byField, values: submitted?.values ?? {}, lists: submitted?.lists ?? {} };
  }
  return null;
}

// The page side of a partner form (src/actions/form.ts): after a successful action the page
// redirects to itself with `?ok=<key>` (post/redirect/get: a reload does not post again and the
// flash message is the page's); after a failed one it renders again, with the status Astro set
// from the ActionError, the French message, the messages by field and the values as typed.
import type { AstroGlobal } from 'astro';
import type { FieldErrors } from '../domain/form-errors.ts';

type PageAction = Parameters<AstroGlobal['getActionResult']>[0];

export interface FailedForm {
  /** The key of the form that failed, as named in the page's list. */
  name: string;
  message: string;
  fields: FieldErrors;
  values: Record<string, string>;
}

const UNAVAILABLE = 'Le service est momentanément indisponible. Réessayez dans quelques instants.';

/** The redirect after a success, the failed form, or null when none of the page's forms was posted. */
export function pageForm(astro: AstroGlobal, forms: Record<string, PageAction>): Response | FailedForm | null {
  for (const [name, action] of Object.entries(forms)) {
    const result = astro.getActionResult(action);
    if (!result) continue;
    if (!result.error) {
      const done = result.data as { ok: string; to?: string };
      return astro.redirect(done.to ?? `${astro.url.pathname}?ok=${done.ok}`, 303);
    }
    const submitted = astro.locals.form;
    const known = result.error.code !== 'INTERNAL_SERVER_ERROR' && submitted !== undefined;
    return { name, message: known ? result.error.message : UNAVAILABLE, fields: submitted?.fields ?? {}, values: submitted?.values ?? {} };
  }
  return null;
}

// Helpers for partner pages: who may see the page (the database still decides what they see),
// and the answer to a form whose rpc failed.
import type { AstroGlobal } from 'astro';
import type { PartnerSession } from './session.ts';
import { fromDbError, type DbErrorLike } from './errors.ts';
import { sectionOf, type Role } from '../domain/partner-navigation.ts';

export type { Role } from '../domain/partner-navigation.ts';

/**
 * The session when the current role is allowed, else the forbidden page's redirect. The roles
 * are the page's section's (src/domain/partner-navigation.ts), as the middleware checks them.
 */
export function requireRole(astro: AstroGlobal, roles: readonly Role[] = sectionOf(astro.url.pathname)?.roles ?? []): PartnerSession | Response {
  const session = astro.locals.session;
  if (!session) return astro.redirect('/espace/connexion/', 303);
  const role = session.current?.role;
  if (!role || !roles.includes(role as Role)) return astro.redirect('/espace/interdit/', 303);
  return session;
}

/**
 * French message of a failed rpc, with the page's status set accordingly. A form that names an
 * item the caller cannot see answers 422 rather than 404: Astro would replace a 404 page with the
 * site's "page not found", and the message belongs next to the form.
 */
export function rpcFailure(astro: AstroGlobal, error: DbErrorLike): string {
  const mapped = fromDbError(error);
  astro.response.status = mapped.status === 404 ? 422 : mapped.status;
  return mapped.message;
}

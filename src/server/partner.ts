// Helpers for partner pages: who may see the page (the database still decides what they see),
// and the answer to a form whose rpc failed.
import type { AstroGlobal } from 'astro';
import type { PartnerSession } from './session.ts';
import type { DbErrorLike } from './errors.ts';
import { formFailure } from './action-errors.ts';
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

/** French message of a failed rpc, with the page's status set by the one rule (formFailure). */
export function rpcFailure(astro: AstroGlobal, error: DbErrorLike): string {
  const failure = formFailure(error);
  astro.response.status = failure.status;
  return failure.message;
}

// Helpers for partner pages: who may see the page (the database still decides what they see),
// and the answer to a form whose rpc failed.
import type { AstroGlobal } from 'astro';
import type { PartnerSession } from './session.ts';
import { fromDbError, type DbErrorLike } from './errors.ts';

export type Role = 'facilitator' | 'company' | 'buyer' | 'siae' | 'prescriber';

/** The session when the current role is allowed, else the forbidden page's redirect. */
export function requireRole(astro: AstroGlobal, roles: Role[]): PartnerSession | Response {
  const session = astro.locals.session;
  if (!session) return astro.redirect('/espace/connexion/', 303);
  const role = session.current?.role;
  if (!role || !roles.includes(role as Role)) return astro.redirect('/espace/interdit/', 303);
  return session;
}

/** French message and status of a failed rpc, with the page's status set accordingly. */
export function rpcFailure(astro: AstroGlobal, error: DbErrorLike): string {
  const mapped = fromDbError(error);
  astro.response.status = mapped.status;
  return mapped.message;
}

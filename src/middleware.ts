// Partner pages (/espace/…) are rendered on demand behind sign-in. The middleware reads the
// session from its cookies, sends signed-out visitors to the sign-in page and a role to the
// forbidden page when the section is not its own (src/domain/partner-navigation.ts). Forms
// posted from another site are refused by Astro's origin check (security.checkOrigin, see
// docs/decisions/2026-12-02-astro-actions.md). Authorisation itself is the database's (RLS).
// Every response also gets the headers of src/server/response-headers.ts (the same table the
// build writes to dist/_headers), so `npm run dev` answers other origins as production does, and
// every page its Content-Security-Policy with the path's frame-ancestors: Astro's policy, which
// the build records for prerendered pages (the adapter's staticHeaders), completed with the hashes
// of the page's own inline elements (src/server/inline-csp.ts), which alone make it under `npm run dev`.
import { defineMiddleware, sequence } from 'astro:middleware';
import type { APIContext, MiddlewareNext } from 'astro';
import { headersFor, pagePolicy } from './server/response-headers.ts';
import { completePolicy } from './server/inline-csp.ts';
import { readSession } from './server/session.ts';
import { roleAllowed } from './domain/partner-navigation.ts';

const PUBLIC_PARTNER_PATHS = new Set(['/espace/connexion/', '/espace/connexion', '/espace/connexion/lien/', '/espace/connexion/lien']);

/** The partner space's guard: session, sign-in redirect, role check, private responses. */
async function partnerSpace(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const { pathname } = context.url;
  const secure = context.url.protocol === 'https:';
  const session = await readSession(context.cookies, secure);
  context.locals.session = session;
  if (PUBLIC_PARTNER_PATHS.has(pathname)) return next();
  if (!session) {
    return context.redirect(`/espace/connexion/?retour=${encodeURIComponent(pathname + context.url.search)}`, 303);
  }
  if (!roleAllowed(pathname, session.current?.role)) return context.redirect('/espace/interdit/', 303);
  const response = await next();
  response.headers.set('cache-control', 'private, no-store');
  return response;
}

const partnerPages = defineMiddleware(async (context, next) => {
  if (!context.url.pathname.startsWith('/espace') || context.isPrerendered) return next();
  return partnerSpace(context, next);
});

const CSP = 'content-security-policy';

const tableHeaders = defineMiddleware(async (context, next) => {
  const { pathname } = context.url;
  let response = await next();
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    // Astro's policy (absent under `npm run dev`) completed with the hashes of the page's own
    // inline elements, and the path's frame-ancestors. Prerendered pages: once, at build time.
    const html = await response.text();
    const headers = new Headers(response.headers);
    headers.set(CSP, pagePolicy(await completePolicy(import.meta.env.DEV ? null : response.headers.get(CSP), html), pathname));
    response = new Response(html, { status: response.status, statusText: response.statusText, headers });
  }
  for (const [name, value] of Object.entries(headersFor(pathname))) response.headers.set(name, value);
  return response;
});

export const onRequest = sequence(tableHeaders, partnerPages);

// Partner pages (/espace/…) are rendered on demand behind sign-in. The middleware reads the
// session from its cookies, sends signed-out visitors to the sign-in page, and refuses any
// form post without the session's CSRF token. Authorisation itself is the database's (RLS).
// Every response also gets the headers of src/server/response-headers.ts (the same table the
// build writes to dist/_headers), so `npm run dev` answers other origins as production does.
import { defineMiddleware, sequence } from 'astro:middleware';
import { headersFor } from './server/response-headers.ts';
import { csrfValid, readSession } from './server/session.ts';

const PUBLIC_PARTNER_PATHS = new Set(['/espace/connexion/', '/espace/connexion', '/espace/connexion/lien/', '/espace/connexion/lien']);

const partnerSession = defineMiddleware(async (context, next) => {
  const { pathname } = context.url;
  if (!pathname.startsWith('/espace') || context.isPrerendered) return next();
  const secure = context.url.protocol === 'https:';
  const session = await readSession(context.cookies, secure);
  context.locals.session = session;
  if (PUBLIC_PARTNER_PATHS.has(pathname)) return next();
  if (!session) {
    return context.redirect(`/espace/connexion/?retour=${encodeURIComponent(pathname + context.url.search)}`, 303);
  }
  if (context.request.method === 'POST') {
    const form = await context.request.clone().formData().catch(() => null);
    if (!form || !csrfValid(session, form.get('csrf'))) {
      return new Response('Formulaire expiré : rechargez la page et recommencez.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  }
  const response = await next();
  response.headers.set('cache-control', 'private, no-store');
  return response;
});

const tableHeaders = defineMiddleware(async (context, next) => {
  const response = await next();
  for (const [name, value] of Object.entries(headersFor(context.url.pathname))) response.headers.set(name, value);
  return response;
});

export const onRequest = sequence(tableHeaders, partnerSession);

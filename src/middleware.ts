// Partner pages (/espace/…) are rendered on demand behind sign-in. The middleware reads the
// session from its cookies, sends signed-out visitors to the sign-in page, and refuses any
// form post without the session's CSRF token. Authorisation itself is the database's (RLS).
import { defineMiddleware } from 'astro:middleware';
import { csrfValid, readSession } from './server/session.ts';

const PUBLIC_PARTNER_PATHS = new Set(['/espace/connexion/', '/espace/connexion', '/espace/connexion/lien/', '/espace/connexion/lien']);

export const onRequest = defineMiddleware(async (context, next) => {
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

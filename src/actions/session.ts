// The two sign-in forms of /espace/connexion/, posted before any session exists (so not through
// formAction): the password (Supabase Auth's password grant; a success stores the session's
// cookies) and the link by e-mail (never creates an account; the answer does not say whether the
// address has one, only a rate limit is reported). The typed address stays in `locals.form` for
// the page to show again; a refusal carries its French message and status (400, or 429).
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'zod';
import { requestMagicLink, signIn } from '../server/session.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Where a sign-in returns: the partner page asked for (`?retour=`), else the partner space's home. */
export function returnTo(url: URL): string {
  const wanted = url.searchParams.get('retour') ?? '/espace/';
  return wanted.startsWith('/espace') ? wanted : '/espace/';
}

/** The posted address, trimmed, kept for the page. */
function typedEmail(form: FormData, context: ActionAPIContext): string {
  const email = String(form.get('email') ?? '').trim();
  context.locals.form = { values: { email }, lists: {}, fields: {} };
  return email;
}

/** Supabase Auth out of reach is the service's fault, not the person's: 503, never a 500. */
async function authCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: 'Le service est momentanément indisponible. Réessayez dans quelques instants.' });
  }
}

export const session = {
  signIn: defineAction({
    accept: 'form',
    input: z.instanceof(FormData),
    handler: async (form, context) => {
      const email = typedEmail(form, context);
      const password = String(form.get('password') ?? '');
      if (!email || !password) throw new ActionError({ code: 'BAD_REQUEST', message: 'Indiquez votre adresse e-mail et votre mot de passe.' });
      if (!(await authCall(() => signIn(context.cookies, context.url.protocol === 'https:', email, password)))) {
        throw new ActionError({ code: 'BAD_REQUEST', message: 'Adresse e-mail ou mot de passe incorrect.' });
      }
      return { to: returnTo(context.url) };
    },
  }),
  requestLink: defineAction({
    accept: 'form',
    input: z.instanceof(FormData),
    handler: async (form, context) => {
      const email = typedEmail(form, context);
      if (!EMAIL.test(email)) throw new ActionError({ code: 'BAD_REQUEST', message: 'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.' });
      if ((await authCall(() => requestMagicLink(email))) === 'rate_limited') {
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: 'Trop de demandes de lien pour le moment : réessayez dans quelques minutes.' });
      }
      return { email };
    },
  }),
};

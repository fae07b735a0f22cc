// How every partner form runs as an Astro Action: the browser posts the form as it is (no
// JavaScript needed), the shared zod schema of src/domain/partner-forms.ts checks it, the
// handler calls one rpc. Whatever stops the form goes through formFailure (src/server/
// action-errors.ts): the ActionError carries the French message and the status, and the typed
// values and the messages by field stay in `locals.form` for the page to show again, so the
// body is parsed once, by Astro.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'zod';
import { formFailure } from '../server/action-errors.ts';
import type { DbErrorLike } from '../server/errors.ts';
import type { PartnerSession } from '../server/session.ts';

/** What the page shows when its form succeeded: the flash key, and the page to show it on. */
export interface FormDone {
  ok: string;
  to?: string;
}

/** Stops the action with the French message and status of a database error or a zod failure. */
export function fail(context: ActionAPIContext, cause: z.ZodError | DbErrorLike): never {
  const failure = formFailure(cause);
  if (context.locals.form) context.locals.form.fields = failure.fields;
  throw new ActionError({ code: failure.code, message: failure.message });
}

/** Fails on the rpc's error, if any. */
export function check(context: ActionAPIContext, result: { error: DbErrorLike | null }): void {
  if (result.error) fail(context, result.error);
}

/** The route's `[id]` when it is a UUID; a form of a page with another id was tampered with. */
export function routeId(context: ActionAPIContext): string {
  const id = context.params.id ?? '';
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ActionError({ code: 'UNPROCESSABLE_CONTENT', message: 'Élément inconnu.' });
  return id;
}

/**
 * A partner form's action: `schema` checks the fields as typed (text; the `lists` fields, such as
 * a group of checkboxes, as the list of their values), `handler` calls the rpc.
 */
export function formAction<S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>, session: PartnerSession, context: ActionAPIContext) => Promise<FormDone>,
  { lists = [] }: { lists?: string[] } = {},
) {
  return defineAction({
    accept: 'form',
    input: z.instanceof(FormData),
    handler: async (form, context) => {
      const values: Record<string, string> = {};
      for (const [key, value] of form) if (typeof value === 'string') values[key] ??= value;
      const listed = Object.fromEntries(lists.map((key) => [key, form.getAll(key).filter((v) => typeof v === 'string')]));
      context.locals.form = { values, lists: listed, fields: {} };
      const session = context.locals.session;
      if (!session) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Connectez-vous pour continuer.' });
      const parsed = schema.safeParse({ ...values, ...listed });
      if (!parsed.success) fail(context, parsed.error);
      return handler(parsed.data, session, context);
    },
  });
}

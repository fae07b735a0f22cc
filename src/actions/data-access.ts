// Access requests (RGPD art. 15, /espace/acces-donnees/): the facilitator's search, one rpc
// (public.export_person_data), whose JSON the page hands out as a file. Unlike formAction's
// forms (src/actions/form.ts), the action returns the data rather than a page to redirect to:
// the answer is the download itself, and nothing is kept on the server.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { personDataSchema, personSearchSchema } from '../domain/person-data.ts';
import { parseRpc } from '../server/errors.ts';
import { fail } from './form.ts';

export const dataAccess = {
  exportPersonData: defineAction({
    accept: 'form',
    input: z.instanceof(FormData),
    handler: async (form, context) => {
      const values = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      context.locals.form = { values, lists: {}, fields: {} };
      const session = context.locals.session;
      if (!session) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Connectez-vous pour continuer.' });
      const search = personSearchSchema.safeParse(values);
      if (!search.success) fail(context, search.error);
      const { email, first_name, last_name } = search.data;
      context.locals.form.values = search.data;
      const result = parseRpc('export_person_data', personDataSchema, await session.db.rpc('export_person_data', {
        ...(email ? { p_email: email } : {}), ...(first_name ? { p_first_name: first_name } : {}), ...(last_name ? { p_last_name: last_name } : {}),
      }));
      if (result.error) fail(context, result.error);
      return result.data;
    },
  }),
};

// The DECP import (/espace/import-decp/, DOMAIN.md §13), two forms. `preview` reads the uploaded
// JSON or XML file (src/domain/decp.ts) and returns what would be created: nothing is written, and the
// page shows it (src/server/loaders/decp-import.ts). `confirm` creates the ticked markets in one
// transaction (public.import_decp_markets; a market already imported is skipped). The body is
// parsed once, by Astro, within security.actionBodySizeLimit (astro.config.mjs): a larger body
// is refused by Astro with CONTENT_TOO_LARGE before the action runs, a file above DECP_MAX_BYTES
// here, both 413 with the same French message (DECP_TOO_LARGE).
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { DECP_MAX_BYTES, importPayload, parseDecp, selectedMarkets } from '../domain/decp.ts';
import { DECP_TOO_LARGE, decpConfirmSchema, decpImportResultSchema, importCounts, type DecpPreview } from '../domain/decp-import.ts';
import { parseRpc } from '../server/errors.ts';
import { fail, formAction } from './form.ts';

function refuse(message: string): never {
  throw new ActionError({ code: 'UNPROCESSABLE_CONTENT', message });
}

export const decp = {
  preview: defineAction({
    accept: 'form',
    input: z.instanceof(FormData),
    handler: async (form, context): Promise<DecpPreview> => {
      context.locals.form = { values: {}, lists: {}, fields: {} };
      if (!context.locals.session) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Connectez-vous pour continuer.' });
      const file = form.get('fichier');
      if (!(file instanceof File) || file.size === 0) return refuse('Choisissez un fichier DECP au format JSON ou XML.');
      if (file.size > DECP_MAX_BYTES) throw new ActionError({ code: 'CONTENT_TOO_LARGE', message: DECP_TOO_LARGE });
      const parsed = parseDecp(await file.text());
      if (!parsed.ok) return refuse(parsed.error);
      const { ok: _ok, ...read } = parsed;
      return { file_name: file.name, ...read };
    },
  }),
  confirm: formAction(decpConfirmSchema, async ({ payload, selected }, { db, current }, context) => {
    const selection = selectedMarkets(payload, selected);
    if (!selection.success) {
      // The selection's own rules (none ticked, too many) have their message; anything else means
      // the posted markets were altered or cut: start again from the file.
      const message = selection.error.issues[0]?.message ?? '';
      refuse(/Sélectionnez|Au plus/.test(message) ? message : 'La sélection envoyée est invalide : recommencez l’import du fichier.');
    }
    const result = parseRpc('import_decp_markets', decpImportResultSchema, await db.rpc('import_decp_markets', {
      p_territory_slug: current?.territory_slug ?? '', p_markets: importPayload(selection.data),
    }));
    if (result.error) fail(context, result.error);
    return { ok: 'import', to: `/espace/import-decp/?${importCounts(result.data)}` };
  }, { lists: ['selected'] }),
};

// Publishing a year's results (/espace/publier/): public.publish_year freezes the figures, with
// small-cell suppression applied, as a new version; the site is then rebuilt (the build hook).
import { publishSchema } from '../domain/partner-forms.ts';
import { triggerSiteRebuild } from '../server/build-hook.ts';
import { check, formAction } from './form.ts';

export const results = {
  publish: formAction(publishSchema, async ({ idempotency_key, territory, year }, { db }, context) => {
    check(context, await db.rpc('publish_year', { p_territory_slug: territory, p_year: year, p_idempotency_key: idempotency_key }));
    const rebuild = await triggerSiteRebuild();
    return { ok: rebuild, to: `/espace/publier/?annee=${year}&ok=${rebuild}` };
  }),
};

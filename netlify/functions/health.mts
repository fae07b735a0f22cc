// GET /api/health: the functions runtime answers and reaches the database.
import type { Config } from '@netlify/functions';
import { siteSettingsSchema } from '../../src/domain/site-settings.ts';
import { anonClient } from '../../src/server/supabase.ts';

export default async (): Promise<Response> => {
  const { data, error } = await anonClient().rpc('get_site_settings');
  // An answer of the wrong shape (a migration not applied) is a fault too: the pages could not render.
  if (error || !siteSettingsSchema.safeParse(data).success) {
    return Response.json({ ok: false, database: 'indisponible' }, { status: 503 });
  }
  return Response.json({ ok: true, database: 'ok' }, { headers: { 'cache-control': 'no-store' } });
};

export const config: Config = { path: '/api/health', method: 'GET' };

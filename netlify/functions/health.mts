// GET /api/health: the functions runtime answers and reaches the database.
import type { Config } from '@netlify/functions';
import { anonClient } from '../../src/server/supabase.ts';

export default async (): Promise<Response> => {
  const { error } = await anonClient().rpc('get_site_settings');
  if (error) {
    return Response.json({ ok: false, database: 'indisponible' }, { status: 503 });
  }
  return Response.json({ ok: true, database: 'ok' }, { headers: { 'cache-control': 'no-store' } });
};

export const config: Config = { path: '/api/health', method: 'GET' };

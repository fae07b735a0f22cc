// The benchmark's database: built in memory with the demo data, behind the local stand-in,
// with the environment pointing the app's code at it.
import { buildDatabase } from '../../src/local-supabase/engine.ts';
import { startLocalSupabase } from '../../src/local-supabase/server.ts';
import { resetServerEnv } from '../../src/server/env.ts';

export async function startBenchDatabase() {
  const db = await buildDatabase({ seed: true });
  const server = await startLocalSupabase({ db });
  process.env.SUPABASE_URL = server.url;
  process.env.SUPABASE_ANON_KEY = server.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY = server.serviceRoleKey;
  resetServerEnv();
  return {
    db,
    async close() {
      await server.close();
      await db.close();
    },
  };
}

// `npm run dev`: the embedded database (created with the demo data on first start, kept in
// .data/db), the local Supabase stand-in on :54321, and Astro's dev server on :4321 serving
// the site and the Netlify Functions under /api/.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDevDatabase } from './dev-database.ts';
import { startLocalSupabase } from './server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const supabasePort = Number(process.env.LOCAL_SUPABASE_PORT ?? 54321);

const db = await openDevDatabase();
const supabase = await startLocalSupabase({ db, port: supabasePort });
console.info(`Base embarquée prête : ${supabase.url} (npm run db:reset pour la recréer)`);

const astro = spawn(`${root}node_modules/.bin/astro`, ['dev', '--port', '4321'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    SUPABASE_URL: supabase.url,
    SUPABASE_ANON_KEY: supabase.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRoleKey,
  },
});

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  astro.kill('SIGTERM');
  await supabase.close();
  await db.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
astro.on('exit', (code) => void stop(code ?? 0));

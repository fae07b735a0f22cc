// `npm run dev`: the embedded database (created with the demo data on first start, kept in
// .data/db), the local Supabase stand-in on :54321, and Astro's dev server on :4321 serving
// the site and the Netlify Functions under /api/.
// Ports and the database folder can be changed: PORT (site), LOCAL_SUPABASE_PORT (stand-in),
// DEV_DATABASE_DIR (database folder), e.g. to run a second copy beside the first.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDevDatabase } from './dev-database.ts';
import { startLocalSupabase } from './server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sitePort = Number(process.env.PORT ?? 4321);
const supabasePort = Number(process.env.LOCAL_SUPABASE_PORT ?? 54321);
const siteUrl = `http://localhost:${sitePort}`;

const db = await openDevDatabase();
const supabase = await startLocalSupabase({ db, port: supabasePort, siteUrl });
console.info(`Base embarquée prête : ${supabase.url} (npm run db:reset pour la recréer)`);

// The dev server's function runner mangles multipart bodies; the preloaded hook fixes it
// (see that file).
const astro = spawn(process.execPath, [
  '--import', new URL('./netlify-function-body.ts', import.meta.url).href,
  `${root}node_modules/astro/bin/astro.mjs`, 'dev', '--port', String(sitePort),
], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    URL: process.env.URL ?? siteUrl,
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

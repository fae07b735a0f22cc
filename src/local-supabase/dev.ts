// `npm run dev`: the embedded database (created with the demo data on first start, kept in
// .data/db), the local Supabase stand-in on :54321, and Astro's dev server on :4321 serving
// the site and the Netlify Functions under /api/.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildDatabase, migrationFiles, openDatabase, projectRoot } from './engine.ts';
import { startLocalSupabase } from './server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = `${root}.data/db`;
const supabasePort = Number(process.env.LOCAL_SUPABASE_PORT ?? 54321);

// The schema the database was built from: when migrations or seed change, rebuild it.
const schemaFiles = [`${projectRoot}src/local-supabase/prelude.sql`, ...migrationFiles(), `${projectRoot}supabase/seed.sql`];
const schemaHash = createHash('sha256').update(schemaFiles.map((f) => readFileSync(f)).join('\n')).digest('hex');
const hashFile = `${root}.data/db-schema.sha256`;
if (existsSync(`${dataDir}/PG_VERSION`) && (!existsSync(hashFile) || readFileSync(hashFile, 'utf8') !== schemaHash)) {
  console.info('Les migrations ou la seed ont changé : la base embarquée est recréée.');
  rmSync(dataDir, { recursive: true, force: true });
}
const firstStart = !existsSync(`${dataDir}/PG_VERSION`);
if (firstStart) console.info('Première ouverture : création de la base embarquée avec les données de démonstration…');
const db = firstStart ? await buildDatabase({ dataDir, seed: true }) : await openDatabase({ dataDir });
if (firstStart) writeFileSync(hashFile, schemaHash);
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

// The site build at volume (issues 14 and 20): 1,250 territories with 5 published years each
// (a second version of the latest year for one territory in five), behind the local Supabase
// stand-in; the real production build (`astro build`) runs against it in a child process, whose
// wall time, peak memory, rpc calls and pages written are printed.
//
// The figures documents are the demo's own (Dieppe-Maritime 2025, computed by
// app.compute_publication_figures from the seed), each count scaled by a factor that varies with
// the territory and the year, renamed to its territory and year. The database is built once and
// kept as a dump in .data/bench/, keyed by a hash of the migrations, the seed and this file.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { buildDatabase, dumpDatabase, migrationFiles, openDatabase } from '../../src/local-supabase/engine.ts';
import { startLocalSupabase } from '../../src/local-supabase/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const benchDir = join(root, '.data/bench');
const TERRITORIES = 1250;
const YEARS = 5;
const FIRST_YEAR = 2021;

// Set-based, as the postgres superuser. The template is the demo's Dieppe-Maritime 2025 document.
const generateSql = `
create function pg_temp.scaled(j jsonb, f numeric) returns jsonb
language plpgsql immutable as $$
begin
  return case jsonb_typeof(j)
    when 'number' then to_jsonb(round(j::numeric * f))
    when 'object' then coalesce((select jsonb_object_agg(k, case when k in ('annee', 'seuil_secret', 'version_schema') then v else pg_temp.scaled(v, f) end)
                                 from jsonb_each(j) e (k, v)), '{}'::jsonb)
    when 'array' then coalesce((select jsonb_agg(pg_temp.scaled(v, f) order by i) from jsonb_array_elements(j) with ordinality a (v, i)), '[]'::jsonb)
    else j
  end;
end $$;

insert into app.territories (slug, name, kind, description, member_areas, facilitator_contact_name,
  facilitator_contact_email, color_primary, color_accent, is_demo)
select 'essai-' || lpad(n::text, 4, '0'), 'Territoire d''essai ' || lpad(n::text, 4, '0'),
       (array['epci', 'departement', 'groupement', 'plie'])[1 + n % 4],
       'Territoire inventé pour mesurer la construction du site à grande échelle.',
       array['Commune A ' || n, 'Commune B ' || n], 'Facilitatrice (essai)', 'facilitation.' || n || '@demo.test',
       '#0b5563', '#a3361b', true
from generate_series(1, ${TERRITORIES}) n;

with template as (
  select p.figures from app.publications p join app.territories t on t.id = p.territory_id
  where t.slug = 'dieppe-maritime' and p.year = 2025 and p.version = 1
), versions as (
  select t.id, t.slug, t.name, y.year, v.version,
         0.4 + ((substr(t.slug, 7)::int * 37 + y.year * 11 + v.version * 5) % 120) / 100.0 as factor
  from app.territories t
  cross join generate_series(${FIRST_YEAR}, ${FIRST_YEAR + YEARS - 1}) y (year)
  cross join generate_series(1, 2) v (version)
  where t.slug like 'essai-%'
    and (v.version = 1 or (y.year = ${FIRST_YEAR + YEARS - 1} and substr(t.slug, 7)::int % 5 = 0))
)
insert into app.publications (territory_id, year, version, figures, source, source_note, published_at)
select v.id, v.year, v.version,
       jsonb_set(jsonb_set(pg_temp.scaled(template.figures, v.factor), '{annee}', to_jsonb(v.year)),
                 '{territoire}', jsonb_build_object('slug', v.slug, 'nom', v.name)),
       'computed',
       case when v.version = 2 then 'Rectification : heures d''un marché validées après la première publication.' end,
       make_timestamptz(v.year + 1, 2, 10, 10, 0, 0, 'Europe/Paris') + make_interval(days => v.version * 30)
from versions v, template;
`;

function cacheKey(): string {
  const hash = createHash('sha256');
  for (const file of [...migrationFiles(), join(root, 'supabase/seed.sql'), fileURLToPath(import.meta.url)]) {
    hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The volume database, from the cached dump when the migrations, the seed and this file are unchanged. */
async function volumeDatabase(): Promise<{ db: PGlite; seconds: number; cached: boolean }> {
  const t0 = performance.now();
  const dump = join(benchDir, `site-build-${cacheKey()}.tgz`);
  if (existsSync(dump)) {
    const db = await openDatabase({ loadDataDir: new Blob([await readFile(dump)]) });
    return { db, seconds: (performance.now() - t0) / 1000, cached: true };
  }
  const db = await buildDatabase({ seed: true });
  await db.exec(generateSql);
  await db.exec('analyze');
  await mkdir(benchDir, { recursive: true });
  for (const old of (await readdir(benchDir)).filter((f) => f.startsWith('site-build-') && f.endsWith('.tgz'))) await rm(join(benchDir, old));
  const partial = `${dump}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await (await dumpDatabase(db)).arrayBuffer()));
  await rename(partial, dump);
  return { db, seconds: (performance.now() - t0) / 1000, cached: false };
}

/** Files the build wrote under `dir` (pages, open-data files), recursively. */
async function countFiles(dir: string, keep: (name: string) => boolean): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && keep(e.name)).length;
}

/** The build's environment: ours without the Netlify account or the test runner's, aimed at the stand-in. */
function buildEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_ENV' || key === 'TEST' || key.startsWith('VITEST') || key.startsWith('NETLIFY_')) continue;
    env[key] = value;
  }
  return { ...env, CI: 'true', ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

export async function benchSiteBuild(): Promise<void> {
  const { db, seconds, cached } = await volumeDatabase();
  const counts = (await db.query<{ territories: number; publications: number }>(
    `select (select count(*)::int from app.territories) as territories, (select count(*)::int from app.publications) as publications`)).rows[0]!;
  console.info(`build database: ${counts.territories} territories, ${counts.publications} publications, `
    + `${cached ? 'loaded from the cache' : 'generated'} in ${seconds.toFixed(1)} s`);

  const calls = new Map<string, number>();
  const server = await startLocalSupabase({ db, onRpc: (name) => calls.set(name, (calls.get(name) ?? 0) + 1) });
  // Written outside the project, as on Netlify where .data does not exist: the SSR function's
  // file tracing walks .data (see astro.config.mjs), and 40,000 pages there cost it 20 s.
  const outDir = await mkdtemp(join(tmpdir(), 'clauses-bench-dist-'));
  const timeFile = join(benchDir, 'site-build.time');
  try {
    // GNU time reports the child's peak resident memory (kB) and wall time (s).
    const command = [process.execPath, join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir];
    const useTime = existsSync('/usr/bin/time');
    const t0 = performance.now();
    const output: string[] = [];
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(useTime ? '/usr/bin/time' : command[0]!, useTime ? ['-o', timeFile, '-f', '%M %e', ...command] : command.slice(1), {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: buildEnv({ SUPABASE_URL: server.url, SUPABASE_ANON_KEY: server.anonKey, SUPABASE_SERVICE_ROLE_KEY: server.serviceRoleKey }),
      });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
    const wall = (performance.now() - t0) / 1000;
    const log = output.join('');
    await writeFile(join(benchDir, 'site-build.log'), log);
    if (status !== 0) throw new Error(`astro build failed (exit ${status}); last lines:\n${log.split('\n').slice(-40).join('\n')}`);
    const [peakKb] = useTime ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number) : [Number.NaN];
    const html = await countFiles(outDir, (name) => name.endsWith('.html'));
    const data = await countFiles(join(outDir, 'donnees'), (name) => /\.(csv|json)$/.test(name));
    // Astro logs one line per prerendered route (pages and open-data files alike).
    const pages = log.split('\n').filter((line) => /[├└]─ \/\S* \(\+[\d.]+m?s\)/.test(line)).length;
    console.info(`build ${TERRITORIES} territories x ${YEARS} years: ${wall.toFixed(1)} s, peak memory ${((peakKb ?? Number.NaN) / 1024).toFixed(0)} MB`);
    console.info(`build rpc calls: ${[...calls].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`).join(', ') || 'none'}`);
    console.info(`build pages written: ${pages} (${html} HTML, ${data} open-data files)`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await server.close();
    await db.close();
  }
}

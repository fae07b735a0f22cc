// Development commands for the embedded database:
//   node src/local-supabase/cli.ts reset               delete and rebuild .data/db (migrations + seed)
//   node src/local-supabase/cli.ts serve [--port N]    serve .data/db (built if absent) on :54321
//   node src/local-supabase/cli.ts gen-types [--check]
//       src/server/database.types.ts from the Supabase CLI, run against the migrations applied in
//       memory and exposed over the Postgres protocol (pglite-socket); --check writes nothing and
//       fails when the file is not current.
//   node src/local-supabase/cli.ts schema-check [--migrations DIR]
//       fails, naming the objects, when supabase/migrations (or DIR) do not build the database
//       supabase/schemas declares: a catalogue comparison, then `supabase db diff` (pg-delta).
//   node src/local-supabase/cli.ts db-diff NAME
//       writes supabase/migrations/<timestamp>_NAME.sql: what takes the database of the
//       migrations to the one of supabase/schemas (`supabase db diff --use-pg-delta`), to review.
//   node src/local-supabase/cli.ts create-admin EMAIL [--site URL]
//       makes EMAIL a deployment administrator of .data/db (stop `npm run dev` first: one process
//       holds the database) and prints the sign-in link, as `npm run create-admin` does against a
//       Supabase project (src/server/create-admin.ts).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openDevDatabase, resetDevDatabase } from './dev-database.ts';
import type { PGlite } from '@electric-sql/pglite';
import { compareCatalogues, readCatalogue } from './catalogue.ts';
import { buildDatabase, buildMigrationsDatabase, buildSchemaDatabase, projectRoot } from './engine.ts';
import { startLocalSupabase } from './server.ts';
import { createDeploymentAdmin, parseArguments, report } from '../server/create-admin.ts';

const typesFile = `${projectRoot}src/server/database.types.ts`;
const supabaseCli = `${projectRoot}node_modules/.bin/supabase`;
const [command, ...args] = process.argv.slice(2);
const cliEnv = { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

/** Serves `db` over the Postgres protocol for the Supabase CLI; returns its URL and a stop function. */
async function serveForCli(db: PGlite): Promise<{ url: string; stop: () => Promise<void> }> {
  const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 }); // the Supabase CLI opens several
  await socket.start();
  const port = socket.getServerConn().split(':').pop();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => socket.stop() };
}

/** `supabase db diff --use-pg-delta` from one embedded database to another (no Docker): the SQL
 *  that takes `from` to `to`, empty when they hold the same objects. */
async function pgDeltaDiff(from: PGlite, to: PGlite): Promise<string> {
  const [a, b] = [await serveForCli(from), await serveForCli(to)];
  const dir = await mkdtemp(`${tmpdir()}/db-diff-`);
  try {
    await promisify(execFile)(supabaseCli,
      ['db', 'diff', '--use-pg-delta', `--from=${a.url}`, `--to=${b.url}`, '--schema', 'app,public', '-o', `${dir}/diff.sql`],
      { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 26, env: { ...cliEnv, PGSSLMODE: 'disable' } });
    return (await readFile(`${dir}/diff.sql`, 'utf8').catch(() => '')).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
    await a.stop();
    await b.stop();
  }
}

async function schemaCheck(): Promise<void> {
  const i = args.indexOf('--migrations');
  const dir = i >= 0 ? args[i + 1] : undefined;
  const migrations = await buildMigrationsDatabase(dir);
  const schemas = await buildSchemaDatabase();
  try {
    const differences = compareCatalogues(await readCatalogue(migrations), await readCatalogue(schemas), ['the migrations', 'supabase/schemas']);
    const diff = await pgDeltaDiff(migrations, schemas);
    if (differences.length > 0 || diff.replace(/^SET .*;$/gim, '').trim() !== '') {
      console.error([
        `${dir ?? 'supabase/migrations'} do not build what supabase/schemas declares:`,
        ...differences.map((d) => `  ${d}`),
        ...(diff ? ['supabase db diff (migrations → schemas):', diff] : []),
        'Generate the migration: node src/local-supabase/cli.ts db-diff <name> (then review it).',
      ].join('\n'));
      process.exit(1);
    }
    console.info('Migrations are current with supabase/schemas.');
  } finally {
    await migrations.close();
    await schemas.close();
  }
}

async function dbDiff(): Promise<void> {
  const name = args[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('usage: node src/local-supabase/cli.ts db-diff <name in snake_case>');
  const migrations = await buildMigrationsDatabase();
  const schemas = await buildSchemaDatabase();
  try {
    const diff = await pgDeltaDiff(migrations, schemas);
    if (diff.replace(/^SET .*;$/gim, '').trim() === '') {
      console.info('supabase/schemas and supabase/migrations already agree: no migration written.');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const file = `supabase/migrations/${stamp}_${name}.sql`;
    await writeFile(`${projectRoot}${file}`, `${diff}\n`);
    console.info(`${file} written: review it, then npm run gen:types and node src/local-supabase/cli.ts schema-check.`);
  } finally {
    await migrations.close();
    await schemas.close();
  }
}

async function reset(): Promise<void> {
  const started = performance.now();
  const db = await resetDevDatabase();
  await db.close();
  console.info(`Base embarquée recréée dans .data/db (${Math.round(performance.now() - started)} ms).`);
}

async function serve(): Promise<void> {
  const i = args.indexOf('--port');
  const port = i >= 0 ? Number(args[i + 1]) : 54321;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${args[i + 1] ?? ''}`);
  const db = await openDevDatabase();
  const server = await startLocalSupabase({ db, port });
  console.info(`SUPABASE_URL=${server.url}\nSUPABASE_ANON_KEY=${server.anonKey}\nSUPABASE_SERVICE_ROLE_KEY=${server.serviceRoleKey}`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function createAdmin(): Promise<void> {
  const { email, siteUrl } = parseArguments(args, process.env, 'http://localhost:4321');
  const db = await openDevDatabase();
  const server = await startLocalSupabase({ db, port: 0, siteUrl });
  try {
    console.info(report(email, await createDeploymentAdmin({ supabaseUrl: server.url, serviceRoleKey: server.serviceRoleKey, siteUrl }, email)));
  } finally {
    await server.close();
    await db.close();
  }
}

/** The Supabase CLI's `gen types typescript` against the schema of the migrations (no seed). */
async function generateTypes(): Promise<string> {
  const db = await buildDatabase({ seed: false });
  const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 }); // the Supabase CLI opens several
  await socket.start();
  const port = socket.getServerConn().split(':').pop();
  try {
    const { stdout } = await promisify(execFile)(supabaseCli,
      ['gen', 'types', 'typescript', `--remote=postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, '--schema', 'public'],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 24, env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' } });
    const start = stdout.indexOf('export type Json');
    if (start < 0) throw new Error(`the Supabase CLI printed no types:\n${stdout.slice(0, 2000)}`);
    return `// Generated by \`npm run gen:types\` from supabase/migrations: do not edit.\n${stdout.slice(start).trimEnd()}\n`;
  } finally {
    await socket.stop();
    await db.close();
  }
}

async function genTypes(check: boolean): Promise<void> {
  const types = await generateTypes();
  if (!check) {
    await writeFile(typesFile, types);
    console.info('src/server/database.types.ts regenerated.');
    return;
  }
  const current = await readFile(typesFile, 'utf8').catch(() => '');
  if (current !== types) {
    console.error('src/server/database.types.ts is out of date with supabase/migrations: run `npm run gen:types` and commit it.');
    process.exit(1);
  }
  console.info('Database types are current.');
}

try {
  switch (command) {
    case 'reset': await reset(); break;
    case 'serve': await serve(); break;
    case 'gen-types': await genTypes(args.includes('--check')); break;
    case 'schema-check': await schemaCheck(); break;
    case 'db-diff': await dbDiff(); break;
    case 'create-admin': await createAdmin(); break;
    default:
      console.error('usage: node src/local-supabase/cli.ts reset | serve [--port N] | gen-types [--check] | schema-check [--migrations DIR] | db-diff NAME | create-admin EMAIL [--site URL]');
      process.exit(2);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

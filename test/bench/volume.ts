// The volume scenario of `npm run bench`: a Département's history, `lines` validated hour lines in
// one territory-year (test/bench/volume-data.sql), built once into .data/bench/ and kept between
// runs (its folder name carries a hash of the migrations, the seed and the generator).
// Each figure runs in its own process so that its peak memory is its own; each call runs as the
// user would make it (role authenticated, the user's JWT claims, as src/local-supabase/rest.ts
// sets them) and is rolled back, so the cached database stays as built.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { buildDatabase, migrationFiles, openDatabase, projectRoot } from '../../src/local-supabase/engine.ts';

const generator = fileURLToPath(new URL('./volume-data.sql', import.meta.url));
const self = fileURLToPath(import.meta.url);

export const VOLUME = {
  territory: 'volume-departement',
  facilitator: 'b0000000-0000-0000-0000-00000000000f',
  company: 'b0000000-0000-0000-0000-00000000000c',
} as const;

function volumeDir(lines: number): string {
  const hash = createHash('sha256');
  for (const file of [...migrationFiles(), `${projectRoot}supabase/seed.sql`, generator]) hash.update(readFileSync(file));
  return `${projectRoot}.data/bench/volume-${lines}-${hash.digest('hex').slice(0, 12)}`;
}

/** The volume database's folder, built when missing (a few minutes for a million lines). */
export async function volumeDatabase(lines: number): Promise<string> {
  const dir = volumeDir(lines);
  if (existsSync(`${dir}/READY`)) return dir;
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const t0 = performance.now();
  const db = await buildDatabase({ dataDir: building, seed: true });
  await db.exec(`set bench.lines = '${lines}'`);
  await db.exec(readFileSync(generator, 'utf8'));
  await db.exec('vacuum analyze');
  await db.close();
  writeFileSync(`${building}/READY`, new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  console.info(`volume database ${lines} lines: built in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir.slice(projectRoot.length)})`);
  return dir;
}

/** Runs `call` as the given user, as PostgREST would, and rolls it back; returns its time. */
async function asUser(db: PGlite, userId: string, call: (tx: Transaction) => Promise<unknown>): Promise<number> {
  let ms = 0;
  await db.transaction(async (tx) => {
    await tx.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true),
                           set_config('request.jwt.claim.sub', $2, true), set_config('search_path', 'public, extensions', true)`,
    [JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' }), userId]);
    const t0 = performance.now();
    await call(tx);
    ms = performance.now() - t0;
    await tx.rollback();
  });
  return ms;
}

type Figure = (db: PGlite) => Promise<number>;

const one = async (db: PGlite, sql: string, params: unknown[] = []) => (await db.query<Record<string, unknown>>(sql, params)).rows[0] ?? {};

/** The figures, by name: each returns the time of the user's call in ms. */
const figures: Record<string, Figure> = {
  async publish_year(db) {
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select * from public.publish_year($1, 2025)`, [VOLUME.territory]));
  },
  async preview_publication(db) {
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select public.preview_publication($1, 2025)`, [VOLUME.territory]));
  },
  async market_participants(db) {
    const { id } = await one(db, `select id from app.markets where title = 'Marché volume 1'`);
    return asUser(db, VOLUME.company, (tx) => tx.query(`select * from public.market_participants($1)`, [id]));
  },
  async save_month_declaration(db) {
    // The company's month on its market: every person on it, one line each, saved and submitted.
    const { id } = await one(db, `select id from app.markets where title = 'Marché volume 1'`);
    const { lines } = await one(db, `select jsonb_agg(jsonb_build_object('participant_id', participant_id, 'realisation_mode', 'direct_hire', 'hours', 70)) lines
                                     from app.market_assignments where market_id = $1`, [id]);
    return asUser(db, VOLUME.company, (tx) => tx.query(`select public.save_month_declaration($1, date '2026-02-01', $2, true)`, [id, lines]));
  },
  async company_list_declarations(db) {
    const { id } = await one(db, `select id from app.markets where title = 'Marché volume 1'`);
    return asUser(db, VOLUME.company, (tx) => tx.query(`select * from public.list_declarations(null, $1, null)`, [id]));
  },
  async company_list_markets(db) {
    return asUser(db, VOLUME.company, (tx) => tx.query(`select * from public.list_markets()`));
  },
  async facilitator_dashboard(db) {
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select public.facilitator_dashboard(date '2026-02-10')`));
  },
  async facilitator_list_markets(db) {
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select * from public.list_markets()`));
  },
  async facilitator_pending_declarations(db) {
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select * from public.list_declarations('submitted', null, null)`));
  },
  async facilitator_list_participants(db) {
    // The participants page as it asks: a page of 50 and one more row (is there a next page?).
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select * from public.list_participants(null, 51, 0)`));
  },
  async facilitator_search_participants(db) {
    // « Rechercher une personne » on that page, case and accents ignored.
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select * from public.list_participants('NÔM12345', 51, 0)`));
  },
  async facilitator_get_market(db) {
    const { id } = await one(db, `select id from app.markets where title = 'Marché volume 1'`);
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select public.get_market($1)`, [id]));
  },
  async participant_file(db) {
    const { id } = await one(db, `select id from app.participants where last_name = 'Nom1'`);
    return asUser(db, VOLUME.facilitator, async (tx) => {
      await tx.query(`select public.participant_file($1)`, [id]);
      await tx.query(`select * from public.participant_markets($1)`, [id]);
      await tx.query(`select public.participant_parcours_months($1)`, [id]);
    });
  },
  async review_hour_declaration(db) {
    const { id } = await one(db, `select d.id from app.hour_declarations d join app.markets m on m.id = d.market_id
                                  where m.territory_id = 'b0000000-0000-0000-0000-000000000001' and d.status = 'submitted' limit 1`);
    return asUser(db, VOLUME.facilitator, (tx) => tx.query(`select public.review_hour_declaration($1, 'validate')`, [id]));
  },
};

/** Runs one figure in this process and prints its line. */
async function runFigure(name: string, lines: number): Promise<void> {
  const figure = figures[name];
  if (!figure) throw new Error(`unknown figure ${name}`);
  const db = await openDatabase({ dataDir: await volumeDatabase(lines) });
  try {
    // Production's connections are warm (plans and catalogue cached): the first call warms this one.
    await figure(db);
    const ms = await figure(db);
    const peak = process.resourceUsage().maxRSS / 1024;
    console.info(`${name} ${lines} lines: ${ms.toFixed(0)} ms, peak memory ${peak.toFixed(0)} MB`);
  } finally {
    await db.close();
  }
}

/** Every figure of the volume scenario, each in its own process. */
export async function benchVolume(lines = 1_000_000, only?: string[]): Promise<void> {
  await volumeDatabase(lines);
  for (const name of only ?? Object.keys(figures)) {
    const child = spawnSync(process.execPath, [self, name, String(lines)], { stdio: 'inherit' });
    if (child.status !== 0) console.info(`${name} ${lines} lines: failed (exit ${child.status})`);
  }
}

if (process.argv[1] === self && process.argv[2]) {
  await runFigure(process.argv[2], Number(process.argv[3] ?? 1_000_000));
}

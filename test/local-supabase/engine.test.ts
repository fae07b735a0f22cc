// The embedded database and the local keys.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase, dumpDatabase, migrationFiles, openDatabase, runSqlFile } from '../../src/local-supabase/engine.ts';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY, signJwt, verifyJwt } from '../../src/local-supabase/jwt.ts';
import { fixtureFile } from './fixture.ts';

describe('engine', () => {
  it('names the file and the line of a failing statement', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'engine-'));
    const file = join(dir, 'broken.sql');
    await writeFile(file, 'create table t (a int);\n\nselect * from nope;\n');
    const db = await createDatabase();
    try {
      await expect(runSqlFile(db, file)).rejects.toThrow(/broken\.sql:3: relation "nope" does not exist \(SQLSTATE 42P01/);
    } finally {
      await db.close();
      await rm(dir, { recursive: true });
    }
  });

  it('dumps a database and loads the dump into a fresh one', async () => {
    const db = await createDatabase();
    await runSqlFile(db, fixtureFile);
    await db.query(`insert into app.unique_codes values ('dumped')`);
    const dump = await dumpDatabase(db);
    await db.close();
    const copy = await openDatabase({ loadDataDir: dump });
    const { rows } = await copy.query<{ code: string }>('select code from app.unique_codes');
    expect(rows).toEqual([{ code: 'dumped' }]);
    const crypt = await copy.query<{ ok: boolean }>(`select extensions.crypt('x', extensions.gen_salt('bf')) like '$2%' as ok`);
    expect(crypt.rows[0]?.ok).toBe(true);
    await copy.close();
  });

  it('lists the migrations in file-name order', () => {
    const files = migrationFiles();
    expect(files).toEqual([...files].sort());
    expect(files.every((f) => f.endsWith('.sql'))).toBe(true);
  });
});

describe('jwt', () => {
  it('has the keys `supabase start` prints', () => {
    expect(LOCAL_ANON_KEY).toBe('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0');
    expect(verifyJwt(LOCAL_SERVICE_ROLE_KEY)).toEqual({ ok: true, claims: { iss: 'supabase-demo', role: 'service_role', exp: 1983812996 } });
  });

  it('refuses malformed, tampered, foreign and expired tokens', () => {
    const now = 1_800_000_000;
    const token = signJwt({ sub: 'x', exp: now + 60 });
    expect(verifyJwt(token, LOCAL_JWT_SECRET, now).ok).toBe(true);
    expect(verifyJwt('a.b', LOCAL_JWT_SECRET, now)).toEqual({ ok: false, reason: 'parts', parts: 2 });
    const [head, , sig] = token.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ sub: 'y', exp: now + 60 })).toString('base64url')}.${sig}`;
    expect(verifyJwt(tampered, LOCAL_JWT_SECRET, now)).toMatchObject({ ok: false, reason: 'signature' });
    expect(verifyJwt(signJwt({ exp: now + 60 }, 'x'.repeat(40)), LOCAL_JWT_SECRET, now)).toMatchObject({ ok: false, reason: 'signature' });
    expect(verifyJwt(token, LOCAL_JWT_SECRET, now + 61)).toMatchObject({ ok: false, reason: 'expired' });
  });
});

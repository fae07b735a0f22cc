// The engine's own test database: the prelude and fixture.sql only (not the project's
// migrations), behind the stand-in.
import { fileURLToPath } from 'node:url';
import { createDatabase, runSqlFile } from '../../src/local-supabase/engine.ts';
import { useLocalSupabase, type LocalSupabaseForTests } from '../support/local-supabase.ts';

export const fixtureFile = fileURLToPath(new URL('./fixture.sql', import.meta.url));

export const ALICE = { id: '11111111-1111-4111-8111-111111111111', email: 'alice@example.test' };
export const BOB = { id: '22222222-2222-4222-8222-222222222222', email: 'bob@example.test' };
export const UNCONFIRMED = { email: 'unconfirmed@example.test' };

export async function useFixture(): Promise<LocalSupabaseForTests> {
  const db = await createDatabase();
  await runSqlFile(db, fixtureFile);
  return useLocalSupabase({ db });
}

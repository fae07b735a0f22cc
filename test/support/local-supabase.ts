// One embedded database per test file, loaded from the template (or given), behind the local
// Supabase stand-in; the environment points the app's code at it.
import { readFile } from 'node:fs/promises';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/local-supabase/engine.ts';
import { startLocalSupabase } from '../../src/local-supabase/server.ts';
import { DEMO_PASSWORD } from '../../src/local-supabase/demo.ts';
import { resetServerEnv } from '../../src/server/env.ts';
import { templatePath } from './template.ts';

export interface LocalSupabaseForTests {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  db: PGlite;
  anon(): SupabaseClient;
  service(): SupabaseClient;
  /** A client signed in with the password (the demo password by default); throws if refused. */
  signIn(email: string, password?: string): Promise<SupabaseClient>;
  close(): Promise<void>;
}

const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } } as const;

/** A fresh copy of the template built by global-setup.ts (prelude + migrations + seed). */
export async function openTemplateDatabase(): Promise<PGlite> {
  const dump = await readFile(templatePath);
  return openDatabase({ loadDataDir: new Blob([dump]) });
}

/** The stand-in over `db` (default: a fresh copy of the template); close() closes both. */
export async function useLocalSupabase({ db }: { db?: PGlite } = {}): Promise<LocalSupabaseForTests> {
  const database = db ?? await openTemplateDatabase();
  const server = await startLocalSupabase({ db: database });
  process.env.SUPABASE_URL = server.url;
  process.env.SUPABASE_ANON_KEY = server.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY = server.serviceRoleKey;
  resetServerEnv();
  return {
    url: server.url,
    anonKey: server.anonKey,
    serviceRoleKey: server.serviceRoleKey,
    db: database,
    anon: () => createClient(server.url, server.anonKey, clientOptions),
    service: () => createClient(server.url, server.serviceRoleKey, clientOptions),
    async signIn(email, password = DEMO_PASSWORD) {
      const client = createClient(server.url, server.anonKey, clientOptions);
      const { error } = await client.auth.signInWithPassword({ email, password });
      if (error) throw new Error(`sign-in of ${email} failed: ${error.message}`);
      return client;
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
}

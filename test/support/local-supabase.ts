// One embedded database per test file, loaded from the template, behind the local Supabase
// stand-in; the environment points the app's code at it.
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
  signIn(email: string, password?: string): Promise<SupabaseClient>;
  close(): Promise<void>;
}

const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } } as const;

export async function openTemplateDatabase(): Promise<PGlite> {
  const dump = await readFile(templatePath);
  return openDatabase({ loadDataDir: new Blob([dump]) });
}

export async function useLocalSupabase(): Promise<LocalSupabaseForTests> {
  const db = await openTemplateDatabase();
  const server = await startLocalSupabase({ db });
  process.env.SUPABASE_URL = server.url;
  process.env.SUPABASE_ANON_KEY = server.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY = server.serviceRoleKey;
  resetServerEnv();
  return {
    url: server.url,
    anonKey: server.anonKey,
    serviceRoleKey: server.serviceRoleKey,
    db,
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
      await db.close();
    },
  };
}

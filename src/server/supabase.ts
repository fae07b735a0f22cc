// supabase-js clients. The app reaches the database only through `.rpc()` calls to the
// Postgres functions of supabase/schemas.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from './database.types.ts';
import { serverEnv } from './env.ts';

export type Db = SupabaseClient<Database>;

const options = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } } as const;

/** Anonymous client: what any visitor may do (RLS as role anon). */
export function anonClient(): Db {
  const env = serverEnv();
  return createClient<Database>(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, options);
}

/** Client acting as a signed-in user (RLS as role authenticated, auth.uid() = the user). */
export function userClient(accessToken: string): Db {
  const env = serverEnv();
  return createClient<Database>(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    ...options,
    global: { headers: { Authorization: `Bearer ${accessToken}` } },
  });
}

/** Service client for server-side jobs only (outbox worker); bypasses RLS. */
export function serviceClient(): Db {
  const env = serverEnv();
  if (!env.SUPABASE_SERVICE_ROLE_KEY) {
    throw new Error('Configuration invalide : SUPABASE_SERVICE_ROLE_KEY est nécessaire pour cette tâche.');
  }
  return createClient<Database>(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, options);
}

/**
 * Arguments for `.rpc()` without the undefined ones: an absent argument takes the SQL
 * function's default, which is what an optional form field means.
 */
export function rpcArgs<T extends Record<string, unknown>>(args: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

// Server configuration, read from the environment once and validated.
// The service key is server-only: this module must never be imported by browser code.
import { z } from 'zod';

const serverEnvSchema = z.object({
  SUPABASE_URL: z.url({ message: 'SUPABASE_URL doit être une URL (ex. https://xxxx.supabase.co).' }),
  SUPABASE_ANON_KEY: z.string().min(20, 'SUPABASE_ANON_KEY est manquante.'),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20).optional(),
  NETLIFY_BUILD_HOOK_URL: z.url().optional(),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

let cached: ServerEnv | undefined;

/** The validated environment; throws one readable error listing every missing variable. */
export function serverEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  if (source === process.env && cached) return cached;
  const parsed = serverEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Configuration invalide : ${problems}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

/** Forget the cached environment (tests start a fresh local database per file). */
export function resetServerEnv(): void {
  cached = undefined;
}

/**
 * Whether this process is building the site (`astro build`, set by astro.config.mjs when the
 * build starts): prerendered pages then share one read of the public data.
 */
export function isSiteBuild(source: Record<string, string | undefined> = process.env): boolean {
  return source.CLAUSES_SITE_BUILD === '1';
}

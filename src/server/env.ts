// Server configuration, read from the environment once and validated: the one module of the
// app that reads process.env (the dev tooling of src/local-supabase and astro.config.mjs aside).
// The service key is server-only: this module must never be imported by browser code.
import { join } from 'node:path';
import { z } from 'zod';

const serverEnvSchema = z.object({
  SUPABASE_URL: z.url({ message: 'SUPABASE_URL doit être une URL (ex. https://xxxx.supabase.co).' }),
  SUPABASE_ANON_KEY: z.string().min(20, 'SUPABASE_ANON_KEY est manquante.'),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20).optional(),
  NETLIFY_BUILD_HOOK_URL: z.url().optional(),
  // The site's main address, set by Netlify; links in e-mails point to it.
  URL: z.url().optional(),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

let cached: ServerEnv | undefined;

/** The validated environment; throws one readable error listing every missing variable. */
export function serverEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  if (source === process.env && cached) return cached;
  const parsed = serverEnvSchema.safeParse(source);
  if (!parsed.success) throw invalid(parsed.error);
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

/** Readable problems of a failed parse, one line. */
function invalid(error: z.ZodError): Error {
  const problems = error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  return new Error(`Configuration invalide : ${problems}`);
}

// The e-mail provider (src/server/mailer.ts). Apart from serverEnv: a wrong mail setting stops
// the e-mails (the outbox keeps them and retries), not the whole site.
const mailEnvSchema = z.object({
  SUPABASE_URL: z.string().optional(),
  // Brevo's API key; absent (or empty) locally, where messages go to .data/mail/.
  BREVO_API_KEY: z.string().optional().transform((key) => key || undefined),
  MAIL_FROM: z.email({ message: 'MAIL_FROM doit être une adresse e-mail.' }).default('ne-pas-repondre@example.org'),
});

export type MailEnv = z.infer<typeof mailEnvSchema>;

/** The mail settings, validated (read at each send: cheap, and a fixed key is seen at once). */
export function mailEnv(source: Record<string, string | undefined> = process.env): MailEnv {
  const parsed = mailEnvSchema.safeParse(source);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

/** True when the database is the local stand-in (development and tests), never in production. */
export function isLocalDatabase(supabaseUrl: string | undefined): boolean {
  if (!supabaseUrl || !URL.canParse(supabaseUrl)) return false;
  const url = new URL(supabaseUrl);
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

/**
 * The git-ignored folder where local development keeps e-mails and CVs: under the project's
 * folder (where `npm run dev` and `netlify serve` run), not this module's, since bundled
 * functions live elsewhere and the functions and the pages must share it.
 */
export function localDataDir(name: 'mail' | 'cv'): string {
  // `globalThis.process`, not `process`: the functions' file tracing (@vercel/nft) evaluates
  // `join(process.cwd(), '.data', …)` at build time and packs the whole folder (local CVs,
  // e-mails, databases), and a build then fails when a running local database changes a file
  // there. The folder is only ever used locally, at run time.
  return join(globalThis.process.cwd(), '.data', name, '/');
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

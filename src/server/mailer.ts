// Sends one e-mail. Production: Brevo's transactional API (a French provider, EU hosting),
// configured by BREVO_API_KEY and MAIL_FROM. Locally (no key, database on localhost): the message
// is written to the git-ignored folder .data/mail/ and listed on the dev-only page /dev/courriels/.
// Without a key against a real Supabase, sending fails and the outbox retries later.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mail } from '../domain/mail-templates.ts';

// The project's folder (where `npm run dev` and `netlify serve` run), not this module's: bundled
// functions live elsewhere.
export const localMailDir = join(process.cwd(), '.data', 'mail', '/');

/** A message written locally, as sendMail writes it. */
export interface LocalMail extends Mail {
  to: string;
  at: string;
}

/** The messages written to the local folder, newest first (development and tests only). */
export async function readLocalMails(): Promise<LocalMail[]> {
  const files = (await readdir(localMailDir).catch(() => [])).filter((f) => f.endsWith('.json'));
  const mails = await Promise.all(files.map(async (f) => JSON.parse(await readFile(`${localMailDir}${f}`, 'utf8')) as LocalMail));
  return mails.sort((a, b) => b.at.localeCompare(a.at));
}

/** True when the database is the local stand-in (development and tests), never in production. */
function isLocal(env: Record<string, string | undefined>): boolean {
  return /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(env.SUPABASE_URL ?? '');
}

export async function sendMail(id: string, to: string, mail: Mail, env: Record<string, string | undefined> = process.env): Promise<void> {
  const apiKey = env.BREVO_API_KEY;
  if (!apiKey && !isLocal(env)) {
    // In production a folder on a function's disk would lose the message: fail, so the outbox
    // keeps it and retries once the key is set.
    throw new Error('BREVO_API_KEY is not set: no e-mail can be sent');
  }
  if (!apiKey) {
    await mkdir(localMailDir, { recursive: true });
    await writeFile(`${localMailDir}${id}.json`, JSON.stringify({ to, ...mail, at: new Date().toISOString() }, null, 2));
    return;
  }
  const response = await fetch('https://api.brevo.com/v3/smtp/email', {
    method: 'POST',
    headers: { 'api-key': apiKey, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      sender: { email: env.MAIL_FROM ?? 'ne-pas-repondre@example.org' },
      to: [{ email: to }],
      subject: mail.subject,
      textContent: mail.text,
      headers: { 'X-Mailin-custom': `outbox:${id}` },
    }),
  });
  if (!response.ok) throw new Error(`mail provider answered ${response.status}`);
}

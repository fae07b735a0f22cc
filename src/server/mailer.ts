// Sends one e-mail. Production: Brevo's transactional API (a French provider, EU hosting),
// configured by BREVO_API_KEY and MAIL_FROM. Locally (no key, database on localhost): the message
// is written to the git-ignored folder .data/mail/ and listed on the dev-only page /dev/courriels/.
// Without a key against a real Supabase, sending fails and the outbox retries later.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import type { Mail } from '../domain/mail-templates.ts';
import { isLocalDatabase, localDataDir, mailEnv } from './env.ts';

export const localMailDir = localDataDir('mail');

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

/** Sends one message; `source` is the environment to read the settings from (tests pass theirs). */
export async function sendMail(id: string, to: string, mail: Mail, source?: Record<string, string | undefined>): Promise<void> {
  const env = mailEnv(source);
  const apiKey = env.BREVO_API_KEY;
  if (!apiKey && !isLocalDatabase(env.SUPABASE_URL)) {
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
      sender: { email: env.MAIL_FROM },
      to: [{ email: to }],
      subject: mail.subject,
      textContent: mail.text,
      headers: { 'X-Mailin-custom': `outbox:${id}` },
    }),
  });
  if (!response.ok) throw new Error(`mail provider answered ${response.status}`);
}

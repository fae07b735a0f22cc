// The mail sender: locally (database on localhost, no provider key) a message is written to
// .data/mail/ for /dev/courriels/; against a real Supabase without the provider key it fails, so
// the outbox keeps the message and retries, instead of writing it to a function's lost disk.
import { readFile, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { localMailDir, sendMail } from '../../src/server/mailer.ts';

const mail = { subject: 'Objet', text: 'Texte' };

describe('sendMail without a provider key', () => {
  it('writes the message to the local folder when the database is the local stand-in', async () => {
    const id = `test-${crypto.randomUUID()}`;
    await sendMail(id, 'quelqu.un@demo.test', mail, { SUPABASE_URL: 'http://127.0.0.1:54321' });
    const written = JSON.parse(await readFile(`${localMailDir}${id}.json`, 'utf8')) as { to: string; subject: string };
    expect(written).toMatchObject({ to: 'quelqu.un@demo.test', subject: 'Objet' });
    await rm(`${localMailDir}${id}.json`);
  });

  it('fails in production, so the outbox retries it', async () => {
    const id = `test-${crypto.randomUUID()}`;
    await expect(sendMail(id, 'quelqu.un@demo.test', mail, { SUPABASE_URL: 'https://abcd.supabase.co' }))
      .rejects.toThrow('BREVO_API_KEY is not set');
    await expect(readFile(`${localMailDir}${id}.json`, 'utf8')).rejects.toThrow();
  });
});

// Sends the e-mails waiting in the outbox (service role): claim a batch, send each, report.
import { renderMail } from '../domain/mail-templates.ts';
import { sendMail } from './mailer.ts';
import { serviceClient } from './supabase.ts';

export async function drainOutbox(limit = 20): Promise<{ sent: number; failed: number }> {
  const db = serviceClient();
  const { data, error } = await db.rpc('outbox_claim', { p_limit: limit });
  if (error) throw new Error(`outbox unavailable: ${error.code}`);
  let sent = 0;
  let failed = 0;
  for (const message of data) {
    try {
      const payload = message.payload && typeof message.payload === 'object' && !Array.isArray(message.payload) ? message.payload : {};
      await sendMail(message.id, message.recipient, renderMail(message.template, payload));
      await db.rpc('outbox_report', { p_id: message.id, p_sent: true });
      sent += 1;
    } catch (cause) {
      await db.rpc('outbox_report', { p_id: message.id, p_sent: false, p_error: cause instanceof Error ? cause.message : 'error' });
      failed += 1;
    }
  }
  return { sent, failed };
}

// Sends the e-mails waiting in the outbox (service role): claim a batch, send each, report.
import { renderMail } from '../domain/mail-templates.ts';
import { sendMail } from './mailer.ts';
import { z } from 'zod';
import { serviceClient } from './supabase.ts';
import { withdrawalLink } from './withdrawal.ts';

const claimedSchema = z.array(z.object({
  id: z.string(),
  template: z.string(),
  recipient: z.string(),
  payload: z.record(z.string(), z.unknown()),
}));

/**
 * What an e-mail shows beyond its stored payload: links signed here, never stored in the
 * outbox (the acknowledgement's withdrawal link).
 */
function withLinks(template: string, payload: Record<string, unknown>, siteUrl: string | undefined): Record<string, unknown> {
  if (template !== 'candidature_acknowledgement' || typeof payload.reference !== 'string') return payload;
  const link = withdrawalLink(siteUrl, payload.reference);
  return link ? { ...payload, withdraw_url: link } : payload;
}

/** Sends up to `limit` waiting e-mails; `siteUrl` is the public address links point to. */
export async function drainOutbox(limit = 20, siteUrl?: string): Promise<{ sent: number; failed: number }> {
  const db = serviceClient();
  const { data, error } = await db.rpc('outbox_claim', { p_limit: limit });
  if (error) throw new Error(`outbox unavailable: ${error.code}`);
  let sent = 0;
  let failed = 0;
  for (const message of claimedSchema.parse(data)) {
    try {
      await sendMail(message.id, message.recipient, renderMail(message.template, withLinks(message.template, message.payload, siteUrl)));
      await db.rpc('outbox_report', { p_id: message.id, p_sent: true });
      sent += 1;
    } catch (cause) {
      await db.rpc('outbox_report', { p_id: message.id, p_sent: false, p_error: cause instanceof Error ? cause.message : 'error' });
      failed += 1;
    }
  }
  return { sent, failed };
}

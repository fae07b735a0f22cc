// Scheduled on the 5th of each month: queues a reminder to the company of each running market on
// which nothing was declared for the month before (public.queue_declaration_reminders); the
// outbox worker sends them. Logs the count only.
import type { Config } from '@netlify/functions';
import { serviceClient } from '../../src/server/supabase.ts';

export default async (): Promise<Response> => {
  const today = new Date().toISOString().slice(0, 10);
  const { data, error } = await serviceClient().rpc('queue_declaration_reminders', { p_today: today });
  if (error) throw new Error(`declaration reminders: ${error.message}`);
  console.info(`declaration reminders queued: ${data}`);
  return Response.json({ queued: data });
};

export const config: Config = { schedule: '0 7 5 * *' };

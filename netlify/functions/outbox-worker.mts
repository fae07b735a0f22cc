// Scheduled every 5 minutes: sends the e-mails waiting in the outbox, with retries and
// exponential back-off decided in SQL (public.outbox_report). A mail failure never loses the
// action that caused it: that action is already committed.
import type { Config } from '@netlify/functions';
import { drainOutbox } from '../../src/server/outbox.ts';

export default async (): Promise<Response> => {
  const result = await drainOutbox();
  return Response.json(result);
};

export const config: Config = { schedule: '*/5 * * * *' };

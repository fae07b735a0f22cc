// Scheduled every 5 minutes: sends the e-mails waiting in the outbox, with retries and
// exponential back-off decided in SQL (public.outbox_report). A mail failure never loses the
// action that caused it: that action is already committed.
import type { Config, Context } from '@netlify/functions';
import { serverEnv } from '../../src/server/env.ts';
import { drainOutbox } from '../../src/server/outbox.ts';

export default async (_request: Request, context: Context): Promise<Response> => {
  // Links in the e-mails point to the site's main address (Netlify's context, or URL).
  const result = await drainOutbox(20, context.site?.url ?? serverEnv().URL);
  return Response.json(result);
};

export const config: Config = { schedule: '*/5 * * * *' };

// Scheduled every night: applies each territory's retention periods to personal data
// (src/server/retention.ts). Logs counts only, never a person.
import type { Config } from '@netlify/functions';
import { applyRetention } from '../../src/server/retention.ts';

export default async (): Promise<Response> => {
  const result = await applyRetention();
  console.info(`retention: ${JSON.stringify(result)}`);
  return Response.json(result);
};

export const config: Config = { schedule: '17 3 * * *' };

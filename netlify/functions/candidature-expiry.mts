// Scheduled every night: candidatures with no decision for the territory's period become
// « expirées » and the person is told (src/server/candidature-expiry.ts). Logs a count only.
import type { Config } from '@netlify/functions';
import { expireCandidatures } from '../../src/server/candidature-expiry.ts';

export default async (): Promise<Response> => {
  const result = await expireCandidatures();
  console.info(`candidature expiry: ${JSON.stringify(result)}`);
  return Response.json(result);
};

export const config: Config = { schedule: '7 3 * * *' };

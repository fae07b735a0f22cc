// The daily expiry of candidatures left without a decision (DOMAIN.md §7): one transaction in
// SQL (public.expire_candidatures), each territory with its own period. The e-mails to the
// people concerned go through the outbox like every other one.
import { expiryResultSchema, type ExpiryResult } from '../domain/candidature.ts';
import { parseRpcResult } from './errors.ts';
import { serviceClient } from './supabase.ts';

export type { ExpiryResult };

export async function expireCandidatures(now: Date = new Date()): Promise<ExpiryResult> {
  const { data, error } = await serviceClient().rpc('expire_candidatures', { p_now: now.toISOString() });
  if (error) throw new Error(`expiry: ${error.message}`);
  return parseRpcResult('expire_candidatures', expiryResultSchema, data);
}

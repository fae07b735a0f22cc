// The link that lets a candidate withdraw without an account (DOMAIN.md §7): the reference
// signed with an HMAC whose key is server-only (the service key), so a link cannot be guessed
// from a reference, and nothing has to be stored to check it. Rotating the service key
// invalidates the links already sent; the facilitator can still record a withdrawal by hand.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { serverEnv } from './env.ts';

export const WITHDRAWAL_PATH = '/candidature/retrait/';

/** The signature of a reference, URL-safe (22 characters: 128 bits of the HMAC). */
export function withdrawalKey(reference: string, secret: string): string {
  return createHmac('sha256', secret).update(`withdraw:${reference}`).digest('base64url').slice(0, 22);
}

export function withdrawalKeyValid(reference: string, key: string, secret: string): boolean {
  const expected = Buffer.from(withdrawalKey(reference, secret));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function secret(): string | null {
  return serverEnv().SUPABASE_SERVICE_ROLE_KEY ?? null;
}

/** The absolute link for an acknowledgement e-mail; null without a site address or a key. */
export function withdrawalLink(siteUrl: string | undefined, reference: string): string | null {
  const key = secret();
  if (!siteUrl || !key) return null;
  const url = new URL(WITHDRAWAL_PATH, siteUrl);
  url.searchParams.set('reference', reference);
  url.searchParams.set('cle', withdrawalKey(reference, key));
  return url.toString();
}

/** Whether a link's reference and key go together (the page checks before anything else). */
export function withdrawalLinkValid(reference: string, key: string): boolean {
  const value = secret();
  return value !== null && /^CS-\d{4}-[0-9A-Z]{8}$/.test(reference) && withdrawalKeyValid(reference, key, value);
}

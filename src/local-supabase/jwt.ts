// HS256 JSON Web Tokens with node:crypto, and the local keys (the Supabase CLI's well-known
// development secret: never used in production).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LOCAL_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

export type Claims = Record<string, unknown> & { role?: string; sub?: string; exp?: number };

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(claims: Claims, secret = LOCAL_JWT_SECRET): string {
  const head = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** The claims of a valid, unexpired token, or null. */
export function verifyJwt(token: string, secret = LOCAL_JWT_SECRET, nowSeconds = Math.floor(Date.now() / 1000)): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
    if (head.alg !== 'HS256') return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims;
    if (typeof claims.exp === 'number' && claims.exp < nowSeconds) return null;
    return claims;
  } catch {
    return null;
  }
}

const farFuture = 2_000_000_000;
export const LOCAL_ANON_KEY = signJwt({ iss: 'supabase-demo', role: 'anon', exp: farFuture });
export const LOCAL_SERVICE_ROLE_KEY = signJwt({ iss: 'supabase-demo', role: 'service_role', exp: farFuture });

// HS256 JSON Web Tokens with node:crypto, and the local keys: the Supabase CLI's well-known
// development secret and the anon / service_role keys it derives from it (never used in production).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LOCAL_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

export type Claims = Record<string, unknown> & { role?: string; sub?: string; exp?: number; session_id?: string };

/** Why a token was refused: its shape, its signature, or its expiry. */
export type JwtCheck =
  | { ok: true; claims: Claims }
  | { ok: false; reason: 'empty' | 'parts' | 'signature' | 'claims' | 'expired'; parts?: number };

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

export function signJwt(claims: Claims, secret = LOCAL_JWT_SECRET): string {
  const signed = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

export function verifyJwt(token: string, secret = LOCAL_JWT_SECRET, nowSeconds = Math.floor(Date.now() / 1000)): JwtCheck {
  if (token === '') return { ok: false, reason: 'empty' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'parts', parts: parts.length };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  let head: unknown;
  let claims: unknown;
  try {
    head = decode(header);
    claims = decode(payload);
  } catch {
    return { ok: false, reason: 'claims' };
  }
  if (!isObject(head) || head.alg !== 'HS256') return { ok: false, reason: 'signature' };
  if (!isObject(claims) || (claims.exp !== undefined && typeof claims.exp !== 'number')) return { ok: false, reason: 'claims' };
  if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Byte for byte the keys `supabase start` prints.
const CLI_KEYS_EXPIRY = 1983812996;
export const LOCAL_ANON_KEY = signJwt({ iss: 'supabase-demo', role: 'anon', exp: CLI_KEYS_EXPIRY });
export const LOCAL_SERVICE_ROLE_KEY = signJwt({ iss: 'supabase-demo', role: 'service_role', exp: CLI_KEYS_EXPIRY });

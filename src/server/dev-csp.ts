// Under `npm run dev` Astro computes no policy (its CSP is a build feature): the middleware gives
// dev pages the policy the build gives them, built here from the page itself — the hashes of its
// inline <script> and <style> elements, as Astro hashes the ones it inlines at build time.
import { cspHash, hashedPolicy } from './response-headers.ts';

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const INLINE_STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

/** The policy of a dev page: 'self' plus the hashes of the inline scripts and styles of its HTML. */
export async function devPolicy(html: string): Promise<string> {
  const scripts = [...html.matchAll(INLINE_SCRIPT)].filter(([, attributes]) => !/\bsrc\s*=/i.test(attributes ?? '')).map(([, , body]) => body ?? '');
  const styles = [...html.matchAll(INLINE_STYLE)].map(([, body]) => body ?? '');
  return hashedPolicy(await Promise.all(scripts.map(cspHash)), await Promise.all(styles.map(cspHash)));
}

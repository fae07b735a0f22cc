// The hashes of a page's own inline <script> and <style> elements, for its Content-Security-Policy.
// Astro hashes what it bundles or inlines itself, but not an inline element a layout writes from
// data (the territory's theme, the embed page's stylesheet): the middleware adds those hashes to
// Astro's policy. Under `npm run dev` Astro computes no policy at all, and the middleware builds
// the same policy from these hashes alone.
import { cspHash, hashedPolicy, withHashes } from './response-headers.ts';

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const INLINE_STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

/** The hashes of the inline scripts (those without src) and styles of an HTML page. */
export async function inlineHashes(html: string): Promise<{ scripts: string[]; styles: string[] }> {
  const scripts = [...html.matchAll(INLINE_SCRIPT)].filter(([, attributes]) => !/\bsrc\s*=/i.test(attributes ?? '')).map(([, , body]) => body ?? '');
  const styles = [...html.matchAll(INLINE_STYLE)].map(([, body]) => body ?? '');
  return { scripts: await Promise.all(scripts.map(cspHash)), styles: await Promise.all(styles.map(cspHash)) };
}

/** Astro's policy for the page completed with its inline elements' hashes, or (dev) the policy built from them. */
export async function completePolicy(astroPolicy: string | null, html: string): Promise<string> {
  const { scripts, styles } = await inlineHashes(html);
  return astroPolicy ? withHashes(astroPolicy, scripts, styles) : hashedPolicy(scripts, styles);
}

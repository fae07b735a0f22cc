// The response headers of paths that other sites read: one table, applied twice from here.
//   - on the platform and under `netlify serve`, pages and files built at deploy time are static:
//     the build writes this table to dist/_headers (astro.config.mjs), which Netlify applies;
//   - under `npm run dev` (and for pages rendered on demand) the middleware sets the same headers
//     on each response.
// Open data and the embeddable widget are read from other origins (docs/decisions/2026-11-22-widget.md);
// only these paths are open. Every response gets the security headers of `/*`.
//
// Pages also get a Content-Security-Policy (docs/decisions/2026-12-03-content-security-policy.md):
// Astro writes it (security.csp in astro.config.mjs: CSP_DIRECTIVES below, plus script-src and
// style-src with the hashes of the page's inline scripts and styles) as a response header, and the
// middleware adds the one directive that depends on the path, `frame-ancestors` (pagePolicy):
// nobody may frame a page, except the widget's iframe pages /integrer/<territoire>/…

export interface HeaderRule {
  /** A path as Netlify's _headers file writes it: exact, or ending in `/*` for everything below. */
  path: string;
  headers: Readonly<Record<string, string>>;
}

/** Every response: HTTPS only from the first visit on, no full address sent to other sites, powerful browser features off, no MIME sniffing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=31536000',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'X-Content-Type-Options': 'nosniff',
};

export const HEADER_RULES: readonly HeaderRule[] = [
  { path: '/*', headers: SECURITY_HEADERS },
  { path: '/donnees/*', headers: { 'Access-Control-Allow-Origin': '*' } },
  {
    path: '/widget/*',
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Content-Type': 'text/javascript; charset=utf-8',
    },
  },
];

function matches(rule: HeaderRule, pathname: string): boolean {
  return rule.path.endsWith('/*') ? pathname.startsWith(rule.path.slice(0, -1)) : pathname === rule.path;
}

/** The headers the table gives a path (later rules win, as in Netlify's file). */
export function headersFor(pathname: string, rules: readonly HeaderRule[] = HEADER_RULES): Record<string, string> {
  return Object.assign({}, ...rules.filter((rule) => matches(rule, pathname)).map((rule) => rule.headers));
}

/** The table in the syntax of Netlify's `_headers` file. */
export function netlifyHeadersFile(rules: readonly HeaderRule[] = HEADER_RULES): string {
  return rules.map((rule) => [rule.path, ...Object.entries(rule.headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n')).join('\n\n') + '\n';
}

/** Whether the table opens a path to every other origin (Access-Control-Allow-Origin: *). */
export function openToOtherOrigins(pathname: string, rules: readonly HeaderRule[] = HEADER_RULES): boolean {
  return headersFor(pathname, rules)['Access-Control-Allow-Origin'] === '*';
}

/**
 * The directives of every page's policy besides script-src and style-src, which Astro writes with
 * the hashes of what the page runs inline. No `frame-ancestors` here: it depends on the path.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "base-uri 'self'",
  "object-src 'none'",
  "form-action 'self'",
  // A territory's logo may be an https address of its own site (src/pages/espace/parametres).
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
] as const;

/** The widget's iframe pages, which any site may embed (/integrer/<territoire>/<indicateur>/); not the builder /integrer/ itself. */
export function isWidgetFramePage(pathname: string): boolean {
  return pathname.startsWith('/integrer/') && pathname.replace(/\/+$/, '') !== '/integrer';
}

/** Who may frame the page at this path. */
export function frameAncestors(pathname: string): string {
  return isWidgetFramePage(pathname) ? 'frame-ancestors *' : "frame-ancestors 'none'";
}

/** Astro's policy for a page (or, under `npm run dev`, the same policy built by the middleware) with the path's frame-ancestors. */
export function pagePolicy(policy: string, pathname: string): string {
  const trimmed = policy.trim().replace(/;?$/, ';');
  return `${trimmed} ${frameAncestors(pathname)};`;
}

/** The policy Astro writes, for a page whose inline scripts and styles have these hashes ('sha256-…'). */
export function hashedPolicy(scriptHashes: readonly string[], styleHashes: readonly string[]): string {
  const sources = (hashes: readonly string[]): string => ["'self'", ...new Set(hashes)].map((s) => (s.startsWith('sha') ? `'${s}'` : s)).join(' ');
  return `${CSP_DIRECTIVES.join(';')}; script-src ${sources(scriptHashes)}; style-src ${sources(styleHashes)};`;
}

/** A policy with these hashes added to its script-src and style-src (each written once). */
export function withHashes(policy: string, scriptHashes: readonly string[], styleHashes: readonly string[]): string {
  const add = { 'script-src': scriptHashes, 'style-src': styleHashes } as Record<string, readonly string[]>;
  return policy.split(';').map((part) => part.trim()).filter(Boolean).map((directive) => {
    const [name = '', ...sources] = directive.split(/\s+/);
    const extra = (add[name] ?? []).map((hash) => `'${hash}'`).filter((hash) => !sources.includes(hash));
    return [name, ...sources, ...new Set(extra)].join(' ');
  }).join('; ') + ';';
}

/** A CSP hash source ('sha256-…', without quotes) of an inline script's or style's text. */
export async function cspHash(content: string): Promise<`sha256-${string}`> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `sha256-${btoa(binary)}`;
}

// The response headers of paths that other sites read: one table, applied twice from here.
//   - on the platform and under `netlify serve`, pages and files built at deploy time are static:
//     the build writes this table to dist/_headers (astro.config.mjs), which Netlify applies;
//   - under `npm run dev` (and for pages rendered on demand) the middleware sets the same headers
//     on each response.
// Open data and the embeddable widget are read from other origins (docs/decisions/2026-11-22-widget.md);
// only these paths are open. The iframe pages /integrer/… stay frameable.

export interface HeaderRule {
  /** A path as Netlify's _headers file writes it: exact, or ending in `/*` for everything below. */
  path: string;
  headers: Readonly<Record<string, string>>;
}

export const HEADER_RULES: readonly HeaderRule[] = [
  { path: '/donnees/*', headers: { 'Access-Control-Allow-Origin': '*' } },
  {
    path: '/widget/*',
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Content-Type': 'text/javascript; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
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

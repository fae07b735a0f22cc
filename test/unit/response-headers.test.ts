// The header table's page policy (src/server/response-headers.ts, src/server/inline-csp.ts): who may
// frame a path, the hashes of a page's inline elements added to Astro's policy, the dev policy.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cspHash, frameAncestors, headersFor, isWidgetFramePage, netlifyHeadersFile, pagePolicy, withHashes } from '../../src/server/response-headers.ts';
import { completePolicy } from '../../src/server/inline-csp.ts';

const sha = (text: string): string => `sha256-${createHash('sha256').update(text).digest('base64')}`;

describe('page policy', () => {
  it.each([
    ['/integrer/dieppe-maritime/heures/', true],
    ['/integrer/dieppe-maritime/heures/2025/', true],
    ['/integrer/', false],
    ['/integrer', false],
    ['/espace/connexion/', false],
    ['/', false],
    ['/integrerx/', false],
  ])('%s frameable by other sites: %s', (path, frameable) => {
    expect(isWidgetFramePage(path)).toBe(frameable);
    expect(frameAncestors(path)).toBe(frameable ? 'frame-ancestors *' : "frame-ancestors 'none'");
  });

  it('hashes as the browser does (SHA-256, base64)', async () => {
    expect(await cspHash(':root{--color-primary:#1d4f91;}')).toBe(sha(':root{--color-primary:#1d4f91;}'));
  });

  it('adds the inline elements’ hashes to Astro’s policy once, keeps its own, and no unsafe-inline', async () => {
    const astro = "default-src 'self';object-src 'none'; script-src 'self' 'sha256-A='; style-src 'self' 'sha256-B=';";
    const html = '<style>:root{--x:1}</style><script type="module" src="/a.js"></script><script>go()</script><style data-x>p{}</style>';
    const policy = pagePolicy(await completePolicy(astro, html), '/');
    expect(policy).toBe(`default-src 'self'; object-src 'none'; script-src 'self' 'sha256-A=' '${sha('go()')}'; style-src 'self' 'sha256-B=' '${sha(':root{--x:1}')}' '${sha('p{}')}'; frame-ancestors 'none';`);
    expect(withHashes(policy, [sha('go()')], []), 'a hash already there is not added again').toBe(policy);
    expect(policy).not.toContain('unsafe-inline');
  });

  it('under npm run dev, builds the policy from the page alone', async () => {
    const policy = await completePolicy(null, '<style>a{}</style>');
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain(`style-src 'self' '${sha('a{}')}';`);
    expect(policy).toContain("script-src 'self';");
  });
});

describe('header table', () => {
  it('gives every path the security headers, the open paths their CORS header', () => {
    for (const path of ['/', '/espace/connexion/', '/donnees/calvados.json', '/widget/v1.js']) {
      expect(headersFor(path)).toMatchObject({ 'Strict-Transport-Security': 'max-age=31536000', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    }
    expect(headersFor('/widget/v1.js')['Access-Control-Allow-Origin']).toBe('*');
    expect(headersFor('/espace/connexion/')['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('writes no header twice for one path in _headers, and no Content-Security-Policy there (it is per page)', () => {
    const file = netlifyHeadersFile();
    expect(file).not.toMatch(/content-security-policy/i);
    expect(file.match(/X-Content-Type-Options/g)).toHaveLength(1);
  });
});

// Content-Security-Policy and security headers under the production build served by netlify serve (static pages carry Astro's policy through the adapter's staticHeaders, partner pages through the function):
// a public static page, a partner page and a widget iframe page carry them; a foreign page may
// frame the widget iframe page and not the partner page; the pages with scripts and inline styles
// report no CSP violation (docs/decisions/2026-12-03-content-security-policy.md).
import { inject } from 'vitest';
import { describeSecurityHeaders } from './security-headers.ts';

describeSecurityHeaders(inject('baseUrl'));

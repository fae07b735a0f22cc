// Content-Security-Policy and security headers under npm run dev (the middleware builds the same policy from each page):
// a public static page, a partner page and a widget iframe page carry them; a foreign page may
// frame the widget iframe page and not the partner page; the pages with scripts and inline styles
// report no CSP violation (docs/decisions/2026-12-03-content-security-policy.md).
import { inject } from 'vitest';
import { describeSecurityHeaders } from '../e2e/security-headers.ts';

describeSecurityHeaders(inject('devBaseUrl'));

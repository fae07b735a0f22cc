// @ts-check
import { defineConfig } from 'astro/config';
import netlify from '@astrojs/netlify';

// Static by default: public pages are prerendered; partner pages opt out with `prerender = false`.
export default defineConfig({
  site: process.env.URL ?? 'http://localhost:4321',
  output: 'static',
  adapter: netlify({ devFeatures: { images: false, environmentVariables: false, edgeFunctions: false } }),
  // Partner sign-in keeps the Supabase session in its own httpOnly cookie: no Astro sessions.
  session: false,
  server: { port: 4321, host: '127.0.0.1' },
  devToolbar: { enabled: false },
  // Forms posted from another site are refused (403) on every on-demand page and action: this is
  // the partner forms' CSRF protection (docs/decisions/2026-12-02-astro-actions.md).
  security: { checkOrigin: true },
});

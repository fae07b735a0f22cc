// @ts-check
import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'astro/config';
import netlify from '@astrojs/netlify';
import { netlifyHeadersFile } from './src/server/response-headers.ts';

/** Writes the response-header table to dist/_headers, which Netlify applies to static files. */
const headersFile = {
  name: 'response-headers-file',
  hooks: {
    /** @param {{ dir: URL }} options */
    'astro:build:done': async ({ dir }) => {
      await writeFile(new URL('_headers', dir), netlifyHeadersFile());
    },
  },
};

// Static by default: public pages are prerendered; partner pages opt out with `prerender = false`.
export default defineConfig({
  site: process.env.URL ?? 'http://localhost:4321',
  output: 'static',
  adapter: netlify({ devFeatures: { images: false, environmentVariables: false, edgeFunctions: false } }),
  integrations: [headersFile],
  // Partner sign-in keeps the Supabase session in its own httpOnly cookie: no Astro sessions.
  session: false,
  server: { port: 4321, host: '127.0.0.1' },
  devToolbar: { enabled: false },
});

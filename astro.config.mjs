// @ts-check
import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'astro/config';
import netlify from '@astrojs/netlify';
import { CSP_DIRECTIVES, cspHash, netlifyHeadersFile, openToOtherOrigins } from './src/server/response-headers.ts';
import { WIDGET_CSS } from './src/widget/styles.ts';
import { DECP_MAX_BYTES } from './src/domain/decp.ts';

/** Marks the build (see public-data.ts) and writes the response-header table to dist/_headers, which Netlify applies to static files. */
const siteBuild = {
  name: 'site-build',
  hooks: {
    // Prerendered pages share one read of the public data per build (src/server/public-data.ts).
    'astro:build:start': () => {
      process.env.CLAUSES_SITE_BUILD = '1';
    },
    /** @param {{ dir: URL }} options */
    'astro:build:done': async ({ dir }) => {
      await writeFile(new URL('_headers', dir), netlifyHeadersFile());
    },
  },
};

/**
 * `npm run dev` keeps its own Vite dependency cache. Every Vite command writes its pre-bundled
 * dependencies to node_modules/.vite with its own configuration: a build (`npm run build`, the e2e
 * suite's `netlify serve`) or `astro check` run beside a running dev server rewrote them, and the
 * dev server then answered 504 "Outdated Optimize Dep" for zod until restarted: the application
 * form's script never ran, and its errors came back only without JavaScript.
 */
/** @type {import('astro').AstroIntegration} */
const devCacheApart = {
  name: 'dev-cache-apart',
  hooks: {
    'astro:config:setup': ({ command, updateConfig }) => {
      if (command === 'dev') updateConfig({ vite: { cacheDir: 'node_modules/.vite-dev' } });
    },
  },
};

/**
 * Astro's dev server refuses every cross-site subresource request (a guard of the dev server,
 * absent in production). The paths the header table opens to other origins (the widget and the
 * open data) must load on a community's page under `npm run dev` as in production: for those
 * paths only, GET requests pass the guard. Added after Astro's own middleware, put in front of it.
 * @type {import('vite').Plugin}
 */
const openPathsInDev = {
  name: 'open-paths-in-dev',
  apply: 'serve',
  configureServer(server) {
    /** @type {import('vite').Connect.NextHandleFunction} */
    const letThrough = (request, _response, next) => {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if ((request.method === 'GET' || request.method === 'HEAD') && openToOtherOrigins(pathname)) delete request.headers['sec-fetch-site'];
      next();
    };
    return () => {
      server.middlewares.stack.unshift({ route: '', handle: letThrough });
    };
  },
};

// Static by default: public pages are prerendered; partner pages opt out with `prerender = false`.
export default defineConfig({
  site: process.env.URL ?? 'http://localhost:4321',
  output: 'static',
  // The server code names the local data folder (.data, src/server/env.ts localDataDir): the
  // function's file tracing would copy all of it (local CVs, e-mails, databases, bench output)
  // into the SSR function. Nothing there is read at run time.
  // staticHeaders: the Content-Security-Policy of each prerendered page is a response header
  // (written by the adapter to .netlify/v1/config.json, path by path), not a <meta> tag, which
  // cannot carry frame-ancestors (docs/decisions/2026-12-03-content-security-policy.md).
  adapter: netlify({
    staticHeaders: true,
    devFeatures: { images: false, environmentVariables: false, edgeFunctions: false },
    excludeFiles: ['./.data/**/*'],
  }),
  integrations: [siteBuild, devCacheApart],
  // Partner sign-in keeps the Supabase session in its own httpOnly cookie: no Astro sessions.
  session: false,
  server: { port: 4321, host: '127.0.0.1' },
  devToolbar: { enabled: false },
  vite: {
    plugins: [openPathsInDev],
    // The local database, CVs and e-mails (.data) and test output change while the app runs:
    // watching them reloaded every open page of the dev server each time a mail or a CV was written.
    server: { watch: { ignored: ['**/.data/**', '**/test-results/**', '**/dist/**'] } },
  },
  // Forms posted from another site are refused (403) on every on-demand page and action: this is
  // the partner forms' CSRF protection (docs/decisions/2026-12-02-astro-actions.md).
  // Action bodies: Astro's default is 1 MB; the DECP upload (src/actions/decp.ts) takes a file of
  // up to DECP_MAX_BYTES (20 MB) plus the form's multipart framing. A larger body is refused by
  // Astro before it is read (CONTENT_TOO_LARGE, 413), and the page says so in French.
  // csp: Astro hashes the scripts and styles it bundles or inlines and writes script-src and
  // style-src with those hashes (no 'unsafe-inline'); the other directives are the table's, and
  // the middleware adds frame-ancestors by path. The widget's stylesheet is hashed here: where
  // adoptedStyleSheets is missing, the widget puts it in a <style> of its shadow root.
  security: {
    checkOrigin: true,
    actionBodySizeLimit: DECP_MAX_BYTES + 1024 * 1024,
    csp: {
      algorithm: 'SHA-256',
      directives: [...CSP_DIRECTIVES],
      styleDirective: { hashes: [await cspHash(WIDGET_CSS)] },
    },
  },
});

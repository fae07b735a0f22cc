// /widget/v1.js: the embeddable results widget as one ES module, bundled at build time from
// src/widget/main.ts. The URL is stable: changes that would break existing snippets go to /widget/v2.js.
// Cross-origin reads (the script and /donnees/*.json) are allowed by the headers of
// src/server/response-headers.ts.
import type { APIRoute } from 'astro';
import { buildWidgetBundle } from '../../widget/build.ts';

export const prerender = true;

export const GET: APIRoute = async () => new Response(await buildWidgetBundle(), {
  headers: { 'content-type': 'text/javascript; charset=utf-8' },
});

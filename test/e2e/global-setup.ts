// Vitest global setup of the e2e project: ONE production build served by `netlify serve` for
// every browser test file, and a loopback-only SQL endpoint on the embedded database so the
// tests can check what was stored (test infrastructure only, never part of the product).
import { cp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startServedSite } from './serve.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    sqlUrl: string;
    supabaseUrl: string;
    anonKey: string;
    /** The served site's service key: tests run the outbox worker as the scheduled function does. */
    serviceRoleKey: string;
    /** The built SSR function (a copy: `npm run dev`, started by the e2e-dev project, empties the adapter's folder). */
    ssrModule: string;
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const site = await startServedSite();
  // The SSR function as built, for the tests that call it in-process (hostile-input): copied at
  // once, since the Netlify adapter of the dev server empties .netlify/v1/functions/ssr.
  const ssrCopy = `${root}.data/e2e-ssr/`;
  await rm(ssrCopy, { recursive: true, force: true });
  await cp(`${root}.netlify/v1/functions/ssr/`, ssrCopy, { recursive: true, verbatimSymlinks: true });
  const sql = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { query, params } = JSON.parse(Buffer.concat(chunks).toString()) as { query: string; params?: unknown[] };
      site.supabase.db.query(query, params ?? []).then(
        (result) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.rows)),
        (error: Error) => response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message })),
      );
    });
  });
  await new Promise<void>((resolve) => sql.listen(0, '127.0.0.1', resolve));
  project.provide('baseUrl', site.baseUrl);
  project.provide('sqlUrl', `http://127.0.0.1:${(sql.address() as AddressInfo).port}`);
  project.provide('supabaseUrl', site.supabase.url);
  project.provide('anonKey', site.supabase.anonKey);
  project.provide('serviceRoleKey', site.supabase.serviceRoleKey);
  project.provide('ssrModule', pathToFileURL(`${ssrCopy}ssr.mjs`).href);
  return async () => {
    await new Promise<void>((resolve) => sql.close(() => resolve()));
    await site.stop();
  };
}

// What the built site ships: JavaScript in each page's initial load (script tags, inline
// scripts and module preloads) and the Chart.js chunk loaded later. Read from dist/ by the
// budget test (limits) and by `npm run bench` (figures).
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  /** Path of the page as served, e.g. /territoires/dieppe-maritime/ */
  path: string;
  /** Bytes of JavaScript the browser fetches or runs on load (before any dynamic import). */
  initialJsBytes: number;
  /** The same, gzipped (what travels over the network). */
  initialJsGzipBytes: number;
  /** Whether that initial JavaScript contains Chart.js itself. */
  initialChartJs: boolean;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(`${dir}/${e.name}`) : Promise.resolve([`${dir}/${e.name}`]))));
  return nested.flat();
}

/** Chart.js, minified, recognised by one of its own error messages. */
const CHART_JS_MARK = 'Canvas is already in use';

function isChartJs(source: string): boolean {
  return source.includes(CHART_JS_MARK);
}

/** Every prerendered HTML page of dist/ with the JavaScript of its initial load. */
export async function pageWeights(dist: string): Promise<PageWeight[]> {
  const pages = (await listFiles(dist)).filter((f) => f.endsWith('.html')).sort();
  return Promise.all(pages.map(async (file) => {
    const html = await readFile(file, 'utf8');
    const sources = [
      ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] ?? ''),
      ...[...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? ''),
    ].filter((src) => src.startsWith('/'));
    const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)]
      // JSON data islands are not code.
      .filter((m) => !/type="application\/(ld\+)?json"/.test(m[1] ?? ''))
      .map((m) => m[2] ?? '');
    const external = await Promise.all(sources.map((src) => readFile(`${dist}${src.split('?')[0]}`, 'utf8').catch(() => '')));
    const code = [...inline, ...external];
    const path = file.slice(dist.length).replace(/index\.html$/, '').replace(/\.html$/, '/');
    return {
      path: path === '/404/' ? '/404.html' : path,
      initialJsBytes: code.reduce((n, s) => n + Buffer.byteLength(s), 0),
      initialJsGzipBytes: code.reduce((n, s) => n + (s ? gzipSync(s).length : 0), 0),
      initialChartJs: code.some(isChartJs),
    };
  }));
}

/** The Chart.js chunk the charts import when they come into view, gzipped (null if none). */
export async function chartChunk(dist: string): Promise<{ file: string; gzipBytes: number } | null> {
  const chunks = (await listFiles(`${dist}/_astro`)).filter((f) => f.endsWith('.js'));
  for (const chunk of chunks) {
    const source = await readFile(chunk);
    if (source.includes(CHART_JS_MARK)) return { file: chunk.slice(dist.length), gzipBytes: gzipSync(source).length };
  }
  return null;
}

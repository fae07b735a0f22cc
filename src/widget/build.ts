// Bundles the widget (src/widget/main.ts and Chart.js) into one minified ES module with esbuild.
// Used at build time by the endpoint /widget/v1.js and by the size-budget test: the bytes the
// test measures are the bytes the site serves. Node only.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Where src/widget/main.ts is: next to this file, or (once Astro has bundled this file) under the project root. */
function entryPoint(): string {
  const beside = fileURLToPath(new URL('./main.ts', import.meta.url));
  if (existsSync(beside)) return beside;
  const fromRoot = join(process.cwd(), 'src/widget/main.ts');
  if (existsSync(fromRoot)) return fromRoot;
  throw new Error(`Widget source not found (looked at ${beside} and ${fromRoot}).`);
}

export async function buildWidgetBundle(): Promise<string> {
  const entry = entryPoint();
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: dirname(dirname(dirname(entry))),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    charset: 'utf8',
    legalComments: 'eof', // Chart.js's MIT notice stays in the file
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no widget bundle.');
  return file.text;
}

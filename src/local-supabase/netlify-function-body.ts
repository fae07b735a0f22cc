// Preloaded into Astro's dev server by dev.ts (`node --import`), nowhere else.
//
// Under `npm run dev`, the Netlify Vite plugin runs our functions through @netlify/functions-dev,
// which turns each request into a Lambda event. Its `lambdaEventFromWebRequest` reads the body
// as UTF-8 text (`await request.text()`) yet flags the event `isBase64Encoded` for every
// content type that is not text (shouldBase64Encode): the function's bootstrap then base64-decodes
// text that was never encoded. A multipart/form-data post (the application form, which may carry
// a PDF CV) reaches the function as bytes of noise and `formData()` fails; url-encoded posts and
// JSON are spared because they are not flagged. The platform and `netlify serve`
// (netlify-cli's functions server) encode the raw bytes in base64 before flagging them.
//
// This hook rewrites that one statement, at load time, into what netlify serve does: read the
// raw bytes, at most the 6 MB that netlify serve and the platform buffer for a function (a
// longer body is cut there; the function sees the declared content-length and refuses it), and
// encode them in base64 when the event is flagged so. If the statement is no longer there (the
// package changed), the dev server stops with a message instead of silently running unfixed.
import { registerHooks } from 'node:module';

const MODULE = /\/@netlify\/functions-dev\/dist\/main\.js$/;
const BUGGY = 'const body = await request.text() || null;';
const FIXED = `const body = await (async () => {
    const limit = 6 * 1024 * 1024;
    const chunks = [];
    let size = 0;
    if (request.body) {
      for await (const chunk of request.body) {
        size += chunk.byteLength;
        if (size > limit) break;
        chunks.push(chunk);
      }
    }
    if (chunks.length === 0) return null;
    const bytes = Buffer.concat(chunks);
    return bytes.toString(shouldBase64Encode(request.headers.get("content-type") ?? "") ? "base64" : "utf8");
  })(); /* fixed by src/local-supabase/netlify-function-body.ts */`;

/** The module's source with the body read as netlify serve reads it; throws if the statement moved. */
export function fixFunctionEventBody(source: string, url: string): string {
  if (source.includes(FIXED)) return source;
  if (!source.includes(BUGGY)) {
    throw new Error(`${url}: the statement that reads a function's body has changed; revisit src/local-supabase/netlify-function-body.ts (multipart bodies under npm run dev)`);
  }
  return source.replace(BUGGY, FIXED);
}

registerHooks({
  load(url, context, nextLoad) {
    const result = nextLoad(url, context);
    if (!MODULE.test(url) || result.source === undefined) return result;
    const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as Uint8Array).toString('utf8');
    return { ...result, source: fixFunctionEventBody(source, url) };
  },
});

// Small HTTP helpers shared by the functions: content negotiation and bounded body reading.
/** A request from our own script asks for JSON; a plain HTML form post does not. */
export function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

/**
 * Read a body of at most `limit` bytes, or null when it is larger (checked while streaming:
 * past the limit nothing more is kept; the rest is drained, the platform caps request sizes).
 */
export async function readBounded(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
  }
  if (size > limit) return null;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ReturnToForm {
  /** The page of the form. */
  href: string;
  /** The answers to post back to it, with the field that marks them as such. */
  fields: Array<[string, string]>;
}

/**
 * The answer to a plain HTML form post that failed: a short French page listing the errors,
 * with a way back to the form. With `back.fields`, the way back is a button that posts the
 * answers to the form's page, which shows them again (a person without JavaScript loses nothing);
 * without, a link (the browser's « Précédent » keeps what was typed).
 */
export function htmlErrorPage(status: number, title: string, messages: string[], back: ReturnToForm): Response {
  const items = messages.map((m) => `<li>${escapeHtml(m)}</li>`).join('');
  const way = back.fields.length > 0
    ? `<form method="post" action="${escapeHtml(back.href)}">`
      + back.fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('')
      + `<button type="submit">Revenir au formulaire avec mes réponses</button></form>`
      + `<p>Vos réponses y sont reprises ; un CV joint est à joindre de nouveau.</p>`
    : `<p><a href="${escapeHtml(back.href)}">Revenir au formulaire</a>. Avec le bouton « Précédent » du navigateur, vos réponses sont conservées.</p>`;
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}a{color:#1d4f91}`
    + `button{font:inherit;font-weight:700;background:#1d4f91;color:#fff;border:0;border-radius:6px;padding:.75rem 1.5rem;cursor:pointer}</style></head>`
    + `<body><main><h1>${escapeHtml(title)}</h1><ul>${items}</ul>${way}</main></body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

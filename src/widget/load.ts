// Reading /donnees/<territoire>.json from the site that serves the widget.
// One request per territory and page, shared by every widget of the page (an in-memory map:
// nothing is written to the host's storage, no cookie is sent). When the network fails, the
// browser's own HTTP cache is asked for the last copy it holds (`cache: 'force-cache'`), so a
// page seen before still shows the last published figures; otherwise a message.
// An unknown territory's file is a 404 that may come without the CORS header (the site's 404
// is not a static file under /donnees/), which the browser reports as a network failure: then
// the list of every territory's publications (/donnees/resultats.json) tells which it is.
import { parseOpenData, type OpenDataPublication } from './data.ts';

export type Loaded =
  | { status: 'ok'; publications: OpenDataPublication[]; fromCache: boolean }
  | { status: 'unknown' }
  | { status: 'invalid' }
  | { status: 'offline' };

const memory = new Map<string, Promise<Loaded>>();

async function read(response: Response): Promise<OpenDataPublication[] | null> {
  try {
    return parseOpenData(await response.json());
  } catch {
    return null;
  }
}

async function request(url: string, cache: RequestCache): Promise<Response | null> {
  try {
    return await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', cache });
  } catch {
    return null; // network failure, or the server refused the cross-origin read
  }
}

/** Whether the site publishes results for this territory; null when that cannot be read either. */
async function published(dataRoot: URL, slug: string): Promise<boolean | null> {
  const response = await request(new URL('resultats.json', dataRoot).href, 'default');
  const publications = response?.ok ? await read(response) : null;
  return publications ? publications.some((p) => p.territoire === slug) : null;
}

async function load(dataRoot: URL, slug: string, url: string): Promise<Loaded> {
  const response = await request(url, 'default');
  if (response?.status === 404) return { status: 'unknown' };
  if (response?.ok) {
    const publications = await read(response);
    return publications ? { status: 'ok', publications, fromCache: false } : { status: 'invalid' };
  }
  const cached = await request(url, 'force-cache');
  if (cached?.ok) {
    const publications = await read(cached);
    if (publications) return { status: 'ok', publications, fromCache: true };
  }
  if (response === null && (await published(dataRoot, slug)) === false) return { status: 'unknown' };
  return { status: 'offline' };
}

/** The publications of a territory; `dataRoot` is the site's /donnees/ URL. */
export function loadTerritory(dataRoot: URL, slug: string): Promise<Loaded> {
  const url = new URL(`${slug}.json`, dataRoot).href;
  let pending = memory.get(url);
  if (!pending) {
    pending = load(dataRoot, slug, url);
    memory.set(url, pending);
    // A failure is not kept: the next render tries again.
    void pending.then((result) => {
      if (result.status === 'offline' || (result.status === 'ok' && result.fromCache)) memory.delete(url);
    });
  }
  return pending;
}

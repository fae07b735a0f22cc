// A small local stand-in for the Supabase endpoints the app uses, so the unchanged supabase-js
// client works against the embedded database:
//   POST|GET|HEAD /rest/v1/rpc/<fn>   PostgREST's rpc (rest.ts; rows of a set: range.ts)
//   POST /auth/v1/token, GET /auth/v1/user, POST /auth/v1/logout,
//   POST /auth/v1/otp, POST /auth/v1/verify,
//   POST|GET /auth/v1/admin/users, POST /auth/v1/admin/generate_link Supabase Auth (auth.ts)
// Like Supabase's API gateway it requires an `apikey` and answers CORS preflights.
// PGlite has one connection and runs each query or transaction exclusively, so concurrent
// requests never interleave inside a transaction. Request bodies are never logged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authError, createUser, currentUser, generateLink, listUsers, logout, sendMagicLink, token, verifyMagicLink, type AuthRequest, type MailSettings } from './auth.ts';
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY, verifyJwt } from './jwt.ts';
import { jsonReply, ReplyError, type Reply } from './reply.ts';
import { postgrestError, rpc } from './rest.ts';
import { configuredMaxRows } from './range.ts';

export interface LocalSupabase {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  close(): Promise<void>;
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'apikey, authorization, content-type, x-client-info, x-supabase-api-version, prefer, content-profile, accept-profile, range',
  'access-control-expose-headers': 'content-range, x-supabase-api-version, x-sb-error-code',
  'access-control-max-age': '3600',
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON object of a body (empty: {}), or undefined when it is not one. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** GET rpc arguments: the query parameters PostgREST does not reserve for itself. */
function queryArguments(url: URL): Record<string, unknown> {
  const reserved = new Set(['apikey', 'select', 'order', 'limit', 'offset', 'columns']);
  return Object.fromEntries([...url.searchParams].filter(([name]) => !reserved.has(name)));
}

/** The gateway's key check: an apikey (header or query parameter) signed with the project's secret. */
function requireApiKey(request: IncomingMessage, url: URL): string {
  const header = request.headers.apikey;
  const apikey = (typeof header === 'string' ? header : undefined) ?? url.searchParams.get('apikey');
  if (!apikey) throw new ReplyError(jsonReply(401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' }));
  if (!verifyJwt(apikey).ok) throw new ReplyError(jsonReply(401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' }));
  return apikey;
}

async function route(db: PGlite, request: IncomingMessage, url: URL, baseUrl: string, mail: MailSettings,
  onRpc: ((name: string) => void) | undefined, maxRows: number | null): Promise<Reply> {
  const method = request.method ?? 'GET';
  const apikey = requireApiKey(request, url);
  const rpcPath = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(url.pathname);
  if (rpcPath?.[1]) {
    onRpc?.(safeDecode(rpcPath[1]));
    if (method !== 'POST' && method !== 'GET' && method !== 'HEAD') throw postgrestError(405, 'PGRST101', `Cannot use the ${method} method on RPC`);
    const args = method === 'POST' ? jsonObject(await readBody(request)) : queryArguments(url);
    if (!args) throw postgrestError(400, 'PGRST102', 'Empty or invalid json');
    const authorization = /^bearer\s+(.*)$/i.exec(request.headers.authorization ?? '');
    return rpc(db, {
      name: safeDecode(rpcPath[1]), args, method, path: url.pathname,
      token: authorization ? (authorization[1] ?? '').trim() : apikey, headers: request.headers, query: url.searchParams,
    }, { maxRows });
  }
  const auth: AuthRequest = { headers: request.headers, issuer: `${baseUrl}/auth/v1` };
  if (url.pathname === '/auth/v1/token' && method === 'POST') {
    const body = jsonObject(await readBody(request));
    if (!body) throw authError(auth, 400, 'bad_json', 'Could not parse request body as JSON');
    return token(db, auth, url.searchParams.get('grant_type'), body);
  }
  if (url.pathname === '/auth/v1/user' && method === 'GET') return currentUser(db, auth);
  if ((url.pathname === '/auth/v1/otp' || url.pathname === '/auth/v1/verify') && method === 'POST') {
    const body = jsonObject(await readBody(request));
    if (!body) throw authError(auth, 400, 'bad_json', 'Could not parse request body as JSON');
    return url.pathname === '/auth/v1/otp' ? sendMagicLink(db, auth, body, mail) : verifyMagicLink(db, auth, body);
  }
  if (url.pathname === '/auth/v1/logout' && method === 'POST') return logout(db, auth, url.searchParams.get('scope'));
  if (url.pathname === '/auth/v1/admin/users' && method === 'POST') return createUser(db, auth, jsonObject(await readBody(request)));
  if (url.pathname === '/auth/v1/admin/users' && method === 'GET') return listUsers(db, auth, url.searchParams);
  if (url.pathname === '/auth/v1/admin/generate_link' && method === 'POST') return generateLink(db, auth, jsonObject(await readBody(request)), mail);
  if (url.pathname.startsWith('/rest/v1/')) throw postgrestError(404, 'PGRST125', 'Invalid path specified in request URL');
  throw new ReplyError(jsonReply(404, { message: 'no Route matched with those values' }));
}

function send(response: ServerResponse, reply: Reply, head: boolean): void {
  const headers: Record<string, string> = { ...corsHeaders, ...reply.headers };
  if (reply.json !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  response.writeHead(reply.status, headers);
  response.end(head || reply.json === undefined ? undefined : reply.json);
}

/** The subject supabase/config.toml gives the magic-link e-mail (one source for both). */
function magicLinkSubject(): string {
  const config = readFileSync(fileURLToPath(new URL('../../supabase/config.toml', import.meta.url)), 'utf8');
  return /\[auth\.email\.template\.magic_link\]\s*subject\s*=\s*"([^"]+)"/.exec(config)?.[1] ?? 'Magic link';
}

/** Where magic-link e-mails go locally: the folder the app's local mailer writes (/dev/courriels/). */
function defaultMail(siteUrl: string | undefined): MailSettings {
  return {
    siteUrl: siteUrl ?? process.env.SITE_URL ?? 'http://localhost:4321',
    mailDir: fileURLToPath(new URL('../../.data/mail', import.meta.url)),
    templatePath: fileURLToPath(new URL('../../supabase/templates/magic-link.html', import.meta.url)),
    subject: magicLinkSubject(),
  };
}

export interface LocalSupabaseOptions {
  db: PGlite;
  port?: number;
  host?: string;
  /** The site magic links open (default SITE_URL, else http://localhost:4321). */
  siteUrl?: string;
  /** Told the name of each rpc requested (the bench counts a build's calls with it). */
  onRpc?: (name: string) => void;
  /** PostgREST's db-max-rows for the rows of a set (default: `[api] max_rows` of supabase/config.toml). */
  maxRows?: number | null;
}

export async function startLocalSupabase({ db, port = 0, host = '127.0.0.1', siteUrl, onRpc, maxRows = configuredMaxRows() }: LocalSupabaseOptions): Promise<LocalSupabase> {
  const mail = defaultMail(siteUrl);
  let baseUrl = '';
  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS') {
      send(response, { status: 204 }, true);
      return;
    }
    const head = request.method === 'HEAD';
    Promise.resolve()
      .then(() => route(db, request, new URL(request.url ?? '/', baseUrl), baseUrl, mail, onRpc, maxRows))
      .then((reply) => send(response, reply, head), (error: unknown) => {
        if (error instanceof ReplyError) return send(response, error.reply, head);
        // A fault of the stand-in itself: the message only, never the request.
        console.error(`local-supabase: ${error instanceof Error ? error.message : String(error)}`);
        send(response, jsonReply(500, { code: 'XX000', details: null, hint: null, message: 'local Supabase stand-in error' }), head);
      })
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url: baseUrl,
    anonKey: LOCAL_ANON_KEY,
    serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

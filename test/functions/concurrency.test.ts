// 200 parallel submissions, half of them replays, over HTTP to the candidature handler served
// by a plain node:http server on loopback, against the embedded database: exactly the expected
// rows, zero 5xx, zero acknowledged submission lost.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import handler from '../../netlify/functions/candidatures.mts';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { aCandidatureForm } from './candidature-form.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let server: Server;
let url: string;

beforeAll(async () => {
  local = await useLocalSupabase();
  server = createServer((req, res) => {
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])),
      body: req.method === 'POST' ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: 'half',
    } as RequestInit);
    void handler(request).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    }, () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/candidatures`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await local.close();
});

it('200 parallel submissions, half of them replays: 100 rows, every one answered, no 5xx', async () => {
  const offerId = (await local.db.query<{ id: string }>(`select id from app.job_offers where status = 'published' limit 1`)).rows[0]!.id;
  const count = async () => (await local.db.query<{ n: number }>(`select count(*)::int as n from app.candidatures`)).rows[0]!.n;
  const before = await count();
  const keys = Array.from({ length: 100 }, () => crypto.randomUUID());
  const submissions = [...keys, ...keys].map((key, i) => ({ key, i: i % 100 }));
  const responses = await Promise.all(submissions.map(async ({ key, i }) => {
    const response = await fetch(url, {
      method: 'POST',
      body: aCandidatureForm({ idempotency_key: key, job_offer_id: offerId, last_name: `Démo-Parallèle-${i}` }),
      headers: { accept: 'application/json' },
    });
    return { status: response.status, reference: (await response.json() as { reference?: string }).reference };
  }));
  expect(responses.filter((r) => r.status >= 500)).toEqual([]);
  expect(responses.filter((r) => r.status === 201)).toHaveLength(100);
  expect(responses.filter((r) => r.status === 200)).toHaveLength(100);
  const acknowledged = new Set(responses.map((r) => r.reference));
  expect(acknowledged.size).toBe(100);
  expect(await count()).toBe(before + 100);
  const stored = await local.db.query(`select 1 from app.candidatures where reference = any($1::text[])`, [[...acknowledged]]);
  expect(stored.rows).toHaveLength(100);
});

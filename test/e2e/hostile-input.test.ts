// Hostile input through the transports people and robots use: the application form's function
// (/api/candidatures, its handler called as Netlify runs it) and, on the production build, the
// partner forms (Astro Actions) for the monthly declaration, a new market and the territory's settings; the
// declaration's rpc (save_month_declaration) also straight through the API, with JSON values no
// form can send. One table of values, sent in each field with the other fields valid. Each
// field says which values it takes (then stored exactly as typed, trimmed) — every other one
// must be refused with a French 4xx, write nothing, and leave the next request served normally.
// The partner forms are posted to the production build's SSR function (the one `netlify serve`
// runs, built by the e2e global setup), called in this process with its Request: netlify serve
// starts a fresh invocation per request (half a second each), too slow for 3,000 posts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { launchBrowser, signInAsDemo } from './browser.ts';
import { sql } from './sql.ts';
import { markets, offers, organisations, territories } from '../support/seed.ts';
import { aCandidatureForm } from '../functions/candidature-form.ts';
import candidatureHandler from '../../netlify/functions/candidatures.mts';
import { resetServerEnv } from '../../src/server/env.ts';
import { dbErrorKeys, fromDbError } from '../../src/server/errors.ts';
import { FIELDS_TO_CORRECT } from '../../src/server/action-errors.ts';
import { DEMO_PASSWORD } from '../../src/local-supabase/demo.ts';

const baseUrl = inject('baseUrl');

// --- The values ---------------------------------------------------------------------------

/** What a value is, for the fields' rules: text a person could type, or not. */
type Tag = 'empty' | 'blank' | 'huge' | 'unreadable' | 'linebreak';
interface Hostile { label: string; value: string; tags?: Tag[] }

const hostileValues: Hostile[] = [
  { label: 'empty', value: '', tags: ['empty'] },
  { label: 'blank', value: '   ', tags: ['blank'] },
  { label: '1 MB of text', value: 'a'.repeat(1_000_000), tags: ['huge'] },
  { label: 'NUL', value: '\u0000', tags: ['unreadable'] },
  { label: 'NUL inside', value: 'a\u0000b', tags: ['unreadable'] },
  { label: 'lone high surrogate', value: '\uD800', tags: ['unreadable'] },
  { label: 'lone low surrogate inside', value: 'x\uDFFFy', tags: ['unreadable'] },
  { label: 'replacement character', value: 'x\uFFFDy', tags: ['unreadable'] },
  { label: 'control characters', value: 'a\u0001\u0007\u001bb', tags: ['unreadable'] },
  { label: 'DEL and C1', value: 'a\u007f\u0085b', tags: ['unreadable'] },
  { label: 'right-to-left override', value: 'abc\u202Egpj.exe', tags: ['unreadable'] },
  { label: 'line breaks', value: 'a\r\nb\nc', tags: ['linebreak'] },
  { label: 'tab', value: 'a\tb', tags: ['linebreak'] },
  { label: 'zero-width spaces', value: 'Lé\u200Ba' },
  { label: 'emoji with joiners', value: 'Équipe 👷‍♀️ 🏗️' },
  { label: 'combining accents', value: 'Noe\u0308l Zoe\u0301' },
  { label: 'HTML', value: '<script>alert(1)</script>' },
  { label: 'SQL', value: "'; drop table app.markets; --" },
  { label: 'template', value: '${process.env}' },
  { label: 'percent-encoded NUL', value: '%00' },
  { label: 'path', value: '../../etc/passwd' },
  { label: '1e309', value: '1e309' },
  { label: 'NaN', value: 'NaN' },
  { label: 'Infinity', value: 'Infinity' },
  { label: '-1', value: '-1' },
  { label: '1.5e10', value: '1.5e10' },
  { label: 'hexadecimal', value: '0x10' },
  { label: '400 digits', value: '9'.repeat(400) },
  { label: '20 digits', value: '99999999999999999999' },
  { label: '41 decimals', value: `0,${'0'.repeat(40)}1` },
  { label: '30 February', value: '2026-02-30' },
  { label: 'date zero', value: '0000-00-00' },
  { label: 'year zero', value: '0000-01-01' },
  { label: 'month of year zero', value: '0000-01' },
  { label: 'year 275760', value: '275760-09-13' },
  { label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
  { label: 'not a uuid', value: 'not-a-uuid' },
  { label: 'uuid in braces', value: `{${territories.alpes}}` },
  { label: 'other territory', value: territories.alpes },
  { label: 'other territory’s buyer', value: organisations.buyerOisans },
  { label: 'other territory’s SIAE', value: organisations.siaeAlpes },
  { label: 'other territory’s market', value: markets.alpesEspacesNaturels },
  { label: 'other company’s market', value: markets.penlyLot2 },
  { label: 'JSON object', value: '{"a":1}' },
  { label: 'JSON array', value: '["x"]' },
  { label: 'true', value: 'true' },
];

// --- The fields' rules --------------------------------------------------------------------

/** What a field does with a value: refuse it, or store it (the value the database then holds). */
type Outcome = { refused: true } | { stored: string | null };
type Rule = (h: Hostile) => Outcome;
const refused: Outcome = { refused: true };
const has = (h: Hostile, tag: Tag): boolean => (h.tags ?? []).includes(tag);

/** Free text: stored trimmed, empty as null (or ''), unless unreadable, too long, or a line break in a one-line field. */
const text = ({ max, min = 1, required = false, multiline = false }: { max: number; min?: number; required?: boolean; multiline?: boolean }): Rule => (h) => {
  if (has(h, 'unreadable') || (has(h, 'linebreak') && !multiline)) return refused;
  const trimmed = h.value.trim();
  if (trimmed.length > max || (trimmed !== '' && trimmed.length < min)) return refused;
  if (trimmed === '') return required ? refused : { stored: null };
  return { stored: trimmed };
};
/** A coded field (an id, a choice, a number, a date): only the listed values are taken. */
const only = (taken: Record<string, string | null> = {}): Rule => (h) => (Object.hasOwn(taken, h.label) ? { stored: taken[h.label]! } : refused);

// --- Transport ----------------------------------------------------------------------------

/**
 * A urlencoded body as a robot may send it: a lone surrogate goes as its three bytes (WTF-8),
 * not as the U+FFFD a browser would put there, so the server meets the bytes themselves.
 */
function encodeForm(fields: Record<string, string | string[]>): string {
  const encode = (value: string): string => {
    let out = '';
    for (const ch of value) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0xd800 && cp <= 0xdfff) {
        out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      } else out += encodeURIComponent(ch);
    }
    return out;
  };
  return Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${encode(name)}=${encode(v)}`)).join('&');
}

/** Every French message a refusal may carry: the forms' headline and each database error's. */
const frenchRefusals = new Set([
  FIELDS_TO_CORRECT,
  ...dbErrorKeys.map((key) => fromDbError({ hint: key }).message),
  ...['42501', 'P0002', 'PT404', 'PT409', '23505', '23503', '22000', '23000', 'PGRST100'].map((code) => fromDbError({ code }).message),
]);

/** A sentence of ours: French words, no technical ones. */
function isFrenchSentence(message: string): boolean {
  return /[.…)]$/.test(message) && !/error|invalid|unexpected|sqlstate|syntax|null|undefined/i.test(message)
    && (/[À-ÿ’]/.test(message) || /\b(le|la|les|de|des|du|un|une|est|votre|vous|au|ce|cette|en|pour|ou)\b/i.test(message));
}

/** The partner page's alert (role="alert"), as text. */
function alertText(html: string): string {
  const match = /<(\w+)[^>]*role="alert"[^>]*>([\s\S]*?)<\/\1>/.exec(html);
  return (match?.[2] ?? '').replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&rsquo;/g, '’').replace(/\s+/g, ' ').trim();
}

/** Runs `tasks` with at most `width` at once. */
async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

let browser: Browser;
type Handler = (request: Request, context: unknown) => Promise<Response>;
let ssr: Handler;
// What the SSR function reads of Netlify's context when it answers a page or an action.
const netlifyContext = {
  ip: '127.0.0.1', requestId: 'hostile-input', geo: {}, params: {}, account: {}, deploy: {}, server: {}, site: { url: baseUrl },
  cookies: { get: () => undefined, set: () => undefined, delete: () => undefined }, waitUntil: () => undefined,
  next: () => Promise.resolve(new Response(null, { status: 404 })),
};
beforeAll(async () => {
  // The server code of this process and the built SSR function talk to the served site's database.
  process.env.SUPABASE_URL = inject('supabaseUrl');
  process.env.SUPABASE_ANON_KEY = inject('anonKey');
  process.env.SUPABASE_SERVICE_ROLE_KEY = inject('serviceRoleKey');
  resetServerEnv();
  ssr = ((await import(/* @vite-ignore */ inject('ssrModule'))) as { default: Handler }).default;
  browser = await launchBrowser();
});
afterAll(async () => { await browser?.close(); });

/** The session cookie of a demo account, for requests sent without a browser. */
async function cookieOf(email: string): Promise<string> {
  const { context } = await signInAsDemo(browser, baseUrl, email);
  const cookies = await context.cookies();
  await context.close();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

interface FormAnswer { status: number; location: string | null; alert: string; body: string }

async function postPartnerForm(path: string, action: string, cookie: string, fields: Record<string, string>, raw?: string): Promise<FormAnswer> {
  const separator = path.includes('?') ? '&' : '?';
  const response = await ssr(new Request(`${baseUrl}${path}${separator}_action=${action}`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: raw ?? encodeForm(fields),
  }), netlifyContext);
  const body = await response.text();
  return { status: response.status, location: response.headers.get('location'), alert: alertText(body), body };
}

/** A refused form: a 4xx, and the page's alert is one of our French messages. */
function expectFrenchRefusal(answer: FormAnswer, what: string): void {
  expect.soft(answer.status, `${what}: status`).toBeGreaterThanOrEqual(400);
  expect.soft(answer.status, `${what}: status`).toBeLessThan(500);
  // The page's alert: a headline of ours (« Certains champs sont à corriger. », a database error's
  // message) or the field's own message — French, never the « service indisponible » of an unknown error.
  const known = [...frenchRefusals].some((m) => answer.alert.startsWith(m));
  expect.soft(known || isFrenchSentence(answer.alert) ? 'French' : answer.alert, `${what}: message`).toBe('French');
  expect.soft(answer.alert, `${what}: message`).not.toContain('momentanément indisponible');
}

interface FormCase { field: string; hostile: Hostile; outcome: Outcome }

function casesOf(rules: Record<string, Rule>): { refusals: FormCase[]; acceptances: FormCase[] } {
  const all = Object.entries(rules).flatMap(([field, rule]) => hostileValues.map((hostile) => ({ field, hostile, outcome: rule(hostile) })));
  return { refusals: all.filter((c) => 'refused' in c.outcome), acceptances: all.filter((c) => !('refused' in c.outcome)) };
}

const label = (c: FormCase): string => `${c.field} = ${c.hostile.label}`;

/**
 * The refusals of one form, several at once: each a French 4xx; then the table's snapshot is
 * unchanged (nothing written), and the valid form is served normally.
 */
async function refusalsOf(cases: FormCase[], send: (c: FormCase) => Promise<void>, snapshot: () => Promise<unknown>, valid: () => Promise<void>): Promise<void> {
  expect(hostileValues.length).toBeGreaterThanOrEqual(30); // per field, as issue 15 asks
  const before = await snapshot();
  await inParallel(cases, 6, send);
  expect(await snapshot()).toEqual(before);
  await valid();
}

// --- The application form (netlify/functions/candidatures.mts) ------------------------------

describe('the application form', () => {
  const base = { job_offer_id: offers.penlyLot1 };
  const prescriber = { mode: 'prescriber', prescriber_organisation: 'Mission locale (démo)', prescriber_name: 'Conseiller Démo', prescriber_email: 'conseiller@demo.test' };
  // The field, the other fields it is sent with, and its column.
  const fields: Record<string, { rule: Rule; with?: Record<string, string>; column?: string }> = {
    idempotency_key: { rule: only() },
    mode: { rule: only() },
    job_offer_id: { rule: only() },
    territory: { rule: only(), with: { job_offer_id: '' } },
    first_name: { rule: text({ max: 100, required: true }), column: 'first_name' },
    last_name: { rule: text({ max: 100, required: true }), column: 'last_name' },
    email: { rule: only({ empty: null }), column: 'email' },
    phone: { rule: only({ empty: null, blank: null, '20 digits': '99999999999999999999', '30 February': '2026-02-30', 'date zero': '0000-00-00', 'year zero': '0000-01-01', 'year 275760': '275760-09-13' }), column: 'phone' },
    commune: { rule: text({ max: 100, required: true }), column: 'commune' },
    eligibility: { rule: only() },
    availability: { rule: text({ max: 200 }), column: 'availability' },
    mobility: { rule: only() },
    message: { rule: text({ max: 2000, multiline: true }), column: 'message' },
    prescriber_organisation: { rule: text({ max: 150, required: true }), with: prescriber, column: 'prescriber_organisation_name' },
    prescriber_name: { rule: text({ max: 150, required: true }), with: prescriber, column: 'prescriber_name' },
    prescriber_email: { rule: only(), with: prescriber },
    notice_acknowledged: { rule: only() },
    website: { rule: only({ empty: null }) },
    started_at: { rule: only() },
  };
  const { refusals, acceptances } = casesOf(Object.fromEntries(Object.entries(fields).map(([f, spec]) => [f, spec.rule])));

  const submit = async (overrides: Record<string, string>): Promise<{ status: number; body: { reference?: string; error?: { message: string }; fields?: Record<string, string> } }> => {
    // The builder's fields, sent urlencoded as a robot may (see encodeForm).
    const fields: Record<string, string[]> = {};
    for (const [name, value] of aCandidatureForm({ ...base })) if (typeof value === 'string') (fields[name] ??= []).push(value);
    for (const [name, value] of Object.entries(overrides)) fields[name] = [value];
    const response = await candidatureHandler(new Request(`${baseUrl}/api/candidatures`, {
      method: 'POST', body: encodeForm(fields), headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    }));
    return { status: response.status, body: await response.json() as never };
  };
  const count = async (): Promise<unknown> => sql(`select count(*)::int as n from app.candidatures`);
  const validOne = async (): Promise<void> => {
    const answer = await submit({});
    expect(answer.status).toBe(201);
  };

  it(`refuses ${refusals.length} hostile values in French, stores nothing, then takes a valid one`, async () => {
    await refusalsOf(refusals, async (c) => {
      const answer = await submit({ ...fields[c.field]!.with, [c.field]: c.hostile.value });
      expect.soft(answer.status, `${label(c)}: status`).toBeGreaterThanOrEqual(400);
      expect.soft(answer.status, `${label(c)}: status`).toBeLessThan(500);
      const message = answer.body.fields?.[c.field] ?? answer.body.error?.message ?? '';
      expect.soft(isFrenchSentence(message), `${label(c)}: French message, got ${message}`).toBe(true);
    }, count, validOne);
  });

  it(`stores the ${acceptances.length} values a field may take exactly as typed (trimmed)`, async () => {
    for (const c of acceptances) {
      const answer = await submit({ ...fields[c.field]!.with, [c.field]: c.hostile.value });
      expect.soft(answer.status, `${label(c)}: status`).toBe(201);
      const column = fields[c.field]!.column;
      if (!column || !answer.body.reference) continue;
      const [row] = await sql<{ v: string | null }>(`select ${column} as v from app.candidatures where reference = $1`, [answer.body.reference]);
      expect.soft(row?.v, label(c)).toBe(('stored' in c.outcome) ? c.outcome.stored : undefined);
    }
    await validOne();
  });

  it('a body over the limit: a French 413, nothing stored, the next one served', async () => {
    const before = await count();
    const answer = await submit({ message: 'a'.repeat(5_600_000) });
    expect(answer.status).toBe(413);
    expect(answer.body.error?.message).toBe('L’envoi est trop volumineux : le CV ne doit pas dépasser 5 Mo.');
    expect(await count()).toEqual(before);
    await validOne();
  });
});

// --- The partner forms (Astro Actions) -----------------------------------------------------

describe('a new market (markets.create)', () => {
  let cookie: string;
  beforeAll(async () => { cookie = await cookieOf('facilitateur@demo.test'); });
  const valid: Record<string, string> = {
    territory: 'dieppe-maritime', title: 'Marché de test hostile', buyer_id: organisations.buyerEpr2, company_id: organisations.companyA,
    clause_type: 'execution_condition', estimated_amount_ht: '100 000', labour_share: '40', insertion_rate: '5', hourly_cost: '30',
    hours_due: '', starts_on: '2026-01-01', ends_on: '2026-12-31',
  };
  const rules: Record<string, Rule> = {
    territory: only(), title: text({ max: 300, min: 3, required: true }), buyer_id: only(), company_id: only({ empty: null }),
    clause_type: only(), estimated_amount_ht: only(), labour_share: only(), insertion_rate: only(), hourly_cost: only(),
    // Left empty, the hours due are computed (100 000 × 40 % × 5 % / 30 = 66 h).
    hours_due: only({ empty: '66.00', blank: '66.00' }),
    starts_on: only({ empty: null }), ends_on: only({ empty: null }),
  };
  const columns: Record<string, string> = { title: 'title', company_id: 'company_id::text', hours_due: 'hours_due::text', starts_on: 'starts_on::text', ends_on: 'ends_on::text' };
  const { refusals, acceptances } = casesOf(rules);
  const send = (fields: Record<string, string>): Promise<FormAnswer> => postPartnerForm('/espace/marches/', 'markets.create', cookie, fields);
  const snapshot = async (): Promise<unknown> => sql(`select count(*)::int as markets, (select count(*)::int from app.audit_log) as log from app.markets`);
  const validOne = async (): Promise<void> => {
    const answer = await send(valid);
    expect(answer.status).toBe(303);
  };

  it(`refuses ${refusals.length} hostile values in French, writes nothing, then takes a valid one`, async () => {
    await refusalsOf(refusals, async (c) => expectFrenchRefusal(await send({ ...valid, [c.field]: c.hostile.value }), label(c)), snapshot, validOne);
  });

  it(`stores the ${acceptances.length} values a field may take exactly as typed (trimmed)`, async () => {
    for (const c of acceptances) {
      const answer = await send({ ...valid, title: c.field === 'title' ? c.hostile.value : `Marché ${c.field} ${c.hostile.label}`, [c.field]: c.hostile.value });
      expect.soft(answer.status, `${label(c)}: status`).toBe(303);
      const [row] = await sql<{ v: string | null }>(`select ${columns[c.field]} as v from app.markets order by created_at desc limit 1`);
      expect.soft(row?.v, label(c)).toBe('stored' in c.outcome ? c.outcome.stored : undefined);
    }
  });

  it('a body of 5 MB: a French 4xx, nothing written, the next one served', async () => {
    const before = await snapshot();
    expectFrenchRefusal(await send({ ...valid, title: 'x'.repeat(5_000_000) }), '5 MB title');
    expect(await snapshot()).toEqual(before);
    await validOne();
  });
});

describe('the territory’s settings (territory.saveSettings)', () => {
  let cookie: string;
  let before: unknown;
  // The settings as the seed left them, put back afterwards: a later rebuild of the site (another
  // file publishes) must show the demo's contact, not this test's.
  const columns = ['description', 'facilitator_contact_name', 'facilitator_contact_email', 'facilitator_contact_phone', 'logo_url', 'color_primary',
    'color_accent', 'disclosure_threshold', 'company_min_count', 'company_max_share', 'candidature_expiry_days', 'parcours_max_months',
    'subcontracting_labour_share', 'subcontracting_hourly_cost', 'cdi_counted_months', 'residence_required', 'qpv_priority',
    'validate_unchecked_eligibility', 'retention_candidate_months', 'retention_participant_months', 'retention_log_months'].join(', ');
  beforeAll(async () => {
    cookie = await cookieOf('facilitateur@demo.test');
    [{ row: before }] = await sql<{ row: unknown }>(`select to_jsonb(t) as row from app.territories t where id = $1`, [territories.dieppe]) as [{ row: unknown }];
  });
  afterAll(async () => {
    await sql(`update app.territories set (${columns}) = (select ${columns} from jsonb_populate_record(null::app.territories, $2::jsonb)) where id = $1`,
      [territories.dieppe, JSON.stringify(before)]);
  });
  const valid: Record<string, string> = {
    territory_id: territories.dieppe, description: 'Présentation du territoire.', facilitator_contact_name: 'Service clauses',
    facilitator_contact_email: 'clauses@dieppe.test', facilitator_contact_phone: '02 35 00 00 00', logo_url: '', color_primary: '#0b5563',
    color_accent: '#a3361b', disclosure_threshold: '11', company_min_count: '3', company_max_share: '85', candidature_expiry_days: '90',
    parcours_max_months: '24', subcontracting_labour_share: '50', subcontracting_hourly_cost: '30', cdi_counted_months: '12',
    qpv_priority: 'on', retention_candidate_months: '24', retention_participant_months: '24', retention_log_months: '12',
  };
  const clearable = { empty: null, blank: null };
  const rules: Record<string, Rule> = {
    territory_id: only(),
    description: text({ max: 2000, multiline: true }),
    facilitator_contact_name: text({ max: 120 }),
    facilitator_contact_email: only({ empty: null }),
    // Digits, spaces, dots, dashes, + and brackets, 6 to 15 digits: these dates are such numbers.
    facilitator_contact_phone: only({ ...clearable, 'month of year zero': '0000-01', '30 February': '2026-02-30', 'date zero': '0000-00-00', 'year zero': '0000-01-01', 'year 275760': '275760-09-13' }),
    logo_url: only(clearable), color_primary: only(clearable), color_accent: only(clearable),
    disclosure_threshold: only(), company_min_count: only(), company_max_share: only(), candidature_expiry_days: only(),
    parcours_max_months: only(), subcontracting_labour_share: only(), subcontracting_hourly_cost: only(), cdi_counted_months: only(),
    residence_required: only(), qpv_priority: only(), validate_unchecked_eligibility: only(),
    retention_candidate_months: only(), retention_participant_months: only(), retention_log_months: only(),
  };
  const { refusals, acceptances } = casesOf(rules);
  const send = (fields: Record<string, string>): Promise<FormAnswer> =>
    postPartnerForm(`/espace/parametres/?territoire=${territories.dieppe}`, 'territory.saveSettings', cookie, fields);
  const snapshot = async (): Promise<unknown> => sql(`select to_jsonb(t) - 'updated_at' as row, (select count(*)::int from app.audit_log) as log from app.territories t order by id`);
  const validOne = async (): Promise<void> => {
    const answer = await send(valid);
    expect(answer.status).toBe(303);
  };

  it(`refuses ${refusals.length} hostile values in French, writes nothing, then takes a valid one`, async () => {
    await validOne(); // the row as the valid form leaves it, so that a refusal has nothing to change
    await refusalsOf(refusals, async (c) => expectFrenchRefusal(await send({ ...valid, [c.field]: c.hostile.value }), label(c)), snapshot, validOne);
  });

  it(`stores the ${acceptances.length} values a field may take exactly as typed (trimmed)`, async () => {
    for (const c of acceptances) {
      const answer = await send({ ...valid, [c.field]: c.hostile.value });
      expect.soft(answer.status, `${label(c)}: status`).toBe(303);
      const [row] = await sql<{ v: string | null }>(`select nullif(${c.field}, '') as v from app.territories where id = $1`, [territories.dieppe]);
      expect.soft(row?.v, label(c)).toBe('stored' in c.outcome ? c.outcome.stored : undefined);
    }
    await validOne();
  });

  it('a body of 5 MB: a French 4xx, nothing written, the next one served', async () => {
    const before = await snapshot();
    expectFrenchRefusal(await send({ ...valid, description: 'x'.repeat(5_000_000) }), '5 MB description');
    expect(await snapshot()).toEqual(before);
    await validOne();
  });
});

describe('the monthly declaration (declarations.saveMonth, and its rpc)', () => {
  let cookie: string;
  let participant: string;
  let siae: string;
  let month: string;
  beforeAll(async () => {
    cookie = await cookieOf('entreprise@demo.test');
    // A person of company A's market (one with hours there: public.market_participants), and a past month with no line of theirs yet.
    const [row] = await sql<{ participant: string; month: string }>(`
      select a.participant_id::text as participant, to_char(m, 'YYYY-MM') as month
      from (select distinct market_id, participant_id from app.hour_declarations) a, generate_series(date '2026-01-01', date '2026-11-01', interval '1 month') m
      where a.market_id = $1 and not exists (select 1 from app.hour_declarations h where h.market_id = a.market_id and h.participant_id = a.participant_id and h.month = m::date)
      order by m desc, a.participant_id limit 1`, [markets.penlyLot1]);
    participant = row!.participant;
    month = row!.month;
    siae = organisations.siaeLittoral;
  });
  const path = (): string => `/espace/declarer/?marche=${markets.penlyLot1}&mois=${month}`;
  const hoursLine = (): Record<string, string> => ({ market_id: markets.penlyLot1, month, action: 'draft', [`mode_${participant}`]: 'direct_hire', [`hours_${participant}`]: '35' });
  const amountLine = (): Record<string, string> => ({ market_id: markets.penlyLot1, month, action: 'draft', [`mode_${participant}`]: 'subcontracting', [`amount_${participant}`]: '1 200', [`siae_${participant}`]: siae });
  // The form's fields, each with the line it is sent in (`<id>` stands for the participant's id).
  const fields: Record<string, { rule: Rule; line: () => Record<string, string> }> = {
    market_id: { rule: only(), line: hoursLine },
    month: { rule: only(), line: hoursLine },
    'mode_<id>': { rule: only(), line: hoursLine },
    'hours_<id>': { rule: only(), line: hoursLine },
    'amount_<id>': { rule: only(), line: amountLine },
    // No line of this month names an SIAE yet, so no value may be left empty (a re-save naming none keeps the line's SIAE).
    'siae_<id>': { rule: only(), line: amountLine },
  };
  const { refusals } = casesOf(Object.fromEntries(Object.entries(fields).map(([f, spec]) => [f, spec.rule])));
  const name = (field: string): string => field.replace('<id>', participant);
  const send = (fields: Record<string, string>): Promise<FormAnswer> => postPartnerForm(path(), 'declarations.saveMonth', cookie, fields);
  const snapshot = async (): Promise<unknown> => sql(`select count(*)::int as lines, (select count(*)::int from app.audit_log) as log, (select count(*)::int from app.outbox) as mails from app.hour_declarations`);
  const validOne = async (): Promise<void> => {
    const answer = await send(hoursLine());
    expect(answer.status).toBe(303);
    expect(answer.location).toContain('ok=brouillon');
  };

  it(`refuses ${refusals.length} hostile values in French, writes nothing, then takes a valid one`, async () => {
    await refusalsOf(refusals, async (c) => expectFrenchRefusal(await send({ ...fields[c.field]!.line(), [name(c.field)]: c.hostile.value }), label(c)), snapshot, validOne);
  });

  it('the button’s value: anything but « submit » saves a draft', async () => {
    for (const h of hostileValues.filter((v) => !has(v, 'huge'))) {
      const answer = await send({ ...hoursLine(), action: h.value });
      expect.soft(answer.status, `action = ${h.label}`).toBe(303);
      expect.soft(answer.location, `action = ${h.label}`).toContain('ok=brouillon');
    }
    const [line] = await sql<{ status: string; hours: string }>(`select status, hours::text from app.hour_declarations where market_id = $1 and participant_id = $2 and month = $3`, [markets.penlyLot1, participant, `${month}-01`]);
    expect(line).toEqual({ status: 'draft', hours: '35.00' });
  });

  it('a body of 5 MB: a French 4xx, nothing written, the next one served', async () => {
    const before = await snapshot();
    expectFrenchRefusal(await send({ ...hoursLine(), [`hours_${participant}`]: '1'.repeat(5_000_000) }), '5 MB hours');
    expect(await snapshot()).toEqual(before);
    await validOne();
  });

  describe('the rpc straight through the API, with what JSON can carry', () => {
    let company: SupabaseClient;
    beforeAll(async () => {
      company = createClient(inject('supabaseUrl'), inject('anonKey'), { auth: { persistSession: false, autoRefreshToken: false } });
      const { error } = await company.auth.signInWithPassword({ email: 'entreprise@demo.test', password: DEMO_PASSWORD });
      expect(error).toBeNull();
    });
    // JSON values beyond strings: numbers, null, booleans, arrays and objects where a string or a number is expected.
    const jsonValues: Array<[string, unknown]> = [
      ...hostileValues.filter((h) => !has(h, 'huge')).map((h): [string, unknown] => [h.label, h.value]),
      ['null', null], ['false', false], ['number 0', 0], ['number -5', -5], ['number 1e300', 1e300], ['array', ['a']], ['object', { a: 1 }],
      ['nested NUL', { v: '\u0000' }],
    ];
    const validLine = (): Record<string, unknown> => ({ participant_id: participant, realisation_mode: 'direct_hire', hours: 35 });
    const lineFields = ['participant_id', 'realisation_mode', 'hours', 'invoiced_amount_ht', 'employer_id'];

    it(`refuses ${lineFields.length * jsonValues.length} hostile line values with a 4xx mapped to French, writes nothing`, async () => {
      const before = await snapshot();
      const cases = lineFields.flatMap((field) => jsonValues.map(([what, value]) => ({ field, what, value })))
        // A number of hours in range is a valid line; these are not hostile for that key.
        .filter((c) => !(c.field === 'hours' && (c.value === 0)))
        // invoiced_amount_ht and employer_id are ignored on a direct hire line unless hostile: send them on a sub-contracting line.
        .map((c) => ({ ...c, line: ['invoiced_amount_ht', 'employer_id'].includes(c.field)
          ? { participant_id: participant, realisation_mode: 'subcontracting', invoiced_amount_ht: 1200, employer_id: siae, hours: 0, [c.field]: c.value }
          : { ...validLine(), [c.field]: c.value } }));
      await inParallel(cases, 6, async (c) => {
        const { error, status } = await company.rpc('save_month_declaration', { p_market_id: markets.penlyLot1, p_month: `${month}-01`, p_lines: [c.line] });
        const what = `${c.field} = ${c.what}`;
        if (!error) {
          // Only values that are a valid line anyway may pass: none of these.
          expect.soft(error, `${what}: accepted`).not.toBeNull();
          return;
        }
        expect.soft(status, `${what}: status`).toBeGreaterThanOrEqual(400);
        expect.soft(status, `${what}: status`).toBeLessThan(500);
        expect.soft(fromDbError(error).status, `${what}: mapped`).toBeLessThan(500);
      });
      expect(await snapshot()).toEqual(before);
      await validOne();
    });

    it.each<[string, Record<string, unknown>]>([
      ['p_lines an object', { p_lines: { participant_id: participant } }],
      ['p_lines a string', { p_lines: 'lines' }],
      ['p_lines null', { p_lines: null }],
      ['p_month a number', { p_month: 202611 }],
      ['p_month year zero', { p_month: '0000-01-01' }],
      ['p_month with NUL', { p_month: '2026-11-01\u0000' }],
      ['p_market_id another territory’s', { p_market_id: markets.alpesEspacesNaturels }],
      ['p_market_id not a uuid', { p_market_id: 'x' }],
      ['p_submit a string', { p_submit: 'yes please' }],
    ])('%s: a 4xx mapped to French, nothing written', async (_, args) => {
      const before = await snapshot();
      const { error, status } = await company.rpc('save_month_declaration', { p_market_id: markets.penlyLot1, p_month: `${month}-01`, p_lines: [validLine()], ...args });
      expect(error).not.toBeNull();
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(fromDbError(error!).status).toBeLessThan(500);
      expect(await snapshot()).toEqual(before);
    });
  });
});

// src/server/accounts.ts against the embedded database behind the local Supabase stand-in (no
// mocks): the facilitator's rights are checked before any account is created; a new address gets
// a confirmed account without password and the membership, and can ask for a sign-in link; an
// address that has an account keeps it. No e-mail address is ever logged.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { addMemberByEmail } from '../../src/server/accounts.ts';
import type { Db } from '../../src/server/supabase.ts';
import { organisations, users } from '../support/seed.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: Db;
let facilitatorAlpes: Db;
let company: Db;

beforeAll(async () => {
  local = await useLocalSupabase();
  // The pages hold typed clients (src/server/supabase.ts); the test clients are the same supabase-js.
  const typed = (client: SupabaseClient) => client as unknown as Db;
  facilitatorDieppe = typed(await local.signIn('facilitateur@demo.test'));
  facilitatorAlpes = typed(await local.signIn('facilitateur.alpes@demo.test'));
  company = typed(await local.signIn('entreprise@demo.test'));
});
afterAll(async () => { await local.close(); });

const companyB = organisations.companyB; // Génie civil de la Côte (démo), Dieppe-Maritime
const buyerUser = users.buyer; // acheteur@demo.test

// Every console output of the module under test, to check no address is written.
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); });
  }
});
afterEach(() => { vi.restoreAllMocks(); });

async function accounts(): Promise<number> {
  return (await local.db.query<{ n: number }>(`select count(*)::int as n from auth.users`)).rows[0]!.n;
}

async function accountsWith(email: string): Promise<Array<{ id: string; confirmed: boolean; display_name: string | null; has_password: boolean }>> {
  return (await local.db.query<{ id: string; confirmed: boolean; display_name: string | null; has_password: boolean }>(`
    select id, email_confirmed_at is not null as confirmed, raw_user_meta_data ->> 'display_name' as display_name,
           coalesce(encrypted_password, '') <> '' as has_password
    from auth.users where lower(email) = lower($1)`, [email])).rows;
}

async function roleIn(organisationId: string, userId: string): Promise<string | undefined> {
  return (await local.db.query<{ role: string }>(
    `select role from app.memberships where organisation_id = $1 and user_id = $2`, [organisationId, userId])).rows[0]?.role;
}

describe('the facilitator adds a person by e-mail', () => {
  it('creates a confirmed account without password, adds the membership, and the person can ask for a sign-in link', async () => {
    const before = await accounts();
    const outcome = await addMemberByEmail(facilitatorDieppe, companyB, { email: ' Nadia.Benali@Genie-Civil.test ', displayName: 'Nadia Benali' });
    expect(outcome).toEqual({ ok: true, userId: expect.any(String), created: true });
    if (!outcome.ok) return;
    expect(await accounts()).toBe(before + 1);
    expect(await accountsWith('nadia.benali@genie-civil.test')).toEqual([
      { id: outcome.userId, confirmed: true, display_name: 'Nadia Benali', has_password: false },
    ]);
    expect(await roleIn(companyB, outcome.userId)).toBe('company');

    const { error } = await local.anon().auth.signInWithOtp({ email: 'nadia.benali@genie-civil.test', options: { shouldCreateUser: false } });
    expect(error).toBeNull();
    expect(logged.join('\n')).not.toMatch(/nadia|benali/i);
  });

  it('reuses the account of an address that has one (whatever its case): no second account, its name unchanged', async () => {
    const before = await accounts();
    const outcome = await addMemberByEmail(facilitatorDieppe, companyB, { email: 'Acheteur@Demo.test', displayName: 'Autre nom' });
    expect(outcome).toEqual({ ok: true, userId: buyerUser, created: false });
    expect(await accounts()).toBe(before);
    expect(await accountsWith('acheteur@demo.test')).toEqual([expect.objectContaining({ id: buyerUser, display_name: 'Acheteuse (démo)' })]);
    expect(await roleIn(companyB, buyerUser)).toBe('company');

    // Adding the same person again changes nothing.
    expect(await addMemberByEmail(facilitatorDieppe, companyB, { email: 'acheteur@demo.test', displayName: 'Autre nom' }))
      .toEqual({ ok: true, userId: buyerUser, created: false });
    expect(logged.join('\n')).not.toMatch(/acheteur/i);
  });

  it('refuses an invalid address with the French message of the e-mail field', async () => {
    const before = await accounts();
    const outcome = await addMemberByEmail(facilitatorDieppe, companyB, { email: 'pas-une-adresse', displayName: 'Personne' });
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ status: 422, code: 'member_email_invalid', field: 'email' }) });
    expect(await accounts()).toBe(before);
  });
});

describe('nobody else creates accounts', () => {
  it('a facilitator of another territory is refused before any account is created', async () => {
    const before = await accounts();
    const outcome = await addMemberByEmail(facilitatorAlpes, companyB, { email: 'intrus.alpes@demo.test', displayName: 'Intrus' });
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 'organisation_not_found' }) });
    expect(await accounts()).toBe(before);
    expect(await accountsWith('intrus.alpes@demo.test')).toEqual([]);
  });

  it('a company is refused for its own organisation, before any account is created', async () => {
    const before = await accounts();
    const outcome = await addMemberByEmail(company, organisations.companyA, { email: 'collegue.entreprise@demo.test', displayName: 'Collègue' });
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ code: 'organisation_not_found' }) });
    expect(await accounts()).toBe(before);
  });
});

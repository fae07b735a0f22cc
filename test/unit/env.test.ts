// The configuration read in one place (src/server/env.ts): the mail settings and the site's
// address are validated with the rest, and "local" means the embedded stand-in on this machine.
import { describe, expect, it } from 'vitest';
import { isLocalDatabase, mailEnv, serverEnv } from '../../src/server/env.ts';

const base = { SUPABASE_URL: 'https://abcd.supabase.co', SUPABASE_ANON_KEY: 'a'.repeat(40) };

describe('server configuration', () => {
  it('reads the site’s address, and refuses one that is not a URL', () => {
    expect(serverEnv({ ...base, URL: 'https://clauses.example.org' }).URL).toBe('https://clauses.example.org');
    expect(serverEnv(base).URL).toBeUndefined();
    expect(() => serverEnv({ ...base, URL: 'clauses' })).toThrow(/Configuration invalide : URL/);
  });

  it('reads the mail settings, an empty key being no key, with the default sender', () => {
    expect(mailEnv({ BREVO_API_KEY: '' })).toEqual({ MAIL_FROM: 'ne-pas-repondre@example.org' });
    expect(mailEnv({ BREVO_API_KEY: 'xkeysib-1', MAIL_FROM: 'clauses@territoire.fr' })).toMatchObject({ BREVO_API_KEY: 'xkeysib-1', MAIL_FROM: 'clauses@territoire.fr' });
    expect(() => mailEnv({ MAIL_FROM: 'clauses' })).toThrow(/MAIL_FROM/);
  });

  it('calls local only the stand-in on this machine', () => {
    expect(isLocalDatabase('http://127.0.0.1:54321')).toBe(true);
    expect(isLocalDatabase('http://localhost:54321/')).toBe(true);
    expect(isLocalDatabase('https://abcd.supabase.co')).toBe(false);
    expect(isLocalDatabase('http://localhost.example.org')).toBe(false);
    expect(isLocalDatabase(undefined)).toBe(false);
  });
});

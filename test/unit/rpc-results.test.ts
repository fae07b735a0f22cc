// The JSON results of rpcs are checked by their zod schema (src/domain) when the server reads
// them: a well-formed result passes, a malformed one is refused as a server fault (the unknown
// error of src/server/errors.ts: 503, no detail for the user), never as the user's.
import { describe, expect, it } from 'vitest';
import { expiryResultSchema } from '../../src/domain/candidature.ts';
import { purgeResultSchema } from '../../src/domain/retention.ts';
import { siteSettingsSchema } from '../../src/domain/site-settings.ts';
import { parseRpcResult, UnexpectedResultError } from '../../src/server/errors.ts';

const settings = {
  site_name: 'Clauses sociales', tagline: '', logo_url: null, color_primary: '#1d4f91', color_accent: '#b34700',
  publisher_name: 'Communauté de communes', contact_email: 'contact@demo.test', accessibility_status: 'non_conforme',
  accessibility_audit_date: null, dpo_contact: 'dpo@demo.test', publisher_address: null, publication_director: null,
  host_name: 'Netlify, Inc.', host_address: null,
};

const purge = { candidatures_deleted: 2, participants_anonymised: 1, audit_entries_deleted: 0, emails_deleted: 3, cv_paths: ['a.pdf'] };

describe('a well-formed rpc result parses', () => {
  it.each([
    ['get_site_settings', siteSettingsSchema, settings],
    ['purge_personal_data', purgeResultSchema, purge],
    ['expire_candidatures', expiryResultSchema, { candidatures_expired: 0 }],
  ] as const)('%s', (rpc, schema, data) => {
    expect(parseRpcResult(rpc, schema, data)).toEqual(data);
  });
});

describe('a malformed rpc result is refused as a server fault', () => {
  it.each([
    ['get_site_settings', siteSettingsSchema, null],
    ['get_site_settings', siteSettingsSchema, { ...settings, color_primary: 'bleu' }],
    ['get_site_settings', siteSettingsSchema, { ...settings, accessibility_status: 'conforme' }],
    ['purge_personal_data', purgeResultSchema, { ...purge, cv_paths: null }],
    ['purge_personal_data', purgeResultSchema, { candidatures_deleted: '2' }],
    ['expire_candidatures', expiryResultSchema, { candidatures_expired: -1 }],
    ['expire_candidatures', expiryResultSchema, 3],
  ] as const)('%s: %j', (rpc, schema, data) => {
    let thrown: unknown;
    try {
      parseRpcResult(rpc, schema, data);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnexpectedResultError);
    const fault = thrown as UnexpectedResultError;
    expect(fault.message).toContain(rpc);
    expect(fault.appError).toMatchObject({ status: 503, code: 'unavailable' });
  });

  it('names the paths of the mismatch, never the values', () => {
    const malformed = { ...settings, site_name: 'Nom privé', color_accent: 'rouge-très-privé' };
    expect(() => parseRpcResult('get_site_settings', siteSettingsSchema, malformed)).toThrow(/color_accent/);
    expect(() => parseRpcResult('get_site_settings', siteSettingsSchema, malformed)).not.toThrow(/rouge-très-privé/);
  });
});

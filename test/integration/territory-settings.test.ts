// « Paramètres du territoire » (supabase/schemas/01_territories_and_organisations.sql), through
// supabase-js `.rpc()` as the demo users: the territory's facilitator reads and changes its
// settings; another territory's facilitator, a company, a buyer, an SIAE, a prescriber and anon
// cannot; the publication rules can be made stricter, never looser than DOMAIN.md §10; every
// change is in the audit log with its author; and sub-contracting hours already declared keep the
// rate of their day. Each refusal is checked down to the French message the page shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { fromDbError } from '../../src/server/errors.ts';
import { demoUsers, rows } from './as-role.ts';
import { markets, organisations, territories } from '../support/seed.ts';
import { shown } from '../support/shown.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let companyA: SupabaseClient;
let others: Array<[string, SupabaseClient]>;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  companyA = await local.signIn('entreprise@demo.test');
  others = [
    ['a company', companyA],
    ['a buyer', await local.signIn('acheteur@demo.test')],
    ['an SIAE', await local.signIn('siae@demo.test')],
    ['a prescriber', await local.signIn('prescripteur@demo.test')],
    ['anon', local.anon()],
  ];
});
afterAll(async () => { await local.close(); });

const dieppe = territories.dieppe;
const alpes = territories.alpes;
const penlyLot1 = markets.penlyLot1; // company A's market, Dieppe-Maritime
const siaeLittoral = organisations.siaeLittoral; // an SIAE of Dieppe-Maritime

interface Settings {
  id: string;
  slug: string;
  name: string;
  description: string;
  facilitator_contact_name: string | null;
  facilitator_contact_email: string | null;
  facilitator_contact_phone: string | null;
  logo_url: string | null;
  color_primary: string | null;
  color_accent: string | null;
  disclosure_threshold: number;
  company_min_count: number;
  company_max_share: number;
  parcours_max_months: number;
  candidature_expiry_days: number;
  subcontracting_labour_share: number;
  subcontracting_hourly_cost: number;
  cdi_counted_months: number;
  residence_required: boolean;
  qpv_priority: boolean;
  retention_candidate_months: number;
  retention_participant_months: number;
  retention_log_months: number;
  updated_at: string;
}

interface AuditEntry {
  actor_user_id: string | null;
  actor_role: string | null;
  territory_id: string | null;
  changed_columns: string[];
  changes: { old: Record<string, unknown>; new: Record<string, unknown> } | null;
}

const refusal = (hint: string) => ({ hint, ...(({ status, message }) => ({ status, message }))(fromDbError({ hint })) });
const notFacilitator = refusal('not_territory_facilitator');

async function read(client: SupabaseClient, territory: string): Promise<Settings> {
  const { data, error } = await client.rpc('get_territory_settings', { p_territory_id: territory });
  expect(error).toBeNull();
  return (data as Settings[])[0]!;
}

const update = (client: SupabaseClient, territory: string, args: Record<string, unknown>) =>
  client.rpc('update_territory_settings', { p_territory_id: territory, ...args });

/** The stored row, read as the database owner (no RLS). */
async function stored(territory: string): Promise<Record<string, unknown>> {
  return (await local.db.query<Record<string, unknown>>(`select * from app.territories where id = $1`, [territory])).rows[0]!;
}

async function auditEntries(territory: string): Promise<AuditEntry[]> {
  return (await local.db.query<AuditEntry>(
    `select actor_user_id, actor_role, territory_id, changed_columns, changes from app.audit_log
     where table_name = 'territories' and row_id = $1 order by id`, [territory])).rows;
}

describe('the territory’s facilitator reads and changes its settings', () => {
  it('lists the territories they facilitate: their own only', async () => {
    expect((await facilitatorDieppe.rpc('list_facilitated_territories')).data).toEqual([{ id: dieppe, slug: 'dieppe-maritime', name: 'Dieppe-Maritime' }]);
    expect((await facilitatorAlpes.rpc('list_facilitated_territories')).data).toEqual([{ id: alpes, slug: 'alpes-sud-isere', name: 'Alpes Sud Isère' }]);
    expect((await companyA.rpc('list_facilitated_territories')).data).toEqual([]);
  });

  it('reads the editable settings of Dieppe-Maritime, rule parameters as the demo sets them', async () => {
    expect(await read(facilitatorDieppe, dieppe)).toMatchObject({
      id: dieppe, slug: 'dieppe-maritime', name: 'Dieppe-Maritime',
      facilitator_contact_name: 'Facilitatrice (démo)', facilitator_contact_email: 'facilitation.dieppe@demo.test', facilitator_contact_phone: '02 61 91 00 00',
      logo_url: null, color_primary: '#0b5563', color_accent: '#a3361b',
      disclosure_threshold: 11, company_min_count: 3, company_max_share: 0.85, parcours_max_months: 24, candidature_expiry_days: 90,
      subcontracting_labour_share: 0.5, subcontracting_hourly_cost: 30, cdi_counted_months: 12, residence_required: false, qpv_priority: true,
      retention_candidate_months: 24, retention_participant_months: 24, retention_log_months: 12,
    });
  });

  it('changes them all in one call, normalised, and reads them back', async () => {
    const before = await read(facilitatorDieppe, dieppe);
    const { data, error } = await update(facilitatorDieppe, dieppe, {
      p_description: '  Service de facilitation de Dieppe-Maritime (démo).  ',
      p_facilitator_contact_name: 'Service clause sociale (démo)',
      p_facilitator_contact_email: ' Clauses@Dieppe.TEST ',
      p_facilitator_contact_phone: '02 35 06 00 00',
      p_logo_url: 'https://dieppe.test/logo.svg',
      p_color_primary: '#0B4450',
      p_color_accent: '#8A2E17',
      p_disclosure_threshold: 15,
      p_company_min_count: 4,
      p_company_max_share: 0.8,
      p_parcours_max_months: 18,
      p_candidature_expiry_days: 60,
      p_subcontracting_labour_share: 0.45,
      p_subcontracting_hourly_cost: 31.5,
      p_cdi_counted_months: 6,
      p_residence_required: true,
      p_qpv_priority: true,
      p_retention_candidate_months: 18,
      p_retention_participant_months: 36,
      p_retention_log_months: 6,
    });
    expect(error).toBeNull();
    expect(new Date(data as string).getTime()).toBeGreaterThanOrEqual(new Date(before.updated_at).getTime());
    expect(await read(facilitatorDieppe, dieppe)).toMatchObject({
      description: 'Service de facilitation de Dieppe-Maritime (démo).',
      facilitator_contact_name: 'Service clause sociale (démo)', facilitator_contact_email: 'clauses@dieppe.test',
      facilitator_contact_phone: '02 35 06 00 00', logo_url: 'https://dieppe.test/logo.svg', color_primary: '#0b4450', color_accent: '#8a2e17',
      disclosure_threshold: 15, company_min_count: 4, company_max_share: 0.8, parcours_max_months: 18, candidature_expiry_days: 60,
      subcontracting_labour_share: 0.45, subcontracting_hourly_cost: 31.5, cdi_counted_months: 6, residence_required: true, qpv_priority: true,
      retention_candidate_months: 18, retention_participant_months: 36, retention_log_months: 6,
    });
  });

  it('keeps what is left out, and clears an optional text given empty', async () => {
    const before = await read(facilitatorDieppe, dieppe);
    expect((await update(facilitatorDieppe, dieppe, { p_facilitator_contact_phone: '', p_logo_url: ' ' })).error).toBeNull();
    const after = await read(facilitatorDieppe, dieppe);
    expect(after).toEqual({ ...before, facilitator_contact_phone: null, logo_url: null, updated_at: after.updated_at });
  });
});

describe('nobody else may read or change a territory’s settings', () => {
  it('another territory’s facilitator: Alpes Sud Isère cannot read or change Dieppe-Maritime, nor the reverse', async () => {
    const dieppeBefore = await stored(dieppe);
    const alpesBefore = await stored(alpes);
    expect(shown((await facilitatorAlpes.rpc('get_territory_settings', { p_territory_id: dieppe })).error)).toEqual(notFacilitator);
    expect(shown((await update(facilitatorAlpes, dieppe, { p_disclosure_threshold: 20, p_facilitator_contact_phone: '04 76 00 00 00' })).error))
      .toEqual(notFacilitator);
    expect(shown((await update(facilitatorDieppe, alpes, { p_subcontracting_hourly_cost: 45 })).error)).toEqual(notFacilitator);
    expect(await stored(dieppe)).toEqual(dieppeBefore);
    expect(await stored(alpes)).toEqual(alpesBefore);
  });

  it('an unknown territory is refused the same way (nothing tells it apart)', async () => {
    expect(shown((await update(facilitatorDieppe, '10000000-0000-0000-0000-000000000099', { p_disclosure_threshold: 20 })).error)).toEqual(notFacilitator);
  });

  it('a company, a buyer, an SIAE and a prescriber are refused as not facilitators; anon may not even call the functions', async () => {
    const before = await stored(dieppe);
    for (const [who, client] of others) {
      const get = await client.rpc('get_territory_settings', { p_territory_id: dieppe });
      const change = await update(client, dieppe, { p_facilitator_contact_phone: '06 00 00 00 00' });
      if (who === 'anon') {
        // EXECUTE is revoked from anon: Postgres refuses the call itself.
        expect([get.error?.code, change.error?.code, get.error?.hint ?? null], who).toEqual(['42501', '42501', null]);
        expect((await client.rpc('list_facilitated_territories')).error?.code, who).toBe('42501');
      } else {
        expect(shown(get.error), who).toEqual(notFacilitator);
        expect(shown(change.error), who).toEqual(notFacilitator);
      }
    }
    expect(await stored(dieppe)).toEqual(before);
  });

  it('RLS has the last word: a facilitator’s direct update of another territory changes no row', async () => {
    const changed = await rows<{ id: string }>(local.db, 'facilitatorAlpes',
      `update app.territories set disclosure_threshold = 20 where id = $1 returning id`, [dieppe]);
    expect(changed).toEqual([]);
  });
});

describe('guard rails: stricter publication rules only, retention within DOMAIN.md §11, well-formed values', () => {
  it.each([
    ['K below 11', { p_disclosure_threshold: 10 }, 'disclosure_threshold_too_low'],
    ['K at 5', { p_disclosure_threshold: 5 }, 'disclosure_threshold_too_low'],
    ['fewer than 3 companies', { p_company_min_count: 2 }, 'company_min_count_too_low'],
    ['one company above 85 %', { p_company_max_share: 0.9 }, 'company_max_share_too_high'],
    ['a share of 0', { p_company_max_share: 0 }, 'company_max_share_invalid'],
    ['a colour that is not #rrggbb', { p_color_primary: 'bleu' }, 'color_primary_invalid'],
    ['a three-digit colour', { p_color_accent: '#abc' }, 'color_accent_invalid'],
    ['a malformed e-mail', { p_facilitator_contact_email: 'facilitation@' }, 'facilitator_contact_email_invalid'],
    ['a phone made of words', { p_facilitator_contact_phone: 'appelez le standard' }, 'facilitator_contact_phone_invalid'],
    ['a logo over plain http', { p_logo_url: 'http://dieppe.test/logo.svg' }, 'logo_url_invalid'],
    ['CDI months other than 6, 12 or 24', { p_cdi_counted_months: 18 }, 'cdi_counted_months_invalid'],
    ['candidates kept over 24 months', { p_retention_candidate_months: 25 }, 'retention_candidate_months_invalid'],
    ['participants kept over 60 months', { p_retention_participant_months: 61 }, 'retention_participant_months_invalid'],
    ['logs kept under 6 months', { p_retention_log_months: 5 }, 'retention_log_months_invalid'],
    ['logs kept over 12 months', { p_retention_log_months: 13 }, 'retention_log_months_invalid'],
    ['a labour share above 100 %', { p_subcontracting_labour_share: 1.2 }, 'subcontracting_labour_share_invalid'],
    ['an hourly cost of 0', { p_subcontracting_hourly_cost: 0 }, 'subcontracting_hourly_cost_invalid'],
    ['a candidature expiry of 0 days', { p_candidature_expiry_days: 0 }, 'candidature_expiry_days_invalid'],
    ['a parcours of 0 months', { p_parcours_max_months: 0 }, 'parcours_max_months_invalid'],
  ])('refuses %s, with its French message, and changes nothing (not even the valid fields sent along)', async (_case, args, hint) => {
    const before = await stored(dieppe);
    const entries = (await auditEntries(dieppe)).length;
    const { error } = await update(facilitatorDieppe, dieppe, { p_facilitator_contact_name: 'Ne doit pas être enregistré', ...args });
    expect(shown(error)).toEqual(refusal(hint));
    expect(fromDbError(error!).field).toBe(Object.keys(args)[0]!.replace(/^p_/, ''));
    expect(await stored(dieppe)).toEqual(before);
    expect(await auditEntries(dieppe)).toHaveLength(entries);
  });

  it('lowering K below 11 is refused with a message that says why and what is allowed', async () => {
    const { error } = await update(facilitatorDieppe, dieppe, { p_disclosure_threshold: 5 });
    expect(shown(error)).toEqual({
      status: 422, hint: 'disclosure_threshold_too_low',
      message: 'Le seuil K ne peut pas être inférieur à 11 personnes (règle de secret statistique de l’Insee) : vous pouvez le relever, pas l’abaisser.',
    });
  });

  it('stricter rules and the bounds themselves are accepted', async () => {
    for (const args of [
      { p_disclosure_threshold: 11 }, { p_disclosure_threshold: 25 }, { p_company_min_count: 3 }, { p_company_min_count: 5 },
      { p_company_max_share: 0.85 }, { p_company_max_share: 0.7 }, { p_retention_log_months: 12 }, { p_retention_candidate_months: 24 },
    ]) expect((await update(facilitatorDieppe, dieppe, args)).error, JSON.stringify(args)).toBeNull();
    expect(await read(facilitatorDieppe, dieppe)).toMatchObject({ disclosure_threshold: 25, company_min_count: 5, company_max_share: 0.7 });
  });
});

describe('every change is in the audit log, with its author', () => {
  it('names the user, the columns and the old and new rule values, never the contact’s values', async () => {
    const before = await read(facilitatorDieppe, dieppe);
    const entries = (await auditEntries(dieppe)).length;
    expect((await update(facilitatorDieppe, dieppe, {
      p_subcontracting_hourly_cost: 35, p_facilitator_contact_phone: '02 35 84 00 00',
    })).error).toBeNull();
    const log = await auditEntries(dieppe);
    expect(log).toHaveLength(entries + 1);
    expect(log.at(-1)).toEqual({
      actor_user_id: demoUsers.facilitatorDieppe, actor_role: 'facilitator', territory_id: dieppe,
      changed_columns: ['facilitator_contact_phone', 'subcontracting_hourly_cost'],
      changes: { old: { subcontracting_hourly_cost: before.subcontracting_hourly_cost }, new: { subcontracting_hourly_cost: 35 } },
    });
    expect(JSON.stringify(log.at(-1))).not.toContain('84 00 00');
  });

  it('the territory’s facilitator reads the entry (RLS audit_log_select_facilitator); another territory’s does not', async () => {
    const sql = `select actor_user_id from app.audit_log where table_name = 'territories' and row_id = $1`;
    expect((await rows<{ actor_user_id: string }>(local.db, 'facilitatorDieppe', sql, [dieppe])).length).toBeGreaterThan(0);
    expect(await rows(local.db, 'facilitatorAlpes', sql, [dieppe])).toEqual([]);
  });

  it('saving the same values again writes no entry', async () => {
    const entries = (await auditEntries(dieppe)).length;
    const current = await read(facilitatorDieppe, dieppe);
    expect((await update(facilitatorDieppe, dieppe, {
      p_subcontracting_hourly_cost: current.subcontracting_hourly_cost, p_facilitator_contact_phone: current.facilitator_contact_phone,
    })).error).toBeNull();
    expect(await auditEntries(dieppe)).toHaveLength(entries);
  });
});

describe('sub-contracting hours are stored when declared', () => {
  it('a line declared after a new hourly cost uses it; a line declared before keeps its hours', async () => {
    // Back to the demo parameters: 50 % of labour, 30 €/h.
    expect((await update(facilitatorDieppe, dieppe, { p_subcontracting_labour_share: 0.5, p_subcontracting_hourly_cost: 30 })).error).toBeNull();
    const { data: people } = await companyA.rpc('market_participants', { p_market_id: penlyLot1 });
    const [p1, p2] = (people as Array<{ id: string }>).map((p) => p.id);
    const declare = (participant: string | undefined) => companyA.rpc('save_hour_declaration', {
      p_market_id: penlyLot1, p_participant_id: participant, p_month: '2026-08-01', p_realisation_mode: 'subcontracting',
      p_invoiced_amount_ht: 3000, p_employer_id: siaeLittoral,
    });
    const hoursOf = async (id: unknown) =>
      Number((await local.db.query<{ hours: string }>(`select hours from app.hour_declarations where id = $1`, [id])).rows[0]!.hours);

    const earlier = await declare(p1);
    expect(earlier.error).toBeNull();
    expect(await hoursOf(earlier.data)).toBe(50); // 3 000 € × 50 % / 30 €/h

    expect((await update(facilitatorDieppe, dieppe, { p_subcontracting_hourly_cost: 40 })).error).toBeNull();

    const later = await declare(p2);
    expect(later.error).toBeNull();
    expect(await hoursOf(later.data)).toBe(37.5); // 3 000 € × 50 % / 40 €/h
    expect(await hoursOf(earlier.data)).toBe(50);
  });
});

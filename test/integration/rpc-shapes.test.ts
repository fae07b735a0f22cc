// The JSON the partner pages read, as the demo users get it through `.rpc()`, matches the zod
// schemas of src/domain the loaders and actions parse it with (a mismatch would be answered as a
// server fault, parseRpc in src/server/errors.ts). Each case holds data, so nested shapes are checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { buyerYearSummarySchema } from '../../src/domain/buyer-summary.ts';
import { facilitatorDashboardSchema } from '../../src/domain/dashboard.ts';
import { importPayload, parseDecp } from '../../src/domain/decp.ts';
import { decpImportResultSchema } from '../../src/domain/decp-import.ts';
import { personDataSchema } from '../../src/domain/person-data.ts';
import { useLocalSupabase } from '../support/local-supabase.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitator: SupabaseClient;
let buyer: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitator = await local.signIn('facilitateur@demo.test');
  buyer = await local.signIn('acheteur@demo.test');
});
afterAll(async () => { await local.close(); });

describe('the JSON of the partner pages’ rpcs matches src/domain', () => {
  it('facilitator_dashboard', async () => {
    const { data, error } = await facilitator.rpc('facilitator_dashboard', { p_today: '2026-11-22' });
    expect(error).toBeNull();
    const dashboard = facilitatorDashboardSchema.parse(data);
    expect(dashboard.markets.length).toBeGreaterThan(0);
    expect(dashboard.late.length).toBeGreaterThan(0);
  });

  it('buyer_year_summary', async () => {
    const { data, error } = await buyer.rpc('buyer_year_summary', { p_year: 2026 });
    expect(error).toBeNull();
    expect(buyerYearSummarySchema.parse(data).markets.length).toBeGreaterThan(0);
  });

  it('export_person_data, for a participant with hours', async () => {
    const [person] = (await local.db.query<{ first_name: string; last_name: string }>(
      `select p.first_name, p.last_name from app.participants p join app.hour_declarations d on d.participant_id = p.id
       join app.territories t on t.id = p.territory_id where t.slug = 'dieppe-maritime' limit 1`)).rows;
    const { data, error } = await facilitator.rpc('export_person_data', { p_first_name: person!.first_name, p_last_name: person!.last_name });
    expect(error).toBeNull();
    const exported = personDataSchema.parse(data);
    expect(exported.participants[0]?.hours.length).toBeGreaterThan(0);
  });

  it('export_person_data, for a candidature', async () => {
    const [candidature] = (await local.db.query<{ email: string }>(`select email from app.candidatures where email is not null limit 1`)).rows;
    const { data, error } = await facilitator.rpc('export_person_data', { p_email: candidature!.email });
    expect(error).toBeNull();
    expect(personDataSchema.parse(data).candidatures.length).toBeGreaterThan(0);
  });

  it('import_decp_markets', async () => {
    const preview = parseDecp(JSON.stringify({ marches: [{
      id: 'SHAPE-1', acheteur: { id: '21760217600018' }, objet: 'Réhabilitation (forme)', codeCPV: '45453000-7', dureeMois: 12,
      dateNotification: '2026-05-15', montant: 100_000, titulaires: [{ titulaire: { typeIdentifiant: 'SIRET', id: '55204599900869' } }],
      considerationsSociales: { considerationSociale: ['Clause sociale'] },
    }] }));
    if (!preview.ok) throw new Error(preview.error);
    const markets = importPayload(preview.kept.map((l) => l.market));
    const first = await facilitator.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: markets });
    expect(first.error).toBeNull();
    expect(decpImportResultSchema.parse(first.data).created).toHaveLength(1);
    const again = await facilitator.rpc('import_decp_markets', { p_territory_slug: 'dieppe-maritime', p_markets: markets });
    expect(decpImportResultSchema.parse(again.data).skipped).toEqual([expect.objectContaining({ reason: 'already_imported' })]);
  });
});

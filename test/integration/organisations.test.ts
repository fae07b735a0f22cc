// Organisations and accounts of a territory (DOMAIN.md §2; supabase/schemas/01_territories_and_organisations.sql),
// through supabase-js `.rpc()` as the demo users: the territory's facilitator creates and edits
// buyers, companies, SIAE and prescribers, lists their members and gives or takes access; a
// facilitator of another territory and a company can do none of it. Each refusal is checked down
// to the French message the pages show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { fromDbError } from '../../src/server/errors.ts';
import { isValidSiret } from '../../src/domain/siret.ts';
import { outcome, rows } from './as-role.ts';
import { organisations, territories, users } from '../support/seed.ts';
import { shown } from '../support/shown.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let facilitatorDieppe: SupabaseClient;
let facilitatorAlpes: SupabaseClient;
let company: SupabaseClient;

beforeAll(async () => {
  local = await useLocalSupabase();
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  facilitatorAlpes = await local.signIn('facilitateur.alpes@demo.test');
  company = await local.signIn('entreprise@demo.test');
});
afterAll(async () => { await local.close(); });

const dieppe = territories.dieppe;
const companyA = organisations.companyA; // Bâtiment Normand (démo), Dieppe-Maritime, has a member
const serviceDieppe = organisations.serviceDieppe; // the facilitation service of Dieppe-Maritime
const companyUser = users.companyA; // entreprise@demo.test

/** A valid SIRET outside the demo range (999…): 888 + n on ten digits + the Luhn key. */
function siret(n: number): string {
  const stem = `888${String(n).padStart(10, '0')}`;
  for (let d = 0; d <= 9; d += 1) if (isValidSiret(`${stem}${d}`)) return `${stem}${d}`;
  throw new Error('no key');
}

const refusal = (hint: string) => ({ hint, ...(({ status, message }) => ({ status, message }))(fromDbError({ hint })) });

const save = (client: SupabaseClient, args: Record<string, unknown>) =>
  client.rpc('save_organisation', { p_territory_slug: 'dieppe-maritime', ...args });

async function organisation(id: string) {
  return (await local.db.query<Record<string, unknown>>(
    `select territory_id, kind, name, siret, contact_email, buyer_sector, siae_kind, prescriber_kind from app.organisations where id = $1`, [id])).rows[0];
}

async function memberships(organisationId: string): Promise<Array<{ user_id: string; role: string }>> {
  return (await local.db.query<{ user_id: string; role: string }>(
    `select user_id, role from app.memberships where organisation_id = $1 order by user_id`, [organisationId])).rows;
}

async function newAccount(email: string, name: string): Promise<string> {
  const { data, error } = await local.service().auth.admin.createUser({ email, email_confirm: true, user_metadata: { display_name: name } });
  expect(error).toBeNull();
  return data.user!.id;
}

describe('the territory’s facilitator creates organisations', () => {
  it('creates each kind, with its own field only, and lists it with its contact e-mail and no member', async () => {
    const created = {
      buyer: await save(facilitatorDieppe, { p_kind: 'buyer', p_name: 'Commune de Démo-sur-Mer', p_buyer_sector: 'public', p_siae_kind: 'ei' }),
      company: await save(facilitatorDieppe, {
        p_kind: 'company', p_name: '  Charpente du Pollet (démo)  ', p_siret: siret(1).replace(/(\d{3})/, '$1 '),
        p_contact_email: ' Contact@Charpente.Test ', p_prescriber_kind: 'plie',
      }),
      siae: await save(facilitatorDieppe, { p_kind: 'siae', p_name: 'Régie de quartier (démo)', p_siae_kind: 'aci', p_siret: siret(2) }),
      prescriber: await save(facilitatorDieppe, { p_kind: 'prescriber', p_name: 'PLIE de Dieppe (démo)', p_prescriber_kind: 'plie' }),
    };
    for (const result of Object.values(created)) expect(result.error).toBeNull();
    expect(await organisation(created.buyer.data)).toMatchObject({ territory_id: dieppe, kind: 'buyer', buyer_sector: 'public', siae_kind: null });
    expect(await organisation(created.company.data)).toMatchObject({
      kind: 'company', name: 'Charpente du Pollet (démo)', siret: siret(1), contact_email: 'contact@charpente.test', prescriber_kind: null,
    });
    expect(await organisation(created.siae.data)).toMatchObject({ kind: 'siae', siae_kind: 'aci', siret: siret(2) });
    expect(await organisation(created.prescriber.data)).toMatchObject({ kind: 'prescriber', prescriber_kind: 'plie' });

    const { data, error } = await facilitatorDieppe.rpc('list_territory_organisations', { p_territory_slug: 'dieppe-maritime' });
    expect(error).toBeNull();
    const listed = data as Array<{ id: string; kind: string; contact_email: string | null; members: number }>;
    expect(listed.find((o) => o.id === created.company.data)).toMatchObject({ kind: 'company', contact_email: 'contact@charpente.test', members: 0 });
    expect(listed.find((o) => o.id === companyA)).toMatchObject({ members: 1 });
    // Facilitation services are not among the organisations a facilitator manages.
    expect(listed.some((o) => o.kind === 'facilitation_service')).toBe(false);
  });

  it('refuses a bad SIRET, a SIRET already used, a missing kind-specific field, a short name, a facilitation service', async () => {
    const taken = (await organisation(companyA))!.siret as string;
    expect(shown((await save(facilitatorDieppe, { p_kind: 'company', p_name: 'Erreur SIRET', p_siret: '12345678901234' })).error))
      .toEqual({ ...refusal('siret_invalid'), message: 'Un numéro SIRET est invalide.' });
    expect(shown((await save(facilitatorDieppe, { p_kind: 'company', p_name: 'Doublon', p_siret: taken })).error))
      .toEqual({ status: 409, hint: 'siret_taken', message: 'Ce numéro SIRET est déjà celui d’une autre organisation.' });
    expect(shown((await save(facilitatorDieppe, { p_kind: 'siae', p_name: 'SIAE sans type' })).error))
      .toEqual({ status: 422, hint: 'siae_kind_required', message: 'Pour une structure d’insertion, choisissez son type (EI, ACI, AI, ETTI, EITI, GEIQ, EA ou ESAT).' });
    expect(shown((await save(facilitatorDieppe, { p_kind: 'buyer', p_name: 'Acheteur sans secteur' })).error)).toEqual(refusal('buyer_sector_required'));
    expect(shown((await save(facilitatorDieppe, { p_kind: 'prescriber', p_name: 'Prescripteur sans type' })).error)).toEqual(refusal('prescriber_kind_required'));
    expect(shown((await save(facilitatorDieppe, { p_kind: 'company', p_name: ' X ' })).error))
      .toEqual({ status: 422, hint: 'organisation_name_too_short', message: 'Indiquez le nom de l’organisation (2 caractères au moins).' });
    expect(shown((await save(facilitatorDieppe, { p_kind: 'company', p_name: 'Mauvais contact', p_contact_email: 'pas-une-adresse' })).error))
      .toEqual(refusal('contact_email_invalid'));
    expect(shown((await save(facilitatorDieppe, { p_kind: 'facilitation_service', p_name: 'Autre service' })).error)).toEqual(refusal('organisation_kind_invalid'));
    const { rows: none } = await local.db.query(`select 1 from app.organisations where name in ('Erreur SIRET', 'Doublon', 'SIAE sans type', 'Autre service')`);
    expect(none).toEqual([]);
  });

  it('edits an organisation; its kind changes only while nothing refers to it', async () => {
    const { data: id } = await save(facilitatorDieppe, { p_kind: 'company', p_name: 'Entreprise à renommer (démo)' });
    const edited = await save(facilitatorDieppe, { p_id: id, p_kind: 'siae', p_name: 'Entreprise d’insertion (démo)', p_siae_kind: 'ei', p_contact_email: 'ei@demo.test' });
    expect(edited.error).toBeNull();
    expect(edited.data).toBe(id);
    expect(await organisation(id)).toMatchObject({ kind: 'siae', siae_kind: 'ei', name: 'Entreprise d’insertion (démo)', contact_email: 'ei@demo.test' });

    // Bâtiment Normand has a member and markets: renamed and given a contact e-mail, but never another kind.
    const before = await organisation(companyA);
    expect(shown((await save(facilitatorDieppe, { p_id: companyA, p_kind: 'buyer', p_name: 'Bâtiment Normand (démo)', p_buyer_sector: 'private' })).error))
      .toEqual({ status: 409, hint: 'organisation_kind_locked', message: 'Le type de cette organisation ne peut plus changer : elle a des comptes, des marchés ou des heures déclarées.' });
    expect(await organisation(companyA)).toEqual(before);
    const renamed = await save(facilitatorDieppe, {
      p_id: companyA, p_kind: 'company', p_name: 'Bâtiment Normand SAS (démo)', p_siret: before!.siret, p_contact_email: 'chantiers@batiment-normand.test',
    });
    expect(renamed.error).toBeNull();
    expect(await organisation(companyA)).toMatchObject({ name: 'Bâtiment Normand SAS (démo)', contact_email: 'chantiers@batiment-normand.test', siret: before!.siret });

    // Its own facilitation service is not an organisation it edits.
    expect(shown((await save(facilitatorDieppe, { p_id: serviceDieppe, p_kind: 'company', p_name: 'Détourné' })).error)).toEqual(refusal('organisation_not_found'));
  });
});

describe('members of an organisation', () => {
  it('adding a member gives the organisation’s kind as role; adding again changes nothing; removing takes access away', async () => {
    const { data: siae } = await save(facilitatorDieppe, { p_kind: 'siae', p_name: 'ETTI des Falaises (démo)', p_siae_kind: 'etti' });
    const person = await newAccount('lea.martin@etti-falaises.test', 'Léa Martin');
    for (let i = 0; i < 2; i += 1) {
      const { error } = await facilitatorDieppe.rpc('add_member', { p_organisation_id: siae, p_user_id: person });
      expect(error).toBeNull();
    }
    expect(await memberships(siae)).toEqual([{ user_id: person, role: 'siae' }]);

    const { data, error } = await facilitatorDieppe.rpc('list_organisation_members', { p_organisation_id: siae });
    expect(error).toBeNull();
    expect(data).toEqual([expect.objectContaining({
      user_id: person, display_name: 'Léa Martin', email: 'lea.martin@etti-falaises.test', role: 'siae', created_at: expect.any(String), last_sign_in_at: null,
    })]);
    // The person now has the SIAE's space.
    const signedIn = await local.db.query(`update auth.users set encrypted_password = extensions.crypt('demo-clauses-2026', extensions.gen_salt('bf')) where id = $1`, [person]);
    expect(signedIn.affectedRows).toBe(1);
    const client = await local.signIn('lea.martin@etti-falaises.test');
    expect((await client.rpc('my_memberships')).data).toEqual([expect.objectContaining({ organisation_id: siae, role: 'siae' })]);

    expect((await facilitatorDieppe.rpc('remove_member', { p_organisation_id: siae, p_user_id: person })).error).toBeNull();
    expect(await memberships(siae)).toEqual([]);
    expect((await facilitatorDieppe.rpc('remove_member', { p_organisation_id: siae, p_user_id: person })).error).toBeNull();
    expect((await client.rpc('my_memberships')).data).toEqual([]);
  });

  it('the same account may belong to several organisations, each with its own role', async () => {
    const person = await newAccount('double@demo.test', 'Double Appartenance');
    const { data: prescriber } = await save(facilitatorDieppe, { p_kind: 'prescriber', p_name: 'CCAS de Démo (démo)', p_prescriber_kind: 'ccas' });
    expect((await facilitatorDieppe.rpc('add_member', { p_organisation_id: prescriber, p_user_id: person })).error).toBeNull();
    expect((await facilitatorDieppe.rpc('add_member', { p_organisation_id: companyA, p_user_id: person })).error).toBeNull();
    expect(await memberships(prescriber)).toEqual([{ user_id: person, role: 'prescriber' }]);
    expect((await memberships(companyA)).find((m) => m.user_id === person)).toEqual({ user_id: person, role: 'company' });
  });

  it('refuses an unknown account', async () => {
    const { error } = await facilitatorDieppe.rpc('add_member', { p_organisation_id: companyA, p_user_id: '00000000-0000-4000-8000-000000000000' });
    expect(shown(error)).toEqual({ status: 404, hint: 'account_not_found', message: 'Ce compte est introuvable.' });
  });

  it('never gives access to a facilitation service', async () => {
    const person = await newAccount('pas.facilitateur@demo.test', 'Pas Facilitateur');
    expect(shown((await facilitatorDieppe.rpc('add_member', { p_organisation_id: serviceDieppe, p_user_id: person })).error)).toEqual(refusal('organisation_not_found'));
    expect(shown((await facilitatorDieppe.rpc('list_organisation_members', { p_organisation_id: serviceDieppe })).error)).toEqual(refusal('organisation_not_found'));
    expect(await outcome(local.db, 'facilitatorDieppe', `insert into app.memberships (user_id, organisation_id, role) values ($1, $2, 'facilitator')`, [person, serviceDieppe])).toBe('42501');
    expect(await memberships(serviceDieppe)).not.toContainEqual(expect.objectContaining({ user_id: person }));
  });
});

describe('nobody else manages a territory’s organisations', () => {
  it('a facilitator of another territory cannot list, create, edit, list members, add or remove members in Dieppe-Maritime', async () => {
    const before = await organisation(companyA);
    const count = async () => (await local.db.query<{ n: number }>(`select count(*)::int as n from app.organisations`)).rows[0]!.n;
    const organisations = await count();
    const onlyFacilitators = { status: 403, hint: 'organisation_facilitator_only', message: 'Seuls les facilitateurs du territoire gèrent ses organisations et leurs comptes.' };
    const notFound = { status: 404, hint: 'organisation_not_found', message: 'Cette organisation est introuvable parmi celles de votre territoire.' };

    expect(shown((await facilitatorAlpes.rpc('list_territory_organisations', { p_territory_slug: 'dieppe-maritime' })).error)).toEqual(onlyFacilitators);
    expect(shown((await save(facilitatorAlpes, { p_kind: 'company', p_name: 'Intruse (démo)' })).error)).toEqual(onlyFacilitators);
    expect(shown((await save(facilitatorAlpes, { p_id: companyA, p_kind: 'company', p_name: 'Détournée' })).error)).toEqual(onlyFacilitators);
    // Through its own territory, the organisation of Dieppe-Maritime is not found.
    expect(shown((await facilitatorAlpes.rpc('save_organisation', { p_territory_slug: 'alpes-sud-isere', p_id: companyA, p_kind: 'company', p_name: 'Détournée' })).error)).toEqual(notFound);
    expect(shown((await facilitatorAlpes.rpc('list_organisation_members', { p_organisation_id: companyA })).error)).toEqual(notFound);
    const person = await newAccount('intrus@demo.test', 'Intrus');
    expect(shown((await facilitatorAlpes.rpc('add_member', { p_organisation_id: companyA, p_user_id: person })).error)).toEqual(notFound);
    expect(shown((await facilitatorAlpes.rpc('remove_member', { p_organisation_id: companyA, p_user_id: companyUser })).error)).toEqual(notFound);
    // Nor by writing the tables.
    expect(await outcome(local.db, 'facilitatorAlpes', `insert into app.memberships (user_id, organisation_id, role) values ($1, $2, 'company')`, [person, companyA])).toBe('42501');
    expect(await outcome(local.db, 'facilitatorAlpes', `insert into app.organisations (territory_id, kind, name) values ($1, 'company', 'Intruse')`, [dieppe])).toBe('42501');
    expect(await rows(local.db, 'facilitatorAlpes', `delete from app.memberships where organisation_id = $1 returning id`, [companyA])).toEqual([]);

    expect(await organisation(companyA)).toEqual(before);
    expect(await count()).toBe(organisations);
    expect((await memberships(companyA)).map((m) => m.user_id)).toContain(companyUser);
    expect((await memberships(companyA)).map((m) => m.user_id)).not.toContain(person);
  });

  it('a company cannot call them, even for its own organisation', async () => {
    const onlyFacilitators = refusal('organisation_facilitator_only');
    expect(shown((await company.rpc('list_territory_organisations', { p_territory_slug: 'dieppe-maritime' })).error)).toEqual(onlyFacilitators);
    expect(shown((await save(company, { p_kind: 'company', p_name: 'Filiale (démo)' })).error)).toEqual(onlyFacilitators);
    expect(shown((await save(company, { p_id: companyA, p_kind: 'company', p_name: 'Renommée' })).error)).toEqual(onlyFacilitators);
    expect(shown((await company.rpc('list_organisation_members', { p_organisation_id: companyA })).error)).toEqual(refusal('organisation_not_found'));
    const person = await newAccount('collegue@demo.test', 'Collègue');
    expect(shown((await company.rpc('add_member', { p_organisation_id: companyA, p_user_id: person })).error)).toEqual(refusal('organisation_not_found'));
    expect(shown((await company.rpc('remove_member', { p_organisation_id: companyA, p_user_id: companyUser })).error)).toEqual(refusal('organisation_not_found'));
    expect(await outcome(local.db, 'companyA', `insert into app.memberships (user_id, organisation_id, role) values ($1, $2, 'company')`, [person, companyA])).toBe('42501');
    expect((await memberships(companyA)).map((m) => m.user_id)).not.toContain(person);
  });

  it('anon may call none of them', async () => {
    const anon = local.anon();
    for (const [fn, args] of [
      ['list_territory_organisations', { p_territory_slug: 'dieppe-maritime' }],
      ['save_organisation', { p_territory_slug: 'dieppe-maritime', p_kind: 'company', p_name: 'Anonyme' }],
      ['list_organisation_members', { p_organisation_id: companyA }],
      ['add_member', { p_organisation_id: companyA, p_user_id: companyUser }],
      ['remove_member', { p_organisation_id: companyA, p_user_id: companyUser }],
    ] as const) {
      const { error } = await anon.rpc(fn, args);
      expect(error?.code, fn).toBe('42501');
    }
  });
});

describe('SECURITY DEFINER app.organisation_member_accounts: who may call it', () => {
  it('the facilitator of the organisation’s territory only; never anon, another territory, a member, nor for a facilitation service', async () => {
    const sql = `select email from app.organisation_member_accounts($1)`;
    expect(await rows(local.db, 'facilitatorDieppe', sql, [companyA])).toContainEqual({ email: 'entreprise@demo.test' });
    expect(await outcome(local.db, 'anon', sql, [companyA])).toBe('42501');
    expect(await outcome(local.db, 'facilitatorAlpes', sql, [companyA])).toBe('PT404:organisation_not_found');
    expect(await outcome(local.db, 'companyA', sql, [companyA])).toBe('PT404:organisation_not_found');
    expect(await outcome(local.db, 'facilitatorDieppe', sql, [serviceDieppe])).toBe('PT404:organisation_not_found');
    expect(await outcome(local.db, 'facilitatorDieppe', sql, ['00000000-0000-4000-8000-000000000000'])).toBe('PT404:organisation_not_found');
  });
});

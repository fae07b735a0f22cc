// The deployment administrator (supabase/schemas/10_deployment_administration.sql), through
// supabase-js `.rpc()` and the server's code as the partner space runs it: the command that
// creates the first administrator gives a working sign-in link; the administrator edits the site
// settings, creates a territory with its facilitation service and safe defaults, invites its
// facilitator, whose first dashboard's checklist then ticks itself from the data; a facilitator
// or another role can do none of it; each change is in the audit log. Refusals are checked down to
// the French message the page shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useLocalSupabase } from '../support/local-supabase.ts';
import { users } from '../support/seed.ts';
import { shown } from '../support/shown.ts';
import { createDeploymentAdmin } from '../../src/server/create-admin.ts';
import { inviteFacilitatorByEmail } from '../../src/server/accounts.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;
let admin: SupabaseClient;
let facilitatorDieppe: SupabaseClient;
let others: Array<[string, SupabaseClient]>;

beforeAll(async () => {
  local = await useLocalSupabase();
  admin = await local.signIn('admin@demo.test');
  facilitatorDieppe = await local.signIn('facilitateur@demo.test');
  others = [
    ['a facilitator', facilitatorDieppe],
    ['a company', await local.signIn('entreprise@demo.test')],
    ['a prescriber', await local.signIn('prescripteur@demo.test')],
    ['anon', local.anon()],
  ];
});
afterAll(async () => { await local.close(); });

const settings = {
  p_site_name: 'Clauses sociales du Pays de Caux', p_tagline: 'Les heures d’insertion du territoire',
  p_logo_url: '/logo.svg', p_color_primary: '#0B5563', p_color_accent: '#a3361b',
  p_publisher_name: 'Communauté d’agglomération (test)', p_publisher_address: '1 place de la Mairie, 76000 Test',
  p_publication_director: 'Le président', p_contact_email: 'Contact@Caux.test', p_dpo_contact: 'dpo@caux.test',
  p_host_name: 'Netlify, Inc.', p_host_address: '', p_accessibility_status: 'partiellement', p_accessibility_audit_date: '2026-06-30',
};

async function auditLines(table: string, since: number): Promise<Array<{ action: string; actor_role: string; actor_user_id: string | null; territory_id: string | null; changed_columns: string[] }>> {
  const { rows } = await local.db.query<{ action: string; actor_role: string; actor_user_id: string | null; territory_id: string | null; changed_columns: string[] }>(
    `select action, actor_role, actor_user_id, territory_id, changed_columns from app.audit_log where table_name = $1 and id > $2 order by id`, [table, since]);
  return rows;
}
const lastAuditId = async () => (await local.db.query<{ n: number }>(`select coalesce(max(id), 0)::int as n from app.audit_log`)).rows[0]!.n;

describe('the command that creates the first administrator', () => {
  it('creates the account, makes it an administrator and prints a link that signs it in once', async () => {
    const made = await createDeploymentAdmin({ supabaseUrl: local.url, serviceRoleKey: local.serviceRoleKey, siteUrl: 'https://clauses.example.org/' }, ' Premiere.Admin@Exemple.test ');
    expect(made.created).toBe(true);
    const link = new URL(made.signInLink);
    expect(`${link.origin}${link.pathname}`).toBe('https://clauses.example.org/espace/connexion/lien/');
    const tokenHash = link.searchParams.get('token_hash')!;
    const person = local.anon();
    const { error } = await person.auth.verifyOtp({ token_hash: tokenHash, type: 'email' });
    expect(error).toBeNull();
    const { data: memberships } = await person.rpc('my_memberships');
    expect(memberships).toEqual([expect.objectContaining({ role: 'admin', organisation_kind: 'deployment', territory_slug: null })]);
    // The link is single-use; running the command again keeps the account and gives a new link.
    expect((await local.anon().auth.verifyOtp({ token_hash: tokenHash, type: 'email' })).error).not.toBeNull();
    const again = await createDeploymentAdmin({ supabaseUrl: local.url, serviceRoleKey: local.serviceRoleKey, siteUrl: 'https://clauses.example.org' }, 'premiere.admin@exemple.test');
    expect(again).toMatchObject({ created: false, userId: made.userId });
    expect((await local.db.query(`select 1 from app.memberships where user_id = $1`, [made.userId])).rows).toHaveLength(1);
  });

  it('is the service role’s only: an administrator cannot name another through the API', async () => {
    expect((await admin.rpc('grant_deployment_admin', { p_user_id: users.prescriber })).error?.code).toBe('42501');
  });
});

describe('the site settings', () => {
  it('the administrator changes them, every public page reads them, and the log keeps who changed what', async () => {
    const since = await lastAuditId();
    const { error } = await admin.rpc('update_site_settings', settings);
    expect(error).toBeNull();
    const { data } = await local.anon().rpc('get_site_settings');
    expect(data).toMatchObject({
      site_name: 'Clauses sociales du Pays de Caux', color_primary: '#0b5563', contact_email: 'contact@caux.test',
      host_address: null, accessibility_status: 'partiellement', accessibility_audit_date: '2026-06-30',
    });
    const [line, ...more] = await auditLines('site_settings', since);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ action: 'update', actor_role: 'admin', actor_user_id: users.admin });
    expect(line!.changed_columns).toEqual(expect.arrayContaining(['site_name', 'color_primary', 'accessibility_status']));
  });

  it('refuses a bad value with its French message, changing nothing', async () => {
    expect(shown((await admin.rpc('update_site_settings', { ...settings, p_site_name: 'Autre nom', p_color_accent: 'rouge' })).error))
      .toMatchObject({ status: 422, hint: 'color_accent_invalid' });
    expect(shown((await admin.rpc('update_site_settings', { ...settings, p_accessibility_status: 'conforme' })).error))
      .toEqual({ status: 422, message: 'Choisissez l’état de conformité au RGAA dans la liste.', hint: 'accessibility_status_invalid' });
    expect((await local.anon().rpc('get_site_settings')).data).toMatchObject({ site_name: 'Clauses sociales du Pays de Caux' });
  });

  it.each([0, 1, 2])('is refused to anyone else (caller %i)', async (i) => {
    const [, client] = others[i]!;
    expect(shown((await client.rpc('update_site_settings', { ...settings, p_site_name: 'Intrus' })).error))
      .toEqual({ status: 403, message: 'Cette action est réservée aux administrateurs du déploiement.', hint: 'not_deployment_admin' });
  });
});

describe('a new territory', () => {
  it('is created with its facilitation service and the safe defaults, and logged', async () => {
    const since = await lastAuditId();
    const { data: id, error } = await admin.rpc('create_territory', { p_slug: 'pays-de-caux', p_name: 'Pays de Caux', p_kind: 'epci' });
    expect(error).toBeNull();
    const { rows: [territory] } = await local.db.query(`select slug, disclosure_threshold, company_min_count, company_max_share::float8 as company_max_share,
      retention_candidate_months, retention_participant_months, retention_log_months from app.territories where id = $1`, [id]);
    expect(territory).toEqual({ slug: 'pays-de-caux', disclosure_threshold: 11, company_min_count: 3, company_max_share: 0.85,
      retention_candidate_months: 24, retention_participant_months: 24, retention_log_months: 12 });
    const { data: listed } = await admin.rpc('list_deployment_territories');
    expect(listed).toContainEqual(expect.objectContaining({ slug: 'pays-de-caux', service_name: 'Service de facilitation Pays de Caux', facilitators: 0 }));
    expect((await auditLines('territories', since))).toEqual([expect.objectContaining({ action: 'insert', actor_role: 'admin', territory_id: id })]);
    expect((await auditLines('organisations', since))).toEqual([expect.objectContaining({ action: 'insert', territory_id: id })]);
  });

  it('refuses a taken or malformed identifier and an unknown kind, with their French messages', async () => {
    expect(shown((await admin.rpc('create_territory', { p_slug: 'dieppe-maritime', p_name: 'Doublon', p_kind: 'epci' })).error))
      .toEqual({ status: 409, message: 'Un territoire porte déjà cet identifiant : choisissez-en un autre.', hint: 'territory_slug_taken' });
    expect(shown((await admin.rpc('create_territory', { p_slug: 'Pays de Caux', p_name: 'Pays', p_kind: 'epci' })).error))
      .toMatchObject({ status: 422, hint: 'territory_slug_invalid' });
    expect(shown((await admin.rpc('create_territory', { p_slug: 'caux-2', p_name: 'Caux 2', p_kind: 'canton' })).error))
      .toMatchObject({ status: 422, hint: 'territory_kind_invalid' });
  });

  it.each([0, 1, 2])('cannot be created by anyone else (caller %i)', async (i) => {
    const [, client] = others[i]!;
    expect(shown((await client.rpc('create_territory', { p_slug: 'intrus', p_name: 'Intrus', p_kind: 'epci' })).error))
      .toMatchObject({ status: 403, hint: 'not_deployment_admin' });
  });
});

describe('its facilitator', () => {
  it('is invited by e-mail, signs in and sees the checklist, which ticks itself from the data', async () => {
    const since = await lastAuditId();
    const invited = await inviteFacilitatorByEmail(admin, 'pays-de-caux', { email: 'Camille.Caux@Exemple.test', displayName: 'Camille Caux' });
    expect(invited).toEqual({ ok: true, created: true, linkSent: true });
    expect((await auditLines('memberships', since))).toEqual([expect.objectContaining({ action: 'insert', actor_user_id: users.admin })]);
    const { data: link } = await local.service().auth.admin.generateLink({ type: 'magiclink', email: 'camille.caux@exemple.test' });
    const facilitator = local.anon();
    expect((await facilitator.auth.verifyOtp({ token_hash: link.properties!.hashed_token, type: 'email' })).error).toBeNull();
    const checklist = async () => (await facilitator.rpc('territory_start_checklist')).data;
    expect(await checklist()).toEqual([{ territory_slug: 'pays-de-caux', territory_name: 'Pays de Caux',
      contact_set: false, rules_reviewed: false, has_organisations: false, has_market: false }]);

    const { data: [territory] } = await facilitator.rpc('list_facilitated_territories') as { data: Array<{ id: string }> };
    expect((await facilitator.rpc('update_territory_settings', { p_territory_id: territory!.id, p_facilitator_contact_email: 'clauses@caux.test' })).error).toBeNull();
    expect((await facilitator.rpc('save_organisation', { p_territory_slug: 'pays-de-caux', p_kind: 'buyer', p_name: 'Commune de Caux (test)', p_buyer_sector: 'public' })).error).toBeNull();
    expect(await checklist()).toEqual([expect.objectContaining({ contact_set: true, rules_reviewed: true, has_organisations: true, has_market: false })]);
    // The administrator sees the facilitator counted.
    expect((await admin.rpc('list_deployment_territories')).data).toContainEqual(expect.objectContaining({ slug: 'pays-de-caux', facilitators: 1 }));
  });

  it('inviting the same person again changes nothing; an unknown territory is refused', async () => {
    expect(await inviteFacilitatorByEmail(admin, 'pays-de-caux', { email: 'camille.caux@exemple.test', displayName: 'Camille' }))
      .toEqual({ ok: true, created: false, linkSent: true });
    expect(await inviteFacilitatorByEmail(admin, 'inconnu', { email: 'x@exemple.test', displayName: 'X' }))
      .toMatchObject({ ok: false, error: { status: 404, message: 'Ce territoire est introuvable.' } });
  });

  it('is invited by the administrator only: a facilitator cannot appoint another, and no account is created for them', async () => {
    const refused = await inviteFacilitatorByEmail(facilitatorDieppe, 'pays-de-caux', { email: 'collegue@exemple.test', displayName: 'Collègue' });
    expect(refused).toMatchObject({ ok: false, error: { status: 403 } });
    expect((await local.db.query(`select 1 from auth.users where email = 'collegue@exemple.test'`)).rows).toHaveLength(0);
    expect(shown((await facilitatorDieppe.rpc('invite_facilitator', { p_territory_slug: 'pays-de-caux', p_user_id: users.prescriber })).error))
      .toMatchObject({ status: 403, hint: 'not_deployment_admin' });
  });
});

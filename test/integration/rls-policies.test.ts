// One test per row-level security policy, named after it: the caller the policy is for may do
// its command (the allowed case, chosen so that no other policy allows it), and another role,
// territory or organisation may not (the refused case). Every write is rolled back.
// The last test reads the policies from the catalogue (pg_policies): a policy without a test of
// its name, or a test naming a policy that no longer exists, fails the suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalSupabase } from '../support/local-supabase.ts';
import {
  aCandidature, aJobOffer, aMarket, anHourDeclaration, anOperation, anOrganisation, aParticipant, insertSql, type Row,
} from '../support/builders.ts';
import {
  candidatures, markets, offers, operations, organisations, participantId, territories, users,
} from '../support/seed.ts';
import { attempt, type Caller } from './as-role.ts';

let local: Awaited<ReturnType<typeof useLocalSupabase>>;

// Rows the seed does not have, written once as the superuser (see beforeAll).
let draftOffer: string; // on penlyLot1 (company A, Dieppe-Maritime)
let closedOffer: string; // on penlyLot1
let receivedWithoutLog: string; // a candidature of Dieppe-Maritime whose first log line is not written yet
let lot1Participant: string; // hours on penlyLot1 only (company A), none on company B's market
let coeurDeVilleMarket: string; // a market of the demo buyer's organisation
let coeurDeVilleAssignment: string; // a participant assigned to it
let penlyLot2Assignment: string; // the seed's assignment (arques:1 on company B's lot 2)
let submittedLine: string; // a submitted line of penlyLot1, October 2026
let validatedLine: string; // a validated line of penlyLot1
let dieppeExit: string; // an exit of a Dieppe-Maritime participant

async function superuser<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await local.db.query<{ v: T }>(sql, params);
  return rows[0]!.v;
}

beforeAll(async () => {
  local = await useLocalSupabase();
  const insert = async (table: string, row: Row) => {
    const { sql, params } = insertSql(table, row, 'id as v');
    return superuser<string>(sql, params);
  };
  draftOffer = await insert('app.job_offers', aJobOffer({ status: 'draft' }));
  closedOffer = await insert('app.job_offers', aJobOffer({ status: 'closed', trade: 'Offre pourvue (test)' }));
  receivedWithoutLog = await insert('app.candidatures', aCandidature());
  lot1Participant = await superuser(`select participant_id as v from app.hour_declarations d where market_id = $1
    and not exists (select 1 from app.hour_declarations o join app.markets m on m.id = o.market_id
                    where o.participant_id = d.participant_id and m.company_id <> $2)
    order by participant_id limit 1`, [markets.penlyLot1, organisations.companyA]);
  coeurDeVilleMarket = await superuser(`select id as v from app.markets where operation_id = $1 order by id limit 1`, [operations.coeurDeVille]);
  coeurDeVilleAssignment = await insert('app.market_assignments',
    { market_id: coeurDeVilleMarket, participant_id: participantId('acv', 1), assigned_on: '2026-11-02', created_by: users.facilitatorDieppe });
  penlyLot2Assignment = await superuser(`select id as v from app.market_assignments where market_id = $1`, [markets.penlyLot2]);
  submittedLine = await superuser(`select id as v from app.hour_declarations where market_id = $1 and status = 'submitted' order by id limit 1`, [markets.penlyLot1]);
  validatedLine = await superuser(`select id as v from app.hour_declarations where market_id = $1 and status = 'validated' order by id limit 1`, [markets.penlyLot1]);
  dieppeExit = await superuser(`select x.id as v from app.participant_exits x join app.participants p on p.id = x.participant_id
    where p.territory_id = $1 order by x.id limit 1`, [territories.dieppe]);
  await local.db.query(`update app.candidatures set cv_path = id::text || '.pdf' where id = $1`, [candidatures.sentToCompanyA]);
});
afterAll(async () => { await local.close(); });

const tested = new Set<string>();

/** The test of one policy: its name first, then the rule it enforces. */
function policy(name: string, rule: string, run: () => Promise<void>): void {
  tested.add(name);
  it(`${name}: ${rule}`, run);
}

/** How many rows of `table` matching `where` the caller sees, or the SQLSTATE of the refusal. */
async function visible(caller: Caller, table: string, where = 'true', params: unknown[] = []): Promise<number | string> {
  const result = await attempt<{ n: number }>(local.db, caller, `select count(*)::int as n from ${table} where ${where}`, params);
  return typeof result === 'string' ? result : result[0]!.n;
}

/** 'ok' if the caller may insert the row (rolled back), else the SQLSTATE (42501: refused by RLS). */
async function inserts(caller: Caller, table: string, row: Row): Promise<string> {
  const { sql, params } = insertSql(table, row);
  const result = await attempt(local.db, caller, sql, params);
  return typeof result === 'string' ? result : 'ok';
}

/** How many rows an update or delete (rolled back) reaches for the caller, or its SQLSTATE. */
async function changes(caller: Caller, sql: string, params: unknown[] = []): Promise<number | string> {
  const result = await attempt(local.db, caller, `${sql} returning 1`, params);
  return typeof result === 'string' ? result : result.length;
}

describe('app.site_settings', () => {
  policy('site_settings_select_all', 'anyone reads the site settings; nobody changes them through the table', async () => {
    expect(await visible('anon', 'app.site_settings')).toBe(1);
    expect(await visible('siae', 'app.site_settings')).toBe(1);
    expect(await changes('facilitatorDieppe', `update app.site_settings set site_name = 'Intrus'`)).toBe(0);
    expect(await changes('anon', `update app.site_settings set site_name = 'Intrus'`)).toBe('42501');
  });

  policy('site_settings_update_admin', 'the deployment administrator changes the site settings; a facilitator does not', async () => {
    const sql = `update app.site_settings set site_name = 'Nouveau nom (test)'`;
    expect(await changes('admin', sql)).toBe(1);
    expect(await changes('facilitatorDieppe', sql)).toBe(0);
    expect(await changes('buyer', sql)).toBe(0);
  });
});

describe('app.territories', () => {
  policy('territories_select_all', 'anyone reads every territory; anon changes none', async () => {
    expect(await visible('anon', 'app.territories')).toBe(3);
    expect(await visible('prescriber', 'app.territories')).toBe(3);
    expect(await changes('anon', `update app.territories set description = 'Intrus'`)).toBe('42501');
  });

  policy('territories_update_facilitator', 'a facilitator edits their territory, not another one', async () => {
    const sql = `update app.territories set description = 'Nouvelle description (test)' where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [territories.dieppe])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [territories.dieppe])).toBe(0);
    expect(await changes('companyA', sql, [territories.dieppe])).toBe(0);
  });

  policy('territories_insert_admin', 'the deployment administrator creates a territory; a facilitator or anon does not', async () => {
    const territory = { slug: 'territoire-test', name: 'Territoire de test', kind: 'epci' };
    expect(await inserts('admin', 'app.territories', territory)).toBe('ok');
    expect(await inserts('facilitatorDieppe', 'app.territories', territory)).toBe('42501');
    expect(await inserts('anon', 'app.territories', territory)).toBe('42501');
  });
});

describe('app.organisations', () => {
  policy('organisations_select', 'a member reads their organisation; not another SIAE of the territory', async () => {
    expect(await visible('siae', 'app.organisations', 'id = $1', [organisations.siaeLittoral])).toBe(1);
    expect(await visible('siae', 'app.organisations', 'id = $1', [organisations.siaeInterim])).toBe(0);
  });

  policy('organisations_select', 'a facilitator reads the organisations of their territory, not of another', async () => {
    expect(await visible('facilitatorDieppe', 'app.organisations', 'id = $1', [organisations.siaeInterim])).toBe(1);
    expect(await visible('facilitatorAlpes', 'app.organisations', 'id = $1', [organisations.siaeInterim])).toBe(0);
  });

  policy('organisations_select', 'the buyer and the company of a market the caller reads are named to each other; not to others', async () => {
    expect(await visible('companyA', 'app.organisations', 'id = $1', [organisations.buyerEpr2])).toBe(1);
    expect(await visible('companyA', 'app.organisations', 'id = $1', [organisations.buyerCoeurDeVille])).toBe(0);
    expect(await visible('prescriber', 'app.organisations', 'id = $1', [organisations.buyerEpr2])).toBe(0);
    expect(await visible('anon', 'app.organisations', 'id = $1', [organisations.buyerEpr2])).toBe('42501');
  });

  policy('organisations_select', 'a company reads the SIAE of its markets’ territory, not of another territory', async () => {
    expect(await visible('companyA', 'app.organisations', 'id = $1', [organisations.siaeInterim])).toBe(1);
    expect(await visible('companyA', 'app.organisations', 'id = $1', [organisations.siaeAlpes])).toBe(0);
  });

  policy('organisations_insert', 'a facilitator adds an organisation to their territory, not to another, and no facilitation service', async () => {
    expect(await inserts('facilitatorDieppe', 'app.organisations', anOrganisation({ territory_id: territories.dieppe }))).toBe('ok');
    expect(await inserts('facilitatorAlpes', 'app.organisations', anOrganisation({ territory_id: territories.dieppe }))).toBe('42501');
    expect(await inserts('facilitatorDieppe', 'app.organisations', anOrganisation({ kind: 'facilitation_service' }))).toBe('42501');
    expect(await inserts('companyA', 'app.organisations', anOrganisation())).toBe('42501');
  });

  policy('organisations_insert', 'the deployment administrator adds a territory’s facilitation service, and nothing else', async () => {
    const service = anOrganisation({ kind: 'facilitation_service', territory_id: territories.alpes, name: 'Second service (test)' });
    expect(await inserts('admin', 'app.organisations', service)).toBe('ok');
    expect(await inserts('admin', 'app.organisations', anOrganisation({ territory_id: territories.alpes }))).toBe('42501');
    expect(await inserts('facilitatorAlpes', 'app.organisations', service)).toBe('42501');
  });

  policy('organisations_select', 'the deployment administrator reads the facilitation services, not the territories’ partners', async () => {
    expect(await visible('admin', 'app.organisations', 'id = $1', [organisations.serviceCalvados])).toBe(1);
    expect(await visible('admin', 'app.organisations', 'id = $1', [organisations.companyA])).toBe(0);
    expect(await visible('prescriber', 'app.organisations', 'id = $1', [organisations.serviceCalvados])).toBe(0);
  });

  policy('organisations_update_facilitator', 'a facilitator edits the organisations of their territory, except the facilitation service', async () => {
    const sql = `update app.organisations set name = 'Nouveau nom (test)' where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [organisations.siaeInterim])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [organisations.siaeInterim])).toBe(0);
    expect(await changes('facilitatorDieppe', sql, [organisations.serviceDieppe])).toBe(0);
    expect(await changes('companyA', sql, [organisations.companyA])).toBe(0);
  });
});

describe('app.memberships', () => {
  policy('memberships_select', 'a user reads their own memberships, not another user’s', async () => {
    expect(await visible('companyA', 'app.memberships', 'user_id = $1', [users.companyA])).toBe(1);
    expect(await visible('companyB', 'app.memberships', 'user_id = $1', [users.companyA])).toBe(0);
  });

  policy('memberships_select', 'a facilitator reads the memberships of their territory’s organisations, not of another', async () => {
    expect(await visible('facilitatorDieppe', 'app.memberships', 'user_id = $1', [users.companyA])).toBe(1);
    expect(await visible('facilitatorAlpes', 'app.memberships', 'user_id = $1', [users.companyA])).toBe(0);
  });

  policy('memberships_select', 'the deployment administrator reads who facilitates each territory, not the partners’ members', async () => {
    expect(await visible('admin', 'app.memberships', 'user_id = $1', [users.facilitatorCalvados])).toBe(1);
    expect(await visible('admin', 'app.memberships', 'user_id = $1', [users.companyA])).toBe(0);
  });

  policy('memberships_insert', 'the deployment administrator makes an account a facilitator of a territory, and gives no other access', async () => {
    const member = (organisation: string, role: string) => ({ user_id: users.prescriber, organisation_id: organisation, role });
    expect(await inserts('admin', 'app.memberships', member(organisations.serviceAlpes, 'facilitator'))).toBe('ok');
    expect(await inserts('admin', 'app.memberships', member(organisations.companyB, 'company'))).toBe('42501');
    expect(await inserts('facilitatorAlpes', 'app.memberships', member(organisations.serviceAlpes, 'facilitator'))).toBe('42501');
  });

  policy('memberships_insert', 'a facilitator adds a member to an organisation of their territory, not elsewhere nor to the facilitation service', async () => {
    const member = (organisation: string, role: string) => ({ user_id: users.prescriber, organisation_id: organisation, role });
    expect(await inserts('facilitatorDieppe', 'app.memberships', member(organisations.companyB, 'company'))).toBe('ok');
    expect(await inserts('facilitatorAlpes', 'app.memberships', member(organisations.companyB, 'company'))).toBe('42501');
    expect(await inserts('facilitatorDieppe', 'app.memberships', member(organisations.serviceDieppe, 'facilitator'))).toBe('42501');
    expect(await inserts('companyB', 'app.memberships', member(organisations.companyB, 'company'))).toBe('42501');
  });

  policy('memberships_delete_facilitator', 'a facilitator removes a member of their territory’s organisation, not elsewhere nor from the facilitation service', async () => {
    const sql = `delete from app.memberships where user_id = $1`;
    expect(await changes('facilitatorDieppe', sql, [users.companyB])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [users.companyB])).toBe(0);
    expect(await changes('facilitatorDieppe', sql, [users.facilitatorDieppe])).toBe(0);
    expect(await changes('companyB', sql, [users.companyB])).toBe(0);
  });
});

describe('app.operations', () => {
  policy('operations_select', 'a facilitator reads their territory’s operations, not another’s', async () => {
    expect(await visible('facilitatorDieppe', 'app.operations', 'territory_id = $1', [territories.dieppe])).toBe(3);
    expect(await visible('facilitatorAlpes', 'app.operations', 'territory_id = $1', [territories.dieppe])).toBe(0);
  });

  policy('operations_select', 'a company or a buyer reads the operations of its markets, not others', async () => {
    expect(await visible('companyA', 'app.operations', 'id = $1', [operations.penly])).toBe(1);
    expect(await visible('companyA', 'app.operations', 'id = $1', [operations.coeurDeVille])).toBe(0);
    expect(await visible('buyer', 'app.operations', 'id = $1', [operations.coeurDeVille])).toBe(1);
    expect(await visible('buyer', 'app.operations', 'id = $1', [operations.penly])).toBe(0);
  });

  policy('operations_insert_facilitator', 'a facilitator creates an operation in their territory, not in another', async () => {
    expect(await inserts('facilitatorDieppe', 'app.operations', anOperation({ territory_id: territories.dieppe }))).toBe('ok');
    expect(await inserts('facilitatorDieppe', 'app.operations', anOperation({ territory_id: territories.alpes }))).toBe('42501');
    expect(await inserts('companyA', 'app.operations', anOperation())).toBe('42501');
  });

  policy('operations_update_facilitator', 'a facilitator edits their territory’s operations, not another’s', async () => {
    const sql = `update app.operations set name = 'Nouveau nom (test)' where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [operations.penly])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [operations.penly])).toBe(0);
    expect(await changes('companyA', sql, [operations.penly])).toBe(0);
  });
});

describe('app.markets', () => {
  policy('markets_select', 'a facilitator reads their territory’s markets, not another’s', async () => {
    expect(await visible('facilitatorAlpes', 'app.markets', 'territory_id = $1', [territories.alpes])).toBe(3);
    expect(await visible('facilitatorAlpes', 'app.markets', 'territory_id = $1', [territories.dieppe])).toBe(0);
  });

  policy('markets_select', 'a company or a buyer reads its own markets, not another company’s or buyer’s', async () => {
    expect(await visible('companyA', 'app.markets', 'id = $1', [markets.penlyLot1])).toBe(1);
    expect(await visible('companyA', 'app.markets', 'id = $1', [markets.penlyLot2])).toBe(0);
    expect(await visible('buyer', 'app.markets', 'id = $1', [coeurDeVilleMarket])).toBe(1);
    expect(await visible('buyer', 'app.markets', 'id = $1', [markets.penlyLot1])).toBe(0);
  });

  policy('markets_insert_facilitator', 'a facilitator creates a market in their territory, not in another', async () => {
    expect(await inserts('facilitatorDieppe', 'app.markets', aMarket())).toBe('ok');
    // The company sees both organisations of its own lot, so only the policy stands in its way.
    expect(await inserts('companyA', 'app.markets', aMarket({ buyer_id: organisations.buyerEpr2 }))).toBe('42501');
    // Another territory's facilitator is stopped before, by the trigger that cannot see the buyer.
    expect(await inserts('facilitatorAlpes', 'app.markets', aMarket())).toBe('22023');
  });

  policy('markets_update_facilitator', 'a facilitator edits their territory’s markets; another facilitator or the company cannot', async () => {
    const sql = `update app.markets set title = 'Nouveau titre (test)' where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [markets.penlyLot1])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [markets.penlyLot1])).toBe(0);
    expect(await changes('companyA', sql, [markets.penlyLot1])).toBe(0);
  });
});

describe('app.job_offers', () => {
  policy('job_offers_select_anon', 'anon reads published and closed offers, never a draft', async () => {
    expect(await visible('anon', 'app.job_offers', 'id = any ($1)', [[offers.penlyLot1, closedOffer]])).toBe(2);
    expect(await visible('anon', 'app.job_offers', 'id = $1', [draftOffer])).toBe(0);
  });

  policy('job_offers_select', 'a signed-in partner reads published offers, not drafts nor closed ones of others', async () => {
    expect(await visible('siae', 'app.job_offers', 'id = any ($1)', [[offers.penlyLot1, offers.penlyLot2, offers.alpes]])).toBe(3);
    expect(await visible('siae', 'app.job_offers', 'id = any ($1)', [[draftOffer, closedOffer]])).toBe(0);
  });

  policy('job_offers_select', 'a facilitator reads their territory’s draft offers, not another territory’s', async () => {
    expect(await visible('facilitatorDieppe', 'app.job_offers', 'id = $1', [draftOffer])).toBe(1);
    expect(await visible('facilitatorAlpes', 'app.job_offers', 'id = $1', [draftOffer])).toBe(0);
  });

  policy('job_offers_select', 'a company reads the draft offers of its markets, not another company’s', async () => {
    expect(await visible('companyA', 'app.job_offers', 'id = $1', [draftOffer])).toBe(1);
    expect(await visible('companyB', 'app.job_offers', 'id = $1', [draftOffer])).toBe(0);
  });

  policy('job_offers_insert_facilitator', 'a facilitator creates an offer on their territory’s market; another facilitator or the company cannot', async () => {
    expect(await inserts('facilitatorDieppe', 'app.job_offers', aJobOffer())).toBe('ok');
    expect(await inserts('facilitatorAlpes', 'app.job_offers', aJobOffer())).toBe('42501');
    expect(await inserts('companyA', 'app.job_offers', aJobOffer())).toBe('42501');
  });

  policy('job_offers_update_facilitator', 'a facilitator edits their territory’s offers; another facilitator or the company cannot', async () => {
    const sql = `update app.job_offers set trade = 'Nouveau métier (test)' where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [draftOffer])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [draftOffer])).toBe(0);
    expect(await changes('companyA', sql, [draftOffer])).toBe(0);
  });
});

describe('app.candidatures', () => {
  policy('candidatures_insert_anon', 'anyone sends a received candidature; not one in another state', async () => {
    expect(await inserts('anon', 'app.candidatures', aCandidature())).toBe('ok');
    expect(await inserts('anon', 'app.candidatures', aCandidature({ status: 'hired' }))).toBe('42501');
    expect(await inserts('prescriber', 'app.candidatures', aCandidature({ status: 'sent_to_company' }))).toBe('42501');
  });

  policy('candidatures_select', 'a facilitator reads their territory’s candidatures, not another’s', async () => {
    expect(await visible('facilitatorDieppe', 'app.candidatures', 'id = $1', [candidatures.received])).toBe(1);
    expect(await visible('facilitatorAlpes', 'app.candidatures', 'id = $1', [candidatures.received])).toBe(0);
  });

  policy('candidatures_select', 'an organisation reads the candidatures it sent, not another’s', async () => {
    expect(await visible('siae', 'app.candidatures', 'id = $1', [candidatures.sentToCompanyABySiae])).toBe(1);
    expect(await visible('prescriber', 'app.candidatures', 'id = $1', [candidatures.sentToCompanyABySiae])).toBe(0);
  });

  policy('candidatures_update', 'a facilitator updates their territory’s candidatures, not another’s', async () => {
    const sql = `update app.candidatures set last_contact_at = now() where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [candidatures.inReview])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [candidatures.inReview])).toBe(0);
  });

  policy('candidatures_select', 'a company reads the files transmitted to it, not those under review nor another company’s', async () => {
    expect(await visible('companyA', 'app.candidatures', 'id = $1', [candidatures.sentToCompanyA])).toBe(1);
    expect(await visible('companyA', 'app.candidatures', 'id = $1', [candidatures.inReview])).toBe(0);
    expect(await visible('companyB', 'app.candidatures', 'id = $1', [candidatures.sentToCompanyA])).toBe(0);
  });

  policy('candidatures_update', 'a company hires or declines a file transmitted to it; nothing else, nobody else', async () => {
    const decide = `update app.candidatures set status = $2 where id = $1`;
    expect(await changes('companyA', decide, [candidatures.sentToCompanyA, 'hired'])).toBe(1);
    expect(await changes('companyA', decide, [candidatures.sentToCompanyA, 'in_review'])).toBe('42501');
    expect(await changes('companyB', decide, [candidatures.sentToCompanyA, 'hired'])).toBe(0);
    expect(await changes('companyA', decide, [candidatures.inReview, 'hired'])).toBe(0);
  });
});

describe('app.candidature_transitions', () => {
  const step = (candidature: string, from: string | null, to: string, actor: string | null) =>
    ({ candidature_id: candidature, from_status: from, to_status: to, actor_user_id: actor });

  policy('candidature_transitions_insert_anon', 'anyone logs the first step of a candidature, no later one', async () => {
    expect(await inserts('anon', 'app.candidature_transitions', step(receivedWithoutLog, null, 'received', null))).toBe('ok');
    expect(await inserts('anon', 'app.candidature_transitions', step(receivedWithoutLog, 'received', 'in_review', null))).toBe('42501');
  });

  policy('candidature_transitions_insert', 'a signed-in person logs the first step of their candidature, no later one', async () => {
    expect(await inserts('prescriber', 'app.candidature_transitions', step(receivedWithoutLog, null, 'received', null))).toBe('ok');
    expect(await inserts('prescriber', 'app.candidature_transitions', step(receivedWithoutLog, 'received', 'in_review', null))).toBe('42501');
  });

  policy('candidature_transitions_insert', 'a facilitator logs a step of their territory’s candidature in their own name; not another territory’s, nor in someone else’s name', async () => {
    expect(await inserts('facilitatorDieppe', 'app.candidature_transitions', step(candidatures.inReview, 'in_review', 'shortlisted', users.facilitatorDieppe))).toBe('ok');
    expect(await inserts('facilitatorAlpes', 'app.candidature_transitions', step(candidatures.inReview, 'in_review', 'shortlisted', users.facilitatorAlpes))).toBe('42501');
    expect(await inserts('facilitatorDieppe', 'app.candidature_transitions', step(candidatures.inReview, 'in_review', 'shortlisted', users.facilitatorAlpes))).toBe('42501');
  });

  policy('candidature_transitions_select', 'a facilitator reads the log of their territory’s candidatures, not another’s', async () => {
    expect(await visible('facilitatorDieppe', 'app.candidature_transitions', 'candidature_id = $1', [candidatures.inReview])).toBe(2);
    expect(await visible('facilitatorAlpes', 'app.candidature_transitions', 'candidature_id = $1', [candidatures.inReview])).toBe(0);
  });

  policy('candidature_transitions_select', 'an organisation reads the log of the candidatures it sent, not another’s', async () => {
    expect(await visible('siae', 'app.candidature_transitions', 'candidature_id = $1', [candidatures.sentToCompanyABySiae])).toBe(4);
    expect(await visible('prescriber', 'app.candidature_transitions', 'candidature_id = $1', [candidatures.sentToCompanyABySiae])).toBe(0);
  });

  policy('candidature_transitions_select', 'a company reads the log of the files transmitted to it, not of another company’s', async () => {
    expect(await visible('companyA', 'app.candidature_transitions', 'candidature_id = $1', [candidatures.sentToCompanyA])).toBe(4);
    expect(await visible('companyB', 'app.candidature_transitions', 'candidature_id = $1', [candidatures.sentToCompanyA])).toBe(0);
    expect(await visible('companyA', 'app.candidature_transitions', 'candidature_id = $1', [candidatures.inReview])).toBe(0);
  });

  policy('candidature_transitions_insert', 'a company logs its choice on a file transmitted to it, in its own name; not another company, nor another step', async () => {
    expect(await inserts('companyA', 'app.candidature_transitions', step(candidatures.sentToCompanyA, 'sent_to_company', 'hired', users.companyA))).toBe('ok');
    expect(await inserts('companyB', 'app.candidature_transitions', step(candidatures.sentToCompanyA, 'sent_to_company', 'hired', users.companyB))).toBe('42501');
    expect(await inserts('companyA', 'app.candidature_transitions', step(candidatures.sentToCompanyA, 'sent_to_company', 'in_review', users.companyA))).toBe('42501');
  });
});

describe('app.participants', () => {
  policy('participants_select', 'a facilitator reads their territory’s participants, not another’s', async () => {
    expect(await visible('facilitatorAlpes', 'app.participants', 'territory_id = $1', [territories.alpes])).toBe(8);
    expect(await visible('facilitatorAlpes', 'app.participants', 'territory_id = $1', [territories.dieppe])).toBe(0);
  });

  policy('participants_select', 'a company reads the people it declared hours for or that are assigned to its markets, not others', async () => {
    expect(await visible('companyA', 'app.participants', 'id = $1', [lot1Participant])).toBe(1);
    expect(await visible('companyB', 'app.participants', 'id = $1', [lot1Participant])).toBe(0);
    expect(await visible('companyB', 'app.participants', 'id = $1', [participantId('arques', 1)])).toBe(1);
    expect(await visible('companyA', 'app.participants', 'id = $1', [participantId('arques', 1)])).toBe(0);
  });

  policy('participants_insert_facilitator', 'a facilitator adds a participant to their territory, not to another', async () => {
    expect(await inserts('facilitatorAlpes', 'app.participants', aParticipant({ territory_id: territories.alpes }))).toBe('ok');
    expect(await inserts('facilitatorAlpes', 'app.participants', aParticipant({ territory_id: territories.dieppe }))).toBe('42501');
    expect(await inserts('companyA', 'app.participants', aParticipant())).toBe('42501');
  });

  policy('participants_update_facilitator', 'a facilitator edits their territory’s participants; another facilitator or the company cannot', async () => {
    const sql = `update app.participants set commune = 'Envermeu' where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [lot1Participant])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [lot1Participant])).toBe(0);
    expect(await changes('companyA', sql, [lot1Participant])).toBe(0);
  });
});

describe('app.hour_declarations', () => {
  policy('hour_declarations_select', 'a facilitator reads the lines of their territory’s markets, not another’s', async () => {
    expect(await visible('facilitatorDieppe', 'app.hour_declarations', 'market_id = $1', [markets.penlyLot1])).toBeGreaterThan(0);
    expect(await visible('facilitatorAlpes', 'app.hour_declarations', 'market_id = $1', [markets.penlyLot1])).toBe(0);
  });

  policy('hour_declarations_select', 'a company reads the lines of its markets, not another company’s', async () => {
    expect(await visible('companyA', 'app.hour_declarations', 'market_id = $1', [markets.penlyLot1])).toBeGreaterThan(0);
    expect(await visible('companyB', 'app.hour_declarations', 'market_id = $1', [markets.penlyLot1])).toBe(0);
  });

  policy('hour_declarations_select', 'a buyer reads the lines of its markets, not another buyer’s', async () => {
    expect(await visible('buyer', 'app.hour_declarations', 'market_id = $1', [coeurDeVilleMarket])).toBeGreaterThan(0);
    expect(await visible('buyer', 'app.hour_declarations', 'market_id = $1', [markets.penlyLot1])).toBe(0);
  });

  policy('hour_declarations_select', 'an SIAE reads the lines that name it as employer, not those naming another SIAE', async () => {
    expect(await visible('siae', 'app.hour_declarations', 'employer_id = $1', [organisations.siaeLittoral])).toBe(3);
    expect(await visible('siae', 'app.hour_declarations', 'employer_id = $1', [organisations.siaeInterim])).toBe(0);
    expect(await visible('facilitatorDieppe', 'app.hour_declarations', 'employer_id = $1', [organisations.siaeInterim])).toBeGreaterThan(0);
  });

  policy('hour_declarations_insert', 'a company declares draft or submitted hours on its market; not on another’s, and not validated', async () => {
    const line = (overrides: Row = {}) => anHourDeclaration({ participant_id: lot1Participant, ...overrides });
    expect(await inserts('companyA', 'app.hour_declarations', line())).toBe('ok');
    expect(await inserts('companyB', 'app.hour_declarations', line())).toBe('42501');
    expect(await inserts('companyA', 'app.hour_declarations', line({ status: 'validated', validated_at: new Date().toISOString() }))).toBe('42501');
  });

  policy('hour_declarations_update', 'a company corrects its submitted lines; not another company’s, not a validated one', async () => {
    const sql = `update app.hour_declarations set hours = hours - 1 where id = $1`;
    expect(await changes('companyA', sql, [submittedLine])).toBe(1);
    expect(await changes('companyB', sql, [submittedLine])).toBe(0);
    expect(await changes('companyA', sql, [validatedLine])).toBe(0);
  });

  policy('hour_declarations_insert', 'a facilitator adds a correcting line on their territory’s market; not a plain line, not on another territory’s market', async () => {
    const correction = { ...anHourDeclaration({ participant_id: lot1Participant, hours: -5, status: 'draft' }), corrects_id: validatedLine };
    expect(await inserts('facilitatorDieppe', 'app.hour_declarations', correction)).toBe('ok');
    expect(await inserts('facilitatorAlpes', 'app.hour_declarations', correction)).toBe('42501');
    expect(await inserts('facilitatorDieppe', 'app.hour_declarations', anHourDeclaration({ participant_id: lot1Participant }))).toBe('42501');
  });

  policy('hour_declarations_update', 'a facilitator validates the lines of their territory’s markets, not another’s', async () => {
    const sql = `update app.hour_declarations set status = 'validated', validated_at = now() where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [submittedLine])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [submittedLine])).toBe(0);
  });
});

describe('app.participant_exits', () => {
  policy('participant_exits_select_facilitator', 'a facilitator reads the exits of their territory’s participants, not another’s', async () => {
    expect(await visible('facilitatorDieppe', 'app.participant_exits', 'id = $1', [dieppeExit])).toBe(1);
    expect(await visible('facilitatorAlpes', 'app.participant_exits', 'id = $1', [dieppeExit])).toBe(0);
    expect(await visible('companyA', 'app.participant_exits', 'id = $1', [dieppeExit])).toBe(0);
  });

  policy('participant_exits_insert_facilitator', 'a facilitator records an exit of their territory’s participant, not of another’s', async () => {
    const exit = { participant_id: participantId('acv', 2), milestone: 'm6', observed_on: '2026-07-01', situation: 'cdi' };
    expect(await inserts('facilitatorDieppe', 'app.participant_exits', exit)).toBe('ok');
    expect(await inserts('facilitatorAlpes', 'app.participant_exits', exit)).toBe('42501');
    expect(await inserts('companyA', 'app.participant_exits', exit)).toBe('42501');
  });

  policy('participant_exits_update_facilitator', 'a facilitator corrects an exit of their territory’s participant, not of another’s', async () => {
    const sql = `update app.participant_exits set situation = 'job_seeker' where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [dieppeExit])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [dieppeExit])).toBe(0);
  });
});

describe('app.publications', () => {
  policy('publications_select_all', 'anyone reads the publications; anon publishes nothing', async () => {
    expect(await visible('anon', 'app.publications')).toBe(3);
    expect(await inserts('anon', 'app.publications', { territory_id: territories.dieppe, year: 2026, figures: {} })).toBe('42501');
  });

  policy('publications_insert_facilitator', 'a facilitator publishes for their territory in their own name; not for another territory, nor in someone else’s name', async () => {
    const publication = (territory: string, by: string) => ({ territory_id: territory, year: 2026, version: 1, figures: {}, published_by: by });
    expect(await inserts('facilitatorDieppe', 'app.publications', publication(territories.dieppe, users.facilitatorDieppe))).toBe('ok');
    expect(await inserts('facilitatorAlpes', 'app.publications', publication(territories.dieppe, users.facilitatorAlpes))).toBe('42501');
    expect(await inserts('facilitatorDieppe', 'app.publications', publication(territories.dieppe, users.facilitatorAlpes))).toBe('42501');
  });
});

describe('app.audit_log', () => {
  policy('audit_log_select_facilitator', 'a facilitator reads their territory’s audit log, not another’s', async () => {
    expect(await visible('facilitatorDieppe', 'app.audit_log', 'territory_id = $1', [territories.dieppe])).toBeGreaterThan(0);
    expect(await visible('facilitatorAlpes', 'app.audit_log', 'territory_id = $1', [territories.dieppe])).toBe(0);
    expect(await visible('companyA', 'app.audit_log')).toBe(0);
  });

  policy('audit_log_insert_read', 'a reader logs their own read of a CV or contact details they may read; not of those they may not, nor in someone else’s name', async () => {
    const read = (actor: string, columns = ['cv_path']) => ({
      table_name: 'candidatures', row_id: candidatures.sentToCompanyA, action: 'read', territory_id: territories.dieppe,
      actor_user_id: actor, actor_role: 'authenticated', changed_columns: columns,
    });
    expect(await inserts('facilitatorDieppe', 'app.audit_log', read(users.facilitatorDieppe))).toBe('ok');
    expect(await inserts('facilitatorDieppe', 'app.audit_log', read(users.facilitatorDieppe, ['email', 'phone', 'prescriber_email']))).toBe('ok');
    expect(await inserts('companyA', 'app.audit_log', read(users.companyA, ['email', 'phone']))).toBe('ok');
    // A CV read line needs a CV: the candidature under review has none.
    expect(await inserts('facilitatorDieppe', 'app.audit_log', { ...read(users.facilitatorDieppe), row_id: candidatures.inReview })).toBe('42501');
    expect(await inserts('facilitatorAlpes', 'app.audit_log', read(users.facilitatorAlpes, ['email', 'phone']))).toBe('42501');
    expect(await inserts('companyB', 'app.audit_log', read(users.companyB, ['email', 'phone']))).toBe('42501');
    expect(await inserts('facilitatorDieppe', 'app.audit_log', read(users.companyA, ['email', 'phone']))).toBe('42501');
    expect(await inserts('facilitatorDieppe', 'app.audit_log', read(users.facilitatorDieppe, ['first_name']))).toBe('42501');
  });
});

describe('app.outbox', () => {
  policy('outbox_insert_anon', 'an action queues a pending e-mail; not one marked sent', async () => {
    const mail = (overrides: Row = {}) => ({ template: 'candidature_acknowledgement', recipient: 'camille.test@exemple.test', ...overrides });
    expect(await inserts('anon', 'app.outbox', mail())).toBe('ok');
    expect(await inserts('anon', 'app.outbox', mail({ status: 'sent' }))).toBe('42501');
    expect(await inserts('companyA', 'app.outbox', mail({ attempts: 3 }))).toBe('42501');
  });
});

describe('app.market_assignments', () => {
  policy('market_assignments_select', 'a facilitator reads the assignments of their territory’s markets, not another’s', async () => {
    expect(await visible('facilitatorDieppe', 'app.market_assignments', 'id = $1', [penlyLot2Assignment])).toBe(1);
    expect(await visible('facilitatorAlpes', 'app.market_assignments', 'id = $1', [penlyLot2Assignment])).toBe(0);
  });

  policy('market_assignments_select', 'a company reads the assignments to its markets, not to another company’s', async () => {
    expect(await visible('companyB', 'app.market_assignments', 'id = $1', [penlyLot2Assignment])).toBe(1);
    expect(await visible('companyA', 'app.market_assignments', 'id = $1', [penlyLot2Assignment])).toBe(0);
  });

  policy('market_assignments_select', 'a buyer reads the assignments to its markets, not to another buyer’s', async () => {
    expect(await visible('buyer', 'app.market_assignments', 'id = $1', [coeurDeVilleAssignment])).toBe(1);
    expect(await visible('buyer', 'app.market_assignments', 'id = $1', [penlyLot2Assignment])).toBe(0);
  });

  policy('market_assignments_insert_facilitator', 'a facilitator assigns a participant to their territory’s market; another facilitator or the company cannot', async () => {
    const assignment = { market_id: markets.penlyLot1, participant_id: participantId('arques', 2), assigned_on: '2026-11-02' };
    expect(await inserts('facilitatorDieppe', 'app.market_assignments', assignment)).toBe('ok');
    // The company sees its market and a person it declared hours for: only the policy refuses it.
    expect(await inserts('companyA', 'app.market_assignments', { ...assignment, participant_id: lot1Participant })).toBe('42501');
    // Another territory's facilitator is stopped before, by the trigger that cannot see the participant.
    expect(await inserts('facilitatorAlpes', 'app.market_assignments', assignment)).toBe('22023');
  });

  policy('market_assignments_delete_facilitator', 'a facilitator removes an assignment on their territory’s market; another facilitator or the company cannot', async () => {
    const sql = `delete from app.market_assignments where id = $1`;
    expect(await changes('facilitatorDieppe', sql, [penlyLot2Assignment])).toBe(1);
    expect(await changes('facilitatorAlpes', sql, [penlyLot2Assignment])).toBe(0);
    expect(await changes('companyB', sql, [penlyLot2Assignment])).toBe(0);
  });
});

describe('app.market_month_hours', () => {
  policy('market_month_hours_select', 'the totals of a market are read by its territory’s facilitators, its company and its buyer; not by others', async () => {
    expect(await visible('facilitatorDieppe', 'app.market_month_hours', 'market_id = $1', [markets.penlyLot1])).toBeGreaterThan(0);
    expect(await visible('facilitatorAlpes', 'app.market_month_hours', 'market_id = $1', [markets.penlyLot1])).toBe(0);
    expect(await visible('companyA', 'app.market_month_hours', 'market_id = $1', [markets.penlyLot1])).toBeGreaterThan(0);
    expect(await visible('companyB', 'app.market_month_hours', 'market_id = $1', [markets.penlyLot1])).toBe(0);
    expect(await visible('buyer', 'app.market_month_hours', 'market_id = $1', [coeurDeVilleMarket])).toBeGreaterThan(0);
    expect(await visible('buyer', 'app.market_month_hours', 'market_id = $1', [markets.penlyLot1])).toBe(0);
    expect(await visible('siae', 'app.market_month_hours')).toBe(0);
    expect(await visible('anon', 'app.market_month_hours')).toBe('42501');
  });
});

describe('app.validated_person_year_hours', () => {
  policy('validated_person_year_hours_select', 'a person’s validated hours are read by whoever reads the lines: the market’s facilitators, company and buyer, the SIAE named as employer; not by others', async () => {
    const where = 'market_id = $1';
    expect(await visible('facilitatorDieppe', 'app.validated_person_year_hours', where, [markets.penlyLot1])).toBeGreaterThan(0);
    expect(await visible('facilitatorAlpes', 'app.validated_person_year_hours', where, [markets.penlyLot1])).toBe(0);
    expect(await visible('companyA', 'app.validated_person_year_hours', where, [markets.penlyLot1])).toBeGreaterThan(0);
    expect(await visible('companyB', 'app.validated_person_year_hours', where, [markets.penlyLot1])).toBe(0);
    expect(await visible('buyer', 'app.validated_person_year_hours', where, [coeurDeVilleMarket])).toBeGreaterThan(0);
    expect(await visible('buyer', 'app.validated_person_year_hours', where, [markets.penlyLot1])).toBe(0);
    // The SIAE reads the rows naming it as employer (as many as the service role sees), not another SIAE's.
    const littoral = (await local.db.query<{ n: number }>(
      `select count(*)::int as n from app.validated_person_year_hours where employer_id = $1`, [organisations.siaeLittoral])).rows[0]!.n;
    expect(await visible('siae', 'app.validated_person_year_hours', 'employer_id = $1', [organisations.siaeLittoral])).toBe(littoral);
    expect(await visible('siae', 'app.validated_person_year_hours', 'employer_id = $1', [organisations.siaeInterim])).toBe(0);
    expect(await visible('facilitatorDieppe', 'app.validated_person_year_hours', 'employer_id = $1', [organisations.siaeInterim])).toBeGreaterThan(0);
    expect(await visible('anon', 'app.validated_person_year_hours')).toBe('42501');
  });
});

describe('the writes above were tried, not kept', () => {
  it('the rows the tests deleted or inserted as a caller are as the seed left them', async () => {
    expect(await superuser<number>(`select count(*)::int as v from app.memberships where user_id = $1`, [users.companyB])).toBe(1);
    expect(await superuser<number>(`select count(*)::int as v from app.market_assignments where id = $1`, [penlyLot2Assignment])).toBe(1);
    expect(await superuser<number>(`select count(*)::int as v from app.markets where title = 'Marché de test (démo)'`)).toBe(0);
    expect(await superuser<string>(`select status as v from app.candidatures where id = $1`, [candidatures.sentToCompanyA])).toBe('sent_to_company');
  });
});

describe('every policy has its test', () => {
  it('each policy of the catalogue (pg_policies) is named by a test of this file, and each test names a policy', async () => {
    const { rows } = await local.db.query<{ name: string }>(
      `select policyname as name from pg_policies where schemaname not in ('pg_catalog', 'information_schema') order by 1`);
    const policies = rows.map((r) => r.name);
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.filter((name) => !tested.has(name)), 'policies without a test').toEqual([]);
    expect([...tested].filter((name) => !policies.includes(name)), 'tests naming no policy').toEqual([]);
  });
});

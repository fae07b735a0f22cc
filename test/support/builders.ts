// Rows for tests, valid by default and changed by overrides: aParticipant({ territory_id: … }).
// Defaults point at the demo seed (Dieppe-Maritime, company A's EPR2 Penly lot 1), whose ids
// come from seed.ts. insertSql() turns a row into the statement that writes it.
import { randomUUID } from 'node:crypto';
import type { DecpMarket } from '../../src/domain/decp.ts';
import { isValidSiret } from '../../src/domain/siret.ts';
import { markets, organisations, territories } from './seed.ts';

export type Row = Record<string, unknown>;

export function aParticipant(overrides: Row = {}): Row {
  return {
    territory_id: territories.dieppe, first_name: 'Camille', last_name: 'Démo-Test', commune: 'Dieppe',
    eligibility: ['deld'], parcours_started_on: '2026-09-01', ...overrides,
  };
}

/** A candidature as the public form stores it (status received, notice acknowledged). */
export function aCandidature(overrides: Row = {}): Row {
  const key = randomUUID();
  return {
    reference: `CS-2026-T${key.slice(0, 7).toUpperCase()}`, territory_id: territories.dieppe, status: 'received',
    first_name: 'Camille', last_name: 'Démo-Candidate', email: 'camille.test@exemple.test', commune: 'Dieppe',
    notice_acknowledged_at: new Date().toISOString(), idempotency_key: key, payload_hash: 'test-payload-hash', ...overrides,
  };
}

export function anOperation(overrides: Row = {}): Row {
  return { territory_id: territories.dieppe, name: 'Opération de test (démo)', ...overrides };
}

/** A running market of Dieppe-Maritime, bought by the demo buyer's organisation, held by company A. */
export function aMarket(overrides: Row = {}): Row {
  return {
    territory_id: territories.dieppe, buyer_id: organisations.buyerCoeurDeVille, company_id: organisations.companyA,
    title: 'Marché de test (démo)', clause_type: 'execution_condition', market_kind: 'works',
    starts_on: '2026-01-01', ends_on: '2026-12-31', status: 'running', ...overrides,
  };
}

/** A draft job offer on company A's EPR2 Penly lot 1. */
export function aJobOffer(overrides: Row = {}): Row {
  return {
    market_id: markets.penlyLot1, territory_id: territories.dieppe, trade: 'Manœuvre (test)', description: 'Offre de test.',
    place: 'Dieppe (76)', contract_type: 'cdd', hours_per_week: 35, duration_weeks: 4, positions: 1, status: 'draft', ...overrides,
  };
}

/** A draft line of direct-hire hours on company A's EPR2 Penly lot 1 (participant_id to give). */
export function anHourDeclaration(overrides: Row = {}): Row {
  return { market_id: markets.penlyLot1, month: '2026-11-01', realisation_mode: 'direct_hire', hours: 10, status: 'draft', ...overrides };
}

export function anOrganisation(overrides: Row = {}): Row {
  return { territory_id: territories.dieppe, kind: 'company', name: 'Entreprise de test (démo)', ...overrides };
}

/** `insert into <table> (…) values ($1, …)` for the row, and its parameters; `returning` optional. */
export function insertSql(table: string, row: Row, returning = ''): { sql: string; params: unknown[] } {
  const columns = Object.keys(row);
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  return {
    sql: `insert into ${table} (${columns.join(', ')}) values (${placeholders.join(', ')})${returning ? ` returning ${returning}` : ''}`,
    params: Object.values(row),
  };
}

/** A valid (Luhn) invented SIRET, SIREN starting 888 so it never meets the seed's 999… ones. */
export function aSiret(n: number): string {
  for (let d = 0; d <= 9; d += 1) {
    const candidate = `888${String(n).padStart(10, '0')}${d}`;
    if (isValidSiret(candidate)) return candidate;
  }
  throw new Error('unreachable');
}

/** A market as read from the DECP: works notified in May 2026, buyer aSiret(1), holder aSiret(2). */
export function aDecpMarket(overrides: Partial<DecpMarket> = {}): DecpMarket {
  const buyerSiret = overrides.buyer_siret ?? aSiret(1);
  const reference = overrides.reference ?? '2026-TEST-1';
  return {
    decp_id: `${buyerSiret}${reference}`,
    reference,
    title: 'Réhabilitation de 40 logements (test)',
    cpv_code: '45453000-7',
    market_kind: 'works',
    amount_ht: 1_250_000,
    notified_on: '2026-05-15',
    starts_on: '2026-05-15',
    ends_on: '2027-11-14',
    buyer_siret: buyerSiret,
    company_siret: aSiret(2),
    ...overrides,
  };
}

// DECP import: reading the file shapes seen in the wild, keeping the markets with a social
// clause, mapping their fields, and the reasons a market is left out.
import { describe, expect, it } from 'vitest';
import {
  endOf, extractMarches, hasSocialClause, holdersOf, importPayload, isoDate, mapMarche, marketKindOfCpv, parseDecp, selectedMarkets,
  type DecpMarket,
} from '../../src/domain/decp.ts';

const BUYER = '21760217600018'; // valid Luhn (invented)
const HOLDER = '55204599900869'; // valid Luhn (invented)

/** A DECP v2 market with a social clause; override any field. */
function aMarche(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '2024-0042',
    acheteur: { id: BUYER },
    nature: 'Marché',
    objet: 'Réhabilitation de 40 logements',
    codeCPV: '45453000-7',
    procedure: 'Procédure adaptée',
    lieuExecution: { code: '76217', typeCode: 'Code commune' },
    dureeMois: 18,
    dateNotification: '2024-05-15',
    montant: 1_250_000,
    titulaires: [{ titulaire: { typeIdentifiant: 'SIRET', id: HOLDER } }],
    considerationsSociales: { considerationSociale: ['Clause sociale'] },
    ...overrides,
  };
}
const file = (marches: unknown) => JSON.stringify({ marches });

describe('file shapes', () => {
  it.each([
    ['consolidated: {"marches": [...]}', { marches: [aMarche()] }, 1],
    ['schema v2: {"marches": {"marche": [...]}}', { marches: { marche: [aMarche(), aMarche({ id: 'B' })] } }, 2],
    ['one market: {"marches": {"marche": {...}}}', { marches: { marche: aMarche() } }, 1],
    ['empty list', { marches: [] }, 0],
  ])('%s', (_name, doc, count) => {
    expect(extractMarches(doc)).toHaveLength(count);
  });

  it.each([
    ['no marches key', { contrats: [] }],
    ['marches is a string', { marches: 'x' }],
    ['not an object', [1, 2]],
    ['null', null],
  ])('refuses a document with %s', (_name, doc) => {
    expect(extractMarches(doc)).toBeNull();
  });

  it('refuses a malformed file with a French message', () => {
    expect(parseDecp('{"marches": [')).toEqual({ ok: false, error: expect.stringMatching(/pas un JSON valide/) });
    expect(parseDecp('{"autre": 1}')).toEqual({ ok: false, error: expect.stringMatching(/format DECP/) });
  });

  it('accepts a byte-order mark', () => {
    expect(parseDecp(`\uFEFF${file([aMarche()])}`).ok).toBe(true);
  });
});

describe('social clause variants of considerationsSociales', () => {
  it.each([
    [{ considerationSociale: ['Clause sociale'] }, true],
    [{ considerationSociale: ['Critère social', 'Clause sociale'] }, true],
    [{ considerationSociale: 'Clause sociale' }, true],
    [['Clause sociale'], true],
    ['Clause sociale', true],
    ['clause sociale', true],
    ['Critère social, Clause sociale', true],
    [{ considerationSociale: ['Critère social'] }, false],
    [{ considerationSociale: ['Marché réservé'] }, false],
    [['Pas de considération sociale'], false],
    ['Pas de considération sociale', false],
    [undefined, false],
    [null, false],
    [{}, false],
  ])('%j → %s', (value, expected) => {
    expect(hasSocialClause(value)).toBe(expected);
  });
});

describe('holders', () => {
  it.each([
    ['schema v2', [{ titulaire: { typeIdentifiant: 'SIRET', id: HOLDER } }]],
    ['flat (the schema repository example)', [{ typeIdentifiant: 'SIRET', id: HOLDER }]],
    ['wrapped object', { titulaire: { typeIdentifiant: 'SIRET', id: HOLDER } }],
    ['wrapped array', { titulaire: [{ typeIdentifiant: 'SIRET', id: HOLDER }] }],
    ['spaces in the SIRET', [{ titulaire: { typeIdentifiant: 'siret', id: '552 045 999 00869' } }]],
  ])('%s', (_name, value) => {
    expect(holdersOf(value)).toEqual([{ typeIdentifiant: 'SIRET', id: HOLDER }]);
  });
});

describe('mapping one market', () => {
  it('maps the useful fields', () => {
    const result = mapMarche(aMarche());
    expect(result).toEqual({
      market: {
        decp_id: `${BUYER}2024-0042`, reference: '2024-0042', title: 'Réhabilitation de 40 logements', cpv_code: '45453000-7',
        market_kind: 'works', amount_ht: 1_250_000, notified_on: '2024-05-15', starts_on: '2024-05-15', ends_on: '2025-11-14',
        buyer_siret: BUYER, company_siret: HOLDER,
      } satisfies DecpMarket,
      duration_months: 18,
      warnings: [],
    });
  });

  it.each([
    ['no social clause', { considerationsSociales: { considerationSociale: ['Pas de considération sociale'] } }, /Clause sociale/],
    ['bad buyer SIRET', { acheteur: { id: '21760217600019' } }, /SIRET de l’acheteur invalide/],
    ['no buyer', { acheteur: undefined }, /acheteur\.id/],
    ['no id', { id: undefined }, /Identifiant/],
    ['no object', { objet: '' }, /Objet/],
  ])('leaves out a market with %s', (_name, overrides, reason) => {
    const result = mapMarche(aMarche(overrides));
    expect('reason' in result && result.reason).toMatch(reason);
  });

  it.each([
    ['a bad holder SIRET', { titulaires: [{ titulaire: { typeIdentifiant: 'SIRET', id: '55204599900860' } }] }, /SIRET du titulaire invalide/],
    ['a VAT holder', { titulaires: [{ titulaire: { typeIdentifiant: 'TVA', id: 'FR12345678901' } }] }, /TVA/],
    ['no holder', { titulaires: [] }, /Aucun titulaire/],
  ])('keeps a market with %s, without company, and says so', (_name, overrides, warning) => {
    const result = mapMarche(aMarche(overrides));
    if ('reason' in result) throw new Error(result.reason);
    expect(result.market.company_siret).toBeNull();
    expect(result.warnings.join(' ')).toMatch(warning);
  });

  it('keeps the first holder of a group and warns about the others', () => {
    const result = mapMarche(aMarche({ titulaires: [{ titulaire: { typeIdentifiant: 'SIRET', id: HOLDER } }, { titulaire: { typeIdentifiant: 'SIRET', id: BUYER } }] }));
    if ('reason' in result) throw new Error(result.reason);
    expect(result.market.company_siret).toBe(HOLDER);
    expect(result.warnings).toEqual([expect.stringMatching(/1 autre\(s\) titulaire/)]);
  });

  it.each([
    ['montant as a French string', { montant: '125000,50' }, { amount_ht: 125000.5 }],
    ['dureeMois as a string', { dureeMois: '12' }, { ends_on: '2025-05-14' }],
    ['a date with a time zone', { dateNotification: '2024-05-15+02:00' }, { notified_on: '2024-05-15' }],
    ['no duration', { dureeMois: undefined }, { ends_on: null }],
    ['a services CPV', { codeCPV: '90910000' }, { market_kind: 'services', cpv_code: '90910000' }],
    ['a supplies CPV', { codeCPV: '30192000-1' }, { market_kind: 'supplies' }],
    ['an odd CPV', { codeCPV: 'ABC' }, { cpv_code: null, market_kind: 'works' }],
    ['a negative amount', { montant: -5 }, { amount_ht: null }],
  ])('reads %s', (_name, overrides, expected) => {
    const result = mapMarche(aMarche(overrides));
    if ('reason' in result) throw new Error(result.reason);
    expect(result.market).toMatchObject(expected);
  });

  it.each([
    ['2024-05-15', 18, '2025-11-14'],
    ['2024-01-01', 12, '2024-12-31'],
    ['2024-01-31', 1, '2024-02-28'],
  ])('a market notified on %s for %i months ends on %s', (start, months, end) => {
    expect(endOf(start, months)).toBe(end);
  });

  it.each([['2024-02-30', null], ['15/05/2024', null], ['2024-05-15T10:00:00Z', '2024-05-15'], [20240515, null]])('date %j → %j', (value, expected) => {
    expect(isoDate(value)).toBe(expected);
  });

  it.each([['45000000', 'works'], ['03100000', 'supplies'], ['48000000', 'supplies'], ['72000000', 'services'], [null, 'works']] as const)(
    'CPV %s is %s', (cpv, kind) => { expect(marketKindOfCpv(cpv)).toBe(kind); });
});

describe('a whole file', () => {
  it('keeps the markets with a social clause and lists the others with their reason', () => {
    const result = parseDecp(file({ marche: [
      aMarche({ id: 'A' }),
      aMarche({ id: 'B', considerationsSociales: { considerationSociale: ['Critère social'] } }),
      aMarche({ id: 'C', acheteur: { id: '12345678901234' } }),
      aMarche({ id: 'A' }),
      'not a market',
    ] }));
    if (!result.ok) throw new Error(result.error);
    expect(result.total).toBe(5);
    expect(result.kept.map((l) => l.market.reference)).toEqual(['A']);
    expect(result.skipped.map((s) => [s.position, s.id])).toEqual([[2, 'B'], [3, 'C'], [4, 'A'], [5, null]]);
    expect(result.skipped[0]?.reason).toMatch(/Clause sociale/);
    expect(result.skipped[1]?.reason).toMatch(/SIRET de l’acheteur invalide/);
    expect(result.skipped[2]?.reason).toMatch(/Doublon/);
  });

  it('a file with no social clause keeps nothing', () => {
    const result = parseDecp(file([aMarche({ considerationsSociales: 'Pas de considération sociale' }), aMarche({ id: 'X', considerationsSociales: ['Marché réservé'] })]));
    expect(result).toMatchObject({ ok: true, total: 2, kept: [] });
    expect(result.ok && result.skipped).toHaveLength(2);
  });

  it('the same id from two buyers makes two markets', () => {
    const result = parseDecp(file([aMarche(), aMarche({ acheteur: { id: HOLDER } })]));
    expect(result.ok && result.kept.map((l) => l.market.decp_id)).toEqual([`${BUYER}2024-0042`, `${HOLDER}2024-0042`]);
  });
});

describe('the confirmed selection posted back', () => {
  const market = (mapMarche(aMarche()) as { market: DecpMarket }).market;
  const other = { ...market, decp_id: `${BUYER}OTHER`, reference: 'OTHER' };

  it('keeps the ticked markets only', () => {
    const result = selectedMarkets(JSON.stringify([market, other]), [other.decp_id]);
    expect(result.success && result.data.map((m) => m.reference)).toEqual(['OTHER']);
  });

  it.each([
    ['nothing ticked', JSON.stringify([market]), []],
    ['a tampered SIRET', JSON.stringify([{ ...market, buyer_siret: '21760217600019' }]), [market.decp_id]],
    ['a tampered title', JSON.stringify([{ ...market, title: '' }]), [market.decp_id]],
    ['not JSON', '[{', [market.decp_id]],
  ])('refuses %s', (_name, payload, ticked) => {
    expect(selectedMarkets(payload, ticked).success).toBe(false);
  });

  it('is sent to the database as plain JSON objects holding the known fields only', () => {
    const posted = { ...market, injected: 'x' } as DecpMarket;
    const [payload] = importPayload([posted]);
    expect(Object.keys(payload!).sort()).toEqual(Object.keys(market).sort());
    expect(JSON.parse(JSON.stringify(payload))).toEqual(market);
  });
});

// DECP import: reading the file shapes seen in the wild (JSON and XML, the official samples of
// test/fixtures/decp/), leaving out concessions, applying modifications, keeping the markets with
// a social clause, mapping their fields, and the reasons a market is left out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  endOf, extractMarches, hasSocialClause, holdersOf, importPayload, isoDate, mapMarche, marketKindOfCpv, modificationsOf, parseDecp, selectedMarkets,
  type DecpMarket, type DecpParseResult,
} from '../../src/domain/decp.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/decp/${name}`, import.meta.url), 'utf8');
function parsed(name: string): Extract<DecpParseResult, { ok: true }> {
  const result = parseDecp(fixture(name));
  if (!result.ok) throw new Error(result.error);
  return result;
}

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
      amendment: null,
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

describe('modifications', () => {
  it('the official sample « TEST2022Bis » is imported with its amended amount, duration and holder', () => {
    const result = parsed('v2.0.2/marches_avec_modifications.json');
    const line = result.kept.find((l) => l.market.reference === 'TEST2022Bis');
    expect(line?.market).toMatchObject({ amount_ht: 123457.87, notified_on: '2024-05-15', ends_on: '2025-05-14', company_siret: null });
    expect(line?.duration_months).toBe(12);
    // The amended holder of the sample has 15 digits: the company is left to designate, and said.
    expect(line?.warnings).toContain('SIRET du titulaire invalide (868768687576575) : entreprise à désigner.');
    expect(line?.amendment).toEqual({
      count: 1, last_notified_on: '2022-10-18', amount_changed: true, duration_changed: true, holders_changed: true,
      changes: [
        'Montant : 575\u202f000 € à l’origine, 123\u202f457,87 € après modification.',
        'Durée : 48 mois à l’origine, 12 mois après modification.',
        'Titulaire(s) : 55204599900869 à l’origine, 868768687576575 après modification.',
      ],
    });
  });

  it('applies them in the order of their id, the latest winning', () => {
    const result = mapMarche(aMarche({
      montant: 100_000,
      modifications: [
        { modification: { id: 2, montant: 130_000, dateNotificationModification: '2024-09-01' } },
        { modification: { id: 1, montant: 110_000, dureeMois: 24, dateNotificationModification: '2024-07-01' } },
        { modification: { id: 3, titulaires: [{ titulaire: { typeIdentifiant: 'SIRET', id: BUYER } }], dateNotificationModification: '2024-10-01' } },
      ],
    }));
    if ('reason' in result) throw new Error(result.reason);
    expect(result.market).toMatchObject({ amount_ht: 130_000, ends_on: '2026-05-14', company_siret: BUYER });
    expect(result.duration_months).toBe(24);
    expect(result.amendment).toMatchObject({ count: 3, last_notified_on: '2024-10-01' });
  });

  it('keeps the file order when the ids do not give one, and says when a new value cannot be read', () => {
    expect(modificationsOf([{ montant: 1 }, { montant: 2 }]).map((m) => m.montant)).toEqual([1, 2]);
    const result = mapMarche(aMarche({ modifications: [{ id: 1, montant: 'beaucoup' }] }));
    if ('reason' in result) throw new Error(result.reason);
    expect(result.market.amount_ht).toBe(1_250_000);
    expect(result.warnings).toEqual(['Modification 1 : nouveau montant illisible (beaucoup), ignoré.']);
    expect(result.amendment).toMatchObject({ count: 1, amount_changed: false, changes: [] });
  });

  it('a schema 1.5 market: the holders of the last modification replace the first ones', () => {
    const result = mapMarche(JSON.parse(fixture('v1.5.0/mar-avec-modifications.json')).marches[0]);
    // Schema 1.5 had no considerationsSociales: the sample is left out for that reason only.
    expect(result).toEqual({ reason: 'Pas de « Clause sociale » dans considerationsSociales.' });
    const withClause = mapMarche({ ...JSON.parse(fixture('v1.5.0/mar-avec-modifications.json')).marches[0], considerationsSociales: ['Clause sociale'] });
    if ('reason' in withClause) throw new Error(withClause.reason);
    expect(withClause.market.company_siret).toBe('81223113200026');
    expect(withClause.amendment?.changes).toEqual(['Titulaire(s) : 81223113200026, DE814864138 à l’origine, 81223113200026, 87127639200012 après modification.']);
  });
});

describe('XML files', () => {
  const sameSample = (result: DecpParseResult) => {
    if (!result.ok) throw new Error(result.error);
    return result.kept.map(({ market: { decp_id: _id, reference: _ref, title: _title, ...rest }, duration_months, warnings, amendment }) => ({ rest, duration_months, warnings, amendment }));
  };

  it('the XML of the official sample gives the same market as its JSON (the samples differ only by id and title)', () => {
    const xml = parsed('v2.0.1-dev/Marche-modification.xml');
    expect(xml.format).toBe('xml');
    expect(xml.kept.map((l) => l.market.reference)).toEqual(['TEST2022']);
    const json = parseDecp(fixture('v2.0.2/marches_avec_modifications.json'));
    expect(sameSample(xml)).toEqual(sameSample(json));
  });

  it('reads a <marches> file of schema v2: the twice-written market is one', () => {
    const result = parsed('v2.0.2/Marche.xml');
    expect(result).toMatchObject({ total: 2, concessions: 0, irregularities: [] });
    expect(result.kept.map((l) => l.market)).toEqual([expect.objectContaining({
      reference: 'TEST2022', buyer_siret: '21750001630040', company_siret: '55204599900869', amount_ht: 575000, ends_on: '2028-05-14', cpv_code: '45000000-7',
    })]);
    expect(result.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/Doublon/)]);
  });

  it('reads a schema 1.5 file whose root is one <marche>, like its JSON', () => {
    const xml = parsed('v1.5.0/mar-avec-modifications.xml');
    const json = parsed('v1.5.0/mar-avec-modifications.json');
    expect([xml.total, xml.kept.length, xml.skipped.map((s) => s.reason)]).toEqual([json.total, json.kept.length, json.skipped.map((s) => s.reason)]);
  });

  it('keeps the leading zeros of an identifier', () => {
    const result = parsed('v2.0.2/Marche.xml');
    expect(result.kept[0]?.market.buyer_siret).toBe('21750001630040');
    const zero = parseDecp('<marches><marche><id>0612</id><acheteur><id>21750001630040</id></acheteur><objet>Travaux</objet><considerationsSociales><considerationSociale>Clause sociale</considerationSociale></considerationsSociales></marche></marches>');
    expect(zero.ok && zero.kept[0]?.market.reference).toBe('0612');
  });

  it('refuses a malformed XML file with a French message and its line', () => {
    expect(parseDecp('<marches>\n<marche><id>1</marche>\n</marches>')).toEqual({ ok: false, error: expect.stringMatching(/^Ce fichier n’est pas un XML valide \(erreur ligne 2\)/) });
  });
});

describe('concessions', () => {
  it.each(['v2.0.2/concessions.json', 'v2.0.2/Contrat-concession.xml'])('a file of concessions only (%s) says so and counts them', (name) => {
    expect(parseDecp(fixture(name))).toEqual({
      ok: false, error: 'Ce fichier ne contient aucun marché public, seulement 2 contrats de concession : les concessions ne sont pas importées.',
    });
  });

  it('a file of markets and concessions imports the markets and counts the concessions', () => {
    const result = parsed('v2.0.2/marches_concessions.json');
    expect(result).toMatchObject({ total: 2, concessions: 2 });
    expect(result.kept.map((l) => l.market.reference)).toEqual(['TEST2022Bis']);
  });

  it.each([
    ['schema 1.5, mixed in the list (_type)', 'v1.5.0/paquet.json', 1, 1],
    ['schema 1.5 XML, <contrat-concession> next to <marche>', 'v1.5.0/paquet.xml', 2, 2],
  ])('%s', (_name, name, total, concessions) => {
    expect(parsed(name)).toMatchObject({ total, concessions });
  });

  it.each([
    ['a consolidated file', { 'marches': [], 'contrats-concession': [{ id: 'C1' }] }],
    ['a concessions key', { concessions: [{ id: 'C1' }, { id: 'C2' }] }],
    ['a nature « Délégation de service public » in the list', { marches: [aMarche({ nature: 'Délégation de service public' })] }],
  ])('%s counts as concessions', (_name, doc) => {
    expect(parseDecp(JSON.stringify(doc))).toEqual({ ok: false, error: expect.stringMatching(/aucun marché public, seulement \d contrats? de concession/) });
  });
});

describe('irregularities of real exports', () => {
  it('a file with a bare NaN and a trailing comma is imported, the irregularities reported', () => {
    const result = parsed('derived/nan-trailing-comma.json');
    expect(result.irregularities).toEqual([
      '1 valeur « NaN » (ligne 29), non conforme au JSON : lue comme illisible (champ ignoré).',
      '1 virgule en trop avant « } » ou « ] » (ligne 48) : ignorée.',
    ]);
    expect(result.kept.map((l) => [l.market.reference, l.market.amount_ht, l.duration_months])).toEqual([['Exemple1', null, 52]]);
    expect(result.kept[0]?.warnings).toEqual(['Montant illisible (NaN) : ignoré.']);
  });

  it('Infinity and -Infinity too, and never inside a string', () => {
    const result = parseDecp(file([aMarche({ objet: 'NaN, Infinity, ]' }), aMarche({ id: 'B' })]).replace('1250000', 'Infinity').replace('18,', '-Infinity,'));
    if (!result.ok) throw new Error(result.error);
    expect(result.irregularities).toEqual([expect.stringMatching(/^1 valeur « -Infinity »/), expect.stringMatching(/^1 valeur « Infinity »/)]);
    expect(result.kept[0]?.market).toMatchObject({ title: 'NaN, Infinity, ]', amount_ht: null });
    expect(result.kept[0]?.warnings).toEqual(['Montant illisible (Infinity) : ignoré.', 'Durée illisible (-Infinity) : ignorée.']);
  });

  it('still refuses a file that is not JSON once repaired', () => {
    expect(parseDecp('{"marches": [\n NaN,\n {"id": }]}')).toEqual({ ok: false, error: expect.stringMatching(/^Ce fichier n’est pas un JSON valide/) });
  });
});

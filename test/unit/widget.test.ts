// The widget's pure part: reading the open-data JSON and the attributes, picking the figures of
// an indicator, the French summary, and statistical secrets (null is never shown as zero).
import { describe, expect, it } from 'vitest';
import { parseOpenData, pickPublication, readOptions, type OpenDataPublication } from '../../src/widget/data.ts';
import { buildView, chartHeight, NOT_GIVEN, SECRET } from '../../src/widget/view.ts';
import type { PublicationFigures } from '../../src/domain/publication.ts';

/** Runs of spaces, no-break and narrow no-break spaces (French number formatting) as one space. */
const normalise = (text: string): string => text.replace(/[\s\u00a0\u202f]+/g, ' ');

const none = { emploi_durable: null, emploi_transition: null, sortie_positive: null, sorties_dynamiques: null };

/** Dieppe-Maritime 2025 as /donnees/dieppe-maritime.json publishes it (demo data, seed 003). */
function figures(year = 2025, overrides: Partial<PublicationFigures> = {}): PublicationFigures {
  return {
    version_schema: 1,
    territoire: { slug: 'dieppe-maritime', nom: 'Dieppe-Maritime' },
    annee: year,
    seuil_secret: 11,
    heures: { realisees_dans_l_annee: 62300, dues_marches_en_cours: 15600, marches_sans_heures_dues: 3, realisees_a_date_marches_en_cours: 62300 },
    participants: {
      total: 135,
      par_sexe: { femmes: 39, hommes: 78, non_renseigne: 18 },
      par_age: { non_renseigne: null, '50_ans_et_plus': 34, de_26_a_49_ans: 68, moins_de_26_ans: 33 },
      publics: { qpv: 26, rsa: 45, deld: 67, rqth: 22, seniors: 22, formation: 33, salaries_siae: null, jeunes_peu_qualifies: 23 },
    },
    organisations: { marches: 9, acheteurs: 3, entreprises: 9, siae: 1 },
    sorties: {
      fin_de_parcours: { emploi_durable: 58, emploi_transition: 39, sortie_positive: 19, sorties_dynamiques: 116 },
      a_6_mois: none,
      a_12_mois: none,
    },
    operations: [
      { nom: '68 logements à Arques-la-Bataille', heures_dues: 6700, heures_dues_communiquees: true, heures_realisees: 5800, participants: 24 },
      { nom: 'Grand chantier EPR2 de Penly', heures_dues: 0, heures_dues_communiquees: false, heures_realisees: 51000, participants: 90 },
      { nom: 'Logements Action Cœur de Ville', heures_dues: 8900, heures_dues_communiquees: true, heures_realisees: 5500, participants: 21 },
    ],
    secret_statistique: ['participants.publics.salaries_siae'],
    ...overrides,
  };
}

function publication(year = 2025, overrides: Partial<PublicationFigures> = {}, version = 1): OpenDataPublication {
  return {
    territoire: 'dieppe-maritime',
    territoire_nom: 'Dieppe-Maritime',
    annee: year,
    version,
    date_publication: `${year + 1}-02-10T10:00:00+00:00`,
    note: null,
    indicateurs: figures(year, overrides),
  };
}

const file = (...publications: OpenDataPublication[]) => ({
  licence: { name: 'Licence Ouverte / Open Licence version 2.0', path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
  schema_csv: '/donnees/schema.json',
  publications,
});

function view(publications: OpenDataPublication[], indicator: Parameters<typeof buildView>[1], year: number | null = null) {
  const result = buildView(publications, indicator, year);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('reading the open-data file', () => {
  it('reads the publications of /donnees/<territoire>.json', () => {
    const parsed = parseOpenData(JSON.parse(JSON.stringify(file(publication(2025)))));
    expect(parsed).toHaveLength(1);
    expect(parsed?.[0]).toMatchObject({ territoire: 'dieppe-maritime', annee: 2025, version: 1 });
    expect(parsed?.[0]?.indicateurs.participants.publics['salaries_siae']).toBeNull();
  });

  it.each([
    ['another schema version', { ...file(publication()), publications: [{ ...publication(), indicateurs: { ...figures(), version_schema: 2 } }] }],
    ['a count given as text', { ...file(publication()), publications: [{ ...publication(), indicateurs: { ...figures(), participants: { ...figures().participants, total: '135' } } }] }],
    ['no publication list', { licence: {} }],
    ['not an object', 'not json'],
  ])('refuses %s (the widget then says the format is not recognised)', (_case, json) => {
    expect(parseOpenData(json)).toBeNull();
  });
});

describe('reading the attributes', () => {
  const read = (attributes: Record<string, string>) => readOptions((name) => attributes[name] ?? null);

  it('takes territory, indicator and year; presentation falls back to the defaults', () => {
    expect(read({ territoire: 'dieppe-maritime', indicateur: 'heures', annee: '2025' })).toEqual({
      ok: true,
      value: {
        territoire: 'dieppe-maritime', indicateur: 'heures', annee: 2025, graphique: 'barres', theme: 'clair',
        couleur: '#1d4f91', hauteur: 280, niveauTitre: null, nouvelleFenetre: false,
      },
    });
    const custom = read({ territoire: 'calvados', indicateur: 'publics', graphique: 'tableau', theme: 'sombre', couleur: '#FFCC00', hauteur: '5000', 'niveau-titre': '2', 'nouvelle-fenetre': '' });
    expect(custom).toMatchObject({ ok: true, value: { annee: null, graphique: 'tableau', theme: 'sombre', couleur: '#ffcc00', hauteur: 800, niveauTitre: 2, nouvelleFenetre: true } });
  });

  it('ignores an invalid presentation value rather than hiding the figures', () => {
    expect(read({ territoire: 'calvados', graphique: 'camembert', theme: 'rose', couleur: 'red', hauteur: 'grand', 'niveau-titre': '9' }))
      .toMatchObject({ ok: true, value: { indicateur: 'heures', graphique: 'barres', theme: 'clair', couleur: '#1d4f91', hauteur: 280, niveauTitre: null } });
  });

  it.each([
    [{}, 'le territoire n’est pas indiqué'],
    [{ territoire: '../espace' }, 'territoire « ../espace » inconnu'],
    [{ territoire: 'calvados', indicateur: 'salaires' }, 'Indicateur « salaires » inconnu'],
    [{ territoire: 'calvados', annee: '19' }, 'Année « 19 » non valable'],
  ])('explains a wrong %j in French', (attributes, message) => {
    const result = read(attributes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('picking the publication', () => {
  const publications = [publication(2024), publication(2025)];

  it('takes the latest year by default, or the one asked', () => {
    expect(pickPublication(publications, null)).toMatchObject({ ok: true, value: { annee: 2025 } });
    expect(pickPublication(publications, 2024)).toMatchObject({ ok: true, value: { annee: 2024 } });
  });

  it('says which years are published when the one asked is not', () => {
    expect(pickPublication(publications, 2019)).toEqual({ ok: false, message: 'Aucun résultat publié pour 2019 (années publiées : 2025, 2024).' });
    expect(pickPublication([], null)).toEqual({ ok: false, message: 'Aucun résultat publié pour ce territoire pour le moment.' });
  });
});

describe('the figures of each indicator', () => {
  it('heures: realised and due hours per operation; an undisclosed target is "non communiqué", not zero', () => {
    const v = view([publication()], 'heures');
    expect(v.categories).toEqual(['68 logements à Arques-la-Bataille', 'Grand chantier EPR2 de Penly', 'Logements Action Cœur de Ville']);
    expect(v.series).toEqual([
      { label: 'Heures réalisées', values: [5800, 51000, 5500], nullLabel: SECRET },
      { label: 'Heures dues', values: [6700, null, 8900], nullLabel: NOT_GIVEN },
    ]);
    expect(v.hasSecret).toBe(false);
    expect(normalise(v.summary)).toBe(
      'Dieppe-Maritime, 2025 : 62 300 heures d’insertion réalisées dans l’année. Par opération, en cumul à la fin de 2025 : '
      + '68 logements à Arques-la-Bataille : 5 800 heures réalisées sur 6 700 dues (87 %) ; '
      + 'Grand chantier EPR2 de Penly : 51 000 heures réalisées, objectif non communiqué ; '
      + 'Logements Action Cœur de Ville : 5 500 heures réalisées sur 8 900 dues (62 %).',
    );
    expect(v.path).toBe('/territoires/dieppe-maritime/');
  });

  it('heures: a secret operation total is said secret, with its target but no percentage', () => {
    const ops = figures().operations.map((op, i) => (i === 0 ? { ...op, heures_realisees: null } : op));
    const v = view([publication(2025, { operations: ops })], 'heures');
    expect(v.series[0]?.values).toEqual([null, 51000, 5500]);
    expect(v.hasSecret).toBe(true);
    expect(normalise(v.summary)).toContain('68 logements à Arques-la-Bataille : heures réalisées couvertes par le secret statistique sur 6 700 dues ;');
  });

  it('heures: without operations, the totals of the markets in progress; secret hours stay secret', () => {
    const v = view([publication(2025, {
      operations: [],
      heures: { realisees_dans_l_annee: null, dues_marches_en_cours: 1176, marches_sans_heures_dues: 1, realisees_a_date_marches_en_cours: 1240 },
    })], 'heures');
    expect(v.categories).toEqual(['Marchés en cours']);
    expect(v.series.map((s) => s.values)).toEqual([[1240], [1176]]);
    expect(normalise(v.summary)).toBe(
      'Dieppe-Maritime, 2025 : heures d’insertion réalisées dans l’année couvertes par le secret statistique. '
      + 'Sur les marchés en cours : 1 240 heures réalisées à date pour 1 176 heures dues (105 %).',
    );
    expect(v.notes[0]).toBe('1 marché(s) sans objectif d’heures communiqué.');
  });

  it('publics: a suppressed public is a secret in the data, the summary and the notes — never zero', () => {
    const v = view([publication()], 'publics');
    const index = v.categories.indexOf('Salariés de SIAE');
    expect(index).toBeGreaterThanOrEqual(0);
    expect(v.series[0]?.values[index]).toBeNull();
    expect(v.series[0]?.values).toContain(67);
    expect(v.hasSecret).toBe(true);
    expect(v.hasChartData).toBe(true);
    const summary = normalise(v.summary);
    expect(summary).toContain('Dieppe-Maritime, 2025 : 135 participants.');
    expect(summary).toContain('Demandeurs d’emploi de longue durée : 67');
    expect(summary).toContain('Salariés de SIAE : secret statistique');
    expect(summary).not.toMatch(/Salariés de SIAE : 0/);
    expect(v.notes.at(-1)).toContain('effectif de moins de 11 personnes');
  });

  it('publics: when every public is below the threshold, says so and draws nothing', () => {
    const allSecret = Object.fromEntries(Object.keys(figures().participants.publics).map((k) => [k, null]));
    const v = view([publication(2025, { participants: { ...figures().participants, total: 14, publics: allSecret } })], 'publics');
    expect(v.hasChartData).toBe(false);
    expect(normalise(v.summary)).toBe('Dieppe-Maritime, 2025 : 14 participants. Effectifs inférieurs au seuil de publication : la typologie des publics n’est pas publiée cette année.');
  });

  it('annees: hours realised each year up to the year asked, oldest first, latest version of each year', () => {
    const publications = [
      publication(2025),
      publication(2023, { heures: { ...figures().heures, realisees_dans_l_annee: 40000 } }),
      publication(2024, { heures: { ...figures().heures, realisees_dans_l_annee: 1 } }, 1),
      publication(2024, { heures: { ...figures().heures, realisees_dans_l_annee: null } }, 2),
    ];
    const all = view(publications, 'annees');
    expect(all.categories).toEqual(['2023', '2024', '2025']);
    expect(all.series[0]?.values).toEqual([40000, null, 62300]);
    expect(normalise(all.summary)).toBe('Dieppe-Maritime : heures d’insertion réalisées de 2023 à 2025 : 2023 : 40 000 heures ; 2024 : secret statistique ; 2025 : 62 300 heures.');
    expect(all.path).toBe('/territoires/dieppe-maritime/');
    const upTo2024 = view(publications, 'annees', 2024);
    expect(upTo2024.categories).toEqual(['2023', '2024']);
    expect(upTo2024.title).toBe('Heures d’insertion réalisées par année — Dieppe-Maritime, de 2023 à 2024');
  });

  it('sorties: one series per milestone; a milestone entirely below the threshold reads "non publié"', () => {
    const v = view([publication()], 'sorties');
    expect(v.categories).toEqual(['Emploi durable', 'Emploi de transition', 'Sortie positive', 'Sorties dynamiques']);
    expect(v.series.map((s) => s.label)).toEqual(['En fin de parcours', 'À 6 mois', 'À 12 mois']);
    expect(v.series[0]?.values).toEqual([58, 39, 19, 116]);
    expect(v.series[1]?.values).toEqual([null, null, null, null]);
    expect(normalise(v.summary)).toBe(
      'Dieppe-Maritime, 2025, situation des participants en fin de parcours : emploi durable 58, emploi de transition 39, '
      + 'sortie positive 19, sorties dynamiques 116 ; à 6 mois : non publié (secret statistique) ; à 12 mois : non publié (secret statistique).',
    );
  });

  it('links a past year to its own page', () => {
    expect(view([publication(2024), publication(2025)], 'publics', 2024).path).toBe('/territoires/dieppe-maritime/2024/');
  });

  it('gives horizontal bars enough height for every category name', () => {
    const publics = view([publication()], 'publics');
    expect(chartHeight(publics, 160)).toBe(8 * 32 + 70);
    expect(chartHeight(publics, 600)).toBe(600);
    expect(chartHeight(view([publication()], 'annees'), 160)).toBe(160);
  });
});

// Open data: the published aggregates flattened into one long table (one row per territory,
// year, indicator and category), as CSV (UTF-8, comma, decimal point, ISO dates) and JSON,
// described by a Table Schema, under the Licence Ouverte 2.0 (DOMAIN.md §10).
import type { PublicationFigures } from './publication.ts';
import { toCsv } from './csv.ts';

export interface PublishedYear {
  territorySlug: string;
  territoryName: string;
  year: number;
  version: number;
  publishedAt: string;
  figures: PublicationFigures;
}

export type OpenDataRow = {
  territoire: string;
  territoire_nom: string;
  annee: number;
  indicateur: string;
  categorie: string;
  valeur: number | null;
  secret_statistique: boolean;
  revision_retenue: boolean;
  version_publication: number;
  date_publication: string;
};

export const LICENCE = {
  name: 'Licence Ouverte / Open Licence version 2.0',
  path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
} as const;

/**
 * Flatten one publication. Every published figure becomes a row; a null value is a secret; a count
 * of persons held at the previous version's value (`revision_retenue` of the figures) says so.
 */
export function rowsOf(p: PublishedYear): OpenDataRow[] {
  const f = p.figures;
  const held = new Set(f.revision_retenue ?? []);
  const base = {
    territoire: p.territorySlug,
    territoire_nom: p.territoryName,
    annee: p.year,
    version_publication: p.version,
    date_publication: p.publishedAt.slice(0, 10),
  };
  const row = (indicateur: string, categorie: string, valeur: number | null, path = ''): OpenDataRow => ({
    ...base, indicateur, categorie, valeur, secret_statistique: valeur === null, revision_retenue: held.has(path),
  });
  const group = (indicateur: string, values: Record<string, number | null>, prefix: string) =>
    Object.entries(values).map(([categorie, valeur]) => row(indicateur, categorie, valeur, `${prefix}.${categorie}`));

  return [
    row('heures_realisees_dans_l_annee', 'total', f.heures.realisees_dans_l_annee),
    row('heures_dues_marches_en_cours', 'total', f.heures.dues_marches_en_cours),
    row('marches_sans_heures_dues', 'total', f.heures.marches_sans_heures_dues),
    row('heures_realisees_a_date_marches_en_cours', 'total', f.heures.realisees_a_date_marches_en_cours),
    row('participants', 'total', f.participants.total, 'participants.total'),
    ...group('participants_par_sexe', f.participants.par_sexe, 'participants.par_sexe'),
    ...group('participants_par_age', f.participants.par_age, 'participants.par_age'),
    ...group('participants_par_public', f.participants.publics, 'participants.publics'),
    ...group('organisations', f.organisations, 'organisations'),
    ...group('sorties_fin_de_parcours', f.sorties.fin_de_parcours, 'sorties.fin_de_parcours'),
    ...group('sorties_a_6_mois', f.sorties.a_6_mois, 'sorties.a_6_mois'),
    ...group('sorties_a_12_mois', f.sorties.a_12_mois, 'sorties.a_12_mois'),
    ...f.operations.flatMap((op) => [
      row('operation_heures_realisees', op.nom, op.heures_realisees),
      ...(op.heures_dues_communiquees ? [row('operation_heures_dues', op.nom, op.heures_dues)] : []),
      row('operation_participants', op.nom, op.participants, `operations[${op.nom}].participants`),
    ]),
  ];
}

export const CSV_COLUMNS = [
  'territoire', 'territoire_nom', 'annee', 'indicateur', 'categorie', 'valeur',
  'secret_statistique', 'revision_retenue', 'version_publication', 'date_publication',
] as const satisfies ReadonlyArray<keyof OpenDataRow>;

/** The open-data CSV of some rows. */
export function openDataCsv(rows: OpenDataRow[]): string {
  return toCsv<OpenDataRow>(CSV_COLUMNS, rows);
}

/** Table Schema (frictionless) describing the CSV. */
export function tableSchema(): object {
  return {
    $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
    name: 'resultats-clauses-sociales',
    title: 'Résultats publiés des clauses sociales d’insertion',
    description: 'Agrégats annuels figés par territoire, après application du secret statistique (effectifs de moins de 11 personnes non publiés). '
      + 'Quand une année est republiée, un effectif de personnes n’est révisé que s’il change d’au moins 11 personnes par rapport à chaque version déjà publiée ; sinon il garde sa valeur précédente (colonne revision_retenue).',
    licenses: [{ name: 'etalab-2.0', title: LICENCE.name, path: LICENCE.path }],
    missingValues: [''],
    fields: [
      { name: 'territoire', type: 'string', title: 'Identifiant du territoire', constraints: { required: true, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } },
      { name: 'territoire_nom', type: 'string', title: 'Nom du territoire', constraints: { required: true } },
      { name: 'annee', type: 'year', title: 'Année publiée', constraints: { required: true } },
      { name: 'indicateur', type: 'string', title: 'Indicateur', constraints: { required: true } },
      { name: 'categorie', type: 'string', title: 'Catégorie de l’indicateur (total, public, opération…)', constraints: { required: true } },
      { name: 'valeur', type: 'number', title: 'Valeur (heures ou effectif) ; vide si secret statistique', decimalChar: '.', groupChar: '' },
      { name: 'secret_statistique', type: 'boolean', title: 'Valeur non publiée (secret statistique)', trueValues: ['true'], falseValues: ['false'], constraints: { required: true } },
      {
        name: 'revision_retenue', type: 'boolean', title: 'Effectif non révisé : valeur de la version précédente',
        description: 'true : l’année a été republiée et cet effectif de personnes a changé de moins de 11 personnes par rapport à une version déjà publiée ; il garde la valeur de la version précédente pour qu’on ne puisse pas identifier les personnes ajoutées ou modifiées entre deux versions.',
        trueValues: ['true'], falseValues: ['false'], constraints: { required: true },
      },
      { name: 'version_publication', type: 'integer', title: 'Version de la publication', constraints: { required: true, minimum: 1 } },
      { name: 'date_publication', type: 'date', format: 'default', title: 'Date de publication (ISO 8601)', constraints: { required: true } },
    ],
    primaryKey: ['territoire', 'annee', 'indicateur', 'categorie'],
  };
}

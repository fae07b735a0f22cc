// The published figures document (src/domain/publication.ts) and its open-data table
// (src/domain/opendata.ts): the `revision_retenue` list of a year published again.
import { describe, expect, it } from 'vitest';
import { publicationFiguresSchema, type PublicationFigures } from '../../src/domain/publication.ts';
import { CSV_COLUMNS, openDataCsv, rowsOf, tableSchema } from '../../src/domain/opendata.ts';

const none = { emploi_durable: null, emploi_transition: null, sortie_positive: null, sorties_dynamiques: null };

function figures(overrides: Partial<PublicationFigures> = {}): PublicationFigures {
  return {
    version_schema: 1,
    territoire: { slug: 'dieppe-maritime', nom: 'Dieppe-Maritime' },
    annee: 2026,
    seuil_secret: 11,
    heures: { realisees_dans_l_annee: 32435, dues_marches_en_cours: 15600, marches_sans_heures_dues: 3, realisees_a_date_marches_en_cours: 94735 },
    participants: {
      total: 90,
      par_sexe: { femmes: 26, hommes: 52, non_renseigne: 12 },
      par_age: { non_renseigne: null, '50_ans_et_plus': 23, de_26_a_49_ans: 45, moins_de_26_ans: 22 },
      publics: { qpv: 18, rsa: 30, deld: 45, rqth: 15, seniors: 15, formation: 22, salaries_siae: null, jeunes_peu_qualifies: 15 },
    },
    organisations: { marches: 3, acheteurs: 1, entreprises: 3, siae: 0 },
    sorties: { fin_de_parcours: none, a_6_mois: none, a_12_mois: none },
    operations: [
      { nom: 'Grand chantier EPR2 de Penly', heures_dues: 0, heures_dues_communiquees: false, heures_realisees: 83435, participants: 90 },
    ],
    secret_statistique: ['participants.par_age.non_renseigne', 'participants.publics.salaries_siae'],
    ...overrides,
  };
}

const published = (f: PublicationFigures) => ({
  territorySlug: 'dieppe-maritime', territoryName: 'Dieppe-Maritime', year: 2026, version: 2,
  publishedAt: '2026-12-03T10:00:00Z', figures: f,
});

describe('the figures document', () => {
  it('keeps the list of counts held at the previous version', () => {
    const held = ['participants.total', 'operations[Grand chantier EPR2 de Penly].participants'];
    expect(publicationFiguresSchema.parse(figures({ revision_retenue: held })).revision_retenue).toEqual(held);
  });

  it('still reads the documents published before the rule, which have no such list', () => {
    const { revision_retenue: _none, ...old } = figures();
    expect(publicationFiguresSchema.parse(old).revision_retenue).toBeUndefined();
  });

  it('refuses a list that is not of paths', () => {
    expect(publicationFiguresSchema.safeParse({ ...figures(), revision_retenue: [3] }).success).toBe(false);
  });
});

describe('the open data', () => {
  it('marks the rows of the held counts, and only them', () => {
    const rows = rowsOf(published(figures({
      revision_retenue: ['participants.total', 'participants.par_sexe.femmes', 'operations[Grand chantier EPR2 de Penly].participants'],
    })));
    const held = rows.filter((r) => r.revision_retenue).map((r) => `${r.indicateur}/${r.categorie}`);
    expect(held).toEqual(['participants/total', 'participants_par_sexe/femmes', 'operation_participants/Grand chantier EPR2 de Penly']);
    expect(rowsOf(published(figures())).some((r) => r.revision_retenue)).toBe(false);
  });

  it('has a revision_retenue column, described in French by the Table Schema', () => {
    expect(CSV_COLUMNS).toContain('revision_retenue');
    const csv = openDataCsv(rowsOf(published(figures({ revision_retenue: ['participants.total'] }))));
    const [header, ...lines] = csv.trim().split('\r\n');
    expect(header).toBe(CSV_COLUMNS.join(','));
    const column = header!.split(',').indexOf('revision_retenue');
    expect(lines.find((l) => l.includes(',participants,total,'))?.split(',')[column]).toBe('true');
    const schema = tableSchema() as { fields: Array<{ name: string; type: string; title: string }> };
    expect(schema.fields.map((f) => f.name)).toEqual([...CSV_COLUMNS]);
    expect(schema.fields.find((f) => f.name === 'revision_retenue')).toMatchObject({ type: 'boolean', title: 'Effectif non révisé : valeur de la version précédente' });
  });
});

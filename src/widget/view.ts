// The figures of one indicator taken from the publications, with their French title, text
// summary and notes: everything the widget shows, before any markup. Pure.
// A null figure is a statistical secret (DOMAIN.md §10) and is never turned into zero.
import { formatCount, formatPercent } from '../domain/format.ts';
import { exitCategoryLabels, exitMilestoneLabels, label, publicLabels } from '../domain/labels.ts';
import { pickPublication, publishedYears, type Indicator, type OpenDataPublication, type Result } from './data.ts';

export const SECRET = 'secret statistique';
export const NOT_GIVEN = 'non communiqué';

export interface SeriesView {
  label: string;
  values: Array<number | null>;
  /** How a null of this series reads. */
  nullLabel: string;
}

export interface WidgetView {
  indicator: Indicator;
  territorySlug: string;
  territoryName: string;
  /** The year shown (for "annees", the last one). */
  year: number;
  title: string;
  /** The text alternative of the chart, shown above it. */
  summary: string;
  categoryHeader: string;
  categories: string[];
  series: SeriesView[];
  /** Bars are horizontal when category names are long. */
  horizontal: boolean;
  /** At least one value can be drawn. */
  hasChartData: boolean;
  /** Some value is a statistical secret. */
  hasSecret: boolean;
  notes: string[];
  publishedAt: string;
  /** Path of the page with all the results, on the site that published them. */
  path: string;
}

const milestones = ['fin_de_parcours', 'a_6_mois', 'a_12_mois'] as const;
const exitCategories = ['emploi_durable', 'emploi_transition', 'sortie_positive', 'sorties_dynamiques'] as const;

/**
 * Realised hours over hours due (as progress() in src/domain/publication.ts, which the widget
 * cannot import without bundling zod's schemas).
 */
function progress(realised: number | null, due: number | null): number | null {
  if (realised == null || due == null || due <= 0) return null;
  return realised / due;
}

function hours(value: number | null): string {
  return value === null ? SECRET : `${formatCount(value)} heures`;
}

function secretNote(threshold: number): string {
  return `« ${SECRET} » : effectif de moins de ${threshold} personnes, chiffre qui permettrait de le retrouver, `
    + 'ou chiffre d’heures concernant trop peu d’entreprises : il n’est pas publié.';
}

type Body = Pick<WidgetView, 'title' | 'summary' | 'categoryHeader' | 'categories' | 'series' | 'horizontal'> & { notes?: string[] };

/** "5 800 heures réalisées", or the same words said secret. */
function hoursDone(value: number | null, what: string): string {
  return value === null ? `${what} couvertes par le ${SECRET}` : `${formatCount(value)} ${what}`;
}

function hoursView(p: OpenDataPublication): Body {
  const f = p.indicateurs;
  const headline = `${p.territoire_nom}, ${p.annee} : ${hoursDone(f.heures.realisees_dans_l_annee, 'heures d’insertion réalisées dans l’année')}.`;
  if (f.operations.length > 0) {
    const ops = f.operations;
    const parts = ops.map((op) => `${op.nom} : ${hoursDone(op.heures_realisees, 'heures réalisées')}`
      + (op.heures_dues_communiquees
        ? ` sur ${formatCount(op.heures_dues)} dues`
          + (op.heures_realisees === null ? '' : ` (${formatPercent(progress(op.heures_realisees, op.heures_dues))})`)
        : ', objectif non communiqué'));
    return {
      title: `Heures d’insertion réalisées et dues par opération — ${p.territoire_nom}, fin ${p.annee}`,
      summary: `${headline} Par opération, en cumul à la fin de ${p.annee} : ${parts.join(' ; ')}.`,
      categoryHeader: 'Opération',
      categories: ops.map((op) => op.nom),
      series: [
        { label: 'Heures réalisées', values: ops.map((op) => op.heures_realisees), nullLabel: SECRET },
        { label: 'Heures dues', values: ops.map((op) => (op.heures_dues_communiquees ? op.heures_dues : null)), nullLabel: NOT_GIVEN },
      ],
      horizontal: true,
    };
  }
  const realised = f.heures.realisees_a_date_marches_en_cours;
  const due = f.heures.dues_marches_en_cours;
  const ratio = progress(realised, due);
  return {
    title: `Heures d’insertion réalisées et dues — ${p.territoire_nom}, ${p.annee}`,
    summary: `${headline} Sur les marchés en cours : ${hoursDone(realised, 'heures réalisées à date')} pour ${formatCount(due)} heures dues`
      + (ratio === null ? '.' : ` (${formatPercent(ratio)}).`),
    categoryHeader: 'Marchés',
    categories: ['Marchés en cours'],
    series: [
      { label: 'Heures réalisées à date', values: [realised], nullLabel: SECRET },
      { label: 'Heures dues', values: [due], nullLabel: NOT_GIVEN },
    ],
    horizontal: true,
    notes: f.heures.marches_sans_heures_dues > 0
      ? [`${formatCount(f.heures.marches_sans_heures_dues)} marché(s) sans objectif d’heures communiqué.`]
      : [],
  };
}

function publicsView(p: OpenDataPublication): Body {
  const f = p.indicateurs;
  const entries = Object.entries(f.participants.publics);
  const title = `Participants par public — ${p.territoire_nom}, ${p.annee}`;
  const total = `${p.territoire_nom}, ${p.annee} : ${f.participants.total === null ? `participants : ${SECRET}` : `${formatCount(f.participants.total)} participants`}.`;
  const allSecret = entries.every(([, v]) => v === null);
  return {
    title,
    summary: allSecret
      ? `${total} Effectifs inférieurs au seuil de publication : la typologie des publics n’est pas publiée cette année.`
      : `${total} Par public (une personne peut relever de plusieurs publics) : `
        + `${entries.map(([code, v]) => `${label(publicLabels, code)} : ${formatCount(v, SECRET)}`).join(' ; ')}.`,
    categoryHeader: 'Public',
    categories: entries.map(([code]) => label(publicLabels, code)),
    series: [{ label: 'Participants', values: entries.map(([, v]) => v), nullLabel: SECRET }],
    horizontal: true,
  };
}

function yearsView(publications: OpenDataPublication[], last: OpenDataPublication): Body {
  const byYear = new Map<number, OpenDataPublication>();
  for (const p of publications) {
    if (p.annee > last.annee) continue;
    const known = byYear.get(p.annee);
    if (!known || known.version < p.version) byYear.set(p.annee, p);
  }
  const shown = [...byYear.values()].sort((a, b) => a.annee - b.annee);
  const values = shown.map((p) => p.indicateurs.heures.realisees_dans_l_annee);
  const span = shown.length > 1 ? `de ${shown[0]?.annee} à ${last.annee}` : `en ${last.annee}`;
  return {
    title: `Heures d’insertion réalisées par année — ${last.territoire_nom}, ${span}`,
    summary: `${last.territoire_nom} : heures d’insertion réalisées ${span} : `
      + `${shown.map((p, i) => `${p.annee} : ${hours(values[i] ?? null)}`).join(' ; ')}.`,
    categoryHeader: 'Année',
    categories: shown.map((p) => String(p.annee)),
    series: [{ label: 'Heures réalisées dans l’année', values, nullLabel: SECRET }],
    horizontal: false,
  };
}

function exitsView(p: OpenDataPublication): Body {
  const s = p.indicateurs.sorties;
  const parts = milestones.map((m) => {
    const values = exitCategories.map((c) => s[m][c]);
    const text = values.every((v) => v === null)
      ? `non publié (${SECRET})`
      : exitCategories.map((c, i) => `${exitCategoryLabels[c].toLowerCase()} ${formatCount(values[i] ?? null, SECRET)}`).join(', ');
    return `${exitMilestoneLabels[m].toLowerCase()} : ${text}`;
  });
  return {
    title: `Sorties des participants — ${p.territoire_nom}, ${p.annee}`,
    summary: `${p.territoire_nom}, ${p.annee}, situation des participants ${parts.join(' ; ')}.`,
    categoryHeader: 'Sortie',
    categories: exitCategories.map((c) => exitCategoryLabels[c]),
    series: milestones.map((m) => ({ label: exitMilestoneLabels[m], values: exitCategories.map((c) => s[m][c]), nullLabel: SECRET })),
    horizontal: false,
    notes: [
      'Emploi durable : CDI, CDD ou intérim de 6 mois et plus, création d’entreprise. Emploi de transition : CDD ou '
      + 'intérim de moins de 6 mois, contrat aidé. Sortie positive : formation qualifiante, embauche par une autre SIAE. '
      + 'Les trois ensemble forment les sorties dynamiques.',
    ],
  };
}

/**
 * Height of the chart area: the one asked, raised when horizontal bars need more room for
 * every category name to be written (Chart.js would otherwise skip some).
 */
export function chartHeight(view: Pick<WidgetView, 'horizontal' | 'categories' | 'series'>, requested: number): number {
  if (!view.horizontal) return requested;
  return Math.max(requested, view.categories.length * Math.max(32, 12 + 14 * view.series.length) + 70);
}

/** The view of one indicator for one year (latest when null), or a French message. */
export function buildView(publications: OpenDataPublication[], indicator: Indicator, year: number | null): Result<WidgetView> {
  const picked = pickPublication(publications, year);
  if (!picked.ok) return picked;
  const p = picked.value;
  const body = indicator === 'heures' ? hoursView(p)
    : indicator === 'publics' ? publicsView(p)
      : indicator === 'annees' ? yearsView(publications, p)
        : exitsView(p);
  const values = body.series.flatMap((s) => s.values);
  const hasSecret = body.series.some((s) => s.nullLabel === SECRET && s.values.some((v) => v === null));
  const latestYear = publishedYears(publications)[0];
  return {
    ok: true,
    value: {
      indicator,
      territorySlug: p.territoire,
      territoryName: p.territoire_nom,
      year: p.annee,
      title: body.title,
      summary: body.summary,
      categoryHeader: body.categoryHeader,
      categories: body.categories,
      series: body.series,
      horizontal: body.horizontal,
      hasChartData: values.some((v) => v !== null),
      hasSecret,
      notes: [...(body.notes ?? []), ...(hasSecret ? [secretNote(p.indicateurs.seuil_secret)] : [])],
      publishedAt: p.date_publication,
      // "annees" and the latest year link to the territory page, another year to its own page.
      path: indicator === 'annees' || p.annee === latestYear
        ? `/territoires/${p.territoire}/`
        : `/territoires/${p.territoire}/${p.annee}/`,
    },
  };
}

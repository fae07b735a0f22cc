// The embeddable results widget, pure part: what it reads (the static open-data JSON of one
// territory, /donnees/<territoire>.json) and how its attributes are read. No DOM, no fetch:
// shared by the custom element (browser), the iframe pages and the builder (build time), and
// the unit tests. The widget bundle must stay small, so the JSON is checked by hand here
// rather than with zod (the same shape as src/domain/publication.ts, whose type is reused).
import type { PublicationFigures } from '../domain/publication.ts';

/** One publication as the open-data JSON gives it (src/pages/donnees/[fichier].ts). */
export interface OpenDataPublication {
  territoire: string;
  territoire_nom: string;
  annee: number;
  version: number;
  date_publication: string;
  note: string | null;
  indicateurs: PublicationFigures;
}

export const INDICATORS = ['heures', 'publics', 'annees', 'sorties'] as const;
export type Indicator = (typeof INDICATORS)[number];

/** What each indicator shows, in the builder's list and in messages. */
export const indicatorLabels = {
  heures: 'Heures réalisées et heures dues',
  publics: 'Participants par public',
  annees: 'Heures réalisées par année',
  sorties: 'Sorties des participants',
} as const satisfies Record<Indicator, string>;

export const CHART_KINDS = ['barres', 'tableau'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];
export const THEMES = ['clair', 'sombre'] as const;
export type Theme = (typeof THEMES)[number];

/** Presentation defaults: an attribute equal to its default is left out of the snippets. */
export const DEFAULTS = {
  graphique: 'barres',
  theme: 'clair',
  couleur: '#1d4f91',
  hauteur: 280,
} as const satisfies { graphique: ChartKind; theme: Theme; couleur: string; hauteur: number };

export const HEIGHT_MIN = 160;
export const HEIGHT_MAX = 800;

/** The attributes of <clauses-resultats>, in the order the snippets write them. */
export const ATTRIBUTES = [
  'territoire', 'indicateur', 'annee', 'graphique', 'theme', 'couleur', 'hauteur', 'niveau-titre', 'nouvelle-fenetre',
] as const;

export interface WidgetOptions {
  territoire: string;
  indicateur: Indicator;
  /** null: the latest published year. */
  annee: number | null;
  graphique: ChartKind;
  theme: Theme;
  /** Accent colour as asked (#rrggbb); the renderer makes it readable on the theme. */
  couleur: string;
  /** Height of the chart area, in CSS pixels. */
  hauteur: number;
  /** 1–6: the title is a heading of that level in the host page's outline; null: plain caption. */
  niveauTitre: number | null;
  /** Links open a new window (inside an iframe, a link would otherwise replace the frame). */
  nouvelleFenetre: boolean;
}

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HEX = /^#[0-9a-f]{6}$/i;

export function isIndicator(value: string): value is Indicator {
  return (INDICATORS as readonly string[]).includes(value);
}

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * Reads the element's attributes. Territory, indicator and year decide what is shown: a wrong
 * value there is a French message in the widget. Presentation attributes fall back to their
 * default when invalid (a wrong colour must not hide the figures).
 */
export function readOptions(get: (name: string) => string | null): Result<WidgetOptions> {
  const territoire = (get('territoire') ?? '').trim().toLowerCase();
  if (territoire === '') return { ok: false, message: 'Résultats indisponibles : le territoire n’est pas indiqué (attribut territoire).' };
  if (!SLUG.test(territoire)) return { ok: false, message: `Résultats indisponibles : territoire « ${territoire} » inconnu.` };
  const indicateur = (get('indicateur') ?? 'heures').trim().toLowerCase();
  if (!isIndicator(indicateur)) {
    return { ok: false, message: `Indicateur « ${indicateur} » inconnu : choisissez heures, publics, annees ou sorties.` };
  }
  const yearText = (get('annee') ?? '').trim();
  let annee: number | null = null;
  if (yearText !== '') {
    if (!/^\d{4}$/.test(yearText)) return { ok: false, message: `Année « ${yearText} » non valable : indiquez une année sur quatre chiffres.` };
    annee = Number(yearText);
  }
  const couleur = (get('couleur') ?? '').trim();
  const height = Number.parseInt(get('hauteur') ?? '', 10);
  const level = Number.parseInt(get('niveau-titre') ?? '', 10);
  return {
    ok: true,
    value: {
      territoire,
      indicateur,
      annee,
      graphique: oneOf(CHART_KINDS, get('graphique'), DEFAULTS.graphique),
      theme: oneOf(THEMES, get('theme'), DEFAULTS.theme),
      couleur: HEX.test(couleur) ? couleur.toLowerCase() : DEFAULTS.couleur,
      hauteur: Number.isFinite(height) ? Math.min(HEIGHT_MAX, Math.max(HEIGHT_MIN, height)) : DEFAULTS.hauteur,
      niveauTitre: level >= 1 && level <= 6 ? level : null,
      nouvelleFenetre: get('nouvelle-fenetre') !== null,
    },
  };
}

// --- Checking the JSON -------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value));
}

function isCounts(value: unknown): value is Record<string, number | null> {
  return isObject(value) && Object.values(value).every(isCount);
}

function isFigures(value: unknown): value is PublicationFigures {
  if (!isObject(value) || value['version_schema'] !== 1) return false;
  const { heures, participants, sorties, operations } = value;
  return typeof value['seuil_secret'] === 'number'
    && isObject(heures) && isCount(heures['realisees_dans_l_annee']) && typeof heures['dues_marches_en_cours'] === 'number'
    && typeof heures['marches_sans_heures_dues'] === 'number' && isCount(heures['realisees_a_date_marches_en_cours'])
    && isObject(participants) && isCount(participants['total']) && isCounts(participants['publics'])
    && isObject(sorties) && ['fin_de_parcours', 'a_6_mois', 'a_12_mois'].every((m) => isCounts(sorties[m]))
    && Array.isArray(operations) && operations.every((op) => isObject(op) && typeof op['nom'] === 'string'
      && typeof op['heures_dues'] === 'number' && typeof op['heures_dues_communiquees'] === 'boolean'
      && isCount(op['heures_realisees']) && isCount(op['participants']));
}

/** The publications of an open-data file, or null when the file is not in a format this version reads. */
export function parseOpenData(json: unknown): OpenDataPublication[] | null {
  if (!isObject(json) || !Array.isArray(json['publications'])) return null;
  const publications: OpenDataPublication[] = [];
  for (const p of json['publications'] as unknown[]) {
    if (!isObject(p) || typeof p['territoire'] !== 'string' || typeof p['territoire_nom'] !== 'string'
      || typeof p['annee'] !== 'number' || typeof p['date_publication'] !== 'string' || !isFigures(p['indicateurs'])) {
      return null;
    }
    publications.push({
      territoire: p['territoire'],
      territoire_nom: p['territoire_nom'],
      annee: p['annee'],
      version: typeof p['version'] === 'number' ? p['version'] : 1,
      date_publication: p['date_publication'],
      note: typeof p['note'] === 'string' ? p['note'] : null,
      indicateurs: p['indicateurs'],
    });
  }
  return publications;
}

/** Published years, most recent first. */
export function publishedYears(publications: readonly OpenDataPublication[]): number[] {
  return [...new Set(publications.map((p) => p.annee))].sort((a, b) => b - a);
}

/** The publication of the asked year (latest when null), or a French message. */
export function pickPublication(publications: readonly OpenDataPublication[], year: number | null): Result<OpenDataPublication> {
  const years = publishedYears(publications);
  const wanted = year ?? years[0];
  const found = publications.filter((p) => p.annee === wanted).sort((a, b) => b.version - a.version)[0];
  if (found) return { ok: true, value: found };
  if (years.length === 0) return { ok: false, message: 'Aucun résultat publié pour ce territoire pour le moment.' };
  return { ok: false, message: `Aucun résultat publié pour ${String(year)} (années publiées : ${years.join(', ')}).` };
}

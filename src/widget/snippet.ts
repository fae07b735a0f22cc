// The code a community pastes into its website, in two forms: the module script and its
// element, or an iframe for sites whose CMS refuses scripts. Pure: used by the builder page
// (prerendered, then live in the browser) and the tests.
import { DEFAULTS, type ChartKind, type Indicator, type Theme } from './data.ts';
import { escapeHtml } from './markup.ts';

export interface SnippetChoice {
  territoire: string;
  indicateur: Indicator;
  /** null: always the latest published year. */
  annee: number | null;
  graphique: ChartKind;
  theme: Theme;
  couleur: string;
  hauteur: number;
}

/** Message type the iframe pages post to their host with their content height. */
export const HEIGHT_MESSAGE = 'clauses-resultats:hauteur';

/** Attributes of the element: what to show, then presentation attributes that differ from the defaults. */
export function widgetAttributes(c: SnippetChoice): Array<[string, string]> {
  const attributes: Array<[string, string]> = [['territoire', c.territoire], ['indicateur', c.indicateur]];
  if (c.annee !== null) attributes.push(['annee', String(c.annee)]);
  if (c.graphique !== DEFAULTS.graphique) attributes.push(['graphique', c.graphique]);
  if (c.theme !== DEFAULTS.theme) attributes.push(['theme', c.theme]);
  if (c.couleur.toLowerCase() !== DEFAULTS.couleur) attributes.push(['couleur', c.couleur.toLowerCase()]);
  if (c.hauteur !== DEFAULTS.hauteur) attributes.push(['hauteur', String(c.hauteur)]);
  return attributes;
}

export function scriptSnippet(origin: string, c: SnippetChoice): string {
  const attributes = widgetAttributes(c).map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join('');
  return `<script type="module" src="${escapeHtml(origin)}/widget/v1.js"></script>\n`
    + `<clauses-resultats${attributes}></clauses-resultats>`;
}

/** Address of the iframe page: the year in the path, presentation choices in the query. */
export function iframeSrc(origin: string, c: SnippetChoice): string {
  const path = `/integrer/${encodeURIComponent(c.territoire)}/${c.indicateur}/${c.annee === null ? '' : `${c.annee}/`}`;
  const query = new URLSearchParams(widgetAttributes(c).filter(([k]) => !['territoire', 'indicateur', 'annee'].includes(k)));
  const search = query.toString();
  return `${origin}${path}${search ? `?${search}` : ''}`;
}

/** A first height for the frame, before (or without) the resizing script. */
export function iframeHeight(c: SnippetChoice): number {
  return c.graphique === 'barres' ? c.hauteur + 260 : 520;
}

export function iframeSnippet(origin: string, c: SnippetChoice, title: string): string {
  const o = JSON.stringify(origin);
  return `<iframe src="${escapeHtml(iframeSrc(origin, c))}" title="${escapeHtml(title)}" `
    + `width="100%" height="${iframeHeight(c)}" style="border:0;max-width:48rem" loading="lazy"></iframe>\n`
    + '<script>\n'
    + '  // Facultatif : ajuste la hauteur du cadre à son contenu.\n'
    + '  addEventListener("message", function (e) {\n'
    + `    if (e.origin !== ${o} || !e.data || e.data.type !== "${HEIGHT_MESSAGE}") return;\n`
    + '    document.querySelectorAll("iframe").forEach(function (f) {\n'
    + '      if (f.contentWindow === e.source) f.style.height = Math.min(Math.max(Number(e.data.hauteur) || 0, 100), 4000) + "px";\n'
    + '    });\n'
    + '  });\n'
    + '</script>';
}

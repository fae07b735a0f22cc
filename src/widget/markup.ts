// The widget's markup as a small tree of plain objects, turned either into DOM nodes (in the
// browser: createElement and textContent, no innerHTML, so no escaping to get wrong and nothing
// for a host page's Trusted Types policy to refuse) or into an HTML string (the iframe pages'
// prerendered fallback, readable without JavaScript). Pure.
import { formatCount, formatDate, ofName } from '../domain/format.ts';
import type { ChartKind, Theme } from './data.ts';
import type { WidgetView } from './view.ts';

export type Child = Tag | string | null | false | undefined;
export interface Tag {
  tag: string;
  attrs: Record<string, string | true | undefined>;
  children: Child[];
}

export function h(tag: string, attrs: Tag['attrs'] = {}, ...children: Child[]): Tag {
  return { tag, attrs, children };
}

const VOID = new Set(['br', 'img', 'input', 'meta', 'link', 'hr']);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** HTML text of a tree, every text and attribute value escaped. */
export function toHtml(node: Child): string {
  if (node === null || node === false || node === undefined) return '';
  if (typeof node === 'string') return escapeHtml(node);
  const attrs = Object.entries(node.attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`))
    .join('');
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(toHtml).join('')}</${node.tag}>`;
}

/** DOM nodes of a tree, made in the given document. */
export function toDom(node: Child, doc: Document): Node | null {
  if (node === null || node === false || node === undefined) return null;
  if (typeof node === 'string') return doc.createTextNode(node);
  const element = doc.createElement(node.tag);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (v !== undefined) element.setAttribute(k, v === true ? '' : v);
  }
  for (const child of node.children) {
    const made = toDom(child, doc);
    if (made) element.append(made);
  }
  return element;
}

export interface RenderOptions {
  graphique: ChartKind;
  theme: Theme;
  niveauTitre: number | null;
  nouvelleFenetre: boolean;
  /** Origin of the publishing site, e.g. https://clauses.example.fr (links point there). */
  origin: string;
  /** Whether a canvas is drawn (false for the prerendered fallback: no script, no chart). */
  canvas: boolean;
}

function root(theme: Theme, ...children: Child[]): Tag {
  return h('div', { class: `cr cr-${theme}`, lang: 'fr' }, ...children);
}

function link(href: string, text: string, newWindow: boolean): Tag {
  return newWindow
    ? h('a', { href, target: '_blank', rel: 'noopener' }, text, h('span', { class: 'cr-sr' }, ' (nouvelle fenêtre)'))
    : h('a', { href }, text);
}

export function dataTable(view: WidgetView): Tag {
  return h('div', { class: 'cr-scroll', tabindex: '0', role: 'region', 'aria-label': `Données : ${view.title}` },
    h('table', {},
      h('caption', { class: 'cr-sr' }, view.title),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, view.categoryHeader),
        ...view.series.map((s) => h('th', { scope: 'col', class: 'cr-num' }, s.label)))),
      h('tbody', {}, ...view.categories.map((category, i) => h('tr', {},
        h('th', { scope: 'row' }, category),
        ...view.series.map((s) => {
          const value = s.values[i] ?? null;
          return h('td', { class: value === null ? 'cr-num cr-null' : 'cr-num' }, formatCount(value, s.nullLabel));
        }))))));
}

/** The whole widget for a view. */
export function widgetTree(view: WidgetView, o: RenderOptions): Tag {
  const chart = o.canvas && o.graphique === 'barres' && view.hasChartData;
  const titleText = o.niveauTitre === null ? view.title : h(`h${o.niveauTitre}`, { class: 'cr-heading' }, view.title);
  return root(o.theme,
    h('figure', { class: 'cr-figure' },
      h('figcaption', { class: 'cr-title' }, titleText),
      h('p', { class: 'cr-summary', id: 'cr-resume' }, view.summary),
      chart && h('div', { class: 'cr-canvas' },
        h('canvas', { role: 'img', 'aria-label': `Graphique : ${view.title}`, 'aria-describedby': 'cr-resume' })),
      chart && view.hasSecret && h('p', { class: 'cr-note' }, 'Les valeurs non publiées n’apparaissent pas sur le graphique ; le tableau les signale.'),
      chart
        ? h('details', { class: 'cr-data' }, h('summary', {}, 'Voir les données'), dataTable(view))
        : dataTable(view),
      ...view.notes.map((note) => h('p', { class: 'cr-note' }, note)),
      h('p', { class: 'cr-source' },
        `Publié le ${formatDate(view.publishedAt)}. `,
        link(`${o.origin}${view.path}`, `Tous les résultats ${ofName(view.territoryName)}`, o.nouvelleFenetre))));
}

/** A line above the figures (e.g. they come from the browser's cache). */
export function noticeTree(text: string): Tag {
  return h('p', { class: 'cr-message' }, text);
}

/** A short message in place of the figures (loading, unknown territory, no network…). */
export function messageTree(message: string, theme: Theme, more?: { href: string; text: string; newWindow: boolean }): Tag {
  return root(theme,
    h('p', { class: 'cr-message' }, message),
    more && h('p', { class: 'cr-source' }, link(more.href, more.text, more.newWindow)));
}

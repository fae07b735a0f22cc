// The widget's markup (escaping, the accessible chart and table, secrets in the table), the
// snippets the builder gives, and the accent colour kept readable.
import { describe, expect, it } from 'vitest';
import { dataTable, messageTree, toHtml, widgetTree, type RenderOptions } from '../../src/widget/markup.ts';
import { iframeSnippet, iframeSrc, scriptSnippet, widgetAttributes, type SnippetChoice } from '../../src/widget/snippet.ts';
import { contrastRatio, palettes, readableAccent } from '../../src/widget/theme.ts';
import type { WidgetView } from '../../src/widget/view.ts';

const normalise = (text: string): string => text.replace(/[\s\u00a0\u202f]+/g, ' ');

const view: WidgetView = {
  indicator: 'publics',
  territorySlug: 'dieppe-maritime',
  territoryName: 'Dieppe-Maritime <script>alert(1)</script>',
  year: 2025,
  title: 'Participants par public — Dieppe-Maritime, 2025',
  summary: 'Résumé « en texte » & co.',
  categoryHeader: 'Public',
  categories: ['Bénéficiaires du RSA', 'Salariés de SIAE'],
  series: [{ label: 'Participants', values: [45, null], nullLabel: 'secret statistique' }],
  horizontal: true,
  hasChartData: true,
  hasSecret: true,
  notes: ['Une note.'],
  publishedAt: '2026-02-10T10:00:00+00:00',
  path: '/territoires/dieppe-maritime/',
};

const options: RenderOptions = {
  graphique: 'barres', theme: 'clair', niveauTitre: null, nouvelleFenetre: false, origin: 'https://clauses.example.fr', canvas: true,
};

describe('widget markup', () => {
  it('escapes every text coming from the data', () => {
    const html = toHtml(widgetTree(view, options));
    expect(html).not.toContain('<script>');
    expect(html).toContain('Dieppe-Maritime &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('Résumé « en texte » &#38; co.');
  });

  it('draws a canvas with role="img", a name and the summary, and the data in a real table under "Voir les données"', () => {
    const html = toHtml(widgetTree(view, options));
    expect(html).toContain('<canvas role="img" aria-label="Graphique : Participants par public — Dieppe-Maritime, 2025" aria-describedby="cr-resume"></canvas>');
    expect(html).toContain('<p class="cr-summary" id="cr-resume">');
    expect(html).toMatch(/<details class="cr-data"><summary>Voir les données<\/summary><div class="cr-scroll" tabindex="0" role="region"[^>]*><table>/);
    expect(html).toContain('<th scope="col">Public</th><th scope="col" class="cr-num">Participants</th>');
    expect(html).toContain('Publié le 10 février 2026.');
    expect(html).toContain('<a href="https://clauses.example.fr/territoires/dieppe-maritime/">Tous les résultats de');
    expect(html).toContain('lang="fr"');
  });

  it('shows a secret as "secret statistique" in the table, never as 0', () => {
    const html = normalise(toHtml(dataTable(view)));
    expect(html).toContain('<th scope="row">Salariés de SIAE</th><td class="cr-num cr-null">secret statistique</td>');
    expect(html).toContain('<td class="cr-num">45</td>');
    expect(html).not.toMatch(/>0</);
  });

  it('table mode, a view with nothing to draw, and the prerendered fallback have no canvas and show the table', () => {
    for (const html of [
      toHtml(widgetTree(view, { ...options, graphique: 'tableau' })),
      toHtml(widgetTree({ ...view, hasChartData: false }, options)),
      toHtml(widgetTree(view, { ...options, canvas: false })),
    ]) {
      expect(html).not.toContain('<canvas');
      expect(html).not.toContain('<details');
      expect(html).toContain('<table>');
    }
  });

  it('makes the title a heading when asked, and says when a link opens a new window', () => {
    const html = toHtml(widgetTree(view, { ...options, niveauTitre: 1, nouvelleFenetre: true }));
    expect(html).toContain('<figcaption class="cr-title"><h1 class="cr-heading">Participants par public');
    expect(html).toContain('target="_blank" rel="noopener"');
    expect(html).toContain('<span class="cr-sr"> (nouvelle fenêtre)</span>');
    expect(toHtml(widgetTree(view, options))).not.toContain('<h');
  });

  it('writes a message in French with the theme', () => {
    expect(toHtml(messageTree('Résultats indisponibles : territoire « x » inconnu.', 'sombre')))
      .toBe('<div class="cr cr-sombre" lang="fr"><p class="cr-message">Résultats indisponibles : territoire « x » inconnu.</p></div>');
  });
});

describe('snippets', () => {
  const choice: SnippetChoice = {
    territoire: 'dieppe-maritime', indicateur: 'heures', annee: 2025, graphique: 'barres', theme: 'clair', couleur: '#1d4f91', hauteur: 280,
  };

  it('gives the module script and the element, presentation attributes only when they differ from the defaults', () => {
    expect(scriptSnippet('https://clauses.example.fr', choice)).toBe(
      '<script type="module" src="https://clauses.example.fr/widget/v1.js"></script>\n'
      + '<clauses-resultats territoire="dieppe-maritime" indicateur="heures" annee="2025"></clauses-resultats>',
    );
    expect(widgetAttributes({ ...choice, annee: null, graphique: 'tableau', theme: 'sombre', couleur: '#AA0000', hauteur: 400 })).toEqual([
      ['territoire', 'dieppe-maritime'], ['indicateur', 'heures'], ['graphique', 'tableau'], ['theme', 'sombre'], ['couleur', '#aa0000'], ['hauteur', '400'],
    ]);
  });

  it('gives an iframe of the prerendered page, year in the path, presentation in the query, with the optional resizing lines', () => {
    expect(iframeSrc('https://clauses.example.fr', { ...choice, annee: null })).toBe('https://clauses.example.fr/integrer/dieppe-maritime/heures/');
    expect(iframeSrc('https://clauses.example.fr', { ...choice, theme: 'sombre', couleur: '#aa0000' }))
      .toBe('https://clauses.example.fr/integrer/dieppe-maritime/heures/2025/?theme=sombre&couleur=%23aa0000');
    const snippet = iframeSnippet('https://clauses.example.fr', choice, 'Heures « dues » — Dieppe');
    expect(snippet).toContain('<iframe src="https://clauses.example.fr/integrer/dieppe-maritime/heures/2025/" title="Heures « dues » — Dieppe" width="100%" height="540"');
    expect(snippet).toContain('e.origin !== "https://clauses.example.fr"');
    expect(snippet).toContain('"clauses-resultats:hauteur"');
  });
});

describe('accent colour', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1d4f91', '#ffffff')).toBeGreaterThan(4.5);
  });

  it('keeps a readable accent, and darkens or lightens one that is not just enough', () => {
    expect(readableAccent('#1D4F91', 'clair')).toBe('#1d4f91');
    for (const [accent, theme] of [['#ffcc00', 'clair'], ['#1d4f91', 'sombre'], ['#777777', 'clair'], ['#000000', 'sombre']] as const) {
      const adjusted = readableAccent(accent, theme);
      expect(adjusted).not.toBe(accent);
      expect(contrastRatio(adjusted, palettes[theme].background)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

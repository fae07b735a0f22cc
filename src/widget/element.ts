// <clauses-resultats territoire="…" indicateur="…" annee="…">: the published results of a
// territory in a shadow root (styles isolated both ways), drawn from the site's open data.
// Every attribute change re-renders; a wrong attribute or a failed request is a French message
// in the widget, never a blank box.
import { ATTRIBUTES, readOptions, type WidgetOptions } from './data.ts';
import { loadTerritory } from './load.ts';
import { messageTree, noticeTree, toDom, widgetTree, type Tag } from './markup.ts';
import { mountChart, type MountedChart } from './chart.ts';
import { readableAccent } from './theme.ts';
import { WIDGET_CSS } from './styles.ts';
import { buildView, chartHeight } from './view.ts';

let sharedSheet: CSSStyleSheet | null = null;

function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(WIDGET_CSS);
    }
    root.adoptedStyleSheets = [sharedSheet];
  } else {
    const style = root.ownerDocument.createElement('style');
    style.textContent = WIDGET_CSS;
    root.append(style);
  }
}

export function createElementClass(site: URL): CustomElementConstructor {
  const dataRoot = new URL('donnees/', site);
  const origin = site.origin;

  return class ClausesResultats extends HTMLElement {
    static get observedAttributes(): readonly string[] {
      return ATTRIBUTES;
    }

    #root: ShadowRoot;
    #content: HTMLElement;
    #chart: MountedChart | null = null;
    #scheduled = false;
    #generation = 0;
    #territory: string | null = null;

    constructor() {
      super();
      this.#root = this.attachShadow({ mode: 'open' });
      adoptStyles(this.#root);
      this.#content = this.ownerDocument.createElement('div');
      this.#root.append(this.#content);
    }

    connectedCallback(): void {
      this.#schedule();
    }

    disconnectedCallback(): void {
      // Chart.js does not see a canvas leave a shadow root: stop its observers here.
      this.#chart?.destroy();
      this.#chart = null;
      this.#generation += 1;
    }

    attributeChangedCallback(): void {
      if (this.isConnected) this.#schedule();
    }

    /** Several attributes set in a row make one render. */
    #schedule(): void {
      if (this.#scheduled) return;
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        if (this.isConnected) void this.#render();
      });
    }

    #show(tree: Tag, options: Pick<WidgetOptions, 'couleur' | 'theme'> | null): HTMLElement {
      this.#chart?.destroy();
      this.#chart = null;
      const node = toDom(tree, this.ownerDocument) as HTMLElement;
      if (options) node.style.setProperty('--cr-accent', readableAccent(options.couleur, options.theme));
      this.#content.replaceChildren(node);
      return node;
    }

    async #render(): Promise<void> {
      const generation = ++this.#generation;
      const read = readOptions((name) => this.getAttribute(name));
      const theme = this.getAttribute('theme') === 'sombre' ? 'sombre' : 'clair';
      if (!read.ok) {
        this.#territory = null;
        this.#show(messageTree(read.message, theme), null);
        return;
      }
      const o = read.value;
      const territoryPage = { href: `${origin}/territoires/`, text: 'Résultats des territoires', newWindow: o.nouvelleFenetre };
      // Another territory: say it is loading rather than keep the previous one's figures.
      if (this.#territory !== o.territoire) this.#show(messageTree('Chargement des résultats…', o.theme), o);
      this.#territory = o.territoire;

      const loaded = await loadTerritory(dataRoot, o.territoire);
      if (generation !== this.#generation) return; // attributes changed meanwhile
      if (loaded.status !== 'ok') {
        const message = loaded.status === 'unknown'
          ? `Résultats indisponibles : territoire « ${o.territoire} » inconnu.`
          : loaded.status === 'invalid'
            ? 'Résultats indisponibles : format de données non reconnu par cette version du module.'
            : 'Résultats momentanément indisponibles (connexion impossible).';
        this.#show(messageTree(message, o.theme, territoryPage), o);
        return;
      }
      const view = buildView(loaded.publications, o.indicateur, o.annee);
      if (!view.ok) {
        this.#show(messageTree(view.message, o.theme, { ...territoryPage, href: `${origin}/territoires/${o.territoire}/`, text: 'Voir les résultats du territoire' }), o);
        return;
      }
      const node = this.#show(widgetTree(view.value, {
        graphique: o.graphique, theme: o.theme, niveauTitre: o.niveauTitre, nouvelleFenetre: o.nouvelleFenetre, origin, canvas: true,
      }), o);
      if (loaded.fromCache) {
        const notice = toDom(noticeTree('Connexion impossible : voici les dernières données gardées par votre navigateur.'), this.ownerDocument);
        if (notice) node.prepend(notice);
      }
      const box = node.querySelector<HTMLElement>('.cr-canvas');
      const canvas = box?.querySelector('canvas');
      if (box && canvas) {
        box.style.height = `${chartHeight(view.value, o.hauteur)}px`;
        try {
          this.#chart = mountChart(canvas, view.value, o.theme, readableAccent(o.couleur, o.theme));
        } catch {
          // No canvas support: the summary and the table are still there.
          box.remove();
        }
      }
    }
  };
}

// Script of the builder page /integrer/: every change of the form updates the live preview
// (the real widget, or the iframe page) and the snippet; "Copier" copies it and says so in a
// status message (role="status", announced by screen readers).
import { DEFAULTS, HEIGHT_MAX, HEIGHT_MIN, indicatorLabels, isIndicator, type ChartKind, type Theme } from './data.ts';
import { HEIGHT_MESSAGE, iframeHeight, iframeSnippet, iframeSrc, scriptSnippet, widgetAttributes, type SnippetChoice } from './snippet.ts';

const form = document.querySelector<HTMLFormElement>('form#integrer');
const widget = document.querySelector<HTMLElement>('#apercu-module');
const frame = document.querySelector<HTMLIFrameElement>('#apercu-cadre');
const code = document.querySelector<HTMLTextAreaElement>('#code');
const copy = document.querySelector<HTMLButtonElement>('#copier');
const status = document.querySelector<HTMLElement>('#copie-statut');
const frameHelp = document.querySelector<HTMLElement>('#aide-cadre');

function field<T extends HTMLElement>(name: string): T | null {
  return form?.querySelector<T>(`[name="${name}"]`) ?? null;
}

function radio(name: string): string {
  return form?.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '';
}

if (form && widget && frame && code && copy && status) {
  const origin = location.origin;
  const years = JSON.parse(form.dataset['annees'] ?? '{}') as Record<string, number[]>;
  const territory = field<HTMLSelectElement>('territoire');
  const year = field<HTMLSelectElement>('annee');

  const choice = (): SnippetChoice => {
    const indicator = field<HTMLSelectElement>('indicateur')?.value ?? 'heures';
    const height = Number.parseInt(field<HTMLInputElement>('hauteur')?.value ?? '', 10);
    const colour = field<HTMLInputElement>('couleur')?.value ?? DEFAULTS.couleur;
    return {
      territoire: territory?.value ?? '',
      indicateur: isIndicator(indicator) ? indicator : 'heures',
      annee: year?.value ? Number(year.value) : null,
      graphique: (radio('graphique') === 'tableau' ? 'tableau' : 'barres') satisfies ChartKind,
      theme: (radio('theme') === 'sombre' ? 'sombre' : 'clair') satisfies Theme,
      couleur: /^#[0-9a-f]{6}$/i.test(colour) ? colour : DEFAULTS.couleur,
      hauteur: Number.isFinite(height) ? Math.min(HEIGHT_MAX, Math.max(HEIGHT_MIN, height)) : DEFAULTS.hauteur,
    };
  };

  /** The years offered follow the territory; a year it has not published falls back to "latest". */
  const fillYears = (): void => {
    if (!territory || !year) return;
    const kept = year.value;
    const options = (years[territory.value] ?? []).map((y) => new Option(String(y), String(y)));
    year.replaceChildren(new Option('Dernière année publiée', ''), ...options);
    year.value = options.some((o) => o.value === kept) ? kept : '';
  };

  const update = (): void => {
    const c = choice();
    const asIframe = radio('forme') === 'iframe';
    const territoryName = territory?.selectedOptions[0]?.textContent ?? c.territoire;
    const title = `${indicatorLabels[c.indicateur]} — ${territoryName}`;
    if (asIframe) {
      const src = iframeSrc(origin, c);
      if (frame.getAttribute('src') !== src) frame.src = src;
      frame.title = title;
      frame.height = String(iframeHeight(c));
      code.value = iframeSnippet(origin, c, title);
    } else {
      const attributes = new Map(widgetAttributes(c));
      for (const name of ['territoire', 'indicateur', 'annee', 'graphique', 'theme', 'couleur', 'hauteur']) {
        const value = attributes.get(name);
        if (value === undefined) widget.removeAttribute(name);
        else if (widget.getAttribute(name) !== value) widget.setAttribute(name, value);
      }
      code.value = scriptSnippet(origin, c);
    }
    code.rows = Math.min(14, code.value.split('\n').length + 1);
    widget.hidden = asIframe;
    frame.hidden = !asIframe;
    if (frameHelp) frameHelp.hidden = !asIframe;
    status.textContent = '';
  };

  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', (event) => {
    if (event.target === territory) fillYears();
    update();
  });
  form.addEventListener('input', update);

  // The preview frame tells its height, as in the snippet given to host pages.
  addEventListener('message', (event: MessageEvent<{ type?: unknown; hauteur?: unknown }>) => {
    if (event.origin !== origin || event.source !== frame.contentWindow || event.data?.type !== HEIGHT_MESSAGE) return;
    const height = Number(event.data.hauteur);
    if (Number.isFinite(height)) frame.style.height = `${Math.min(Math.max(height, 100), 4000)}px`;
  });

  copy.addEventListener('click', () => {
    const done = (): void => { status.textContent = 'Code copié dans le presse-papiers.'; };
    const manual = (): void => {
      code.focus();
      code.select();
      status.textContent = 'Copie automatique impossible : le code est sélectionné, copiez-le avec Ctrl+C (ou Cmd+C).';
    };
    status.textContent = '';
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(code.value).then(done, manual);
    else manual();
  });

  // A territory page links here with ?territoire=<slug>: start from that territory.
  const wanted = new URLSearchParams(location.search).get('territoire');
  if (territory && wanted && [...territory.options].some((o) => o.value === wanted)) territory.value = wanted;

  fillYears();
  update();
}

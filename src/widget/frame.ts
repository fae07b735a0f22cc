// Script of the iframe pages /integrer/<territoire>/<indicateur>/: copies the presentation
// choices of the query string onto the widget (?annee=, ?graphique=, ?theme=, ?couleur=,
// ?hauteur=), and tells the host page the height of the content so it can size the frame.
import { HEIGHT_MESSAGE } from './snippet.ts';

const QUERY_ATTRIBUTES = ['annee', 'graphique', 'theme', 'couleur', 'hauteur'] as const;

const widget = document.querySelector('clauses-resultats');
const query = new URLSearchParams(location.search);
if (widget) {
  for (const name of QUERY_ATTRIBUTES) {
    const value = query.get(name);
    if (value !== null) widget.setAttribute(name, value);
  }
}

if (window.parent !== window) {
  let last = 0;
  const tell = (): void => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, hauteur: height }, '*');
  };
  // Once loaded, then on every change of size (Chrome delivers those only while the frame is
  // on screen: a frame further down the host page is sized when it is scrolled to).
  addEventListener('load', tell);
  if ('ResizeObserver' in window) new ResizeObserver(tell).observe(document.body);
}

// The widget's style sheet: adopted by each shadow root (one CSSStyleSheet for all the widgets
// of a page), and inlined in the iframe pages for their prerendered fallback. Units are em from
// a `medium` font size, so the host page's root font size does not leak in, the reader's does.
import { palettes } from './theme.ts';
import { DEFAULTS } from './data.ts';

const themeVars = (theme: keyof typeof palettes): string => {
  const p = palettes[theme];
  return `--cr-bg:${p.background};--cr-surface:${p.surface};--cr-text:${p.text};--cr-muted:${p.muted};--cr-border:${p.border};`;
};

export const WIDGET_CSS = `
:host{all:initial;display:block;contain:content}
:host([hidden]){display:none}
.cr{${themeVars('clair')}--cr-accent:${DEFAULTS.couleur};box-sizing:border-box;margin:0;padding:1em;max-width:100%;
font:normal 400 medium/1.5 var(--clauses-resultats-police,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif);
color:var(--cr-text);background:var(--cr-bg);border:1px solid var(--cr-border);border-radius:6px;text-align:left;overflow-wrap:break-word}
.cr-sombre{${themeVars('sombre')}}
.cr *,.cr *::before,.cr *::after{box-sizing:border-box}
.cr-figure{margin:0}
.cr-title{margin:0 0 .5em;padding-left:.5em;border-left:.25em solid var(--cr-accent);font-weight:700;font-size:1.1em;line-height:1.3}
.cr-heading{margin:0;font:inherit}
.cr-summary,.cr-message{margin:0 0 .75em}
.cr-message{font-weight:600}
.cr-canvas{position:relative;height:${DEFAULTS.hauteur}px;margin:0 0 .75em}
.cr-canvas canvas{display:block;max-width:100%}
.cr-note,.cr-source{margin:.5em 0 0;font-size:.9em;color:var(--cr-muted)}
.cr-data summary{cursor:pointer;padding:.25em 0;font-weight:600}
.cr-scroll{overflow-x:auto;max-width:100%}
.cr table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.95em}
.cr th,.cr td{border:1px solid var(--cr-border);padding:.3em .5em;text-align:left;vertical-align:top;font-weight:400}
.cr thead th,.cr tbody th{font-weight:600}
.cr thead th{background:var(--cr-surface)}
.cr .cr-num{text-align:right;font-variant-numeric:tabular-nums}
.cr .cr-null{font-style:italic}
.cr a{color:var(--cr-accent);text-decoration:underline;text-underline-offset:.15em}
.cr a:hover{text-decoration-thickness:2px}
.cr :focus-visible{outline:3px solid var(--cr-accent);outline-offset:2px}
.cr-sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`.trim();

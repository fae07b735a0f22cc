// Widget colours: two neutral themes, and the host's accent colour made readable on them
// (WCAG 2.1: 4.5:1 for the links drawn in it, which also covers the 3:1 of bars and focus rings).
// Pure.
import type { Theme } from './data.ts';

export interface Palette {
  background: string;
  surface: string;
  text: string;
  muted: string;
  border: string;
  grid: string;
}

export const palettes = {
  clair: { background: '#ffffff', surface: '#f4f4f2', text: '#1b1b1b', muted: '#4a4a4a', border: '#8a8a8a', grid: '#d0d0d0' },
  sombre: { background: '#1b1b1b', surface: '#2a2a2a', text: '#f4f4f2', muted: '#d0d0cc', border: '#9a9a9a', grid: '#4a4a4a' },
} as const satisfies Record<Theme, Palette>;

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(parseHex(a)), luminance(parseHex(b))];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The accent, darkened (light theme) or lightened (dark theme) just enough to reach the ratio
 * against the theme's background; unchanged when it already does.
 */
export function readableAccent(accent: string, theme: Theme, ratio = 4.5): string {
  const background = palettes[theme].background;
  if (contrastRatio(accent, background) >= ratio) return accent.toLowerCase();
  const from = parseHex(accent);
  const target: Rgb = theme === 'clair' ? [0, 0, 0] : [255, 255, 255];
  for (let step = 1; step <= 20; step += 1) {
    const t = step / 20;
    const mixed = toHex(from.map((c, i) => c + ((target[i] ?? 0) - c) * t) as Rgb);
    if (contrastRatio(mixed, background) >= ratio) return mixed;
  }
  return toHex(target);
}

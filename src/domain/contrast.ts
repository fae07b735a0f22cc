// Colour contrast (WCAG 2.1, success criterion 1.4.3): a territory's colours are used for links,
// headings and button backgrounds on white, so each should reach 4.5:1 against white. Pure
// functions, shared by the settings page (server) and its script (browser).

/** The contrast WCAG 2.1 AA asks of normal-size text. */
export const TEXT_CONTRAST_MIN = 4.5;

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** The red, green and blue of a #rrggbb colour (0–255), or null when it is not one. */
export function parseHexColour(colour: string): [number, number, number] | null {
  const match = HEX.exec(colour.trim());
  if (!match) return null;
  return [parseInt(match[1] ?? '', 16), parseInt(match[2] ?? '', 16), parseInt(match[3] ?? '', 16)];
}

/** Relative luminance of a #rrggbb colour (WCAG 2.1 definition), 0 for black to 1 for white. */
export function relativeLuminance(colour: string): number {
  const rgb = parseHexColour(colour);
  if (!rgb) throw new RangeError(`not a #rrggbb colour: ${colour}`);
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two #rrggbb colours, from 1 (same luminance) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export interface ContrastCheck {
  /** The ratio against the background, rounded down to two decimals (never rounded up to a pass). */
  ratio: number;
  passes: boolean;
}

/** How a colour reads on a background (white by default); null when the colour is not #rrggbb. */
export function checkTextContrast(colour: string, background = '#ffffff'): ContrastCheck | null {
  if (!parseHexColour(colour) || !parseHexColour(background)) return null;
  const exact = contrastRatio(colour, background);
  return { ratio: Math.floor(exact * 100) / 100, passes: exact >= TEXT_CONTRAST_MIN };
}

/** The French warning shown under a colour field, or '' when the colour passes (or is not a colour). */
export function contrastWarning(colour: string): string {
  const check = checkTextContrast(colour);
  if (!check || check.passes) return '';
  const ratio = check.ratio.toFixed(2).replace('.', ',');
  return `Contraste insuffisant sur fond blanc : ${ratio}:1 au lieu de 4,5:1 au moins. Un texte ou un lien de cette couleur serait difficile à lire ; choisissez une couleur plus foncée.`;
}

import { describe, expect, it } from 'vitest';
import { checkTextContrast, contrastRatio, contrastWarning, parseHexColour, relativeLuminance } from '../../src/domain/contrast.ts';

describe('colour contrast on white (WCAG 2.1, 1.4.3: 4.5:1 for text)', () => {
  it('reads #rrggbb colours, in either case, and nothing else', () => {
    expect(parseHexColour('#0B5563')).toEqual([11, 85, 99]);
    expect(parseHexColour(' #ffffff ')).toEqual([255, 255, 255]);
    for (const bad of ['', '#fff', '0b5563', '#0b556', '#0b55633', '#gggggg', 'red']) expect(parseHexColour(bad)).toBeNull();
  });

  it('gives the luminance of WCAG: 0 for black, 1 for white', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(() => relativeLuminance('blue')).toThrow(RangeError);
  });

  it('gives 21:1 for black on white, 1:1 for a colour on itself, whichever comes first', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 10);
    expect(contrastRatio('#0b5563', '#0b5563')).toBe(1);
  });

  it.each([
    // [colour, ratio on white rounded down, passes]
    ['#767676', 4.54, true], // the lightest grey that passes
    ['#777777', 4.47, false],
    ['#0b5563', 8.42, true], // Dieppe-Maritime's primary colour in the demo
    ['#a3361b', 6.77, true],
    ['#1d4f91', 8.14, true], // the deployment's default
    ['#ffcc00', 1.51, false],
    ['#ffffff', 1, false],
  ])('%s on white: %f:1, passes = %s', (colour, ratio, passes) => {
    expect(checkTextContrast(colour)).toEqual({ ratio, passes });
  });

  it('never rounds a failing ratio up to a pass', () => {
    const check = checkTextContrast('#777777');
    expect(check?.passes).toBe(false);
    expect(check!.ratio).toBeLessThan(4.5);
  });

  it('warns in French only when the colour fails, and says nothing of a value that is not a colour', () => {
    expect(contrastWarning('#777777')).toBe('Contraste insuffisant sur fond blanc : 4,47:1 au lieu de 4,5:1 au moins. Un texte ou un lien de cette couleur serait difficile à lire ; choisissez une couleur plus foncée.');
    expect(contrastWarning('#0b5563')).toBe('');
    expect(contrastWarning('')).toBe('');
    expect(contrastWarning('#12')).toBe('');
  });
});

// The SIRET (établissement number, DOMAIN.md §13) as the app handles it, the one place of its
// rules: typed with spaces ("217 602 176 00018"), stored as its 14 digits, valid when its check
// key holds — Luhn on the 14 digits, except La Poste (SIREN 356000000), whose establishments'
// digit sum is a multiple of 5. The database checks the same key again (app.is_valid_siret,
// supabase/schemas/00_conventions.sql), and only valid SIRETs are stored.
import { z } from 'zod';

/** 14 digits whose check key holds: a value only parseSiret (or a stored SIRET) gives. */
export type Siret = string & { readonly __siret: unique symbol };

/** The text without its spaces (ordinary, non-breaking, narrow): "217 602 176 00018" → "21760217600018". */
export function compactSiret(text: string): string {
  return text.replace(/\s/g, '');
}

/** 14 digits, whatever the key: the shape of a SIRET. */
export function hasSiretShape(value: string): boolean {
  return /^\d{14}$/.test(value);
}

/** 14 digits and the check key holds (Luhn; La Poste: digit sum multiple of 5). No spaces allowed. */
export function isValidSiret(value: string): value is Siret {
  if (!hasSiretShape(value)) return false;
  const digits = [...value].map(Number);
  if (value.startsWith('356000000')) return digits.reduce((sum, d) => sum + d, 0) % 5 === 0;
  let total = 0;
  digits.reverse().forEach((digit, i) => {
    let d = digit;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  });
  return total % 10 === 0;
}

/** The SIRET of a typed text (spaces removed, then checked); null when it is not a valid one. */
export function parseSiret(text: string): Siret | null {
  const compact = compactSiret(text);
  return isValidSiret(compact) ? compact : null;
}

/** "21760217600018" → "217 602 176 00018" (SIREN by threes, then the establishment's 5 digits); other text as is. */
export function formatSiret(value: string): string {
  return value.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4');
}

/** A form's optional SIRET field: empty (or spaces only) is no SIRET; otherwise a valid one, spaces allowed. */
export const optionalSiretField = (message: string) => z.string().optional()
  .transform((v) => compactSiret(v ?? ''))
  .refine((v) => v === '' || isValidSiret(v), message)
  .transform((v) => (v === '' ? undefined : (v as Siret)));

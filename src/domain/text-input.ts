// What a typed text may contain, for every form (the application form and the partner forms,
// in the browser and on the server). A person types letters, digits, punctuation, emoji; never
// NUL or other control characters (Postgres refuses NUL in text: the save would fail as a
// technical error), never half of a UTF-16 pair (a lone surrogate), never U+FFFD (what a
// transport leaves of bytes that were not UTF-8), never the invisible marks that reverse or
// isolate the direction of text (U+202A–U+202E, U+2066–U+2069: « abc‮gpj.exe » shows as
// « abcexe.jpg »). A one-line field takes no line break or tab either; a multi-line one does.
import { z } from 'zod';

export const UNREADABLE_TEXT = 'Ce texte contient un caractère invisible ou illisible : retapez-le plutôt que de le coller.';

// C0 controls but tab, line feed and carriage return; DEL and the C1 controls; U+FFFD; the bidi embeddings, overrides and isolates.
const forbiddenAnywhere = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\u202A-\u202E\u2066-\u2069]/;
const lineBreakOrTab = /[\t\n\r]/;
// Half of a UTF-16 pair (String.prototype.isWellFormed is missing from browsers before 2023; no lookbehind either).
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `value` can be stored and shown as typed (see the header). */
export function isReadableText(value: string, { multiline = false }: { multiline?: boolean } = {}): boolean {
  return !loneSurrogate.test(value) && !forbiddenAnywhere.test(value) && (multiline || !lineBreakOrTab.test(value));
}

/** A string of a one-line field, refused with UNREADABLE_TEXT when it holds what the header excludes. */
export const lineText = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).refine((v) => isReadableText(v), UNREADABLE_TEXT);

/** A string of a multi-line field (a textarea): line breaks and tabs allowed. */
export const multilineText = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).refine((v) => isReadableText(v, { multiline: true }), UNREADABLE_TEXT);

// Reading a DECP file (src/domain/decp.ts) into a document: JSON, or XML (the same schema, which
// many buyer profiles publish), parsed by fast-xml-parser into the shape of the JSON. Real
// exports are not always valid JSON: a bare NaN, Infinity or -Infinity (what some tools write
// for an empty number) and trailing commas are tolerated and reported in French. A bare number
// value becomes the string "NaN" / "Infinity" so that the market's own line can say which field
// was unreadable (src/domain/decp.ts reads numbers from strings too).
import { XMLParser } from 'fast-xml-parser';

export type DecpFormat = 'json' | 'xml';

export type DecpDocument =
  | { ok: true; format: DecpFormat; doc: unknown; irregularities: string[] }
  | { ok: false; error: string };

const DOWNLOAD_HINT = 'téléchargez le fichier DECP au format JSON ou XML.';
const BARE_NUMBERS = ['-Infinity', 'Infinity', 'NaN'] as const;
type Irregularity = (typeof BARE_NUMBERS)[number] | 'comma';

/** « (ligne 12) », « (lignes 12, 40 et 3 autres) ». */
function lines(at: number[]): string {
  const shown = at.slice(0, 5).join(', ');
  const more = at.length > 5 ? ` et ${at.length - 5} autre${at.length - 5 > 1 ? 's' : ''}` : '';
  return `(ligne${at.length > 1 ? 's' : ''} ${shown}${more})`;
}

function describe(kind: Irregularity, at: number[]): string {
  const n = at.length;
  if (kind === 'comma') return `${n} virgule${n > 1 ? 's' : ''} en trop avant « } » ou « ] » ${lines(at)} : ignorée${n > 1 ? 's' : ''}.`;
  return `${n} valeur${n > 1 ? 's' : ''} « ${kind} » ${lines(at)}, non conforme${n > 1 ? 's' : ''} au JSON : lue${n > 1 ? 's' : ''} comme illisible${n > 1 ? 's' : ''} (champ ignoré).`;
}

/**
 * The text with the bare NaN / Infinity / -Infinity outside strings quoted and the trailing
 * commas removed, and where each was found. One pass, copying the untouched stretches whole.
 */
export function repairJson(text: string): { text: string; irregularities: string[] } {
  const parts: string[] = [];
  const found = new Map<Irregularity, number[]>();
  const note = (kind: Irregularity, line: number) => found.set(kind, [...(found.get(kind) ?? []), line]);
  let copiedTo = 0;
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line += 1;
    if (c === 0x22) {
      // A string: skip to its closing quote, escapes included.
      i += 1;
      while (i < text.length && text.charCodeAt(i) !== 0x22) {
        if (text.charCodeAt(i) === 0x5c) i += 1;
        else if (text.charCodeAt(i) === 0x0a) line += 1;
        i += 1;
      }
      i += 1;
      continue;
    }
    if (c === 0x2c) {
      let j = i + 1;
      while (j < text.length && ' \t\r\n'.includes(text.charAt(j))) j += 1;
      if (text[j] === '}' || text[j] === ']') {
        parts.push(text.slice(copiedTo, i));
        copiedTo = i + 1;
        note('comma', line);
      }
      i += 1;
      continue;
    }
    const bare = c === 0x2d || c === 0x49 || c === 0x4e ? BARE_NUMBERS.find((word) => text.startsWith(word, i)) : undefined;
    if (bare) {
      parts.push(text.slice(copiedTo, i), `"${bare}"`);
      i += bare.length;
      copiedTo = i;
      note(bare, line);
      continue;
    }
    i += 1;
  }
  parts.push(text.slice(copiedTo));
  return { text: parts.join(''), irregularities: [...found].map(([kind, at]) => describe(kind, at)) };
}

/** The French refusal, with the line of the error when the engine's message gives it. */
function jsonError(error: unknown): string {
  const at = error instanceof Error ? /\(line (\d+)/.exec(error.message)?.[1] : undefined;
  return `Ce fichier n’est pas un JSON valide${at ? ` (erreur vers la ligne ${at})` : ''} : ${DOWNLOAD_HINT}`;
}

function readJson(content: string): DecpDocument {
  try {
    return { ok: true, format: 'json', doc: JSON.parse(content), irregularities: [] };
  } catch (strict) {
    const repaired = repairJson(content);
    if (repaired.irregularities.length === 0) return { ok: false, error: jsonError(strict) };
    try {
      return { ok: true, format: 'json', doc: JSON.parse(repaired.text), irregularities: repaired.irregularities };
    } catch (error) {
      return { ok: false, error: jsonError(error) };
    }
  }
}

const xmlParser = new XMLParser({
  ignoreAttributes: true, // xmlns, xsi:noNamespaceSchemaLocation: nothing the import reads
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  // Values stay strings, as in the file: an id « 0612202306122024 » keeps its leading zero.
  parseTagValue: false,
  trimValues: true,
});

function readXml(content: string): DecpDocument {
  try {
    // `true`: the parser checks the file first (an unclosed or mismatched tag throws, its message
    // ending with « :line:column »); without it a malformed file would be read silently.
    return { ok: true, format: 'xml', doc: xmlParser.parse(content, true), irregularities: [] };
  } catch (error) {
    const line = error instanceof Error ? /:(\d+):\d+$/.exec(error.message)?.[1] : undefined;
    return { ok: false, error: `Ce fichier n’est pas un XML valide${line ? ` (erreur ligne ${line})` : ''} : ${DOWNLOAD_HINT}` };
  }
}

/** A DECP file as a document: XML when it starts with « < », JSON otherwise. */
export function readDecpDocument(content: string): DecpDocument {
  const text = content.replace(/^\uFEFF/, '');
  return text.trimStart().startsWith('<') ? readXml(text) : readJson(text);
}

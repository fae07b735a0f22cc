// A company's month of hours as a spreadsheet: an .xlsx workbook (its first sheet, read by
// src/server/xlsx.ts) or a CSV file in UTF-8 (with or without BOM) or Windows-1252 (French
// Excel's « CSV (séparateur : point-virgule) »), comma or semicolon separator (the header says
// which), French decimals ("151,5") accepted. Header `participant,mode,heures,montant_ht,siret_siae`
// (titles read without case or accents: « Montant HT » is montant_ht). The `siret_siae` column
// names the SIAE of a sub-contracting or co-contracting line (the SIAE that confirms the amount);
// a file without it is accepted when no line needs it. Parsing is all or nothing: the result is
// either every line ready for public.save_month_declaration, or the list of errors (line number,
// column, French message).
import { z } from 'zod';
import { realisationModeLabels } from './labels.ts';
import { compactSiret, hasSiretShape } from './siret.ts';

export type RealisationMode = keyof typeof realisationModeLabels;

export interface CsvParticipant {
  id: string;
  /** The name shown on the declaration page: first name and last name. */
  name: string;
}

/** An SIAE the company may name on the market (public.list_market_siae). */
export interface CsvSiae {
  id: string;
  name: string;
  siret: string | null;
}

export interface DeclarationCsvLine {
  /** Line of the file the row starts on (the header is line 1). */
  line: number;
  participant_id: string;
  realisation_mode: RealisationMode;
  hours?: number;
  invoiced_amount_ht?: number;
  /** The SIAE of a sub-contracting or co-contracting line. */
  employer_id?: string;
}

export interface CsvLineError {
  line: number;
  /** Column name of the file, or "fichier" for the whole file. */
  field: string;
  message: string;
}

export type DeclarationCsvResult =
  | { ok: true; lines: DeclarationCsvLine[] }
  | { ok: false; errors: CsvLineError[] };

export const CSV_COLUMNS = ['participant', 'mode', 'heures', 'montant_ht', 'siret_siae'] as const;
type Column = (typeof CSV_COLUMNS)[number];
/** `siret_siae` may be left out of a file that has no sub-contracting or co-contracting line. */
const REQUIRED_COLUMNS: readonly Column[] = ['participant', 'mode', 'heures', 'montant_ht'];
/** French titles of the template's header: they read as CSV_COLUMNS (see normalise). */
export const TEMPLATE_TITLES: Record<Column, string> = {
  participant: 'Participant', mode: 'Mode', heures: 'Heures', montant_ht: 'Montant HT', siret_siae: 'SIRET SIAE',
};
export const CSV_MAX_LINES = 2000;
export const CSV_MAX_BYTES = 1024 * 1024;
/** What the import page states of the limits. */
export const IMPORT_LIMITS = `1 Mo et ${CSV_MAX_LINES.toLocaleString('fr-FR')} lignes d’heures au plus`;
/** Same bounds as public.save_hour_declaration. */
const MAX_HOURS = 250;
const MAX_AMOUNT = 9_999_999_999;

const SUBCONTRACTED: ReadonlySet<RealisationMode> = new Set(['subcontracting', 'co_contracting']);

/**
 * The import form (/espace/declarer/import/): the market (a hidden field), the month declared,
 * the file, and whether to submit the month after the import. The file's content is read
 * (readImportFile, src/server/xlsx.ts) and checked by parseDeclarationRows once the market's
 * participants and SIAE are known.
 */
export const csvImportSchema = z.object({
  market_id: z.guid('Marché inconnu.'),
  mois: z.string({ error: 'Choisissez le mois déclaré (AAAA-MM).' })
    .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'Choisissez le mois déclaré (AAAA-MM).'),
  fichier: z.instanceof(File, { error: 'Choisissez le fichier à importer (Excel .xlsx ou CSV).' })
    .refine((file) => file.size > 0, 'Choisissez le fichier à importer (Excel .xlsx ou CSV).')
    .refine((file) => file.size <= CSV_MAX_BYTES, 'Ce fichier dépasse 1 Mo.'),
  transmettre: z.string().optional().transform((v) => v === 'oui'),
});

/** The headline of a file refused line by line: nothing was saved. */
export function csvReportMessage(errorCount: number): string {
  return `Le fichier comporte ${errorCount > 1 ? `${errorCount} erreurs` : 'une erreur'} : aucune ligne n’a été enregistrée. Corrigez-le puis importez-le à nouveau.`;
}

/**
 * The text of a CSV file: UTF-8 when its bytes are valid UTF-8 (a byte order mark dropped), else
 * Windows-1252, what French Excel writes for « CSV (séparateur : point-virgule) ». Any byte is a
 * Windows-1252 character, so every file decodes; a wrong guess would need bytes that are valid
 * UTF-8 and yet meant as Windows-1252, which French text does not produce (« Ã© » is not typed).
 */
export function decodeCsvBytes(bytes: ArrayBuffer | Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** Lower case, no accents, single spaces (hyphens and underscores count as spaces). */
export function normalise(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s_\-’']+/g, ' ').trim();
}

/** Accepted spellings of each realisation mode: the code, the French label and short forms. */
const modeAliases: Record<RealisationMode, string[]> = {
  direct_hire: ['embauche', 'embauche directe'],
  temporary_work: ['interim', 'travail temporaire'],
  provision: ['mise a disposition', 'mad'],
  subcontracting: ['sous traitance'],
  co_contracting: ['co traitance', 'cotraitance'],
  training: ['formation'],
};
const modeByName = new Map<string, RealisationMode>();
for (const [code, label] of Object.entries(realisationModeLabels) as Array<[RealisationMode, string]>) {
  for (const name of [code, label, ...modeAliases[code]]) modeByName.set(normalise(name), code);
}

export function parseMode(value: string): RealisationMode | null {
  return modeByName.get(normalise(value)) ?? null;
}

/** "151,5", "151.5", "1 234,50", "1 234,50 €" → number; null when not a number. */
export function parseFrenchNumber(value: string): number | null {
  const compact = value.replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, '');
  if (!/^\d+([.,]\d+)?$/.test(compact)) return null;
  return Number(compact.replace(',', '.'));
}

/**
 * "123 456 789 00012" → "12345678900012"; null when not 14 digits once spaces and dots (a
 * spreadsheet's rendering) are gone. The key is not checked here: a SIRET of no SIAE of the
 * territory is told as such (only valid SIRETs are stored, src/domain/siret.ts).
 */
export function normaliseSiret(value: string): string | null {
  const compact = compactSiret(value).replace(/\./g, '');
  return hasSiretShape(compact) ? compact : null;
}

/** The separator of the file: the one the header line (outside quotes) holds most, a comma on a tie. */
export function detectSeparator(content: string): ',' | ';' {
  const header = (content.split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '');
  const count = (ch: string) => header.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

export interface CsvRecord {
  line: number;
  cells: string[];
}

/** RFC 4180 records with their starting line; quotes may hold separators, quotes and line breaks. */
export function readCsv(content: string, separator: ',' | ';'): { records: CsvRecord[]; unterminatedAt: number | null } {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  for (let i = 0; i < content.length; i += 1) {
    const ch = content[i];
    if (quoted) {
      if (ch === '"') {
        if (content[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (ch === separator) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i += 1;
      cells.push(cell);
      records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line += 1;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) return { records, unterminatedAt: quoteLine };
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  return { records, unterminatedAt: null };
}

const fieldOf: Record<Column, string> = { participant: 'participant', mode: 'mode', heures: 'heures', montant_ht: 'montant_ht', siret_siae: 'siret_siae' };

/** A row of the file, from a CSV record or a spreadsheet's row, with its line (the header is line 1). */
export type ImportRecord = CsvRecord;

/**
 * Parse a month of declarations for one market from a CSV file's text. `participants` are the
 * people the company can declare on this market; a row names one by the name shown on the
 * declaration page, or by id. `siae` are the SIAE of the market's territory; a sub-contracting
 * or co-contracting row names one by its SIRET.
 */
export function parseDeclarationCsv(content: string, participants: CsvParticipant[], siae: CsvSiae[] = []): DeclarationCsvResult {
  const text = content.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, errors: [{ line: 1, field: 'fichier', message: 'Le fichier est vide.' }] };
  const separator = detectSeparator(text);
  const { records, unterminatedAt } = readCsv(text, separator);
  if (unterminatedAt !== null) {
    return { ok: false, errors: [{ line: unterminatedAt, field: 'fichier', message: 'Guillemet ouvert jamais refermé.' }] };
  }
  return parseDeclarationRows(records, participants, siae, separator);
}

/**
 * Parse the rows of a file, header first: a CSV's records (`separator` given) or a workbook's
 * rows (its cells as text, src/server/xlsx.ts).
 */
export function parseDeclarationRows(records: ImportRecord[], participants: CsvParticipant[], siae: CsvSiae[] = [], separator: ',' | ';' | null = null): DeclarationCsvResult {
  if (!records.some((r) => r.cells.some((c) => c.trim() !== ''))) return { ok: false, errors: [{ line: 1, field: 'fichier', message: 'Le fichier est vide.' }] };
  const [header, ...rows] = records;
  const names = (header?.cells ?? []).map((c) => normalise(c).replace(/ /g, '_'));
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return { ok: false, errors: [{ line: header?.line ?? 1, field: 'en-tête', message:
      `Colonne${missing.length > 1 ? 's' : ''} manquante${missing.length > 1 ? 's' : ''} : ${missing.join(', ')}. La première ligne doit être : ${CSV_COLUMNS.join(separator ?? ', ')}` }] };
  }
  const index = Object.fromEntries(CSV_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;

  const siaeBySiret = new Map(siae.flatMap((o) => (o.siret ? [[o.siret, o] as const] : [])));

  const byId = new Map(participants.map((p) => [p.id.toLowerCase(), p]));
  const byName = new Map<string, CsvParticipant[]>();
  for (const p of participants) {
    const key = normalise(p.name);
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }

  const errors: CsvLineError[] = [];
  const lines: DeclarationCsvLine[] = [];
  const seen = new Map<string, number>();
  const dataRows = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (dataRows.length === 0) return { ok: false, errors: [{ line: 2, field: 'fichier', message: 'Aucune ligne d’heures sous l’en-tête.' }] };
  if (dataRows.length > CSV_MAX_LINES) {
    return { ok: false, errors: [{ line: 1, field: 'fichier', message: `Au plus ${CSV_MAX_LINES} lignes par fichier.` }] };
  }

  for (const row of dataRows) {
    const fail = (column: Column | 'ligne', message: string) => errors.push({ line: row.line, field: column === 'ligne' ? 'ligne' : fieldOf[column], message });
    if (row.cells.length > names.length) {
      fail('ligne', separator === ','
        ? 'Trop de colonnes : avec la virgule comme séparateur, écrivez les nombres décimaux entre guillemets ("151,5") ou utilisez le point-virgule.'
        : 'Trop de colonnes sur cette ligne.');
      continue;
    }
    const cell = (c: Column) => (index[c] < 0 ? '' : (row.cells[index[c]] ?? '').trim());

    const who = cell('participant');
    let participant: CsvParticipant | undefined;
    if (who === '') {
      fail('participant', 'Indiquez le participant (nom affiché sur la page de déclaration, ou identifiant).');
    } else {
      participant = byId.get(who.toLowerCase());
      if (!participant) {
        const homonyms = byName.get(normalise(who)) ?? [];
        if (homonyms.length > 1) fail('participant', `Plusieurs participants s’appellent « ${who} » : indiquez l’identifiant à la place du nom.`);
        else if (homonyms.length === 0) fail('participant', `Participant inconnu sur ce marché : « ${who} ».`);
        else participant = homonyms[0];
      }
    }

    const modeText = cell('mode');
    const mode = parseMode(modeText);
    if (!mode) {
      fail('mode', modeText === ''
        ? 'Indiquez le mode de réalisation.'
        : `Mode inconnu : « ${modeText} ». Modes possibles : embauche directe, intérim, mise à disposition, sous-traitance, co-traitance, formation.`);
    }

    const hoursText = cell('heures');
    const amountText = cell('montant_ht');
    const siretText = cell('siret_siae');
    let hours: number | undefined;
    let amount: number | undefined;
    let employer: CsvSiae | undefined;
    if (mode && SUBCONTRACTED.has(mode)) {
      const siret = normaliseSiret(siretText);
      if (index.siret_siae < 0) fail('siret_siae', 'Ajoutez la colonne siret_siae : en sous-traitance ou co-traitance, indiquez le SIRET de la SIAE qui confirmera le montant.');
      else if (siretText === '') fail('siret_siae', 'Indiquez le SIRET de la SIAE sous-traitante ou co-traitante : elle confirmera le montant déclaré.');
      else if (siret === null) fail('siret_siae', `SIRET invalide : « ${siretText} ». Un SIRET compte 14 chiffres ; dans votre tableur, mettez cette colonne au format texte.`);
      else {
        employer = siaeBySiret.get(siret);
        if (!employer) fail('siret_siae', `Aucune SIAE du territoire du marché n’a le SIRET « ${siretText} ». Vérifiez-le, ou choisissez la SIAE sur la page de déclaration.`);
      }
      const value = parseFrenchNumber(amountText);
      if (amountText === '') fail('montant_ht', 'Indiquez le montant facturé HT de la sous-traitance ou co-traitance, en euros.');
      else if (value === null || value <= 0 || value > MAX_AMOUNT) fail('montant_ht', `Montant invalide : « ${amountText} ». Écrivez un nombre positif, par exemple 1 250,50.`);
      else amount = value;
      if (hoursText !== '') fail('heures', 'Laissez les heures vides en sous-traitance ou co-traitance : elles sont calculées à partir du montant.');
    } else if (mode) {
      const value = parseFrenchNumber(hoursText);
      if (hoursText === '') fail('heures', 'Indiquez le nombre d’heures.');
      else if (value === null || value <= 0 || value > MAX_HOURS) fail('heures', `Nombre d’heures invalide : « ${hoursText} ». Il doit être compris entre 0 et ${MAX_HOURS} pour un mois.`);
      else hours = value;
      if (amountText !== '') fail('montant_ht', 'Le montant HT ne concerne que la sous-traitance et la co-traitance : laissez-le vide.');
      if (siretText !== '') fail('siret_siae', 'Le SIRET de la SIAE ne concerne que la sous-traitance et la co-traitance : laissez-le vide.');
    }

    if (participant && mode) {
      const key = `${participant.id}|${mode}`;
      const first = seen.get(key);
      if (first !== undefined) {
        fail('participant', `Ligne en double : ${participant.name} a déjà une ligne « ${realisationModeLabels[mode]} » (ligne ${first}).`);
        continue;
      }
      seen.set(key, row.line);
    }
    if (participant && mode && (hours !== undefined || amount !== undefined)) {
      lines.push({ line: row.line, participant_id: participant.id, realisation_mode: mode,
        ...(hours !== undefined ? { hours } : {}), ...(amount !== undefined ? { invoiced_amount_ht: amount } : {}),
        ...(employer ? { employer_id: employer.id } : {}) });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lines };
}

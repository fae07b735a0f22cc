// The .xlsx and CSV downloads of the spreadsheets of src/domain/spreadsheet-columns.ts. The
// workbook is written by write-excel-file (typed cells, column widths, the header row frozen);
// nothing here assembles XML. Downloads are neither cached nor kept on the server. Imports read
// the first sheet of a workbook with read-excel-file, or decode a CSV (src/domain/declaration-csv.ts).
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
import { readSheet } from 'read-excel-file/node';
import { unzipSync } from 'fflate';
import {
  decodeCsvBytes, parseDeclarationCsv, parseDeclarationRows, type CsvParticipant, type CsvSiae, type DeclarationCsvResult, type ImportRecord,
} from '../domain/declaration-csv.ts';
import { isoDay, toSpreadsheetCsv, type CellKind, type FilledSheet, type SheetValue } from '../domain/spreadsheet-columns.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An ISO day as the Date of that day at midnight UTC, what a spreadsheet stores as a date. */
function dayOf(value: string): Date | null {
  const day = isoDay(value);
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

function cell(kind: CellKind, value: SheetValue): Cell {
  if (value === null || value === '') return null;
  switch (kind) {
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? { value, type: Number } : { value: String(value), type: String };
    case 'euros':
      return typeof value === 'number' ? { value, type: Number, format: '#,##0.00' } : { value: String(value), type: String };
    case 'date':
    case 'month': {
      const day = typeof value === 'string' ? dayOf(value) : null;
      if (!day) return { value: String(value), type: String };
      return { value: day, type: Date, format: kind === 'date' ? 'dd/mm/yyyy' : 'mm/yyyy' };
    }
    default:
      return { value: String(value), type: String };
  }
}

/** The workbook of one or more sheets, as bytes. */
export async function xlsxBytes(sheets: readonly FilledSheet[]): Promise<Buffer> {
  return writeXlsxFile(sheets.map((s) => {
    const header: Row = s.columns.map((c) => ({ value: c.title, type: String, fontWeight: 'bold', wrap: true }));
    const rows: Row[] = s.rows.map((row) => s.columns.map((c, i) => cell(c.kind, row[i] ?? null)));
    return { data: [header, ...rows], sheet: s.name, columns: s.columns.map((c) => ({ width: c.width })), stickyRowsCount: 1 };
  })).toBuffer();
}

function download(body: BodyInit, type: string, name: string): Response {
  return new Response(body, {
    headers: { 'content-type': type, 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' },
  });
}

/** `name` without its extension: the .xlsx download of the sheets. */
export async function xlsxDownload(sheets: readonly FilledSheet[], name: string): Promise<Response> {
  return download(new Uint8Array(await xlsxBytes(sheets)), XLSX_TYPE, `${name}.xlsx`);
}

/** `name` without its extension: the CSV download of one sheet (UTF-8 with BOM, semicolons). */
export function csvDownload(sheet: FilledSheet, name: string): Response {
  return download(toSpreadsheetCsv(sheet), 'text/csv; charset=utf-8', `${name}.csv`);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** A workbook's cell as the text a CSV would hold: numbers with a decimal point, dates as ISO days. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** What a workbook of the import may hold once unzipped: a 2,000-line month is far below. */
export const WORKBOOK_MAX_UNZIPPED = 50 * 1024 * 1024;

/** The sizes its zip directory declares, added up without inflating anything; null when not a zip. */
function unzippedSize(bytes: Uint8Array): number | null {
  let total = 0;
  try {
    unzipSync(bytes, { filter: (file) => { total += file.originalSize; return false; } });
  } catch {
    return null;
  }
  return total;
}

/**
 * The rows of a workbook's first sheet, the header on line 1; null when it is not a readable
 * .xlsx, 'too large' when it would unzip past WORKBOOK_MAX_UNZIPPED (checked before inflating).
 */
export async function readWorkbookRows(bytes: Uint8Array): Promise<ImportRecord[] | 'too large' | null> {
  const size = unzippedSize(bytes);
  if (size === null) return null;
  if (size > WORKBOOK_MAX_UNZIPPED) return 'too large';
  try {
    const data = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return data.map((row, i) => ({ line: i + 1, cells: row.map(cellText) }));
  } catch {
    return null;
  }
}

const fileError = (message: string): DeclarationCsvResult => ({ ok: false, errors: [{ line: 1, field: 'fichier', message }] });

/**
 * A company's month file, whatever French Excel saved: an .xlsx workbook (its first sheet), or a
 * CSV in UTF-8 or Windows-1252 with commas or semicolons; checked line by line.
 */
export async function parseDeclarationFile(bytes: Uint8Array, participants: CsvParticipant[], siae: CsvSiae[]): Promise<DeclarationCsvResult> {
  if (startsWith(bytes, OLE)) {
    return fileError('Les classeurs .xls (Excel 97-2003) ne sont pas lus : dans Excel, « Enregistrer sous » au format « Classeur Excel (.xlsx) » ou « CSV ».');
  }
  if (startsWith(bytes, ZIP)) {
    const rows = await readWorkbookRows(bytes);
    if (rows === 'too large') return fileError(`Ce classeur dépasse ${WORKBOOK_MAX_UNZIPPED / 1024 / 1024} Mo une fois décompressé : importez un mois à la fois, sans images ni autres feuilles.`);
    if (!rows) return fileError('Ce classeur ne peut pas être lu : enregistrez-le au format « Classeur Excel (.xlsx) » ou « CSV ».');
    return parseDeclarationRows(rows, participants, siae);
  }
  return parseDeclarationCsv(decodeCsvBytes(bytes).text, participants, siae);
}

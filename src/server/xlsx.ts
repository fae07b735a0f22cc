// The .xlsx and CSV downloads of the spreadsheets of src/domain/spreadsheet-columns.ts. The
// workbook is written by write-excel-file (typed cells, column widths, the header row frozen);
// nothing here assembles XML. Downloads are neither cached nor kept on the server.
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
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

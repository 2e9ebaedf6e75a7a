// The one reader behind every import: xlsx, .xls (Excel 97–2003), .et (WPS; BIFF or OOXML inside)
// and CSV (UTF-8 or GB18030) become visible sheets of rows of plain cells, inside the size and row
// caps. Workbooks are read with SheetJS 0.20.3 as republished on npm (@e965/xlsx), not the
// registry's xlsx@0.18.5, which has open advisories; SheetJS loads on the first workbook read, not
// when the service starts. Node only.
import type { CellObject, WorkBook } from '@e965/xlsx';
import Papa from 'papaparse';
import { DomainError, fail } from '../errors';
import { excelSerialToIso, type Merge, type RawCell, type SheetRow } from './rules';
import { checkZip } from './zip-guard';

export type FileKind = 'xlsx' | 'xls' | 'csv';

export interface Sheet {
  name: string;
  rows: SheetRow[];
  merges: Merge[];
}

export interface ReadLimits {
  /** Bytes a zipped workbook may expand to. */
  maxUncompressed: number;
  /** Rows the file may hold in all (titles and footers included). */
  maxRows: number;
}

/** Caps for every import: a 10,000-row roster as xlsx expands to well under 10 MB. */
export const IMPORT_LIMITS: ReadLimits = { maxUncompressed: 50 * 1_048_576, maxRows: 20_000 };

/** Tells the format by the file's first bytes (the name can lie). */
export function fileKind(fileName: string, bytes: Uint8Array): FileKind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx'; // a zip: Office Open XML (.xlsx, newer .et)
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls'; // OLE compound file: BIFF (.xls, .et)
  if (/\.(xlsx|xls|et|ett|xlsm)$/i.test(fileName)) fail('IMPORT_FILE_UNREADABLE');
  return 'csv';
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A CSV file's one sheet; synchronous, so a CSV preview is ready when the import call answers. */
export function readCsv(bytes: Uint8Array, limits: ReadLimits = IMPORT_LIMITS): Sheet {
  const parsed = Papa.parse<string[]>(decodeText(bytes), { skipEmptyLines: false, preview: limits.maxRows + 1 });
  const data = parsed.data;
  // Papa gives one trailing empty line for the final newline.
  if (data.length && data.at(-1)!.length === 1 && data.at(-1)![0] === '') data.pop();
  if (data.length > limits.maxRows) fail('IMPORT_TOO_MANY_ROWS', undefined, { max: limits.maxRows, rows: data.length });
  return { name: '', rows: data.map((cells, i) => ({ rowNumber: i + 1, cells })), merges: [] };
}

/** Days between the 1900 and 1904 date systems (a workbook from old Mac Excel counts from 1904). */
const DATE_1904_OFFSET = 1462;

type SheetJs = typeof import('@e965/xlsx');

function plainCell(XLSX: SheetJs, cell: CellObject | undefined, date1904: boolean): RawCell {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  switch (cell.t) {
    case 'n': {
      const value = cell.v as number;
      // A number shown with a date format is a date: Excel stores dates as day serials.
      if (cell.z && typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) {
        const iso = excelSerialToIso(date1904 ? value + DATE_1904_OFFSET : value);
        if (iso) return new Date(`${iso}T00:00:00Z`);
      }
      return value;
    }
    case 's':
      return String(cell.v);
    case 'b':
      return Boolean(cell.v);
    case 'd':
      return cell.v instanceof Date ? cell.v : String(cell.v);
    case 'e':
      return cell.w ?? '#ERROR';
    default:
      return null;
  }
}

function readWorkbookFile(XLSX: SheetJs, bytes: Buffer, limits: ReadLimits): Sheet[] {
  let workbook: WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellDates: false,
      cellNF: true,
      cellText: false,
      cellFormula: false, // formulas come as their cached values
      cellHTML: false,
      cellStyles: false,
      sheetRows: limits.maxRows + 1,
      WTF: false,
    });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    fail('IMPORT_FILE_UNREADABLE');
  }
  const info = workbook.Workbook?.Sheets ?? [];
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const sheets: Sheet[] = [];
  workbook.SheetNames.forEach((name, index) => {
    if ((info[index]?.Hidden ?? 0) !== 0) return; // hidden and very hidden sheets are not the user's data
    const sheet = workbook.Sheets[name];
    if (!sheet || !sheet['!ref']) {
      sheets.push({ name, rows: [], merges: [] });
      return;
    }
    // sheetRows stops the parser at the cap; the sheet's full extent is kept in !fullref.
    const range = XLSX.utils.decode_range(String(sheet['!fullref'] ?? sheet['!ref']));
    if (range.e.r + 1 > limits.maxRows) fail('IMPORT_TOO_MANY_ROWS', undefined, { max: limits.maxRows, rows: range.e.r + 1 });
    const data = (sheet['!data'] ?? []) as (CellObject[] | undefined)[];
    const rows: SheetRow[] = [];
    data.forEach((row, r) => {
      if (!row) return;
      const cells: RawCell[] = [];
      for (let c = 0; c < row.length; c += 1) cells.push(plainCell(XLSX, row[c], date1904));
      while (cells.length && cells.at(-1) === null) cells.pop();
      if (cells.length) rows.push({ rowNumber: r + 1, cells });
    });
    const merges = (sheet['!merges'] ?? []).map((m) => ({ firstRow: m.s.r + 1, lastRow: m.e.r + 1, firstCol: m.s.c, lastCol: m.e.c }));
    sheets.push({ name, rows, merges });
  });
  return sheets;
}

/**
 * Reads a file into its visible sheets. Refuses with a coded error: IMPORT_FILE_UNREADABLE,
 * IMPORT_FILE_EXPANDS (a zip that inflates past the cap), IMPORT_TOO_MANY_ROWS.
 */
export async function readSheets(fileName: string, bytes: Buffer, limits: ReadLimits = IMPORT_LIMITS): Promise<{ kind: FileKind; sheets: Sheet[] }> {
  const kind = fileKind(fileName, bytes);
  if (kind === 'csv') return { kind, sheets: [readCsv(bytes, limits)] };
  if (kind === 'xlsx') checkZip(bytes, limits);
  // BIFF files are not compressed: their size is the upload's, already capped.
  const XLSX = await import('@e965/xlsx');
  return { kind, sheets: readWorkbookFile(XLSX, bytes, limits) };
}

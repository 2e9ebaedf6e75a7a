// Reads a roster file into rows of cells: xlsx with exceljs, CSV with papaparse (UTF-8, or GB18030
// as Excel saves CSV on Chinese Windows). Node only.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { DomainError } from '../errors';
import type { RawCell } from './roster-rules';

export type FileKind = 'xlsx' | 'csv';

/** Tells the format by the file's first bytes (the name can lie), refusing old .xls files. */
export function fileKind(fileName: string, bytes: Uint8Array): FileKind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx'; // a zip: Office Open XML
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new DomainError({ code: 'IMPORT_FILE_XLS' });
  }
  if (/\.(xlsx|xls)$/i.test(fileName)) throw new DomainError({ code: 'IMPORT_FILE_UNREADABLE' });
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

export function readCsv(bytes: Uint8Array): RawCell[][] {
  const parsed = Papa.parse<string[]>(decodeText(bytes), { skipEmptyLines: 'greedy' });
  return parsed.data;
}

type ExcelValue = ExcelJS.CellValue;

function plain(value: ExcelValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return plain((value.result ?? null) as ExcelValue);
    if ('text' in value) return plain(value.text as ExcelValue);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** The first worksheet's rows; empty rows stay, so row numbers match what Excel shows. */
export async function readXlsx(bytes: Uint8Array): Promise<{ rowNumber: number; cells: RawCell[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new DomainError({ code: 'IMPORT_FILE_UNREADABLE' });
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) return [];
  const rows: { rowNumber: number; cells: RawCell[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelValue[];
    rows.push({ rowNumber, cells: values.slice(1).map((v) => plain(v ?? null)) });
  });
  return rows;
}

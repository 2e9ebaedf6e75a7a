// Pure rules every spreadsheet import shares: how a cell becomes text or a date, and where the table
// is in a sheet as offices make it (title rows, merged and two-row headers, blank and footer rows).
import { formatDate, isIsoDate } from '../common/dates';

/** A cell as a spreadsheet gives it. */
export type RawCell = string | number | boolean | Date | null;

/** A row as the sheet numbers it (1-based, as Excel and WPS show it). */
export interface SheetRow {
  rowNumber: number;
  cells: RawCell[];
}

/** A merged range: rows as the sheet numbers them, columns 0-based. */
export interface Merge {
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
}

/** Why a row of the sheet is not a data row. */
export type SkipReason = 'title' | 'headerGroup' | 'blank' | 'footer' | 'repeatedHeader' | 'aboveHeader';

export interface SkippedRow {
  rowNumber: number;
  reason: SkipReason;
  /** The row's text (cells joined), to show what was skipped. */
  text: string;
}

export interface FoundTable {
  /** The header's row numbers: one, or two for a group header over sub-headers. */
  headerRows: number[];
  /** One name per column (a sub-header is named with its group where that helps matching). */
  headers: string[];
  /** Rows that hold people (or whatever the import reads), cells aligned with headers. */
  dataRows: SheetRow[];
  skipped: SkippedRow[];
}

const FULL_WIDTH = /[\uff01-\uff5e]/g;

/** Full-width letters, digits and signs (as Chinese IMEs type them) as their ASCII forms. */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** An ID or certificate number as typed: full-width digits/X made ASCII, every space (incl. U+3000) removed, x upper-cased. */
export function normaliseIdText(text: string): string {
  return toHalfWidth(text).replace(/[\s\u3000\u00a0]+/g, '').toUpperCase();
}

/**
 * An Excel date serial as YYYY-MM-DD. Excel counts 1900 as a leap year (Lotus 1-2-3's bug), so serial
 * 60 is the 29 February 1900 that never was (null) and serials before it are one day later than a
 * plain count from 1899-12-30 would say.
 */
export function excelSerialToIso(serial: number): string | null {
  const whole = Math.floor(serial);
  if (!Number.isFinite(serial) || whole < 1 || whole > 2_958_465 || whole === 60) return null;
  const epoch = whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + whole * 86_400_000);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, 20261120 (full-width digits too) as ISO; null when not a real date. */
export function parseDateText(text: string): string | null {
  const s = toHalfWidth(text).replace(/[\s\u3000]+/g, '');
  const m = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})[日号]?|(\d{2})(\d{2}))$/.exec(s);
  if (!m) return null;
  const month = Number(m[2] ?? m[4] ?? m[6]);
  const day = Number(m[3] ?? m[5] ?? m[7]);
  const iso = formatDate(Number(m[1]), month, day);
  return isIsoDate(iso) ? iso : null;
}

/** A cell as a date: a Date, a serial in the range of plausible dates, or text in any common form. */
export function cellDate(cell: RawCell): string | null {
  if (cell instanceof Date) return formatDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  if (typeof cell === 'number') return cell >= 1 && cell < 80_000 ? excelSerialToIso(cell) : null;
  if (typeof cell === 'string') return parseDateText(cell);
  return null;
}

/** A cell as plain text (numbers without exponent or float noise where they are whole). */
export function plainText(cell: RawCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return formatDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  if (typeof cell === 'number') return Number.isInteger(cell) && Number.isSafeInteger(cell) ? String(cell) : Number.isInteger(cell) ? BigInt(cell).toString() : String(cell);
  return String(cell).trim();
}

/** A header compared without spaces, brackets, marks and case, full-width folded. */
export function headerKey(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s\u3000()（）[\]【】:：*＊_\-—.。、/\\]/g, '')
    .toLowerCase();
}

/** Words that start the rows offices put under a table: totals, signatures, dates, stamps. */
const FOOTER_WORDS = ['合计', '小计', '总计', '共计', '填表人', '填报人', '制表人', '审核人', '审核', '负责人', '经办人', '填表日期', '填报日期', '制表日期', '单位盖章', '盖章', '单位（盖章）', '单位(盖章)', '注：', '说明：', '填表说明', '备注：'];
const FOOTER_KEYS = FOOTER_WORDS.map(headerKey);

/** Whether a row is a footer: its first filled cell begins with a footer word (合计, 填表人：…). */
export function isFooterRow(cells: readonly RawCell[]): boolean {
  // A 合计 row puts its word in the 序号 column, or in the next one after a blank 序号: either way
  // the first filled cell. A person's row starts with a number or a name, never with these words.
  const first = cells.map(plainText).find((t) => t !== '');
  if (first === undefined) return false;
  const key = headerKey(first);
  return FOOTER_KEYS.some((w) => key.startsWith(w));
}

function isBlank(cells: readonly RawCell[]): boolean {
  return cells.every((c) => plainText(c) === '');
}

/** The cells with each merged range's value copied into every cell it covers (what the eye sees); other rows as they are. */
function withMergesFilled(rows: readonly SheetRow[], merges: readonly Merge[]): SheetRow[] {
  if (merges.length === 0) return [...rows];
  const byNumber = new Map(rows.map((r) => [r.rowNumber, r.cells]));
  const copied = new Set<number>();
  const own = (r: number) => {
    if (!copied.has(r)) {
      byNumber.set(r, [...(byNumber.get(r) ?? [])]);
      copied.add(r);
    }
    return byNumber.get(r)!;
  };
  for (const m of merges) {
    const value = byNumber.get(m.firstRow)?.[m.firstCol] ?? null;
    if (value === null || value === '') continue;
    for (let r = m.firstRow; r <= m.lastRow; r += 1) {
      const cells = own(r);
      for (let c = m.firstCol; c <= m.lastCol; c += 1) if (r !== m.firstRow || c !== m.firstCol) cells[c] = value;
    }
  }
  return [...byNumber.entries()].sort((a, b) => a[0] - b[0]).map(([rowNumber, cells]) => ({ rowNumber, cells }));
}

/** How many rows from the top the header is looked for in. */
const HEADER_SEARCH_ROWS = 30;

/**
 * Finds the table in a sheet. The header is the row (or pair of rows: a group header over
 * sub-headers) within the first rows whose cells name the most known columns, `known` saying
 * whether a header names one. Rows above it are titles or the group header; below it, blank rows,
 * footers (合计, 填表人：…) and repeated headers are skipped, each with its reason.
 * When no row names a known column, the first filled row is taken, so the user can map columns.
 */
export function findTable(rows: readonly SheetRow[], merges: readonly Merge[], known: (header: string) => boolean): FoundTable | null {
  const ordered = withMergesFilled(rows, merges);
  const nonBlank = ordered.filter((r) => !isBlank(r.cells));
  if (nonBlank.length === 0) return null;
  const width = Math.max(...ordered.map((r) => r.cells.length));
  const texts = (cells: readonly RawCell[]) => Array.from({ length: width }, (_, i) => plainText(cells[i] ?? null));
  const score = (headers: readonly string[]) => new Set(headers.filter((h) => h !== '' && known(h)).map(headerKey)).size;

  let best: { index: number; headers: string[]; two: boolean; score: number } | null = null;
  const candidates = nonBlank.slice(0, HEADER_SEARCH_ROWS);
  candidates.forEach((row, index) => {
    const upper = texts(row.cells);
    const single = score(upper);
    if (!best || single > best.score) best = { index, headers: upper, two: false, score: single };
    const next = candidates[index + 1];
    if (next && next.rowNumber === row.rowNumber + 1) {
      const lower = texts(next.cells);
      const combined = upper.map((u, i) => combineHeader(u, lower[i]!, known));
      const both = score(combined);
      if (both > Math.max(single, score(lower)) && both > best.score) best = { index, headers: combined, two: true, score: both };
    }
  });
  const chosen = best as { index: number; headers: string[]; two: boolean; score: number } | null;
  if (!chosen) return null;

  const headerRow = candidates[chosen.index]!;
  const headerRows = chosen.two ? [headerRow.rowNumber, headerRow.rowNumber + 1] : [headerRow.rowNumber];
  const lastHeader = headerRows.at(-1)!;
  const headerKeys = chosen.headers.map(headerKey).join('\u0001');
  const firstHeader = chosen.headers.findIndex((h) => h !== '');
  const isRepeatedHeader = (cells: readonly RawCell[]) =>
    plainText(cells[firstHeader] ?? null) === chosen.headers[firstHeader] && texts(cells).map(headerKey).join('\u0001') === headerKeys;
  const skipped: SkippedRow[] = [];
  const dataRows: SheetRow[] = [];
  const original = new Map(rows.map((r) => [r.rowNumber, r.cells]));
  const lastFilled = nonBlank.at(-1)!.rowNumber;

  let previous = lastHeader;
  for (const row of ordered) {
    if (row.rowNumber > lastFilled) break;
    // Rows a workbook does not store at all are blank rows too.
    if (row.rowNumber > lastHeader) for (let gap = previous + 1; gap < row.rowNumber; gap += 1) skipped.push({ rowNumber: gap, reason: 'blank', text: '' });
    previous = Math.max(previous, row.rowNumber);
    const own = original.get(row.rowNumber) ?? [];
    const text = () => own.map(plainText).filter((t) => t !== '').join(' ');
    if (row.rowNumber < headerRows[0]!) {
      if (isBlank(row.cells)) continue;
      // A title is one text (often merged across the table); a group header sits right above the header.
      const distinct = new Set(texts(row.cells).filter((t) => t !== ''));
      const reason: SkipReason = distinct.size === 1 ? 'title' : row.rowNumber === headerRows[0]! - 1 && mergedAcross(merges, row.rowNumber) ? 'headerGroup' : 'aboveHeader';
      skipped.push({ rowNumber: row.rowNumber, reason, text: text() });
      continue;
    }
    if (row.rowNumber <= lastHeader) continue;
    if (isBlank(own)) skipped.push({ rowNumber: row.rowNumber, reason: 'blank', text: '' });
    else if (isFooterRow(own)) skipped.push({ rowNumber: row.rowNumber, reason: 'footer', text: text() });
    else if (isRepeatedHeader(row.cells)) skipped.push({ rowNumber: row.rowNumber, reason: 'repeatedHeader', text: text() });
    else dataRows.push({ rowNumber: row.rowNumber, cells: Array.from({ length: width }, (_, i) => own[i] ?? null) });
  }
  if (!chosen.two && headerRows[0]! > 1) {
    // A group header over this header, merged across its columns, is part of the header.
    const above = skipped.find((s) => s.rowNumber === headerRows[0]! - 1);
    if (above && above.reason === 'headerGroup') headerRows.unshift(above.rowNumber);
  }
  return { headerRows, headers: chosen.headers, dataRows, skipped };
}

function mergedAcross(merges: readonly Merge[], rowNumber: number): boolean {
  return merges.some((m) => m.firstRow <= rowNumber && m.lastRow >= rowNumber && m.lastCol > m.firstCol);
}

/** A sub-header under its group: "监护人" over "电话" is "监护人电话" when that is a known column. */
function combineHeader(upper: string, lower: string, known: (header: string) => boolean): string {
  if (lower === '' || lower === upper) return upper;
  if (upper === '') return lower;
  return known(upper + lower) ? upper + lower : lower;
}

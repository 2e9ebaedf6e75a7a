// One rule for every cell the app writes to a CSV or xlsx file: text that a spreadsheet would run
// as a formula (starting with = + - @, a tab or a carriage return) is written with a leading
// apostrophe, so it stays text. Pure: the renderer builds CSV files with it too.
import Papa from 'papaparse';

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet must show it, never run it; numbers, dates and empty values pass unchanged. */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Rows as CSV text with a BOM (so Excel reads UTF-8) and CRLF line ends, every cell made safe. */
export function csvText(rows: readonly (readonly unknown[])[]): string {
  // Only text can be a formula: a negative amount stays a number, not '-150.
  const cells = rows.map((row) => row.map((v) => (v === null || v === undefined ? '' : safeCell(v))));
  return `\uFEFF${Papa.unparse(cells, { newline: '\r\n', quotes: true })}\r\n`;
}

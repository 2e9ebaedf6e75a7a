// Builds the file of rows that could not be imported: the original columns plus the row number
// and the reasons in words, as CSV with a BOM so Excel opens it as UTF-8; cells that a
// spreadsheet would run as formulas (an imported file is anyone's text) stay text.
import { csvText } from '../../../db/common/cells';
import type { ImportInvalidRows, ImportIssue } from '../../../db/training/contract';

export function invalidRowsCsv(data: ImportInvalidRows, rowHeader: string, reasonHeader: string, reason: (issue: ImportIssue) => string): string {
  const width = Math.max(data.headers.length, ...data.rows.map((r) => r.cells.length));
  const headers = [...data.headers, ...Array.from({ length: width - data.headers.length }, () => '')];
  const rows = data.rows.map((r) => [
    ...r.cells,
    ...Array.from({ length: width - r.cells.length }, () => ''),
    String(r.rowNumber),
    r.issues.map(reason).join('；'),
  ]);
  return csvText([[...headers, rowHeader, reasonHeader], ...rows]);
}

// The claim form as an xlsx workbook, in the layout finance offices use: a header (centre,
// programme, period, batch), the columns of DOMAIN.md, a totals row with the amount in capitals
// and signature lines. Written as a job with exceljs's streaming writer from a read snapshot, row
// by row; the file appears under its name only when complete. Words come from the renderer.
import fs from 'node:fs';
import path from 'node:path';
import type { AreaContext } from '../context';
import type { JobContext } from '../jobs';
import { fail } from '../errors';
import { partialPath } from '../files';
import type { ExportResult } from './contract';
import type { LineDb } from './lines';
import { capitalAmount } from './rules';
import { safeCell } from '../common/cells';
import { maskIdNumber, maskIdsInText } from '../trust/masking';

export const COLUMNS = ['seq', 'name', 'sex', 'idNumber', 'certNumber', 'disability', 'content', 'period', 'quantity', 'standard', 'amount', 'remark'] as const;
const WIDTHS = [6, 10, 6, 22, 24, 12, 26, 24, 8, 12, 14, 30];

/** Fills {name} placeholders of a label; missing labels fall back to their key. */
function word(labels: Record<string, string>, key: string, params: Record<string, string | number> = {}): string {
  const template = labels[key] ?? key;
  return safeCell(template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? '')));
}

/** Fen as a spreadsheet number of yuan (exact to the fen once shown with two decimals). */
const yuan = (fen: number) => fen / 100;

/**
 * A line as the form shows it: only the columns it prints (a line's rule, steps and records, its
 * explanation, can be long and the form does not show them).
 */
const EXPORT_SELECT = `SELECT l.kind, l.name, l.sex, l.id_number, l.cert_number, l.disability_category, l.disability_level,
    l.content_code, l.content_text, l.service_from, l.service_to, l.quantity, l.standard_fen, l.amount_fen, l.adjust_reason,
    ab.number AS adj_number, a.seq AS adj_seq
  FROM claim_line l LEFT JOIN claim_line a ON a.id = l.adjusts_line_id LEFT JOIN claim_batch ab ON ab.id = a.batch_id
  WHERE l.batch_id = ? AND l.excluded = 0 ORDER BY l.seq`;

/** The stored line's columns EXPORT_SELECT reads: the same names and types as the whole row. */
type ExportLine = Pick<
  LineDb,
  | 'kind' | 'name' | 'sex' | 'id_number' | 'cert_number' | 'disability_category' | 'disability_level' | 'content_code'
  | 'content_text' | 'service_from' | 'service_to' | 'quantity' | 'standard_fen' | 'amount_fen' | 'adjust_reason' | 'adj_number' | 'adj_seq'
>;

/**
 * EXPORT_SELECT's row as better-sqlite3's raw mode gives it, in the SELECT's order: an object with
 * 17 named properties per line was 40% of reading 100,000 lines.
 */
type ExportRow = [
  ExportLine['kind'], ExportLine['name'], ExportLine['sex'], ExportLine['id_number'], ExportLine['cert_number'],
  ExportLine['disability_category'], ExportLine['disability_level'], ExportLine['content_code'], ExportLine['content_text'],
  ExportLine['service_from'], ExportLine['service_to'], ExportLine['quantity'], ExportLine['standard_fen'], ExportLine['amount_fen'],
  ExportLine['adjust_reason'], ExportLine['adj_number'], ExportLine['adj_seq'],
];

/**
 * The one place a line becomes the values of its row's cells, in COLUMNS order. Words without
 * parameters (sex, category, level, content) are looked up once per export, not once per row.
 */
function lineCells(labels: Record<string, string>, fullIds: boolean) {
  // For a caller without full-ID rights, the ID and certificate columns are masked as the screens
  // mask them, and any number typed into a free-text column too.
  const idCell = fullIds ? (value: string) => value : maskIdNumber;
  const textCell = fullIds ? (value: string) => value : maskIdsInText;
  const words = new Map<string, string>();
  const fixed = (key: string) => {
    let value = words.get(key);
    if (value === undefined) {
      value = word(labels, key);
      words.set(key, value);
    }
    return value;
  };
  return (line: ExportRow, seq: number): (string | number | null)[] => {
    const [kind, name, sex, idNumber, certNumber, category, level, contentCode, contentText, from, to, quantity, standardFen, amountFen, adjustReason, adjNumber, adjSeq] =
      line;
    const disability = category === null ? '' : `${fixed(`category.${category}`)}${level === null ? '' : ` ${fixed(`level.${level}`)}`}`;
    // A code the renderer has no word for (a centre's own course type) shows as itself.
    const contentWord = Object.hasOwn(labels, `content.${contentCode}`) ? fixed(`content.${contentCode}`) : safeCell(contentCode);
    const content = contentWord === '' ? contentText : contentText === '' ? contentWord : `${contentWord} — ${contentText}`;
    const period = from === to ? from : `${from}—${to}`;
    const remark = adjNumber !== null ? word(labels, 'remark.adjustment', { number: adjNumber, seq: adjSeq ?? '', reason: adjustReason }) : '';
    return [
      seq,
      textCell(name),
      fixed(`sex.${sex}`),
      idCell(idNumber),
      idCell(certNumber),
      disability,
      textCell(content),
      period,
      kind === 'adjustment' ? null : quantity,
      yuan(standardFen),
      yuan(amountFen),
      textCell(remark),
    ];
  };
}

export function exportsDir(dataFile: string): string {
  return path.join(path.dirname(dataFile), 'exports');
}

/**
 * Starts writing a batch's workbook; `fullIds` is the caller's right to full ID numbers when the
 * call is made (the job keeps it even if the role changes while the file is written).
 */
export function startExport(ctx: AreaContext, batchId: number, labels: Record<string, string>, fullIds: boolean) {
  const batch = ctx.db.prepare('SELECT number, status FROM claim_batch WHERE id = ?').get(batchId) as { number: string; status: string } | undefined;
  if (!batch) fail('CLAIMS_BATCH_NOT_FOUND', undefined, { id: batchId });
  return ctx.jobs.start<ExportResult>('claims.export', (job) => writeWorkbook(ctx, batchId, labels, fullIds, job));
}

async function writeWorkbook(ctx: AreaContext, batchId: number, labels: Record<string, string>, fullIds: boolean, job: JobContext): Promise<ExportResult> {
  const dir = exportsDir(ctx.dataFile);
  fs.mkdirSync(dir, { recursive: true });
  const snapshot = ctx.openSnapshot();
  let partial = '';
  try {
    snapshot.exec('BEGIN');
    const b = snapshot.prepare('SELECT * FROM claim_batch WHERE id = ?').get(batchId) as {
      number: string;
      period_start: string;
      period_end: string;
      status: string;
    };
    const totals = snapshot
      .prepare('SELECT count(*) AS n, coalesce(sum(amount_fen), 0) AS total FROM claim_line WHERE batch_id = ? AND excluded = 0')
      .get(batchId) as { n: number; total: number };
    const fileName = `${b.number}.xlsx`;
    const finalPath = path.join(dir, fileName);
    partial = partialPath(finalPath);
    fs.rmSync(partial, { force: true });
    job.onAbort(() => fs.rmSync(partial, { force: true }));
    job.progress(0, totals.n);

    // exceljs's streaming writer (with archiver) loads on the first export, not when the service
    // starts; only the writer: the package's entry loads its readers too (1.4 s → 0.4 s to load).
    const { default: WorkbookWriter } = await import('exceljs/lib/stream/xlsx/workbook-writer');
    const workbook = new WorkbookWriter({ filename: partial, useStyles: true, useSharedStrings: false });
    workbook.creator = 'RehabDesk';
    const sheet = workbook.addWorksheet(b.number, {
      pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '5:5' },
    });
    sheet.columns = WIDTHS.map((width) => ({ width }));
    const last = String.fromCharCode(64 + COLUMNS.length);
    const centred = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
    const thin = { style: 'thin' } as const;
    const border = { top: thin, left: thin, bottom: thin, right: thin };
    // One style object per kind of column, shared by every data cell: a style per cell made the
    // 100,000-row export three times slower. ID and certificate numbers are text, so spreadsheet
    // programs keep all 18 or 20 digits.
    const plain = { border };
    const text = { border, numFmt: '@' };
    const money = { border, numFmt: '#,##0.00' };
    const columnStyles = COLUMNS.map((_, i) => (i === 3 || i === 4 ? text : i === 9 || i === 10 ? money : plain));
    // A data row has no style of its own; exceljs gives each new row a fresh empty one and works
    // its style id out again for every row unless it has seen that very object (100,000 times).
    const dataRowStyle = {};

    // Header: title, then centre, programme and period, then the batch number and status.
    const title = sheet.addRow([word(labels, 'title')]);
    title.font = { bold: true, size: 16 };
    title.alignment = centred;
    title.height = 28;
    sheet.mergeCells(`A1:${last}1`);
    title.commit();
    const info = [word(labels, 'centre'), word(labels, 'programme'), word(labels, 'period'), word(labels, 'number')];
    const infoRow = sheet.addRow([info[0], '', '', '', '', '', info[1], '', info[2], '', '', info[3]]);
    sheet.mergeCells('A2:F2');
    sheet.mergeCells('G2:H2');
    sheet.mergeCells('I2:K2');
    infoRow.commit();
    const unitRow = sheet.addRow([word(labels, 'unitNote')]);
    sheet.mergeCells(`A3:${last}3`);
    unitRow.commit();
    sheet.addRow([]).commit();
    const header = sheet.addRow(COLUMNS.map((c) => word(labels, `col.${c}`)));
    header.font = { bold: true };
    header.alignment = centred;
    header.eachCell((cell) => {
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    });
    header.commit();

    const firstDataRow = 6;
    let done = 0;
    const statement = snapshot.prepare(EXPORT_SELECT).raw(true);
    const cells = lineCells(labels, fullIds);
    for (const raw of statement.iterate(batchId)) {
      // names and remarks are anyone's text: never a formula
      const row = sheet.addRow(cells(raw as ExportRow, done + 1).map(safeCell));
      (row as unknown as { style: object }).style = dataRowStyle;
      row.eachCell({ includeEmpty: true }, (cell, column) => (cell.style = columnStyles[column - 1]!));
      row.commit();
      done += 1;
      if (done % 500 === 0) {
        job.progress(done, totals.n);
        await job.pause();
      }
    }
    const lastDataRow = firstDataRow + done - 1;
    const total = sheet.addRow([
      word(labels, 'total'),
      '',
      '',
      '',
      '',
      '',
      '',
      word(labels, 'people', { n: done }),
      '',
      '',
      { formula: done === 0 ? '0' : `SUM(K${firstDataRow}:K${lastDataRow})`, result: yuan(totals.total) },
      '',
    ]);
    total.font = { bold: true };
    total.getCell(11).numFmt = '#,##0.00';
    total.eachCell({ includeEmpty: true }, (cell) => (cell.border = border));
    const totalRowNumber = lastDataRow + 1;
    sheet.mergeCells(`A${totalRowNumber}:G${totalRowNumber}`);
    total.commit();
    const capital = sheet.addRow([`${word(labels, 'totalCapital')}${capitalAmount(totals.total)}`]);
    capital.font = { bold: true };
    sheet.mergeCells(`A${totalRowNumber + 1}:${last}${totalRowNumber + 1}`);
    capital.commit();
    sheet.addRow([]).commit();
    const signatures = sheet.addRow([word(labels, 'sign.preparer'), '', '', word(labels, 'sign.reviewer'), '', '', word(labels, 'sign.head'), '', '', word(labels, 'sign.seal')]);
    signatures.height = 30;
    signatures.commit();
    sheet.addRow([word(labels, 'sign.date')]).commit();
    sheet.commit();
    await workbook.commit();
    job.progress(done, totals.n);
    await job.pause();
    fs.renameSync(partial, finalPath);
    return { fileName, path: finalPath, fileId: ctx.exportFile(finalPath).fileId, rows: done, bytes: fs.statSync(finalPath).size, unencryptedCopy: ctx.encrypted() };
  } finally {
    snapshot.close();
  }
}

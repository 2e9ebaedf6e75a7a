// The claims report: claimed, approved, adjusted and paid amounts by programme, service month and
// category (rehab category, course type, device class) for a year, over the batches sent to
// finance; and the same as an xlsx workbook, written as a job like the claim form.
import fs from 'node:fs';
import path from 'node:path';
import type { AreaContext } from '../context';
import type { Db } from '../open';
import type { JobContext } from '../jobs';
import { partialPath } from '../files';
import { safeCell } from '../common/cells';
import type { ExportResult, ReportRow } from './contract';
import { exportsDir } from './export';
import type { Programme } from './rules';

/**
 * Claimed: claim lines; adjusted: adjustment and re-claim lines; approved: finance's answer on a
 * line, or the whole line once its batch is approved; paid: what was approved in paid batches.
 */
const REPORT_SELECT = `SELECT l.programme, substr(l.service_from, 1, 7) AS month, l.content_code AS category,
    sum(l.kind = 'claim') AS lines,
    sum(CASE WHEN l.kind = 'claim' THEN l.amount_fen ELSE 0 END) AS claimed,
    sum(CASE WHEN l.kind = 'adjustment' THEN l.amount_fen ELSE 0 END) AS adjusted,
    sum(CASE WHEN a.line_id IS NOT NULL THEN a.approved_fen WHEN b.status IN ('approved', 'paid') THEN l.amount_fen ELSE 0 END) AS approved,
    sum(CASE WHEN b.status <> 'paid' THEN 0 WHEN a.line_id IS NOT NULL THEN a.approved_fen ELSE l.amount_fen END) AS paid
  FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id LEFT JOIN claim_answer a ON a.line_id = l.id
  WHERE l.service_year = ? AND (? IS NULL OR l.programme = ?) AND l.excluded = 0 AND b.status IN ('submitted', 'approved', 'paid')
  GROUP BY l.programme, month, l.content_code
  ORDER BY l.programme, month, l.content_code`;

export function reportRows(db: Db, year: number, programme: Programme | null): ReportRow[] {
  return (
    db.prepare(REPORT_SELECT).all(year, programme, programme) as {
      programme: Programme;
      month: string;
      category: string;
      lines: number;
      claimed: number;
      adjusted: number;
      approved: number;
      paid: number;
    }[]
  ).map((r) => ({
    programme: r.programme,
    month: r.month,
    category: r.category,
    lines: r.lines,
    claimedFen: r.claimed,
    approvedFen: r.approved,
    adjustedFen: r.adjusted,
    paidFen: r.paid,
  }));
}

export function report(ctx: AreaContext, year: number, programme: Programme | null): ReportRow[] {
  return reportRows(ctx.db, year, programme);
}

/** The report as a workbook; words (title, columns, programme and category names) come from the renderer. */
export function startReportExport(ctx: AreaContext, year: number, programme: Programme | null, labels: Record<string, string>) {
  return ctx.jobs.start<ExportResult>('claims.report.export', (job) => writeReport(ctx, year, programme, labels, job));
}

const word = (labels: Record<string, string>, key: string) => safeCell(labels[key] ?? key);
const COLUMNS = ['programme', 'month', 'category', 'lines', 'claimed', 'approved', 'adjusted', 'paid'] as const;

async function writeReport(ctx: AreaContext, year: number, programme: Programme | null, labels: Record<string, string>, job: JobContext): Promise<ExportResult> {
  const dir = exportsDir(ctx.dataFile);
  fs.mkdirSync(dir, { recursive: true });
  const snapshot = ctx.openSnapshot();
  let partial = '';
  try {
    snapshot.exec('BEGIN');
    const rows = reportRows(snapshot, year, programme);
    const fileName = `claims-report-${year}${programme ? `-${programme}` : ''}.xlsx`;
    const finalPath = path.join(dir, fileName);
    partial = partialPath(finalPath);
    fs.rmSync(partial, { force: true });
    job.onAbort(() => fs.rmSync(partial, { force: true }));
    job.progress(0, rows.length);
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useStyles: true, useSharedStrings: false });
    workbook.creator = 'RehabDesk';
    const sheet = workbook.addWorksheet(String(year));
    sheet.columns = [24, 10, 28, 8, 14, 14, 14, 14].map((width) => ({ width }));
    const title = sheet.addRow([word(labels, 'title')]);
    title.font = { bold: true, size: 14 };
    sheet.mergeCells('A1:H1');
    title.commit();
    const header = sheet.addRow(COLUMNS.map((c) => word(labels, `col.${c}`)));
    header.font = { bold: true };
    header.commit();
    const money = '#,##0.00';
    const totals = { lines: 0, claimed: 0, approved: 0, adjusted: 0, paid: 0 };
    for (const r of rows) {
      const row = sheet.addRow([
        word(labels, `programme.${r.programme}`),
        r.month,
        labels[`category.${r.programme}.${r.category}`] ? word(labels, `category.${r.programme}.${r.category}`) : safeCell(r.category),
        r.lines,
        r.claimedFen / 100,
        r.approvedFen / 100,
        r.adjustedFen / 100,
        r.paidFen / 100,
      ]);
      for (const c of [5, 6, 7, 8]) row.getCell(c).numFmt = money;
      row.commit();
      totals.lines += r.lines;
      totals.claimed += r.claimedFen;
      totals.approved += r.approvedFen;
      totals.adjusted += r.adjustedFen;
      totals.paid += r.paidFen;
    }
    const total = sheet.addRow([word(labels, 'total'), '', '', totals.lines, totals.claimed / 100, totals.approved / 100, totals.adjusted / 100, totals.paid / 100]);
    total.font = { bold: true };
    for (const c of [5, 6, 7, 8]) total.getCell(c).numFmt = money;
    total.commit();
    sheet.commit();
    await workbook.commit();
    job.progress(rows.length, rows.length);
    await job.pause();
    fs.renameSync(partial, finalPath);
    return { fileName, path: finalPath, fileId: ctx.exportFile(finalPath).fileId, rows: rows.length, bytes: fs.statSync(finalPath).size, unencryptedCopy: ctx.encrypted() };
  } finally {
    snapshot.close();
  }
}

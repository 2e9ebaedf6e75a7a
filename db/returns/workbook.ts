// The statistics workbook (xlsx), written with exceljs's streaming writer: a sheet about the return,
// then one sheet per statistics table (a row per centre and the total). Texts come from the
// renderer in the user's language; this file only places them, every text cell made safe
// (centre names come from imported packages: anyone's text).
import fs from 'node:fs';
import path from 'node:path';
import type { JobContext } from '../jobs';
import { partialPath } from '../files';
import { safeCell } from '../common/cells';
import type { ReturnStats } from './contract';
import type { LabelPart, StatsColumn } from './tables';

export type Labels = Record<string, string>;

/** A label's text with its {params} filled in; the key itself when the renderer sent no text. */
export function fill(labels: Labels, key: string, params: Record<string, string | number> = {}): string {
  const template = labels[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function labelOf(labels: Labels, parts: readonly LabelPart[]): string {
  return parts.map((p) => ('text' in p ? p.text : fill(labels, p.key, p.params))).join(labels.sep ?? ' · ');
}

/** Sheet names: at most 31 characters, none of []:*?/\ , and unique. */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28).trim() || 'Sheet';
  let candidate = base;
  for (let i = 2; used.has(candidate); i += 1) candidate = `${base} ${i}`;
  used.add(candidate);
  return candidate;
}

const NUMBER_FORMATS: Record<StatsColumn['kind'], string> = { count: '0', fen: '#,##0.00', permille: '0.0%' };

export async function writeWorkbook(job: JobContext, target: string, stats: ReturnStats, labels: Labels, generatedAt: string): Promise<{ bytes: number; sheets: number }> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = partialPath(target);
  fs.rmSync(partial, { force: true });
  job.onAbort(() => fs.rmSync(partial, { force: true }));
  // exceljs loads on the first workbook written, not when the service starts.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useStyles: true, useSharedStrings: false });
  workbook.creator = 'RehabDesk';
  const used = new Set<string>();
  const notAvailable = fill(labels, 'workbook.notAvailable');
  const notReported = fill(labels, 'workbook.notReported');
  const sheets = stats.tables.length + 2;
  job.progress(0, sheets);

  const info = workbook.addWorksheet(sheetName(fill(labels, 'workbook.info'), used));
  info.columns = [{ width: 24 }, { width: 60 }];
  const period = stats.period;
  const infoRows: [string, string | number][] = [
    [fill(labels, 'workbook.title'), fill(labels, 'workbook.titleValue', { period: period.code })],
    [fill(labels, 'workbook.period'), `${period.from} – ${period.to}`],
    [fill(labels, 'workbook.centres'), stats.centres.length],
    [fill(labels, 'workbook.packages'), stats.packages],
    [fill(labels, 'workbook.generated'), generatedAt],
    [fill(labels, 'workbook.claims'), fill(labels, 'workbook.claimsValue', { n: stats.claimsCentres, of: stats.centres.length })],
    [fill(labels, 'workbook.checks'), fill(labels, 'workbook.checksValue', { n: stats.checksCentres, of: stats.centres.length })],
  ];
  for (const row of infoRows) info.addRow(row.map(safeCell)).commit();
  info.commit();
  job.progress(1, sheets);
  await job.pause();

  for (const [i, table] of stats.tables.entries()) {
    const sheet = workbook.addWorksheet(sheetName(fill(labels, `table.${table.id}`), used));
    sheet.columns = [{ width: 28 }, { width: 10 }, ...table.columns.map(() => ({ width: 14 }))];
    const header = sheet.addRow([fill(labels, 'col.centre'), fill(labels, 'col.region'), ...table.columns.map((c) => labelOf(labels, c.label))].map(safeCell));
    header.font = { bold: true };
    header.commit();
    for (const row of table.rows) {
      const cells = row.values.map((v, c) => {
        if (v === null) return row.notReported ? notReported : notAvailable;
        const kind = table.columns[c]!.kind;
        return kind === 'fen' ? v / 100 : kind === 'permille' ? v / 1000 : v;
      });
      const added = sheet.addRow([row.centre ? row.centre.name : fill(labels, 'row.total'), row.centre?.regionCode ?? '', ...cells].map(safeCell));
      table.columns.forEach((c, index) => {
        added.getCell(index + 3).numFmt = NUMBER_FORMATS[c.kind];
      });
      if (!row.centre) added.font = { bold: true };
      added.commit();
    }
    sheet.commit();
    job.progress(i + 2, sheets);
    await job.pause();
  }

  // Children served in total, by category and age band.
  const cross = workbook.addWorksheet(sheetName(fill(labels, 'table.childrenCross'), used));
  const bandLabels = stats.childrenCross.ageBands.map((r) =>
    r.to === null ? fill(labels, 'bandOpen', { from: r.from }) : fill(labels, 'band', { from: r.from, to: r.to }),
  );
  cross.columns = [{ width: 16 }, ...bandLabels.map(() => ({ width: 12 })), { width: 12 }];
  const crossHeader = cross.addRow([fill(labels, 'col.category'), ...bandLabels, fill(labels, 'col.total')].map(safeCell));
  crossHeader.font = { bold: true };
  crossHeader.commit();
  for (const row of stats.childrenCross.rows) cross.addRow([fill(labels, `category.${row.category}`), ...row.bands, row.total].map(safeCell)).commit();
  const totalRow = cross.addRow(
    [fill(labels, 'row.total'), ...stats.childrenCross.bandTotals, stats.childrenCross.bandTotals.reduce((a, b) => a + b, 0)].map(safeCell),
  );
  totalRow.font = { bold: true };
  totalRow.commit();
  cross.commit();

  await workbook.commit();
  fs.renameSync(partial, target);
  job.progress(sheets, sheets);
  return { bytes: fs.statSync(target).size, sheets };
}

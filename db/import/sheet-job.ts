// One import job for every "read a sheet, check its rows, let the user look before anything is
// written" screen (the training roster, other departments' lists). The file is read by the shared
// sheet reader (a workbook after the call returns, so the renderer asks for the status until the
// preview is ready), the table found under titles and above footers, the columns mapped by header,
// by the user's earlier mapping of the same headers, or by hand; the area checks the rows and
// decides what its commit writes. A job is kept in memory while the user looks; older ones go.
import crypto from 'node:crypto';
import { DomainError, fail, type ErrorParams } from '../errors';
import { fileKind, readCsv, readSheets, type Sheet } from './sheet-reader';
import { findTable, headerKey, type FoundTable, type SkippedRow } from './rules';

/** Finished or abandoned previews kept in memory; older ones are dropped. */
const KEPT_JOBS = 3;

export type SheetJobState = 'reading' | 'ready' | 'failed' | 'done';

export interface SheetJobIssue {
  code: string;
  params?: ErrorParams;
}

/** What every import job holds; an area's job adds its own fields (class, list date, checked rows…). */
export interface SheetJob<Col extends string> {
  id: string;
  fileName: string;
  state: SheetJobState;
  error: SheetJobIssue | null;
  sheets: Sheet[];
  sheet: number;
  table: FoundTable | null;
  headers: string[];
  headerHash: string;
  columns: (Col | null)[];
  remembered: boolean;
  missingColumns: Col[];
  startedAt: number;
  previewMs: number;
}

export interface SheetJobSpec<Col extends string, J extends SheetJob<Col>> {
  /** A header cell this import knows (finds the header row under titles). */
  isHeader(header: string): boolean;
  mapHeaders(headers: readonly string[]): (Col | null)[];
  required: readonly Col[];
  maxRows: number;
  /** The user's mapping for the same headers, as stored (JSON), and storing a new one. */
  rememberedMapping(headerHash: string): string | undefined;
  rememberMapping(headerHash: string, columnsJson: string): void;
  /** Forgets the area's results of an earlier read (another sheet, other columns). */
  reset(job: J): void;
  /** Checks the data rows once every required column is mapped (there is at least one, at most maxRows). */
  check(job: J, table: FoundTable): void;
}

/** The status fields every import screen shows, in the contract's shape. */
export interface SheetJobStatus<Col extends string> {
  jobId: string;
  state: SheetJobState;
  error: SheetJobIssue | null;
  fileName: string;
  sheets: string[];
  sheet: number;
  headerRows: number[];
  headers: string[];
  columns: (Col | null)[];
  remembered: boolean;
  missingColumns: Col[];
  skipped: SkippedRow[];
}

export function createSheetJobs<Col extends string, J extends SheetJob<Col>>(spec: SheetJobSpec<Col, J>) {
  const jobs = new Map<string, J>();

  function remembered(hash: string, width: number): (Col | null)[] | null {
    const stored = spec.rememberedMapping(hash);
    if (stored === undefined) return null;
    const columns = JSON.parse(stored) as (Col | null)[];
    return columns.length === width ? columns : null;
  }

  /** The sheet to read first: the first visible one whose header names the required columns, else the first with rows. */
  function firstSheet(sheets: readonly Sheet[]): number {
    const tables = sheets.map((s) => findTable(s.rows, s.merges, spec.isHeader));
    const complete = tables.findIndex((t) => t !== null && spec.required.every((c) => spec.mapHeaders(t.headers).includes(c)));
    if (complete >= 0) return complete;
    return Math.max(0, tables.findIndex((t) => t !== null));
  }

  /** Finds the table on the job's sheet, maps its columns (given, remembered or by header) and has the area check every row. */
  function build(job: J, given: (Col | null)[] | null): void {
    job.state = 'reading';
    job.error = null;
    job.missingColumns = [];
    spec.reset(job);
    const sheet = job.sheets[job.sheet];
    const table = sheet ? findTable(sheet.rows, sheet.merges, spec.isHeader) : null;
    job.table = table;
    job.headers = table?.headers ?? [];
    job.headerHash = crypto.createHash('sha256').update(job.headers.map(headerKey).join('\u0001')).digest('hex');
    if (!table) fail('IMPORT_NO_ROWS');
    const kept = given ? null : remembered(job.headerHash, job.headers.length);
    job.remembered = kept !== null;
    job.columns = given ?? kept ?? spec.mapHeaders(job.headers);
    job.missingColumns = spec.required.filter((c) => !job.columns.includes(c));
    if (job.missingColumns.length === 0) {
      const rows = table.dataRows.length;
      if (rows === 0) fail('IMPORT_NO_ROWS');
      if (rows > spec.maxRows) fail('IMPORT_TOO_MANY_ROWS', undefined, { max: spec.maxRows, rows });
      spec.check(job, table);
    }
    job.state = 'ready';
    job.previewMs = Math.round(performance.now() - job.startedAt);
  }

  function failed(job: J, error: unknown): void {
    job.state = 'failed';
    job.error = error instanceof DomainError ? { code: error.error.code, ...(error.error.params ? { params: error.error.params } : {}) } : { code: 'IMPORT_FILE_UNREADABLE' };
  }

  function find(jobId: string): J {
    const job = jobs.get(jobId);
    if (!job) fail('IMPORT_NOT_FOUND');
    return job;
  }

  /** Starts a job on the file; `extend` adds the area's fields to the common ones. Returns at once. */
  function start(fileName: string, contentBase64: string, extend: (base: SheetJob<Col>) => J): J {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length === 0) fail('IMPORT_NO_ROWS');
    const kind = fileKind(fileName, bytes);
    const job = extend({
      id: crypto.randomUUID(),
      fileName,
      state: 'reading',
      error: null,
      sheets: [],
      sheet: 0,
      table: null,
      headers: [],
      headerHash: '',
      columns: [],
      remembered: false,
      missingColumns: [],
      startedAt: performance.now(),
      previewMs: 0,
    });
    jobs.set(job.id, job);
    for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEPT_JOBS))) jobs.delete(old);
    const show = (sheets: Sheet[]) => {
      job.sheets = sheets;
      job.sheet = firstSheet(sheets);
      build(job, null);
    };
    if (kind === 'csv') {
      try {
        show([readCsv(bytes)]);
      } catch (error) {
        failed(job, error);
      }
    } else {
      setImmediate(() => {
        readSheets(fileName, bytes)
          .then(({ sheets }) => show(sheets))
          .catch((error: unknown) => failed(job, error));
      });
    }
    return job;
  }

  /** Reads another sheet, or re-checks the rows with columns the user mapped (remembered for the same headers). */
  function adjust(input: { jobId: string; sheet: number; columns: (Col | null)[] | null }): J {
    const job = find(input.jobId);
    if (job.state === 'done') fail('IMPORT_ALREADY_DONE');
    if (job.state === 'reading' || job.sheets.length === 0) fail('IMPORT_NOT_READY');
    if (input.sheet >= job.sheets.length) fail('IMPORT_NO_SHEET', 'sheet');
    const columns = input.sheet === job.sheet ? input.columns : null; // another sheet has its own headers
    job.sheet = input.sheet;
    if (columns) {
      const table = findTable(job.sheets[job.sheet]!.rows, job.sheets[job.sheet]!.merges, spec.isHeader);
      if (!table || columns.length !== table.headers.length) fail('IMPORT_COLUMNS_CHANGED', 'columns');
      const twice = columns.find((c, i) => c !== null && columns.indexOf(c) !== i);
      if (twice) fail('IMPORT_COLUMN_TWICE', 'columns', { column: twice });
    }
    job.startedAt = performance.now();
    try {
      build(job, columns);
    } catch (error) {
      failed(job, error);
    }
    if (columns && job.table) spec.rememberMapping(job.headerHash, JSON.stringify(columns));
    return job;
  }

  /** The job, once it may be written: read, every required column mapped, not written before. */
  function committable(jobId: string): J {
    const job = find(jobId);
    if (job.state === 'done') fail('IMPORT_ALREADY_DONE');
    if (job.state !== 'ready') fail('IMPORT_NOT_READY');
    if (job.missingColumns.length) fail('IMPORT_MISSING_COLUMNS', undefined, { columns: job.missingColumns.join(',') });
    return job;
  }

  /** The common part of the status; skipped lines only when rows are asked for (writes are audited with their answer). */
  function status(job: J, withRows: boolean): SheetJobStatus<Col> {
    return {
      jobId: job.id,
      state: job.state,
      error: job.error,
      fileName: job.fileName,
      sheets: job.sheets.map((s) => s.name),
      sheet: job.sheet,
      headerRows: job.table?.headerRows ?? [],
      headers: job.headers,
      columns: job.columns,
      remembered: job.remembered,
      missingColumns: job.missingColumns,
      skipped: withRows ? (job.table?.skipped ?? []) : [],
    };
  }

  return { start, adjust, find, committable, status };
}

// The roster import as a job: the file is read by the shared sheet reader (workbooks after the
// call returns), the table found under titles and above footers, every row checked, and the
// preview kept here so the renderer can page through it, pick another sheet or map columns by
// hand; only the user's confirmation writes, all valid rows in one transaction, after checking
// them again against the register as it is then.
import crypto from 'node:crypto';
import { DomainError, fail } from '../errors';
import type { Db } from '../open';
import type { Clock } from '../clock';
import type { PeopleModule } from '../people/people';
import type { ImportColumn, ImportInvalidRows, ImportIssue, ImportResult, ImportStatus } from './contract';
import type { ClassesModule } from './classes';
import { fileKind, readCsv, readSheets, type Sheet } from '../import/sheet-reader';
import { findTable, headerKey, type FoundTable, type SkippedRow } from '../import/rules';
import { REQUIRED_COLUMNS, checkRosterRow, isRosterHeader, mapHeaders, resolveRoster, type CheckedRow, type ResolvedRow, type RosterContext } from './roster-rules';
import { statements } from '../statements';

export const MAX_IMPORT_ROWS = 10_000;
/** Finished or abandoned previews kept in memory; older ones are dropped. */
const KEPT_JOBS = 3;

interface Job {
  id: string;
  fileName: string;
  classId: number | null;
  state: ImportStatus['state'];
  error: ImportIssue | null;
  sheets: Sheet[];
  sheet: number;
  table: FoundTable | null;
  headers: string[];
  headerHash: string;
  columns: (ImportColumn | null)[];
  remembered: boolean;
  missingColumns: ImportColumn[];
  skipped: SkippedRow[];
  checked: CheckedRow[];
  resolved: ResolvedRow[];
  startedAt: number;
  previewMs: number;
  result: ImportResult | null;
}

export function createRosterImport(db: Db, clock: Clock, actor: () => string, people: PeopleModule, classes: ClassesModule) {
  const prepared = statements(db);
  const jobs = new Map<string, Job>();

  function context(job: Job): RosterContext {
    const ids = [...new Set(job.checked.filter((r) => r.idValid).map((r) => r.idNumber))];
    const register = new Map<string, { id: number; name: string }>();
    for (const r of prepared('SELECT id, name, id_number FROM person WHERE id_number IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as {
      id: number;
      name: string;
      id_number: string;
    }[]) {
      register.set(r.id_number, { id: r.id, name: r.name });
    }
    if (job.classId === null) return { register, target: null };
    const c = classes.get(job.classId);
    return {
      register,
      target: {
        enrolledPersonIds: new Set(c.trainees.map((t) => t.personId)),
        placesLeft: c.capacity - c.enrolled,
        capacity: c.capacity,
      },
    };
  }

  function rememberedColumns(hash: string, width: number): (ImportColumn | null)[] | null {
    const row = prepared("SELECT columns FROM import_column_map WHERE kind = 'roster' AND header_hash = ?").get(hash) as { columns: string } | undefined;
    if (!row) return null;
    const columns = JSON.parse(row.columns) as (ImportColumn | null)[];
    return columns.length === width ? columns : null;
  }

  /** The sheet to read first: the first visible one whose header names the required columns, else the first with rows. */
  function firstSheet(sheets: readonly Sheet[]): number {
    const tables = sheets.map((s) => findTable(s.rows, s.merges, isRosterHeader));
    const complete = tables.findIndex((t) => t !== null && REQUIRED_COLUMNS.every((c) => mapHeaders(t.headers).includes(c)));
    if (complete >= 0) return complete;
    return Math.max(0, tables.findIndex((t) => t !== null));
  }

  /** Finds the table on the job's sheet, maps its columns (given, remembered or by header) and checks every row. */
  function build(job: Job, given: (ImportColumn | null)[] | null): void {
    job.state = 'reading';
    job.error = null;
    job.checked = [];
    job.resolved = [];
    job.missingColumns = [];
    const sheet = job.sheets[job.sheet];
    const table = sheet ? findTable(sheet.rows, sheet.merges, isRosterHeader) : null;
    job.table = table;
    job.headers = table?.headers ?? [];
    job.skipped = table?.skipped ?? [];
    job.headerHash = crypto.createHash('sha256').update(job.headers.map(headerKey).join('\u0001')).digest('hex');
    if (!table) fail('IMPORT_NO_ROWS');
    const remembered = given ? null : rememberedColumns(job.headerHash, job.headers.length);
    job.remembered = remembered !== null;
    job.columns = given ?? remembered ?? mapHeaders(job.headers);
    job.missingColumns = REQUIRED_COLUMNS.filter((c) => !job.columns.includes(c));
    if (job.missingColumns.length === 0) {
      const data = table.dataRows;
      if (data.length === 0) fail('IMPORT_NO_ROWS');
      if (data.length > MAX_IMPORT_ROWS) fail('IMPORT_TOO_MANY_ROWS', undefined, { max: MAX_IMPORT_ROWS, rows: data.length });
      const today = clock.today();
      job.checked = data.map((r) => checkRosterRow(r.rowNumber, r.cells, job.columns, today));
      job.resolved = resolveRoster(job.checked, context(job));
    }
    job.state = 'ready';
    job.previewMs = Math.round(performance.now() - job.startedAt);
  }

  function failed(job: Job, error: unknown): void {
    job.state = 'failed';
    job.error = error instanceof DomainError ? { code: error.error.code, ...(error.error.params ? { params: error.error.params } : {}) } : { code: 'IMPORT_FILE_UNREADABLE' };
  }

  function keep(job: Job): void {
    jobs.set(job.id, job);
    for (const id of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEPT_JOBS))) jobs.delete(id);
  }

  function find(jobId: string): Job {
    const job = jobs.get(jobId);
    if (!job) fail('IMPORT_NOT_FOUND');
    return job;
  }

  /** The job's state; rows and skipped lines only when asked for (writes are audited with their answer). */
  function status(job: Job, filter: 'all' | 'valid' | 'invalid' = 'all', offset = 0, limit = 100): ImportStatus {
    const count = (s: ResolvedRow['status']) => job.resolved.filter((r) => r.status === s).length;
    const indexes = job.resolved
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => filter === 'all' || (filter === 'invalid') === (r.status === 'invalid'))
      .map(({ i }) => i);
    return {
      jobId: job.id,
      state: job.state,
      error: job.error,
      fileName: job.fileName,
      classId: job.classId,
      sheets: job.sheets.map((s) => s.name),
      sheet: job.sheet,
      headerRows: job.table?.headerRows ?? [],
      columns: job.columns,
      remembered: job.remembered,
      missingColumns: job.missingColumns,
      headers: job.headers,
      skipped: limit > 0 ? job.skipped : [],
      total: job.resolved.length,
      valid: job.resolved.length - count('invalid'),
      invalid: count('invalid'),
      newPeople: count('new'),
      existingPeople: count('existing'),
      filtered: indexes.length,
      rows: indexes.slice(offset, offset + limit).map((i) => {
        const checked = job.checked[i]!;
        const resolved = job.resolved[i]!;
        return {
          rowNumber: checked.rowNumber,
          name: checked.name,
          idNumber: checked.idNumber,
          status: resolved.status,
          registerName: resolved.registerName,
          issues: resolved.issues,
        };
      }),
      previewMs: job.previewMs,
      result: job.result,
    };
  }

  function start(input: { classId: number | null; fileName: string; contentBase64: string }): ImportStatus {
    if (input.classId !== null) classes.get(input.classId);
    const bytes = Buffer.from(input.contentBase64, 'base64');
    if (bytes.length === 0) fail('IMPORT_NO_ROWS');
    const kind = fileKind(input.fileName, bytes);
    const job: Job = {
      id: crypto.randomUUID(),
      fileName: input.fileName,
      classId: input.classId,
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
      skipped: [],
      checked: [],
      resolved: [],
      startedAt: performance.now(),
      previewMs: 0,
      result: null,
    };
    keep(job);
    const show = (sheets: Sheet[]) => {
      job.sheets = sheets;
      job.sheet = firstSheet(sheets);
      build(job, null);
    };
    // A workbook is read after this call returns; the renderer asks for the status until the preview is ready.
    if (kind === 'csv') {
      try {
        show([readCsv(bytes)]);
      } catch (error) {
        failed(job, error);
      }
    } else {
      setImmediate(() => {
        readSheets(input.fileName, bytes)
          .then(({ sheets }) => show(sheets))
          .catch((error: unknown) => failed(job, error));
      });
    }
    // Writes are audited with their result: the summary only, no names or ID numbers of rows
    // that may never be imported. The rows come through the (unaudited) preview read.
    return status(job, 'all', 0, 0);
  }

  function invalidRows(jobId: string): ImportInvalidRows {
    const job = find(jobId);
    return {
      headers: job.headers,
      rows: job.resolved
        .map((r, i) => ({ r, c: job.checked[i]! }))
        .filter(({ r }) => r.status === 'invalid')
        .map(({ r, c }) => ({ rowNumber: c.rowNumber, cells: c.cells, issues: r.issues })),
    };
  }

  /** Reads another sheet, or re-checks the rows with columns the user mapped (remembered for the same headers). */
  function adjust(input: { jobId: string; sheet: number; columns: (ImportColumn | null)[] | null }): ImportStatus {
    const job = find(input.jobId);
    if (job.state === 'done') fail('IMPORT_ALREADY_DONE');
    if (job.state === 'reading' || job.sheets.length === 0) fail('IMPORT_NOT_READY');
    if (input.sheet >= job.sheets.length) fail('IMPORT_NO_SHEET', 'sheet');
    let columns = input.columns;
    if (input.sheet !== job.sheet) columns = null; // another sheet has its own headers
    job.sheet = input.sheet;
    if (columns) {
      const table = findTable(job.sheets[job.sheet]!.rows, job.sheets[job.sheet]!.merges, isRosterHeader);
      if (!table || columns.length !== table.headers.length) fail('IMPORT_COLUMNS_CHANGED', 'columns');
      const twice = columns.find((c, i) => c !== null && columns!.indexOf(c) !== i);
      if (twice) fail('IMPORT_COLUMN_TWICE', 'columns', { column: twice });
    }
    job.startedAt = performance.now();
    try {
      build(job, columns);
    } catch (error) {
      failed(job, error);
    }
    if (columns && job.table) {
      prepared(
        `INSERT INTO import_column_map (kind, header_hash, columns, updated_at, updated_by) VALUES ('roster', ?, ?, ?, ?)
         ON CONFLICT (kind, header_hash) DO UPDATE SET columns = excluded.columns, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(job.headerHash, JSON.stringify(columns), clock.now(), actor());
    }
    return status(job, 'all', 0, 0);
  }

  const write = db.transaction((job: Job, expectedValid: number): ImportResult => {
    const started = performance.now();
    const resolved = resolveRoster(job.checked, context(job));
    const valid = resolved.filter((r) => r.status !== 'invalid').length;
    if (valid !== expectedValid) {
      job.resolved = resolved;
      fail('IMPORT_CHANGED', undefined, { valid, expected: expectedValid });
    }
    if (valid === 0) fail('IMPORT_NOTHING_VALID');
    const personIds: number[] = [];
    let created = 0;
    resolved.forEach((r, i) => {
      if (r.status === 'existing') personIds.push(r.personId!);
      else if (r.status === 'new') {
        personIds.push(people.create(job.checked[i]!.person!).id);
        created += 1;
      }
    });
    if (job.classId !== null) classes.enrolMany(job.classId, personIds);
    return {
      created,
      reused: personIds.length - created,
      enrolled: job.classId === null ? 0 : personIds.length,
      ms: Math.round(performance.now() - started),
    };
  });

  function commit(jobId: string, expectedValid: number): ImportStatus {
    const job = find(jobId);
    if (job.state === 'done') fail('IMPORT_ALREADY_DONE');
    if (job.state !== 'ready') fail('IMPORT_NOT_READY');
    if (job.missingColumns.length) fail('IMPORT_MISSING_COLUMNS', undefined, { columns: job.missingColumns.join(',') });
    job.result = write(job, expectedValid);
    job.state = 'done';
    return status(job, 'all', 0, 0);
  }

  return {
    start,
    status: (jobId: string, filter: 'all' | 'valid' | 'invalid', offset: number, limit: number) => status(find(jobId), filter, offset, limit),
    invalidRows,
    adjust,
    commit,
  };
}

// The roster import as a job: the file is read (xlsx asynchronously), every row checked, and the
// preview kept here so the renderer can page through it; only the user's confirmation writes, all
// valid rows in one transaction, after checking them again against the register as it is then.
import crypto from 'node:crypto';
import { DomainError, fail } from '../errors';
import type { Db } from '../open';
import type { Clock } from '../clock';
import type { PeopleModule } from '../people/people';
import type { ImportColumn, ImportInvalidRows, ImportIssue, ImportResult, ImportStatus } from './contract';
import type { ClassesModule } from './classes';
import { fileKind, readCsv, readXlsx } from './roster-file';
import { REQUIRED_COLUMNS, checkRosterRow, mapHeaders, resolveRoster, type CheckedRow, type RawCell, type ResolvedRow, type RosterContext } from './roster-rules';
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
  headers: string[];
  columns: (ImportColumn | null)[];
  checked: CheckedRow[];
  resolved: ResolvedRow[];
  startedAt: number;
  previewMs: number;
  result: ImportResult | null;
}

export function createRosterImport(db: Db, clock: Clock, people: PeopleModule, classes: ClassesModule) {
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

  function build(job: Job, rows: { rowNumber: number; cells: RawCell[] }[]): void {
    const filled = rows.filter((r) => r.cells.some((c) => c !== null && String(c).trim() !== ''));
    const [header, ...data] = filled;
    if (!header) fail('IMPORT_NO_ROWS');
    job.headers = header.cells.map((c) => (c === null ? '' : String(c).trim()));
    job.columns = mapHeaders(job.headers);
    if (REQUIRED_COLUMNS.some((c) => !job.columns.includes(c))) fail('IMPORT_MISSING_COLUMNS');
    if (data.length === 0) fail('IMPORT_NO_ROWS');
    if (data.length > MAX_IMPORT_ROWS) fail('IMPORT_TOO_MANY_ROWS', undefined, { max: MAX_IMPORT_ROWS, rows: data.length });
    const today = clock.today();
    job.checked = data.map((r) => checkRosterRow(r.rowNumber, r.cells, job.columns, today));
    job.resolved = resolveRoster(job.checked, context(job));
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
      columns: job.columns,
      headers: job.headers,
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
      headers: [],
      columns: [],
      checked: [],
      resolved: [],
      startedAt: performance.now(),
      previewMs: 0,
      result: null,
    };
    keep(job);
    if (kind === 'csv') {
      try {
        build(job, readCsv(bytes).map((cells, i) => ({ rowNumber: i + 1, cells })));
      } catch (error) {
        failed(job, error);
      }
    } else {
      // exceljs reads asynchronously; the renderer asks for the status until the preview is ready.
      readXlsx(bytes)
        .then((rows) => build(job, rows))
        .catch((error: unknown) => failed(job, error));
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
    job.result = write(job, expectedValid);
    job.state = 'done';
    return status(job, 'all', 0, 0);
  }

  return {
    start,
    status: (jobId: string, filter: 'all' | 'valid' | 'invalid', offset: number, limit: number) => status(find(jobId), filter, offset, limit),
    invalidRows,
    commit,
  };
}

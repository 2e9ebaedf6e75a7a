// The roster import as a job: the file is read by the shared sheet reader (workbooks after the
// call returns), the table found under titles and above footers, every row checked, and the
// preview kept here so the renderer can page through it, pick another sheet or map columns by
// hand; only the user's confirmation writes, all valid rows in one transaction, after checking
// them again against the register as it is then.
import { fail } from '../errors';
import type { Db } from '../open';
import type { Clock } from '../clock';
import type { PeopleModule } from '../people/people';
import type { ImportColumn, ImportInvalidRows, ImportResult, ImportStatus } from './contract';
import type { ClassesModule } from './classes';
import { createSheetJobs, type SheetJob } from '../import/sheet-job';
import { REQUIRED_COLUMNS, checkRosterRow, isRosterHeader, mapHeaders, resolveRoster, type CheckedRow, type ResolvedRow, type RosterContext } from './roster-rules';
import { statements } from '../statements';

export const MAX_IMPORT_ROWS = 10_000;

interface Job extends SheetJob<ImportColumn> {
  classId: number | null;
  checked: CheckedRow[];
  resolved: ResolvedRow[];
  result: ImportResult | null;
}

export function createRosterImport(db: Db, clock: Clock, actor: () => string, people: PeopleModule, classes: ClassesModule) {
  const prepared = statements(db);

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

  const jobs = createSheetJobs<ImportColumn, Job>({
    isHeader: isRosterHeader,
    mapHeaders,
    required: REQUIRED_COLUMNS,
    maxRows: MAX_IMPORT_ROWS,
    rememberedMapping: (hash) =>
      (prepared("SELECT columns FROM import_column_map WHERE kind = 'roster' AND header_hash = ?").get(hash) as { columns: string } | undefined)?.columns,
    rememberMapping: (hash, columns) =>
      prepared(
        `INSERT INTO import_column_map (kind, header_hash, columns, updated_at, updated_by) VALUES ('roster', ?, ?, ?, ?)
         ON CONFLICT (kind, header_hash) DO UPDATE SET columns = excluded.columns, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(hash, columns, clock.now(), actor()),
    reset: (job) => {
      job.checked = [];
      job.resolved = [];
    },
    check: (job, table) => {
      const today = clock.today();
      job.checked = table.dataRows.map((r) => checkRosterRow(r.rowNumber, r.cells, job.columns, today));
      job.resolved = resolveRoster(job.checked, context(job));
    },
  });

  /** The job's state; rows and skipped lines only when asked for (writes are audited with their answer). */
  function status(job: Job, filter: 'all' | 'valid' | 'invalid' = 'all', offset = 0, limit = 100): ImportStatus {
    const count = (s: ResolvedRow['status']) => job.resolved.filter((r) => r.status === s).length;
    const indexes = job.resolved
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => filter === 'all' || (filter === 'invalid') === (r.status === 'invalid'))
      .map(({ i }) => i);
    return {
      ...jobs.status(job, limit > 0),
      classId: job.classId,
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
    const job = jobs.start(input.fileName, input.contentBase64, (base) => ({ ...base, classId: input.classId, checked: [], resolved: [], result: null }));
    // Writes are audited with their result: the summary only, no names or ID numbers of rows
    // that may never be imported. The rows come through the (unaudited) preview read.
    return status(job, 'all', 0, 0);
  }

  function invalidRows(jobId: string): ImportInvalidRows {
    const job = jobs.find(jobId);
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
    return status(jobs.adjust(input), 'all', 0, 0);
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
    const job = jobs.committable(jobId);
    job.result = write(job, expectedValid);
    job.state = 'done';
    return status(job, 'all', 0, 0);
  }

  return {
    start,
    status: (jobId: string, filter: 'all' | 'valid' | 'invalid', offset: number, limit: number) => status(jobs.find(jobId), filter, offset, limit),
    invalidRows,
    adjust,
    commit,
  };
}

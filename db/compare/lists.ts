// Other departments' lists: the import as a job (the shared sheet reader, the table found under
// titles and above footers, every row checked, the preview kept here for the renderer to page
// through, columns mapped by hand and remembered), the saved lists with their date, the comparison
// with the register, and the confirmed status changes applied in one step with the list as reason.
import { fail } from '../errors';
import type { Db } from '../open';
import type { Clock } from '../clock';
import { statements } from '../statements';
import { createSheetJobs, type SheetJob } from '../import/sheet-job';
import { normaliseIdText, plainText } from '../import/rules';
import type { ComparisonRow, ListColumn, ListComparison, ListImportStatus, ListSummary } from './contract';
import {
  checkListRows,
  compareList,
  isListHeader,
  listChanges,
  LIST_STATUSES,
  mapListHeaders,
  REQUIRED_LIST_COLUMNS,
  SUPPORT_BACKED,
  type CheckedListRow,
  type ComparisonKind,
  type ListRow,
  type ListSource,
  type ListStatus,
  type RegisterPerson,
  type StatusChange,
} from './rules';
import { createStatusReader } from './statuses';

export const MAX_LIST_ROWS = 20_000;
interface Job extends SheetJob<ListColumn> {
  source: ListSource;
  sourceName: string;
  listDate: string;
  statuses: ListStatus[];
  checked: CheckedListRow[];
  /** Register names by ID, for the IDs in the file (who matched). */
  register: Map<string, string>;
  listId: number | null;
}

interface ListDbRow {
  id: number;
  source: ListSource;
  source_name: string;
  list_date: string;
  statuses: string;
  file_name: string;
  row_count: number;
  imported_at: string;
  imported_by: string;
  applied: number;
}

export function createLists(db: Db, clock: Clock, actor: () => string) {
  const prepared = statements(db);
  const statusReader = createStatusReader(db);

  function registerNames(ids: string[]): Map<string, string> {
    const rows = prepared('SELECT name, id_number FROM person WHERE id_number IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { name: string; id_number: string }[];
    return new Map(rows.map((r) => [r.id_number, r.name]));
  }

  const jobs = createSheetJobs<ListColumn, Job>({
    isHeader: isListHeader,
    mapHeaders: mapListHeaders,
    required: REQUIRED_LIST_COLUMNS,
    maxRows: MAX_LIST_ROWS,
    rememberedMapping: (hash) => (prepared('SELECT columns FROM department_column_map WHERE header_hash = ?').get(hash) as { columns: string } | undefined)?.columns,
    rememberMapping: (hash, columns) =>
      prepared(
        `INSERT INTO department_column_map (header_hash, columns, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (header_hash) DO UPDATE SET columns = excluded.columns, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(hash, columns, clock.now(), actor()),
    reset: (job) => {
      job.checked = [];
      job.register = new Map();
    },
    check: (job, table) => {
      const data = table.dataRows;
      const idIndex = job.columns.indexOf('idNumber');
      const texts = data.map((r) => ({
        rowNumber: r.rowNumber,
        cells: r.cells.map((cell, i) => (i === idIndex ? normaliseIdText(plainText(cell)) : plainText(cell))),
      }));
      job.checked = checkListRows(texts, job.columns, job.statuses, clock.today());
      // Excel keeps 15 significant digits: an ID typed into a number cell has lost its last ones.
      data.forEach((r, i) => {
        if (typeof r.cells[idIndex] === 'number' && String(r.cells[idIndex]).length > 15) {
          const row = job.checked[i]!;
          row.issues.unshift({ code: 'IMPORT_ID_AS_NUMBER', field: 'idNumber' });
          row.valid = false;
        }
      });
      job.register = registerNames(job.checked.filter((r) => r.valid).map((r) => r.idNumber));
    },
  });

  function status(job: Job, filter: 'all' | 'valid' | 'invalid' = 'all', offset = 0, limit = 100): ListImportStatus {
    const rows = job.checked.filter((r) => filter === 'all' || (filter === 'invalid') === !r.valid);
    const valid = job.checked.filter((r) => r.valid);
    const matched = valid.filter((r) => job.register.has(r.idNumber)).length;
    return {
      ...jobs.status(job, limit > 0),
      source: job.source,
      sourceName: job.sourceName,
      listDate: job.listDate,
      statuses: job.statuses,
      total: job.checked.length,
      valid: valid.length,
      invalid: job.checked.length - valid.length,
      matched,
      unknown: valid.length - matched,
      filtered: rows.length,
      rows: rows.slice(offset, offset + limit).map((r) => ({
        rowNumber: r.rowNumber,
        name: r.name,
        idNumber: r.idNumber,
        statuses: r.statuses,
        status: !r.valid ? 'invalid' : job.register.has(r.idNumber) ? 'matched' : 'unknown',
        registerName: r.valid ? (job.register.get(r.idNumber) ?? '') : '',
        issues: r.issues,
      })),
      listId: job.listId,
    };
  }

  function start(input: { source: ListSource; sourceName: string; listDate: string; statuses: ListStatus[]; fileName: string; contentBase64: string }): ListImportStatus {
    if (input.listDate > clock.today()) fail('COMPARE_LIST_DATE_FUTURE', 'listDate', { today: clock.today() });
    const job = jobs.start(input.fileName, input.contentBase64, (base) => ({
      ...base,
      source: input.source,
      sourceName: input.sourceName,
      listDate: input.listDate,
      statuses: LIST_STATUSES.filter((s) => input.statuses.includes(s)),
      checked: [],
      register: new Map(),
      listId: null,
    }));
    return status(job, 'all', 0, 0);
  }

  function adjust(input: { jobId: string; sheet: number; columns: (ListColumn | null)[] | null }): ListImportStatus {
    return status(jobs.adjust(input), 'all', 0, 0);
  }

  /**
   * Saves the list: every row valid or none at all. A list saved without a refused row would make
   * that person look "only in the register" and propose taking their status away, so a list with a
   * refused row is fixed and imported again.
   */
  const save = db.transaction((job: Job, expectedValid: number): number => {
    const valid = job.checked.filter((r) => r.valid);
    if (valid.length !== expectedValid) fail('IMPORT_CHANGED', undefined, { valid: valid.length, expected: expectedValid });
    if (valid.length !== job.checked.length) fail('COMPARE_LIST_HAS_INVALID', undefined, { invalid: job.checked.length - valid.length });
    const result = prepared(
      `INSERT INTO department_list (source, source_name, list_date, statuses, file_name, row_count, imported_at, imported_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(job.source, job.sourceName, job.listDate, JSON.stringify(job.statuses), job.fileName, valid.length, clock.now(), actor());
    const listId = Number(result.lastInsertRowid);
    const insert = prepared('INSERT INTO department_list_row (list_id, id_number, row_number, name, statuses) VALUES (?, ?, ?, ?, ?)');
    for (const r of valid) insert.run(listId, r.idNumber, r.rowNumber, r.name, JSON.stringify(r.statuses));
    return listId;
  });

  function commit(jobId: string, expectedValid: number): ListImportStatus {
    const job = jobs.committable(jobId);
    job.listId = save(job, expectedValid);
    job.state = 'done';
    return status(job, 'all', 0, 0);
  }

  // ---- saved lists ----

  const LIST_SQL = `SELECT l.*, (SELECT count(*) FROM person_status_fact f WHERE f.list_id = l.id) AS applied FROM department_list l`;

  const toSummary = (r: ListDbRow): ListSummary => ({
    id: r.id,
    source: r.source,
    sourceName: r.source_name,
    listDate: r.list_date,
    statuses: JSON.parse(r.statuses) as ListStatus[],
    fileName: r.file_name,
    rowCount: r.row_count,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    applied: r.applied,
  });

  function list(): ListSummary[] {
    return (prepared(`${LIST_SQL} ORDER BY l.list_date DESC, l.id DESC`).all() as ListDbRow[]).map(toSummary);
  }

  function loadList(id: number): ListSummary {
    const row = prepared(`${LIST_SQL} WHERE l.id = ?`).get(id) as ListDbRow | undefined;
    if (!row) fail('COMPARE_LIST_NOT_FOUND', undefined, { id });
    return toSummary(row);
  }

  function rowsOf(listId: number): ListRow[] {
    return (prepared('SELECT row_number, id_number, name, statuses FROM department_list_row WHERE list_id = ? ORDER BY row_number').all(listId) as {
      row_number: number;
      id_number: string;
      name: string;
      statuses: string;
    }[]).map((r) => ({ rowNumber: r.row_number, idNumber: r.id_number, name: r.name, statuses: JSON.parse(r.statuses) as ListStatus[] }));
  }

  /**
   * The register as the comparison needs it: everyone on the list and everyone holding a status it
   * certifies (read narrowly first: the record's or a fact's status, then decided exactly below).
   */
  function registerFor(listId: number, rows: readonly ListRow[], covered: readonly ListStatus[]): RegisterPerson[] {
    const held = statusReader.held(clock.today());
    const onList = new Set(rows.map((r) => r.idNumber));
    const supportKinds = covered.flatMap((s) => (s === 'monitor' ? ['monitor_unstable', 'monitor_marginal', 'monitor_sudden'] : [s]));
    const people = prepared(
      `SELECT p.id, p.name, p.id_number, p.archived, d.reason, d.on_date FROM person p LEFT JOIN person_departure d ON d.person_id = p.id
       WHERE p.id_number IN (SELECT id_number FROM department_list_row WHERE list_id = ?)
          OR p.id IN (SELECT person_id FROM person_support WHERE status IN (SELECT value FROM json_each(?)))
          OR p.id IN (SELECT person_id FROM person_status_fact WHERE status IN (SELECT value FROM json_each(?)))`,
    ).all(listId, JSON.stringify(supportKinds), JSON.stringify(covered)) as {
      id: number;
      name: string;
      id_number: string;
      archived: number;
      reason: 'died' | 'moved' | null;
      on_date: string | null;
    }[];
    const result: RegisterPerson[] = [];
    for (const p of people) {
      const statuses = new Set([...(held.get(p.id) ?? [])].filter((s): s is ListStatus => (LIST_STATUSES as readonly string[]).includes(s)));
      if (!onList.has(p.id_number) && !covered.some((s) => statuses.has(s))) continue;
      result.push({
        personId: p.id,
        idNumber: p.id_number,
        name: p.name,
        statuses,
        archived: p.archived === 1,
        departed: p.reason && p.on_date ? { reason: p.reason, on: p.on_date } : null,
      });
    }
    return result;
  }

  function compare(id: number): ListComparison {
    const summary = loadList(id);
    const rows = rowsOf(id);
    const entries: ComparisonRow[] = compareList(rows, registerFor(id, rows, summary.statuses), summary.statuses, summary.listDate);
    const counts: Record<ComparisonKind, number> = { same: 0, different: 0, onlyTheirs: 0, onlyRegister: 0, departed: 0 };
    for (const e of entries) counts[e.kind] += 1;
    const previous = prepared(
      `SELECT id, list_date FROM department_list WHERE source = ? AND (list_date < ? OR (list_date = ? AND id < ?))
       ORDER BY list_date DESC, id DESC LIMIT 1`,
    ).get(summary.source, summary.listDate, summary.listDate, id) as { id: number; list_date: string } | undefined;
    return {
      list: summary,
      counts,
      rows: entries,
      previous: previous ? { id: previous.id, listDate: previous.list_date, changes: listChanges(rowsOf(previous.id), rows) } : null,
    };
  }

  /**
   * Applies the chosen changes in one transaction. Each is recorded as a status fact effective from
   * the list's date and naming the list; a status the person record keeps (低保, 特困) changes on the
   * record too, logged in its history with the list as reason. The record's support statuses are
   * written here rather than through the people form's save, so that an unrelated field the
   * register's rules now refuse cannot hold up a list's confirmed change. A change the register
   * already shows (made since the comparison) is passed over, not applied twice.
   */
  const apply = db.transaction((input: { listId: number; changes: { personId: number; status: ListStatus; held: boolean }[] }): { applied: number; people: number } => {
    const summary = loadList(input.listId);
    const today = clock.today();
    const now = clock.now();
    const byPerson = new Map<number, StatusChange[]>();
    const listed = new Map(rowsOf(summary.id).map((r) => [r.idNumber, r.statuses]));
    const idOf = prepared('SELECT id_number FROM person WHERE id = ?');
    for (const c of input.changes) {
      if (!summary.statuses.includes(c.status)) fail('COMPARE_STATUS_NOT_CERTIFIED', 'changes', { status: c.status });
      // The list is the change's reason, so it must say so: on it with the status, or not.
      const idNumber = (idOf.get(c.personId) as { id_number: string } | undefined)?.id_number;
      if (idNumber === undefined) fail('PERSON_NOT_FOUND', undefined, { id: c.personId });
      if ((listed.get(idNumber)?.includes(c.status) ?? false) !== c.held) fail('COMPARE_LIST_DOES_NOT_SAY', 'changes', { status: c.status });
      const own = byPerson.get(c.personId) ?? [];
      if (own.some((o) => o.status === c.status)) fail('COMPARE_CHANGE_TWICE', 'changes', { status: c.status });
      own.push({ status: c.status, held: c.held });
      byPerson.set(c.personId, own);
    }
    const insertFact = prepared(
      `INSERT INTO person_status_fact (person_id, status, held, effective_from, list_id, note, recorded_at, recorded_by)
       VALUES (?, ?, ?, ?, ?, '', ?, ?)`,
    );
    let applied = 0;
    let people = 0;
    for (const [personId, changes] of byPerson) {
      const held = statusReader.held(today, personId).get(personId) ?? new Set<string>();
      const due = changes.filter((c) => held.has(c.status) !== c.held);
      if (due.length === 0) continue;
      people += 1;
      for (const c of due) insertFact.run(personId, c.status, c.held ? 1 : 0, summary.listDate, summary.id, now, actor());
      applied += due.length;
      const supportDue = due.filter((c) => SUPPORT_BACKED.has(c.status));
      if (supportDue.length) {
        const before = ((prepared('SELECT group_concat(status) AS s FROM person_support WHERE person_id = ?').get(personId) as { s: string | null }).s ?? '').split(',').filter(Boolean).sort();
        const after = new Set(before);
        for (const c of supportDue) {
          if (c.held) after.add(c.status);
          else after.delete(c.status);
        }
        prepared('DELETE FROM person_support WHERE person_id = ?').run(personId);
        const insert = prepared('INSERT INTO person_support (person_id, status) VALUES (?, ?)');
        const sortedAfter = [...after].sort();
        for (const s of sortedAfter) insert.run(personId, s);
        prepared('UPDATE person SET updated_at = ?, version = version + 1 WHERE id = ?').run(now, personId);
        prepared("INSERT INTO person_change (person_id, at, actor, action, changes) VALUES (?, ?, ?, 'update', ?)").run(
          personId,
          now,
          actor(),
          JSON.stringify([{ field: 'supportStatuses', before, after: sortedAfter, listId: summary.id, listDate: summary.listDate }]),
        );
      }
    }
    if (applied === 0) fail('COMPARE_NOTHING_TO_APPLY');
    return { applied, people };
  });

  return {
    start,
    status: (jobId: string, filter: 'all' | 'valid' | 'invalid', offset: number, limit: number) => status(jobs.find(jobId), filter, offset, limit),
    adjust,
    commit,
    list,
    compare,
    apply,
  };
}

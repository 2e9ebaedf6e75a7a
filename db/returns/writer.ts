// Writes a return package file: rows copied from their sources (already in the checksum's
// canonical order) into a fresh SQLite file under a temporary name, attached to the snapshot
// connection (INSERT … SELECT), then read back in that order and hashed, then the metadata with the
// checksum, then the rename. Cancelled or failed, it leaves no file behind.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../open';
import type { JobContext } from '../jobs';
import { partialPath } from '../files';
import { CanonicalHash, FORMAT_VERSION, PACKAGE_APPLICATION_ID, createPackageSchema, isPlainIdKey, personHash, type Meta, type TableDef } from './format';

export interface TableSource {
  table: TableDef;
  /**
   * The rows as one query on the snapshot connection, already in canonical order (sorted by every
   * column, in declared order): the writer inserts them with INSERT … SELECT, so they go from the
   * data file to the package inside SQLite, never row by row through JavaScript.
   */
  select?: { sql: string; params: Record<string, string> };
  /** The rows in canonical order (every source has them; the writer uses `select` when there is one). */
  rows(): Iterable<unknown[]>;
}

export interface WrittenPackage {
  file: string;
  checksum: string;
  rowCounts: Record<string, number>;
  rows: number;
  bytes: number;
}

const BATCH = 2000;

/** The folder beside the data file where exports go. */
export function exportDir(dataFile: string): string {
  return path.join(path.dirname(dataFile), 'exports');
}

/** What stands for a person in a package: the ID, or (de-identified) its keyed hash; hashes stay as they are. */
export function personKeyOf(officeKey: string | null): (key: string) => string {
  return (key) => (officeKey !== null && isPlainIdKey(key) ? personHash(officeKey, key) : key);
}

/**
 * Gives a source connection the SQL functions a package's rows are made with:
 * returns_person_key(id) and returns_name(name), which de-identify when an office key is given.
 */
export function registerTransforms(db: Db, officeKey: string | null): void {
  const key = personKeyOf(officeKey);
  db.function('returns_person_key', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? key(value) : value));
  db.function('returns_name', { deterministic: true }, (value: unknown) => (officeKey === null ? value : ''));
}

/**
 * A source from one query whose columns are the table's, in order: person keys and names pass
 * through the transforms, and the rows come sorted by every column (the checksum's order).
 */
export function querySource(db: Db, table: TableDef, inner: string, params: Record<string, string>): TableSource {
  const names = table.columns.map((_c, i) => `c${i + 1}`);
  const outer = table.columns.map((c, i) =>
    c.role === 'person_key' ? `returns_person_key(${names[i]})` : c.role === 'name' ? `returns_name(${names[i]})` : names[i],
  );
  const sql = `WITH src (${names.join(', ')}) AS (${inner}) SELECT ${outer.join(', ')} FROM src ORDER BY ${names.map((_n, i) => i + 1).join(', ')}`;
  return { table, select: { sql, params }, rows: () => db.prepare(sql).raw(true).iterate(params) as IterableIterator<unknown[]> };
}

/**
 * Reads a written table in the order written, each row as its checksum line made by SQLite:
 * json_array writes integers, text and NULL as ECMAScript's JSON.stringify does (same escapes,
 * non-ASCII as itself), so the row need not cross into JavaScript as values. A row holding
 * anything else (a real number, a BLOB, an integer past 2^53, which JavaScript would write
 * differently) gets a NULL line and is read as values (`row`) and written by JSON.stringify.
 */
function lineReader(snap: Db, table: TableDef) {
  const from = `${PKG}.${table.name}`;
  const names = table.columns.map((c) => c.name);
  const plain = table.columns
    .map((c) => (c.type === 'INTEGER' ? `(typeof(${c.name}) IN ('integer', 'null') AND abs(coalesce(${c.name}, 0)) <= 9007199254740991)` : `typeof(${c.name}) IN ('text', 'null')`))
    .join(' AND ');
  return {
    lines: snap.prepare(`SELECT CASE WHEN ${plain} THEN json_array(${names.join(', ')}) END, rowid FROM ${from} WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw(true),
    row: snap.prepare(`SELECT ${names.join(', ')} FROM ${from} WHERE rowid = ?`).raw(true),
  };
}

/** The schema the package file is attached as, on the snapshot connection that writes it. */
const PKG = 'pkg';

/**
 * Writes a package from the snapshot connection `snap` (it must be able to write the files it
 * attaches: opened read-write, though it only reads the data file). The package is attached as a
 * new plain file (`KEY ''`: never encrypted, even when the data file is) under its temporary
 * name, and the rows go in by INSERT … SELECT in canonical order, inside SQLite; then each table
 * is read back in the order it was written (rowid: the canonical order) and hashed — the checksum
 * covers the bytes the file holds. `begin` is called once the package is attached, to open the
 * snapshot's one read transaction (ATTACH cannot run inside a transaction) and make the sources
 * (every table from the same moment); the metadata gets row counts and the checksum. Cancelled or
 * failed, it leaves no file behind.
 */
export async function writePackage(
  job: JobContext,
  snap: Db,
  target: string,
  begin: () => { meta: Meta; sources: readonly TableSource[] },
): Promise<WrittenPackage> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = partialPath(target);
  // An empty file is an empty database: made here, as a connection opened with fileMustExist attaches no new file.
  fs.writeFileSync(partial, '');
  job.onAbort(() => fs.rmSync(partial, { force: true }));
  snap.prepare(`ATTACH DATABASE ? AS ${PKG} KEY ''`).run(partial);
  let attached = true;
  try {
    // A new file nobody else reads until the rename: no journal, no syncs until the end.
    snap.pragma(`${PKG}.journal_mode = OFF`);
    snap.pragma(`${PKG}.synchronous = OFF`);
    snap.pragma(`${PKG}.application_id = ${PACKAGE_APPLICATION_ID}`);
    snap.pragma(`${PKG}.user_version = ${FORMAT_VERSION}`);
    snap.exec('BEGIN');
    createPackageSchema(snap, FORMAT_VERSION, `${PKG}.`);
    const { meta, sources } = begin();

    // 1. The rows into the file, table by table (letting the service answer, or stop, between tables).
    const rowCounts: Record<string, number> = {};
    let total = 0;
    // No progress is reported until the rows are in and counted (the screen says the job is starting).
    for (const source of sources) {
      const { table } = source;
      let count = 0;
      if (source.select) {
        count = snap.prepare(`INSERT INTO ${PKG}.${table.name} ${source.select.sql}`).run(source.select.params).changes;
      } else {
        // Rows made in JavaScript (a few thousand at most): gathered first, as their reading may use this connection.
        const rows = [...source.rows()];
        const insert = snap.prepare(`INSERT INTO ${PKG}.${table.name} VALUES (${table.columns.map(() => '?').join(', ')})`);
        for (const row of rows) insert.run(row);
        count = rows.length;
      }
      rowCounts[table.name] = count;
      total += count;
      await job.pause();
    }

    // 2. Each table read back in the order written and hashed; every BATCH rows the service may answer, or the job stop.
    const hash = new CanonicalHash();
    let done = 0;
    let sincePause = 0;
    job.progress(0, total);
    for (const { table } of sources) {
      hash.table(table);
      const { lines, row: rowAt } = lineReader(snap, table);
      // In slices of BATCH rows by rowid: no statement stays open while a row is read apart, or across a pause.
      for (let last = 0; ; ) {
        const slice = lines.all(last, BATCH) as [string | null, number][];
        if (slice.length === 0) break;
        for (const [line, rowid] of slice) {
          // SQLite wrote the line; a row it could write differently from JSON.stringify is written here.
          if (line === null) hash.row(rowAt.get(rowid) as unknown[]);
          else hash.rowJson(line);
        }
        last = slice[slice.length - 1]![1];
        done += slice.length;
        sincePause += slice.length;
        if (sincePause >= BATCH) {
          sincePause = 0;
          job.progress(done, total);
          await job.pause();
        }
      }
    }

    // 3. The metadata with the checksum, then the file made whole and given its real name.
    const fullMeta: Meta = { ...meta, row_counts: JSON.stringify(rowCounts) };
    const checksum = hash.finish(fullMeta);
    const putMeta = snap.prepare(`INSERT INTO ${PKG}.package_meta (key, value) VALUES (?, ?)`);
    for (const [key, value] of Object.entries({ ...fullMeta, checksum })) putMeta.run(key, value);
    snap.exec('COMMIT');
    snap.exec(`DETACH DATABASE ${PKG}`);
    attached = false;
    const fd = fs.openSync(partial, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, target);
    job.progress(total, total);
    return { file: target, checksum, rowCounts, rows: total, bytes: fs.statSync(target).size };
  } finally {
    // Failed part way (a cancelled job has its connection closed and its file removed by the job's cleanup).
    if (snap.open) {
      if (snap.inTransaction) snap.exec('ROLLBACK');
      if (attached) snap.exec(`DETACH DATABASE ${PKG}`);
    }
    if (attached) fs.rmSync(partial, { force: true });
  }
}

// Writes a return package file: rows streamed from their sources (already in the checksum's
// canonical order) into a fresh SQLite file under a temporary name, hashed as they go in, then
// the metadata with the checksum, then the rename. Cancelled or failed, it leaves no file behind.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../open';
import type { JobContext } from '../jobs';
import { partialPath } from '../files';
import { CanonicalHash, FORMAT_VERSION, PACKAGE_APPLICATION_ID, createPackageSchema, isPlainIdKey, personHash, type Meta, type TableDef } from './format';

export interface TableSource {
  table: TableDef;
  /** How many rows to expect (for progress). */
  count(): number;
  /** The rows in canonical order: sorted by every column, in declared order. */
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
  const statement = db.prepare(sql).raw(true);
  const counter = db.prepare(`SELECT count(*) FROM (${inner})`).pluck();
  return { table, count: () => counter.get(params) as number, rows: () => statement.iterate(params) as IterableIterator<unknown[]> };
}

/** Streams the sources into `target` (a package of the current format); `meta` gets row counts and the checksum. */
export async function writePackage(job: JobContext, target: string, meta: Meta, sources: readonly TableSource[]): Promise<WrittenPackage> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = partialPath(target);
  fs.rmSync(partial, { force: true });
  const pkg = new Database(partial);
  let open = true;
  const close = () => {
    if (open) pkg.close();
    open = false;
  };
  job.onAbort(() => {
    close();
    fs.rmSync(partial, { force: true });
  });
  // A new file nobody else reads until the rename: no journal, no syncs until the end.
  pkg.pragma('journal_mode = OFF');
  pkg.pragma('synchronous = OFF');
  pkg.pragma(`application_id = ${PACKAGE_APPLICATION_ID}`);
  pkg.pragma(`user_version = ${FORMAT_VERSION}`);
  createPackageSchema(pkg);

  const total = sources.reduce((sum, s) => sum + s.count(), 0);
  let done = 0;
  let sincePause = 0;
  job.progress(0, total);
  const hash = new CanonicalHash();
  const rowCounts: Record<string, number> = {};
  for (const source of sources) {
    const { table } = source;
    hash.table(table);
    const insert = pkg.prepare(`INSERT INTO ${table.name} VALUES (${table.columns.map(() => '?').join(', ')})`);
    const flush = pkg.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(row);
    });
    let batch: unknown[][] = [];
    let count = 0;
    /** Writes what is pending; every BATCH rows (over all tables) lets the service answer, or stops if cancelled. */
    const write = async () => {
      flush(batch);
      done += batch.length;
      sincePause += batch.length;
      batch = [];
      if (sincePause >= BATCH) {
        sincePause = 0;
        job.progress(Math.min(done, total), total);
        await job.pause();
      }
    };
    for (const row of source.rows()) {
      hash.row(row);
      batch.push(row);
      count += 1;
      if (batch.length >= BATCH) await write();
    }
    await write();
    rowCounts[table.name] = count;
  }
  const rows = Object.values(rowCounts).reduce((a, b) => a + b, 0);
  const fullMeta: Meta = { ...meta, row_counts: JSON.stringify(rowCounts) };
  const checksum = hash.finish(fullMeta);
  const putMeta = pkg.prepare('INSERT INTO package_meta (key, value) VALUES (?, ?)');
  pkg.transaction(() => {
    for (const [key, value] of Object.entries({ ...fullMeta, checksum })) putMeta.run(key, value);
  })();
  close();
  // Only a complete file gets the real name.
  const fd = fs.openSync(partial, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(partial, target);
  job.progress(total, total);
  return { file: target, checksum, rowCounts, rows, bytes: fs.statSync(target).size };
}

// Writes a return package file: rows streamed from their sources into a fresh SQLite file under
// a temporary name, the metadata, the checksum, then the rename. Cancelled or failed, it leaves
// no file behind.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { JobContext } from '../jobs';
import {
  FORMAT_VERSION,
  PACKAGE_APPLICATION_ID,
  createPackageSchema,
  isPlainIdKey,
  personHash,
  walkCanonical,
  type Meta,
  type TableDef,
} from './format';

export interface TableSource {
  table: TableDef;
  /** How many rows to expect (for progress). */
  count(): number;
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

/** ExportDir/<name>: the folder beside the data file where exports go. */
export function exportDir(dataFile: string): string {
  return path.join(path.dirname(dataFile), 'exports');
}

/** Drops names and stands the keyed hash in for resident IDs, for a de-identified package. */
export function deidentifier(table: TableDef, officeKey: string): (row: unknown[]) => unknown[] {
  const keys = table.columns.flatMap((c, i) => (c.role === 'person_key' ? [i] : []));
  const names = table.columns.flatMap((c, i) => (c.role === 'name' ? [i] : []));
  if (keys.length === 0 && names.length === 0) return (row) => row;
  return (row) => {
    const out = [...row];
    for (const i of keys) if (typeof out[i] === 'string' && isPlainIdKey(out[i])) out[i] = personHash(officeKey, out[i]);
    for (const i of names) out[i] = '';
    return out;
  };
}

/**
 * Streams the sources into `target` (a package of the current format). The metadata gets the row
 * counts and the checksum; `meta` holds everything else.
 */
export async function writePackage(
  job: JobContext,
  target: string,
  meta: Meta,
  sources: readonly TableSource[],
  options: { officeKey: string | null },
): Promise<WrittenPackage> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
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

  const expected = sources.map((s) => s.count());
  const total = expected.reduce((a, b) => a + b, 0) * 2; // written once, then read once for the checksum
  let done = 0;
  job.progress(0, total);
  const rowCounts: Record<string, number> = {};
  let sincePause = 0;
  for (const source of sources) {
    const { table } = source;
    const insert = pkg.prepare(`INSERT INTO ${table.name} VALUES (${table.columns.map(() => '?').join(', ')})`);
    const transform = options.officeKey === null ? (row: unknown[]) => row : deidentifier(table, options.officeKey);
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
      batch.push(transform(row));
      count += 1;
      if (batch.length >= BATCH) await write();
    }
    await write();
    rowCounts[table.name] = count;
  }
  const rows = Object.values(rowCounts).reduce((a, b) => a + b, 0);
  const fullMeta: Meta = { ...meta, row_counts: JSON.stringify(rowCounts) };
  const putMeta = pkg.prepare('INSERT INTO package_meta (key, value) VALUES (?, ?)');
  pkg.transaction(() => {
    for (const [key, value] of Object.entries(fullMeta)) putMeta.run(key, value);
  })();
  let read = 0;
  const checksum = await walkCanonical(pkg, FORMAT_VERSION, fullMeta, {
    every: BATCH,
    pause: async () => {
      read += BATCH;
      job.progress(Math.min(rows + read, total), total);
      await job.pause();
    },
  });
  putMeta.run('checksum', checksum);
  close();
  // Only a complete file gets the real name.
  const fd = fs.openSync(partial, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(partial, target);
  job.progress(total, total);
  return { file: target, checksum, rowCounts, rows, bytes: fs.statSync(target).size };
}

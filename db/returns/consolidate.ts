// Consolidation mode (汇总): importing many return packages at once. Each file is checked (whole,
// a known format, identified, checksum) and decided (new, replacing an older export of the same
// centre and period, or refused with the reason); the others go on. Rows are copied in chunks
// under an 'importing' package nobody reads, then switched over in one short transaction.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AreaContext } from '../context';
import { DomainError, fail, type AppError } from '../errors';
import { JobCancelled, type JobContext, type JobView } from '../jobs';
import type { ImportFileResult, ImportHistory, ImportResult } from './contract';
import { TABLES_LATEST, keyFingerprint, packageTable, tablesOf, walkCanonical } from './format';
import { personKeyOf } from './writer';
import { readOfficeKey } from './centre';
import { openPackage, type OpenedPackage } from './inspect';
import { figureSteps, spanSteps } from './figures';
import { INDICATORS_META_KEY, parseIndicatorsMeta, storeIndicatorFigures } from './indicators';
import { decideImport } from './rules';

/** Tables holding a package's rows, with a rowid for deleting them a chunk at a time. */
const retTable = (name: string) => (name === 'package_source' ? 'ret_source' : `ret_${name}`);
const ROW_TABLES = [...TABLES_LATEST.map((t) => retTable(t.name)), 'ret_span'];
const CHUNK = 2000;
/** SQLite errors that mean the package file is damaged (or its rows break the format), not a fault here. */
const DAMAGE = /^SQLITE_(CORRUPT|NOTADB|IOERR|MISMATCH|FORMAT|RANGE|CONSTRAINT_NOTNULL|CONSTRAINT_CHECK|TOOBIG)/;

/** The files a pick means: files as given, and the *.sqlite files directly inside each folder. */
export function expandPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const resolved = path.resolve(given);
    let isDir = false;
    try {
      isDir = fs.statSync(resolved).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      files.push(resolved);
      continue;
    }
    const inside = fs
      .readdirSync(resolved, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.sqlite'))
      .map((d) => path.join(resolved, d.name))
      .sort();
    files.push(...inside);
  }
  return [...new Set(files)];
}

/** A package's checksum recomputed from its file, and its tables' row counts. */
export interface PackageReading {
  digest: string;
  counts: Record<string, number>;
}

/**
 * Reads a package in canonical order and hashes it (the checksum check), pausing every CHUNK
 * rows; `progress` learns the rows read.
 */
export async function readPackage(opened: OpenedPackage, job: JobContext, progress: (rows: number) => void): Promise<PackageReading> {
  const counts: Record<string, number> = Object.fromEntries(tablesOf(Math.max(2, opened.version)).map((t) => [t.name, 0]));
  let read = 0;
  const digest = await walkCanonical(opened.db, opened.version, opened.meta, {
    every: CHUNK,
    pause: async () => {
      read += CHUNK;
      progress(read);
      await job.pause();
    },
    onTable: (table, rows) => (counts[table.name] = rows),
  });
  return { digest, counts };
}

/**
 * Reads a package file elsewhere (the service thread passes one that reads in the package thread,
 * host/package-worker.ts: its sorts and hashing then never hold the service).
 */
export type PackageReader = (file: string, job: JobContext, progress: (rows: number) => void) => Promise<PackageReading>;

/** `reader`: where packages are read for their checksum; without one, here, pausing every few thousand rows. */
export function createConsolidation(ctx: AreaContext, reader?: PackageReader) {
  const { db, clock } = ctx;
  let running = false;
  /** The match key of the import under way (the keyed hash of plain IDs when the office has a key). */
  let matchKey = personKeyOf(null);
  db.function('returns_match_key', { deterministic: true }, (key: unknown) => (typeof key === 'string' ? matchKey(key) : key));

  const heldStatement = db.prepare(
    "SELECT id, checksum, exported_at, row_counts FROM return_package WHERE centre_code = ? AND period = ? AND status = 'current'",
  );
  const overlapStatement = db.prepare(
    `SELECT s.centre_code, s.centre_name, p.centre_name AS via FROM ret_source s JOIN return_package p ON p.id = s.package_id
     WHERE p.period = ? AND p.status = 'current' AND p.id <> ? AND s.centre_code = ? LIMIT 1`,
  );
  const insertPackage = db.prepare(
    `INSERT INTO return_package (status, kind, centre_code, centre_name, centre_type, region_code, period, period_from, period_to,
       format_version, schema_version, app_version, exported_at, deidentified, key_fingerprint, claims, checksum, file_name, row_counts,
       created_at, created_by, updated_at, updated_by)
     VALUES ('importing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)`,
  );
  const insertSource = db.prepare(
    `INSERT INTO ret_source (package_id, centre_code, centre_name, centre_type, region_code, period, exported_at, deidentified, claims)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  /** Removes a package's rows, a chunk at a time (the service answers in between). */
  async function dropRows(packageId: number, job: JobContext) {
    db.prepare('DELETE FROM ret_figure WHERE package_id = ?').run(packageId);
    for (const table of ROW_TABLES) {
      const statement = db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE package_id = ? LIMIT ${CHUNK})`);
      while (statement.run(packageId).changes === CHUNK) await job.pause();
    }
  }

  /** The same at once (clean-up of a cancelled import cannot wait). */
  const dropNow = db.transaction((packageId: number, withPackage: boolean) => {
    db.prepare('DELETE FROM ret_figure WHERE package_id = ?').run(packageId);
    for (const table of ROW_TABLES) db.prepare(`DELETE FROM ${table} WHERE package_id = ?`).run(packageId);
    if (withPackage) db.prepare("DELETE FROM return_package WHERE id = ? AND status = 'importing'").run(packageId);
  });

  /** What an interrupted import left: half-copied packages, and rows of replaced ones. */
  async function cleanLeftovers(job: JobContext) {
    const importing = db.prepare("SELECT id FROM return_package WHERE status = 'importing'").pluck().all() as number[];
    for (const id of importing) {
      await dropRows(id, job);
      db.prepare('DELETE FROM return_package WHERE id = ?').run(id);
    }
    const replaced = db.prepare("SELECT id FROM return_package WHERE status = 'replaced'").pluck().all() as number[];
    for (const id of replaced) {
      if (ROW_TABLES.some((t) => db.prepare(`SELECT 1 FROM ${t} WHERE package_id = ? LIMIT 1`).get(id))) await dropRows(id, job);
    }
  }

  function rejected(file: string, error: AppError, opened: OpenedPackage | null): ImportFileResult {
    return {
      fileName: path.basename(file),
      file,
      outcome: 'rejected',
      error,
      centre: opened ? { code: opened.centre.code, name: opened.centre.name } : null,
      period: opened?.period.code ?? null,
      kind: opened?.kind ?? null,
      packageId: null,
      counts: null,
      before: null,
    };
  }

  /**
   * Copies a verified package's rows into the office's tables, ATTACHed (a plain file, whatever the
   * office file's encryption: KEY '') and a rowid range at a time, pausing in between.
   */
  async function copyRows(file: string, opened: OpenedPackage, packageId: number, job: JobContext, progress: (rows: number) => void) {
    const copied: Record<string, number> = {};
    let total = 0;
    db.prepare("ATTACH DATABASE ? AS pkg KEY ''").run(file);
    try {
      for (const table of tablesOf(opened.version)) {
        const target = packageTable(table.name);
        const into = [...target.columns.map((c) => c.name), ...(table.name === 'person' ? ['match_key'] : [])];
        // Format 1 has the same columns in the same places under older names: copied by position.
        const from = [...table.columns.map((c) => c.name), ...(table.name === 'person' ? [`returns_match_key(${table.columns[1]!.name})`] : [])];
        const insert = db.prepare(
          `INSERT INTO ${retTable(table.name)} (package_id, ${into.join(', ')}) SELECT ?, ${from.join(', ')} FROM pkg.${table.name} WHERE rowid BETWEEN ? AND ?`,
        );
        const { low, high } = db.prepare(`SELECT min(rowid) AS low, max(rowid) AS high FROM pkg.${table.name}`).get() as { low: number | null; high: number | null };
        copied[table.name] = 0;
        if (low === null || high === null) continue;
        for (let start = low; start <= high; start += CHUNK) {
          const n = insert.run(packageId, start, start + CHUNK - 1).changes;
          copied[table.name]! += n;
          total += n;
          progress(total);
          await job.pause();
        }
      }
    } finally {
      db.exec('DETACH DATABASE pkg');
    }
    return copied;
  }

  async function importOne(file: string, who: string, job: JobContext, progress: (rows: number) => void, abortable: { staged: number | null }) {
    let opened: OpenedPackage;
    try {
      opened = openPackage(file);
    } catch (error) {
      if (error instanceof DomainError) return rejected(file, error.error, null);
      return rejected(file, { code: 'RETURNS_CORRUPT' }, null);
    }
    const params = { centre: opened.centre.name, period: opened.period.code };
    try {
      // First the checksum, read in canonical order: a changed file is refused for that, whatever else.
      const { digest, counts } = reader ? await reader(file, job, progress) : await readPackage(opened, job, progress);
      const rowTotal = Object.values(counts).reduce((a, b) => a + b, 0);
      progress(rowTotal);
      if (digest !== opened.checksum) return rejected(file, { code: 'RETURNS_CHECKSUM_MISMATCH', params }, opened);
      // Indicator figures that are not whole numbers within their denominators, or name a centre the package does not carry.
      const indicators = parseIndicatorsMeta(opened.meta[INDICATORS_META_KEY], opened.sources.map((s) => s.code));
      if (indicators === 'invalid') return rejected(file, { code: 'RETURNS_CORRUPT', params }, opened);

      const officeKey = readOfficeKey(db, clock.today());
      if (opened.deidentified && officeKey !== null && opened.keyFingerprint !== keyFingerprint(officeKey)) {
        return rejected(file, { code: 'RETURNS_KEY_MISMATCH', params }, opened);
      }
      const held = heldStatement.get(opened.centre.code, opened.period.code) as
        | { id: number; checksum: string; exported_at: string; row_counts: string }
        | undefined;
      const decision = decideImport(held ? { checksum: held.checksum, exportedAt: held.exported_at } : null, {
        checksum: opened.checksum,
        exportedAt: opened.exportedAt,
      });
      if (decision.action === 'reject') return rejected(file, { code: decision.code, params: { ...params, exportedAt: held!.exported_at } }, opened);
      // A centre counts once per period, whichever package brings it.
      for (const source of opened.sources) {
        const clash = overlapStatement.get(opened.period.code, held?.id ?? -1, source.code) as { centre_name: string; via: string } | undefined;
        if (clash) return rejected(file, { code: 'RETURNS_SOURCE_OVERLAP', params: { ...params, ref: clash.centre_name, via: clash.via } }, opened);
      }

      const now = clock.now();
      const packageId = Number(
        insertPackage.run(
          opened.kind,
          opened.centre.code,
          opened.centre.name,
          opened.centre.type,
          opened.centre.regionCode,
          opened.period.code,
          opened.period.from,
          opened.period.to,
          opened.version,
          opened.schemaVersion,
          opened.meta.app_version ?? '',
          opened.exportedAt,
          opened.deidentified ? 1 : 0,
          opened.keyFingerprint,
          opened.claims,
          opened.checksum,
          path.basename(file),
          now,
          who,
          now,
          who,
        ).lastInsertRowid,
      );
      abortable.staged = packageId;
      matchKey = personKeyOf(officeKey);
      const copied = await copyRows(file, opened, packageId, job, (rows) => progress(rowTotal + rows));
      // The file changed between reading and copying (or lies about its rows): not to be trusted.
      if (opened.version >= 2 && tablesOf(opened.version).some((t) => copied[t.name] !== counts[t.name])) {
        abortable.staged = null;
        dropNow(packageId, true);
        return rejected(file, { code: 'RETURNS_CORRUPT', params }, opened);
      }
      if (opened.version === 1) {
        // Format 1 named its one centre in the metadata only.
        for (const s of opened.sources) {
          insertSource.run(packageId, s.code, s.name, s.type, s.regionCode, s.period, s.exportedAt, s.deidentified, s.claims);
        }
        counts.package_source = opened.sources.length;
      }
      const indicatorStep = () => (indicators ? storeIndicatorFigures(db, packageId, indicators) : undefined);
      for (const step of [...figureSteps(db, packageId, opened.period), indicatorStep, ...spanSteps(db, packageId, opened.period)]) {
        step();
        await job.pause();
      }
      db.transaction(() => {
        const at = clock.now();
        if (held) {
          db.prepare("UPDATE return_package SET status = 'replaced', replaced_by = ?, updated_at = ?, updated_by = ? WHERE id = ?").run(packageId, at, who, held.id);
        }
        db.prepare("UPDATE return_package SET status = 'current', row_counts = ?, updated_at = ?, updated_by = ? WHERE id = ?").run(
          JSON.stringify(counts),
          at,
          who,
          packageId,
        );
      })();
      abortable.staged = null;
      if (held) await dropRows(held.id, job);
      return {
        fileName: path.basename(file),
        file,
        outcome: held ? 'replaced' : 'imported',
        error: null,
        centre: { code: opened.centre.code, name: opened.centre.name },
        period: opened.period.code,
        kind: opened.kind,
        packageId,
        counts,
        before: held ? (JSON.parse(held.row_counts) as Record<string, number>) : null,
      } satisfies ImportFileResult;
    } catch (error) {
      if (error instanceof JobCancelled) throw error;
      if (abortable.staged !== null) {
        dropNow(abortable.staged, true);
        abortable.staged = null;
      }
      if (error instanceof DomainError) return rejected(file, error.error, opened);
      if (error instanceof Database.SqliteError && DAMAGE.test(error.code)) return rejected(file, { code: 'RETURNS_CORRUPT', params }, opened);
      throw error;
    } finally {
      opened.db.close();
    }
  }

  const recordFile = db.prepare(
    `INSERT INTO return_import_file (import_id, file_name, file_path, outcome, code, params, package_id, replaced_package_id, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  function start(paths: readonly string[]): JobView<ImportResult> {
    if (running) fail('RETURNS_IMPORT_RUNNING');
    const who = ctx.actor();
    running = true;
    const importId = Number(
      db.prepare("INSERT INTO return_import (started_at, started_by, state) VALUES (?, ?, 'running')").run(clock.now(), who).lastInsertRowid,
    );
    const finish = (state: 'done' | 'cancelled' | 'failed') =>
      db.prepare('UPDATE return_import SET state = ?, finished_at = ? WHERE id = ?').run(state, clock.now(), importId);
    return ctx.jobs.start('returns.import', async (job) => {
      const started = performance.now();
      const abortable: { staged: number | null } = { staged: null };
      job.onAbort(() => {
        if (abortable.staged !== null) dropNow(abortable.staged, true);
        running = false;
      });
      try {
        await cleanLeftovers(job);
        const files = expandPaths(paths);
        // Rows to copy in all, for the progress bar (a file that cannot be read counts as one).
        const sizes = files.map((file) => {
          try {
            const opened = openPackage(file);
            opened.db.close();
            return Math.max(1, opened.rowTotal * 2); // read once to verify, once to copy
          } catch {
            return 1;
          }
        });
        const total = sizes.reduce((a, b) => a + b, 0);
        let before = 0;
        job.progress(0, total);
        const results: ImportFileResult[] = [];
        for (const [i, file] of files.entries()) {
          const result = await importOne(file, who, job, (rows) => job.progress(Math.min(before + rows, total), total), abortable);
          results.push(result);
          const replacedId = result.outcome === 'replaced' ? (db.prepare('SELECT id FROM return_package WHERE replaced_by = ?').pluck().get(result.packageId) as number) : null;
          recordFile.run(
            importId,
            result.fileName,
            result.file,
            result.outcome,
            result.error?.code ?? null,
            JSON.stringify(result.error?.params ?? {}),
            result.packageId,
            replacedId,
            clock.now(),
          );
          before += sizes[i]!;
          job.progress(before, total);
          await job.pause();
        }
        finish('done');
        const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
        const summary = { imported: count('imported'), replaced: count('replaced'), rejected: count('rejected') };
        ctx.audit('import', `returns.import#${importId}`, { by: who, files: results.length, ...summary });
        return { importId, files: results, ...summary, ms: Math.round(performance.now() - started) };
      } catch (error) {
        finish(error instanceof JobCancelled ? 'cancelled' : 'failed');
        throw error;
      } finally {
        running = false;
      }
    });
  }

  function history(): ImportHistory {
    const last = db.prepare('SELECT id, started_at, started_by FROM return_import ORDER BY id DESC LIMIT 1').get() as
      | { id: number; started_at: string; started_by: string }
      | undefined;
    if (!last) return { importId: null, startedAt: '', startedBy: '', files: [] };
    const rows = db
      .prepare(
        `SELECT f.file_name, f.file_path, f.outcome, f.code, f.params, f.package_id, f.replaced_package_id, f.at,
           p.kind, p.centre_code, p.centre_name, p.period, p.row_counts, r.row_counts AS before_counts
         FROM return_import_file f LEFT JOIN return_package p ON p.id = f.package_id LEFT JOIN return_package r ON r.id = f.replaced_package_id
         WHERE f.import_id = ? ORDER BY f.id`,
      )
      .all(last.id) as {
      file_name: string;
      file_path: string;
      outcome: ImportFileResult['outcome'];
      code: string | null;
      params: string;
      package_id: number | null;
      at: string;
      kind: 'centre' | 'consolidation' | null;
      centre_code: string | null;
      centre_name: string | null;
      period: string | null;
      row_counts: string | null;
      before_counts: string | null;
    }[];
    return {
      importId: last.id,
      startedAt: last.started_at,
      startedBy: last.started_by,
      files: rows.map((r) => {
        const params = JSON.parse(r.params) as Record<string, string | number>;
        return {
          fileName: r.file_name,
          file: r.file_path,
          outcome: r.outcome,
          error: r.code === null ? null : { code: r.code, params },
          centre: r.centre_code ? { code: r.centre_code, name: r.centre_name ?? '' } : null,
          period: r.period ?? (typeof params.period === 'string' ? params.period : null),
          kind: r.kind,
          packageId: r.package_id,
          counts: r.row_counts ? (JSON.parse(r.row_counts) as Record<string, number>) : null,
          before: r.before_counts ? (JSON.parse(r.before_counts) as Record<string, number>) : null,
          at: r.at,
        };
      }),
    };
  }

  return { start, history };
}

export type Consolidation = ReturnType<typeof createConsolidation>;

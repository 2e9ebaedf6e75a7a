// Backups of the data file: a consistent copy taken while the app runs (VACUUM INTO, which reads
// one snapshot and keeps the file's encryption), daily automatic copies with rotation, and a
// preview of what a backup holds before it is restored.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupFile, BackupPreview } from './trust/contract';
import { applyKey } from './cipher';
import type { Db } from './open';
import { fail } from './errors';

const NAME = /^rehabdesk-(manual|auto|before-restore)-(\d{8})-(\d{6})(?:-(\d+))?\.sqlite$/;

export function backupDir(dataFile: string): string {
  return path.join(path.dirname(dataFile), 'backups');
}

function stamp(now: string): string {
  // now is ISO local time: 2026-11-22T08:05:03+08:00 → 20261122-080503
  return `${now.slice(0, 10).replaceAll('-', '')}-${now.slice(11, 19).replaceAll(':', '')}`;
}

function describe(dir: string, name: string): BackupFile | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, kind, day, time] = m;
  const file = path.join(dir, name);
  return {
    file,
    name,
    size: fs.statSync(file).size,
    kind: kind as BackupFile['kind'],
    createdAt: `${day!.slice(0, 4)}-${day!.slice(4, 6)}-${day!.slice(6, 8)} ${time!.slice(0, 2)}:${time!.slice(2, 4)}:${time!.slice(4, 6)}`,
  };
}

/** Newest first. */
export function listBackups(dataFile: string): BackupFile[] {
  const dir = backupDir(dataFile);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => describe(dir, name))
    .filter((b): b is BackupFile => b !== null)
    .sort((a, b) => b.name.localeCompare(a.name));
}

function freeName(dir: string, kind: string, now: string): string {
  const base = `rehabdesk-${kind}-${stamp(now)}`;
  let name = `${base}.sqlite`;
  for (let i = 2; fs.existsSync(path.join(dir, name)); i += 1) name = `${base}-${i}.sqlite`;
  return name;
}

/** Writes a backup of the open database and describes it (the service calls one of these). */
export type BackupWriter = (db: Db, dataFile: string, kind: 'manual' | 'auto', now: string, passphrase: string | undefined) => BackupFile;

export interface BackupPlan {
  /** Where the finished copy goes, and the temporary name it is written under first. */
  target: string;
  partial: string;
  /** The finished file as listBackups will show it (size 0 until written). */
  described: BackupFile;
}

/** Chooses the backup's name and clears left-overs of cut-off backups; writes nothing else. */
export function planBackup(dataFile: string, kind: 'manual' | 'auto', now: string): BackupPlan {
  const dir = backupDir(dataFile);
  fs.mkdirSync(dir, { recursive: true });
  // Left-overs of a backup that was cut off (power loss, killed process) are never finished files.
  for (const stale of fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))) fs.rmSync(path.join(dir, stale), { force: true });
  const name = freeName(dir, kind, now);
  const m = NAME.exec(name)!;
  const [, , day, time] = m;
  return {
    target: path.join(dir, name),
    partial: path.join(dir, `.${name}.partial`),
    described: {
      file: path.join(dir, name),
      name,
      size: 0,
      kind,
      createdAt: `${day!.slice(0, 4)}-${day!.slice(4, 6)}-${day!.slice(6, 8)} ${time!.slice(0, 2)}:${time!.slice(2, 4)}:${time!.slice(4, 6)}`,
    },
  };
}

/**
 * Copies a database consistently (VACUUM INTO reads one snapshot and keeps the encryption) under
 * the plan's temporary name, renamed only when complete, so an interrupted backup never leaves a
 * file that looks finished. `source` is an open connection or the data file (opened read-only
 * here with its passphrase, as the backup thread does).
 */
export function copyDatabase(source: Db | { file: string; passphrase: string | undefined }, plan: BackupPlan): BackupFile {
  const own = 'file' in source ? new Database(source.file, { readonly: true, fileMustExist: true }) : null;
  try {
    if (own) {
      if ('file' in source && source.passphrase !== undefined) applyKey(own, source.passphrase);
      own.pragma('busy_timeout = 5000');
    }
    (own ?? (source as Db)).prepare('VACUUM INTO ?').run(plan.partial);
    fs.renameSync(plan.partial, plan.target);
  } finally {
    own?.close();
    fs.rmSync(plan.partial, { force: true });
  }
  return { ...plan.described, size: fs.statSync(plan.target).size };
}

/** Writes a consistent copy of the open database on this thread. */
export function writeBackup(db: Db, dataFile: string, kind: 'manual' | 'auto', now: string): BackupFile {
  return copyDatabase(db, planBackup(dataFile, kind, now));
}

/** Keeps the newest `keep` automatic backups; manual ones and files set aside stay. */
export function rotateBackups(dataFile: string, keep: number): void {
  listBackups(dataFile)
    .filter((b) => b.kind === 'auto')
    .slice(keep)
    .forEach((b) => fs.rmSync(b.file, { force: true }));
}

/** Whether an automatic backup was already made on this date (YYYY-MM-DD). */
export function hasAutoBackupOn(dataFile: string, date: string): boolean {
  const day = date.replaceAll('-', '');
  return listBackups(dataFile).some((b) => b.kind === 'auto' && b.name.includes(`-${day}-`));
}

/** Resolves a backup by its file name, refusing anything outside the backup folder. */
export function backupByName(dataFile: string, name: string): BackupFile {
  const found = listBackups(dataFile).find((b) => b.name === name);
  if (!found) fail('BACKUP_NOT_FOUND', 'name', { name });
  return found;
}

const PREVIEW_TABLES = ['person', 'rehab_enrolment', 'rehab_session', 'training_class', 'training_enrolment', 'device_fitting', 'audit_log'];

/** What a backup holds: schema version, integrity, row counts of the main tables, last change. */
export function previewBackup(file: string, passphrase: string | undefined): BackupPreview {
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    if (passphrase !== undefined) applyKey(db, passphrase);
    const integrity = db.pragma('quick_check', { simple: true }) as string;
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const tables = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const counts = PREVIEW_TABLES.filter((t) => tables.has(t)).map((table) => ({
      table,
      rows: (db!.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n,
    }));
    const lastChange = tables.has('person')
      ? ((db.prepare('SELECT max(updated_at) AS at FROM person').get() as { at: string | null }).at ?? '')
      : '';
    return { file, schemaVersion, integrity: integrity === 'ok' ? 'ok' : integrity, counts, lastChange };
  } catch {
    return fail('BACKUP_UNREADABLE', 'name', { name: path.basename(file) });
  } finally {
    db?.close();
  }
}

// Replacing the data file with a backup, and changing the file's passphrase: the two operations
// that move or rewrite the whole file, so they check everything first and keep the old state safe.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fail } from '../errors';
import { applyKey } from '../cipher';
import type { Db } from '../open';
import { SCHEMA_VERSION } from '../migrations/index';
import { backupByName, backupDir } from '../backup';

/** Tables every RehabDesk data file has had since schema version 5 (accounts and the trail). */
const OWN_TABLES = ['person', 'setting', 'account', 'audit_log'];

/**
 * Refuses a file that is not a sound RehabDesk data file of a known schema version with accounts
 * in it: a damaged copy, a foreign SQLite file, or an empty one (restoring that would let anyone
 * run first-start setup and become administrator).
 */
export function verifyRestorable(file: string, passphrase: string | undefined, name: string): void {
  let db: Db | null = null;
  try {
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      if (passphrase !== undefined) applyKey(db, passphrase);
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch {
      return fail('BACKUP_UNREADABLE', 'name', { name });
    }
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    if (integrity !== 'ok') fail('BACKUP_DAMAGED', 'name', { name });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) fail('DB_SCHEMA_TOO_NEW', 'name', { fileVersion: version, appVersion: SCHEMA_VERSION });
    const tables = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (version < 1 || OWN_TABLES.some((t) => !tables.has(t))) fail('BACKUP_NOT_REHABDESK', 'name', { name });
    const accounts = (db.prepare('SELECT count(*) AS n FROM account WHERE active = 1').get() as { n: number }).n;
    if (accounts === 0) fail('BACKUP_NOT_REHABDESK', 'name', { name });
  } finally {
    db?.close();
  }
}

export interface RestoreDeps {
  file: string;
  db: Db;
  passphrase: string | undefined;
  now: string;
  runningJobs: number;
  /** Closes the service's connection (and forgets it). */
  close(): void;
  /** Opens the data file again (migrating an older backup). */
  open(): void;
}

/**
 * Restores a backup: refused while jobs run (they hold snapshot connections and write files), the
 * chosen file verified, the current file checkpointed so the copy set aside holds everything
 * committed, and only then files moved. The current file is set aside, never overwritten.
 */
export function restoreBackup(deps: RestoreDeps, name: string): { restored: string; setAside: string } {
  if (deps.runningJobs > 0) fail('BACKUP_RESTORE_JOBS_RUNNING', 'name', { jobs: deps.runningJobs });
  const chosen = backupByName(deps.file, name);
  verifyRestorable(chosen.file, deps.passphrase, name);
  const [checkpoint] = deps.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  if (!checkpoint || checkpoint.busy !== 0) fail('BACKUP_RESTORE_BUSY', 'name');
  const aside = path.join(backupDir(deps.file), `rehabdesk-before-restore-${deps.now.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.sqlite`);
  deps.close();
  fs.renameSync(deps.file, aside);
  // After a full checkpoint the log is empty; should one remain, it travels with the file it belongs to.
  for (const suffix of ['-wal', '-shm']) {
    const companion = deps.file + suffix;
    if (!fs.existsSync(companion)) continue;
    if (suffix === '-wal' && fs.statSync(companion).size > 0) fs.renameSync(companion, aside + suffix);
    else fs.rmSync(companion, { force: true });
  }
  try {
    const partial = `${deps.file}.restoring`;
    fs.copyFileSync(chosen.file, partial);
    fs.renameSync(partial, deps.file);
    deps.open();
  } catch (error) {
    fs.rmSync(deps.file, { force: true });
    fs.renameSync(aside, deps.file);
    if (fs.existsSync(aside + '-wal')) fs.renameSync(aside + '-wal', deps.file + '-wal');
    deps.open();
    throw error;
  }
  return { restored: name, setAside: path.basename(aside) };
}

/** Sets, changes or removes the data file's passphrase; returns the passphrase now in force. */
export function rekey(db: Db, passphrase: string | undefined, current: string, next: string): string | undefined {
  if (passphrase !== undefined && current !== passphrase) fail('DB_WRONG_PASSPHRASE', 'current');
  if (next !== '' && next.length < 8) fail('DB_PASSPHRASE_SHORT', 'next', { min: 8 });
  if (next === '' && passphrase === undefined) return undefined;
  // Re-keying rewrites every page; SQLite3MultipleCiphers needs a rollback journal for it.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  try {
    if (passphrase === undefined) {
      db.pragma("cipher = 'sqlcipher'");
      db.pragma('legacy = 4');
    }
    db.rekey(Buffer.from(next, 'utf8'));
  } finally {
    db.pragma('journal_mode = WAL');
  }
  return next === '' ? undefined : next;
}

// Opens (or creates) a RehabDesk data file: pragmas, a guard against files from newer apps or
// other programs, and the pending migrations applied in one transaction.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyKey } from './cipher';
import { DomainError } from './errors';
import { MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

/** PRAGMA application_id marks a file as RehabDesk's ("RHDK"). */
export const APPLICATION_ID = 0x5248444b;

export interface OpenOptions {
  /** The migrations this app knows; tests pass others to exercise the upgrade path. */
  migrations?: readonly string[];
  /** Opens (or creates) a file encrypted at rest, SQLCipher 4 compatible. */
  passphrase?: string;
}

const PLAIN_HEADER = 'SQLite format 3\0';

/** True when the file starts with SQLite's plain header (so it is not encrypted). */
export function isPlainSqlite(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    fs.readSync(fd, header, 0, 16, 0);
    return header.toString('latin1') === PLAIN_HEADER;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads the file's header values without changing it, so a file we must refuse is left untouched.
 */
function inspect(file: string, passphrase: string | undefined): { userVersion: number; applicationId: number; hasTables: boolean } | null {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return null;
  const plain = isPlainSqlite(file);
  // Database files (encrypted or not) are whole pages; anything else is not ours.
  const size = fs.statSync(file).size;
  if (!plain && (size < 512 || size % 512 !== 0)) throw new DomainError({ code: 'DB_NOT_REHABDESK', params: { file } });
  if (plain && passphrase !== undefined) throw new DomainError({ code: 'DB_NOT_ENCRYPTED', params: { file } });
  if (!plain && passphrase === undefined) throw new DomainError({ code: 'DB_NEEDS_PASSPHRASE', params: { file } });
  let probe: Db;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new DomainError({ code: 'DB_NOT_REHABDESK', params: { file } });
  }
  try {
    if (passphrase !== undefined) {
      applyKey(probe, passphrase);
      try {
        probe.prepare('SELECT count(*) FROM sqlite_schema').get();
      } catch {
        throw new DomainError({ code: 'DB_WRONG_PASSPHRASE', params: { file } });
      }
    }
    const userVersion = probe.pragma('user_version', { simple: true }) as number;
    const applicationId = probe.pragma('application_id', { simple: true }) as number;
    const tables = probe.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    return { userVersion, applicationId, hasTables: tables.n > 0 };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError({ code: 'DB_NOT_REHABDESK', params: { file } });
  } finally {
    probe.close();
  }
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const target = migrations.length;
  if (file !== ':memory:') {
    const header = inspect(file, options.passphrase);
    if (header) {
      if (header.hasTables && header.applicationId !== APPLICATION_ID) {
        throw new DomainError({ code: 'DB_NOT_REHABDESK', params: { file } });
      }
      if (header.userVersion > target) {
        throw new DomainError({
          code: 'DB_SCHEMA_TOO_NEW',
          params: { file, fileVersion: header.userVersion, appVersion: target },
        });
      }
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const db = new Database(file);
  try {
    if (options.passphrase !== undefined) applyKey(db, options.passphrase);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 64 MiB of SQLite's own page cache (the default is 2 MiB): at scale 100 a list that visits
    // 15,000 claim lines or a year's sessions re-read its pages through the OS on every call
    // (the adjustable-line search 40 ms -> 11 ms), and removing a 100,000-line draft read and
    // wrote claim_line_once's pages (its lines lie there by person) again and again, taking twice
    // as long. Filled only as pages are read.
    db.pragma('cache_size = -65536');
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Applies every pending migration in one transaction: all of them, or (on any error) none. */
function migrate(db: Db, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const target = migrations.length;
  if (current >= target) return;
  db.transaction(() => {
    for (let version = current + 1; version <= target; version += 1) db.exec(migrations[version - 1]!);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${target}`);
  })();
}

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase } from '../../../db/open';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../db/migrations/index';
import { DomainError } from '../../../db/errors';
import { tempDir } from '../../support/service';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
function tmpFile(name = 'data.sqlite') {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return path.join(t.dir, name);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.error.code;
    throw error;
  }
  return undefined;
}

describe('opening a data file', () => {
  it('creates a new file (and its folder) with WAL, foreign keys, busy timeout and the schema version', () => {
    const file = path.join(tmpFile(), '..', 'nested', 'rehabdesk.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('reopens an existing file without re-running migrations', () => {
    const file = tmpFile();
    const first = openDatabase(file);
    first.prepare("INSERT INTO setting (key, value) VALUES ('x', '1')").run();
    first.close();
    const again = openDatabase(file);
    expect(again.prepare("SELECT value FROM setting WHERE key = 'x'").get()).toEqual({ value: '1' });
    again.close();
  });

  it('refuses a file from a newer app and leaves it byte-for-byte unchanged', () => {
    const file = tmpFile();
    const db = openDatabase(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = sha(file);
    expect(codeOf(() => openDatabase(file))).toBe('DB_SCHEMA_TOO_NEW');
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a SQLite file that belongs to another program, unchanged', () => {
    const file = tmpFile();
    const other = new Database(file);
    other.exec('CREATE TABLE stuff (a)');
    other.close();
    const before = sha(file);
    expect(codeOf(() => openDatabase(file))).toBe('DB_NOT_REHABDESK');
    expect(sha(file)).toBe(before);
  });

  it('refuses a file that is not SQLite at all', () => {
    const file = tmpFile();
    fs.writeFileSync(file, 'this is a spreadsheet, honestly');
    expect(codeOf(() => openDatabase(file))).toBe('DB_NOT_REHABDESK');
    expect(fs.readFileSync(file, 'utf8')).toBe('this is a spreadsheet, honestly');
  });

  it('upgrades an older file forward, keeping its data', () => {
    const file = tmpFile();
    openDatabase(file, { migrations: MIGRATIONS }).close();
    const newer = [...MIGRATIONS, 'CREATE TABLE later_feature (id INTEGER PRIMARY KEY);'];
    const db = openDatabase(file, { migrations: newer });
    expect(db.pragma('user_version', { simple: true })).toBe(newer.length);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'later_feature'").get()).toEqual({ name: 'later_feature' });
    db.close();
  });

  it('applies pending migrations all together or not at all', () => {
    const file = tmpFile();
    openDatabase(file).close();
    const broken = [...MIGRATIONS, 'CREATE TABLE half_done (id INTEGER);', 'THIS IS NOT SQL;'];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });
});

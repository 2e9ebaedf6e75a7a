// Restore made safe: refused while jobs run, the current file checkpointed so the copy set aside
// holds everything committed, and a file that is not a RehabDesk data file refused before any move.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import { creditCode } from '../returns/fixtures';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

function addPerson(name: string, seq: number) {
  const id = makeId('1975-03-03', seq);
  return t.ok('people.create', { name, idNumber: id, certNumber: makeCert(id, 4, 3), certExpiry: '2030-01-01', household: 'rural' });
}

function peopleIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM person ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

const backupDir = () => path.join(path.dirname(t.file), 'backups');

describe('restore', () => {
  it('is refused while an export runs, and afterwards sets aside a copy with everything saved before (finding: the people were lost)', async () => {
    addPerson('甲一', 3);
    const backup = t.ok('backup.now', {});
    addPerson('乙二', 5);
    addPerson('丙三', 7);
    t.ok('returns.centre.save', { name: '玄武区康复中心', type: 'rehab_institution', creditCode: creditCode(9), regionCode: '320102' });
    const job = t.ok('returns.export', { period: '2026', deidentified: false });
    expect(t.err('backup.restore', { name: backup.name })).toMatchObject({ code: 'BACKUP_RESTORE_JOBS_RUNNING' });
    while (t.ok('jobs.get', { id: job.id }).state === 'running') await new Promise((resolve) => setTimeout(resolve, 5));
    const { setAside } = t.ok('backup.restore', { name: backup.name });
    expect(peopleIn(path.join(backupDir(), setAside))).toEqual(['丙三', '乙二', '甲一'].sort());
    expect(t.ok('people.search', {}).rows.map((r) => r.name)).toEqual(['甲一']);
  });

  it('sets aside everything committed even while another connection reads the file', () => {
    addPerson('甲一', 3);
    const backup = t.ok('backup.now', {});
    const reader = new Database(t.file, { readonly: true });
    reader.prepare('SELECT count(*) FROM person').get();
    addPerson('乙二', 5);
    const { setAside } = t.ok('backup.restore', { name: backup.name });
    reader.close();
    expect(peopleIn(path.join(backupDir(), setAside))).toEqual(['乙二', '甲一'].sort());
  });

  it('refuses an empty SQLite file, a foreign one and a file without accounts, moving nothing (finding: anyone became administrator)', () => {
    addPerson('甲一', 3);
    fs.mkdirSync(backupDir(), { recursive: true });
    const empty = 'rehabdesk-manual-20261101-080000.sqlite';
    new Database(path.join(backupDir(), empty)).close();
    const foreign = 'rehabdesk-manual-20261102-080000.sqlite';
    const other = new Database(path.join(backupDir(), foreign));
    other.exec('CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT); PRAGMA user_version = 3;');
    other.close();
    const noAccounts = 'rehabdesk-manual-20261103-080000.sqlite';
    const copy = new Database(t.file, { readonly: true });
    copy.prepare('VACUUM INTO ?').run(path.join(backupDir(), noAccounts));
    copy.close();
    const stripped = new Database(path.join(backupDir(), noAccounts));
    stripped.exec('DELETE FROM account');
    stripped.close();
    for (const name of [empty, foreign, noAccounts]) {
      expect(t.err('backup.restore', { name })).toMatchObject({ code: 'BACKUP_NOT_REHABDESK', field: 'name' });
    }
    expect(fs.readdirSync(backupDir()).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect(t.ok('people.search', {}).total).toBe(1);
    expect(t.service.dispatch('auth.setup', { username: 'intruder', displayName: '某人', password: 'a long enough password' })).toEqual({
      ok: false,
      error: { code: 'AUTH_ALREADY_SET_UP' },
    });
  });
});

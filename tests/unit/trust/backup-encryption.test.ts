// Backups while the app runs, restore after a preview, and encryption at rest.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createService } from '../../../db/service';
import { createClock } from '../../../db/clock';
import { isPlainSqlite } from '../../../db/open';
import { ADMIN_PASSWORD, tempDir, testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function fresh(options: { passphrase?: string; file?: string } = {}): TestService {
  const t = testService(options);
  cleanups.push(() => t.close());
  return t;
}
function addPerson(t: TestService, name: string, seq: number) {
  const id = makeId('1975-03-03', seq);
  return t.ok('people.create', { name, idNumber: id, certNumber: makeCert(id, 4, 3), certExpiry: '2030-01-01', household: 'rural' });
}
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('backup and restore', () => {
  it('writes a consistent copy while the app runs, and previews what it holds', () => {
    const t = fresh();
    addPerson(t, '吴刚', 3);
    const backup = t.ok('backup.now', {});
    expect(backup).toMatchObject({ kind: 'manual', name: expect.stringMatching(/^rehabdesk-manual-20261122-\d{6}\.sqlite$/) });
    expect(fs.existsSync(backup.file)).toBe(true);
    const preview = t.ok('backup.preview', { name: backup.name });
    expect(preview.integrity).toBe('ok');
    expect(preview.counts.find((c) => c.table === 'person')).toEqual({ table: 'person', rows: 1 });
  });

  it('restores a backup, setting the current file aside instead of overwriting it', () => {
    const t = fresh();
    addPerson(t, '吴刚', 3);
    const backup = t.ok('backup.now', {});
    addPerson(t, '后来的人', 5);
    const result = t.ok('backup.restore', { name: backup.name });
    expect(result.setAside).toMatch(/^rehabdesk-before-restore-/);
    // Everyone else signs in again after a restore.
    const session = t.session;
    expect(t.ok('people.search', {}, session).rows.map((r) => r.name)).toEqual(['吴刚']);
    const aside = t.ok('backup.list', {}, session).files.find((f) => f.name === result.setAside)!;
    expect(aside.kind).toBe('before-restore');
    expect(t.ok('backup.preview', { name: aside.name }, session).counts.find((c) => c.table === 'person')!.rows).toBe(2);
    expect(t.ok('audit.list', { action: 'restore' }, session).total).toBe(1);
  });

  /** A copy of a fresh backup under another backup name, changed by `damage`. */
  function damagedBackup(t: TestService, name: string, damage: (file: string) => void): string {
    const backup = t.ok('backup.now', {});
    const file = path.join(path.dirname(backup.file), name);
    fs.copyFileSync(backup.file, file);
    damage(file);
    return name;
  }

  it.each([
    [
      'a backup that fails its integrity check',
      'BACKUP_DAMAGED',
      (file: string) => {
        // One page of the person table claims 50 fragmented bytes it does not have: the file still
        // opens, and quick_check reports the damage.
        const db = new Database(file, { readonly: true });
        const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'person'").get() as { rootpage: number };
        const pageSize = db.pragma('page_size', { simple: true }) as number;
        db.close();
        const bytes = fs.readFileSync(file);
        bytes[(rootpage - 1) * pageSize + 7] = 50;
        fs.writeFileSync(file, bytes);
      },
    ],
    [
      'a backup written by a newer version of the app',
      'DB_SCHEMA_TOO_NEW',
      (file: string) => {
        const db = new Database(file);
        db.pragma(`user_version = ${(db.pragma('user_version', { simple: true }) as number) + 1}`);
        db.close();
      },
    ],
  ])('refuses to restore %s, and leaves the current file as it was', (_case, code, damage) => {
    const t = fresh();
    addPerson(t, '吴刚', 3);
    addPerson(t, '后来的人', 5);
    const name = damagedBackup(t, 'rehabdesk-manual-20261121-090000.sqlite', damage);
    const before = sha(t.file);
    expect(t.err('backup.restore', { name })).toMatchObject({ code, field: 'name' });
    expect(sha(t.file)).toBe(before);
    // Nothing was set aside, and the app still works on the current data.
    expect(t.ok('backup.list', {}).files.filter((f) => f.kind === 'before-restore')).toEqual([]);
    expect(t.ok('people.search', {}).rows.map((r) => r.name).sort()).toEqual(['后来的人', '吴刚'].sort());
  });

  it('refuses names outside the backup folder', () => {
    const t = fresh();
    expect(t.err('backup.preview', { name: '../test.sqlite' })).toMatchObject({ code: 'BACKUP_NOT_FOUND' });
    expect(t.err('backup.restore', { name: '/etc/passwd' })).toMatchObject({ code: 'BACKUP_NOT_FOUND' });
  });

  it('makes one automatic backup a day and keeps only the newest ones', () => {
    const t = fresh();
    t.service.autoBackup();
    t.service.autoBackup();
    expect(t.ok('backup.list', {}).files.filter((f) => f.kind === 'auto')).toHaveLength(1);
    const dir = t.ok('backup.list', {}).dir;
    for (const day of ['20261101', '20261102', '20261103']) fs.writeFileSync(path.join(dir, `rehabdesk-auto-${day}-010000.sqlite`), '');
    t.ok('backup.settings', { keep: 2 });
    expect(t.ok('backup.list', {}).files.filter((f) => f.kind === 'auto').map((f) => f.name.slice(15, 23))).toEqual(['20261122', '20261103']);
  });

  it('clears the left-overs of an interrupted backup', () => {
    const t = fresh();
    const dir = path.join(path.dirname(t.file), 'backups');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '.rehabdesk-manual-20261122-000000.sqlite.partial'), 'half');
    t.ok('backup.now', {});
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('encryption at rest', () => {
  it('encrypts the file with a passphrase; reopening asks for it', () => {
    const t = fresh();
    addPerson(t, '郑洁', 9);
    expect(t.ok('security.setPassphrase', { current: '', next: 'long enough pass' })).toEqual({ encrypted: true });
    const file = t.file;
    t.service.close();
    expect(isPlainSqlite(file)).toBe(false);
    expect(fs.readFileSync(file).includes(Buffer.from('郑洁'))).toBe(false);

    const again = createService({ dataFile: file, host: 'browser', appVersion: 'test', clock: createClock('2026-11-22'), log: () => undefined });
    cleanups.push(() => again.close());
    expect(again.dispatch('app.info', {})).toMatchObject({ ok: true, value: { locked: true } });
    expect(again.dispatch('people.search', {})).toEqual({ ok: false, error: { code: 'DB_NEEDS_PASSPHRASE' } });
    const before = sha(file);
    expect(again.dispatch('app.unlock', { passphrase: 'wrong passphrase' })).toMatchObject({ ok: false, error: { code: 'DB_WRONG_PASSPHRASE' } });
    expect(sha(file)).toBe(before);
    expect(again.dispatch('app.unlock', { passphrase: 'long enough pass' }).ok).toBe(true);
    const signed = again.dispatch('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    const session = signed.ok ? (signed.value as { sessionId: string }).sessionId : '';
    const found = again.dispatch('people.search', {}, session);
    expect(found.ok && (found.value as { rows: { name: string }[] }).rows.map((r) => r.name)).toEqual(['郑洁']);
  });

  it('keeps backups of an encrypted file encrypted', () => {
    const t = fresh();
    addPerson(t, '郑洁', 9);
    t.ok('security.setPassphrase', { current: '', next: 'long enough pass' });
    const backup = t.ok('backup.now', {});
    expect(isPlainSqlite(backup.file)).toBe(false);
    expect(t.ok('backup.preview', { name: backup.name }).counts.find((c) => c.table === 'person')!.rows).toBe(1);
  });

  it('changes and removes the passphrase only with the current one', () => {
    const t = fresh({ passphrase: 'first passphrase' });
    expect(isPlainSqlite(t.file)).toBe(false);
    expect(t.err('security.setPassphrase', { current: 'not it', next: 'second passphrase' }).code).toBe('DB_WRONG_PASSPHRASE');
    expect(t.err('security.setPassphrase', { current: 'first passphrase', next: 'short' }).code).toBe('DB_PASSPHRASE_SHORT');
    t.ok('security.setPassphrase', { current: 'first passphrase', next: '' });
    expect(isPlainSqlite(t.file)).toBe(true);
    expect(t.service.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(t.service.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('opens an encrypted file that SQLCipher 4 settings can read', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'enc.sqlite');
    const t = testService({ file, passphrase: 'sqlcipher compatible' });
    t.close();
    // The same settings SQLCipher 4 uses by default (what DB Browser for SQLite asks for).
    const raw = new Database(file, { readonly: true });
    raw.pragma("cipher = 'sqlcipher'");
    raw.pragma('legacy = 4');
    raw.pragma("key = 'sqlcipher compatible'");
    expect((raw.prepare('SELECT count(*) AS n FROM account').get() as { n: number }).n).toBe(1);
    raw.close();
  });
});

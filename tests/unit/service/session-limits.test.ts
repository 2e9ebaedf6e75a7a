// The idle and lifetime limits every call checks its session against are kept in the service, not
// read from the file on each call; a change takes effect on the next call, with no restart, whether
// it came through the API, from another process writing the file, or with a restored backup.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../db/open';
import { cachedSettings, putSetting } from '../../../db/settings';
import { testService, type TestService } from '../../support/service';

let t: TestService;
const T0 = Date.parse('2026-11-22T01:00:00Z');
const at = (minutes: number) => vi.setSystemTime(new Date(T0 + minutes * 60_000));
const refused = { ok: false, error: { code: 'AUTH_REQUIRED' } };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at(0);
  t = testService();
});
afterEach(() => {
  t.close();
  vi.useRealTimers();
});

describe('session limits kept in the service', () => {
  it('applies a shorter idle limit set through the API on the next call', () => {
    t.ok('security.settings', { idleMinutes: 60 });
    const active = t.signInAs('therapist', 'zhou');
    const idle = t.ok('auth.signIn', { username: 'zhou', password: 'correct horse battery' }).sessionId;
    at(30);
    // Under the 60-minute limit both are signed in (and the limit has been read for this call).
    expect(t.service.dispatch('people.search', {}, active).ok).toBe(true);
    t.ok('security.settings', { idleMinutes: 20 });
    expect(t.ok('app.info', {}).idleMinutes).toBe(20);
    // Idle 30 minutes, over the new 20: refused; the one just used goes on.
    expect(t.service.dispatch('people.search', {}, idle)).toEqual(refused);
    expect(t.service.dispatch('people.search', {}, active).ok).toBe(true);
    // Longer again: a session idle 25 minutes is kept.
    t.ok('security.settings', { idleMinutes: 40 });
    at(55);
    expect(t.service.dispatch('people.search', {}, active).ok).toBe(true);
  });

  it('applies a limit another process wrote to the file on the next call', () => {
    t.ok('security.settings', { idleMinutes: 60 });
    const session = t.signInAs('therapist');
    at(10);
    expect(t.ok('app.info', {}).idleMinutes).toBe(60);
    const other = openDatabase(t.file);
    try {
      putSetting(other, 'security.idleMinutes', 5);
    } finally {
      other.close();
    }
    expect(t.ok('app.info', {}).idleMinutes).toBe(5);
    expect(t.service.dispatch('people.search', {}, session)).toEqual(refused);
  });

  it('applies the limit of a restored backup', () => {
    t.ok('security.settings', { idleMinutes: 60 });
    const backup = t.ok('backup.now', {});
    t.ok('security.settings', { idleMinutes: 5 });
    at(3);
    t.ok('backup.restore', { name: backup.name });
    at(13);
    // Idle 10 minutes: over the 5 set after the backup, within the restored 60.
    expect(t.ok('app.info', {}).idleMinutes).toBe(60);
    expect(t.service.dispatch('people.search', {}, t.session).ok).toBe(true);
  });
});

describe('cachedSettings', () => {
  it('reads once per day and connection until a setting is written, and never keeps an unwritten default', () => {
    const db = openDatabase(':memory:');
    try {
      const read = cachedSettings({ 'security.idleMinutes': 15, 'backup.keep': 14 });
      expect(read(db, '2026-11-22')).toEqual({ 'security.idleMinutes': 15, 'backup.keep': 14 });
      putSetting(db, 'security.idleMinutes', 30, '2026-12-01');
      expect(read(db, '2026-11-22')['security.idleMinutes']).toBe(15); // not in force yet
      expect(read(db, '2026-12-01')['security.idleMinutes']).toBe(30); // a new day
      // Kept: a write that goes round putSetting on this connection is not seen (all writes use it).
      db.prepare("UPDATE setting SET value = '45' WHERE key = 'security.idleMinutes'").run();
      expect(read(db, '2026-12-01')['security.idleMinutes']).toBe(30);
      putSetting(db, 'backup.keep', 7);
      expect(read(db, '2026-12-01')).toEqual({ 'security.idleMinutes': 45, 'backup.keep': 7 });
    } finally {
      db.close();
    }
  });
});

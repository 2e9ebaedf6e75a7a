// The service in its own thread: calls go through messages and come back as the same Result
// values, and a backup copies in a second thread while the service keeps answering.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startServiceThread, type ServiceClient, type ServiceThreadClient } from '../../../host/service-thread';
import { DomainError } from '../../../db/errors';
import { listBackups } from '../../../db/backup';
import { openDatabase } from '../../../db/open';
import { SCHEMA_VERSION } from '../../../db/migrations/index';
import { buildWorkers, type BuiltWorkers } from '../../support/workers';
import { seedPeople } from '../../support/seed-people';
import { ADMIN_PASSWORD, TODAY, tempDir } from '../../support/service';

const tmp = tempDir();
let workers: BuiltWorkers;

beforeAll(async () => {
  workers = await buildWorkers();
}, 60_000);
afterAll(() => tmp.cleanup());

/** Each data file gets its own folder, so its backups/ folder is its own. */
function inOwnFolder(name: string): string {
  fs.mkdirSync(path.join(tmp.dir, name));
  return path.join(tmp.dir, name, 'data.sqlite');
}

async function start(file: string, extra: { backupDelayMs?: number; passphrase?: string; testHooks?: boolean } = {}): Promise<ServiceThreadClient> {
  return startServiceThread(workers.serviceWorker, {
    dataFile: file,
    host: 'browser',
    appVersion: 'test',
    today: TODAY,
    backupWorkerFile: workers.backupWorker,
    ...extra,
  });
}

async function signIn(service: ServiceClient): Promise<string> {
  const admin = { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD };
  const setup = await service.invoke('auth.setup', admin);
  const result = setup.ok ? setup : await service.invoke('auth.signIn', { username: admin.username, password: admin.password });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return (result.value as { sessionId: string }).sessionId;
}

// Each test starts a thread and opens a file; a busy machine makes that slow, never wrong.
describe('service thread', { timeout: 60_000 }, () => {
  it('answers contract calls with the same values as the service itself', async () => {
    const file = inOwnFolder('calls');
    seedPeople(file, 30);
    const service = await start(file);
    try {
      const info = await service.invoke('app.info', {});
      expect(info).toMatchObject({ ok: true, value: { host: 'browser', today: TODAY, schemaVersion: SCHEMA_VERSION } });
      expect(await service.invoke('people.search', {})).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
      expect(await service.invoke('people.drop', {})).toEqual({ ok: false, error: { code: 'UNKNOWN_CALL', params: { name: 'people.drop' } } });
      const session = await signIn(service);
      const found = await service.invoke('people.search', { q: '' }, session);
      expect(found).toMatchObject({ ok: true, value: { total: 30 } });
      expect(await service.redeemDownload('no-such-ticket')).toBeNull();
    } finally {
      await service.close();
    }
  });

  it('starts a crashed service thread again: saved work stays, the session must sign in again, the next call is answered', async () => {
    const file = inOwnFolder('crash');
    seedPeople(file, 5);
    const service = await start(file, { testHooks: true });
    try {
      const session = await signIn(service);
      expect(await service.invoke('people.search', { q: '' }, session)).toMatchObject({ ok: true, value: { total: 5 } });
      const waitingCall = service.invoke('people.search', { q: '' }, session);
      service.crashForTest();
      // Either the call was answered before the thread died, or it is told the service restarted: never a hang.
      const answered = await waitingCall;
      if (!answered.ok) expect(answered.error.code).toBe('SERVICE_RESTARTED');
      // A call made while the new thread opens the file waits for it.
      expect(await service.invoke('people.search', { q: '' }, session)).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
      expect(service.restarts).toBe(1);
      const again = await signIn(service);
      expect(await service.invoke('people.search', { q: '' }, again)).toMatchObject({ ok: true, value: { total: 5 } });
    } finally {
      await service.close();
    }
  });

  it('stops restarting a thread that keeps dying, and answers every call instead of hanging', async () => {
    const file = inOwnFolder('crashing');
    seedPeople(file, 1);
    const service = await start(file, { testHooks: true });
    try {
      const answers: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        service.crashForTest();
        // Sent to the dying thread: answered as restarted (or as gone after the last crash).
        const answer = await service.invoke('app.info', {});
        answers.push(answer.ok ? 'ok' : answer.error.code);
      }
      expect(answers.slice(0, 3)).toEqual(['SERVICE_RESTARTED', 'SERVICE_RESTARTED', 'SERVICE_RESTARTED']);
      expect(await service.invoke('app.info', {})).toEqual({ ok: false, error: { code: 'INTERNAL' } });
      expect(service.restarts).toBe(3);
    } finally {
      await service.close();
    }
  });

  it('refuses a file from a newer version with the same coded error, leaving it untouched', async () => {
    const file = inOwnFolder('newer');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    const failure = await start(file).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).error.code).toBe('DB_SCHEMA_TOO_NEW');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('answers a people search while a backup is still copying, and finishes the backup', async () => {
    const file = inOwnFolder('busy');
    seedPeople(file, 200);
    // Each copy takes at least 1.5 s; the search must not wait for it.
    const service = await start(file, { backupDelayMs: 1500 });
    try {
      const session = await signIn(service);
      const finished: string[] = [];
      const backup = service.invoke('backup.now', {}, session).then((result) => {
        finished.push('backup');
        return result;
      });
      const search = service.invoke('people.search', { q: '王' }, session).then((result) => {
        finished.push('search');
        return result;
      });
      const saved = service.invoke('settings.update', { locale: 'en' }, session).then((result) => {
        finished.push('save');
        return result;
      });
      const [backedUp, found, changed] = await Promise.all([backup, search, saved]);
      expect(finished).toEqual(['search', 'save', 'backup']);
      expect(found.ok && changed.ok).toBe(true);
      expect(backedUp).toMatchObject({ ok: true, value: { kind: 'manual' } });
      const made = listBackups(file);
      expect(made).toHaveLength(1);
      expect(made[0]!.size).toBeGreaterThan(0);
      expect(backedUp.ok && (backedUp.value as { name: string; size: number })).toEqual({ ...made[0], file: made[0]!.file });
      // The copy is a complete database holding everyone.
      const copy = new Database(made[0]!.file, { readonly: true });
      expect((copy.prepare('SELECT count(*) AS n FROM person').get() as { n: number }).n).toBe(200);
      copy.close();
    } finally {
      await service.close();
    }
  });

  it("makes the day's automatic backup in the backup thread, once a day", async () => {
    const file = inOwnFolder('auto');
    seedPeople(file, 10);
    const service = await start(file);
    try {
      await service.autoBackup();
      await service.autoBackup();
      expect(listBackups(file).map((b) => b.kind)).toEqual(['auto']);
    } finally {
      await service.close();
    }
  });

  it('backs up an encrypted file as an encrypted copy', async () => {
    const file = inOwnFolder('secret');
    const again = await start(file, { passphrase: 'long enough pass' });
    try {
      const session = await signIn(again);
      const made = await again.invoke('backup.now', {}, session);
      expect(made.ok).toBe(true);
      const copy = (made as { value: { file: string } }).value.file;
      expect(fs.readFileSync(copy).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
      const preview = await again.invoke('backup.preview', { name: path.basename(copy) }, session);
      expect(preview).toMatchObject({ ok: true, value: { integrity: 'ok' } });
    } finally {
      await again.close();
    }
  });
});

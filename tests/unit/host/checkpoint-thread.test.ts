// The write-ahead log is checkpointed in a thread of its own (host/checkpoint-worker.ts), so no
// call's commit waits for SQLite's checkpoint and its fsync of the data file (issue 13, op 8d:
// removing a 100,000-line draft took 0.95-1.1 s with the checkpoint inline, 0.6-0.7 s without).
// The log's progress is read from the -shm file's wal-index, which SQLite keeps in shared memory:
// mxFrame (frames written) and nBackfill (frames copied into the data file), without checkpointing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointThread } from '../../../host/checkpoint-thread';
import { checkpointsHandedOver } from '../../../db/checkpoint';
import { startServiceThread } from '../../../host/service-thread';
import type { SignedIn } from '../../../db/contract';
import { buildWorkers, type BuiltWorkers } from '../../support/workers';
import { ADMIN_PASSWORD, TODAY, tempDir, testService } from '../../support/service';

const tmp = tempDir();
let workers: BuiltWorkers;

beforeAll(async () => {
  workers = await buildWorkers();
}, 60_000);
afterAll(() => tmp.cleanup());

let folders = 0;
function fileInOwnFolder(): string {
  folders += 1;
  const dir = path.join(tmp.dir, `f${folders}`);
  fs.mkdirSync(dir);
  return path.join(dir, 'data.sqlite');
}

/** The log's frames written and frames copied into the data file (wal-index header, then checkpoint info). */
function walProgress(file: string): { written: number; copied: number } {
  const shm = fs.readFileSync(`${file}-shm`);
  return { written: shm.readUInt32LE(16), copied: shm.readUInt32LE(96) };
}

/** A write of some 8 MiB (2,000 pages, twice what makes SQLite checkpoint inline) on the service's connection. */
function bigWrite(db: { exec(sql: string): unknown }, table = 'filler'): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (x BLOB)`);
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO ${table} SELECT randomblob(4000) FROM n`);
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still not ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The service has handed its checkpoints to the thread: SQLite's own are off. */
const handedOver = (t: ReturnType<typeof testService>) => () => checkpointsHandedOver(t.service.db);

const allCopied = (file: string) => () => {
  const { written, copied } = walProgress(file);
  return written > 0 && copied === written;
};

describe('checkpoints in their own thread', () => {
  it('without the checkpoint thread, the commit that fills the log checkpoints inline (the control)', () => {
    const t = testService({ file: fileInOwnFolder() });
    try {
      bigWrite(t.service.db);
      const { written, copied } = walProgress(t.file);
      expect(written).toBeGreaterThan(2000);
      expect(copied).toBe(written);
    } finally {
      t.close();
    }
  });

  it('with it running, the commit that fills the log returns with the log not copied', async () => {
    // The thread's first look comes a minute after it starts, long after this test: whatever is
    // copied by then was copied by the commit itself. (The tests below show the thread copying.)
    const t = testService({ file: fileInOwnFolder(), checkpointer: checkpointThread(workers.checkpointWorker, { everyMs: 60_000, startAfterMs: 0 }) });
    try {
      await until(handedOver(t), 'handed over to the thread');
      bigWrite(t.service.db);
      const after = walProgress(t.file);
      expect(after.written).toBeGreaterThan(2000);
      expect(after.copied).toBeLessThan(after.written);
    } finally {
      t.close();
    }
  });

  it('also copies small writes soon, which SQLite alone would leave in the log until it held 1,000 pages', async () => {
    const t = testService({ file: fileInOwnFolder(), checkpointer: checkpointThread(workers.checkpointWorker, { everyMs: 50, startAfterMs: 0 }) });
    try {
      await until(allCopied(t.file), 'checkpointed after setup');
      const before = walProgress(t.file);
      t.ok('settings.update', { locale: 'en' });
      expect(walProgress(t.file)).not.toEqual(before);
      await until(allCopied(t.file), 'checkpointed after a settings change');
    } finally {
      t.close();
    }
  });

  it('is stopped for a restore and a new passphrase, and checkpoints the restored, then encrypted, file', async () => {
    const t = testService({ file: fileInOwnFolder(), checkpointer: checkpointThread(workers.checkpointWorker, { everyMs: 50, startAfterMs: 0 }) });
    try {
      const backup = t.ok('backup.now', {});
      bigWrite(t.service.db);
      // A restore checkpoints the whole log (TRUNCATE) and moves the file: refused as busy if another connection held it.
      expect(t.ok('backup.restore', { name: backup.name }).restored).toBe(backup.name);
      const session = t.ok('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD }).sessionId;
      // Re-keying switches the journal off WAL, which SQLite refuses while another connection is open.
      expect(t.ok('security.setPassphrase', { current: '', next: 'long enough pass' }, session)).toEqual({ encrypted: true });
      await until(handedOver(t), 'handed over again after re-keying');
      expect(fs.readFileSync(t.file).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
      bigWrite(t.service.db, 'after_rekey');
      await until(allCopied(t.file), 'checkpointed on the encrypted file');
      expect(t.service.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    } finally {
      t.close();
    }
  });

  it('gives the checkpoints back to SQLite when the thread cannot run', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    const t = testService({ file: fileInOwnFolder(), checkpointer: checkpointThread(path.join(tmp.dir, 'no-such-worker.mjs'), { startAfterMs: 0 }) });
    try {
      await until(() => errors.length > 0, 'told that the thread failed');
      expect(t.service.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      bigWrite(t.service.db);
      const { written, copied } = walProgress(t.file);
      expect(copied).toBe(written);
    } finally {
      console.error = original;
      t.close();
    }
  });

  it('leaves SQLite’s checkpoints on until the thread runs (it starts a while after the file opens, not during the first screen)', async () => {
    const t = testService({ file: fileInOwnFolder(), checkpointer: checkpointThread(workers.checkpointWorker, { startAfterMs: 60_000 }) });
    try {
      bigWrite(t.service.db);
      const { written, copied } = walProgress(t.file);
      expect(copied).toBe(written);
    } finally {
      t.close();
    }
    const later = testService({ file: fileInOwnFolder(), checkpointer: checkpointThread(workers.checkpointWorker) });
    try {
      await until(handedOver(later), 'handed over to the thread with the app’s default delay');
    } finally {
      later.close();
    }
  });

  it('closes at once when stopped before the thread has begun, leaving no log behind', () => {
    for (const startAfterMs of [0, 2000]) {
      const t = testService({ file: fileInOwnFolder(), checkpointer: checkpointThread(workers.checkpointWorker, { startAfterMs }) });
      t.service.close();
      expect(fs.existsSync(`${t.file}-wal`)).toBe(false);
      fs.rmSync(path.dirname(t.file), { recursive: true, force: true });
    }
  });

  it('never keeps a process alive: one that ends without closing its service exits', () => {
    // The bench's worker processes, and any tool that opens a service, end this way.
    const file = fileInOwnFolder();
    const script = path.join(path.dirname(file), 'open-and-leave.ts');
    fs.writeFileSync(
      script,
      [
        `import { createService } from ${JSON.stringify(path.resolve('db/service.ts'))};`,
        `import { checkpointThread } from ${JSON.stringify(path.resolve('host/checkpoint-thread.ts'))};`,
        `import { checkpointsHandedOver } from ${JSON.stringify(path.resolve('db/checkpoint.ts'))};`,
        `const service = createService({ dataFile: ${JSON.stringify(file)}, host: 'browser', appVersion: 'test', checkpointer: checkpointThread(${JSON.stringify(workers.checkpointWorker)}, { startAfterMs: 0 }) });`,
        // Waits (at most 10 s) until the thread runs, then leaves without closing anything.
        'const deadline = Date.now() + 10_000;',
        "const wait = () => (checkpointsHandedOver(service.db) ? console.log('running') : Date.now() < deadline ? setTimeout(wait, 20) : console.log('never ran'));",
        'wait();',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.signal).toBeNull();
    expect(run.stdout.trim()).toBe('running');
    expect(run.status).toBe(0);
  });

  it('runs in the app’s service thread: a saved setting reaches the data file without waiting for 1,000 pages of log', async () => {
    const file = fileInOwnFolder();
    const service = await startServiceThread(workers.serviceWorker, {
      dataFile: file,
      host: 'browser',
      appVersion: 'test',
      today: TODAY,
      backupWorkerFile: workers.backupWorker,
      checkpointWorkerFile: workers.checkpointWorker,
    });
    try {
      const setup = await service.invoke('auth.setup', { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD });
      expect(setup.ok).toBe(true);
      const session = (setup as { value: SignedIn }).value.sessionId;
      expect(await service.invoke('settings.update', { locale: 'en' }, session)).toMatchObject({ ok: true });
      await until(allCopied(file), 'checkpointed by the service thread’s checkpointer');
    } finally {
      await service.close();
    }
  });
});

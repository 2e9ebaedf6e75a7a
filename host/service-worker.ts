// The service thread: creates the data service inside a worker_threads Worker and answers the
// hosts' messages, so no SQL runs on the thread that serves the window or the HTTP loop. Backups
// copy in a second, short-lived worker (host/backup-worker.ts) while this one keeps answering, and
// so are return packages written and read (host/package-worker.ts).
import fs from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createService, type PackageThreadOptions, type Service } from '../db/service';
import { partialPath } from '../db/files';
import type { PackageOutcome } from '../db/returns/export';
import type { PackageReading } from '../db/returns/consolidate';
import type { JobContext } from '../db/jobs';
import { createClock } from '../db/clock';
import { planBackup, rotateBackups, type BackupWriter } from '../db/backup';
import { getSetting } from '../db/settings';
import { DomainError, type Result } from '../db/errors';
import type { BackupFile } from '../db/trust/contract';
import type { PackageReply, PackageTask, ServiceThreadOptions, ThreadReply, ThreadRequest } from './thread-protocol';

const options = workerData as ServiceThreadOptions;
const port = parentPort!;

/** Backups under way; another backup, a restore or a re-key waits for them. */
let pending: Promise<BackupFile> | null = null;
/** Calls that must not run while a copy of the file is being read. */
const AFTER_BACKUPS = new Set(['backup.now', 'backup.restore', 'security.setPassphrase']);

function backupInThread(file: string, passphrase: string | undefined, plan: ReturnType<typeof planBackup>): Promise<BackupFile> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(options.backupWorkerFile, {
      workerData: { file, passphrase, plan, delayMs: options.backupDelayMs ?? 0 },
    });
    worker.once('message', (reply: { ok: true; value: BackupFile } | { ok: false; message: string }) =>
      reply.ok ? resolve(reply.value) : reject(new Error(reply.message)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`backup thread exited with ${code}`)));
  });
}

/**
 * Hands the copy to the backup thread and answers at once with the file's name; the service's
 * audit entry names the file, and invoke() below waits for the copy before answering the caller.
 */
const backupWriter: BackupWriter = (_db, dataFile, kind, now, passphrase) => {
  const plan = planBackup(dataFile, kind, now);
  pending = backupInThread(dataFile, passphrase, plan);
  return plan.described;
};

async function settleBackups(): Promise<void> {
  const waiting = pending;
  if (!waiting) return;
  try {
    await waiting;
  } catch {
    // The call that started it reports the failure.
  } finally {
    if (pending === waiting) pending = null;
  }
}

/** How often work waiting on the package thread looks whether its job was cancelled. */
const CANCEL_CHECK_MS = 100;
/** An idle package thread is kept this long for the next task (an import reads many packages). */
const KEEP_IDLE_MS = 10_000;

/** A package thread that finished its task and waits for another, ended if none comes. */
let idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;

function takePackageThread(workerFile: string): Worker {
  if (idle) {
    const { worker, timer } = idle;
    idle = null;
    clearTimeout(timer);
    worker.ref();
    return worker;
  }
  const worker = new Worker(workerFile, { workerData: { delayMs: options.packageDelayMs ?? 0 } });
  // An idle thread that fails or ends is forgotten, never an uncaught error here.
  worker.on('error', (error) => console.error('package thread failed', error));
  worker.on('exit', () => {
    if (idle?.worker !== worker) return;
    clearTimeout(idle.timer);
    idle = null;
  });
  return worker;
}

function giveBack(worker: Worker): void {
  if (idle) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    if (idle?.worker === worker) idle = null;
    void worker.terminate();
  }, KEEP_IDLE_MS);
  timer.unref();
  idle = { worker, timer };
}

/**
 * Runs one task in a package thread: this thread only sends it, relays its progress, and, when
 * the job is cancelled, ends the thread (and removes what `leftover` names).
 */
async function inPackageThread<T>(workerFile: string, task: PackageTask, job: JobContext, progress: (done: number, total?: number) => void, leftover?: string): Promise<T> {
  const worker = takePackageThread(workerFile);
  let finished = false;
  const listeners: { message?: (reply: PackageReply) => void; error?: (error: Error) => void; exit?: (code: number) => void } = {};
  const outcome = new Promise<T>((resolve, reject) => {
    listeners.message = (reply) => {
      if (reply.type === 'progress') progress(reply.done, reply.total);
      else if (reply.type === 'done') resolve(reply.value as T);
      else if (reply.error) reject(new DomainError(reply.error));
      else if (reply.sqliteCode) reject(new Database.SqliteError(reply.message, reply.sqliteCode));
      else reject(new Error(`package thread: ${reply.message}`));
    };
    listeners.error = reject;
    listeners.exit = (code) => reject(new Error(`package thread exited with ${code}`));
  });
  worker.on('message', listeners.message!);
  worker.on('error', listeners.error!);
  worker.on('exit', listeners.exit!);
  const detach = () => {
    worker.off('message', listeners.message!);
    worker.off('error', listeners.error!);
    worker.off('exit', listeners.exit!);
  };
  outcome.then(
    () => (finished = true),
    () => (finished = true),
  );
  worker.postMessage(task);
  try {
    while (!finished) {
      await Promise.race([outcome.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CANCEL_CHECK_MS))]);
      if (!finished) await job.pause(); // throws JobCancelled once the user cancelled
    }
    const value = await outcome;
    detach();
    giveBack(worker);
    return value;
  } catch (error) {
    detach();
    await worker.terminate();
    if (leftover) fs.rmSync(leftover, { force: true });
    throw error;
  }
}

function packageThread(workerFile: string): PackageThreadOptions {
  return {
    write: ({ dataFile, passphrase, plan }, job) =>
      inPackageThread<PackageOutcome>(workerFile, { task: 'write', dataFile, passphrase, plan }, job, job.progress, partialPath(plan.target)),
    read: (file, job, progress) => inPackageThread<PackageReading>(workerFile, { task: 'read', file }, job, (rows) => progress(rows)),
  };
}

let service: Service;
try {
  service = createService({
    dataFile: options.dataFile,
    host: options.host,
    appVersion: options.appVersion,
    clock: createClock(options.today),
    backupWriter,
    ...(options.packageWorkerFile ? { packageThread: packageThread(options.packageWorkerFile) } : {}),
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
  });
  port.postMessage({ type: 'ready' } satisfies ThreadReply);
} catch (error) {
  const failure = error instanceof DomainError ? error.error : { code: 'INTERNAL', params: { message: String(error) } };
  port.postMessage({ type: 'failed', error: failure } satisfies ThreadReply);
  process.exit(1);
}

async function invoke(name: unknown, input: unknown, session: string | undefined): Promise<Result<unknown>> {
  if (typeof name === 'string' && AFTER_BACKUPS.has(name)) await settleBackups();
  const result = service.dispatch(name, input, session);
  if (name !== 'backup.now' || !result.ok || !pending) return result;
  const copying = pending;
  try {
    return { ok: true, value: await copying };
  } catch (error) {
    console.error('backup failed', error);
    return { ok: false, error: { code: 'INTERNAL' } };
  } finally {
    if (pending === copying) pending = null;
  }
}

async function autoBackup(): Promise<void> {
  if (pending) return;
  service.autoBackup();
  const copying = pending as Promise<BackupFile> | null;
  if (!copying) return;
  try {
    await copying;
    // The copy was not finished when the service rotated; rotate again now that it is.
    rotateBackups(options.dataFile, getSetting(service.db, 'backup.keep', createClock(options.today).today(), 14));
  } catch (error) {
    console.error('automatic backup failed', error);
  } finally {
    if (pending === copying) pending = null;
  }
}

async function answer(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'invoke':
      return invoke(request.name, request.input, request.session);
    case 'redeemDownload':
      return service.redeemDownload(request.ticket, request.keep);
    case 'autoBackup':
      return autoBackup();
    case 'close':
      await settleBackups();
      service.close();
      return null;
    case 'crash':
      if (options.testHooks) process.exit(70);
      return null;
  }
}

port.on('message', (request: ThreadRequest) => {
  answer(request).then(
    (result) => port.postMessage({ type: 'answer', id: request.id, result } satisfies ThreadReply),
    (error: unknown) => {
      console.error(`service thread: ${request.op} failed`, error);
      const result: Result<unknown> = { ok: false, error: { code: 'INTERNAL' } };
      port.postMessage({ type: 'answer', id: request.id, result: request.op === 'invoke' ? result : null } satisfies ThreadReply);
    },
  );
});

// The service's side of the package thread (host/package-worker.ts): return packages are written
// and read there, so their sorts, counts and hashing never hold the service thread. This side only
// sends a task, relays its progress to the job, and, when the job is cancelled, ends the thread
// (removing the .partial file of a package being written). One idle thread is kept a while for
// the next task: an import reads many packages.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { DomainError } from '../db/errors';
import { partialPath } from '../db/files';
import type { JobContext } from '../db/jobs';
import type { PackageThreadOptions } from '../db/service';
import type { PackageOutcome } from '../db/returns/export';
import type { PackageReading } from '../db/returns/consolidate';
import type { PackageReply, PackageTask } from './thread-protocol';

/** How often work waiting on the package thread looks whether its job was cancelled. */
const CANCEL_CHECK_MS = 100;
/** An idle package thread is kept this long for the next task (an import reads many packages). */
const KEEP_IDLE_MS = 10_000;

/** A package thread that finished its task and waits for another, ended if none comes. */
let idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;

function takePackageThread(workerFile: string, delayMs: number): Worker {
  if (idle) {
    const { worker, timer } = idle;
    idle = null;
    clearTimeout(timer);
    worker.ref();
    return worker;
  }
  const worker = new Worker(workerFile, { workerData: { delayMs: delayMs } });
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
async function inPackageThread<T>(workerFile: string, delayMs: number, task: PackageTask, job: JobContext, progress: (done: number, total?: number) => void, leftover?: string): Promise<T> {
  const worker = takePackageThread(workerFile, delayMs);
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

/**
 * Return-package work for createService's `packageThread`, done in host/package-worker.ts
 * (`workerFile`, its bundle); `delayMs` stretches each task (tests only).
 */
export function packageThread(workerFile: string, delayMs = 0): PackageThreadOptions {
  return {
    write: ({ dataFile, passphrase, plan }, job) =>
      inPackageThread<PackageOutcome>(workerFile, delayMs, { task: 'write', dataFile, passphrase, plan }, job, job.progress, partialPath(plan.target)),
    read: (file, job, progress) => inPackageThread<PackageReading>(workerFile, delayMs, { task: 'read', file }, job, (rows) => progress(rows)),
  };
}

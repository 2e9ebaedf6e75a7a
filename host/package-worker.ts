// The package thread: one short-lived worker that writes a return package (a centre's export or
// an office's consolidation sent upward) from its own read-only connection, or reads a package
// an office imports for its checksum, so the sorting, counting and hashing never hold the service
// thread. Tasks come as messages, one at a time (an import's many packages reuse one thread); it
// reports progress as messages; the service thread cancels a task by ending the thread (and
// removing the .partial file of a package being written).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyKey } from '../db/cipher';
import { DomainError } from '../db/errors';
import type { JobContext } from '../db/jobs';
import { packageFromSnapshot } from '../db/returns/export';
import { readPackage } from '../db/returns/consolidate';
import { openPackage } from '../db/returns/inspect';
import type { PackageReply, PackageTask } from './thread-protocol';

const { delayMs } = workerData as { delayMs: number };
const port = parentPort!;

async function run(task: PackageTask, job: JobContext): Promise<unknown> {
  if (task.task === 'read') {
    const opened = openPackage(task.file);
    try {
      return await readPackage(opened, job, (rows) => job.progress(rows));
    } finally {
      opened.db.close();
    }
  }
  // Read-write only so it can write the package it attaches; it reads the data file and writes nothing there.
  const snap = new Database(task.dataFile, { fileMustExist: true });
  try {
    if (task.passphrase !== undefined) applyKey(snap, task.passphrase);
    snap.pragma('busy_timeout = 5000');
    return await packageFromSnapshot(snap, task.plan, job);
  } finally {
    if (snap.open) snap.close();
  }
}

/** One task at a time: the service thread sends the next only after this one's answer. */
async function handle(task: PackageTask): Promise<void> {
  const cleanups: (() => void)[] = [];
  let stretched = false;
  const job: JobContext = {
    progress(done, total) {
      port.postMessage({ type: 'progress', done, ...(total === undefined ? {} : { total }) } satisfies PackageReply);
      // Tests stretch a small package once work on it has begun (a package being written has its
      // .partial file), to prove the service answers meanwhile and that cancelling leaves no file.
      if (!stretched && delayMs > 0) {
        stretched = true;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delayMs);
      }
    },
    // Nobody else runs in this thread; the service thread cancels by ending it.
    pause: () => Promise.resolve(),
    onAbort: (cleanup) => cleanups.push(cleanup),
  };
  try {
    const value = await run(task, job);
    port.postMessage({ type: 'done', value } satisfies PackageReply);
  } catch (error) {
    for (const cleanup of cleanups.reverse()) {
      try {
        cleanup();
      } catch {
        // The service thread removes the .partial file again.
      }
    }
    port.postMessage({
      type: 'failed',
      error: error instanceof DomainError ? error.error : null,
      // A damaged package file is the package's fault, not the app's: the reader words it so.
      sqliteCode: error instanceof Database.SqliteError ? error.code : null,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies PackageReply);
  }
}

port.on('message', (task: PackageTask) => void handle(task));

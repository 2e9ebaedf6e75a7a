// The package thread: one short-lived worker that writes a return package (a centre's export or
// an office's consolidation sent upward) from its own read-only connection, so the sorting,
// counting and hashing never hold the service thread. It reports progress as messages; the service
// thread cancels it by ending the thread and removing the .partial file.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyKey } from '../db/open';
import { DomainError } from '../db/errors';
import type { JobContext } from '../db/jobs';
import { packageFromSnapshot, type PackagePlan } from '../db/returns/export';
import type { PackageReply } from './thread-protocol';

const task = workerData as { dataFile: string; passphrase: string | undefined; plan: PackagePlan; delayMs: number };
const port = parentPort!;
const cleanups: (() => void)[] = [];
let stretched = false;

const job: JobContext = {
  progress(done, total) {
    port.postMessage({ type: 'progress', done, ...(total === undefined ? {} : { total }) } satisfies PackageReply);
    // Tests stretch a small export once its .partial file exists, to prove the service answers
    // meanwhile and that cancelling then leaves no file.
    if (!stretched && task.delayMs > 0) {
      stretched = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, task.delayMs);
    }
  },
  // Nobody else runs in this thread; the service thread cancels by ending it.
  pause: () => Promise.resolve(),
  onAbort: (cleanup) => cleanups.push(cleanup),
};

// No top-level await: Electron's copy of this thread is CommonJS.
async function main(): Promise<void> {
  const snap = new Database(task.dataFile, { readonly: true, fileMustExist: true });
  try {
    if (task.passphrase !== undefined) applyKey(snap, task.passphrase);
    snap.pragma('busy_timeout = 5000');
    const outcome = await packageFromSnapshot(snap, task.plan, job);
    port.postMessage({ type: 'done', outcome } satisfies PackageReply);
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
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies PackageReply);
  } finally {
    if (snap.open) snap.close();
  }
}

void main();

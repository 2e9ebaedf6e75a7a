// The backup thread: one short-lived worker that copies the data file (VACUUM INTO on its own
// read-only connection, keyed when encrypted), so the service thread keeps answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { copyDatabase, type BackupPlan } from '../db/backup';

const job = workerData as { file: string; passphrase: string | undefined; plan: BackupPlan; delayMs: number };

try {
  // Tests stretch a small backup to prove the service is not waiting for it.
  if (job.delayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, job.delayMs);
  const value = copyDatabase({ file: job.file, passphrase: job.passphrase }, job.plan);
  parentPort!.postMessage({ ok: true, value });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}

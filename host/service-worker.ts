// The service thread: creates the data service inside a worker_threads Worker and answers the
// hosts' messages, so no SQL runs on the thread that serves the window or the HTTP loop. Backups
// copy in a second, short-lived worker (host/backup-worker.ts) while this one keeps answering, and
// so are return packages written and read (host/package-worker.ts), and the write-ahead log is
// checkpointed in a third (host/checkpoint-worker.ts), so no commit waits for the disk.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { createService, type Service } from '../db/service';
import { packageThread } from './package-thread';
import { checkpointThread } from './checkpoint-thread';
import { createClock } from '../db/clock';
import { planBackup, rotateBackups, type BackupWriter } from '../db/backup';
import { getSetting } from '../db/settings';
import { DomainError, type Result } from '../db/errors';
import type { BackupFile } from '../db/trust/contract';
import type { ServiceThreadOptions, ThreadReply, ThreadRequest } from './thread-protocol';
import type { CallOrigin } from '../db/service/caller';

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

let service: Service;
try {
  service = createService({
    dataFile: options.dataFile,
    host: options.host,
    appVersion: options.appVersion,
    clock: createClock(options.today),
    backupWriter,
    ...(options.packageWorkerFile ? { packageThread: packageThread(options.packageWorkerFile, options.packageDelayMs ?? 0) } : {}),
    ...(options.checkpointWorkerFile ? { checkpointer: checkpointThread(options.checkpointWorkerFile) } : {}),
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
  });
  port.postMessage({ type: 'ready' } satisfies ThreadReply);
} catch (error) {
  const failure = error instanceof DomainError ? error.error : { code: 'INTERNAL', params: { message: String(error) } };
  port.postMessage({ type: 'failed', error: failure } satisfies ThreadReply);
  process.exit(1);
}

async function invoke(name: unknown, input: unknown, session: string | undefined, origin: CallOrigin | undefined): Promise<Result<unknown>> {
  if (typeof name === 'string' && AFTER_BACKUPS.has(name)) await settleBackups();
  const result = service.dispatch(name, input, session, origin);
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
      return invoke(request.name, request.input, request.session, request.origin);
    case 'redeemDownload':
      return service.redeemDownload(request.ticket, request.keep, request.session);
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

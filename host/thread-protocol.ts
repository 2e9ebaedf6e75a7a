// The messages between a host and the service thread: the contract's own call shape
// (name, input, session) plus the few things a host itself needs (downloads, backups, close).
import type { AppError, Result } from '../db/errors';
import type { PackagePlan } from '../db/returns/export';
import type { CallOrigin } from '../db/service/caller';

export interface ServiceThreadOptions {
  dataFile: string;
  host: 'electron' | 'browser';
  appVersion: string;
  /** Pins "today" (tests, REHABDESK_TODAY). */
  today?: string;
  passphrase?: string;
  /** The bundled backup thread (host/backup-worker.ts). */
  backupWorkerFile: string;
  /** Tests only: makes each backup take at least this long, to prove the service answers meanwhile. */
  backupDelayMs?: number;
  /** The bundled package thread (host/package-worker.ts); without it, return packages are written in the service thread. */
  packageWorkerFile?: string;
  /** The bundled checkpoint thread (host/checkpoint-worker.ts); without it, SQLite checkpoints the log inside commits. */
  checkpointWorkerFile?: string;
  /** Tests only: each package write (or read) stops this long once it has begun (a written one has its .partial file). */
  packageDelayMs?: number;
  /** Tests only: the thread accepts the `crash` request (exits as an uncaught error would). */
  testHooks?: boolean;
}

export type ThreadRequest = { id: number } & (
  | { op: 'invoke'; name: unknown; input: unknown; session: string | undefined; origin?: CallOrigin }
  | { op: 'redeemDownload'; ticket: string; keep: boolean; session?: string }
  | { op: 'autoBackup' }
  | { op: 'close' }
  | { op: 'crash' }
);

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'failed'; error: AppError }
  | { type: 'answer'; id: number; result: unknown };

export type { Result };

/** What the package thread is started to do: write a package from the data file, or read one for its checksum. */
export type PackageTask =
  | { task: 'write'; dataFile: string; passphrase: string | undefined; plan: PackagePlan }
  | { task: 'read'; file: string };

/** What the package thread tells the service thread. */
export type PackageReply =
  | { type: 'progress'; done: number; total?: number }
  | { type: 'done'; value: unknown }
  | { type: 'failed'; error: AppError | null; sqliteCode: string | null; message: string };

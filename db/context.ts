// What every area module gets from the service: the open file, the clock, and who is acting.
import type { Clock } from './clock';
import type { Db } from './open';
import type { Jobs } from './jobs';
import type { ExportedFile } from './files';

export interface AreaContext {
  db: Db;
  clock: Clock;
  /**
   * The name recorded as "who" on changes: the account whose call is being served (dispatch
   * hands each handler its caller and runs it in that caller's scope; a job keeps the scope of
   * the call that started it).
   */
  actor(): string;
  /** Long work: start a job (owned by the caller: only they may read or cancel it), polled by jobs.get. */
  jobs: Jobs;
  /** The data file's path (exports go to a folder beside it). */
  dataFile: string;
  /** Whether the data file is encrypted (exports are not: their results say so). */
  encrypted(): boolean;
  /**
   * A second, read-only connection to the same file (keyed when encrypted) for jobs that read a
   * consistent snapshot while the app goes on writing. The caller closes it. `writable`: opened
   * read-write so it can write a file it attaches (a return package); it only reads the data file.
   */
  openSnapshot(options?: { writable?: boolean }): Db;
  /** Makes a finished export downloadable (put the returned fileId in the job's result). */
  exportFile(file: string): ExportedFile;
  /** Records an event in the audit trail (exports, for example), in the caller's transaction. */
  audit(action: string, target: string, detail?: unknown): void;
}

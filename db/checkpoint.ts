// Checkpoints of the data file's write-ahead log, run on a connection of their own in a thread of
// their own (host/checkpoint-thread.ts starts it). SQLite's automatic checkpoint runs inside the
// commit that fills the log past 1,000 pages, and a checkpoint fsyncs the data file: that commit
// then waited for the disk to take every page earlier writes left in the OS's cache (removing a
// 100,000-line claim draft took 0.95-1.1 s with it, 0.6-0.7 s without). Once the checkpoint thread
// runs, the service's connection turns the automatic one off and no call's commit waits for an fsync.
import Database from 'better-sqlite3';
import { applyKey } from './cipher';

/**
 * How a service drives the checkpoints of its file. createService starts them when it opens the
 * file and stops them (stop() returns once the checkpoint connection is closed) before it closes,
 * restores or re-keys it.
 */
export interface Checkpointer {
  /**
   * Starts checkpointing `file` (a no-op while started). `running`: the thread checkpoints from now
   * on (the service then turns SQLite's own checkpoints off); `failed`: it stopped on its own.
   */
  start(file: string, passphrase: string | undefined, on: { running(): void; failed(): void }): void;
  /** Stops and closes the checkpoint connection, waiting for a checkpoint under way to end. */
  stop(): void;
}

/** The states of the flag a service and its checkpoint thread share (one Int32 in a SharedArrayBuffer). */
/**
 * True once a connection has handed its file's checkpoints to the checkpoint thread: the service
 * turns SQLite's own off (wal_autocheckpoint 0) when the thread reports it runs.
 */
export function checkpointsHandedOver(db: Database.Database): boolean {
  return db.pragma('wal_autocheckpoint', { simple: true }) === 0;
}

export const CHECKPOINT_STATE = { booting: 0, running: 1, stop: 2, stopped: 3 } as const;

export interface CheckpointLoop {
  file: string;
  passphrase: string | undefined;
  /** How often the loop looks whether the file changed (PRAGMA data_version) and, if so, checkpoints. */
  everyMs: number;
  flag: Int32Array;
}

/**
 * The checkpoint thread's whole life: opens its connection (unless stopped before it began) and
 * says so through `running`, then every `everyMs`, if another connection committed since the last
 * look (or at the first), runs a PASSIVE checkpoint: it copies what no reader still needs and never
 * waits for a lock, so it never holds up the service. Returns, its connection closed, once the flag
 * says stop; throws if SQLite fails.
 */
export function runCheckpoints(loop: CheckpointLoop, running: () => void): void {
  const { flag } = loop;
  if (Atomics.compareExchange(flag, 0, CHECKPOINT_STATE.booting, CHECKPOINT_STATE.running) !== CHECKPOINT_STATE.booting) return;
  let db: Database.Database | null = null;
  try {
    db = new Database(loop.file, { fileMustExist: true, timeout: 0 });
    if (loop.passphrase !== undefined) applyKey(db, loop.passphrase);
    const version = db.prepare('PRAGMA data_version').pluck();
    const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
    // The first look always checkpoints: the log may hold what was written before this thread began.
    let seen: unknown = null;
    running();
    while (Atomics.wait(flag, 0, CHECKPOINT_STATE.running, loop.everyMs) === 'timed-out') {
      const now = version.get();
      if (now === seen) continue;
      seen = now;
      checkpoint.get();
    }
  } finally {
    db?.close();
    Atomics.store(flag, 0, CHECKPOINT_STATE.stopped);
    Atomics.notify(flag, 0);
  }
}

// The service's side of the checkpoint thread (host/checkpoint-worker.ts): starts it on the open
// file a little after the file opens (its start-up would otherwise compete with the first screen's
// for the CPU), and stops it synchronously (restore and re-key go on at once) through a flag the
// two threads share, so stopping never waits on this thread's event loop.
import { Worker } from 'node:worker_threads';
import { CHECKPOINT_STATE, type Checkpointer } from '../db/checkpoint';

/** A stop waits at most this long for a checkpoint under way (one copies at most the log's pages). */
const STOP_WAIT_MS = 30_000;

export interface CheckpointThreadOptions {
  /** How often it looks for new commits (default 1 s). */
  everyMs?: number;
  /**
   * How long after start() the thread is started (default 5 s: past the first screen even on a busy
   * PC, where its start-up would take the CPU from the sign-in; until it runs, SQLite checkpoints inline).
   */
  startAfterMs?: number;
}

/** A started checkpointer: waiting for its delay (timer), or its thread (worker), and their shared flag. */
interface Started {
  timer: NodeJS.Timeout | null;
  worker: Worker | null;
  flag: Int32Array;
}

export function checkpointThread(workerFile: string, options: CheckpointThreadOptions = {}): Checkpointer {
  const everyMs = options.everyMs ?? 1000;
  const startAfterMs = options.startAfterMs ?? 5000;
  let current: Started | null = null;
  return {
    start(file, passphrase, on) {
      if (current) return;
      const mine: Started = { timer: null, worker: null, flag: new Int32Array(new SharedArrayBuffer(4)) };
      current = mine;
      const ended = (error?: unknown) => {
        if (current !== mine) return;
        current = null;
        console.error('checkpoint thread stopped on its own; SQLite checkpoints inline again', error ?? '');
        on.failed();
      };
      const spawn = () => {
        mine.timer = null;
        const worker = new Worker(workerFile, { workerData: { file, passphrase, everyMs, flag: mine.flag } });
        mine.worker = worker;
        worker.on('message', (message: unknown) => {
          if (message === 'running' && current === mine) on.running();
        });
        worker.on('error', ended);
        worker.on('exit', () => ended());
        // It never keeps a process alive (closing the service stops it). After the listeners: a
        // 'message' listener refs the worker's port again.
        worker.unref();
      };
      if (startAfterMs <= 0) spawn();
      else {
        mine.timer = setTimeout(spawn, startAfterMs);
        mine.timer.unref();
      }
    },
    stop() {
      const stopping = current;
      if (!stopping) return;
      current = null;
      if (stopping.timer) clearTimeout(stopping.timer);
      const { flag, worker } = stopping;
      if (!worker) return;
      // Not begun yet: it will see "stopped" and never open a connection.
      if (Atomics.compareExchange(flag, 0, CHECKPOINT_STATE.booting, CHECKPOINT_STATE.stopped) !== CHECKPOINT_STATE.booting) {
        if (Atomics.compareExchange(flag, 0, CHECKPOINT_STATE.running, CHECKPOINT_STATE.stop) === CHECKPOINT_STATE.running) {
          Atomics.notify(flag, 0);
          if (Atomics.wait(flag, 0, CHECKPOINT_STATE.stop, STOP_WAIT_MS) === 'timed-out') console.error('checkpoint thread did not stop in time');
        }
      }
      void worker.terminate();
    },
  };
}

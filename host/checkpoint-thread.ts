// The service's side of the checkpoint thread (host/checkpoint-worker.ts): starts it on the open
// file, and stops it synchronously (restore and re-key go on at once) through a flag the two
// threads share, so stopping never waits on this thread's event loop.
import { Worker } from 'node:worker_threads';
import { CHECKPOINT_STATE, type Checkpointer } from '../db/checkpoint';

/** A stop waits at most this long for a checkpoint under way (one copies at most the log's pages). */
const STOP_WAIT_MS = 30_000;

export function checkpointThread(workerFile: string, everyMs = 1000): Checkpointer {
  let running: { worker: Worker; flag: Int32Array } | null = null;
  return {
    start(file, passphrase, failed) {
      if (running) return;
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(workerFile, { workerData: { file, passphrase, everyMs, flag } });
      // It never keeps a process alive: closing the service stops it.
      worker.unref();
      const mine = { worker, flag };
      running = mine;
      const ended = (error?: unknown) => {
        if (running !== mine) return;
        running = null;
        console.error('checkpoint thread stopped on its own; the service checkpoints inline again', error ?? '');
        failed();
      };
      worker.on('error', ended);
      worker.on('exit', () => ended());
    },
    stop() {
      const current = running;
      if (!current) return;
      running = null;
      const { flag, worker } = current;
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

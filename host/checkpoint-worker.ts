// The checkpoint thread: checkpoints the data file's write-ahead log on its own connection until
// the service stops it (db/checkpoint.ts). Started by host/checkpoint-thread.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { runCheckpoints, type CheckpointLoop } from '../db/checkpoint';

runCheckpoints(workerData as CheckpointLoop, () => parentPort!.postMessage('running'));

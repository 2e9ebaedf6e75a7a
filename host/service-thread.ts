// The hosts' side of the service thread: starts host/service-worker.ts and forwards calls to it as
// messages, so the window's process and the HTTP loop never wait for SQLite. `inProcess` gives
// the same interface over a service in this thread (unit tests of the hosts).
import { Worker } from 'node:worker_threads';
import { DomainError, type Result } from '../db/errors';
import type { ExportedFile } from '../db/files';
import type { Service } from '../db/service';
import type { ServiceThreadOptions, ThreadReply, ThreadRequest } from './thread-protocol';

/** What a host needs from the service: the contract call, downloads, backups, close. */
export interface ServiceClient {
  invoke(name: unknown, input: unknown, session?: string): Promise<Result<unknown>>;
  /** The file behind a download ticket; `keep` leaves the ticket unused (HEAD). */
  redeemDownload(ticket: string, keep?: boolean): Promise<ExportedFile | null>;
  /** Today's automatic backup, if there is none yet. */
  autoBackup(): Promise<void>;
  close(): Promise<void>;
}

type Request = ThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/**
 * Starts the service thread and resolves once the data file is open; rejects with the
 * DomainError createService() threw (a newer schema, not our file) so hosts word it as before.
 */
export function startServiceThread(workerFile: string, options: ServiceThreadOptions): Promise<ServiceClient> {
  const worker = new Worker(workerFile, { workerData: options });
  const waiting = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  let exited = false;

  const send = <T>(request: Request, whenGone: T): Promise<T> => {
    if (exited) return Promise.resolve(whenGone);
    const id = nextId++;
    return new Promise<T>((resolve) => {
      waiting.set(id, resolve as (result: unknown) => void);
      worker.postMessage({ ...request, id } as ThreadRequest);
    });
  };

  const gone: Result<unknown> = { ok: false, error: { code: 'INTERNAL' } };
  const client: ServiceClient = {
    invoke: (name, input, session) => send({ op: 'invoke', name, input, session }, gone),
    redeemDownload: (ticket, keep = false) => send({ op: 'redeemDownload', ticket, keep }, null as ExportedFile | null),
    autoBackup: () => send({ op: 'autoBackup' }, undefined).then(() => undefined),
    close: async () => {
      await send({ op: 'close' }, null);
      await worker.terminate();
    },
  };

  return new Promise((resolve, reject) => {
    worker.on('message', (reply: ThreadReply) => {
      if (reply.type === 'ready') resolve(client);
      else if (reply.type === 'failed') reject(new DomainError(reply.error));
      else {
        waiting.get(reply.id)?.(reply.result);
        waiting.delete(reply.id);
      }
    });
    worker.on('error', (error) => {
      console.error('service thread failed', error);
      reject(error);
    });
    worker.on('exit', () => {
      exited = true;
      // Calls still waiting get an answer, never a hang.
      for (const resolveWaiting of waiting.values()) resolveWaiting(gone);
      waiting.clear();
      reject(new Error('service thread exited before it was ready'));
    });
  });
}

/** The same interface over a service running in this thread. */
export function inProcess(service: Service): ServiceClient {
  return {
    invoke: async (name, input, session) => service.dispatch(name, input, session),
    redeemDownload: async (ticket, keep) => service.redeemDownload(ticket, keep),
    autoBackup: async () => service.autoBackup(),
    close: async () => service.close(),
  };
}

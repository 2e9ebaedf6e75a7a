// The hosts' side of the service thread: starts host/service-worker.ts and forwards calls to it as
// messages, so the window's process and the HTTP loop never wait for SQLite. `inProcess` gives
// the same interface over a service in this thread (unit tests of the hosts).
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import { DomainError, type Result } from '../db/errors';
import type { ExportedFile } from '../db/files';
import type { Service } from '../db/service';
import type { CallOrigin } from '../db/service/caller';
import type { ServiceThreadOptions, ThreadReply, ThreadRequest } from './thread-protocol';

/** What a host needs from the service: the contract call, downloads, backups, close. */
export interface ServiceClient {
  /** `origin`: the workstation a call over the centre's network came from; hosts serving this PC pass none. */
  invoke(name: unknown, input: unknown, session?: string, origin?: CallOrigin): Promise<Result<unknown>>;
  /**
   * The file behind a download ticket; `keep` leaves the ticket unused (HEAD); `session`, where the
   * host knows who downloads (the centre server), must be the session that asked for the link.
   */
  redeemDownload(ticket: string, keep?: boolean, session?: string): Promise<ExportedFile | null>;
  /**
   * A download whose bytes are not on this PC (a client of a centre fetches them from the server):
   * hosts use it instead of redeemDownload when it is there (host/downloads.ts openDownload).
   */
  streamDownload?(ticket: string, keep?: boolean, session?: string): Promise<DownloadStream | null>;
  /** Today's automatic backup, if there is none yet. */
  autoBackup(): Promise<void>;
  close(): Promise<void>;
}

/** A download as a stream: its name and size for the headers, and its bytes (none for HEAD). */
export interface DownloadStream {
  name: string;
  size: number;
  body: Readable | null;
}

type Request = ThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The thread died on its own (not by close): calls waiting on it get this, then it starts again. */
const RESTARTED: Result<unknown> = { ok: false, error: { code: 'SERVICE_RESTARTED' } };
/** More unexpected exits than this within RESTART_WINDOW_MS and the host stops restarting it. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

export interface ServiceThreadClient extends ServiceClient {
  /** Times the thread died on its own and was started again. */
  readonly restarts: number;
  /** Tests only (options.testHooks): makes the thread exit as a crash would. */
  crashForTest(): void;
}

/**
 * Starts the service thread and resolves once the data file is open; rejects with the
 * DomainError createService() threw (a newer schema, not our file) so hosts word it as before.
 * A thread that dies later (an uncaught error, out of memory) is started again on the same file:
 * calls that were waiting get SERVICE_RESTARTED (each write is one transaction, so it either
 * happened or not; the user is asked to check), sessions are gone, so the window signs in again.
 */
export function startServiceThread(workerFile: string, options: ServiceThreadOptions): Promise<ServiceThreadClient> {
  let worker: Worker;
  const waiting = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  let closing = false;
  let down = false;
  const exits: number[] = [];
  let restarts = 0;
  /** Requests made while a new thread is starting wait for it. */
  let ready: Promise<void> = Promise.resolve();

  const send = <T>(request: Request, whenGone: T): Promise<T> =>
    ready.then(
      () =>
        new Promise<T>((resolve) => {
          if (down) return resolve(whenGone);
          const id = nextId++;
          waiting.set(id, resolve as (result: unknown) => void);
          worker.postMessage({ ...request, id } as ThreadRequest);
        }),
      () => whenGone,
    );

  const gone: Result<unknown> = { ok: false, error: { code: 'INTERNAL' } };
  const client: ServiceThreadClient = {
    invoke: (name, input, session, origin) => send({ op: 'invoke', name, input, session, ...(origin ? { origin: { workstation: origin.workstation } } : {}) }, gone),
    redeemDownload: (ticket, keep = false, session) => send({ op: 'redeemDownload', ticket, keep, ...(session === undefined ? {} : { session }) }, null as ExportedFile | null),
    autoBackup: () => send({ op: 'autoBackup' }, undefined).then(() => undefined),
    close: async () => {
      await send({ op: 'close' }, null);
      closing = true;
      await worker.terminate();
    },
    get restarts() {
      return restarts;
    },
    crashForTest: () => {
      if (options.testHooks) worker.postMessage({ op: 'crash', id: 0 } satisfies ThreadRequest);
    },
  };

  /** One thread's life: resolves when its file is open, rejects if it could not open it. */
  const spawn = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let opened = false;
      const thread = new Worker(workerFile, { workerData: options });
      worker = thread;
      thread.on('message', (reply: ThreadReply) => {
        if (reply.type === 'ready') {
          opened = true;
          resolve();
        } else if (reply.type === 'failed') reject(new DomainError(reply.error));
        else {
          waiting.get(reply.id)?.(reply.result);
          waiting.delete(reply.id);
        }
      });
      thread.on('error', (error) => {
        console.error('service thread failed', error);
        if (!opened) reject(error);
      });
      thread.on('exit', (code) => {
        // Calls still waiting get an answer, never a hang.
        const answer = closing || !opened ? gone : RESTARTED;
        for (const resolveWaiting of waiting.values()) resolveWaiting(answer);
        waiting.clear();
        if (!opened) {
          down = true;
          reject(new Error('service thread exited before it was ready'));
          return;
        }
        if (closing) {
          down = true;
          return;
        }
        const now = Date.now();
        exits.push(now);
        while (exits.length > 0 && exits[0]! < now - RESTART_WINDOW_MS) exits.shift();
        if (exits.length > MAX_RESTARTS) {
          console.error(`service thread exited (code ${code}) ${exits.length} times within a minute; not restarting`);
          down = true;
          return;
        }
        console.error(`service thread exited unexpectedly (code ${code}); starting it again`);
        restarts += 1;
        ready = spawn().catch((error: unknown) => {
          console.error('the service thread could not start again', error);
          down = true;
        });
      });
    });

  ready = spawn();
  return ready.then(() => client);
}

/** The same interface over a service running in this thread. */
export function inProcess(service: Service): ServiceClient {
  return {
    invoke: async (name, input, session, origin) => service.dispatch(name, input, session, origin),
    redeemDownload: async (ticket, keep, session) => service.redeemDownload(ticket, keep, session),
    autoBackup: async () => service.autoBackup(),
    close: async () => service.close(),
  };
}

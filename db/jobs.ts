// Long work (exports, imports, consolidation) as jobs: started by a call, watched by polling
// jobs.get (progress), stopped by jobs.cancel. A job yields to the event loop between chunks, so
// the service keeps answering the screens while it runs, and cleans up after itself when
// cancelled or failed (no half-written files).
import crypto from 'node:crypto';
import { DomainError, type AppError } from './errors';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobView<R = unknown> {
  id: string;
  kind: string;
  state: JobState;
  /** Units of work done and expected (rows, files…); total 0 while unknown. */
  done: number;
  total: number;
  result: R | null;
  error: AppError | null;
}

export interface JobContext {
  /** Reports progress. */
  progress(done: number, total?: number): void;
  /**
   * Lets the service answer other calls, then goes on; throws JobCancelled when the user
   * cancelled. Call it every few thousand rows.
   */
  pause(): Promise<void>;
  /** Registers clean-up to run if the job does not finish (delete a partial file…). */
  onAbort(cleanup: () => void): void;
}

export class JobCancelled extends Error {
  constructor() {
    super('JOB_CANCELLED');
  }
}

interface Job {
  view: JobView;
  /** The account that started it: only it may read or cancel the job. */
  owner: number | null;
  cancelRequested: boolean;
  cleanups: (() => void)[];
}

const KEEP_FINISHED = 20;

export function createJobs(log: (message: string, error: unknown) => void = () => undefined) {
  const jobs = new Map<string, Job>();

  function forget() {
    const finished = [...jobs.values()].filter((j) => j.view.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(job.view.id);
  }

  /** Starts work in the background and returns its view at once. */
  function start<R>(kind: string, work: (ctx: JobContext) => Promise<R>, owner: number | null = null): JobView<R> {
    const job: Job = {
      owner,
      view: { id: crypto.randomBytes(12).toString('base64url'), kind, state: 'running', done: 0, total: 0, result: null, error: null },
      cancelRequested: false,
      cleanups: [],
    };
    jobs.set(job.view.id, job);
    const ctx: JobContext = {
      progress(done, total) {
        job.view.done = done;
        if (total !== undefined) job.view.total = total;
      },
      pause: () =>
        new Promise((resolve, reject) =>
          setImmediate(() => (job.cancelRequested ? reject(new JobCancelled()) : resolve())),
        ),
      onAbort: (cleanup) => job.cleanups.push(cleanup),
    };
    const abort = () => {
      for (const cleanup of job.cleanups.reverse()) {
        try {
          cleanup();
        } catch (error) {
          log(`job ${kind}: clean-up failed`, error);
        }
      }
    };
    void (async () => {
      await new Promise((resolve) => setImmediate(resolve)); // the starting call returns first
      try {
        if (job.cancelRequested) throw new JobCancelled();
        job.view.result = await work(ctx);
        job.view.state = 'done';
      } catch (error) {
        abort();
        if (error instanceof JobCancelled) job.view.state = 'cancelled';
        else {
          job.view.state = 'failed';
          job.view.error = error instanceof DomainError ? error.error : { code: 'INTERNAL' };
          if (!(error instanceof DomainError)) log(`job ${kind} failed`, error);
        }
      } finally {
        forget();
      }
    })();
    return job.view as JobView<R>;
  }

  /** A job by id; with `owner`, only if that account started it (another's job is not found). */
  function find(id: string, owner?: number): Job | undefined {
    const job = jobs.get(id);
    return job && (owner === undefined || job.owner === owner) ? job : undefined;
  }

  function get(id: string, owner?: number): JobView | null {
    return find(id, owner)?.view ?? null;
  }

  /** Asks a running job to stop; it stops at its next pause and cleans up. */
  function cancel(id: string, owner?: number): JobView | null {
    const job = find(id, owner);
    if (job && job.view.state === 'running') job.cancelRequested = true;
    return job?.view ?? null;
  }

  /** Resolves when the job has finished (tests, and tools without a screen). */
  async function settle(id: string): Promise<JobView> {
    for (;;) {
      const view = get(id);
      if (!view) throw new Error(`no job ${id}`);
      if (view.state !== 'running') return view;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** How many jobs are still running (a restore waits for none). */
  function running(): number {
    return [...jobs.values()].filter((j) => j.view.state === 'running').length;
  }

  return { start, get, cancel, settle, running };
}

export type Jobs = ReturnType<typeof createJobs>;

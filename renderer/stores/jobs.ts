// The one way a store watches a long job (exports, imports, workbooks): ask the service how far it
// got until it stops running, handing each view to the screen; and the one way to cancel it.
import { call } from '../api';
import type { AppError, JobView, Result } from '../../db/contract';

/** How often a running job is asked how far it got. */
export const POLL_MS = 250;

/**
 * The one poll loop: asks `next` every POLL_MS while `running(view)` holds, handing each view
 * (the first one included) to `onView`. Stops early, without a last call, when `wanted` turns
 * false (the screen started other work in its place). Returns the error when the service could
 * not answer.
 */
export async function pollWhile<V>(
  first: V,
  running: (view: V) => boolean,
  next: () => Promise<Result<V>>,
  onView: (view: V) => void,
  wanted: () => boolean = () => true,
): Promise<AppError | null> {
  if (!wanted()) return null;
  let view = first;
  onView(view);
  while (running(view)) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!wanted()) return null;
    const answer = await next();
    if (!wanted()) return null;
    if (!answer.ok) return answer.error;
    view = answer.value;
    onView(view);
  }
  return null;
}

/** Follows a started job until it is done, failed or cancelled (see pollWhile). */
export function watchJob<R>(first: JobView<R>, onView: (view: JobView<R>) => void, wanted: () => boolean = () => true): Promise<AppError | null> {
  return pollWhile(
    first,
    (view) => view.state === 'running',
    async () => (await call('jobs.get', { id: first.id })) as Result<JobView<R>>,
    onView,
    wanted,
  );
}

/** Asks the service to stop a job; its next view says `cancelled`. */
export async function cancelJob(id: string): Promise<void> {
  await call('jobs.cancel', { id });
}

// The one way a store watches a long job (exports, imports, workbooks): ask the service how far it
// got until it stops running, handing each view to the screen; and the one way to cancel it.
import { call } from '../api';
import type { AppError, JobView } from '../../db/contract';

/** How often a running job is asked how far it got. */
export const POLL_MS = 250;

/**
 * Follows a started job until it is done, failed or cancelled, calling `onView` with every view
 * (the first one included). Stops early, without a last call, when `wanted` turns false (the
 * screen started another job in its place). Returns the error when the service could not answer.
 */
export async function watchJob<R>(first: JobView<R>, onView: (view: JobView<R>) => void, wanted: () => boolean = () => true): Promise<AppError | null> {
  if (!wanted()) return null;
  let view = first;
  onView(view);
  while (view.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!wanted()) return null;
    const next = await call('jobs.get', { id: first.id });
    if (!wanted()) return null;
    if (!next.ok) return next.error;
    view = next.value as JobView<R>;
    onView(view);
  }
  return null;
}

/** Asks the service to stop a job; its next view says `cancelled`. */
export async function cancelJob(id: string): Promise<void> {
  await call('jobs.cancel', { id });
}

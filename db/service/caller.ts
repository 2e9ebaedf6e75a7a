// The caller of the call being served, carried with the call: dispatch runs each handler inside
// its caller's scope, and work the call starts later (a job's chunks) keeps that scope, so area
// modules' "who" and a job's audit entries name the account that asked, never `system`.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Caller } from '../call';

const scope = new AsyncLocalStorage<Caller | null>();

/** Runs `work` as `caller` (and everything it starts, jobs included). */
export function runAs<T>(caller: Caller | null, work: () => T): T {
  return scope.run(caller, work);
}

/** The caller whose call (or job) is running, if any. */
export function callerInScope(): Caller | null {
  return scope.getStore() ?? null;
}

/** The name recorded as "who" on records: 姓名（username）. */
export function actorLabel(caller: Caller | null): string {
  return caller ? `${caller.displayName}（${caller.username}）` : 'system';
}

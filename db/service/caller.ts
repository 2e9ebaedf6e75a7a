// The caller of the call being served, carried with the call: dispatch runs each handler inside
// its caller's scope, and work the call starts later (a job's chunks) keeps that scope, so area
// modules' "who" and a job's audit entries name the account that asked, never `system`. The
// call's origin (which workstation sent it over the centre's network) travels in the same scope.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Caller } from '../call';

/**
 * Where a call came from. The local host and Electron pass none (this PC); the centre server
 * passes the client's network address and the name it gave, e.g. "192.168.1.21（前台电脑）".
 */
export interface CallOrigin {
  workstation: string;
}

const scope = new AsyncLocalStorage<{ caller: Caller | null; origin: CallOrigin | null }>();

/** Runs `work` as `caller` from `origin` (and everything it starts, jobs included). */
export function runAs<T>(caller: Caller | null, work: () => T, origin: CallOrigin | null = null): T {
  return scope.run({ caller, origin }, work);
}

/** The caller whose call (or job) is running, if any. */
export function callerInScope(): Caller | null {
  return scope.getStore()?.caller ?? null;
}

/** The workstation the running call (or job) came from; null for this PC. */
export function workstationInScope(): string | null {
  return scope.getStore()?.origin?.workstation ?? null;
}

/** The name recorded as "who" on records: 姓名（username）. */
export function actorLabel(caller: Caller | null): string {
  return caller ? `${caller.displayName}（${caller.username}）` : 'system';
}

// Signed-in sessions: created at sign-in, ended by sign-out, idle time, an absolute lifetime, a
// password change or an account change. Kept in memory: a restart signs everyone out.
import crypto from 'node:crypto';
import type { Caller } from '../call';
import type { AccountView } from '../trust/contract';

export interface Session {
  id: string;
  account: AccountView;
  startedAt: number;
  lastSeen: number;
}

/** The two limits a session is checked against, read together (one settings read per check). */
export interface SessionLimits {
  idleMinutes: number;
  lifetimeHours: number;
}

export function createSessions(limits: () => SessionLimits, now: () => number = Date.now) {
  const sessions = new Map<string, Session>();

  function start(account: AccountView): Session {
    const at = now();
    const session: Session = { id: crypto.randomBytes(24).toString('base64url'), account, startedAt: at, lastSeen: at };
    sessions.set(session.id, session);
    return session;
  }

  /**
   * The session behind an id, if it exists and has been neither idle too long nor alive too long;
   * `active` false (a background poll) leaves its idle time running.
   */
  function touch(sessionId: string | undefined, active = true): Session | null {
    const session = sessionId ? sessions.get(sessionId) : undefined;
    if (!session) return null;
    const at = now();
    const { idleMinutes, lifetimeHours } = limits();
    if (at - session.lastSeen > idleMinutes * 60_000 || at - session.startedAt > lifetimeHours * 3_600_000) {
      sessions.delete(session.id);
      return null;
    }
    if (active) session.lastSeen = at;
    return session;
  }

  function end(sessionId: string): void {
    sessions.delete(sessionId);
  }

  /** Ends every session of an account except `keep` (a changed password or role applies at once). */
  function endAccount(accountId: number, keep?: string): void {
    for (const [id, s] of sessions) if (s.account.id === accountId && id !== keep) sessions.delete(id);
  }

  /** Ends every session except `keep` (after a restore). */
  function endAllBut(keep?: string): void {
    for (const id of sessions.keys()) if (id !== keep) sessions.delete(id);
  }

  function get(sessionId: string): Session | undefined {
    return sessions.get(sessionId);
  }

  return { start, touch, end, endAccount, endAllBut, get };
}

export type Sessions = ReturnType<typeof createSessions>;

export function callerOf(session: Session): Caller {
  const { account } = session;
  return { accountId: account.id, username: account.username, displayName: account.displayName, role: account.role, sessionId: session.id };
}

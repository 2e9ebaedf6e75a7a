// Staff accounts: creation, sign-in with throttling, changes. Sessions live in the service.
import type { Db } from '../open';
import type { Clock } from '../clock';
import { fail } from '../errors';
import type { AccountView } from './contract';
import { hashPassword, passwordProblem, throttleSeconds, verifyPassword } from './passwords';
import type { Role } from './permissions';

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: number;
  failed_count: number;
  locked_until: string | null;
}

const view = (r: AccountRow): AccountView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  active: r.active === 1,
});

// A fixed hash to compare against when the user name is unknown, so both cases take as long.
// Made on first use: hashing is deliberately slow and need not delay every start.
let dummyHash: string | null = null;
const DUMMY_HASH = () => (dummyHash ??= hashPassword('not a real password, only here for timing'));

export function createAccounts(db: Db, clock: Clock) {
  const byName = db.prepare('SELECT * FROM account WHERE username = ?');
  const byId = db.prepare('SELECT * FROM account WHERE id = ?');

  const count = () => (db.prepare('SELECT count(*) AS n FROM account').get() as { n: number }).n;

  function checkPassword(password: string, field = 'password') {
    const problem = passwordProblem(password);
    if (problem) fail(problem, field, { min: 10 });
  }

  function create(input: { username: string; displayName: string; role: Role; password: string }): AccountView {
    checkPassword(input.password);
    if (byName.get(input.username)) fail('AUTH_USERNAME_TAKEN', 'username', { username: input.username });
    const now = clock.now();
    const result = db
      .prepare('INSERT INTO account (username, display_name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.username, input.displayName, input.role, hashPassword(input.password), now, now);
    return view(byId.get(result.lastInsertRowid) as AccountRow);
  }

  // Unknown names are throttled like known ones (kept in memory: nothing to store for a name that
  // is not an account), so the waiting time does not tell which names exist.
  const unknownFailures = new Map<string, { failures: number; lockedUntil: number }>();

  function failedAttempt(row: AccountRow | undefined, username: string, nowMs: number): never {
    if (row) {
      const failures = row.failed_count + 1;
      const wait = throttleSeconds(failures);
      db.prepare('UPDATE account SET failed_count = ?, locked_until = ? WHERE id = ?').run(
        failures,
        wait > 0 ? new Date(nowMs + wait * 1000).toISOString() : null,
        row.id,
      );
    } else {
      const key = username.toLowerCase();
      const failures = (unknownFailures.get(key)?.failures ?? 0) + 1;
      if (unknownFailures.size > 10_000) unknownFailures.clear();
      unknownFailures.set(key, { failures, lockedUntil: nowMs + throttleSeconds(failures) * 1000 });
    }
    return fail('AUTH_INVALID', 'password');
  }

  /**
   * Checks a password. Wrong attempts in a row make the name wait before the next try
   * (throttleSeconds), known or not; an unknown name, a wrong password and an inactive account
   * all get the same answer, so nobody learns which accounts exist or are switched off.
   */
  function signIn(username: string, password: string, nowMs: number): AccountView {
    const row = byName.get(username) as AccountRow | undefined;
    const lockedUntil = row ? (row.locked_until ? Date.parse(row.locked_until) : 0) : (unknownFailures.get(username.toLowerCase())?.lockedUntil ?? 0);
    if (lockedUntil > nowMs) fail('AUTH_THROTTLED', 'password', { seconds: Math.ceil((lockedUntil - nowMs) / 1000) });
    const ok = verifyPassword(password, row?.password_hash ?? DUMMY_HASH()) && row !== undefined && row.active === 1;
    if (!ok || !row) return failedAttempt(row, username, nowMs);
    db.prepare('UPDATE account SET failed_count = 0, locked_until = NULL WHERE id = ?').run(row.id);
    return view(row);
  }

  function get(id: number): AccountView {
    const row = byId.get(id) as AccountRow | undefined;
    if (!row) fail('ACCOUNT_NOT_FOUND', undefined, { id });
    return view(row);
  }

  function list(): AccountView[] {
    return (db.prepare('SELECT * FROM account ORDER BY username').all() as AccountRow[]).map(view);
  }

  function activeAdmins(exceptId: number): number {
    return (
      db.prepare("SELECT count(*) AS n FROM account WHERE role = 'admin' AND active = 1 AND id <> ?").get(exceptId) as { n: number }
    ).n;
  }

  function update(input: { id: number; displayName?: string; role?: Role; active?: boolean; password?: string }): AccountView {
    const current = get(input.id);
    const losesAdmin = current.role === 'admin' && ((input.role && input.role !== 'admin') || input.active === false);
    if (losesAdmin && activeAdmins(input.id) === 0) fail('ACCOUNT_LAST_ADMIN', 'role');
    if (input.password !== undefined) checkPassword(input.password);
    db.prepare(
      `UPDATE account SET display_name = coalesce(?, display_name), role = coalesce(?, role),
         active = coalesce(?, active), password_hash = coalesce(?, password_hash), updated_at = ?,
         failed_count = CASE WHEN ? IS NULL THEN failed_count ELSE 0 END,
         locked_until = CASE WHEN ? IS NULL THEN locked_until ELSE NULL END
       WHERE id = ?`,
    ).run(
      input.displayName ?? null,
      input.role ?? null,
      input.active === undefined ? null : input.active ? 1 : 0,
      input.password === undefined ? null : hashPassword(input.password),
      clock.now(),
      input.password ?? null,
      input.password ?? null,
      input.id,
    );
    return get(input.id);
  }

  /** The account's own interface language. */
  function locale(id: number): string {
    return (db.prepare('SELECT locale FROM account WHERE id = ?').get(id) as { locale: string } | undefined)?.locale ?? 'zh-CN';
  }

  function setLocale(id: number, value: string): void {
    db.prepare('UPDATE account SET locale = ? WHERE id = ?').run(value, id);
  }

  function changePassword(id: number, current: string, next: string): void {
    const row = byId.get(id) as AccountRow;
    if (!verifyPassword(current, row.password_hash)) fail('AUTH_INVALID', 'current');
    checkPassword(next, 'next');
    db.prepare('UPDATE account SET password_hash = ?, updated_at = ? WHERE id = ?').run(hashPassword(next), clock.now(), id);
  }

  return { count, create, signIn, get, list, update, changePassword, locale, setLocale };
}

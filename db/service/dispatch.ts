// Serving one call: who is asking and whether they may (as the call declares), the schema parse,
// the handler run as its caller, the audit entry in the same transaction, and the masking of
// personal data for roles without full-ID rights. Both transports reach the service through this.
import { contract, declarationOf, isCallName, issuesToError, type CallName } from '../contract';
import type { Caller, Declaration } from '../call';
import { DomainError, fail, type AppError, type Result } from '../errors';
import type { Db } from '../open';
import { can, fullIdsFor } from '../trust/permissions';
import { idCheckChar } from '../people/rules';
import { callerOf, type Sessions } from './sessions';
import { runAs, type CallOrigin } from './caller';
import type { AppInfo } from '../contract';
import { forAudit, readState, withoutSecrets } from './audit-record';
import { changedByParams, sameRecordCalls } from './record-changed';

type AnyHandler = (input: unknown, caller: Caller | null) => unknown;

export interface DispatchDeps {
  /** The open file and its handlers; both null while an encrypted file waits for its passphrase. */
  state(): { db: Db | null; handler(name: string): AnyHandler | undefined };
  sessions: Sessions;
  /** Opens an encrypted file with its passphrase (app.unlock before the file is open). */
  unlock(passphrase: string): void;
  /** app.info while the file is locked. */
  lockedInfo(): unknown;
  record(action: string, target: string, detail: unknown, caller: Caller | null): void;
  /** Masks personal data in a value for a role without full-ID rights. */
  mask<T>(value: T): T;
  log(message: string, error: unknown): void;
  now(): number;
}

/** A whole resident ID, or a whole certificate number (ID + category + level, maybe a reissue suffix). */
export function isWholeIdOrCert(value: string): boolean {
  const m = /^(\d{17}[\dX])(?:[1-7][1-4](?:B\d{1,2})?)?$/.exec(value);
  return m !== null && idCheckChar(m[1]!.slice(0, 17)) === m[1]!.slice(17);
}

/**
 * app.info as a caller on another PC sees it: never the data file's path on the server PC; before
 * sign-in not the server's version, host kind or whether its file is encrypted either (only what
 * the sign-in screen needs: the day, the language, whether accounts exist).
 */
export function remoteAppInfo(info: AppInfo, signedIn: boolean): AppInfo {
  const shared = { ...info, dataFile: '', host: 'browser' as const };
  return signedIn ? shared : { ...shared, appVersion: '', schemaVersion: 0, encrypted: false };
}

export function createDispatch(deps: DispatchDeps) {
  const recent = new Map<string, number[]>();
  const declarations = Object.fromEntries(Object.keys(contract).map((n) => [n, declarationOf(n as CallName)]));
  const sameRecord = new Map<string, string[]>();

  /**
   * A save refused because the record changed since the form read it says who changed it, when
   * and which fields (from the audit trail), so the user can merge by hand what they typed.
   */
  function withChange(error: AppError, name: CallName, data: Record<string, unknown> | null, db: Db | null): AppError {
    if (!error.code.endsWith('_STALE') || !db || !data || error.params?.by !== undefined) return error;
    const { id, version } = data;
    if ((typeof id !== 'number' && typeof id !== 'string') || typeof version !== 'number') return error;
    if (!sameRecord.has(name)) sameRecord.set(name, sameRecordCalls(name, declarations));
    try {
      const params = changedByParams(db, sameRecord.get(name)!, id, version);
      return Object.keys(params).length === 0 ? error : { ...error, params: { ...error.params, ...params } };
    } catch (cause) {
      deps.log(`reading who changed ${name} failed`, cause);
      return error;
    }
  }

  /** A role without full-ID rights searches by name or a whole number: digits alone would rebuild a masked ID. */
  function checkIdSearch(declared: Declaration, parsed: Record<string, unknown>) {
    if (!declared.idSearch) return;
    const q = String(parsed[declared.idSearch] ?? '').replace(/\s+/g, '').toUpperCase();
    if (/\d/.test(q) && !isWholeIdOrCert(q)) fail('SEARCH_WHOLE_ID', declared.idSearch);
  }

  function checkRate(name: string, declared: Declaration, caller: Caller) {
    if (!declared.rateLimit) return;
    const key = `${name}:${caller.accountId}`;
    const since = deps.now() - declared.rateLimit.minutes * 60_000;
    const calls = (recent.get(key) ?? []).filter((at) => at > since);
    if (calls.length >= declared.rateLimit.calls) fail('RATE_LIMITED', undefined, { minutes: declared.rateLimit.minutes });
    calls.push(deps.now());
    recent.set(key, calls);
  }

  function run(name: CallName, declared: Declaration, parsed: Record<string, unknown>, db: Db, caller: Caller | null): unknown {
    const { handler } = deps.state();
    const handle = handler(name)!;
    if (declared.audit === 'none') return handle(parsed, caller);
    const kind = declared.audit;
    if (declared.outsideTransaction) {
      const result = handle(parsed, caller);
      deps.record(kind, name, { input: withoutSecrets(parsed), after: forAudit(result) }, caller);
      return result;
    }
    return db.transaction(() => {
      const stateDeps = { db, handler, caller };
      const before = readState(declared.before, parsed, stateDeps);
      const result = handle(parsed, caller);
      const after = before === undefined ? forAudit(result) : readState(declared.before, parsed, stateDeps);
      const id = parsed.id ?? (result as { id?: unknown } | null)?.id ?? '';
      deps.record(kind, `${name}${id === '' ? '' : `#${String(id)}`}`, { input: withoutSecrets(parsed), ...(before === undefined ? {} : { before }), after }, caller);
      return result;
    })();
  }

  /**
   * `origin` is where the call came from: none for this PC (the local host, Electron), the
   * workstation for a call over the centre's network (written on every audit entry it makes).
   */
  function dispatch(name: unknown, input: unknown, sessionId?: string, origin?: CallOrigin): Result<unknown> {
    if (!isCallName(name)) return { ok: false, error: { code: 'UNKNOWN_CALL', params: { name: String(name).slice(0, 100) } } };
    const declared = declarationOf(name);
    const access = declared.access;
    let fullIds = false;
    let data: Record<string, unknown> | null = null;
    const { db } = deps.state();
    try {
      // Who is asking comes first: nobody learns anything, not even how their input was wrong,
      // from a call they may not make.
      const session = db ? deps.sessions.touch(sessionId, !declared.background) : null;
      if (access !== 'public') {
        if (!db) return { ok: false, error: { code: 'DB_NEEDS_PASSPHRASE' } };
        if (!session) return { ok: false, error: { code: 'AUTH_REQUIRED' } };
        if (access !== 'signed-in' && !can(session.account.role, access)) {
          return { ok: false, error: { code: 'AUTH_FORBIDDEN', params: { permission: access } } };
        }
      }
      const parsed = contract[name].input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: issuesToError(parsed.error.issues) };
      const given = parsed.data as Record<string, unknown>;
      data = given;
      if (!db) {
        if (name === 'app.info') {
          const info = deps.lockedInfo() as AppInfo;
          return { ok: true, value: origin ? remoteAppInfo(info, false) : info };
        }
        if (name !== 'app.unlock') return { ok: false, error: { code: 'DB_NEEDS_PASSPHRASE' } };
        deps.unlock((given as { passphrase: string }).passphrase);
        return { ok: true, value: { ok: true } };
      }
      const caller = session ? callerOf(session) : null;
      fullIds = fullIdsFor(caller);
      if (!fullIds) checkIdSearch(declared, given);
      if (caller) checkRate(name, declared, caller);
      const ran = runAs(caller, () => run(name, declared, given, db, caller), origin ?? null);
      const value = origin && name === 'app.info' ? remoteAppInfo(ran as AppInfo, caller !== null) : ran;
      // Revealing is the audited, rate-limited way round the masking.
      return { ok: true, value: fullIds || name === 'people.revealId' ? value : deps.mask(value) };
    } catch (error) {
      if (error instanceof DomainError) {
        const refused = withChange(error.error, name, data, db);
        return { ok: false, error: fullIds ? refused : deps.mask<AppError>(refused) };
      }
      // A trigger that guards data says why as CODE:reference (e.g. CLAIM_LOCKED:<claim>).
      const guard = /^([A-Z][A-Z0-9_]+):(.*)$/s.exec(error instanceof Error ? error.message : '');
      if (guard && (error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        return { ok: false, error: { code: guard[1]!, params: { ref: guard[2]! } } };
      }
      deps.log(`call ${name} failed`, error);
      return { ok: false, error: { code: 'INTERNAL' } };
    }
  }

  return dispatch;
}


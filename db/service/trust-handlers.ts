// The calls of accounts, sign-in, sessions, jobs, the audit trail, backups and encryption, plus the
// app-wide ones (app.info, settings.update): each given its caller explicitly.
import type { Caller } from '../call';
import type { AppInfo, AppSettings, CallParsed, CallResult, Locale } from '../contract';
import { LOCALES } from '../contract';
import { fail, DomainError } from '../errors';
import type { Db } from '../open';
import type { Clock } from '../clock';
import type { Jobs } from '../jobs';
import type { createFiles } from '../files';
import { getSetting, putSetting } from '../settings';
import type { Audit } from '../trust/audit';
import type { createAccounts } from '../trust/accounts';
import { fullIdsFor, ROLE_PERMISSIONS } from '../trust/permissions';
import type { AccountView, SignedIn } from '../trust/contract';
import { csvText } from '../common/cells';
import { backupByName, backupDir, listBackups, previewBackup, rotateBackups, type BackupWriter } from '../backup';
import { callerOf, type Sessions } from './sessions';
import { IDENTITY_KEY } from '../returns/centre';

type TrustCall =
  | 'app.info'
  | 'app.checklist'
  | 'app.unlock'
  | 'settings.update'
  | 'auth.setup'
  | 'auth.signIn'
  | 'auth.signOut'
  | 'auth.changePassword'
  | 'jobs.get'
  | 'jobs.cancel'
  | 'files.link'
  | 'accounts.list'
  | 'accounts.create'
  | 'accounts.update'
  | 'audit.list'
  | 'audit.verify'
  | 'audit.export'
  | 'backup.now'
  | 'backup.list'
  | 'backup.preview'
  | 'backup.restore'
  | 'backup.settings'
  | 'security.settings'
  | 'security.setPassphrase';

export interface TrustDeps {
  db: Db;
  file: string;
  clock: Clock;
  accounts: ReturnType<typeof createAccounts>;
  audit: Audit;
  sessions: Sessions;
  jobs: Jobs;
  files: ReturnType<typeof createFiles>;
  passphrase(): string | undefined;
  /** Writes a backup (in a second thread when the service runs in its own: host/service-worker.ts). */
  backupWriter: BackupWriter;
  /** The app-wide facts app.info reports (versions, file, lock state). */
  base(): Omit<AppInfo, 'settings' | 'account' | 'permissions' | 'idleMinutes'>;
  idleMinutes(): number;
  record(action: string, target: string, detail: unknown, caller: Caller | null): void;
  mask<T>(value: T): T;
  restore(name: string, caller: Caller): { restored: string; setAside: string };
  setPassphrase(current: string, next: string): { encrypted: boolean };
}

/** The account that signed in last on this file, whose language the sign-in screen speaks. */
const LAST_ACCOUNT = 'ui.lastAccount';

const asLocale = (value: string): Locale => ((LOCALES as readonly string[]).includes(value) ? (value as Locale) : 'zh-CN');

export function trustHandlers(d: TrustDeps): { [N in TrustCall]: (input: CallParsed<N>, caller: Caller | null) => CallResult<N> } {
  const acc = d.accounts;
  const signedIn = (caller: Caller | null) => (caller ? caller : fail('AUTH_REQUIRED'));

  /**
   * After sign-in the account's own language; before, the language of the account that last signed
   * in on this file (the sign-in and setup screens speak it), else the file's old default.
   */
  const settings = (caller: Caller | null): AppSettings => {
    if (caller) return { locale: asLocale(acc.locale(caller.accountId)) };
    const last = getSetting<number | null>(d.db, LAST_ACCOUNT, '9999-12-31', null);
    return { locale: asLocale(last !== null ? acc.locale(last) : getSetting<string>(d.db, 'ui.locale', d.clock.today(), 'zh-CN')) };
  };

  function signIn(account: AccountView): SignedIn {
    putSetting(d.db, LAST_ACCOUNT, account.id);
    const session = d.sessions.start(account);
    return { sessionId: session.id, account, permissions: [...ROLE_PERMISSIONS[account.role]], idleMinutes: d.idleMinutes() };
  }

  return {
    'app.info': (_input, caller) => {
      const account = caller ? (d.sessions.get(caller.sessionId)?.account ?? null) : null;
      return {
        ...d.base(),
        settings: settings(caller),
        hasAccounts: acc.count() > 0,
        account,
        permissions: account ? [...ROLE_PERMISSIONS[account.role]] : [],
        idleMinutes: d.idleMinutes(),
      };
    },
    'app.checklist': () => {
      const count = (sql: string, ...args: string[]) => (d.db.prepare(sql).get(...args) as { n: number }).n;
      return {
        centre: count('SELECT count(*) AS n FROM setting WHERE key = ?', IDENTITY_KEY) > 0,
        therapists: count('SELECT count(*) AS n FROM rehab_therapist WHERE active = 1'),
        staffAccounts: Math.max(0, count('SELECT count(*) AS n FROM account WHERE active = 1') - 1),
        people: count('SELECT count(*) AS n FROM person WHERE archived = 0'),
      };
    },
    'app.unlock': () => ({ ok: true as const }),
    'settings.update': (input, caller) => {
      const who = signedIn(caller);
      if (input.locale) acc.setLocale(who.accountId, input.locale);
      return settings(who);
    },
    'auth.setup': (input) => {
      if (acc.count() > 0) fail('AUTH_ALREADY_SET_UP');
      const account = acc.create({ ...input, role: 'admin' });
      const result = signIn(account);
      d.record('sign-in', account.username, { setup: true }, callerOf(d.sessions.get(result.sessionId)!));
      return result;
    },
    'auth.signIn': (input) => {
      try {
        const account = acc.signIn(input.username, input.password, Date.now());
        const result = signIn(account);
        d.record('sign-in', account.username, {}, callerOf(d.sessions.get(result.sessionId)!));
        return result;
      } catch (error) {
        if (error instanceof DomainError) d.record('sign-in-failed', input.username, { code: error.error.code }, null);
        throw error;
      }
    },
    'auth.signOut': (_input, caller) => {
      if (caller) d.sessions.end(caller.sessionId);
      return { ok: true as const };
    },
    'auth.changePassword': (input, caller) => {
      const who = signedIn(caller);
      acc.changePassword(who.accountId, input.current, input.next);
      // Whoever else held this account (a session left open elsewhere) signs in again.
      d.sessions.endAccount(who.accountId, who.sessionId);
      return { ok: true as const };
    },
    // A job belongs to the account that started it: anyone else is told it does not exist.
    'jobs.get': (input, caller) => d.jobs.get(input.id, signedIn(caller).accountId) ?? fail('JOB_NOT_FOUND', 'id'),
    'jobs.cancel': (input, caller) => d.jobs.cancel(input.id, signedIn(caller).accountId) ?? fail('JOB_NOT_FOUND', 'id'),
    'files.link': (input, caller) => d.files.link(input.fileId, caller?.sessionId) ?? fail('FILE_NOT_FOUND', 'fileId'),
    'accounts.list': () => acc.list(),
    'accounts.create': (input) => acc.create(input),
    'accounts.update': (input, caller) => {
      const updated = acc.update(input);
      // Sessions of a changed account end, so a new role or a deactivation applies at once.
      d.sessions.endAccount(updated.id, caller?.sessionId);
      return updated;
    },
    'audit.list': (input) => d.audit.list(input.offset, input.limit, input.action, input.source),
    'audit.verify': () => d.audit.verify(),
    'audit.export': (input, caller) => {
      // A date range keeps exports of a long-lived file to a size people can open.
      const rows = d.db
        .prepare(
          `SELECT id, at, actor, action, target, detail, prev_hash, hash, workstation FROM audit_log
           WHERE substr(at, 1, 10) >= ? AND substr(at, 1, 10) <= ? ORDER BY id`,
        )
        .all(input.from || '0000-01-01', input.to || '9999-12-31') as Record<string, unknown>[];
      const fullIds = fullIdsFor(caller);
      // The workstation comes last, after the hash: it is informative and not part of the chain.
      const header = ['id', 'at', 'actor', 'action', 'target', 'detail', 'prev_hash', 'hash', 'workstation'];
      const cells = rows.map((r) => {
        const detail = fullIds ? r.detail : JSON.stringify(d.mask(JSON.parse(String(r.detail)) as unknown));
        return header.map((h) => (h === 'detail' ? detail : fullIds ? r[h] : d.mask(r[h])));
      });
      return { fileName: `rehabdesk-audit-${d.clock.today()}.csv`, csv: csvText([header, ...cells]) };
    },
    'backup.now': () => d.backupWriter(d.db, d.file, 'manual', d.clock.now(), d.passphrase()),
    'backup.list': () => ({ dir: backupDir(d.file), keep: getSetting(d.db, 'backup.keep', d.clock.today(), 14), files: listBackups(d.file) }),
    'backup.preview': (input) => previewBackup(backupByName(d.file, input.name).file, d.passphrase()),
    'backup.restore': (input, caller) => d.restore(input.name, signedIn(caller)),
    'backup.settings': (input) => {
      putSetting(d.db, 'backup.keep', input.keep);
      rotateBackups(d.file, input.keep);
      return { keep: input.keep };
    },
    'security.settings': (input) => {
      putSetting(d.db, 'security.idleMinutes', input.idleMinutes);
      return { idleMinutes: input.idleMinutes };
    },
    'security.setPassphrase': (input) => d.setPassphrase(input.current, input.next),
  };
}

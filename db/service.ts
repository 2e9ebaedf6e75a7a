// The contract's implementation over one data file: parses every input with its schema, checks
// who is asking and whether their role may, runs the area module, records writes in the audit
// trail in the same transaction, and returns a Result value. Both transports call dispatch().
import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import {
  contract,
  isCallName,
  issuesToError,
  LOCALES,
  type AppInfo,
  type AppSettings,
  type CallName,
  type CallParsed,
  type CallResult,
  type Locale,
} from './contract';
import { DomainError, fail, type Result } from './errors';
import Database from 'better-sqlite3';
import { applyKey, isPlainSqlite, openDatabase, type Db } from './open';
import { createJobs } from './jobs';
import { createFiles, type ExportedFile } from './files';
import { SCHEMA_VERSION } from './migrations/index';
import { createClock, type Clock } from './clock';
import { getSetting, putSetting } from './settings';
import type { AreaContext } from './context';
import { peopleHandlers } from './people/handlers';
import { rehabHandlers } from './rehab/handlers';
import { trainingHandlers } from './training/handlers';
import { devicesHandlers } from './devices/handlers';
import { claimsHandlers } from './claims/handlers';
import { returnsHandlers } from './returns/handlers';
import { createAudit, type Audit } from './trust/audit';
import { createAccounts } from './trust/accounts';
import { can, maskIds, permissionFor, ROLE_PERMISSIONS } from './trust/permissions';
import type { AccountView, SignedIn } from './trust/contract';
import { backupByName, hasAutoBackupOn, listBackups, previewBackup, rotateBackups, writeBackup, backupDir, type BackupWriter } from './backup';

export interface ServiceOptions {
  dataFile: string;
  host: 'electron' | 'browser';
  appVersion: string;
  clock?: Clock;
  /** The passphrase of an encrypted data file, when known at start (otherwise app.unlock). */
  passphrase?: string;
  /** Where unexpected errors go; they reach the user only as INTERNAL. */
  log?: (message: string, error: unknown) => void;
  /** Writes a backup; the service thread passes one that copies in a second thread (host/service-worker.ts). */
  backupWriter?: BackupWriter;
}

type Handlers = { [N in CallName]: (input: CallParsed<N>) => CallResult<N> };

export interface Service {
  dispatch(name: unknown, input: unknown, sessionId?: string): Result<unknown>;
  /** The open database (throws while an encrypted file waits for its passphrase). */
  readonly db: Db;
  /** The exported file behind a one-time download ticket (for the hosts' download routes); `keep` leaves the ticket unused (HEAD). */
  redeemDownload(ticket: string, keep?: boolean): ExportedFile | null;
  /** Makes today's automatic backup if there is none yet, and rotates old ones. */
  autoBackup(): void;
  close(): void;
}

interface Session {
  id: string;
  account: AccountView;
  lastSeen: number;
}

/** Reads that are audited all the same: revealing an ID, exporting data. */
const AUDITED_READS = new Set(['people.revealId', 'audit.export']);
/** Writes SQLite cannot run inside a transaction (VACUUM INTO, re-keying, reopening the file). */
const OUTSIDE_TRANSACTION = new Set(['backup.now', 'backup.restore', 'security.setPassphrase']);

function kindOf(call: string): string {
  const verb = call.split('.').at(-1) ?? '';
  if (call === 'people.revealId') return 'reveal';
  if (call === 'backup.restore') return 'restore';
  if (call === 'backup.now') return 'backup';
  // Verbs may stand alone (create) or end a name (fittingCreate).
  if (/(delete|remove|unenrol)/i.test(verb)) return 'delete';
  if (/export/i.test(verb)) return 'export';
  if (/(create|add|log|enrol|record|register|import|setup|commit)/i.test(verb)) return 'create';
  return 'update';
}

/** Results as they go into the audit trail: without bulky derived lists. */
function forAudit(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { history: _history, ...rest } = value as Record<string, unknown>;
  return rest;
}

const AUDIT_TEXT_LIMIT = 1000;

/** Input fields that hold secrets (passwords, passphrases, the office key): never written to the trail. */
const SECRET_FIELDS = new Set(['password', 'passphrase', 'current', 'next', 'key']);

function withoutSecrets(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '［已隐去 redacted］' : v]));
}

/** Keeps audit entries small: long texts (an imported file's bytes, say) are cut with their length noted. */
function compact(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > AUDIT_TEXT_LIMIT ? `${value.slice(0, 200)}…（${value.length}）` : value;
  }
  if (Array.isArray(value)) return value.length > 200 ? [...value.slice(0, 200).map(compact), `…（${value.length}）`] : value.map(compact);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

export function createService(options: ServiceOptions): Service {
  const clock = options.clock ?? createClock(process.env.REHABDESK_TODAY || undefined);
  const log = options.log ?? ((message, error) => console.error(message, error));
  const file = options.dataFile;
  const backupWriter = options.backupWriter ?? ((db, dataFile, kind, now) => writeBackup(db, dataFile, kind, now));

  let passphrase = options.passphrase;
  let db: Db | null = null;
  let handlers: Handlers | null = null;
  let audit: Audit | null = null;
  let accounts: ReturnType<typeof createAccounts> | null = null;
  const sessions = new Map<string, Session>();
  const jobs = createJobs(log);
  const files = createFiles();
  let current: Session | null = null;

  // A file that is not plain SQLite is encrypted (or not ours: openDatabase tells which).
  const needsPassphrase = () => {
    if (passphrase !== undefined || !fs.existsSync(file)) return false;
    const size = fs.statSync(file).size;
    return size >= 512 && size % 512 === 0 && !isPlainSqlite(file);
  };

  function open() {
    const opened = openDatabase(file, passphrase === undefined ? {} : { passphrase });
    db = opened;
    audit = createAudit(opened);
    accounts = createAccounts(opened, clock);
    const ctx: AreaContext = {
      db: opened,
      clock,
      actor: () => (current ? `${current.account.displayName}（${current.account.username}）` : 'system'),
      jobs,
      dataFile: file,
      openSnapshot: () => {
        const snapshot = new Database(file, { readonly: true, fileMustExist: true });
        if (passphrase !== undefined) applyKey(snapshot, passphrase);
        snapshot.pragma('busy_timeout = 5000');
        return snapshot;
      },
      audit: (action, target, detail) => record(action, target, detail ?? {}),
      exportFile: (path) => files.register(path),
    };
    handlers = {
      'app.info': () => info(),
      'app.unlock': () => ({ ok: true as const }),
      'settings.update': (input) => {
        if (input.locale) putSetting(opened, 'ui.locale', input.locale);
        return settings();
      },
      ...peopleHandlers(ctx),
      ...rehabHandlers(ctx),
      ...trainingHandlers(ctx),
      ...devicesHandlers(ctx),
      ...claimsHandlers(ctx),
      ...returnsHandlers(ctx),
      ...trustHandlers(opened),
    } as Handlers;
  }

  function requireDb(): Db {
    if (!db) fail('DB_NEEDS_PASSPHRASE');
    return db;
  }

  const settings = (): AppSettings => {
    const locale = db ? getSetting<string>(db, 'ui.locale', clock.today(), 'zh-CN') : 'zh-CN';
    return { locale: (LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : 'zh-CN' };
  };

  const idleMinutes = () => (db ? getSetting(db, 'security.idleMinutes', clock.today(), 15) : 15);

  function signedIn(account: AccountView): SignedIn {
    const session: Session = { id: crypto.randomBytes(24).toString('base64url'), account, lastSeen: Date.now() };
    sessions.set(session.id, session);
    current = session;
    return { sessionId: session.id, account, permissions: [...ROLE_PERMISSIONS[account.role]], idleMinutes: idleMinutes() };
  }

  /** The session behind an id, if it exists and has not been idle too long. */
  function touch(sessionId: string | undefined): Session | null {
    const session = sessionId ? sessions.get(sessionId) : undefined;
    if (!session) return null;
    if (Date.now() - session.lastSeen > idleMinutes() * 60_000) {
      sessions.delete(session.id);
      return null;
    }
    session.lastSeen = Date.now();
    return session;
  }

  function info(): AppInfo {
    return {
      appVersion: options.appVersion,
      schemaVersion: SCHEMA_VERSION,
      dataFile: file,
      host: options.host,
      today: clock.today(),
      settings: settings(),
      locked: db === null,
      encrypted: passphrase !== undefined,
      hasAccounts: accounts ? accounts.count() > 0 : true,
      account: current ? current.account : null,
      permissions: current ? [...ROLE_PERMISSIONS[current.account.role]] : [],
      idleMinutes: idleMinutes(),
    };
  }

  function record(action: string, target: string, detail: unknown) {
    audit?.append({ at: clock.now(), actor: current ? current.account.username : 'system', action, target, detail: compact(detail) });
  }

  function restore(name: string) {
    const chosen = backupByName(file, name);
    const preview = previewBackup(chosen.file, passphrase);
    if (preview.integrity !== 'ok') fail('BACKUP_DAMAGED', 'name', { name });
    if (preview.schemaVersion > SCHEMA_VERSION) fail('DB_SCHEMA_TOO_NEW', 'name', { fileVersion: preview.schemaVersion, appVersion: SCHEMA_VERSION });
    // The current file is set aside as a backup of its own, never overwritten.
    const aside = path.join(backupDir(file), `rehabdesk-before-restore-${clock.now().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.sqlite`);
    db!.close();
    db = null;
    fs.renameSync(file, aside);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    try {
      const partial = `${file}.restoring`;
      fs.copyFileSync(chosen.file, partial);
      fs.renameSync(partial, file);
      open();
    } catch (error) {
      fs.rmSync(file, { force: true });
      fs.renameSync(aside, file);
      open();
      throw error;
    }
    // Everyone signs in again, except the one restoring if their account is the same in the restored file.
    for (const id of sessions.keys()) if (id !== current?.id) sessions.delete(id);
    if (current) {
      const same = accounts!.list().find((a) => a.id === current!.account.id && a.username === current!.account.username && a.active);
      if (!same) {
        sessions.delete(current.id);
        current = null;
      } else current.account = same;
    }
    return { restored: name, setAside: path.basename(aside) };
  }

  function setPassphrase(currentPass: string, next: string) {
    const opened = requireDb();
    if (passphrase !== undefined && currentPass !== passphrase) fail('DB_WRONG_PASSPHRASE', 'current');
    if (next !== '' && next.length < 8) fail('DB_PASSPHRASE_SHORT', 'next', { min: 8 });
    if (next === '' && passphrase === undefined) return { encrypted: false };
    // Re-keying rewrites every page; SQLite3MultipleCiphers needs a rollback journal for it.
    opened.pragma('wal_checkpoint(TRUNCATE)');
    opened.pragma('journal_mode = DELETE');
    try {
      if (passphrase === undefined) {
        opened.pragma("cipher = 'sqlcipher'");
        opened.pragma('legacy = 4');
      }
      opened.rekey(Buffer.from(next, 'utf8'));
    } finally {
      opened.pragma('journal_mode = WAL');
    }
    passphrase = next === '' ? undefined : next;
    return { encrypted: passphrase !== undefined };
  }

  function trustHandlers(opened: Db) {
    const acc = accounts!;
    const aud = audit!;
    return {
      'auth.setup': (input: CallParsed<'auth.setup'>) => {
        if (acc.count() > 0) fail('AUTH_ALREADY_SET_UP');
        const account = acc.create({ ...input, role: 'admin' });
        const result = signedIn(account);
        record('sign-in', account.username, { setup: true });
        return result;
      },
      'auth.signIn': (input: CallParsed<'auth.signIn'>) => {
        try {
          const account = acc.signIn(input.username, input.password, Date.now());
          const result = signedIn(account);
          record('sign-in', account.username, {});
          return result;
        } catch (error) {
          if (error instanceof DomainError) record('sign-in-failed', input.username, { code: error.error.code });
          throw error;
        }
      },
      'jobs.get': (input: CallParsed<'jobs.get'>) => jobs.get(input.id) ?? fail('JOB_NOT_FOUND', 'id'),
      'jobs.cancel': (input: CallParsed<'jobs.cancel'>) => jobs.cancel(input.id) ?? fail('JOB_NOT_FOUND', 'id'),
      'files.link': (input: CallParsed<'files.link'>) => files.link(input.fileId) ?? fail('FILE_NOT_FOUND', 'fileId'),
      'auth.signOut': () => {
        if (current) sessions.delete(current.id);
        return { ok: true as const };
      },
      'auth.changePassword': (input: CallParsed<'auth.changePassword'>) => {
        acc.changePassword(current!.account.id, input.current, input.next);
        return { ok: true as const };
      },
      'accounts.list': () => acc.list(),
      'accounts.create': (input: CallParsed<'accounts.create'>) => acc.create(input),
      'accounts.update': (input: CallParsed<'accounts.update'>) => {
        const updated = acc.update(input);
        // Sessions of a changed account end, so a new role or a deactivation applies at once.
        for (const [id, s] of sessions) if (s.account.id === updated.id && s !== current) sessions.delete(id);
        return updated;
      },
      'audit.list': (input: CallParsed<'audit.list'>) => aud.list(input.offset, input.limit, input.action),
      'audit.verify': () => aud.verify(),
      'audit.export': (input: CallParsed<'audit.export'>) => {
        // A date range keeps exports of a long-lived file to a size people can open.
        const rows = opened
          .prepare(
            `SELECT id, at, actor, action, target, detail, prev_hash, hash FROM audit_log
             WHERE substr(at, 1, 10) >= ? AND substr(at, 1, 10) <= ? ORDER BY id`,
          )
          .all(input.from || '0000-01-01', input.to || '9999-12-31') as Record<string, unknown>[];
        const quote = (v: unknown) => `"${String(v ?? '').replaceAll('"', '""')}"`;
        const header = ['id', 'at', 'actor', 'action', 'target', 'detail', 'prev_hash', 'hash'];
        const csv = [header.join(','), ...rows.map((r) => header.map((h) => quote(r[h])).join(','))].join('\r\n');
        return { fileName: `rehabdesk-audit-${clock.today()}.csv`, csv: `\uFEFF${csv}\r\n` };
      },
      'backup.now': () => backupWriter(opened, file, 'manual', clock.now(), passphrase),
      'backup.list': () => ({ dir: backupDir(file), keep: getSetting(opened, 'backup.keep', clock.today(), 14), files: listBackups(file) }),
      'backup.preview': (input: CallParsed<'backup.preview'>) => previewBackup(backupByName(file, input.name).file, passphrase),
      'backup.restore': (input: CallParsed<'backup.restore'>) => restore(input.name),
      'backup.settings': (input: CallParsed<'backup.settings'>) => {
        putSetting(opened, 'backup.keep', input.keep);
        rotateBackups(file, input.keep);
        return { keep: input.keep };
      },
      'security.settings': (input: CallParsed<'security.settings'>) => {
        putSetting(opened, 'security.idleMinutes', input.idleMinutes);
        return { idleMinutes: input.idleMinutes };
      },
      'security.setPassphrase': (input: CallParsed<'security.setPassphrase'>) => setPassphrase(input.current, input.next),
    };
  }

  /**
   * The matching `….get` of a write call with an id, to record the record before and after.
   * Claim batches are left out: one can hold 100,000 explained lines, and its own event log
   * (claim_event) records every change to it.
   */
  function snapshot(name: CallName, input: unknown): unknown {
    if (name.startsWith('claims.batches.')) return undefined;
    const id = (input as { id?: unknown })?.id;
    if (typeof id !== 'number') return undefined;
    const getter = `${name.split('.').slice(0, -1).join('.')}.get`;
    if (!isCallName(getter) || !handlers) return undefined;
    try {
      return forAudit((handlers[getter] as (i: unknown) => unknown)({ id }));
    } catch {
      return undefined;
    }
  }

  function dispatch(name: unknown, input: unknown, sessionId?: string): Result<unknown> {
    if (!isCallName(name)) return { ok: false, error: { code: 'UNKNOWN_CALL', params: { name: String(name) } } };
    const permission = permissionFor(name);
    if (permission === null) {
      log(`call ${name} has no permission rule`, null);
      return { ok: false, error: { code: 'AUTH_FORBIDDEN' } };
    }
    try {
      // Who is asking comes first: nobody learns anything, not even how their input was wrong,
      // from a call they may not make.
      const session = db ? touch(sessionId) : null;
      if (permission !== 'public') {
        if (!db) return { ok: false, error: { code: 'DB_NEEDS_PASSPHRASE' } };
        if (!session) return { ok: false, error: { code: 'AUTH_REQUIRED' } };
        if (permission !== 'signed-in' && !can(session.account.role, permission)) {
          return { ok: false, error: { code: 'AUTH_FORBIDDEN', params: { permission } } };
        }
      }
      const parsed = contract[name].input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: issuesToError(parsed.error.issues) };
      if (!db) {
        if (name === 'app.info') return { ok: true, value: info() };
        if (name !== 'app.unlock') return { ok: false, error: { code: 'DB_NEEDS_PASSPHRASE' } };
        passphrase = (parsed.data as { passphrase: string }).passphrase;
        try {
          open();
        } catch (error) {
          passphrase = undefined;
          throw error;
        }
        return { ok: true, value: { ok: true } };
      }
      current = session;
      const handler = handlers![name] as (input: unknown) => unknown;
      const audited = permission !== 'public' && permission !== 'signed-in' && (!permission.endsWith('.read') || AUDITED_READS.has(name));
      const value = !audited
        ? handler(parsed.data)
        : OUTSIDE_TRANSACTION.has(name)
          ? (() => {
              const result = handler(parsed.data);
              record(kindOf(name), name, { input: withoutSecrets(parsed.data), after: forAudit(result) });
              return result;
            })()
          : db.transaction(() => {
            const before = snapshot(name, parsed.data);
            const result = handler(parsed.data);
            const after = before === undefined ? forAudit(result) : snapshot(name, parsed.data);
            const id = (parsed.data as { id?: unknown }).id ?? (result as { id?: unknown } | null)?.id ?? '';
            record(kindOf(name), `${name}${id === '' ? '' : `#${String(id)}`}`, { input: withoutSecrets(parsed.data), ...(before === undefined ? {} : { before }), after });
            return result;
          })();
      const visible = current && !can(current.account.role, 'ids.full') && name !== 'people.revealId' ? maskIds(value) : value;
      return { ok: true, value: visible };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: error.error };
      // A trigger that guards data says why as CODE:reference (e.g. CLAIM_LOCKED:<claim>).
      const guard = /^([A-Z][A-Z0-9_]+):(.*)$/s.exec(error instanceof Error ? error.message : '');
      if (guard && (error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        return { ok: false, error: { code: guard[1]!, params: { ref: guard[2]! } } };
      }
      log(`call ${name} failed`, error);
      return { ok: false, error: { code: 'INTERNAL' } };
    } finally {
      current = null;
    }
  }

  if (!needsPassphrase()) open();

  return {
    dispatch,
    get db() {
      return requireDb();
    },
    redeemDownload: (ticket, keep) => files.redeem(ticket, keep),
    autoBackup() {
      if (!db) return;
      const today = clock.today();
      if (hasAutoBackupOn(file, today)) return;
      backupWriter(db, file, 'auto', clock.now(), passphrase);
      rotateBackups(file, getSetting(db, 'backup.keep', today, 14));
    },
    close: () => {
      db?.close();
      db = null;
    },
  };
}


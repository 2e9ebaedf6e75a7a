// The contract's implementation over one data file: opens the file, builds every area's handlers
// and the trust calls, and serves calls through dispatch (service/dispatch.ts: access as each call
// declares it, the audit trail, masking). Sessions, restore and re-keying live beside it in service/.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { contract, type AppInfo, type CallName, type CallParsed, type CallResult } from './contract';
import type { Caller } from './call';
import { fail, type Result } from './errors';
import { applyKey } from './cipher';
import { isPlainSqlite, openDatabase, type Db } from './open';
import { createJobs, type JobContext } from './jobs';
import { createFiles, exportsFolder, removeLeftoverPartials, type ExportedFile } from './files';
import { SCHEMA_VERSION } from './migrations/index';
import { createClock, type Clock } from './clock';
import { cachedSettings, getSetting } from './settings';
import { stmt } from './statements';
import type { AreaContext } from './context';
import { peopleHandlers } from './people/handlers';
import { rehabHandlers } from './rehab/handlers';
import { trainingHandlers } from './training/handlers';
import { devicesHandlers } from './devices/handlers';
import { claimsHandlers } from './claims/handlers';
import { returnsHandlers } from './returns/handlers';
import type { PackageOutcome, PackagePlan } from './returns/export';
import type { PackageReading } from './returns/consolidate';
import { needsHandlers } from './needs/handlers';
import { compareHandlers } from './compare/handlers';
import { centreHandlers } from './centre/handlers';
import { connectHandlers } from './connect/handlers';
import { createAudit, type Audit } from './trust/audit';
import { createAccounts } from './trust/accounts';
import { createMasker, PII_KEYS } from './trust/masking';
import { throttleSeconds } from './trust/passwords';
import { hasAutoBackupOn, rotateBackups, writeBackup, type BackupWriter } from './backup';
import { actorLabel, callerInScope, workstationInScope, type CallOrigin } from './service/caller';
import { compact } from './service/audit-record';
import { createDispatch } from './service/dispatch';
import { createSessions } from './service/sessions';
import { rekey, restoreBackup } from './service/restore';
import type { Checkpointer } from './checkpoint';
import { trustHandlers } from './service/trust-handlers';

export interface ServiceOptions {
  dataFile: string;
  host: 'electron' | 'browser';
  appVersion: string;
  clock?: Clock;
  /** The passphrase of an encrypted data file, when known at start (otherwise app.unlock). */
  passphrase?: string;
  /** Where unexpected errors go; they reach the user only as INTERNAL. */
  log?: (message: string, error: unknown) => void;
  /** Milliseconds now (tests move it to age sessions and rate limits). */
  now?: () => number;
  /** Writes a backup; the service thread passes one that copies in a second thread (host/service-worker.ts). */
  backupWriter?: BackupWriter;
  /**
   * Writes and reads return packages off this thread (the service thread passes one that starts
   * host/package-worker.ts); without it, packages are written and read here in chunks.
   */
  packageThread?: PackageThreadOptions;
  /**
   * Checkpoints the write-ahead log on another connection in another thread (the service thread
   * passes host/checkpoint-thread.ts); without it SQLite checkpoints inside the commits that fill the log.
   */
  checkpointer?: Checkpointer;
}

/** Return-package work done in another thread; each reports on `job` and stops when it is cancelled. */
export interface PackageThreadOptions {
  /** Writes a package from the data file (opened with its passphrase) by the plan. */
  write(request: { dataFile: string; passphrase: string | undefined; plan: PackagePlan }, job: JobContext): Promise<PackageOutcome>;
  /** Reads a package file in canonical order for its checksum and row counts. */
  read(file: string, job: JobContext, progress: (rows: number) => void): Promise<PackageReading>;
}

type Handlers = { [N in CallName]: (input: CallParsed<N>, caller: Caller | null) => CallResult<N> };

export interface Service {
  /** `origin`: the workstation a call over the centre's network came from; none for this PC. */
  dispatch(name: unknown, input: unknown, sessionId?: string, origin?: CallOrigin): Result<unknown>;
  /** The open database (throws while an encrypted file waits for its passphrase). */
  readonly db: Db;
  /** The exported file behind a one-time download ticket (for the hosts' download routes); `keep` leaves the ticket unused (HEAD). */
  redeemDownload(ticket: string, keep?: boolean, session?: string): ExportedFile | null;
  /** Makes today's automatic backup if there is none yet, and rotates old ones. */
  autoBackup(): void;
  close(): void;
}

/** The keys the contract marks as personal data (a test checks them against every call's schema). */
const mask = createMasker(PII_KEYS);

/** Joins the areas' handlers: one per call of the contract, none twice, none missing. */
function joinHandlers(...parts: object[]): Handlers {
  const joined: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (name in joined) throw new Error(`call ${name} has two handlers`);
      joined[name] = handler;
    }
  }
  const missing = Object.keys(contract).filter((name) => !(name in joined));
  if (missing.length > 0) throw new Error(`calls without a handler: ${missing.join(', ')}`);
  return joined as Handlers;
}

export function createService(options: ServiceOptions): Service {
  const clock = options.clock ?? createClock(process.env.REHABDESK_TODAY || undefined);
  const log = options.log ?? ((message, error) => console.error(message, error));
  const now = options.now ?? (() => Date.now());
  const file = options.dataFile;
  const backupWriter = options.backupWriter ?? ((db, dataFile, kind, now) => writeBackup(db, dataFile, kind, now));

  let passphrase = options.passphrase;
  let db: Db | null = null;
  let handlers: Handlers | null = null;
  let accounts: ReturnType<typeof createAccounts> | null = null;
  let trail: Audit | null = null;
  const jobs = createJobs(log);
  const files = createFiles();
  const unlockFailures = { count: 0, until: 0 };

  // Every call checks its session against these two: read from the file once, again after a
  // settings write, a write by another process, a reopened file or a new day (settings.ts).
  const sessionDefaults = { 'security.idleMinutes': 15, 'security.sessionHours': 12 };
  const sessionSettings = cachedSettings(sessionDefaults);
  const limits = () => {
    const values = db ? sessionSettings(db, clock.today()) : sessionDefaults;
    return { idleMinutes: values['security.idleMinutes'], lifetimeHours: values['security.sessionHours'] };
  };
  const idleMinutes = () => limits().idleMinutes;
  const sessions = createSessions(limits, now);

  // A file that is not plain SQLite is encrypted (or not ours: openDatabase tells which).
  const needsPassphrase = () => {
    if (passphrase !== undefined || !fs.existsSync(file)) return false;
    const size = fs.statSync(file).size;
    return size >= 512 && size % 512 === 0 && !isPlainSqlite(file);
  };

  const base = (): Omit<AppInfo, 'settings' | 'account' | 'permissions' | 'idleMinutes'> => ({
    appVersion: options.appVersion,
    schemaVersion: SCHEMA_VERSION,
    dataFile: file,
    host: options.host,
    today: clock.today(),
    locked: db === null,
    encrypted: passphrase !== undefined,
    hasAccounts: accounts ? accounts.count() > 0 : true,
  });

  // app.changes: SQLite's count of rows this connection has written, which starts again at each
  // opening of the file (unlock, restore); the number answered only grows, by one whenever the
  // count or the connection differs from the last answer, so a poller sees "changed" either way.
  const changeCounter = { answered: 0, total: -1, on: null as Db | null };
  function changes(): number {
    const total = stmt(db!, 'SELECT total_changes() AS n').get() as { n: number };
    if (changeCounter.on !== db || changeCounter.total !== total.n) {
      changeCounter.answered += 1;
      changeCounter.on = db;
      changeCounter.total = total.n;
    }
    return changeCounter.answered;
  }

  function record(action: string, target: string, detail: unknown, caller: Caller | null) {
    trail?.append({ at: clock.now(), actor: caller ? caller.username : 'system', action, target, detail: compact(detail), workstation: workstationInScope() });
  }

  /** SQLite's own checkpoints every this many pages of log, when no checkpointer runs (its default). */
  const AUTO_CHECKPOINT_PAGES = 1000;

  /**
   * Hands the open file's checkpoints to the checkpointer once its thread runs; until then, and
   * should it stop on its own, SQLite checkpoints inline.
   */
  function startCheckpoints(opened: Db) {
    const autoCheckpoint = (pages: number) => {
      if (db === opened) opened.pragma(`wal_autocheckpoint = ${pages}`);
    };
    options.checkpointer?.start(file, passphrase, { running: () => autoCheckpoint(0), failed: () => autoCheckpoint(AUTO_CHECKPOINT_PAGES) });
  }

  /** Restoring and re-keying move or rewrite the whole file: no other connection may hold it meanwhile. */
  function withoutCheckpoints<T>(work: () => T): T {
    if (options.checkpointer) {
      options.checkpointer.stop();
      db?.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    }
    try {
      return work();
    } finally {
      if (db) startCheckpoints(db);
    }
  }

  function open() {
    const opened = openDatabase(file, passphrase === undefined ? {} : { passphrase });
    db = opened;
    startCheckpoints(opened);
    const audit = createAudit(opened);
    trail = audit;
    accounts = createAccounts(opened, clock);
    const ctx: AreaContext = {
      db: opened,
      clock,
      // The caller of the call being served, or of the call that started the running job.
      actor: () => actorLabel(callerInScope()),
      jobs: {
        ...jobs,
        start: (kind, work) => jobs.start(kind, work, callerInScope()?.accountId ?? null),
      },
      dataFile: file,
      encrypted: () => passphrase !== undefined,
      openSnapshot: (options) => {
        const snapshot = new Database(file, { readonly: !options?.writable, fileMustExist: true });
        if (passphrase !== undefined) applyKey(snapshot, passphrase);
        snapshot.pragma('busy_timeout = 5000');
        return snapshot;
      },
      audit: (action, target, detail) =>
        audit.append({ at: clock.now(), actor: callerInScope()?.username ?? 'system', action, target, detail: compact(detail ?? {}), workstation: workstationInScope() }),
      exportFile: (path) => files.register(path),
    };
    handlers = joinHandlers(
      peopleHandlers(ctx),
      rehabHandlers(ctx),
      trainingHandlers(ctx),
      devicesHandlers(ctx),
      claimsHandlers(ctx),
      returnsHandlers(
        ctx,
        options.packageThread && {
          write: (plan, job) => options.packageThread!.write({ dataFile: file, passphrase, plan }, job),
          read: (pkg, job, progress) => options.packageThread!.read(pkg, job, progress),
        },
      ),
      needsHandlers(ctx),
      compareHandlers(ctx),
      centreHandlers(),
      connectHandlers(),
      { 'app.changes': changes },
      trustHandlers({
        db: opened,
        file,
        clock,
        accounts,
        audit,
        sessions,
        jobs,
        files,
        passphrase: () => passphrase,
        backupWriter,
        base,
        idleMinutes,
        record,
        mask,
        restore,
        setPassphrase: (current, next) => {
          withoutCheckpoints(() => {
            passphrase = rekey(opened, passphrase, current, next);
          });
          return { encrypted: passphrase !== undefined };
        },
      }),
    );
  }

  function close() {
    options.checkpointer?.stop();
    db?.close();
    db = null;
    trail = null;
    handlers = null;
  }

  function restore(name: string, caller: Caller) {
    const result = withoutCheckpoints(() => restoreBackup({ file, db: db!, passphrase, now: clock.now(), runningJobs: jobs.running(), close, open }, name));
    // Everyone signs in again, except the one restoring if their account is the same in the restored file.
    sessions.endAllBut(caller.sessionId);
    const session = sessions.get(caller.sessionId);
    const same = accounts!.list().find((a) => a.id === caller.accountId && a.username === caller.username && a.active);
    if (!same || !session) sessions.end(caller.sessionId);
    else session.account = same;
    return result;
  }

  /** Opens an encrypted file; wrong passphrases in a row make the next try wait, as sign-in does. */
  function unlock(candidate: string) {
    if (unlockFailures.until > now()) fail('AUTH_THROTTLED', 'passphrase', { seconds: Math.ceil((unlockFailures.until - now()) / 1000) });
    passphrase = candidate;
    try {
      open();
      unlockFailures.count = 0;
    } catch (error) {
      passphrase = undefined;
      unlockFailures.count += 1;
      unlockFailures.until = now() + throttleSeconds(unlockFailures.count) * 1000;
      throw error;
    }
  }

  const dispatch = createDispatch({
    state: () => ({ db, handler: (name) => (handlers as Record<string, (input: unknown, caller: Caller | null) => unknown> | null)?.[name] }),
    sessions,
    unlock,
    lockedInfo: () => ({ ...base(), settings: { locale: 'zh-CN' }, account: null, permissions: [], idleMinutes: 15 }),
    record,
    mask,
    log,
    now,
  });

  removeLeftoverPartials(exportsFolder(file)); // a killed export's plain-text rows
  if (!needsPassphrase()) open();

  return {
    dispatch,
    get db() {
      if (!db) fail('DB_NEEDS_PASSPHRASE');
      return db;
    },
    redeemDownload: (ticket, keep, session) => files.redeem(ticket, keep, session),
    autoBackup() {
      if (!db) return;
      const today = clock.today();
      if (hasAutoBackupOn(file, today)) return;
      backupWriter(db, file, 'auto', clock.now(), passphrase);
      rotateBackups(file, getSetting(db, 'backup.keep', today, 14));
    },
    close,
  };
}

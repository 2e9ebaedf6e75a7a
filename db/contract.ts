// The one API contract: every call's name, input schema and result type. The Electron preload
// bridge, the IPC handlers, the browser host and the renderer client are all typed from this.
// Pure: no Node imports, so the renderer can import it (and reuse the schemas to check forms).
import { z } from 'zod';
import type { AppError, Result } from './errors';
import { call, mergeCalls, type Access, type Declaration } from './call';
export { issuesToError } from './call';
import { peopleCalls } from './people/contract';
import { rehabCalls } from './rehab/contract';
import { trainingCalls } from './training/contract';
import { devicesCalls } from './devices/contract';
import { claimsCalls } from './claims/contract';
import { returnsCalls } from './returns/contract';
import { needsCalls } from './needs/contract';
import { compareCalls } from './compare/contract';
import { centreCalls } from './centre/contract';
import { connectCalls } from './connect/contract';
import { trustCalls, type AccountView } from './trust/contract';
import type { Permission } from './trust/permissions';

export type { AppError, Result };
export * from './people/contract';
export type { AccountView, SignedIn, BackupFile, BackupPreview } from './trust/contract';
export type { Permission, Role } from './trust/permissions';
export type { JobView, JobState } from './jobs';
export type { CentreStatus } from './centre/contract';
export type { ConnectStatus, PresentedCertificate } from './connect/contract';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface AppSettings {
  locale: Locale;
}

export interface AppInfo {
  appVersion: string;
  schemaVersion: number;
  dataFile: string;
  host: 'electron' | 'browser';
  today: string;
  settings: AppSettings;
  /** The data file is encrypted and waits for its passphrase (app.unlock). */
  locked: boolean;
  encrypted: boolean;
  /** False on first start: the administrator account must be created (auth.setup). */
  hasAccounts: boolean;
  /** The signed-in account of the asking session, if any. */
  account: AccountView | null;
  permissions: Permission[];
  idleMinutes: number;
}

/** The first-start checklist: each step's progress, read from the data itself. */
export interface StartChecklist {
  /** The centre's identity for returns and claims (name, code) is saved. */
  centre: boolean;
  therapists: number;
  /** Accounts besides the first administrator. */
  staffAccounts: number;
  people: number;
}

/** Every call of the API: the app-wide ones here, each area's from its own contract file. */
export const contract = mergeCalls(
  {
    'app.info': call<AppInfo>({ access: 'public', audit: 'none' })(() => z.object({})),
    /** What a new centre has set up so far (the first-start checklist): counts, no personal data. */
    'app.checklist': call<StartChecklist>({ access: 'signed-in', audit: 'none' })(() => z.object({})),
    /**
     * A number that grows with every committed write to the file (kept by the service; a restart may
     * start it again): lists poll it every few seconds and reload when it differs, so others' changes
     * show without a click. A background poll: no audit entry, and it does not keep a session awake.
     */
    'app.changes': call<number>({ access: 'signed-in', audit: 'none', background: true })(() => z.object({})),
    /** Changes the asking account's own settings (its language), nobody else's. */
    'settings.update': call<AppSettings>({ access: 'signed-in', audit: 'none' })(
      () => z.object({ locale: z.enum(LOCALES).optional() }),
    ),
  },
  peopleCalls,
  rehabCalls,
  trainingCalls,
  devicesCalls,
  claimsCalls,
  returnsCalls,
  trustCalls,
  needsCalls,
  compareCalls,
  centreCalls,
  connectCalls,
);

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallParsed<N extends CallName> = z.output<Contract[N]['input']>;
export type CallResult<N extends CallName> = NonNullable<Contract[N]['result']>;

/** What the renderer sees, whichever transport (Electron IPC or the browser host) carries it. */
export type Api = { [N in CallName]: (input: CallInput<N>) => Promise<Result<CallResult<N>>> };

/** What the Electron preload exposes as window.rehabdesk; the browser host's client has the same shape. */
export interface Bridge {
  /** `session` is the signed-in session's id (absent before sign-in). */
  invoke(name: string, input: unknown, session?: string): Promise<Result<unknown>>;
}

export const CALL_NAMES = Object.keys(contract) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What a call declares beside its schema: its access, audit kind and before-state. */
export function declarationOf(name: CallName): Declaration {
  return (contract[name] as { declared: Declaration }).declared;
}

/** The permission a call needs (or 'public' / 'signed-in'), as declared in its contract. */
export function permissionFor(name: string): Access | null {
  return isCallName(name) ? declarationOf(name).access : null;
}

// Accounts, sign-in, the audit trail, backups and encryption: their part of the contract.
import { z } from 'zod';
import { call } from '../call';
import { optionalIsoDate, optionalText, recordId, requiredText } from '../schemas';
import { ROLES, type Permission, type Role } from './permissions';
import type { AuditRow } from './audit';
import type { JobView } from '../jobs';

export interface AccountView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
}

export interface SignedIn {
  sessionId: string;
  account: AccountView;
  permissions: Permission[];
  idleMinutes: number;
}

export interface BackupFile {
  file: string;
  name: string;
  size: number;
  createdAt: string;
  kind: 'manual' | 'auto' | 'before-restore';
}

export interface BackupPreview {
  file: string;
  schemaVersion: number;
  integrity: 'ok' | string;
  counts: { table: string; rows: number }[];
  lastChange: string;
}

/** The audit screen's workstation filter: every entry, those made on this PC, those from the centre's network. */
export const AUDIT_SOURCES = ['all', 'this-pc', 'network'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

const username = () => z.string().trim().min(1, 'REQUIRED').max(40, 'TOO_LONG').regex(/^[A-Za-z0-9._@-]+$/, 'AUTH_USERNAME_FORMAT');
const password = () => z.string().min(1, 'REQUIRED').max(200, 'TOO_LONG');

export const trustCalls = {
  'jobs.get': call<JobView>({ access: 'signed-in', audit: 'none' })(() => z.object({ id: z.string().min(1).max(40) })),
  'jobs.cancel': call<JobView>({ access: 'signed-in', audit: 'none' })(() => z.object({ id: z.string().min(1).max(40) })),
  /** A one-time link (valid one minute) to download an exported file. */
  'files.link': call<{ url: string; name: string }>({ access: 'signed-in', audit: 'none' })(() => z.object({ fileId: z.string().min(1).max(40) })),
  'app.unlock': call<{ ok: true }>({ access: 'public', audit: 'none' })(() => z.object({ passphrase: z.string().min(1, 'REQUIRED').max(200, 'TOO_LONG') })),
  'auth.setup': call<SignedIn>({ access: 'public', audit: 'none' })(() => z.object({ username: username(), displayName: requiredText(50), password: password() })),
  'auth.signIn': call<SignedIn>({ access: 'public', audit: 'none' })(() => z.object({ username: username(), password: password() })),
  'auth.signOut': call<{ ok: true }>({ access: 'signed-in', audit: 'none' })(() => z.object({})),
  'auth.changePassword': call<{ ok: true }>({ access: 'signed-in', audit: 'update', before: { none: 'only that the password changed is recorded, never the secrets' } })(() => z.object({ current: password(), next: password() })),
  'accounts.list': call<AccountView[]>({ access: 'accounts.manage', audit: 'none' })(() => z.object({})),
  'accounts.create': call<AccountView>({ access: 'accounts.manage', audit: 'create', before: 'created' })(
    () => z.object({ username: username(), displayName: requiredText(50), role: z.enum(ROLES, 'REQUIRED'), password: password() }),
  ),
  'accounts.update': call<AccountView>({ access: 'accounts.manage', audit: 'update', before: { table: 'account', columns: ['id', 'username', 'display_name', 'role', 'active'] } })(
    () => z.object({
      id: recordId(),
      displayName: requiredText(50).optional(),
      role: z.enum(ROLES).optional(),
      active: z.boolean().optional(),
      password: password().optional(),
    }),
  ),
  'audit.list': call<{ total: number; totalCapped: boolean; rows: AuditRow[] }>({ access: 'audit.read', audit: 'none' })(
    () => z.object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
      action: optionalText(40).transform((v) => v || null),
      /** Where the entries' calls came from: this PC (no workstation), the centre's network, or both. */
      source: z.enum(AUDIT_SOURCES).default('all'),
    }),
  ),
  'audit.verify': call<{ ok: boolean; entries: number; brokenAt: number | null }>({ access: 'audit.read', audit: 'none' })(() => z.object({})),
  'audit.export': call<{ fileName: string; csv: string }>({ access: 'audit.read', audit: 'export', auditedRead: true, personalInFile: 'masked', before: { none: 'a read' } })(
    () => z.object({ from: optionalIsoDate(), to: optionalIsoDate() }),
  ),
  'backup.now': call<BackupFile>({ access: 'backup.manage', audit: 'backup', before: { none: 'copies the file; changes no record' }, outsideTransaction: true })(() => z.object({})),
  'backup.list': call<{ dir: string; keep: number; files: BackupFile[] }>({ access: 'backup.manage', audit: 'none' })(() => z.object({})),
  'backup.preview': call<BackupPreview>({ access: 'backup.manage', audit: 'none' })(() => z.object({ name: requiredText(200) })),
  'backup.restore': call<{ restored: string; setAside: string }>({ access: 'backup.manage', audit: 'restore', before: { none: 'the whole file is set aside as a backup of its own' }, outsideTransaction: true })(() => z.object({ name: requiredText(200) })),
  'backup.settings': call<{ keep: number }>({ access: 'backup.manage', audit: 'update', before: { setting: 'backup.keep' } })(() => z.object({ keep: z.number().int().min(1, 'BACKUP_KEEP_RANGE').max(365, 'BACKUP_KEEP_RANGE') })),
  'security.settings': call<{ idleMinutes: number }>({ access: 'security.manage', audit: 'update', before: { setting: 'security.idleMinutes' } })(
    () => z.object({ idleMinutes: z.number().int().min(1, 'IDLE_RANGE').max(240, 'IDLE_RANGE') }),
  ),
  'security.setPassphrase': call<{ encrypted: boolean }>({ access: 'security.manage', audit: 'update', before: { none: 'the passphrase is a secret; only that it changed is recorded' }, outsideTransaction: true })(
    () => z.object({ current: z.string().max(200, 'TOO_LONG').default(''), next: z.string().max(200, 'TOO_LONG').default('') }),
  ),
};

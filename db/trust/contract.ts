// Accounts, sign-in, the audit trail, backups and encryption: their part of the contract.
import { z } from 'zod';
import { call } from '../call';
import { optionalIsoDate, optionalText, recordId, requiredText } from '../schemas';
import { ROLES, type Permission, type Role } from './permissions';
import type { AuditEntry } from './audit';
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

const username = z.string().trim().min(1, 'REQUIRED').max(40, 'TOO_LONG').regex(/^[A-Za-z0-9._@-]+$/, 'AUTH_USERNAME_FORMAT');
const password = z.string().min(1, 'REQUIRED').max(200, 'TOO_LONG');

export const trustCalls = {
  'jobs.get': call<JobView>()(z.object({ id: z.string().min(1).max(40) })),
  'jobs.cancel': call<JobView>()(z.object({ id: z.string().min(1).max(40) })),
  /** A one-time link (valid one minute) to download an exported file. */
  'files.link': call<{ url: string; name: string }>()(z.object({ fileId: z.string().min(1).max(40) })),
  'app.unlock': call<{ ok: true }>()(z.object({ passphrase: z.string().min(1, 'REQUIRED').max(200, 'TOO_LONG') })),
  'auth.setup': call<SignedIn>()(z.object({ username, displayName: requiredText(50), password })),
  'auth.signIn': call<SignedIn>()(z.object({ username, password })),
  'auth.signOut': call<{ ok: true }>()(z.object({})),
  'auth.changePassword': call<{ ok: true }>()(z.object({ current: password, next: password })),
  'accounts.list': call<AccountView[]>()(z.object({})),
  'accounts.create': call<AccountView>()(
    z.object({ username, displayName: requiredText(50), role: z.enum(ROLES, 'REQUIRED'), password }),
  ),
  'accounts.update': call<AccountView>()(
    z.object({
      id: recordId,
      displayName: requiredText(50).optional(),
      role: z.enum(ROLES).optional(),
      active: z.boolean().optional(),
      password: password.optional(),
    }),
  ),
  'audit.list': call<{ total: number; totalCapped: boolean; rows: AuditEntry[] }>()(
    z.object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
      action: optionalText(40).transform((v) => v || null),
    }),
  ),
  'audit.verify': call<{ ok: boolean; entries: number; brokenAt: number | null }>()(z.object({})),
  'audit.export': call<{ fileName: string; csv: string }>()(
    z.object({ from: optionalIsoDate(), to: optionalIsoDate() }),
  ),
  'backup.now': call<BackupFile>()(z.object({})),
  'backup.list': call<{ dir: string; keep: number; files: BackupFile[] }>()(z.object({})),
  'backup.preview': call<BackupPreview>()(z.object({ name: requiredText(200) })),
  'backup.restore': call<{ restored: string; setAside: string }>()(z.object({ name: requiredText(200) })),
  'backup.settings': call<{ keep: number }>()(z.object({ keep: z.number().int().min(1, 'BACKUP_KEEP_RANGE').max(365, 'BACKUP_KEEP_RANGE') })),
  'security.settings': call<{ idleMinutes: number }>()(
    z.object({ idleMinutes: z.number().int().min(1, 'IDLE_RANGE').max(240, 'IDLE_RANGE') }),
  ),
  'security.setPassphrase': call<{ encrypted: boolean }>()(
    z.object({ current: z.string().max(200, 'TOO_LONG').default(''), next: z.string().max(200, 'TOO_LONG').default('') }),
  ),
};

// Accounts, the audit trail, backups and encryption: state for the settings screens.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import type { AccountView, AppError, BackupFile, BackupPreview, Role } from '../../db/contract';
import type { AuditEntry } from '../../db/trust/audit';

/** Offers text as a file download (CSV exports), without leaving the app. */
export function download(fileName: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Outcome<T> = { value: T; error: null } | { value: null; error: AppError };
const outcome = <T>(result: { ok: true; value: T } | { ok: false; error: AppError }): Outcome<T> =>
  result.ok ? { value: result.value, error: null } : { value: null, error: result.error };

export const useTrustStore = defineStore('trust', () => {
  const accounts = ref<AccountView[]>([]);
  const audit = ref<{ total: number; totalCapped: boolean; rows: AuditEntry[] }>({ total: 0, totalCapped: false, rows: [] });
  const auditFilter = ref('');
  const backups = ref<{ dir: string; keep: number; files: BackupFile[] } | null>(null);
  const preview = ref<BackupPreview | null>(null);
  const loadError = ref<AppError | null>(null);

  async function loadAccounts() {
    const result = await call('accounts.list', {});
    if (result.ok) accounts.value = result.value;
    else loadError.value = result.error;
  }
  async function createAccount(input: { username: string; displayName: string; role: Role; password: string }) {
    const result = outcome(await call('accounts.create', input));
    if (result.value) await loadAccounts();
    return result;
  }
  async function updateAccount(input: { id: number; displayName?: string; role?: Role; active?: boolean; password?: string }) {
    const result = outcome(await call('accounts.update', input));
    if (result.value) await loadAccounts();
    return result;
  }
  const changePassword = async (current: string, next: string) => outcome(await call('auth.changePassword', { current, next }));

  async function loadAudit(more = false) {
    const result = await call('audit.list', { offset: more ? audit.value.rows.length : 0, limit: 100, action: auditFilter.value });
    if (!result.ok) {
      loadError.value = result.error;
      return;
    }
    audit.value = { ...result.value, rows: more ? [...audit.value.rows, ...result.value.rows] : result.value.rows };
  }
  const verifyAudit = async () => outcome(await call('audit.verify', {}));
  async function exportAudit() {
    const result = outcome(await call('audit.export', {}));
    if (result.value) download(result.value.fileName, result.value.csv);
    return result;
  }

  async function loadBackups() {
    const result = await call('backup.list', {});
    if (result.ok) backups.value = result.value;
    else loadError.value = result.error;
  }
  async function backupNow() {
    const result = outcome(await call('backup.now', {}));
    await loadBackups();
    return result;
  }
  async function previewBackup(name: string) {
    const result = outcome(await call('backup.preview', { name }));
    preview.value = result.value;
    return result;
  }
  const restoreBackup = async (name: string) => outcome(await call('backup.restore', { name }));
  async function setBackupKeep(keep: number) {
    const result = outcome(await call('backup.settings', { keep }));
    await loadBackups();
    return result;
  }
  const setIdleMinutes = async (idleMinutes: number) => outcome(await call('security.settings', { idleMinutes }));
  const setPassphrase = async (current: string, next: string) => outcome(await call('security.setPassphrase', { current, next }));

  return {
    accounts,
    audit,
    auditFilter,
    backups,
    preview,
    loadError,
    loadAccounts,
    createAccount,
    updateAccount,
    changePassword,
    loadAudit,
    verifyAudit,
    exportAudit,
    loadBackups,
    backupNow,
    previewBackup,
    restoreBackup,
    setBackupKeep,
    setIdleMinutes,
    setPassphrase,
  };
});

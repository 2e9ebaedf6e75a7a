// Accounts, the audit trail, backups and encryption: state for the settings screens.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { downloadText } from './files';
import { outcome } from './outcome';
import type { AccountView, AppError, BackupFile, BackupPreview, Role } from '../../db/contract';
import type { AuditRow } from '../../db/trust/audit';
import type { AuditSource } from '../../db/trust/contract';

/** Entries a page of the audit screen shows. */
export const AUDIT_PAGE = 50;

export const useTrustStore = defineStore('trust', () => {
  const accounts = ref<AccountView[]>([]);
  const audit = ref<{ total: number; totalCapped: boolean; rows: AuditRow[] }>({ total: 0, totalCapped: false, rows: [] });
  /** The first entry of the page shown (0-based), AUDIT_PAGE entries a page. */
  const auditOffset = ref(0);
  const auditFilter = ref('');
  const auditSource = ref<AuditSource>('all');
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
    if (!result.error) await loadAccounts();
    return result;
  }
  async function updateAccount(input: { id: number; displayName?: string; role?: Role; active?: boolean; password?: string }) {
    const result = outcome(await call('accounts.update', input));
    if (!result.error) await loadAccounts();
    return result;
  }
  const changePassword = async (current: string, next: string) => outcome(await call('auth.changePassword', { current, next }));

  async function loadAudit(offset = 0) {
    const result = await call('audit.list', { offset, limit: AUDIT_PAGE, action: auditFilter.value, source: auditSource.value });
    if (!result.ok) {
      loadError.value = result.error;
      return;
    }
    audit.value = result.value;
    auditOffset.value = offset;
  }

  const verifyAudit = async () => outcome(await call('audit.verify', {}));
  async function exportAudit() {
    const result = outcome(await call('audit.export', {}));
    if (!result.error) downloadText(result.value.fileName, result.value.csv);
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
    auditOffset,
    auditFilter,
    auditSource,
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

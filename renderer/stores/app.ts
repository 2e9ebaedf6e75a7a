// App-wide state: versions, data file, today's date, the signed-in account and its permissions,
// and the user's settings (language).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call, connect, setSession } from '../api';
import type { AppError, AppInfo, AppSettings, Locale, Permission, StartChecklist } from '../../db/contract';
import { outcome, type Outcome } from './outcome';
import { setLocale } from '../i18n';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const startError = ref<AppError | null>(null);
  /** True when the app locked itself after idle time (the sign-in screen says why). */
  const lockedByIdle = ref(false);

  const account = computed(() => info.value?.account ?? null);
  const can = (permission: Permission) => info.value?.permissions.includes(permission) ?? false;

  async function load() {
    if (!connect()) {
      startError.value = { code: 'HOST_TOKEN' };
      return;
    }
    const result = await call('app.info', {});
    if (!result.ok) {
      startError.value = result.error;
      return;
    }
    info.value = result.value;
    await setLocale(result.value.settings.locale);
  }

  async function afterSignIn(result: Awaited<ReturnType<typeof call<'auth.signIn'>>>) {
    if (result.ok) {
      setSession(result.value.sessionId);
      lockedByIdle.value = false;
      await load();
    }
    return outcome(result);
  }

  const setup = async (input: { username: string; displayName: string; password: string }) => afterSignIn(await call('auth.setup', input));
  const signIn = async (username: string, password: string) => afterSignIn(await call('auth.signIn', { username, password }));

  async function signOut(idle = false) {
    await call('auth.signOut', {});
    setSession(null);
    lockedByIdle.value = idle;
    await load();
  }

  /** The service dropped the session (idle too long, restarted): show sign-in, keep the screen. */
  async function sessionLost() {
    lockedByIdle.value = true;
    await load();
  }

  async function unlock(passphrase: string) {
    const result = outcome(await call('app.unlock', { passphrase }));
    if (!result.error) await load();
    return result;
  }

  const checklist = ref<StartChecklist | null>(null);
  async function loadChecklist(): Promise<Outcome<StartChecklist>> {
    const result = outcome(await call('app.checklist', {}));
    if (!result.error) checklist.value = result.value;
    return result;
  }

  async function updateSettings(change: { locale?: Locale }): Promise<Outcome<AppSettings>> {
    const locale = change.locale ?? info.value?.settings.locale ?? 'zh-CN';
    await setLocale(locale);
    // Before sign-in the choice applies to this screen only.
    if (!account.value) return { value: { ...info.value?.settings, locale }, error: null };
    const result = outcome(await call('settings.update', change));
    if (!result.error && info.value) info.value = { ...info.value, settings: result.value };
    return result;
  }

  return { info, startError, lockedByIdle, account, can, load, setup, signIn, signOut, sessionLost, unlock, updateSettings, checklist, loadChecklist };
});

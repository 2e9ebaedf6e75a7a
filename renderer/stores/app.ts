// App-wide state: versions, data file, today's date, the signed-in account and its permissions,
// and the user's settings (language).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call, connect, setSession } from '../api';
import type { AppError, AppInfo, Locale, Permission } from '../../db/contract';
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
    setLocale(result.value.settings.locale);
  }

  async function afterSignIn(result: Awaited<ReturnType<typeof call<'auth.signIn'>>>): Promise<AppError | null> {
    if (!result.ok) return result.error;
    setSession(result.value.sessionId);
    lockedByIdle.value = false;
    await load();
    return null;
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

  async function unlock(passphrase: string): Promise<AppError | null> {
    const result = await call('app.unlock', { passphrase });
    if (!result.ok) return result.error;
    await load();
    return null;
  }

  async function updateSettings(change: { locale?: Locale }): Promise<AppError | null> {
    setLocale(change.locale ?? info.value?.settings.locale ?? 'zh-CN');
    if (!account.value) return null; // before sign-in the choice applies to this screen only
    const result = await call('settings.update', change);
    if (!result.ok) return result.error;
    if (info.value) info.value = { ...info.value, settings: result.value };
    return null;
  }

  return { info, startError, lockedByIdle, account, can, load, setup, signIn, signOut, sessionLost, unlock, updateSettings };
});

// App-wide state: versions, data file, today's date and the user's settings (language, operator).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call, connect } from '../api';
import type { AppError, AppInfo, Locale } from '../../db/contract';
import { setLocale } from '../i18n';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const startError = ref<AppError | null>(null);

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

  async function updateSettings(change: { locale?: Locale; operatorName?: string }): Promise<AppError | null> {
    const result = await call('settings.update', change);
    if (!result.ok) return result.error;
    if (info.value) info.value = { ...info.value, settings: result.value };
    setLocale(result.value.locale);
    return null;
  }

  return { info, startError, load, updateSettings };
});

// @vitest-environment happy-dom
// The app store's sign-in and settings actions answer with the one Outcome shape the screens test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useAppStore } from '../../../renderer/stores/app';
import { useBridge } from '../../../renderer/api';
import { i18n, setLocale } from '../../../renderer/i18n';
import type { Result } from '../../../db/contract';

const info = { appVersion: '1', schemaVersion: 9, dataFile: 'x', host: 'browser', today: '2026-11-29', settings: { locale: 'zh-CN' }, locked: false, encrypted: false, hasAccounts: true };

function bridge(answer: (name: string, input: unknown) => Result<unknown>) {
  const calls: string[] = [];
  // The preload bridge, as under Electron: the store's load() connects to it.
  window.rehabdesk = { invoke: async (name, input) => (calls.push(name), answer(name, input) as never) };
  useBridge(window.rehabdesk);
  return calls;
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(async () => {
  delete window.rehabdesk;
  await setLocale('zh-CN');
});

describe('app store', () => {
  it('answers a refused sign-in with its error and stays signed out', async () => {
    const calls = bridge(() => ({ ok: false, error: { code: 'AUTH_FAILED', field: 'password' } }));
    const app = useAppStore();
    expect(await app.signIn('admin', 'wrong')).toEqual({ value: null, error: { code: 'AUTH_FAILED', field: 'password' } });
    expect(calls).toEqual(['auth.signIn']);
    expect(app.account).toBeNull();
  });

  it('switches the language before sign-in without calling the service, and says it worked', async () => {
    const calls = bridge(() => ({ ok: true, value: info }));
    const app = useAppStore();
    expect(await app.updateSettings({ locale: 'en' })).toEqual({ value: { locale: 'en' }, error: null });
    expect(i18n.global.locale.value).toBe('en');
    expect(calls).toEqual([]);
  });

  it('answers a refused settings save with its error once signed in', async () => {
    const calls = bridge((name) =>
      name === 'app.info' ? { ok: true, value: { ...info, account: { id: 1, username: 'admin' }, permissions: [] } } : name === 'auth.signIn' ? { ok: true, value: { sessionId: 's' } } : { ok: false, error: { code: 'INTERNAL' } },
    );
    const app = useAppStore();
    expect((await app.signIn('admin', 'right')).error).toBeNull();
    expect((await app.updateSettings({ locale: 'zh-CN' })).error).toEqual({ code: 'INTERNAL' });
    expect(calls).toEqual(['auth.signIn', 'app.info', 'settings.update']);
  });
});

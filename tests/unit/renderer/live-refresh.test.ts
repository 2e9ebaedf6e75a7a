// @vitest-environment happy-dom
// Lists that follow others' changes (useLiveRefresh) and the connection banner, with fake timers:
// a list reloads when app.changes answers a different number and only then; nothing is asked while
// the page is hidden or nobody is signed in; a host that cannot be reached shows the banner at once
// and is retried after 1, 2, 4, 8 and then every 10 seconds; when it answers again the banner says
// so and the lists reload.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { call, useBridge } from '../../../renderer/api';
import { BACK_SHOWN_MS, POLL_MS, retryDelay, useLiveRefresh, useLiveStore } from '../../../renderer/stores/live';
import ConnectionBanner from '../../../renderer/components/ConnectionBanner.vue';
import { i18n, setLocale } from '../../../renderer/i18n';
import type { Result } from '../../../db/contract';

const UNREACHABLE: Result<unknown> = { ok: false, error: { code: 'HOST_UNREACHABLE' } };

/** A host whose change number the test moves, which can be switched off; records when each call came. */
function fakeHost() {
  const host = { changes: 7, up: true, calls: [] as { name: string; at: number }[] };
  useBridge({
    invoke: async (name) => {
      host.calls.push({ name, at: Date.now() });
      if (!host.up) return UNREACHABLE;
      if (name === 'app.changes') return { ok: true, value: host.changes };
      return { ok: true, value: {} };
    },
  });
  return host;
}

/** A screen with a list: counts its reloads. */
function mountList() {
  const counter = { reloads: 0 };
  const List = defineComponent(() => {
    useLiveRefresh(() => {
      counter.reloads += 1;
    });
    return () => h('p', 'list');
  });
  const wrapper = mount(List);
  return { counter, wrapper };
}

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Lets the pending promise callbacks run (the fake bridge answers asynchronously). */
const settle = () => vi.advanceTimersByTimeAsync(0);

let live: ReturnType<typeof useLiveStore>;
beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  live = useLiveStore();
  live.install();
  setHidden(false);
});
afterEach(() => {
  live.uninstall();
  vi.useRealTimers();
});

describe('lists that follow changes', () => {
  it('reloads a list when the number changes, and not when it stays the same', async () => {
    const host = fakeHost();
    const { counter } = mountList();
    live.setSignedIn(true);
    await settle();
    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(host.calls.filter((c) => c.name === 'app.changes').length).toBeGreaterThanOrEqual(4);
    expect(counter.reloads).toBe(0);

    host.changes = 8; // someone else saved
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(counter.reloads).toBe(1);
    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(counter.reloads).toBe(1);
  });

  it('forgets a list that left the screen', async () => {
    const host = fakeHost();
    const { counter, wrapper } = mountList();
    live.setSignedIn(true);
    await settle();
    wrapper.unmount();
    host.changes += 1;
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(counter.reloads).toBe(0);
  });

  it('asks nothing while the page is hidden, and asks at once when it shows again', async () => {
    const host = fakeHost();
    const { counter } = mountList();
    live.setSignedIn(true);
    await settle();
    setHidden(true);
    const asked = host.calls.length;
    host.changes += 1;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(host.calls.length).toBe(asked);
    expect(counter.reloads).toBe(0);

    setHidden(false);
    await settle();
    expect(host.calls.length).toBe(asked + 1);
    expect(counter.reloads).toBe(1);
  });

  it('asks nothing once signed out', async () => {
    const host = fakeHost();
    const { counter } = mountList();
    live.setSignedIn(true);
    await settle();
    live.setSignedIn(false);
    const asked = host.calls.length;
    host.changes += 1;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(host.calls.length).toBe(asked);
    expect(counter.reloads).toBe(0);
  });
});

describe('a lost connection', () => {
  it('shows at once when any call fails to reach the host, retries with growing waits up to 10 s, and says when it is back', async () => {
    const host = fakeHost();
    const { counter } = mountList();
    live.setSignedIn(true);
    await settle();
    expect(live.connection).toBe('ok');

    // A save made by the user, between two polls, is the first to notice.
    host.up = false;
    await vi.advanceTimersByTimeAsync(POLL_MS / 2);
    expect(await call('people.update', { id: 1, version: 1 } as never)).toEqual(UNREACHABLE);
    expect(live.connection).toBe('lost');

    const lostAt = Date.now();
    host.calls.length = 0;
    await vi.advanceTimersByTimeAsync(60_000);
    // 1 + 2 + 4 + 8 + 10 + 10 + 10 + 10 = 55 s: eight retries in a minute, each wait longer, none over 10 s.
    const waits = host.calls.map((c, i) => c.at - (i === 0 ? lostAt : host.calls[i - 1]!.at));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000]);
    expect(host.calls.every((c) => c.name === 'app.changes')).toBe(true);
    expect(live.connection).toBe('lost');
    expect(counter.reloads).toBe(0);

    // The host answers again (a restarted host may answer any number): banner "back", lists reload.
    host.up = true;
    host.changes = 1;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(live.connection).toBe('back');
    expect(counter.reloads).toBe(1);
    await vi.advanceTimersByTimeAsync(BACK_SHOWN_MS);
    expect(live.connection).toBe('ok');
    // Back to the ordinary pace, and no second reload for the same number.
    host.calls.length = 0;
    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(host.calls).toHaveLength(4);
    expect(counter.reloads).toBe(1);
  });

  it('retries now when asked, without waiting for the next retry', async () => {
    const host = fakeHost();
    live.setSignedIn(true);
    await settle();
    host.up = false;
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(live.connection).toBe('lost');
    host.up = true;
    live.retryNow();
    await settle();
    expect(live.connection).toBe('back');
  });

  it('keeps retrying on the sign-in screen too, by asking whether the host is there', async () => {
    const host = fakeHost();
    host.up = false;
    expect(await call('auth.signIn', { username: 'wangli', password: 'x' } as never)).toEqual(UNREACHABLE);
    expect(live.connection).toBe('lost');
    host.calls.length = 0;
    await vi.advanceTimersByTimeAsync(3000);
    expect(host.calls.map((c) => c.name)).toEqual(['app.info', 'app.info']);
    host.up = true;
    await vi.advanceTimersByTimeAsync(4000);
    expect(live.connection).toBe('back');
  });

  it('retry waits double from one second and stop growing at ten', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });
});

describe('the connection banner', () => {
  it('says the connection is lost as an alert with a retry button, and that it is back as a status', async () => {
    await setLocale('zh-CN');
    const host = fakeHost();
    live.setSignedIn(true);
    await settle();
    const banner = mount(ConnectionBanner, { global: { plugins: [i18n] } });
    expect(banner.find('[role="alert"]').exists()).toBe(false);
    // Empty until there is something to say (and takes no room meanwhile: styles.css, .connection-back:empty).
    expect(banner.get('[role="status"]').element.innerHTML).toBe('');

    host.up = false;
    await vi.advanceTimersByTimeAsync(POLL_MS);
    const alert = banner.get('[role="alert"]');
    expect(alert.text()).toContain('与服务器的连接已断开，正在重试…');
    host.up = true;
    await alert.get('button').trigger('click');
    await settle();
    expect(banner.find('[role="alert"]').exists()).toBe(false);
    expect(banner.get('[role="status"]').text()).toBe('已重新连接服务器，列表已更新。');
    banner.unmount();
  });
});

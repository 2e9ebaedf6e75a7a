// Lists that show others' changes within seconds, and a workstation that says at once when it has
// lost the data service. One poll for the whole app: while the page is visible and someone is
// signed in it asks app.changes every few seconds and, when the number differs, calls the reload of
// every list on screen (useLiveRefresh). A call that cannot reach the host — the poll's or any
// other — shows the connection banner; the poll then retries with growing waits (up to 10 s), and
// when the host answers again the banner says so and the lists reload. Nothing here touches a form.
import { defineStore } from 'pinia';
import { onBeforeUnmount, onMounted, ref } from 'vue';
import { call, whenReachChanges } from '../api';

/** How often a visible, signed-in page asks whether the file changed. */
export const POLL_MS = 2500;
/** The longest wait between retries while the host cannot be reached. */
export const MAX_RETRY_MS = 10_000;
/** How long "connected again" stays on screen. */
export const BACK_SHOWN_MS = 8000;

/** The wait before retry number `failures` (1, 2, 4, 8, then 10 seconds). */
export function retryDelay(failures: number): number {
  return Math.min(MAX_RETRY_MS, 1000 * 2 ** Math.max(0, failures - 1));
}

export type Connection = 'ok' | 'lost' | 'back';

const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

export const useLiveStore = defineStore('live', () => {
  const connection = ref<Connection>('ok');
  const reloads = new Set<() => unknown>();
  /** Reloads still running, and those asked for again meanwhile (run once more when done). */
  const running = new Set<() => unknown>();
  const again = new Set<() => unknown>();

  let signedIn = false;
  let last: number | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let backTimer: ReturnType<typeof setTimeout> | undefined;
  let asking = false;

  /** Whether to keep asking: a visible page, and someone signed in or a connection to win back. */
  const wanted = () => !hidden() && (signedIn || connection.value === 'lost');

  function schedule(ms: number) {
    clearTimeout(timer);
    timer = wanted() ? setTimeout(() => void poll(), ms) : undefined;
  }

  function runReload(reload: () => unknown) {
    if (running.has(reload)) {
      again.add(reload);
      return;
    }
    running.add(reload);
    void Promise.resolve()
      .then(reload)
      .catch(() => undefined)
      .finally(() => {
        running.delete(reload);
        if (again.delete(reload) && reloads.has(reload)) runReload(reload);
      });
  }

  function reloadAll() {
    for (const reload of reloads) runReload(reload);
  }

  /** One question to the host: has the file changed (signed in), or are you there at all (signed out). */
  async function poll() {
    timer = undefined;
    if (asking || !wanted()) return;
    asking = true;
    let unreachable = false;
    try {
      const result = signedIn ? await call('app.changes', {}) : await call('app.info', {});
      unreachable = !result.ok && result.error.code === 'HOST_UNREACHABLE';
      if (result.ok && typeof result.value === 'number') {
        const changed = last !== null && result.value !== last;
        last = result.value;
        if (changed) reloadAll();
      }
    } finally {
      asking = false;
    }
    if (unreachable) {
      failures += 1;
      schedule(retryDelay(failures));
    } else {
      failures = 0;
      schedule(POLL_MS);
    }
  }

  /** Every call's answer comes here: whether the host was reached. */
  function reached(reachable: boolean) {
    if (!reachable) {
      if (connection.value === 'lost') return;
      clearTimeout(backTimer);
      connection.value = 'lost';
      // Noticed by another call: retry soon, whatever the poll was waiting for (this counts as
      // the first failure; a failing poll counts its own).
      if (!asking) {
        failures = Math.max(1, failures);
        schedule(retryDelay(failures));
      }
      return;
    }
    if (connection.value !== 'lost') return;
    connection.value = 'back';
    failures = 0;
    backTimer = setTimeout(() => {
      if (connection.value === 'back') connection.value = 'ok';
    }, BACK_SHOWN_MS);
    // What others saved meanwhile shows now; the next poll starts a fresh count.
    last = null;
    reloadAll();
    if (!asking) schedule(POLL_MS);
  }

  /** The banner's button: ask now instead of waiting for the next retry. */
  function retryNow() {
    clearTimeout(timer);
    void poll();
  }

  /** Signed in (the app screens show) or not: polling for changes runs only while signed in. */
  function setSignedIn(on: boolean) {
    if (on === signedIn) return;
    signedIn = on;
    last = null;
    if (on) retryNow();
    else schedule(retryDelay(Math.max(1, failures)));
  }

  function onVisibility() {
    if (hidden()) {
      clearTimeout(timer);
      timer = undefined;
    } else retryNow();
  }

  /** Called once by the app shell: listens to every call's answer and to the page being hidden. */
  function install() {
    whenReachChanges(reached);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  }

  function uninstall() {
    clearTimeout(timer);
    clearTimeout(backTimer);
    timer = undefined;
    whenReachChanges(() => undefined);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  }

  return { connection, reloads, install, uninstall, setSignedIn, retryNow, reached };
});

/**
 * Keeps a list on screen up to date with others' changes: `reload` runs when the file changed (and
 * when the connection comes back). It must reload the list only — keeping the page, filters, scroll
 * and selection — and never reset a form.
 */
export function useLiveRefresh(reload: () => unknown) {
  const live = useLiveStore();
  onMounted(() => live.reloads.add(reload));
  onBeforeUnmount(() => live.reloads.delete(reload));
}

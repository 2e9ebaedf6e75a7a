// The renderer's one client of the contract. Under Electron the preload bridge carries calls over
// IPC; in the browser host they go over HTTP with the per-launch token. Callers cannot tell which.
import type { Bridge, CallInput, CallName, CallResult, Result } from '../db/contract';

declare global {
  interface Window {
    rehabdesk?: Bridge;
  }
}

const TOKEN_KEY = 'rehabdesk.token';

/** Takes the token from the launch URL once, keeps it for this tab, and removes it from the address bar. */
function takeToken(): string | null {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (rest ? `?${rest}` : '') + window.location.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpBridge(token: string): Bridge {
  return {
    async invoke(name, input) {
      try {
        const response = await fetch('/api/call', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-RehabDesk-Token': token },
          body: JSON.stringify({ name, input }),
        });
        return (await response.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'HOST_UNREACHABLE' } };
      }
    },
  };
}

let bridge: Bridge | null = null;

/** Whether a transport exists; false means the page was opened without its launch token. */
export function connect(): boolean {
  if (window.rehabdesk) bridge = window.rehabdesk;
  else {
    const token = takeToken();
    bridge = token ? httpBridge(token) : null;
  }
  return bridge !== null;
}

export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallResult<N>>> {
  if (!bridge && !connect()) return { ok: false, error: { code: 'HOST_TOKEN' } };
  return (await bridge!.invoke(name, input)) as Result<CallResult<N>>;
}

/** For tests: use a given transport. */
export function useBridge(next: Bridge | null) {
  bridge = next;
}

// The renderer's one client of the contract. Under Electron the preload bridge carries calls over
// IPC; in the browser host they go over HTTP with the per-launch token. Callers cannot tell which.
import type { AppError, Bridge, CallInput, CallName, CallResult, Result } from '../db/contract';

declare global {
  interface Window {
    rehabdesk?: Bridge;
  }
}

const TOKEN_KEY = 'rehabdesk.token';
const SESSION_KEY = 'rehabdesk.session';

let session: string | null = sessionStorage.getItem(SESSION_KEY);

/** Remembers the signed-in session for this tab (null signs out). */
export function setSession(id: string | null) {
  session = id;
  if (id) sessionStorage.setItem(SESSION_KEY, id);
  else sessionStorage.removeItem(SESSION_KEY);
}

/** Called when the service says the session is gone (idle timeout, restart): the app locks. */
let onSessionLost: () => void = () => undefined;
export function whenSessionLost(handler: () => void) {
  onSessionLost = handler;
}

/** Called when a workstation's centre presents another certificate than the pinned one. */
let onCentreRefused: (error: AppError) => void = () => undefined;
export function whenCentreRefused(handler: (error: AppError) => void) {
  onCentreRefused = handler;
}

/** Told after every call whether the host answered (false: the host process or the network is gone). */
let onReach: (reachable: boolean) => void = () => undefined;
export function whenReachChanges(handler: (reachable: boolean) => void) {
  onReach = handler;
}

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

/** Over the browser host the per-launch token goes with each call; over a centre server (https) the session cookie does instead. */
function httpBridge(token: string | null): Bridge {
  return {
    async invoke(name, input, sessionId) {
      try {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (token) headers['X-RehabDesk-Token'] = token;
        if (sessionId) headers['X-RehabDesk-Session'] = sessionId;
        const response = await fetch('/api/call', {
          method: 'POST',
          headers,
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
    bridge = token ? httpBridge(token) : window.location.protocol === 'https:' ? httpBridge(null) : null;
  }
  return bridge !== null;
}

export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallResult<N>>> {
  if (!bridge && !connect()) return { ok: false, error: { code: 'HOST_TOKEN' } };
  const result = (await bridge!.invoke(name, input, session ?? undefined)) as Result<CallResult<N>>;
  onReach(result.ok || result.error.code !== 'HOST_UNREACHABLE');
  // A restarted service thread has no sessions: sign in again, keeping the screen and its input.
  if (!result.ok && (result.error.code === 'AUTH_REQUIRED' || result.error.code === 'SERVICE_RESTARTED') && session) {
    setSession(null);
    onSessionLost();
  }
  if (!result.ok && result.error.code === 'CENTRE_CERT_CHANGED') onCentreRefused(result.error);
  return result;
}

/** For tests: use a given transport. */
export function useBridge(next: Bridge | null) {
  bridge = next;
}

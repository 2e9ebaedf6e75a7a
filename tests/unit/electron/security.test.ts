import { describe, expect, it, vi } from 'vitest';
import { hardenContents, hardenSession, isAppUrl } from '../../../electron/security';
import { CONTENT_SECURITY_POLICY } from '../../../db/csp';

describe('Electron hardening', () => {
  it('denies navigation away from the app, new windows, webviews and permissions', () => {
    const handlers: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }, url?: string) => void) => (handlers[name] = fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
    };
    hardenContents(contents as never);
    const blocked = (name: string, url?: string) => {
      const event = { preventDefault: vi.fn() };
      handlers[name]!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(blocked('will-navigate', 'https://example.com/')).toBe(true);
    expect(blocked('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(blocked('will-navigate', 'app://rehabdesk/index.html')).toBe(false);
    expect(blocked('will-redirect', 'http://127.0.0.1/')).toBe(true);
    expect(blocked('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });

    let permission: ((contents: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    hardenSession({ setPermissionRequestHandler: (fn: typeof permission) => (permission = fn), setPermissionCheckHandler: (fn: typeof check) => (check = fn) } as never);
    const granted = vi.fn();
    permission!(null, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(check!()).toBe(false);
  });

  it('accepts API calls only from the app origin', () => {
    expect(isAppUrl('app://rehabdesk/index.html')).toBe(true);
    expect(isAppUrl('app://rehabdesk.evil/index.html')).toBe(false);
    expect(isAppUrl('https://rehabdesk/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });

  it('serves the renderer under a CSP without inline scripts or eval', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});

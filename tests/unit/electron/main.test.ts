// Reads what the real main process does with Electron (mocked here, as its binary cannot run in
// tests): the window's options, the session, the protocol's CSP, the IPC sender check.
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/service';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const seen = vi.hoisted(() => ({
  windowOptions: null as null | Record<string, unknown>,
  permissionHandler: null as null | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  protocolHandler: null as null | ((request: Request) => Promise<Response>),
  ipcHandler: null as null | ((event: unknown, ...args: unknown[]) => unknown),
  loaded: '' as string,
  contents: { id: 'main-window-contents' } as Record<string, unknown>,
  ready: null as null | Promise<void>,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = seen.contents;
    constructor(options: Record<string, unknown>) {
      seen.windowOptions = options;
    }
    once() {}
    on() {}
    show() {}
    loadURL(url: string) {
      seen.loaded = url;
      return Promise.resolve();
    }
  }
  let resolveReady: () => void = () => undefined;
  seen.ready = new Promise<void>((r) => (resolveReady = r));
  const app = {
    requestSingleInstanceLock: () => true,
    on: () => app,
    isPackaged: false,
    getPath: () => tmp.dir,
    quit: () => undefined,
    whenReady: () => Promise.resolve().then(() => setTimeout(() => resolveReady(), 50)),
  };
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: (...args: unknown[]) => console.error(...args) },
    protocol: {
      registerSchemesAsPrivileged: () => undefined,
      handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => (seen.protocolHandler = handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof seen.permissionHandler) => (seen.permissionHandler = h),
        setPermissionCheckHandler: () => undefined,
      },
    },
    ipcMain: { handle: (_channel: string, handler: typeof seen.ipcHandler) => (seen.ipcHandler = handler) },
  };
});

describe('Electron main process', () => {
  it('starts with a hardened window, session, protocol and IPC', async () => {
    await import('../../../electron/main');
    await seen.ready;
    await vi.waitFor(() => expect(seen.loaded).toBe('app://rehabdesk/index.html'));

    const prefs = seen.windowOptions!.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(path.basename(String(prefs.preload))).toBe('preload.cjs');

    const denied = vi.fn();
    seen.permissionHandler!(null, 'geolocation', denied);
    expect(denied).toHaveBeenCalledWith(false);

    const page = await seen.protocolHandler!(new Request('app://rehabdesk/index.html'));
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-/);
    const escape = await seen.protocolHandler!(new Request('app://rehabdesk/..%2f..%2fpackage.json'));
    expect(escape.status).toBe(404);

    const fromWindow = { sender: seen.contents, senderFrame: { url: 'app://rehabdesk/index.html' } };
    const fromElsewhere = { sender: { id: 'other' }, senderFrame: { url: 'app://rehabdesk/index.html' } };
    const fromOtherOrigin = { sender: seen.contents, senderFrame: { url: 'https://example.com/' } };
    expect(seen.ipcHandler!(fromWindow, 'app.info', {})).toMatchObject({ ok: true });
    expect(seen.ipcHandler!(fromElsewhere, 'app.info', {})).toEqual({ ok: false, error: { code: 'HOST_ORIGIN' } });
    expect(seen.ipcHandler!(fromOtherOrigin, 'app.info', {})).toEqual({ ok: false, error: { code: 'HOST_ORIGIN' } });
  });
});

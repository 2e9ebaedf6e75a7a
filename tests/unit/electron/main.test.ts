// Reads what the real main process does with Electron (mocked here, as its binary cannot run in
// tests): the window's options, the session, the protocol's CSP, the IPC sender check, downloads,
// and that calls reach the service in its own thread; centre server mode wired as in the browser host.
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/service';
import { safeFileName } from '../../../electron/security';
import { HUNAN } from '../claims/standards';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const seen = vi.hoisted(() => ({
  windowOptions: null as null | Record<string, unknown>,
  permissionHandler: null as null | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  protocolHandler: null as null | ((request: Request) => Promise<Response>),
  ipcHandler: null as null | ((event: unknown, ...args: unknown[]) => unknown),
  loaded: '' as string,
  contents: { id: 'main-window-contents', mainFrame: { id: 'top-frame' } } as Record<string, unknown>,
  ready: null as null | Promise<void>,
  downloadHandler: null as null | ((event: { preventDefault(): void }, item: unknown) => void),
  workerFile: '',
}));

// The service thread runs from the test build of host/service-worker.ts (the app's bundle sits
// beside main.cjs, which tests do not build).
vi.mock('../../../host/service-thread', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../host/service-thread')>();
  const { buildWorkers } = await import('../../support/workers');
  return {
    ...real,
    startServiceThread: async (file: string, options: Parameters<typeof real.startServiceThread>[1]) => {
      seen.workerFile = file;
      const built = await buildWorkers();
      return real.startServiceThread(built.serviceWorker, { ...options, backupWorkerFile: built.backupWorker, packageWorkerFile: built.packageWorker, checkpointWorkerFile: built.checkpointWorker });
    },
  };
});

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
    getPath: (name: string) => (name === 'downloads' ? path.join(tmp.dir, 'Downloads') : tmp.dir),
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
        on: (name: string, handler: typeof seen.downloadHandler) => {
          if (name === 'will-download') seen.downloadHandler = handler;
        },
      },
    },
    ipcMain: { handle: (_channel: string, handler: typeof seen.ipcHandler) => (seen.ipcHandler = handler) },
  };
});

describe('Electron main process', () => {
  it('starts with a hardened window, session, protocol and IPC', async () => {
    await import('../../../electron/main');
    await seen.ready;
    await vi.waitFor(() => expect(seen.loaded).toBe('app://rehabdesk/index.html'), { timeout: 30_000 });

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
    expect(escape.status).toBe(400);
    expect((await seen.protocolHandler!(new Request('app://rehabdesk/%ff'))).status).toBe(400);

    // The service runs in its own thread, started from the bundle beside main.cjs.
    expect(path.basename(seen.workerFile)).toBe('service-worker.cjs');
    const mainFrame = seen.contents.mainFrame as Record<string, unknown>;
    const fromWindow = { sender: seen.contents, senderFrame: Object.assign(mainFrame, { url: 'app://rehabdesk/index.html' }) };
    const fromElsewhere = { sender: { id: 'other' }, senderFrame: { url: 'app://rehabdesk/index.html' } };
    const fromOtherOrigin = { sender: seen.contents, senderFrame: Object.assign({}, mainFrame, { url: 'https://example.com/' }) };
    const fromSubFrame = { sender: seen.contents, senderFrame: { id: 'an-iframe', url: 'app://rehabdesk/index.html' } };
    expect(await seen.ipcHandler!(fromWindow, 'app.info', {})).toMatchObject({ ok: true, value: { host: 'electron' } });
    expect(await seen.ipcHandler!(fromElsewhere, 'app.info', {})).toEqual({ ok: false, error: { code: 'HOST_ORIGIN' } });
    expect(await seen.ipcHandler!(fromOtherOrigin, 'app.info', {})).toEqual({ ok: false, error: { code: 'HOST_ORIGIN' } });
    expect(await seen.ipcHandler!(fromSubFrame, 'app.info', {})).toEqual({ ok: false, error: { code: 'HOST_ORIGIN' } });
  }, 60_000);

  it('offers centre server mode as the browser host does: an administrator turns it on, the network reaches the same service, and off means off', async () => {
    const fromWindow = { sender: seen.contents, senderFrame: Object.assign(seen.contents.mainFrame as Record<string, unknown>, { url: 'app://rehabdesk/index.html' }) };
    const ipc = (name: string, input: unknown, session?: string) => seen.ipcHandler!(fromWindow, name, input, session) as Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
    const setup = await ipc('auth.setup', { username: 'admin', displayName: '管理员', password: 'correct horse battery' });
    const session = (setup.value as { sessionId: string }).sessionId;
    expect(await ipc('centre.start', { listen: '127.0.0.1:8443' })).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    expect(await ipc('centre.status', {}, session)).toMatchObject({ ok: true, value: { available: true, on: false } });

    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const on = await ipc('centre.start', { listen: `127.0.0.1:${port}` }, session);
    expect(on).toMatchObject({ ok: true, value: { available: true, on: true, url: `https://127.0.0.1:${port}/` } });
    const { certificate, pairingCode } = on.value as { certificate: string; pairingCode: string };
    expect(pairingCode).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    // Its certificate is kept beside the data file, as the browser host keeps it.
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.centre-cert.pem'))).toHaveLength(1);

    const remoteInfo = () =>
      new Promise<{ ok: boolean; value?: { dataFile: string; hasAccounts: boolean } } | string>((resolve) => {
        const req = https.request(
          { host: '127.0.0.1', servername: 'localhost', port, path: '/api/call', method: 'POST', ca: certificate, agent: false, headers: { 'Content-Type': 'application/json' } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean }));
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        req.end(JSON.stringify({ name: 'app.info', input: {} }));
      });
    // The network reaches the service thread, and learns nothing of where its file is.
    expect(await remoteInfo()).toMatchObject({ ok: true, value: { dataFile: '', hasAccounts: true } });

    expect(await ipc('centre.stop', {}, session)).toMatchObject({ ok: true, value: { available: true, on: false } });
    expect(await remoteInfo()).toBe('ECONNREFUSED');
  }, 60_000);

  it('streams an export to the window through the download route, once', async () => {
    const fromWindow = { sender: seen.contents, senderFrame: Object.assign(seen.contents.mainFrame as Record<string, unknown>, { url: 'app://rehabdesk/index.html' }) };
    const ipc = (name: string, input: unknown, session?: string) => seen.ipcHandler!(fromWindow, name, input, session) as Promise<{ ok: boolean; value?: unknown }>;
    const signed = await ipc('auth.signIn', { username: 'admin', password: 'correct horse battery' });
    const session = (signed.value as { sessionId: string }).sessionId;
    expect((await ipc('claims.standard.save', { effectiveFrom: '2026-01-01', rule: HUNAN }, session)).ok).toBe(true);
    const exported = (await ipc('claims.ruleFile.export', { programme: 'rehab', effectiveFrom: '2026-01-01', office: '某县残联', version: 1 }, session)).value as { fileId: string; path: string };
    const link = (await ipc('files.link', { fileId: exported.fileId }, session)).value as { url: string; name: string };

    const head = await seen.protocolHandler!(new Request(`app://rehabdesk${link.url}`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    const got = await seen.protocolHandler!(new Request(`app://rehabdesk${link.url}`));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toContain(encodeURIComponent(link.name));
    expect(Buffer.from(await got.arrayBuffer()).equals(fs.readFileSync(exported.path))).toBe(true);
    expect((await seen.protocolHandler!(new Request(`app://rehabdesk${link.url}`))).status).toBe(404);
  }, 30_000);

  it("saves the app's own downloads to the Downloads folder under a safe name and cancels any other", () => {
    const downloads = path.join(tmp.dir, 'Downloads');
    fs.mkdirSync(downloads, { recursive: true });
    fs.writeFileSync(path.join(downloads, '申报.xlsx'), 'an older one');
    const item = (url: string, filename: string) => {
      const saved = { path: '' };
      return { saved, item: { getURL: () => url, getFilename: () => filename, setSavePath: (p: string) => (saved.path = p) } };
    };
    const run = (url: string, filename: string) => {
      const event = { preventDefault: vi.fn() };
      const download = item(url, filename);
      seen.downloadHandler!(event, download.item);
      return { cancelled: event.preventDefault.mock.calls.length > 0, path: download.saved.path };
    };
    expect(run('app://rehabdesk/download/abc', '申报.xlsx')).toEqual({ cancelled: false, path: path.join(downloads, '申报 (2).xlsx') });
    expect(run('app://rehabdesk/download/abc', '../../.bashrc')).toEqual({ cancelled: false, path: path.join(downloads, 'bashrc') });
    expect(run('https://example.com/download/abc', 'x.exe')).toEqual({ cancelled: true, path: '' });
    expect(run('app://rehabdesk/index.html', 'index.html')).toEqual({ cancelled: true, path: '' });
  });

  it('names downloaded files safely on every system', () => {
    expect(safeFileName('2026年11月 康复救助申报.xlsx')).toBe('2026年11月 康复救助申报.xlsx');
    expect(safeFileName('..\\..\\windows\\evil.bat')).toBe('evil.bat');
    expect(safeFileName('a<b>c:d"e|f?g*.csv')).toBe('a_b_c_d_e_f_g_.csv');
    expect(safeFileName('CON.txt')).toBe('download-CON.txt');
    expect(safeFileName('...')).toBe('download');
    expect(safeFileName('x'.repeat(300) + '.csv').length).toBe(150);
  });
});

// Electron main process: one hardened window showing the renderer from the app:// scheme, the data
// service behind IPC, and a single-instance lock. No SQL or rules here.
import { app, BrowserWindow, dialog, protocol, session } from 'electron';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createService, type Service } from '../db/service';
import { resolveDataFile, DATA_FILE_NAME } from '../db/paths';
import { DomainError } from '../db/errors';
import { CONTENT_SECURITY_POLICY } from '../db/csp';
import { DOWNLOAD_PREFIX, downloadHeaders } from '../db/files';
import { APP_VERSION } from '../db/version';
import { registerIpc } from './ipc';
import { APP_ORIGIN, APP_SCHEME, hardenContents, hardenSession } from './security';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let service: Service | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => service?.close());
  void app.whenReady().then(start);
}

function dataFile(): string {
  const argv = process.argv.slice(app.isPackaged ? 1 : 2);
  const chosen = resolveDataFile(argv);
  const explicit = argv.some((a) => a === '--data' || a.startsWith('--data=')) || Boolean(process.env.REHABDESK_DATA);
  return explicit ? chosen : path.join(app.getPath('userData'), DATA_FILE_NAME);
}

async function start() {
  const rendererDir = path.join(__dirname, '..', 'renderer');
  const file = dataFile();
  try {
    service = createService({
      dataFile: file,
      host: 'electron',
      appVersion: APP_VERSION,
    });
    // Today's automatic backup once the window has had time to show its first screen, then hourly.
    setTimeout(() => service?.autoBackup(), 30_000).unref();
    setInterval(() => service?.autoBackup(), 60 * 60 * 1000).unref();
  } catch (error) {
    const code = error instanceof DomainError ? error.error.code : 'INTERNAL';
    const text: Record<string, string> = {
      DB_SCHEMA_TOO_NEW: '数据文件由更新版本的康就台账创建，为保护数据未作任何修改。请升级程序后再打开。\nThe data file comes from a newer RehabDesk; it was not modified.',
      DB_NOT_REHABDESK: '所选文件不是康就台账的数据文件，未作任何修改。\nThis is not a RehabDesk data file; it was not modified.',
    };
    dialog.showErrorBox('康就台账 RehabDesk', `${text[code] ?? String(error)}\n${file}`);
    app.quit();
    return;
  }

  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith(DOWNLOAD_PREFIX)) {
      const entry = service?.redeemDownload(pathname.slice(DOWNLOAD_PREFIX.length));
      if (!entry) return new Response('Not found', { status: 404 });
      return new Response(await fs.readFile(entry.file), { headers: downloadHeaders(entry) });
    }
    const target = path.resolve(rendererDir, decodeURIComponent(pathname === '/' ? 'index.html' : pathname.slice(1)));
    if (!target.startsWith(rendererDir + path.sep)) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(target);
      return new Response(body, {
        headers: {
          'Content-Type': MIME[path.extname(target)] ?? 'application/octet-stream',
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: '康就台账 RehabDesk',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const windowContents = mainWindow.webContents;
  registerIpc(service, (event) => event.sender === windowContents);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

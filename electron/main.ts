// Electron main process: one hardened window showing the renderer from the app:// scheme, the data
// service in its own thread behind IPC, and a single-instance lock. No SQL or rules here. Centre
// server mode is wired as in the browser host (host/centre-control.ts hostCentre): its HTTPS
// listener runs here and only forwards calls to the service thread.
import { app, BrowserWindow, dialog, protocol, session } from 'electron';
import path from 'node:path';
import { Readable } from 'node:stream';
import { resolveDataFile, DATA_FILE_NAME } from '../db/paths';
import { DomainError } from '../db/errors';
import { DOWNLOAD_PREFIX } from '../db/files';
import { APP_VERSION } from '../db/version';
import { downloadHeaders, openDownload } from '../host/downloads';
import { hostCentre, type CentreControl } from '../host/centre-control';
import { serveStatic } from '../host/static';
import { startServiceThread, type ServiceClient } from '../host/service-thread';
import { registerIpc } from './ipc';
import { APP_ORIGIN, APP_SCHEME, handleDownloads, hardenContents, hardenSession } from './security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let service: ServiceClient | null = null;
let centre: CentreControl | null = null;

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
  // Turning centre mode off signs the network's sessions out before the service closes.
  app.on('will-quit', () => void (centre?.stop() ?? Promise.resolve()).catch(() => undefined).then(() => service?.close()));
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
    // Worker threads cannot read inside the asar archive: their files are unpacked beside it.
    const workers = __dirname.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
    service = await startServiceThread(path.join(workers, 'service-worker.cjs'), {
      dataFile: file,
      host: 'electron',
      appVersion: APP_VERSION,
      backupWorkerFile: path.join(workers, 'backup-worker.cjs'),
      packageWorkerFile: path.join(workers, 'package-worker.cjs'),
      checkpointWorkerFile: path.join(workers, 'checkpoint-worker.cjs'),
    });
    // Today's automatic backup once the window has had time to show its first screen, then hourly;
    // it copies in a thread of its own.
    const backup = () => void service?.autoBackup().catch((error: unknown) => console.error('automatic backup failed', error));
    setTimeout(backup, 30_000).unref();
    setInterval(backup, 60 * 60 * 1000).unref();
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
  handleDownloads(session.defaultSession, app.getPath('downloads'));
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith(DOWNLOAD_PREFIX)) {
      const entry = service && (await openDownload(service, pathname.slice(DOWNLOAD_PREFIX.length), request.method === 'HEAD'));
      if (!entry) return new Response('Not found', { status: 404 });
      return new Response(entry.body ? (Readable.toWeb(entry.body) as ReadableStream<Uint8Array>) : null, { headers: downloadHeaders(entry) });
    }
    const answer = await serveStatic(rendererDir, pathname);
    const body = typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
    return new Response(request.method === 'HEAD' ? null : body, { status: answer.status, headers: answer.headers });
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
  // Only the window's own top frame may call: never a sub-frame, never another contents.
  // The administrator's centre.* calls reach the switch; the network's calls reach the service thread.
  centre = hostCentre(service, { rendererDir, dataFile: file });
  registerIpc(centre.client, (event) => event.sender === windowContents && event.senderFrame === windowContents.mainFrame);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

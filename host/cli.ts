// Starts the browser host: `node dist/node/host-cli.mjs [--data FILE] [--port N] [--open]`; the
// service runs in dist/node/service-worker.mjs beside it.
// Prints one line `REHABDESK_URL=<url>` that scripts and tests wait for.
// Centre server mode: `--centre-server ADDRESS:PORT` (e.g. 0.0.0.0:8443) also serves the file to the
// centre's network over HTTPS (host/centre-server.ts) and prints REHABDESK_CENTRE_URL= and
// REHABDESK_CENTRE_PAIRING=. A client PC: `--connect https://ADDRESS:PORT --pin FINGERPRINT|CODE`
// opens no file of its own; its local host forwards every call to the centre (host/centre-client.ts).
// Without --pin it uses the pin stored by the connect screen for that address. Without --connect, a
// PC paired on the connect screen (pin kept in DATAFILE.centre-connect.json) connects again by itself.
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startHost } from './http';
import { hostCentre } from './centre-control';
import { fetchPairingCode } from './centre-client';
import { matchesPin } from './centre-rules';
import { centreSwitch, connectConfigFile, readConnectConfig } from './centre-connect';
import { parseCentreAddress } from '../db/connect/rules';
import { startServiceThread, type ServiceClient } from './service-thread';
import { resolveDataFile } from '../db/paths';
import { DomainError } from '../db/errors';
import { APP_VERSION } from '../db/version';

const BACKUP_DELAY_MS = 30_000;

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function openBrowser(url: string) {
  const command = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No desktop browser to open (a server, CI): the printed URL is enough.
  }
}

/** A client of a centre: the local host (127.0.0.1, token) forwards calls to the pinned centre. */
async function client(address: string, pin: string | undefined, rendererDir: string) {
  const parsed = parseCentreAddress(address);
  if (!parsed.ok) {
    console.error(`--connect 需要中心地址，如 https://192.168.1.20:8443（${parsed.code}）。\n--connect wants the centre's address, e.g. https://192.168.1.20:8443 (${parsed.code}).`);
    process.exit(2);
  }
  const url = parsed.url;
  // Without --pin, the pin this PC stored when the user paired on the connect screen (same address).
  const configFile = connectConfigFile(resolveDataFile(process.argv));
  const stored = readConnectConfig(configFile).config;
  pin ??= stored?.url === url ? stored.fingerprint : undefined;
  const presented = await fetchPairingCode(url).catch(() => null);
  if (!pin) {
    console.error(presented
      ? `中心 ${url} 的配对码是 ${presented.pairingCode}。请与服务器电脑上显示的配对码核对，一致后加上 --pin ${presented.fingerprint} 再启动。\nThe centre's pairing code is ${presented.pairingCode}. Compare it with the code shown on the server PC; if they match, start again with --pin ${presented.fingerprint}.`
      : `无法连接到中心 ${url}。\nCannot reach the centre at ${url}.`);
    process.exit(2);
  }
  const pinned = pin;
  // No file of its own: the connect screen can re-pair (kept beside the default data file) but not disconnect.
  const centre = centreSwitch({ local: null, configFile, initial: { url, fingerprint: pinned } });
  const host = await startHost({ service: centre.client, rendererDir, port: Number(flag('--port') ?? 0) });
  console.log(`康就台账 RehabDesk ${APP_VERSION} — 中心 centre: ${url}`);
  warnIfChanged(presented, pinned);
  console.log(`REHABDESK_URL=${host.url}`);
  const stop = async () => {
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function warnIfChanged(presented: { pairingCode: string; fingerprint: string } | null, pin: string) {
  if (presented && !matchesPin(presented.fingerprint, pin)) {
    console.error(`警告：中心的证书与已配对的不一致（已配对 ${pin}，现在 ${presented.pairingCode}），连接已拒绝。\nWARNING: the centre's certificate is not the one paired (now ${presented.pairingCode}); connections are refused.`);
  }
}

async function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const connect = flag('--connect');
  if (connect) return client(connect, flag('--pin'), flag('--renderer') ?? path.resolve(here, '../renderer'));
  const dataFile = resolveDataFile(process.argv);
  const rendererDir = flag('--renderer') ?? path.resolve(here, '../renderer');
  // The data service opens the file in its own thread while this one starts serving HTTP, so the
  // browser loads the app's code meanwhile; calls wait for the service, not the other way round.
  const starting = startServiceThread(path.join(here, 'service-worker.mjs'), {
    dataFile,
    host: 'browser',
    appVersion: APP_VERSION,
    backupWorkerFile: path.join(here, 'backup-worker.mjs'),
    packageWorkerFile: path.join(here, 'package-worker.mjs'),
    checkpointWorkerFile: path.join(here, 'checkpoint-worker.mjs'),
    ...(process.env.REHABDESK_TODAY ? { today: process.env.REHABDESK_TODAY } : {}),
  });
  starting.catch((error: unknown) => {
    if (error instanceof DomainError) {
      const p = error.error.params ?? {};
      const text: Record<string, string> = {
        DB_SCHEMA_TOO_NEW: `数据文件 ${p.file} 由更新版本的康就台账创建（数据版本 ${p.fileVersion}，本程序支持到 ${p.appVersion}），为保护数据未作任何修改。请升级程序后再打开。\nThe data file was written by a newer RehabDesk (schema ${p.fileVersion}; this app knows ${p.appVersion}). It was not modified. Please upgrade.`,
        DB_NOT_REHABDESK: `${p.file} 不是康就台账的数据文件，未作任何修改。\n${p.file} is not a RehabDesk data file; it was not modified.`,
      };
      console.error(text[error.error.code] ?? error.error.code);
      process.exit(2);
    }
    console.error('the data service could not start', error);
    process.exit(1);
  });
  const service: ServiceClient = {
    invoke: (name, input, session, origin) => starting.then((s) => s.invoke(name, input, session, origin)),
    redeemDownload: (ticket, keep, session) => starting.then((s) => s.redeemDownload(ticket, keep, session)),
    autoBackup: () => starting.then((s) => s.autoBackup()),
    close: () => starting.then((s) => s.close()),
  };
  const port = Number(flag('--port') ?? 0);
  // The administrator turns centre server mode on and off from the settings screen (or --centre-server).
  const centre = hostCentre(service, { rendererDir, dataFile });
  // A PC paired with a centre on the connect screen works on the centre's file (the pin kept beside the data file).
  const configFile = connectConfigFile(dataFile);
  const stored = readConnectConfig(configFile);
  if (stored.problem) console.error(`无法读取中心连接设置，本次使用本机的数据文件：${stored.problem}\nCannot read the centre connection settings; using this PC's own file: ${stored.problem}`);
  const workstation = centreSwitch({ local: centre.client, configFile, initial: stored.config });
  const host = await startHost({ service: workstation.client, rendererDir, port });
  console.log(`康就台账 RehabDesk ${APP_VERSION} — 数据文件 data file: ${dataFile}`);
  if (stored.config) {
    console.log(`中心 centre: ${stored.config.url}`);
    warnIfChanged(await fetchPairingCode(stored.config.url).catch(() => null), stored.config.fingerprint);
  }
  console.log(`REHABDESK_URL=${host.url}`);
  const listen = flag('--centre-server');
  if (listen) {
    const on = await centre.start(listen);
    console.log(`中心服务器 centre server: ${on.url}  配对码 pairing code: ${on.pairingCode}`);
    console.log(`REHABDESK_CENTRE_URL=${on.url}`);
    console.log(`REHABDESK_CENTRE_PAIRING=${on.pairingCode}`);
    console.log(`REHABDESK_CENTRE_FINGERPRINT=${on.fingerprint}`);
  }
  // A desktop browser opens only on a file the service could open.
  if (process.argv.includes('--open')) void starting.then(() => openBrowser(host.url));

  // Today's automatic backup once the first screen is served (a large file takes seconds to
  // copy), then one check an hour for a host left running over midnight.
  // It copies in a thread of its own, so the screens keep answering meanwhile.
  const backup = () => {
    service.autoBackup().catch((error: unknown) => console.error('automatic backup failed', error));
  };
  setTimeout(backup, BACKUP_DELAY_MS).unref();
  setInterval(backup, 60 * 60 * 1000).unref();

  const stop = async () => {
    await centre.stop();
    await host.close();
    await workstation.client.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();

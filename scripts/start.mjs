// `npm start`: installs what is missing, builds, then opens RehabDesk — in Electron's desktop window
// where Electron's binary is present (or can be fetched), otherwise from the browser host.
// Flags after `--` go to the app, e.g. `npm start -- --data D:\\centre.sqlite` or `npm start -- --browser`.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.REHABDESK_BROWSER === '1';
const appArgs = args.filter((a) => a !== '--browser');

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// 1. Dependencies. Electron's binary is fetched separately below, so a machine that cannot
//    download it still installs everything else.
const stamp = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!fs.existsSync(stamp) || fs.statSync(lock).mtimeMs > fs.statSync(stamp).mtimeMs) {
  console.log('正在安装依赖 Installing dependencies…');
  run(npm, ['ci', '--no-audit', '--no-fund'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
}

// 2. Build the renderer and the Node side.
run(npm, ['run', 'build', '--silent']);

// 3. Electron if we can have it.
function electronBinary() {
  try {
    const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
    const binary = path.join(root, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

let electron = forceBrowser ? null : electronBinary();
if (!forceBrowser && !electron) {
  console.log('正在获取 Electron 桌面程序 Fetching Electron…');
  const fetched = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  electron = electronBinary();
  if (!electron) {
    // One line of why, not the downloader's stack trace.
    const reason = `${fetched.stderr ?? ''}${fetched.stdout ?? ''}`.split('\n').find((line) => /error/i.test(line)) ?? 'no binary';
    console.log(`  ${reason.trim()}`);
  }
}

if (electron) {
  // better-sqlite3 must match Electron's ABI for the desktop window (npm test switches it back).
  run(npm, ['exec', '--', 'electron-builder', 'install-app-deps']);
  const child = spawn(electron, ['.', ...appArgs], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    forceBrowser
      ? '按要求使用浏览器方式运行。Running in the browser as asked.'
      : [
          '未能获得 Electron 桌面程序（本机无法下载其程序文件），改为浏览器方式运行：',
          '程序在本机 127.0.0.1 上提供同样的界面，只有带访问令牌的地址才能使用。',
          "Electron's binary is not available on this machine, so RehabDesk runs in your browser instead:",
          'the same app, served on 127.0.0.1 only, usable only through the address with its access token.',
        ].join('\n'),
  );
  run(process.execPath, [path.join(root, 'scripts', 'ensure-native.mjs')]);
  const child = spawn(process.execPath, [path.join(root, 'dist', 'node', 'host-cli.mjs'), '--open', ...appArgs], { cwd: root, stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

// Operation 1: start the built browser host on the scale-100 file and time from spawn until the
// people list shows rows in headless Chromium. The build goes to its own folder (dist-bench) and
// is redone only when sources are newer than it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { stats, type Stats } from './measure';

export const BENCH_DIST = 'dist-bench';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

export interface BuildOutcome {
  hostCli: string | null;
  /** What happened: built, up to date, or why there is no usable build. */
  note: string;
}

/** Builds renderer + host into dist-bench when any source is newer than the last build. */
export function ensureBuild(root: string, log: (line: string) => void): BuildOutcome {
  const dist = path.join(root, BENCH_DIST);
  const hostCli = path.join(dist, 'node', 'host-cli.mjs');
  const index = path.join(dist, 'renderer', 'index.html');
  const built = Math.min(newestMtime(hostCli), newestMtime(index));
  const sources = Math.max(...['db', 'host', 'renderer', 'package.json', 'vite.config.ts', 'scripts/build-node.mjs'].map((s) => newestMtime(path.join(root, s))));
  if (built > 0 && built >= sources) return { hostCli, note: 'build up to date' };
  log(`  building the app into ${BENCH_DIST}/ (vite build + scripts/build-node.mjs)…`);
  const env = { ...process.env, REHABDESK_DIST: BENCH_DIST };
  const steps: [string, string[]][] = [
    [process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error']],
    [process.execPath, [path.join(root, 'scripts', 'build-node.mjs')]],
  ];
  for (const [command, args] of steps) {
    const run = spawnSync(command, args, { cwd: root, env, encoding: 'utf8' });
    if (run.status !== 0) {
      const reason = `${(run.stderr || run.stdout || '').trim().split('\n').find((l) => l.trim()) ?? 'unknown error'}`.slice(0, 200);
      // Others edit the same tree: an earlier build still measures the app, if a little older.
      if (built > 0) return { hostCli, note: `rebuild failed (${reason}); measured the build of ${new Date(built).toISOString()}` };
      return { hostCli: null, note: `build failed: ${reason}` };
    }
  }
  return { hostCli, note: 'built for this run' };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Spawns the built browser host on a data file; its URL (with the per-launch token) once it serves. */
export function startHost(hostCli: string, dataFile: string, today: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [hostCli, '--data', dataFile], {
    env: { ...process.env, REHABDESK_TODAY: today },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // What the host says about its own failures belongs in the bench's output, not only in a rejection.
    process.stderr.write(`host: ${chunk.toString()}`);
  });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`host exited with ${code ?? signal}\n`);
  });
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('REHABDESK_URL=')) resolve(line.slice('REHABDESK_URL='.length));
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr.trim()}`)));
  });
  return { child, url };
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface FirstScreen {
  /** Spawn → people rows visible, without the time a person spends typing the password. */
  total: Stats;
  /** Spawn → the host printed its URL (process start, open the file). */
  hostReady: Stats;
  /** URL → the sign-in form shows (load the app, app.info). */
  signIn: Stats;
  /** Sign-in submitted → people rows visible (password check, people.search, render). */
  rows: Stats;
}

/**
 * Times cold starts of the host, each with a fresh browser context (no cached assets): spawn →
 * sign-in form, then submit → the people list shows rows. `series` are kinds of start (each with
 * what to do before one); their runs are interleaved (a, b, a, b, …), so a slow stretch of the
 * machine, or whatever the bench did just before, falls on every series alike, not on the first.
 */
export async function timeFirstScreens(
  browser: Browser,
  hostCli: string,
  dataFile: string,
  today: string,
  account: { username: string; password: string },
  runs: number,
  series: (() => void)[],
): Promise<FirstScreen[]> {
  const samples = series.map(() => ({ total: [] as number[], hostReady: [] as number[], signIn: [] as number[], rows: [] as number[] }));
  for (let i = 0; i < runs; i += 1) {
    for (const [k, beforeEach] of series.entries()) {
      beforeEach();
      const context = await browser.newContext({ locale: 'zh-CN' });
      const tab = await context.newPage();
      const start = performance.now();
      const host = startHost(hostCli, dataFile, today);
      try {
        const url = await host.url;
        const ready = performance.now();
        await tab.goto(url);
        const username = tab.locator('#sign-in-username');
        await username.waitFor({ state: 'visible', timeout: 30_000 });
        const form = performance.now();
        await username.fill(account.username);
        await tab.locator('#sign-in-password').fill(account.password);
        const submitted = performance.now();
        await tab.locator('#sign-in-password').press('Enter');
        await tab.locator('tbody tr.data-row').first().waitFor({ state: 'visible', timeout: 30_000 });
        const shown = performance.now();
        const sample = samples[k]!;
        sample.total.push(form - start + (shown - submitted));
        sample.hostReady.push(ready - start);
        sample.signIn.push(form - ready);
        sample.rows.push(shown - submitted);
      } finally {
        await context.close();
        await stop(host.child);
      }
    }
  }
  return samples.map((sample) => ({ total: stats(sample.total), hostReady: stats(sample.hostReady), signIn: stats(sample.signIn), rows: stats(sample.rows) }));
}

export interface SetupScreen {
  /** Spawn → the first-start (setup) form shows. */
  total: Stats;
  /** Spawn → the host printed its URL. */
  hostReady: Stats;
  /** URL → the setup form shows (load the app, app.info on a file with no accounts). */
  form: Stats;
}

/**
 * Times `runs` first starts on a new, empty data file (a centre's first day): spawn → the setup
 * form, each with a fresh browser context and a fresh folder.
 */
export async function timeSetupForm(browser: Browser, hostCli: string, today: string, runs: number): Promise<SetupScreen> {
  const total: number[] = [];
  const hostReady: number[] = [];
  const form: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabdesk-bench-empty-'));
    const context = await browser.newContext({ locale: 'zh-CN' });
    const tab = await context.newPage();
    const start = performance.now();
    const host = startHost(hostCli, path.join(dir, 'new.sqlite'), today);
    try {
      const url = await host.url;
      const ready = performance.now();
      await tab.goto(url);
      await tab.locator('#setup-username').waitFor({ state: 'visible', timeout: 30_000 });
      const shown = performance.now();
      total.push(shown - start);
      hostReady.push(ready - start);
      form.push(shown - ready);
    } finally {
      await context.close();
      await stop(host.child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { total: stats(total), hostReady: stats(hostReady), form: stats(form) };
}

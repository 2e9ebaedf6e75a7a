// E2E harness: one fixture per test file (useE2E) that starts the real browser host (built app)
// on temp data files and random ports, drives Debian's Chromium with playwright-core, and cleans
// up after the file; plus axe-core checks, screenshots and keyboard helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { tempDir } from '../support/service';
import { layoutProblems } from './layout-check';

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

export interface AppHost {
  url: string;
  stop(): Promise<void>;
}

/** Starts `node dist/node/host-cli.mjs --data FILE` and waits for the URL it prints. */
export async function startAppHost(dataFile: string, env: Record<string, string> = {}): Promise<AppHost> {
  const hostCli = path.join(process.env.REHABDESK_DIST ?? 'dist', 'node', 'host-cli.mjs');
  const child: ChildProcess = spawn(process.execPath, [hostCli, '--data', dataFile], {
    env: { ...process.env, REHABDESK_TODAY: '2026-11-22', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('REHABDESK_URL=')) resolve(line.slice('REHABDESK_URL='.length));
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface E2EFixture {
  /** This file's temp folder (data files, downloads, fixtures), removed after the file. */
  tmp: { dir: string };
  /** Starts a host on a data file; every host started is stopped after the file. */
  startHost(dataFile: string, env?: Record<string, string>): Promise<AppHost>;
  /** A new page in the file's Chromium; every page is closed after the file. */
  newPage(options?: Parameters<Browser['newPage']>[0]): Promise<Page>;
}

/**
 * The set-up every E2E file shares: call once at the top of the file. Chromium starts before the
 * file's tests and everything the file started (pages, hosts, the browser, the temp folder) is
 * cleaned up after them, whether they passed or not.
 */
export function useE2E(): E2EFixture {
  const tmp = tempDir();
  let browser: Browser | null = null;
  const hosts: AppHost[] = [];
  const pages: Page[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const page of pages) await page.close().catch(() => undefined);
    for (const host of hosts) await host.stop();
    await browser?.close();
    tmp.cleanup();
  });
  return {
    tmp,
    async startHost(dataFile, env) {
      const host = await startAppHost(dataFile, env);
      hosts.push(host);
      return host;
    },
    async newPage(options) {
      if (!browser) throw new Error('newPage() before the browser started: call it in a hook or a test');
      // A typical centre PC's screen, unless the test asks for another.
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, ...options });
      pages.push(page);
      return page;
    },
  };
}

/** The administrator every E2E data file gets on first start. */
export const ADMIN = { username: 'admin', displayName: '系统管理员', password: 'E2E admin passw0rd' };

async function rawCall(host: AppHost, name: string, input: unknown, session?: string) {
  const url = new URL(host.url);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-RehabDesk-Token': url.searchParams.get('token')! };
  if (session) headers['X-RehabDesk-Session'] = session;
  const response = await fetch(`${url.origin}/api/call`, { method: 'POST', headers, body: JSON.stringify({ name, input }) });
  return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
}

const apiSessions = new WeakMap<AppHost, string>();

/**
 * Calls the API of a running host directly (to arrange data a test is not about), signed in as
 * the administrator (created on first use, as the first-start screen would).
 */
export async function apiCall<T = unknown>(host: AppHost, name: string, input: unknown): Promise<T> {
  let session = apiSessions.get(host);
  if (!session) {
    const setup = await rawCall(host, 'auth.setup', ADMIN);
    const signedIn = setup.ok ? setup : await rawCall(host, 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.error)}`);
    session = (signedIn.value as { sessionId: string }).sessionId;
    apiSessions.set(host, session);
  }
  const body = await rawCall(host, name, input, session);
  if (!body.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

/**
 * Opens the app in the page and signs in through the real screens: creates the administrator
 * on a fresh file (first start), or signs in with the given account.
 */
export async function openApp(page: Page, host: AppHost, account: { username: string; password: string } = ADMIN): Promise<void> {
  await page.goto(host.url);
  const heading = page.locator('main h1');
  await expect.poll(() => heading.textContent(), { timeout: 10_000 }).toMatch(/创建管理员账户|登录|Create the administrator|Sign in/);
  if (/创建管理员账户|Create the administrator/.test((await heading.textContent()) ?? '')) {
    await page.locator('#setup-username').fill(ADMIN.username);
    await page.locator('#setup-displayName').fill(ADMIN.displayName);
    await page.locator('#setup-password').fill(ADMIN.password);
    await page.locator('#setup-password').press('Enter');
  } else {
    await page.locator('#sign-in-username').fill(account.username);
    await page.locator('#sign-in-password').fill(account.password);
    await page.locator('#sign-in-password').press('Enter');
  }
  await expect.poll(() => page.locator('nav.app-nav').count(), { timeout: 10_000 }).toBe(1);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects console errors (CSP violations among them) and uncaught exceptions. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Runs axe-core on the current screen, saves a screenshot, and fails on any violation. */
/** Each screen's layout problems, one file a screen, one line a problem (read them before resolving layout work). */
const LAYOUT_DIR = path.resolve('test-results', 'layout');

export async function checkScreen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  // The layout rules hold at a typical centre PC's 1366×768 and on a small 1024×768 screen.
  const viewport = page.viewportSize();
  const problems: string[] = [];
  for (const size of [{ width: 1366, height: 768 }, { width: 1024, height: 768 }]) {
    await page.setViewportSize(size);
    // What follows the window's size (charts, wide tables' scroll boxes) resizes in the next frames, as for a user.
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done())))));
    problems.push(...(await layoutProblems(page, size.width >= 1366)).map((p) => `${size.width}: ${p}`));
  }
  if (viewport) await page.setViewportSize(viewport);
  // Every problem goes to test-results/layout/<screen>.txt and fails the screen: clipped text,
  // unequal controls, and names, dates, record numbers and short words split across lines.
  fs.mkdirSync(LAYOUT_DIR, { recursive: true });
  const report = path.join(LAYOUT_DIR, `${name}.txt`);
  if (problems.length) fs.writeFileSync(report, problems.map((p) => `${p}\n`).join(''));
  else fs.rmSync(report, { force: true });
  expect(problems, `layout problems on screen "${name}"`).toEqual([]);
  // evaluate() goes through the DevTools protocol, so the page's CSP stays strict for the app itself.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `axe violations on screen "${name}"`).toEqual([]);
}

/**
 * Presses Tab until the focused element's accessible text matches, proving it is reachable by
 * keyboard. Fails after `max` presses.
 */
export async function tabTo(page: Page, text: string | RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      // Between the last control and the first, focus passes through the page itself.
      if (!el || el === document.body || el === document.documentElement) return '';
      const labelled = el.getAttribute('aria-label');
      const byId = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      const wrapping = el.closest('label')?.textContent;
      return (labelled ?? byId ?? wrapping ?? el.textContent ?? '').trim();
    });
    if (typeof text === 'string' ? label === text || label.startsWith(text) : text.test(label)) return;
  }
  throw new Error(`could not reach "${String(text)}" with Tab`);
}

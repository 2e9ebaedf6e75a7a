// A workstation connects to the centre from its screens: on a PC with an empty file the user types
// the server's address, sees the pairing code the server PC's screen shows, confirms, and signs in
// with an account of the centre. A PC whose pinned certificate is not the one the centre presents
// shows a warning naming both codes and no sign-in form; re-pairing needs a separate confirmation
// showing the new code. axe-core and the layout checks on the connect screen and the warning.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, apiCall, checkScreen, openApp, useE2E, watchErrors, type AppHost } from './harness';
import { freePort } from '../support/ports';

const e2e = useE2E();
const THERAPIST = { username: 'chenmin', displayName: '陈敏', password: 'E2E therapist passw0rd' };

const text = (page: Page, selector: string) => page.locator(selector).first().textContent();

/** The server PC with centre server mode on, and the pairing code its own screen shows. */
async function centreServer(): Promise<{ host: AppHost; port: number; shownCode: string }> {
  const host = await e2e.startHost(path.join(e2e.tmp.dir, 'server.sqlite'));
  const admin = await e2e.newPage({ locale: 'zh-CN' });
  await openApp(admin, host);
  await apiCall(host, 'accounts.create', { ...THERAPIST, role: 'therapist' });
  const port = await freePort();
  await apiCall(host, 'centre.start', { listen: `127.0.0.1:${port}` });
  await admin.goto(`${new URL(host.url).origin}/#/settings/centre`);
  await expect.poll(() => text(admin, '#centre-pairing'), { timeout: 10_000 }).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  return { host, port, shownCode: (await text(admin, '#centre-pairing'))! };
}

async function signIn(page: Page, account: { username: string; password: string }) {
  await expect.poll(() => text(page, 'main h1'), { timeout: 10_000 }).toBe('登录');
  await page.locator('#sign-in-username').fill(account.username);
  await page.locator('#sign-in-password').fill(account.password);
  await page.locator('#sign-in-password').press('Enter');
  await expect.poll(() => page.locator('nav.app-nav').count(), { timeout: 10_000 }).toBe(1);
}

describe('connecting a workstation to the centre', () => {
  let server: Awaited<ReturnType<typeof centreServer>>;

  it('connects an empty PC from its first-start screen after the user compared the pairing code, and signs in with a centre account', async () => {
    server = await centreServer();
    const clientFile = path.join(e2e.tmp.dir, 'workstation.sqlite');
    const client = await e2e.startHost(clientFile);
    const page = await e2e.newPage({ locale: 'zh-CN' });
    const errors = watchErrors(page);
    await page.goto(client.url);
    await expect.poll(() => text(page, 'main h1'), { timeout: 10_000 }).toBe('创建管理员账户');
    await checkScreen(page, 'connect-from-setup');
    await page.getByRole('link', { name: '连接中心服务器' }).click();
    await expect.poll(() => text(page, 'main h1'), { timeout: 10_000 }).toBe('连接中心服务器');
    await checkScreen(page, 'connect-address');

    // Plain HTTP is refused at the field, which keeps what was typed.
    await page.locator('#connect-address').fill(`http://127.0.0.1:${server.port}`);
    await page.getByRole('button', { name: '获取配对码' }).click();
    await expect.poll(() => page.locator('#connect-address').getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    expect(await page.locator('#connect-address-error').textContent()).toContain('https://');
    expect(await page.locator('#connect-address').inputValue()).toBe(`http://127.0.0.1:${server.port}`);

    await page.locator('#connect-address').fill(`127.0.0.1:${server.port}`);
    await page.getByRole('button', { name: '获取配对码' }).click();
    // The code to compare is the one the server PC's own screen shows.
    await expect.poll(() => text(page, '#connect-pairing'), { timeout: 15_000 }).toBe(server.shownCode);
    await checkScreen(page, 'connect-compare');

    await page.getByRole('button', { name: '配对码一致，连接' }).click();
    // The centre's sign-in form: its accounts, not this PC's (which has none).
    await expect.poll(() => text(page, 'main h1'), { timeout: 10_000 }).toBe('登录');
    await expect.poll(() => text(page, '#sign-in-centre'), { timeout: 10_000 }).toContain(`https://127.0.0.1:${server.port}/`);
    await checkScreen(page, 'connect-sign-in');
    await signIn(page, THERAPIST);
    expect(await text(page, '.operator')).toContain(THERAPIST.displayName);

    // The pin is kept beside this PC's file, readable by this user only.
    const config = JSON.parse(fs.readFileSync(`${clientFile}.centre-connect.json`, 'utf8')) as { url: string; fingerprint: string };
    expect(config.url).toBe(`https://127.0.0.1:${server.port}/`);
    expect(fs.statSync(`${clientFile}.centre-connect.json`).mode & 0o777).toBe(0o600);

    // The centre's administrator may disconnect this PC: back to its own (empty) file.
    await page.getByRole('button', { name: '退出登录' }).click();
    await signIn(page, ADMIN);
    await page.goto(`${new URL(client.url).origin}/#/connect`);
    await expect.poll(() => text(page, '#connect-paired'), { timeout: 10_000 }).toBe(server.shownCode);
    await checkScreen(page, 'connect-connected');
    await page.getByRole('button', { name: '断开连接，改用本机的数据文件' }).click();
    await expect.poll(() => text(page, 'main h1'), { timeout: 10_000 }).toBe('创建管理员账户');
    expect(fs.existsSync(`${clientFile}.centre-connect.json`)).toBe(false);
    expect(errors).toEqual([]);
  }, 180_000);

  it('refuses a centre whose certificate is not the pinned one: a warning with both codes, no sign-in form, re-pairing only after a separate confirmation', async () => {
    const clientFile = path.join(e2e.tmp.dir, 'pinned-elsewhere.sqlite');
    // This PC paired with another certificate earlier (its pin file says so).
    fs.writeFileSync(`${clientFile}.centre-connect.json`, JSON.stringify({ url: `https://127.0.0.1:${server.port}/`, fingerprint: 'AB'.repeat(32) }), { mode: 0o600 });
    const client = await e2e.startHost(clientFile);
    const page = await e2e.newPage({ locale: 'zh-CN' });
    await page.goto(client.url);
    await expect.poll(() => text(page, 'main h1'), { timeout: 15_000 }).toBe('中心服务器的证书已改变');
    const warning = page.locator('#centre-refused');
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.textContent()).toContain('ABAB-ABAB-ABAB-ABAB');
    expect(await warning.textContent()).toContain(server.shownCode);
    expect(await warning.textContent()).toContain('请不要登录');
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    await checkScreen(page, 'connect-refused');
    // English second: the same warning, the same codes.
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => text(page, 'main h1'), { timeout: 10_000 }).toBe('The centre server’s certificate has changed');
    // The address and both codes never break across lines, however the sentence wraps.
    expect(await page.locator('#centre-refused-warning .nowrap').allTextContents()).toEqual([`https://127.0.0.1:${server.port}/`, 'ABAB-ABAB-ABAB-ABAB', server.shownCode]);
    await checkScreen(page, 'connect-refused-en');
    await page.getByRole('button', { name: /中文/ }).click();
    await expect.poll(() => text(page, 'main h1'), { timeout: 10_000 }).toBe('中心服务器的证书已改变');

    // Nothing is sent to such a centre, whatever the page asks: the host refuses before the request.
    const answer = await page.evaluate(async (password) => {
      const response = await fetch('/api/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-RehabDesk-Token': sessionStorage.getItem('rehabdesk.token')! },
        body: JSON.stringify({ name: 'auth.signIn', input: { username: 'chenmin', password } }),
      });
      return (await response.json()) as { ok: boolean; error?: { code: string } };
    }, THERAPIST.password);
    expect(answer).toMatchObject({ ok: false, error: { code: 'CENTRE_CERT_CHANGED' } });

    // Re-pairing shows the new code on a step of its own before anything is pinned.
    await page.getByRole('button', { name: '重新配对…' }).click();
    await expect.poll(() => text(page, '#repair-pairing'), { timeout: 15_000 }).toBe(server.shownCode);
    expect(JSON.parse(fs.readFileSync(`${clientFile}.centre-connect.json`, 'utf8')).fingerprint).toBe('AB'.repeat(32));
    await checkScreen(page, 'connect-repair');
    await page.getByRole('button', { name: '管理员已确认，配对码一致，重新配对' }).click();
    await signIn(page, THERAPIST);
  }, 180_000);

  it('says so when the centre does not answer, and lets the user go back to this PC’s own file', async () => {
    const clientFile = path.join(e2e.tmp.dir, 'centre-gone.sqlite');
    const closed = await freePort();
    fs.writeFileSync(`${clientFile}.centre-connect.json`, JSON.stringify({ url: `https://127.0.0.1:${closed}/`, fingerprint: 'AB'.repeat(32) }), { mode: 0o600 });
    const client = await e2e.startHost(clientFile);
    const page = await e2e.newPage({ locale: 'zh-CN' });
    await page.goto(client.url);
    await expect.poll(() => text(page, 'main h1'), { timeout: 15_000 }).toBe('无法连接到中心服务器');
    expect(await page.locator('#centre-refused').textContent()).toContain(`https://127.0.0.1:${closed}/`);
    await checkScreen(page, 'connect-unreachable');
    await page.getByRole('button', { name: '断开连接，改用本机的数据文件' }).click();
    await expect.poll(() => text(page, 'main h1'), { timeout: 10_000 }).toBe('创建管理员账户');
    expect(fs.existsSync(`${clientFile}.centre-connect.json`)).toBe(false);
  }, 120_000);
});

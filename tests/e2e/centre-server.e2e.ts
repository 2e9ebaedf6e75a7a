// Centre server mode end to end: the administrator turns it on from the settings screen and sees
// the address and the pairing code of the certificate actually served; a tablet's browser signs in
// over HTTPS with its own account (session in an HttpOnly cookie, no token in the address); turning
// it off cuts the tablet off at once. axe-core and the layout checks run on both states.
import path from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, useE2E, watchErrors } from './harness';
import { pairingCode } from '../../host/centre-rules';
import { freePort } from '../support/ports';

const e2e = useE2E();
const THERAPIST = { username: 'chenmin', displayName: '陈敏', password: 'E2E therapist passw0rd' };

/** The pairing code of the certificate a TLS server really presents. */
function presentedCode(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(pairingCode(socket.getPeerCertificate().fingerprint256));
      socket.end();
    });
    socket.on('error', reject);
  });
}

const text = (page: Page, selector: string) => page.locator(selector).textContent();

describe('centre server mode', () => {
  it('is turned on by the administrator, serves a tablet over HTTPS with its own sign-in, and off cuts it off', async () => {
    const host = await e2e.startHost(path.join(e2e.tmp.dir, 'centre-server.sqlite'));
    const admin = await e2e.newPage({ locale: 'zh-CN' });
    const errors = watchErrors(admin);
    await openApp(admin, host);
    await apiCall(host, 'accounts.create', { ...THERAPIST, role: 'therapist' });

    await admin.goto(`${new URL(host.url).origin}/#/settings/centre`);
    await expect.poll(() => text(admin, 'main h1'), { timeout: 10_000 }).toBe('中心服务器');
    await expect.poll(() => text(admin, '#centre-state'), { timeout: 10_000 }).toBe('中心服务器未开启');
    await checkScreen(admin, 'centre-server-off');

    // A malformed address is refused at the field, which keeps what was typed.
    await admin.locator('#centre-listen').fill('my pc');
    await admin.getByRole('button', { name: '开启中心服务器' }).click();
    await expect.poll(() => admin.locator('#centre-listen').getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    expect(await admin.locator('#centre-listen').inputValue()).toBe('my pc');

    const port = await freePort();
    await admin.locator('#centre-listen').fill(`127.0.0.1:${port}`);
    await admin.getByRole('button', { name: '开启中心服务器' }).click();
    await expect.poll(() => text(admin, '#centre-pairing'), { timeout: 15_000 }).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(await text(admin, '#centre-url')).toBe(`https://127.0.0.1:${port}/`);
    // The code on screen is the one of the certificate the network actually gets.
    expect(await text(admin, '#centre-pairing')).toBe(await presentedCode(port));
    await checkScreen(admin, 'centre-server-on');

    // A tablet that has installed the centre's certificate (here: told to accept it).
    const tablet = await e2e.newPage({ locale: 'zh-CN', ignoreHTTPSErrors: true, viewport: { width: 1024, height: 768 } });
    await tablet.goto(`https://127.0.0.1:${port}/`);
    await expect.poll(() => text(tablet, 'main h1'), { timeout: 10_000 }).toMatch(/登录/);
    await tablet.locator('#sign-in-username').fill(THERAPIST.username);
    await tablet.locator('#sign-in-password').fill(THERAPIST.password);
    await tablet.locator('#sign-in-password').press('Enter');
    await expect.poll(() => tablet.locator('nav.app-nav').count(), { timeout: 10_000 }).toBe(1);
    expect(tablet.url()).not.toMatch(/token|session/i);
    const cookies = await tablet.context().cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite }))).toEqual([
      { name: 'rehabdesk_centre', httpOnly: true, secure: true, sameSite: 'Strict' },
    ]);
    await checkScreen(tablet, 'centre-server-tablet');

    await admin.getByRole('button', { name: '关闭中心服务器' }).click();
    await expect.poll(() => text(admin, '#centre-state'), { timeout: 10_000 }).toBe('中心服务器未开启');
    const afterOff = await tablet.evaluate(() =>
      fetch('/api/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'people.search', input: {} }) }).then(
        () => 'answered',
        () => 'unreachable',
      ),
    );
    expect(afterOff).toBe('unreachable');
    expect(errors).toEqual([]);
  }, 120_000);
});

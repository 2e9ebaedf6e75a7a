// The workstation in the audit trail, end to end: a therapist signs in and saves on a tablet over
// the centre server; the administrator's audit screen on the server PC shows the tablet's address
// beside her name and 本机 for what was done on the server PC itself. axe-core and the layout
// checks run on the screen with its new column.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, useE2E, watchErrors } from './harness';
import { makeId } from '../support/ids';
import { freePort } from '../support/ports';

const e2e = useE2E();
const THERAPIST = { username: 'sunli', displayName: '孙丽', password: 'E2E therapist passw0rd' };

const text = (page: Page, selector: string) => page.locator(selector).textContent();

describe('the workstation in the audit trail', () => {
  it('shows a tablet’s address beside the account, and 本机 for the server PC', async () => {
    const host = await e2e.startHost(path.join(e2e.tmp.dir, 'workstation.sqlite'));
    const admin = await e2e.newPage({ locale: 'zh-CN' });
    const errors = watchErrors(admin);
    await openApp(admin, host);
    await apiCall(host, 'accounts.create', { ...THERAPIST, role: 'therapist' });
    const port = await freePort();
    await apiCall(host, 'centre.start', { listen: `127.0.0.1:${port}` });

    // The tablet (its browser sends no PC name: the address alone is recorded).
    const tablet = await e2e.newPage({ locale: 'zh-CN', ignoreHTTPSErrors: true, viewport: { width: 1024, height: 768 } });
    await tablet.goto(`https://127.0.0.1:${port}/`);
    await expect.poll(() => text(tablet, 'main h1'), { timeout: 15_000 }).toMatch(/登录/);
    await tablet.locator('#sign-in-username').fill(THERAPIST.username);
    await tablet.locator('#sign-in-password').fill(THERAPIST.password);
    await tablet.locator('#sign-in-password').press('Enter');
    await expect.poll(() => tablet.locator('nav.app-nav').count(), { timeout: 15_000 }).toBe(1);
    const saved = await tablet.evaluate(
      (input) =>
        fetch('/api/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'people.create', input }) })
          .then((r) => r.json() as Promise<{ ok: boolean }>)
          .then((r) => r.ok),
      { name: '周小雨', idNumber: makeId('2020-06-01', 21, '320106'), household: 'urban', guardianName: '周建军' },
    );
    expect(saved).toBe(true);

    await admin.goto(`${new URL(host.url).origin}/#/settings/audit`);
    await expect.poll(() => text(admin, 'main h1'), { timeout: 10_000 }).toBe('审计日志');
    const header = admin.locator('thead th');
    await expect.poll(() => header.allTextContents(), { timeout: 10_000 }).toContain('工作站');
    const columns = await header.allTextContents();
    const [actorAt, workstationAt] = [columns.indexOf('操作人'), columns.indexOf('工作站')];
    const rows = () =>
      admin.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())));
    await expect.poll(async () => (await rows()).length, { timeout: 10_000 }).toBeGreaterThan(3);
    const all = await rows();
    const byActor = (name: string) => [...new Set(all.filter((r) => r[actorAt]!.startsWith(name)).map((r) => r[workstationAt]))];
    // Everything 孙丽 did came from the tablet; everything the administrator did, from this PC.
    expect(byActor('孙丽')).toEqual(['127.0.0.1']);
    expect(byActor('系统管理员')).toEqual(['本机']);
    expect(all.find((r) => r.join(' ').includes('周小雨'))?.[workstationAt]).toBe('127.0.0.1');
    await checkScreen(admin, 'workstation-audit');

    // The filter keeps only what came over the network.
    await admin.locator('#audit-source').selectOption({ label: '网络上的工作站' });
    await expect.poll(async () => [...new Set((await rows()).map((r) => r[workstationAt]))], { timeout: 10_000 }).toEqual(['127.0.0.1']);
    expect(await admin.locator('p.count').textContent()).toBe('第 1–2 条，共 2 条');

    await apiCall(host, 'centre.stop', {});
    expect(errors).toEqual([]);
  }, 120_000);
});

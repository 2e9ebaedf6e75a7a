// Two people on one centre file, end to end: two browser contexts signed in as two therapists
// edit the same child; the one whose form read the record before the other's save is refused
// with who changed it and which fields, and keeps what she typed.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, useE2E, watchErrors, type AppHost } from './harness';
import { makeId } from '../support/ids';

const e2e = useE2E();

const PASSWORD = 'E2E therapist passw0rd';
const WANG = { username: 'wangli', displayName: '王丽', password: PASSWORD };
const ZHOU = { username: 'zhoujing', displayName: '周静', password: PASSWORD };

const heading = (page: Page) => page.locator('main h1').textContent();

describe('two therapists on one centre file', () => {
  const file = path.join(e2e.tmp.dir, 'centre.sqlite');
  let host: AppHost;
  let wang: Page;
  let zhou: Page;
  let childId: number;
  const errors: string[][] = [];

  beforeAll(async () => {
    host = await e2e.startHost(file);
    for (const account of [WANG, ZHOU]) await apiCall(host, 'accounts.create', { ...account, role: 'therapist' });
    childId = (
      await apiCall<{ id: number }>(host, 'people.create', {
        name: '李小宝',
        idNumber: makeId('2021-04-02', 15, '320106'),
        household: 'urban',
        guardianName: '李建华',
      })
    ).id;
    // Each page is its own browser context: its own sign-in, as on two workstations.
    wang = await e2e.newPage({ locale: 'zh-CN' });
    zhou = await e2e.newPage({ locale: 'zh-CN' });
    errors.push(watchErrors(wang), watchErrors(zhou));
  });

  it('refuses the second save on the child, naming who changed which field, and keeps what was typed', async () => {
    await openApp(wang, host, WANG);
    await openApp(zhou, host, ZHOU);
    const edit = `${new URL(host.url).origin}/#/people/${childId}/edit`;
    // Both open the child's form before either saves.
    for (const page of [wang, zhou]) {
      await page.goto(edit);
      await expect.poll(() => heading(page), { timeout: 10_000 }).toBe('编辑档案：李小宝');
    }

    await zhou.locator('#f-phone').fill('13800001111');
    await zhou.locator('#f-phone').press('Enter');
    await expect.poll(() => zhou.locator('.status-line').textContent(), { timeout: 10_000 }).toBe('已保存');

    await wang.locator('#f-address').fill('南京市玄武区孝陵卫街道1号');
    await wang.locator('#f-address').press('Enter');
    const refusal = wang.locator('#save-error');
    await expect.poll(() => refusal.textContent(), { timeout: 10_000 }).toMatch(
      /^该档案已在别处被修改，请刷新页面后再保存（您填写的内容未保存）。周静 于 2026-11-22 \d\d:\d\d 改动了：联系电话$/,
    );
    // What she typed is still in the form, and nothing of it was saved over 周静's change.
    expect(await wang.locator('#f-address').inputValue()).toBe('南京市玄武区孝陵卫街道1号');
    const stored = await apiCall<{ phone: string; address: string; version: number }>(host, 'people.get', { id: childId });
    expect(stored).toMatchObject({ phone: '13800001111', address: '', version: 2 });
    await checkScreen(wang, 'centre-01-stale-refused');
  });

  it('raised no console errors on either workstation', () => {
    expect(errors.flat()).toEqual([]);
  });
});

// Two workstations on one file, end to end: what one therapist saves shows in the other's open
// list within seconds without a click (and the list keeps its search); when the host goes away
// both say so at once, and a half-typed form keeps its text and says the save did not happen.
// "Connected again" is tested with one workstation's network cut and restored (a host restarted by
// the harness gets a new port and token, so the pages could not reach it again anyway).
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
const listText = (page: Page) => page.locator('.table-scroll table').textContent();

describe('two therapists see each other’s changes, and a lost host is said at once', () => {
  const file = path.join(e2e.tmp.dir, 'live.sqlite');
  let host: AppHost;
  let wang: Page;
  let zhou: Page;
  const errors: string[][] = [];

  beforeAll(async () => {
    host = await e2e.startHost(file);
    for (const account of [WANG, ZHOU]) await apiCall(host, 'accounts.create', { ...account, role: 'therapist' });
    await apiCall(host, 'people.create', { name: '李小宝', idNumber: makeId('2021-04-02', 15, '320106'), household: 'urban', guardianName: '李建华' });
    // Each page is its own browser context: its own sign-in, as on two workstations.
    wang = await e2e.newPage({ locale: 'zh-CN' });
    zhou = await e2e.newPage({ locale: 'zh-CN' });
    errors.push(watchErrors(wang), watchErrors(zhou));
  });

  it("shows a person one therapist registers in the other's open, searched list within seconds, without a click", async () => {
    await openApp(wang, host, WANG);
    await openApp(zhou, host, ZHOU);
    const origin = new URL(host.url).origin;
    await zhou.goto(`${origin}/#/people`);
    await expect.poll(() => heading(zhou), { timeout: 10_000 }).toBe('残疾人档案');
    await zhou.locator('input[type="search"]').fill('张');
    await expect.poll(() => zhou.locator('.count').textContent(), { timeout: 10_000 }).toBe('没有符合条件的档案');

    await wang.goto(`${origin}/#/people/new`);
    await expect.poll(() => heading(wang), { timeout: 10_000 }).toBe('新建档案');
    await wang.locator('#f-name').fill('张小燕');
    await wang.locator('#f-idNumber').fill(makeId('2020-09-09', 24, '320106'));
    await wang.locator('#f-guardianName').fill('张建国');
    await wang.locator('#f-guardianName').press('Enter');
    await expect.poll(() => heading(wang), { timeout: 10_000 }).toBe('编辑档案：张小燕');

    // 周静 touches nothing: her list, still searched for 张, shows the new record.
    await expect.poll(() => listText(zhou), { timeout: 10_000 }).toContain('张小燕');
    expect(await zhou.locator('input[type="search"]').inputValue()).toBe('张');
    expect(await listText(zhou)).not.toContain('李小宝');
    expect(await zhou.locator('.count').textContent()).toBe('共 1 人');
    await checkScreen(zhou, 'live-01-list-followed');
  });

  it("shows a session one therapist logs in the other's open day within seconds, and keeps the note she is typing", async () => {
    // 王丽's caseload: two children, arranged through the API.
    const account = (await apiCall<{ id: number; username: string }[]>(host, 'accounts.list', {})).find((a) => a.username === WANG.username)!;
    const therapist = await apiCall<{ id: number }>(host, 'rehab.therapists.save', { name: '王老师', accountId: account.id });
    const chen = await apiCall<{ id: number }>(host, 'people.create', { name: '陈小明', idNumber: makeId('2021-07-07', 33, '320106'), household: 'urban', guardianName: '陈军' });
    const li = (await apiCall<{ rows: { id: number }[] }>(host, 'people.search', { q: '李小宝' })).rows[0]!;
    for (const [personId, scheduleTime] of [[li.id, '09:00'], [chen.id, '10:00']] as const) {
      await apiCall(host, 'rehab.enrolments.create', { personId, therapistId: therapist.id, category: 'autism', startDate: '2026-09-01', funding: 'relief', scheduleDays: '1234567', scheduleTime, scheduleMinutes: 40 });
    }
    const origin = new URL(host.url).origin;
    const count = (page: Page) => page.locator('.day-list .count').textContent();
    // 周静 covers for 王丽 today: she opens 王丽's day and starts a note for 李小宝.
    await zhou.goto(`${origin}/#/rehab`);
    await expect.poll(() => heading(zhou), { timeout: 10_000 }).toBe('今日训练');
    await zhou.locator('#day-therapist').selectOption({ label: '王老师' });
    await expect.poll(() => count(zhou), { timeout: 10_000 }).toBe('共 2 名儿童，已记录 0 名');
    await expect.poll(() => zhou.locator('#ql-title').textContent(), { timeout: 10_000 }).toBe('记录训练：李小宝');
    await zhou.locator('#ql-note').fill('认卡片，注意力');

    // 王丽 logs 李小宝 on her own workstation.
    await wang.goto(`${origin}/#/rehab`);
    await expect.poll(() => count(wang), { timeout: 10_000 }).toBe('共 2 名儿童，已记录 0 名');
    await expect.poll(() => wang.locator('#ql-title').textContent(), { timeout: 10_000 }).toBe('记录训练：李小宝');
    await wang.locator('#ql-attendance-present').press('Enter');
    await expect.poll(() => count(wang), { timeout: 10_000 }).toBe('共 2 名儿童，已记录 1 名');

    // 周静's day shows it without a click, and her half-typed note is still there.
    await expect.poll(() => count(zhou), { timeout: 10_000 }).toBe('共 2 名儿童，已记录 1 名');
    expect(await zhou.locator('.day-table tbody tr').first().locator('td.sessions').textContent()).toContain('出勤');
    expect(await zhou.locator('#ql-title').textContent()).toBe('记录训练：李小宝');
    expect(await zhou.locator('#ql-note').inputValue()).toBe('认卡片，注意力');
    await checkScreen(zhou, 'live-02-day-followed');
  });

  it('raised no console errors on either workstation while the host ran', () => {
    expect(errors.flat()).toEqual([]);
  });

  it('says when a workstation loses the network and when it is back, and then shows what others saved meanwhile', async () => {
    const origin = new URL(host.url).origin;
    await zhou.goto(`${origin}/#/people`);
    await expect.poll(() => listText(zhou), { timeout: 10_000 }).toContain('张小燕');
    expect(await zhou.locator('input[type="search"]').inputValue()).toBe('张');

    await zhou.context().setOffline(true);
    await expect.poll(() => zhou.locator('[role="alert"].connection-banner').textContent(), { timeout: 15_000 }).toContain('与服务器的连接已断开，正在重试…');
    await apiCall(host, 'people.create', { name: '张大力', idNumber: makeId('1980-03-03', 51, '320106'), household: 'rural' });

    await zhou.context().setOffline(false);
    // The next retry (at most 10 s away) finds the host: the banner says so and the list catches up.
    await expect.poll(() => zhou.locator('.connection-back').textContent(), { timeout: 15_000 }).toBe('已重新连接服务器，列表已更新。');
    expect(await zhou.locator('[role="alert"].connection-banner').count()).toBe(0);
    await expect.poll(() => listText(zhou), { timeout: 10_000 }).toContain('张大力');
    expect(await zhou.locator('input[type="search"]').inputValue()).toBe('张');
    await checkScreen(zhou, 'live-03-connection-back');
  });

  it('says at once when the host is gone, keeps what was typed, and says the save did not happen', async () => {
    const origin = new URL(host.url).origin;
    await wang.goto(`${origin}/#/people/new`);
    await expect.poll(() => heading(wang), { timeout: 10_000 }).toBe('新建档案');
    await wang.locator('#f-name').fill('赵半');
    await wang.locator('#f-address').fill('南京市玄武区');

    await host.stop();
    // Nobody clicks: the background poll notices within a few seconds, on both workstations.
    for (const page of [wang, zhou]) {
      await expect.poll(() => page.locator('[role="alert"].connection-banner').textContent(), { timeout: 15_000 }).toContain('与服务器的连接已断开，正在重试…');
    }
    expect(await wang.locator('#f-name').inputValue()).toBe('赵半');
    expect(await wang.locator('#f-address').inputValue()).toBe('南京市玄武区');

    // Saving now fails, says nothing was saved, and keeps every field.
    await wang.locator('#f-address').press('Enter');
    await expect.poll(() => wang.locator('#save-error').textContent(), { timeout: 10_000 }).toContain('没有保存');
    expect(await wang.locator('#f-name').inputValue()).toBe('赵半');
    expect(await wang.locator('#f-address').inputValue()).toBe('南京市玄武区');
    // Still retrying, with its button to retry now.
    expect(await wang.locator('.connection-banner button').textContent()).toBe('立即重试');
    await checkScreen(wang, 'live-04-host-lost-form-kept');
    await checkScreen(zhou, 'live-05-host-lost-list');
  });
});

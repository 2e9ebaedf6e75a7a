// The people register end to end: the real UI in Chromium, the real browser host, a real SQLite file.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkScreen, openApp, tabTo, useE2E, watchErrors, type AppHost } from './harness';
import { makeCert, makeId, withWrongCheck } from '../support/ids';
import { seedPeople } from '../support/seed-people';

// Chromium, hosts, pages and the temp folder: started and cleaned up by the shared fixture.
const e2e = useE2E();
const tmp = e2e.tmp;

const CHILD_ID = makeId('2018-06-15', 13, '320106');
const ADULT_ID = makeId('1956-02-03', 22, '320104');

async function expectFieldError(page: Page, field: string, text: string) {
  const error = page.locator(`#f-${field}-error`);
  await expect.poll(() => error.textContent()).toBe(text);
  // Tied to its field, so a screen reader reads it with the field.
  expect(await page.locator(`#f-${field}`).getAttribute('aria-describedby')).toContain(`f-${field}-error`);
  expect(await page.locator(`#f-${field}`).getAttribute('aria-invalid')).toBe('true');
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const heading = (page: Page) => page.locator('main h1').textContent();

describe('people register', () => {
  const file = path.join(tmp.dir, 'centre.sqlite');
  let host: AppHost;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    host = await e2e.startHost(file);
    page = await e2e.newPage({ locale: 'zh-CN' });
    errors = watchErrors(page);
  });

  it('opens on the empty register in Chinese after first-start setup', async () => {
    await openApp(page, host);
    // A new centre lands on its checklist; the empty register then says how to begin.
    await expect.poll(() => heading(page)).toBe('开始使用');
    await page.getByRole('link', { name: '残疾人档案' }).click();
    await expect.poll(() => heading(page)).toBe('残疾人档案');
    await expect.poll(() => page.locator('.count').textContent()).toBe('没有符合条件的档案');
    expect(await page.locator('.banner-next').textContent()).toContain('还没有任何档案');
    expect(await page.getByRole('link', { name: '新建第一份档案' }).count()).toBe(1);
    expect(page.url()).not.toContain('token=');
    await checkScreen(page, '01-people-empty');
  });

  it('registers a child by keyboard alone, refusing a wrong ID checksum with the exact message', async () => {
    await tabTo(page, '新建档案');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('新建档案');
    await checkScreen(page, '02-person-new');

    await tabTo(page, '姓名');
    await page.keyboard.type('王小明');
    await page.keyboard.press('Tab');
    await page.keyboard.type(withWrongCheck(CHILD_ID));
    await page.keyboard.press('Enter');
    await expectFieldError(page, 'idNumber', `身份证号校验位错误：按前 17 位计算，最后一位应为 ${CHILD_ID[17]}，请核对`);
    await expect.poll(() => focusedId(page)).toBe('f-idNumber');
    await checkScreen(page, '03-person-id-error');

    await page.keyboard.press('Control+A');
    await page.keyboard.type(CHILD_ID);
    await expect.poll(() => page.locator('#id-derived').textContent()).toBe('男，2018-06-15 出生，8 岁');

    await tabTo(page, '残疾人证号');
    await page.keyboard.type(`${CHILD_ID}91`);
    await tabTo(page, '证件有效期至');
    await page.keyboard.type('2027-01-10');
    await page.keyboard.press('Enter');
    await expectFieldError(page, 'certNumber', '残疾人证号第 19 位是残疾类别，“9”不是有效类别（应为 1–7）');
    await expectFieldError(page, 'guardianName', '未满 18 周岁，必须填写监护人姓名');
    expect(await page.locator('[role="alert"]').first().textContent()).toContain('未能保存，有 2 处需要修改');
    await expect.poll(() => focusedId(page)).toBe('f-certNumber');

    await page.keyboard.press('Control+A');
    await page.keyboard.type(makeCert(CHILD_ID, 5, 1));
    await tabTo(page, '低保');
    await page.keyboard.press('Space');
    await tabTo(page, '监护人姓名');
    await page.keyboard.type('王大力');
    await page.keyboard.press('Enter');

    await expect.poll(() => heading(page)).toBe('编辑档案：王小明');
    // The heading shows the saved record before router.replace() moves the address: wait for both.
    await expect.poll(() => page.url()).toMatch(/#\/people\/\d+\/edit$/);
    expect(await page.locator('#f-category option:checked').textContent()).toBe('5 智力');
    expect(await page.locator('.history').textContent()).toContain('建档');
    await checkScreen(page, '04-person-saved');
  });

  it('refuses a second record with the same ID number, naming the first', async () => {
    await page.goto(`${new URL(host.url).origin}/#/people/new`);
    await expect.poll(() => heading(page)).toBe('新建档案');
    await page.locator('#f-name').fill('重复建档');
    await page.locator('#f-idNumber').fill(CHILD_ID.toLowerCase());
    await page.locator('#f-guardianName').fill('某人');
    await page.locator('#f-idNumber').press('Enter');
    await expectFieldError(page, 'idNumber', '该身份证号已有档案（王小明），不能重复建档');
  });

  it('speaks English when switched, for the same errors', async () => {
    await tabTo(page, /English/);
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('New record');
    await expectFieldError(page, 'idNumber', 'This ID number is already registered (王小明); a person is recorded once');
    await page.locator('#f-idNumber').fill(withWrongCheck(ADULT_ID));
    await page.locator('#f-idNumber').press('Enter');
    await expectFieldError(page, 'idNumber', `Wrong check character: from the first 17 digits the last one should be ${ADULT_ID[17]}`);
    await checkScreen(page, '05-person-error-english');
    await page.getByRole('button', { name: /中文/ }).click();
    await expect.poll(() => heading(page)).toBe('新建档案');
  });

  it('registers an adult whose certificate expires within a month', async () => {
    await page.locator('#f-name').fill('李秀英');
    await page.locator('#f-idNumber').fill(ADULT_ID);
    await page.locator('#f-guardianName').fill('');
    await page.locator('#f-certNumber').fill(makeCert(ADULT_ID, 1, 3));
    await page.locator('#f-certExpiry').fill('2026/12/1');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => heading(page)).toBe('编辑档案：李秀英');
    expect(await page.locator('#f-certExpiry').inputValue()).toBe('2026-12-01');
    expect(await page.locator('#f-category option:checked').textContent()).toBe('1 视力');
  });

  it('finds people by name fragment, ID fragment and certificate number', async () => {
    await page.getByRole('link', { name: '残疾人档案' }).click();
    await expect.poll(() => page.locator('.count').textContent()).toBe('共 2 人');
    const search = page.getByRole('searchbox', { name: /搜索/ });
    const rowNames = () => page.locator('tbody tr.data-row td:first-child').allTextContents();

    await search.fill('小明');
    await expect.poll(rowNames).toEqual(['王小明']);
    await search.fill(CHILD_ID.slice(6, 14));
    await expect.poll(rowNames).toEqual(['王小明']);
    await search.fill(makeCert(ADULT_ID, 1, 3));
    await expect.poll(rowNames).toEqual(['李秀英']);
    await search.fill('没有这个人');
    await expect.poll(() => page.locator('.count').textContent()).toBe('没有符合条件的档案');
    await search.fill('');
    await expect.poll(rowNames).toHaveLength(2);

    await page.getByRole('combobox', { name: '残疾类别' }).selectOption({ label: '智力' });
    await expect.poll(rowNames).toEqual(['王小明']);
    await page.getByRole('combobox', { name: '残疾类别' }).selectOption({ label: '全部' });
    await page.getByRole('combobox', { name: '帮扶状态' }).selectOption({ label: '低保' });
    await expect.poll(rowNames).toEqual(['王小明']);
    await page.getByRole('combobox', { name: '帮扶状态' }).selectOption({ label: '全部' });
    await expect.poll(rowNames).toHaveLength(2);
    await checkScreen(page, '06-people-list');
  });

  it('edits a record by keyboard and shows who changed what', async () => {
    await tabTo(page, '王小明');
    await page.keyboard.press('Enter');
    // The name opens the person's page: the facts and a section per area, editing a separate action.
    await expect.poll(() => heading(page)).toBe('王小明');
    // The areas' sections come with the person's overview, a call of its own answered beside the record.
    const sections = page.getByRole('navigation', { name: '本页栏目' }).getByRole('link');
    await expect.poll(() => sections.allTextContents()).toEqual(['基本信息', '需求与一人一案', '儿童康复', '培训', '就业安置', '辅助器具', '补贴申报', '变更记录']);
    await checkScreen(page, '06b-person-page');
    await tabTo(page, '编辑档案');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('编辑档案：王小明');
    await tabTo(page, '联系电话');
    await page.keyboard.type('138 0000 1111');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.status-line').textContent()).toBe('已保存');
    await expect.poll(() => page.locator('.history').textContent()).toContain('联系电话：（空） → 138 0000 1111');
    await checkScreen(page, '07-person-edited');
  });

  it('lists certificates expiring within one month and within six months', async () => {
    await page.getByRole('link', { name: '证件到期提醒' }).click();
    await expect.poll(() => heading(page)).toBe('证件到期提醒');
    const section = (name: string) => page.getByRole('region', { name });
    await expect.poll(() => section('1 个月内到期（1 人）').locator('tbody').textContent()).toContain('李秀英');
    await expect.poll(() => section('6 个月内到期（1 人）').locator('tbody').textContent()).toContain('王小明');
    expect(await section('已过期（0 人）').textContent()).toContain('无');
    await checkScreen(page, '08-expiring');
  });

  it('shows the settings screen accessibly, with the data file in use', async () => {
    await page.getByRole('link', { name: '设置' }).click();
    await expect.poll(() => heading(page)).toBe('设置');
    expect(await page.locator('dl.facts').textContent()).toContain(file);
    await checkScreen(page, '09-settings');
  });

  it('keeps everything after the host restarts', async () => {
    // The open app polls its host every few seconds: leave it first, or the stopped host's refused
    // connections would be console errors (the connection banner itself is tested in live.e2e.ts).
    await page.goto('about:blank');
    await host.stop();
    host = await e2e.startHost(file);
    await openApp(page, host);
    await expect.poll(() => page.locator('.count').textContent()).toBe('共 2 人');
    expect(await page.locator('tbody tr.data-row td:first-child').allTextContents()).toEqual(['李秀英', '王小明']);
  });

  it('raised no console errors or CSP violations', () => {
    expect(errors).toEqual([]);
  });
});

describe('a register of 50,000 people', () => {
  const file = path.join(tmp.dir, 'large.sqlite');
  let host: AppHost;
  let page: Page;

  beforeAll(async () => {
    seedPeople(file, 50_000);
    host = await e2e.startHost(file);
    page = await e2e.newPage({ locale: 'zh-CN' });
  });

  it('shows the count and renders only the visible rows', async () => {
    await openApp(page, host);
    await page.getByRole('link', { name: '残疾人档案' }).click();
    await expect.poll(() => page.locator('.count').textContent()).toBe('共 50000 人');
    const rendered = await page.locator('tbody tr.data-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(120);
    expect(await page.locator('table.data').first().getAttribute('aria-rowcount')).toBe('50001');
  });

  it('reaches the last person by keyboard (End in the list)', async () => {
    await page.getByRole('region', { name: /残疾人档案列表/ }).focus();
    await page.keyboard.press('End');
    // The last rows are fetched when the list reaches them; on a busy machine that can take seconds.
    await expect.poll(() => page.locator('tbody tr[aria-rowindex="50001"] td:first-child a').count(), { timeout: 10_000 }).toBe(1);
    await checkScreen(page, '11-people-50k-end');
  });

  it('sorts and searches the whole register, not just the loaded rows', async () => {
    await page.getByRole('button', { name: /出生日期/ }).click();
    await expect.poll(() => page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('searchbox', { name: /搜索/ }).fill('张子涵');
    await expect.poll(() => page.locator('.count').textContent(), { timeout: 10_000 }).toMatch(/^共 \d{1,4} 人$/);
    const names = await page.locator('tbody tr.data-row td:first-child').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n === '张子涵')).toBe(true);
  });
});

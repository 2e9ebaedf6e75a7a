// E2E of comparing the register with a civil-affairs list (issue 19): import the list with a
// preview (matches, a different status, an unknown ID, a lower-case x and a reissued certificate
// number), see the comparison, apply two chosen changes in one confirmed step, and see the
// left-out checks change; households and plan items screens; axe-core clean on each screen.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, tabTo, useE2E, watchErrors, type AppHost } from './harness';
import { makeCert, makeId } from '../support/ids';

const e2e = useE2E();
const tmp = e2e.tmp;

const heading = (page: Page) => page.locator('main h1').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

const ZHANG = makeId('1970-05-01', 17, '320106'); // ends in X: the list writes it with a lower-case x
const LI = makeId('1968-03-03', 13, '320106');
const WANG = makeId('1985-07-07', 15, '320106');
const ZHAO = makeId('1955-09-09', 19, '320106');
const SUN = makeId('1990-01-01', 21, '320106'); // not in the register

describe('comparing the register with a civil-affairs list', () => {
  const file = path.join(tmp.dir, 'centre.sqlite');
  let host: AppHost;
  let page: Page;
  let errors: string[];
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    host = await e2e.startHost(file);
    for (const [name, idNumber, supportStatuses] of [
      ['张三', ZHANG, ['dibao']],
      ['李四', LI, ['dibao']],
      ['王五', WANG, []],
      ['赵七', ZHAO, ['tekun']],
    ] as const) {
      ids[name] = (
        await apiCall<{ id: number }>(host, 'people.create', {
          name,
          idNumber,
          certNumber: makeCert(idNumber, 4, 3),
          certExpiry: '2030-01-01',
          household: 'rural',
          supportStatuses,
        })
      ).id;
    }
    page = await e2e.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    errors = watchErrors(page);
  });

  it('shows who is left out of the living allowance before any list', async () => {
    expect(ZHANG.endsWith('X')).toBe(true);
    await openApp(page, host);
    await tabTo(page, '比对与不漏一人');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('部门名单比对');
    await checkScreen(page, 'compare-01-lists-empty');
    await page.getByRole('link', { name: '遗漏检查', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('遗漏检查（不漏一人）');
    const living = page.locator('section[aria-labelledby="lo-check-living_allowance"] tbody th');
    await expect.poll(() => living.allTextContents()).toEqual(['张三', '李四', '赵七']);
    await checkScreen(page, 'compare-02-left-out-before');
  });

  it('imports a civil-affairs list with a preview of matches and an unknown ID', async () => {
    const list = path.join(tmp.dir, '低保特困名单.csv');
    fs.writeFileSync(
      list,
      '\uFEFF' +
        [
          '某县2026年11月城乡低保、特困供养人员名单',
          '序号,姓名,公民身份号码,保障类别',
          `1,张三,${ZHANG.toLowerCase()},低保`,
          `2,李四,${makeCert(LI, 4, 3)}B1,特困`,
          `3,王五,${WANG},农村低保`,
          `4,孙六,${SUN},特困供养`,
          '合计,4人,,',
        ].join('\r\n'),
    );
    await page.getByRole('link', { name: '部门名单比对' }).click();
    await expect.poll(() => heading(page)).toBe('部门名单比对');
    await page.locator('#cmp-sourceName').fill('某县民政局');
    await page.locator('#cmp-listDate').fill('2026-11-01');
    await page.locator('#cmp-file').setInputFiles(list);
    await page.getByRole('button', { name: '读取并预览' }).click();
    await expect.poll(() => page.locator('#cmp-summary').textContent()).toBe('低保特困名单.csv：共 4 行，档案中有 3 人，档案中没有 1 人，有问题 0 行');
    await expect.poll(() => focusedId(page)).toBe('cmp-summary');
    const rows = page.locator('table.preview tbody tr');
    expect(await rows.nth(0).textContent()).toContain(ZHANG);
    expect(await rows.nth(1).textContent()).toContain(LI);
    expect(await rows.nth(3).textContent()).toContain('档案中没有');
    await checkScreen(page, 'compare-03-import-preview');
  });

  it('compares the list with the register and applies two chosen changes in one confirmed step', async () => {
    await page.getByRole('button', { name: '保存名单（4 行）并比对' }).click();
    await expect.poll(() => heading(page)).toBe('民政部门名单比对（2026-11-01）');
    const names = (kind: string) => page.locator(`section[aria-labelledby="cmp-kind-${kind}"] tbody th`).allTextContents();
    await expect.poll(() => names('same')).toEqual(['张三']);
    expect(await names('different')).toEqual(['李四', '王五']);
    expect(await names('onlyTheirs')).toEqual(['孙六']);
    expect(await names('onlyRegister')).toEqual(['赵七']);
    await checkScreen(page, 'compare-04-comparison');

    // Nothing is chosen yet: the step says so instead of changing anything.
    await page.locator('#cmp-review').click();
    await expect.poll(() => page.locator('#cmp-apply-error').textContent()).toBe('请先勾选要修改的身份');

    await page.getByRole('checkbox', { name: /^加上“低保”\s*（王五）$/ }).check();
    await page.getByRole('checkbox', { name: /^取消“特困供养”\s*（赵七）$/ }).check();
    await page.locator('#cmp-review').click();
    await expect.poll(() => focusedId(page)).toBe('cmp-confirm-title');
    expect(await page.locator('#cmp-confirm-title').textContent()).toBe('确认修改 2 项身份（2 人）');
    expect(await page.locator('.confirm-panel').textContent()).toContain('修改原因：某县民政局 2026-11-01 的名单');
    await checkScreen(page, 'compare-05-confirm');
    // Until confirmed, the register is unchanged.
    expect((await apiCall<{ supportStatuses: string[] }>(host, 'people.get', { id: ids['王五'] })).supportStatuses).toEqual([]);

    await page.getByRole('button', { name: '确认修改' }).click();
    await expect.poll(() => page.locator('#cmp-done').textContent()).toBe('已修改 2 项身份（2 人），原因记为本名单');
    await expect.poll(() => focusedId(page)).toBe('cmp-done');
    await expect.poll(() => names('same')).toEqual(['张三', '王五']);
    expect(await names('onlyRegister')).toEqual([]);
    expect((await apiCall<{ supportStatuses: string[] }>(host, 'people.get', { id: ids['王五'] })).supportStatuses).toEqual(['dibao']);
    expect((await apiCall<{ supportStatuses: string[] }>(host, 'people.get', { id: ids['赵七'] })).supportStatuses).toEqual([]);
    await checkScreen(page, 'compare-06-applied');
  });

  it('shows the left-out checks changed by the applied list', async () => {
    await page.getByRole('link', { name: '遗漏检查', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('遗漏检查（不漏一人）');
    const living = page.locator('section[aria-labelledby="lo-check-living_allowance"] tbody th');
    await expect.poll(() => living.allTextContents()).toEqual(['张三', '李四', '王五']);
    expect(await page.locator('section[aria-labelledby="lo-check-living_allowance"] tbody tr').nth(2).textContent()).toContain('本人为低保，未记生活补贴');

    // A recorded reason takes a person off one check.
    await page.getByRole('button', { name: '记录原因：张三' }).first().click();
    await expect.poll(() => focusedId(page)).toMatch(/^lo-reason-/);
    await page.keyboard.type('已在外地领取生活补贴');
    await page.keyboard.press('Enter');
    await expect.poll(() => living.allTextContents()).toEqual(['李四', '王五']);
    await checkScreen(page, 'compare-07-left-out-after');
  });

  it('links a household and shows the households and plan items screens', async () => {
    await apiCall(host, 'compare.households.link', { personId: ids['李四'], withPersonId: ids['王五'], relation: '兄弟' });
    await page.getByRole('link', { name: '一户多残与零就业家庭' }).click();
    await expect.poll(() => heading(page)).toBe('一户多残与零就业家庭');
    await expect.poll(() => page.locator('.totals').textContent()).toBe('共 1 户，其中一户多残 1 户，零就业家庭 1 户');
    await checkScreen(page, 'compare-08-households');
    await page.getByRole('link', { name: '计划事项' }).click();
    await expect.poll(() => heading(page)).toBe('计划事项');
    await expect.poll(() => page.locator('table.rates tbody tr').count()).toBe(7);
    await checkScreen(page, 'compare-09-plan');
    expect(errors).toEqual([]);
  });
});

// Assistive devices end to end: assessment → fitting with the subsidy split → early replacement
// refused without a reason → follow-ups due → figures → catalogue and yearly rules. The real UI in
// Chromium, the real browser host, a real SQLite file; today is 2026-11-22.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, tabTo, useE2E, watchErrors, type AppHost } from './harness';
import { makeCert, makeId } from '../support/ids';

// Chromium, hosts, pages and the temp folder: started and cleaned up by the shared fixture.
const e2e = useE2E();
const tmp = e2e.tmp;

const heading = (page: Page) => page.locator('main h1').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

async function expectFieldError(page: Page, id: string, text: string) {
  await expect.poll(() => page.locator(`#${id}-error`).textContent()).toBe(text);
  expect(await page.locator(`#${id}`).getAttribute('aria-describedby')).toContain(`${id}-error`);
  expect(await page.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
}

describe('assistive devices', () => {
  const file = path.join(tmp.dir, 'centre.sqlite');
  let host: AppHost;
  let page: Page;
  let errors: string[];
  let poorId = 0;
  let otherId = 0;

  beforeAll(async () => {
    host = await e2e.startHost(file);
    const poorIdNumber = makeId('1962-04-18', 31, '320113');
    const poor = await apiCall<{ id: number }>(host, 'people.create', {
      name: '张建华',
      idNumber: poorIdNumber,
      certNumber: makeCert(poorIdNumber, 4, 1),
      certExpiry: '2030-04-18',
      household: 'rural',
      supportStatuses: ['dibao', 'registered_poor'],
      phone: '13951234567',
    });
    const otherIdNumber = makeId('1980-09-09', 45, '320104');
    const other = await apiCall<{ id: number }>(host, 'people.create', {
      name: '刘明',
      idNumber: otherIdNumber,
      certNumber: makeCert(otherIdNumber, 2, 3),
      certExpiry: '2031-09-09',
      household: 'urban',
      phone: '13800001111',
    });
    poorId = poor.id;
    otherId = other.id;
    const catalogue = await apiCall<{ id: number; code: string }[]>(host, 'devices.catalogue', {});
    // A hearing aid fitted to someone with no support status, to be followed up.
    await apiCall(host, 'devices.fittingCreate', {
      personId: otherId,
      itemId: catalogue.find((i) => i.code === 'TL-01')!.id,
      supplier: '南京听力中心',
      costFen: 300_000,
      fittedOn: '2026-07-15',
    });
    page = await e2e.newPage({ locale: 'zh-CN' });
    errors = watchErrors(page);
  });

  it('opens a person’s device file from the person picker, by keyboard', async () => {
    await openApp(page, host);
    await expect.poll(() => heading(page)).toBe('残疾人档案');
    await page.getByRole('link', { name: '辅助器具' }).click();
    await expect.poll(() => heading(page)).toBe('辅助器具适配');
    await expect.poll(() => page.locator('table').textContent()).toContain('助听器（耳背式，单耳）');
    await checkScreen(page, 'devices-01-home');

    await tabTo(page, '适配对象');
    await page.keyboard.type('张建华');
    await page.keyboard.press('Enter');
    await tabTo(page, '打开张建华的适配档案');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('适配档案：张建华');
    expect(await page.locator('#person-support').textContent()).toBe('建档立卡/脱贫户、低保');
  });

  it('records a need assessment, refusing an incomplete one with focus on the first error', async () => {
    await tabTo(page, '新增需求评估');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('asm-title');
    expect(await page.locator('#asm-assessedOn').inputValue()).toBe('2026-11-22');
    await page.locator('#asm-assessedOn').fill('2026-07-20');
    await page.getByRole('button', { name: '保存' }).click();
    await expectFieldError(page, 'asm-assessor', '此项必填');
    await expect.poll(() => page.locator('#asm-recommendedClasses-error').textContent()).toBe('请至少选择一个器具类别');
    await expect.poll(() => focusedId(page)).toBe('asm-assessor');
    await checkScreen(page, 'devices-02-assessment-errors');

    await page.keyboard.type('王评估');
    await tabTo(page, '需求描述');
    await page.keyboard.type('下肢无力，不能独立行走，需代步');
    await tabTo(page, '个人移动类');
    await page.keyboard.press('Space');
    await tabTo(page, '处方或建议器具');
    await page.keyboard.type('普通轮椅一辆');
    await tabTo(page, '保存');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('需求评估已保存');
    expect(await page.locator('.assessments').textContent()).toContain('2026-07-20，王评估：个人移动类');
  });

  it('fits a basic wheelchair free of charge to a poor household, showing the split before saving', async () => {
    await tabTo(page, '新增适配');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('fit-title');
    expect(await page.locator('#fit-assessmentId option:checked').textContent()).toBe('2026-07-20 王评估');
    await page.locator('#fit-itemId').selectOption({ label: '个人移动类 · YD-01 普通轮椅（手动）（目录价 ¥800.00）' });
    await expect.poll(() => page.locator('#fit-costFen').inputValue()).toBe('800.00');
    await page.locator('#fit-supplier').fill('南京康复器材有限公司');
    await page.locator('#fit-serialNumber').fill('WC-2026-0815');
    await page.locator('#fit-fittedOn').fill('2026-08-01');
    await page.locator('#fit-trainingGiven').check();
    await page.locator('#fit-trainingNotes').fill('转移与推行训练');
    const split = page.locator('#fit-split');
    await expect.poll(() => split.textContent()).toContain('补贴¥800.00个人自付¥0.00');
    expect(await split.textContent()).toContain('建档立卡/脱贫户：基本型免费，上限 ¥800.00，按 2026 年补贴规则');
    expect(await split.textContent()).toContain('可更换日期：2031-08-01；首次随访：2026-11-01');
    await checkScreen(page, 'devices-03-fitting-split');

    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('适配记录已保存');
    const row = page.locator('.devices-table tbody tr').first();
    expect(await row.textContent()).toContain('普通轮椅（手动）');
    expect(await row.textContent()).toContain('¥800.00');
    expect(await row.textContent()).toContain('下次随访 2026-11-01');
  });

  it('refuses a second wheelchair before the interval without a reason, naming the first and its date', async () => {
    await page.getByRole('button', { name: '新增适配' }).click();
    await page.locator('#fit-itemId').selectOption({ label: '个人移动类 · YD-02 儿童轮椅（目录价 ¥1,500.00）' });
    await page.locator('#fit-supplier').fill('南京康复器材有限公司');
    await page.locator('#fit-fittedOn').fill('2026-11-01');
    await expect.poll(() => page.locator('#fit-early').textContent()).toContain('已于 2026-08-01 适配同类器具“普通轮椅（手动）”，须到 2031-08-01 才满更换年限');
    await page.locator('#fit-supplier').press('Enter');
    await expectFieldError(
      page,
      'fit-replacementReason',
      '该对象已于 2026-08-01 适配同类器具“普通轮椅（手动）”，须到 2031-08-01 才满更换年限。提前更换必须填写理由。',
    );
    await expect.poll(() => focusedId(page)).toBe('fit-replacementReason');
    await checkScreen(page, 'devices-04-early-replacement');

    await page.keyboard.type('原轮椅损坏无法维修，经评估更换');
    await tabTo(page, '保存');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('适配记录已保存');
    expect(await page.locator('.devices-table tbody tr').first().textContent()).toContain('提前更换，原轮椅损坏无法维修，经评估更换');
    expect(await page.locator('.history').textContent()).toContain('新增适配记录');
  });

  it('corrects a fitting’s serial number without moving money, and logs who changed it', async () => {
    await page.getByRole('button', { name: '修改“普通轮椅（手动）”（2026-08-01）的适配记录' }).click();
    await expect.poll(() => page.locator('#fit-title').textContent()).toBe('修改适配记录');
    await page.locator('#fit-serialNumber').fill('WC-2026-0816');
    await page.locator('#fit-serialNumber').press('Enter');
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('适配记录已保存');
    await expect.poll(() => page.locator('.history').textContent()).toContain('序列号：WC-2026-0815 → WC-2026-0816');
    await checkScreen(page, 'devices-05-person-file');
  });

  it('reads in English too', async () => {
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => heading(page)).toBe('Device file: 张建华');
    expect(await page.locator('.status-line').first().textContent()).toBe('Fitting saved');
    expect(await page.locator('#person-support').textContent()).toBe('Registered poor / lifted out of poverty, Minimum living allowance (dibao)');
    expect(await page.locator('.devices-table').textContent()).toContain('Early replacement');
    await checkScreen(page, 'devices-06-person-english');
    await page.getByRole('button', { name: /中文/ }).click();
    await expect.poll(() => heading(page)).toBe('适配档案：张建华');
  });

  it('lists follow-ups due, overdue first, and records an abandonment only with its reason', async () => {
    await page.getByRole('link', { name: '随访到期' }).click();
    await expect.poll(() => heading(page)).toBe('随访到期');
    await expect.poll(() => page.locator('#due-count').textContent()).toBe('共 2 条待随访');
    const names = () => page.locator('.devices-table tbody th').allTextContents();
    expect(await names()).toEqual(['刘明', '张建华']);
    expect(await page.locator('.devices-table tbody tr').first().textContent()).toContain('2026-10-15已逾期');
    await checkScreen(page, 'devices-07-followups-due');

    await tabTo(page, '记录随访');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#fu-title').textContent()).toBe('记录随访：刘明，助听器（耳背式，单耳）');
    await page.getByRole('radio', { name: '已弃用' }).check();
    await page.getByRole('button', { name: '保存' }).click();
    await expectFieldError(page, 'fu-abandonReason', '结果为“已弃用”时，请选择弃用原因');
    await expect.poll(() => focusedId(page)).toBe('fu-abandonReason');
    await page.locator('#fu-abandonReason').selectOption({ label: '使用不适' });
    await page.locator('#fu-visitor').fill('张随访');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.status-line').textContent()).toBe('随访已记录');
    await expect.poll(() => page.locator('#due-count').textContent()).toBe('共 1 条待随访');
    expect(await names()).toEqual(['张建华']);
  });

  it('shows the figures for the year: fittings by class and month, subsidy total, follow-up done rate', async () => {
    await page.getByRole('link', { name: '统计' }).click();
    await expect.poll(() => heading(page)).toBe('辅助器具统计');
    await expect.poll(() => page.locator('#fig-fittings').textContent()).toBe('3');
    // 800.00 free + 1,500.00 free (poor household) + 1,500.00 (50% of a 3,000.00 hearing aid)
    expect(await page.locator('#fig-subsidy').textContent()).toBe('¥3,800.00');
    expect(await page.locator('#fig-rate').textContent()).toBe('50%（应随访 2，已随访 1）');
    const byClass = page.getByRole('figure', { name: '2026 年各月适配件数（按类别）' });
    await byClass.getByText('查看数据表').click();
    const august = byClass.locator('tbody tr').nth(7);
    expect(await august.locator('th').textContent()).toBe('8月');
    expect(await august.locator('td').first().textContent()).toBe('1件');
    expect(await page.locator('canvas').count()).toBe(3);
    await checkScreen(page, 'devices-08-figures');
  });

  it('edits the catalogue, refusing a malformed ISO code', async () => {
    await page.getByRole('link', { name: '器具目录与补贴规则' }).click();
    await expect.poll(() => heading(page)).toBe('器具目录与补贴规则');
    await expect.poll(() => page.locator('h2').allTextContents()).toContain('个人移动类（6 种）');
    await checkScreen(page, 'devices-09-catalogue');

    await page.getByRole('button', { name: '修改器具：普通轮椅（手动）' }).click();
    await expect.poll(() => focusedId(page)).toBe('item-title');
    await page.locator('#item-isoCode').fill('12');
    await page.locator('#item-listPriceFen').fill('850');
    await page.locator('#item-subsidyCapFen').fill('850');
    await page.locator('#item-name').press('Enter');
    await expectFieldError(page, 'item-isoCode', 'ISO 9999 编码应为 4 位或 6 位数字，如 12 22 03');
    await expect.poll(() => focusedId(page)).toBe('item-isoCode');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('122203');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('器具已保存：普通轮椅（手动）');
    const row = page.getByRole('row', { name: /普通轮椅（手动）/ });
    expect(await row.textContent()).toContain('¥850.00');
  });

  it('sets the year’s subsidy rules, and a new fitting follows them', async () => {
    await expect.poll(() => page.locator('#rules-source').textContent()).toBe('尚未设置，显示系统默认规则；保存后成为 2026 年的规则');
    await page.locator('#rules-subsidy-defaultPercent').fill('150');
    await page.getByRole('button', { name: '保存 2026 年规则' }).click();
    await expectFieldError(page, 'rules-subsidy-defaultPercent', '比例应为 0 到 100 的整数');
    await expect.poll(() => focusedId(page)).toBe('rules-subsidy-defaultPercent');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('60');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#rules-source').textContent()).toBe('当前显示：2026 年设置的规则');
    await expect.poll(() => page.locator('section[aria-labelledby="rules-title"] .status-line').textContent()).toBe('2026 年补贴规则已保存');
    await checkScreen(page, 'devices-10-rules');

    await page.goto(`${new URL(host.url).origin}/#/devices/people/${otherId}`);
    await expect.poll(() => heading(page)).toBe('适配档案：刘明');
    await page.getByRole('button', { name: '新增适配' }).click();
    await page.locator('#fit-itemId').selectOption({ label: '个人移动类 · YD-05 手杖（目录价 ¥60.00）' });
    await page.locator('#fit-costFen').fill('60.05');
    await expect.poll(() => page.locator('#fit-split').textContent()).toContain('补贴¥36.03个人自付¥24.02');
    expect(await page.locator('#fit-split').textContent()).toContain('一般对象：补贴 60%');
    await page.getByRole('button', { name: '取消' }).click();
    expect(poorId).toBeGreaterThan(0);
  });

  it('raised no console errors or CSP violations', () => {
    expect(errors).toEqual([]);
  });
});

// Subsidy claims end to end: an accountant sets the rule, builds October's child-rehab claim,
// reads an amount's basis, submits it, sees a therapist's edit of a claimed session refused with
// the claim named, exports the workbook, records a rejection, reopens the batch, adds an
// adjustment of September's claim and submits again; then prints the form to PDF.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, tabTo, useE2E, watchErrors, type AppHost } from './harness';
import { makeId } from '../support/ids';

// Chromium, hosts, pages and the temp folder: started and cleaned up by the shared fixture.
const e2e = useE2E();
const tmp = e2e.tmp;

const heading = (page: Page) => page.locator('main h1').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const ACCOUNTANT = { username: 'kuaiji', password: 'Accountant passw0rd' };
const THERAPIST = { username: 'wanglaoshi', password: 'Therapist passw0rd' };

/** Weekdays of a month up to a day. */
function weekdays(month: string, upTo: number): string[] {
  const out: string[] = [];
  for (let d = 1; d <= upTo; d += 1) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    const w = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (w !== 0 && w !== 6) out.push(date);
  }
  return out;
}

describe('subsidy claims', () => {
  const file = path.join(tmp.dir, 'centre.sqlite');
  let host: AppHost;
  let page: Page;
  let errors: string[];
  let batchUrl = '';

  beforeAll(async () => {
    host = await e2e.startHost(file);
    page = await e2e.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    errors = watchErrors(page);
    // The rehab programme's records (the therapists' work): two relief-funded children in
    // September and October, one of them with too few days in October.
    const therapist = await apiCall<{ id: number }>(host, 'rehab.therapists.save', { name: '王老师' });
    const children = [
      { name: '张小明', birth: '2021-05-06', seq: 11, october: weekdays('2026-10', 31) },
      { name: '李小红', birth: '2022-01-02', seq: 12, october: weekdays('2026-10', 15) },
    ];
    for (const [k, c] of children.entries()) {
      const person = await apiCall<{ id: number }>(host, 'people.create', { name: c.name, idNumber: makeId(c.birth, c.seq, '320102'), household: 'urban', guardianName: '家长' });
      const enrolment = await apiCall<{ id: number }>(host, 'rehab.enrolments.create', {
        personId: person.id,
        therapistId: therapist.id,
        category: 'autism',
        startDate: '2026-09-01',
        funding: 'relief',
        scheduleDays: '12345',
        scheduleTime: k === 0 ? '09:00' : '10:00',
      });
      for (const date of [...weekdays('2026-09', 30), ...c.october]) {
        await apiCall(host, 'rehab.sessions.log', {
          enrolmentId: enrolment.id,
          therapistId: therapist.id,
          date,
          startTime: k === 0 ? '09:00' : '10:00',
          minutes: 40,
          type: 'aba',
          attendance: 'present',
        });
      }
    }
    // September was claimed and approved earlier (under a rule set then).
    await apiCall(host, 'claims.rules.save', {
      programme: 'rehab',
      effectiveFrom: '2026-01-01',
      rule: { monthlyStandardFen: 180_000, basis: 'days', fullMonthMin: 16, proRate: 'proportional', partialMin: 4, yearlyCapFen: null, ageLimit: 7, requireCertificate: false },
    });
    const september = await apiCall<{ id: number; version: number }>(host, 'claims.batches.create', { programme: 'rehab', period: '2026-09' });
    const submitted = await apiCall<{ id: number; version: number }>(host, 'claims.batches.submit', { id: september.id, version: september.version });
    await apiCall(host, 'claims.batches.approve', { id: submitted.id, version: submitted.version, decidedOn: '2026-10-20' });
    await apiCall(host, 'accounts.create', { username: ACCOUNTANT.username, displayName: '刘会计', role: 'accountant', password: ACCOUNTANT.password });
    await apiCall(host, 'accounts.create', { username: THERAPIST.username, displayName: '王老师', role: 'therapist', password: THERAPIST.password });
  });

  it('sets the centre and October’s rule on the rules screen', async () => {
    await openApp(page, host, ACCOUNTANT);
    await page.getByRole('link', { name: '补贴申报' }).click();
    await expect.poll(() => heading(page)).toBe('补贴申报');
    await page.getByRole('navigation', { name: '补贴申报' }).getByRole('link', { name: '补贴规则' }).click();
    await expect.poll(() => heading(page)).toBe('补贴规则');
    await page.locator('#centre-name').fill('南京市玄武区残疾人康复中心');
    await page.locator('#centre-name').press('Enter');
    await expect.poll(() => page.getByText('已保存申报单位名称').count()).toBe(1);
    await expect.poll(() => page.locator('table[aria-label="残疾儿童康复救助的规则版本"] tbody tr').count()).toBe(1);

    // From October the standard rises to 2,000.00 a month; a mistyped amount is refused first.
    await page.locator('#rule-effectiveFrom').fill('2026-10-01');
    await page.locator('#rule-monthlyStandard').fill('2000元');
    await page.getByRole('button', { name: '保存规则' }).click();
    await expect.poll(() => page.locator('#rule-monthlyStandard-error').textContent()).toBe('金额应为元，最多两位小数');
    await expect.poll(() => focusedId(page)).toBe('rule-monthlyStandard');
    expect(await page.locator('#rule-monthlyStandard').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#rule-monthlyStandard').fill('2000');
    await page.locator('#rule-yearlyCap').fill('24000');
    await page.locator('#rule-monthlyStandard').press('Enter');
    await expect.poll(() => page.locator('#rule-notice').textContent()).toBe('已保存 2026-10-01 起施行的规则');
    await expect.poll(() => page.locator('table[aria-label="残疾儿童康复救助的规则版本"] tbody tr').count()).toBe(2);
    await checkScreen(page, 'claims-01-rules');
  });

  it('builds October’s child-rehab claim by keyboard: a line per child, each amount explained, who was left out', async () => {
    await page.getByRole('navigation', { name: '补贴申报' }).getByRole('link', { name: '申报批次' }).click();
    await expect.poll(() => heading(page)).toBe('补贴申报');
    // The period proposed is last month: October.
    expect(await page.locator('#new-period').inputValue()).toBe('2026-10');
    await tabTo(page, '生成草稿');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('申报批次 KF202610-01');
    batchUrl = page.url();
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('草稿');
    const rows = page.locator('table[aria-label="申报明细，每行一人一项服务"] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // 李小红: 11 of 16 days → 2,000.00 × 11 ÷ 16 = 1,375.00; 张小明: 22 days → 2,000.00.
    expect(await rows.nth(0).locator('th').textContent()).toBe('李小红');
    expect(await rows.nth(0).locator('td.amount').textContent()).toBe('1,375.00 元');
    expect(await rows.nth(1).locator('td.amount').textContent()).toBe('2,000.00 元');
    expect(await page.locator('#batch-total').textContent()).toBe('3,375.00 元');
    expect(await page.locator('#batch-capital').textContent()).toBe('叁仟叁佰柒拾伍元整');

    // The basis of 李小红's amount, opened by keyboard.
    await tabTo(page, '查看 李小红 的金额依据');
    await page.keyboard.press('Enter');
    const explanation = page.locator('section.explanation');
    await expect.poll(() => explanation.locator('h3').textContent()).toBe('李小红：1,375.00 元 的依据');
    expect(await explanation.locator('ol li').allTextContents()).toEqual([
      '按 2026-10-01 起施行的规则',
      '计入服务天数 11 天（同一天多次训练只计一天）',
      '11 未达足月标准 16，按比例：2,000.00 元 × 11 ÷ 16 = 1,375.00 元（不足一分舍去）',
    ]);
    const records = explanation.locator('tbody tr');
    expect(await records.count()).toBe(11);
    expect(await records.first().textContent()).toContain('2026-10-01');
    expect(await records.first().textContent()).toContain('出勤，计入');
    await checkScreen(page, 'claims-02-draft-explained');
  });

  it('submits the claim: the sessions it rests on are locked', async () => {
    await page.getByRole('button', { name: '提交申报' }).click();
    await expect.poll(() => focusedId(page)).toBe('confirm-submit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('已提交');
    await expect.poll(() => page.getByText('已锁定 33 条服务记录').count()).toBe(1);
    await checkScreen(page, 'claims-03-submitted');
  });

  it('refuses a therapist’s edit of a claimed session on the rehab screen, naming the claim', async () => {
    // The therapist works in their own window, signed in as themself.
    const therapistPage = await e2e.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const therapistErrors = watchErrors(therapistPage);
    try {
      await openApp(therapistPage, host, THERAPIST);
      await therapistPage.getByRole('link', { name: '儿童康复' }).click();
      await expect.poll(() => heading(therapistPage)).toBe('今日训练');
      await therapistPage.locator('#day-therapist').selectOption({ label: '王老师' });
      await therapistPage.locator('#day-date').fill('2026-10-15');
      await therapistPage.locator('#day-date').press('Enter');
      const edit = therapistPage.getByRole('button', { name: '张小明 修改 09:00 的记录' });
      await expect.poll(() => edit.count()).toBe(1);
      await edit.click();
      await expect.poll(() => therapistPage.locator('#ql-title').textContent()).toContain('张小明');
      await therapistPage.locator('#ql-attendance-absent').check();
      await therapistPage.getByRole('button', { name: '保存', exact: true }).click();
      await expect.poll(() => therapistPage.locator('#ql-general').textContent()).toBe(
        '该记录已纳入补贴申报 KF202610-01，不能修改或删除。如需更正，请待该申报被退回后修改，或在以后的申报中做调整。',
      );
      expect(await focusedId(therapistPage)).toBe('ql-general');
      await checkScreen(therapistPage, 'claims-04-rehab-refused');
      expect(therapistErrors).toEqual([]);
    } finally {
      await therapistPage.close();
    }
    // The record is as it was.
    const month = await apiCall<{ sessions: { date: string; attendance: string }[] }>(host, 'rehab.month', { enrolmentId: 1, month: '2026-10' });
    expect(month.sessions.find((s) => s.date === '2026-10-15')!.attendance).toBe('present');
  });

  it('exports the workbook: the path is shown and the file reads back with every ID digit', async () => {
    await page.goto(batchUrl);
    await expect.poll(() => heading(page)).toBe('申报批次 KF202610-01');
    await page.getByRole('button', { name: '导出 Excel 申报表' }).click();
    const done = page.locator('.export-done');
    await expect.poll(() => done.count(), { timeout: 20_000 }).toBe(1);
    const shown = (await done.textContent())!.trim();
    const exported = shown.replace(/^已导出：/, '');
    expect(path.basename(exported)).toBe('KF202610-01.xlsx');
    expect(path.dirname(exported)).toBe(path.join(tmp.dir, 'exports'));
    const workbook = XLSX.read(fs.readFileSync(exported), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[workbook.SheetNames[0]!]!, { header: 1, defval: '' });
    expect(rows[0]![0]).toBe('南京市玄武区残疾人康复中心2026年10月残疾儿童康复救助补贴申报表');
    expect(rows[5]!.slice(1, 4)).toEqual(['李小红', '女', makeId('2022-01-02', 12, '320102')]);
    expect(rows[7]![10]).toBe(3375);
    expect(rows[8]![0]).toBe('合计金额（大写）：叁仟叁佰柒拾伍元整');
    // The accountant takes the workbook through the browser: the same bytes, under its own name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 KF202610-01.xlsx' }).click()]);
    expect(download.suggestedFilename()).toBe('KF202610-01.xlsx');
    expect(fs.readFileSync((await download.path())!).equals(fs.readFileSync(exported))).toBe(true);
    await checkScreen(page, 'claims-05-exported');
  });

  it('records the finance office’s rejection, reopens the batch and resubmits it with an adjustment of September', async () => {
    await page.locator('#batch-reason').fill('9月份张小明多报一天，请在本批中扣回');
    await page.getByRole('button', { name: '登记退回' }).click();
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('已退回');
    await expect.poll(() => page.getByText('退回原因：9月份张小明多报一天，请在本批中扣回').count()).toBe(1);
    // Rejected: the records are unlocked again.
    expect(await page.getByText(/已锁定 \d+ 条服务记录/).count()).toBe(0);

    await page.getByRole('button', { name: '重新打开为草稿' }).click();
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('草稿');

    await page.locator('#adj-q').fill('张小明');
    await page.locator('#adj-q').press('Enter');
    const choose = page.getByRole('button', { name: '选择 张小明 2026-09-01—2026-09-30' });
    await expect.poll(() => choose.count()).toBe(1);
    await choose.click();
    await expect.poll(() => focusedId(page)).toBe('adj-amount');
    // A pay-back larger than the line is refused, with the most that can be paid back.
    await page.keyboard.type('-2000');
    await page.locator('#adj-reason').fill('9月30日实际请假，多报一天');
    await page.getByRole('button', { name: '加入调整' }).click();
    await expect.poll(() => page.locator('#adj-amount-error').textContent()).toBe('扣回后原明细金额不能小于零：最多可扣回 1,800.00 元');
    await expect.poll(() => focusedId(page)).toBe('adj-amount');
    await page.locator('#adj-amount').fill('-81.82');
    await page.getByRole('button', { name: '加入调整' }).click();
    await expect.poll(() => page.locator('#batch-notice').textContent()).toBe('已加入调整行');
    const rows = page.locator('table[aria-label="申报明细，每行一人一项服务"] tbody tr.adjustment');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.textContent()).toContain('调整 KF202609-01 第 2 行（原 1,800.00 元）：9月30日实际请假，多报一天');
    expect(await page.locator('#batch-total').textContent()).toBe('3,293.18 元');
    expect(await page.locator('#batch-capital').textContent()).toBe('叁仟贰佰玖拾叁元壹角捌分');
    await checkScreen(page, 'claims-06-adjusted');

    await page.getByRole('button', { name: '提交申报' }).click();
    await page.locator('#confirm-submit').click();
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('已提交');
    const history = await page.locator('ol.history li').allTextContents();
    expect(history.map((h) => h.replace(/^\S+ \S+ /, ''))).toEqual([
      '刘会计（kuaiji） 生成草稿',
      '刘会计（kuaiji） 提交，合计 3,375.00 元',
      '刘会计（kuaiji） 登记退回（2026-11-22）：9月份张小明多报一天，请在本批中扣回',
      '刘会计（kuaiji） 重新打开为草稿',
      '刘会计（kuaiji） 调整 KF202609-01 第 2 行（张小明）：-81.82 元',
      '刘会计（kuaiji） 提交，合计 3,293.18 元',
    ]);
    await checkScreen(page, 'claims-07-resubmitted');
  });

  it('prints the claim form with the total in figures and in capitals, and signature lines', async () => {
    await page.getByRole('link', { name: '打印申报表（可另存为 PDF）' }).click();
    await expect.poll(() => heading(page)).toBe('南京市玄武区残疾人康复中心2026年10月残疾儿童康复救助补贴申报表');
    expect(await page.locator('#print-figures').textContent()).toBe('合计金额（小写）：￥3,293.18');
    expect(await page.locator('#print-capital').textContent()).toBe('合计金额（大写）：叁仟贰佰玖拾叁元壹角捌分');
    expect(await page.locator('.signatures').textContent()).toContain('经办人：');
    await checkScreen(page, 'claims-08-print');
    const pdfPath = path.join(tmp.dir, 'KF202610-01.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const pdf = fs.readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // One landscape A4 page: the app's header and navigation are not on it.
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 84\d(\.\d+)? 59\d(\.\d+)?\s*\]/);
  });

  it('shows the batch in English too, axe-clean', async () => {
    await page.getByRole('link', { name: '返回批次' }).click();
    await expect.poll(() => heading(page)).toBe('申报批次 KF202610-01');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => heading(page)).toBe('Claim batch KF202610-01');
    expect(await page.locator('#batch-status').textContent()).toBe('Submitted');
    expect(await page.locator('#batch-total').textContent()).toBe('¥3,293.18');
    await checkScreen(page, 'claims-09-batch-en');
    expect(errors).toEqual([]);
  });
});

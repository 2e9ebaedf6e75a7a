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
import { makeRuleFile } from '../../db/claims/rulefile';

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
    // A wrong month is named as such (not answered with the hint again); one typed the Chinese way is read.
    await page.locator('#new-period').fill('2026-13');
    await page.locator('#new-period').press('Enter');
    await expect.poll(() => page.locator('#new-period-error').textContent(), { timeout: 10_000 }).toBe('月份只能是 1 到 12 月');
    await expect.poll(() => focusedId(page)).toBe('new-period');
    await page.locator('#new-period').fill('2026年10月');
    await page.locator('#new-period').press('Tab');
    await expect.poll(() => page.locator('#new-period').inputValue(), { timeout: 5_000 }).toBe('2026-10');
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

  it('pages a long list of batches 25 at a time', async () => {
    // Two earlier years of monthly drafts (under a rule from 2024) make the list longer than a page.
    await apiCall(host, 'claims.rules.save', {
      programme: 'rehab',
      effectiveFrom: '2024-01-01',
      rule: { monthlyStandardFen: 180_000, basis: 'days', fullMonthMin: 16, proRate: 'proportional', partialMin: 4, yearlyCapFen: null, ageLimit: 7, requireCertificate: false },
    });
    for (let k = 0; k < 24; k++) {
      const period = `${2024 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
      await apiCall(host, 'claims.batches.create', { programme: 'rehab', period });
    }
    const all = await apiCall<{ number: string }[]>(host, 'claims.batches.list', {});
    const n = all.length; // the 24 drafts and the batches made above
    expect(n).toBeGreaterThan(25);
    await page.getByRole('button', { name: /中文/ }).click();
    await page.getByRole('navigation', { name: '补贴申报' }).getByRole('link', { name: '申报批次' }).click();
    await expect.poll(() => heading(page)).toBe('补贴申报');
    const pager = page.getByRole('navigation', { name: '申报批次翻页' });
    const rows = page.locator('table[aria-label="申报批次列表"] tbody tr');
    await expect.poll(() => pager.locator('.pager-range').textContent(), { timeout: 10_000 }).toBe(`第 1–25 条，共 ${n} 条`);
    expect(await rows.count()).toBe(25);
    expect(await pager.getByRole('button', { name: '上一页' }).isDisabled()).toBe(true);
    await checkScreen(page, 'claims-15-batches-paged');
    await pager.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => pager.locator('.pager-range').textContent(), { timeout: 5_000 }).toBe(`第 26–${Math.min(50, n)} 条，共 ${n} 条`);
    expect(await rows.first().locator('th').textContent()).toBe(all[25]!.number);
    expect(errors).toEqual([]);
  });
});

// Claims by the local standard (issue 14): the accountant imports the county office's rule file,
// builds October for a centre of mixed categories and ages, records finance's answer on two lines
// (one cut, one rejected), claims the rejected one again in November and exports the report.
describe('claims by the local standard', () => {
  const file = path.join(tmp.dir, 'county-centre.sqlite');
  const ruleFilePath = path.join(tmp.dir, '某县残联-康复救助标准-v2.json');
  let host: AppHost;
  let page: Page;
  let errors: string[];
  const oct = weekdays('2026-10', 31); // 22 weekdays
  const nov = weekdays('2026-11', 20); // 15 weekdays

  beforeAll(async () => {
    host = await e2e.startHost(file);
    page = await e2e.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    errors = watchErrors(page);
    // The county serves children to 14: the centre enrols them to that age.
    await apiCall(host, 'rehab.settings.update', { effectiveFrom: '2026-01-01', 'rehab.ageLimit': 15 });
    const therapist = await apiCall<{ id: number }>(host, 'rehab.therapists.save', { name: '赵老师' });
    const approval = { approvalNo: '某残康审〔2026〕12号', approvedFrom: '2026-01-01', approvedTo: '2026-12-31', eligibilityBasis: 'dibao' };
    const children = [
      { name: '陈小乐', birth: '2022-03-10', seq: 21, category: 'autism', approval },
      { name: '周小雨', birth: '2021-05-02', seq: 22, category: 'visual', approval },
      { name: '吴小川', birth: '2017-04-20', seq: 23, category: 'hearing', approval },
      { name: '郑小安', birth: '2022-01-15', seq: 24, category: 'autism', approval: {} },
    ];
    for (const [k, c] of children.entries()) {
      const person = await apiCall<{ id: number }>(host, 'people.create', { name: c.name, idNumber: makeId(c.birth, c.seq, '430102'), household: 'rural', guardianName: '家长' });
      const time = `${String(8 + k).padStart(2, '0')}:00`;
      const enrolment = await apiCall<{ id: number }>(host, 'rehab.enrolments.create', {
        personId: person.id,
        therapistId: therapist.id,
        category: c.category,
        startDate: '2026-09-01',
        funding: 'relief',
        scheduleDays: '12345',
        scheduleTime: time,
        ...c.approval,
      });
      for (const date of [...oct, ...nov]) {
        await apiCall(host, 'rehab.sessions.log', { enrolmentId: enrolment.id, therapistId: therapist.id, date, startTime: time, minutes: 40, type: 'aba', attendance: 'present' });
      }
    }
    await apiCall(host, 'claims.centre.save', { centreName: '某县残疾人康复中心' });
    await apiCall(host, 'accounts.create', { username: ACCOUNTANT.username, displayName: '刘会计', role: 'accountant', password: ACCOUNTANT.password });
    // The county office's standard, as it hands it out: visual 1,000 a year; other categories
    // 1,500 a month for at most 10 months; 7–14: 500 a month; only with an approval.
    const row = { maxMonthsPerYear: 10, yearlyCapFen: null, proration: 'days', fullMonthMin: 16, extensions: [], lumpSumFen: 0 };
    const rule = {
      kind: 'standard',
      requireApproval: true,
      requireCertificate: false,
      rows: [
        { ...row, category: 'visual', ageFrom: 0, ageTo: 7, monthlyFen: 0, lumpSumFen: 100_000, maxMonthsPerYear: null, proration: 'none', fullMonthMin: 1 },
        { ...row, category: 'any', ageFrom: 0, ageTo: 7, monthlyFen: 150_000 },
        { ...row, category: 'any', ageFrom: 7, ageTo: 15, monthlyFen: 50_000 },
      ],
    } as const;
    fs.writeFileSync(ruleFilePath, JSON.stringify(makeRuleFile({ programme: 'rehab', office: '某县残联', version: 2, effectiveFrom: '2026-01-01', issuedOn: '2025-12-28', rule }), null, 2));
  });

  it('imports the county office’s rule file after seeing what it changes; a tampered copy is refused', async () => {
    await openApp(page, host, ACCOUNTANT);
    await page.getByRole('link', { name: '补贴申报' }).click();
    await page.getByRole('navigation', { name: '补贴申报' }).getByRole('link', { name: '补贴规则' }).click();
    await expect.poll(() => heading(page)).toBe('补贴规则');

    const tampered = path.join(tmp.dir, '改过的规则.json');
    fs.writeFileSync(tampered, fs.readFileSync(ruleFilePath, 'utf8').replace('150000', '180000'));
    await page.locator('#rulefile-input').setInputFiles(tampered);
    await expect.poll(() => page.locator('#rulefile-error').textContent()).toBe('“改过的规则.json”未导入：规则文件（某县残联 第 2 版）的校验和不符：文件在保存后被改动过');

    await page.locator('#rulefile-input').setInputFiles(ruleFilePath);
    await expect.poll(() => page.locator('#rulefile-preview-title').textContent()).toBe('某县残联 第 2 版规则文件');
    const bands = page.locator('table[aria-label="规则文件与现行规则的差别"] tbody tr');
    expect(await bands.count()).toBe(3);
    expect(await bands.nth(1).textContent()).toContain('每月 1,500.00 元，最多 10 个月，按服务天数折算');
    await checkScreen(page, 'claims-10-rulefile-preview');
    await page.getByRole('button', { name: '确认导入并生效' }).click();
    await expect.poll(() => page.locator('#rulefile-notice').textContent()).toBe('已导入 某县残联 第 2 版规则，自 2026-01-01 起施行');
    await expect.poll(() => page.locator('table[aria-label="残疾儿童康复救助的规则版本"] tbody tr').count()).toBe(1);
    expect(await page.locator('table[aria-label="残疾儿童康复救助的规则版本"] tbody tr').textContent()).toContain('地方标准 3 档');
  });

  it('builds October for the mixed centre: each child by category and age, the rule path shown, the unapproved child left out', async () => {
    await page.getByRole('navigation', { name: '补贴申报' }).getByRole('link', { name: '申报批次' }).click();
    await expect.poll(() => heading(page)).toBe('补贴申报');
    await page.locator('#new-period').fill('2026-10');
    await page.getByRole('button', { name: '生成草稿' }).click();
    await expect.poll(() => heading(page)).toBe('申报批次 KF202610-01');
    const rows = page.locator('table[aria-label="申报明细，每行一人一项服务"] tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const byName = async (name: string) => rows.filter({ has: page.locator('th', { hasText: name }) });
    // 陈小乐 (autism, 4): 22 days ≥ 16 → 1,500; 周小雨 (visual, 5): the yearly 1,000; 吴小川 (hearing, 9): 500.
    expect(await (await byName('陈小乐')).locator('td.amount').textContent()).toBe('1,500.00 元');
    expect(await (await byName('陈小乐')).locator('.rule-path').textContent()).toBe('孤独症 0–7 周岁以下档；本年第 1 个月（上限 10）');
    expect(await (await byName('周小雨')).locator('td.amount').textContent()).toBe('1,000.00 元');
    expect(await (await byName('周小雨')).locator('.rule-path').textContent()).toBe('视力 0–7 周岁以下档；年度一次性补助');
    expect(await (await byName('吴小川')).locator('td.amount').textContent()).toBe('500.00 元');
    expect(await page.locator('#batch-total').textContent()).toBe('3,000.00 元');
    const leftOut = page.locator('table[aria-label="未纳入申报的人员及原因"] tbody tr');
    expect(await leftOut.count()).toBe(1);
    expect(await leftOut.textContent()).toContain('郑小安');
    expect(await leftOut.textContent()).toContain('没有县级残联的救助审批（审批号）');
    await checkScreen(page, 'claims-11-standard-draft');
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.locator('#confirm-submit').click();
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('已提交');
  });

  it('records finance’s answer on two lines — one cut, one rejected — and shows claimed, approved and paid', async () => {
    await page.getByRole('button', { name: '登记审核：陈小乐' }).click();
    const cut = page.locator('form[aria-label="陈小乐 的财政审核结果"]');
    await expect.poll(() => focusedId(page)).toMatch(/^answer-\d+-decision$/);
    await cut.getByLabel('核定金额（元，申报 1500.00）').fill('1200');
    await cut.getByRole('button', { name: '保存审核结果' }).click();
    // A cut needs its reason.
    await expect.poll(() => cut.locator('.field-error').textContent()).toBe('核减或不予核定时请选择原因');
    await cut.getByLabel('核减或不予核定的原因').selectOption({ label: '超出标准' });
    await cut.getByRole('button', { name: '保存审核结果' }).click();
    await expect.poll(() => page.locator('#batch-notice').textContent()).toBe('已登记 陈小乐 的审核结果');

    await page.getByRole('button', { name: '登记审核：周小雨' }).click();
    const reject = page.locator('form[aria-label="周小雨 的财政审核结果"]');
    await reject.getByLabel('审核结果').selectOption({ label: '不予核定' });
    await reject.getByLabel('核减或不予核定的原因').selectOption({ label: '材料不全' });
    await reject.getByLabel('说明').fill('缺视力诊断证明');
    await reject.getByRole('button', { name: '保存审核结果' }).click();
    await expect.poll(() => page.locator('#batch-notice').textContent()).toBe('已登记 周小雨 的审核结果');

    const rows = page.locator('table[aria-label="申报明细，每行一人一项服务"] tbody tr');
    expect(await rows.filter({ hasText: '陈小乐' }).locator('td.answer').textContent()).toBe('核减为 1,200.00 元：超出标准');
    expect(await rows.filter({ hasText: '周小雨' }).locator('td.answer').textContent()).toBe('不予核定：材料不全（缺视力诊断证明）');
    expect(await page.locator('#batch-approved').textContent()).toBe('1,200.00 元');

    await page.getByRole('button', { name: '登记审核通过' }).click();
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('已审核通过');
    // The unanswered line is approved in full with the batch: 1,200 + 0 + 500.
    expect(await page.locator('#batch-approved').textContent()).toBe('1,700.00 元');
    await page.locator('#batch-voucherNo').fill('财拨〔2026〕88号');
    await page.getByRole('button', { name: '登记拨付' }).click();
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('已拨付');
    expect(await page.locator('#batch-total').textContent()).toBe('3,000.00 元');
    expect(await page.locator('#batch-paid').textContent()).toBe('1,700.00 元');
    await checkScreen(page, 'claims-12-answered');
  });

  it('claims the rejected line again in November, linked to October’s', async () => {
    await page.getByRole('navigation', { name: '补贴申报' }).getByRole('link', { name: '申报批次' }).click();
    await page.locator('#new-period').fill('2026-11');
    await page.getByRole('button', { name: '生成草稿' }).click();
    await expect.poll(() => heading(page)).toBe('申报批次 KF202611-01');
    const reclaim = page.getByRole('button', { name: '重新申报 周小雨（KF202610-01）' });
    await expect.poll(() => reclaim.count()).toBe(1);
    await reclaim.click();
    await expect.poll(() => focusedId(page)).toBe('reclaim-reason');
    await page.keyboard.type('已补齐视力诊断证明');
    await page.getByRole('button', { name: '加入本批次' }).click();
    await expect.poll(() => page.locator('#batch-notice').textContent()).toBe('已加入重新申报的明细');
    const again = page.locator('table[aria-label="申报明细，每行一人一项服务"] tbody tr.adjustment');
    await expect.poll(() => again.count()).toBe(1);
    expect(await again.textContent()).toContain('调整 KF202610-01 第');
    expect(await again.locator('td.amount').textContent()).toBe('1,000.00 元');
    // 陈小乐 15 of 16 days: 1,500 × 15 ÷ 16 = 1,406.25; 吴小川 500 × 15 ÷ 16 = 468.75; and 1,000 again.
    expect(await page.locator('#batch-total').textContent()).toBe('2,875.00 元');
    // 周小雨's lump sum for the year is already on October's batch.
    expect(await page.locator('table[aria-label="未纳入申报的人员及原因"] tbody').textContent()).toContain('2026 年的一次性补助已在 KF202610-01 中申报');
    await checkScreen(page, 'claims-13-reclaimed');
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.locator('#confirm-submit').click();
    await expect.poll(() => page.locator('#batch-status').textContent()).toBe('已提交');
  });

  it('shows and exports the report of claimed, approved, adjusted and paid by programme, month and category', async () => {
    await page.getByRole('navigation', { name: '补贴申报' }).getByRole('link', { name: '申报汇总' }).click();
    await expect.poll(() => heading(page)).toBe('申报汇总');
    const table = page.locator('table[aria-label="2026 年申报汇总"]');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(5);
    // Claimed 1,500 + 1,000 + 500 + 1,406.25 + 468.75; approved 1,200 + 500; the re-claim 1,000; paid 1,700.
    expect(await page.locator('#report-claimed').textContent()).toBe('4,875.00 元');
    expect(await page.locator('#report-approved').textContent()).toBe('1,700.00 元');
    expect(await page.locator('#report-adjusted').textContent()).toBe('1,000.00 元');
    expect(await page.locator('#report-paid').textContent()).toBe('1,700.00 元');
    expect(await page.locator('figure.chart figcaption').textContent()).toBe('2026 年各月申报、核定、调整与拨付金额（元）');
    await checkScreen(page, 'claims-14-report');

    await page.getByRole('button', { name: '导出汇总表（Excel）' }).click();
    const done = page.locator('.export-done');
    await expect.poll(() => done.count(), { timeout: 20_000 }).toBe(1);
    const exported = (await done.textContent())!.trim().replace(/^已导出：/, '');
    const workbook = XLSX.read(fs.readFileSync(exported), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[workbook.SheetNames[0]!]!, { header: 1, defval: '' });
    expect(rows[0]![0]).toBe('2026 年补贴申报汇总表（全部项目）');
    expect(rows[1]).toEqual(['项目', '服务月份', '类别', '明细条数', '申报金额', '核定金额', '调整金额', '拨付金额']);
    const visual = rows.find((r) => r[1] === '2026-10' && r[2] === '视力残疾儿童康复训练')!;
    expect(visual.slice(3)).toEqual([1, 1000, 0, 1000, 0]);
    expect(rows.at(-1)!.slice(3)).toEqual([5, 4875, 1700, 1000, 1700]);
    expect(errors).toEqual([]);
  });
});

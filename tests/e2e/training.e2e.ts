// Training and employment end to end: class, real-name enrolment, attendance by keyboard, refused
// completion, certificate, employer, placement, follow-ups, figures and the roster import; then
// employment in the national terms: a job seeker placed under 农村种养加, an employer above quota
// with its reward line in a claim, an entrepreneurship award, and a class's 6-month employment
// rate; in Chromium against the real browser host and a real SQLite file.
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, tabTo, useE2E, watchErrors, type AppHost } from './harness';
import { makeId } from '../support/ids';
import { expectedCounts, rosterXlsx } from '../unit/training/roster-fixture';
import { blankColumnsRoster, issueRoster } from '../unit/import/office-fixtures';
import type { ClassDetail } from '../../db/training/contract';

// Chromium, hosts, pages and the temp folder: started and cleaned up by the shared fixture.
const e2e = useE2E();
const tmp = e2e.tmp;

const heading = (page: Page) => page.locator('main h1').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const TENCENT = '91440300708461136T';
const CLASS_TITLE = '2026年盲人保健按摩培训班（第一期）';

describe('training and employment', () => {
  const file = path.join(tmp.dir, 'centre.sqlite');
  let host: AppHost;
  let page: Page;
  let errors: string[];
  let origin: string;
  let classId = 0;
  const people: Record<string, number> = {};

  beforeAll(async () => {
    host = await e2e.startHost(file);
    origin = new URL(host.url).origin;
    for (const [name, birth, seq] of [
      ['王芳', '1988-04-12', 22],
      ['李强', '1979-10-03', 13],
      ['张伟', '1992-01-30', 15],
      ['赵敏', '1990-07-07', 24],
    ] as const) {
      people[name] = (await apiCall<{ id: number }>(host, 'people.create', { name, idNumber: makeId(birth, seq, '320106'), household: 'urban' })).id;
    }
    page = await e2e.newPage({ locale: 'zh-CN' });
    errors = watchErrors(page);
  });

  it('creates a class by keyboard, pointing out missing fields first', async () => {
    await openApp(page, host);
    await expect.poll(() => heading(page)).toBe('残疾人档案');
    await tabTo(page, '培训就业');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('培训班');
    await expect.poll(() => page.locator('.count').textContent()).toBe('还没有培训班');
    await checkScreen(page, 'training-01-classes-empty');

    await tabTo(page, '新建培训班');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('新建培训班');
    await tabTo(page, '班级名称');
    await page.keyboard.type(CLASS_TITLE);
    await page.keyboard.press('Tab');
    await page.keyboard.type('2026-11-16');
    await page.keyboard.press('Tab');
    // The class ends today: completion is only allowed from the end date on.
    await page.keyboard.type('2026-11-22');
    await page.keyboard.press('Tab');
    await page.keyboard.type('八十');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#c-totalHours-error').textContent()).toBe('请填写正整数');
    expect(await page.locator('#c-capacity-error').textContent()).toBe('此项必填');
    await expect.poll(() => focusedId(page)).toBe('c-totalHours');
    expect(await page.locator('#c-totalHours').getAttribute('aria-describedby')).toContain('c-totalHours-error');
    await checkScreen(page, 'training-02-class-errors');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('80');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4');
    await page.keyboard.press('Tab');
    await page.keyboard.type('周明');
    await page.keyboard.press('Tab');
    await page.keyboard.type('市盲人按摩指导中心');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe(`培训班：${CLASS_TITLE}`);
    // The heading shows the saved class before the address moves to it: wait for the address too.
    await expect.poll(() => page.url()).toMatch(/classes\/\d+$/);
    classId = Number(/classes\/(\d+)/.exec(page.url())![1]);
    // The confirmation stays once the address has moved to the new class.
    await expect.poll(() => page.locator('#class-notice[role="status"]').textContent(), { timeout: 10_000 }).toBe('已创建培训班，现在可以报名学员');
    expect(await page.locator('.class-links').textContent()).toContain('出勤率不低于 80%');
  });

  it('enrols trainees by real name, refusing a second enrolment and a full class', async () => {
    for (const name of ['王芳', '李强', '张伟']) {
      await page.locator('#enrol-person').focus();
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedId(page)).toBe('enrol-person-change');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#enrol-title ~ .status-line').textContent()).toBe(`${name}已报名`);
      await expect.poll(() => focusedId(page)).toBe('enrol-person');
    }
    await page.keyboard.type('王芳');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('enrol-person-change');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#enrol-error').textContent()).toBe('王芳已在本班，同一人不能重复报名');

    // Someone not yet in the register: registered and enrolled in one step.
    await tabTo(page, '档案中没有此人？新建档案并报名');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('np-name');
    await page.keyboard.type('陈静');
    await page.keyboard.press('Tab');
    await page.keyboard.type(makeId('1995-05-05', 28, '320106'));
    await tabTo(page, '建档并报名');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#enrol-title ~ .status-line').textContent()).toBe('陈静已报名');
    await expect.poll(() => page.locator('#roster-title').textContent()).toBe('学员名单（已报名 4 人，计划 4 人）');

    await page.locator('#enrol-person-change').press('Enter');
    await page.locator('#enrol-person').fill('赵敏');
    await page.locator('#enrol-person').press('Enter');
    await expect.poll(() => focusedId(page)).toBe('enrol-person-change');
    await page.getByRole('button', { name: '报名', exact: true }).click();
    await expect.poll(() => page.locator('#enrol-error').textContent()).toBe('本班已报满（计划 4 人），不能再报名');
    expect(await page.locator('table.roster tbody th').allTextContents()).toEqual(['王芳', '李强', '张伟', '陈静']);
    await checkScreen(page, 'training-03-class-roster');
  });

  it('takes a class day of attendance by keyboard, with every control named by trainee and date', async () => {
    // Five earlier days, arranged through the API.
    const detail = await apiCall<ClassDetail>(host, 'training.classes.get', { id: classId });
    const ids = Object.fromEntries(detail.trainees.map((x) => [x.name, x.enrolmentId]));
    const plan: Record<string, string[]> = {
      王芳: ['present', 'present', 'present', 'present', 'present'],
      李强: ['present', 'present', 'absent', 'absent', 'leave'],
      张伟: ['present', 'present', 'present', 'present', 'present'],
      陈静: ['present', 'present', 'present', 'present', 'absent'],
    };
    for (let day = 0; day < 5; day += 1) {
      await apiCall(host, 'training.attendance.save', {
        classId,
        date: `2026-11-${16 + day}`,
        marks: Object.entries(plan).map(([name, days]) => ({ enrolmentId: ids[name], status: days[day] })),
      });
    }

    await page.goto(`${origin}/#/training/classes/${classId}`);
    await expect.poll(() => heading(page)).toBe(`培训班：${CLASS_TITLE}`);
    await tabTo(page, '考勤');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe(`考勤：${CLASS_TITLE}`);
    await expect.poll(() => page.locator('caption').textContent()).toContain('2026-11-22 考勤，共 4 名学员');
    expect(await page.locator('.day-state').textContent()).toBe('2026-11-22 尚未考勤：请为每位学员选择出勤情况。');

    await tabTo(page, '王芳 2026-11-22 出勤');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('李强 2026-11-22 出勤');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await tabTo(page, '保存考勤');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role="alert"]').textContent()).toBe('还有 1 名学员没有选择出勤情况');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('陈静 2026-11-22 出勤');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: '李强 2026-11-22 缺勤' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: '陈静 2026-11-22 请假' }).isChecked()).toBe(true);
    expect(await page.getByRole('radiogroup', { name: '张伟，2026-11-22，出勤情况' }).count()).toBe(1);
    await checkScreen(page, 'training-04-attendance');
    await tabTo(page, '保存考勤');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.attendance .status-line').textContent()).toBe('已保存 2026-11-22 考勤：出勤 2 人，缺勤 1 人，请假 1 人');
    const shares = await page.locator('.attendance-table tbody tr td:last-child').allTextContents();
    expect(shares).toEqual(['100%', '33.3%', '100%', '66.6%']);
    expect(await page.locator('nav.days').textContent()).toContain('2026-11-22');
  });

  it('refuses completion below the minimum with the share in the message, and completes the others', async () => {
    await page.getByRole('link', { name: '返回班级' }).click();
    await expect.poll(() => heading(page)).toBe(`培训班：${CLASS_TITLE}`);
    await tabTo(page, '办理结业：李强');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#roster-title ~ [role="alert"]').textContent())
      .toBe('李强的出勤率为 33.3%（6 天中出勤 2 天），低于本班结业要求的 80%，不能结业');
    await checkScreen(page, 'training-05-completion-refused');

    await tabTo(page, '办理结业：王芳');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#roster-title ~ .status-line').textContent()).toBe('王芳已结业');
    // Focus stays on the same control, which now offers the opposite action.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('撤销结业：王芳');
    expect(await page.locator('table.roster tbody tr').first().textContent()).toContain('2026-11-22 结业');

    await tabTo(page, '登记证书：王芳');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('cert-certType');
    await page.locator('#cert-certType').selectOption({ label: '保健按摩师资格证' });
    await page.keyboard.press('Tab');
    await page.keyboard.type('BJAM-2026-0031');
    await tabTo(page, '发证机关');
    await page.keyboard.type('市人力资源和社会保障局');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#roster-title ~ .status-line').textContent()).toBe('已为王芳登记证书');
    expect(await focusedId(page)).toMatch(/^cert-open-/);
    expect(await page.locator('table.roster tbody tr').first().textContent()).toContain('保健按摩师资格证 BJAM-2026-0031');
    await checkScreen(page, 'training-06-completed');
  });

  it('records an employer, checking the unified social credit code', async () => {
    await page.getByRole('navigation', { name: '培训就业' }).getByRole('link', { name: '用人单位' }).click();
    await expect.poll(() => heading(page)).toBe('用人单位');
    await page.locator('#emp-name').fill('深圳市康乐按摩有限公司');
    await page.locator('#emp-creditCode').fill('91440300708461136U');
    await expect.poll(() => page.locator('#emp-creditCode-error').textContent()).toBe('统一社会信用代码校验位错误：按前 17 位计算，最后一位应为 T，请核对');
    await page.locator('#emp-creditCode').press('Enter');
    await expect.poll(() => focusedId(page)).toBe('emp-creditCode');
    await page.locator('#emp-creditCode').fill(TENCENT.toLowerCase());
    await page.locator('#emp-contact').fill('刘经理');
    await page.locator('#emp-contact').press('Enter');
    await expect.poll(() => page.locator('.employer-form .status-line').textContent()).toBe('已保存深圳市康乐按摩有限公司');
    expect(await page.locator('table.employers tbody').textContent()).toContain(TENCENT);
    await checkScreen(page, 'training-07-employers');
  });

  it('records a placement with its wage, schedules follow-ups and records one', async () => {
    await page.getByRole('navigation', { name: '培训就业' }).getByRole('link', { name: '就业安置' }).click();
    await expect.poll(() => heading(page)).toBe('就业安置');
    await tabTo(page, '登记就业安置');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('登记就业安置');
    await page.locator('#pf-personId').fill('王芳');
    await page.locator('#pf-personId').press('Enter');
    await expect.poll(() => focusedId(page)).toBe('pf-personId-change');
    await page.locator('#pf-employerId').selectOption({ label: `深圳市康乐按摩有限公司（${TENCENT}）` });
    await page.locator('#pf-startDate').fill('2026/8/20');
    await page.locator('#pf-monthlyWageFen').fill('3200.5元');
    await page.locator('#pf-contractType').selectOption({ label: '固定期限劳动合同' });
    await page.locator('#pf-insuranceType').selectOption({ label: '职工社会保险' });
    await page.locator('#pf-monthlyWageFen').press('Enter');
    await expect.poll(() => page.locator('#pf-monthlyWageFen-error').textContent()).toBe('金额应为元，最多两位小数');
    await expect.poll(() => focusedId(page)).toBe('pf-monthlyWageFen');
    await page.locator('#pf-monthlyWageFen').fill('3200.50');
    await page.locator('#pf-monthlyWageFen').press('Enter');
    await expect.poll(() => heading(page)).toBe('就业安置：王芳');
    // The confirmation stays once the address has moved to the new placement.
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/placements\/\d+$/);
    await expect.poll(() => page.locator('#placement-notice[role="status"]').textContent(), { timeout: 10_000 }).toBe('已登记，已按开始日期安排 3、6、12 个月回访');
    expect(await page.locator('#pf-startDate').inputValue()).toBe('2026-08-20');
    expect(await page.locator('#pf-monthlyWageFen').inputValue()).toBe('3200.50');
    const rows = page.locator('table.follow-ups tbody tr');
    await expect.poll(() => rows.allTextContents()).toHaveLength(3);
    expect((await rows.allTextContents()).map((r) => r.replace(/\s+/g, ' '))).toEqual([
      expect.stringContaining('满 3 个月2026-11-20已逾期'),
      expect.stringContaining('满 6 个月2027-02-20未到期'),
      expect.stringContaining('满 12 个月2027-08-20未到期'),
    ]);

    await tabTo(page, '记录结果：王芳满 3 个月回访');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toMatch(/^fu-\d+-doneOn$/);
    // The form reads top to bottom: its heading above the date, the date above 备注.
    const form = page.locator('form.follow-up-form');
    const top = async (selector: string) => (await form.locator(selector).first().boundingBox())!.y;
    expect(await form.locator('h3').textContent()).toBe('王芳满 3 个月回访');
    expect(await top('h3')).toBeLessThan(await top('input[id$="-doneOn"]'));
    expect(await top('input[id$="-doneOn"]')).toBeLessThan(await top('input[id$="-notes"]'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    // Choosing 仍在岗 reveals the wage field right after the choice.
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toMatch(/^fu-\d+-wageFen$/);
    await page.keyboard.type('3300');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#fu-title ~ div .status-line').textContent()).toBe('已记录王芳满 3 个月回访');
    expect(await rows.first().textContent()).toContain('2026-11-22 仍在岗，月工资 3,300.00 元');
    await checkScreen(page, 'training-08-placement');
  });

  it('flags overlapping full-time placements in the list', async () => {
    await apiCall(host, 'training.placements.create', { personId: people['王芳'], placementType: 'self_employed', startDate: '2026-10-01', fullTime: true });
    await page.getByRole('link', { name: '返回就业安置列表' }).click();
    await expect.poll(() => heading(page)).toBe('就业安置');
    await expect.poll(() => page.locator('.count').textContent()).toBe('共 2 条');
    const flags = await page.locator('table.placements tbody tr td:last-child').allTextContents();
    expect(flags).toEqual(['与其他全职安置时间重叠', '与其他全职安置时间重叠']);
    await checkScreen(page, 'training-09-placements');
  });

  it('lists follow-ups overdue and due soon, and records an outcome there', async () => {
    const employers = await apiCall<{ id: number }[]>(host, 'training.employers.list', {});
    await apiCall(host, 'training.placements.create', { personId: people['李强'], placementType: 'assisted', employerId: employers[0]!.id, startDate: '2026-05-10', fullTime: false });
    await apiCall(host, 'training.placements.create', { personId: people['张伟'], placementType: 'public_welfare', employerId: employers[0]!.id, startDate: '2026-09-01', fullTime: true });

    await page.getByRole('link', { name: '跟踪回访' }).click();
    await expect.poll(() => heading(page)).toBe('就业跟踪问效');
    await expect.poll(() => page.locator('#fu-overdue').textContent()).toBe('已逾期（2 条）');
    expect(await page.locator('#fu-due').textContent()).toBe('一个月内到期（1 条）');
    await checkScreen(page, 'training-10-follow-ups');

    await tabTo(page, '记录结果：李强满 6 个月回访');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.type('回乡务农');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#fu-overdue').textContent()).toBe('已逾期（1 条）');
    // Focus went on to the next follow-up still to record, not lost.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('记录结果：李强满 3 个月回访');
  });

  it('shows the figures with charts and their tables', async () => {
    await page.getByRole('link', { name: '统计图表' }).click();
    await expect.poll(() => heading(page)).toBe('培训就业统计');
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('结业率25%');
    const facts = (await page.locator('dl.facts').textContent())!;
    expect(facts).toContain('培训人次4');
    expect(facts).toContain('获证数1');
    expect(facts).toContain('就业安置4');
    expect(facts).toContain('6 个月稳定就业率0%');
    const course = page.getByRole('figure', { name: '各课程类别培训与结业人次' });
    await course.getByText('查看数据表').click();
    expect(await course.locator('tbody tr').first().textContent()).toBe('盲人保健按摩411');
    await checkScreen(page, 'training-11-figures');
  });

  it('adds a course type with its own minimum in the settings', async () => {
    await page.getByRole('link', { name: '培训设置' }).click();
    await expect.poll(() => heading(page)).toBe('培训设置');
    await page.locator('#set-new-name').fill('直播电商');
    await page.locator('#set-new-min').fill('120');
    await page.locator('#set-new-min').press('Enter');
    await expect.poll(() => page.locator('#set-new-min-error').textContent()).toBe('请填写 1 到 100 之间的整数');
    await page.locator('#set-new-min').fill('90');
    await page.locator('#set-new-min').press('Enter');
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('已新增课程类别“直播电商”');
    expect(await page.locator('table.settings tbody').textContent()).toContain('直播电商（自定义）90%');
    await checkScreen(page, 'training-12-settings');
  });

  it('imports a roster with a preview, exports the rows with problems, and writes the rest on confirmation', async () => {
    const roster = path.join(tmp.dir, '学员名单.xlsx');
    fs.writeFileSync(roster, await rosterXlsx(40));
    const expected = expectedCounts(40);
    // Nobody in this file is registered yet, so every importable row makes a new record.
    const valid = expected.newPeople + expected.existingPeople;
    await page.getByRole('link', { name: '名单导入' }).click();
    await expect.poll(() => heading(page)).toBe('名单导入');
    await page.locator('#imp-file').setInputFiles(roster);
    await page.getByRole('button', { name: '读取并预览' }).click();
    await expect
      .poll(() => page.locator('#imp-summary').textContent())
      .toBe(`“学员名单.xlsx”共 40 行：可导入 ${valid} 行（新建档案 ${valid} 人，已在档案中 0 人），有问题 ${expected.invalid} 行。`);
    await expect.poll(() => focusedId(page)).toBe('imp-summary');
    await page.getByRole('combobox', { name: '显示' }).selectOption({ label: '有问题的行' });
    await expect.poll(() => page.locator('#imp-caption').textContent()).toBe(`预览：第 1–${expected.invalid} 行，共 ${expected.invalid} 行`);
    expect(await page.locator('table.preview tbody tr').first().textContent()).toContain('身份证号：身份证号校验位错误');
    await checkScreen(page, 'training-13-import-preview');

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: `导出有问题的 ${expected.invalid} 行（CSV）` }).click();
    const download = await downloading;
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(lines[0]).toEqual(['序号', '姓名', '身份证号', '户籍', '联系电话', '原行号', '问题原因']);
    expect(lines).toHaveLength(expected.invalid + 1);
    expect(lines.some((l) => l.at(-1)!.includes('身份证号：与第 6 行的身份证号重复'))).toBe(true);

    await page.getByRole('button', { name: `确认导入 ${valid} 行` }).click();
    await expect.poll(() => page.locator('#imp-done').textContent()).toMatch(new RegExp(`^导入完成：新建档案 ${valid} 人，沿用已有档案 0 人，报名 0 人`));
    // How long it took is said in seconds people read, not milliseconds.
    expect((await page.locator('#imp-done').textContent())!.trim()).toMatch(/写入用时(不到 1 秒|约 \d+ 秒|约 \d+ 分 \d+ 秒)。$/);
    expect(await page.locator('#imp-summary ~ p.hint').first().textContent()).toMatch(/读取和检查用时(不到 1 秒|约 \d+ 秒|约 \d+ 分 \d+ 秒)。/);
    await checkScreen(page, 'training-14-import-done');
  });

  it('imports a 5,000-row file through the screen and reports the times', async () => {
    const roster = path.join(tmp.dir, '五千人名单.xlsx');
    fs.writeFileSync(roster, await rosterXlsx(5000));
    const expected = expectedCounts(5000);
    await page.getByRole('link', { name: '培训班' }).click();
    await page.getByRole('link', { name: '名单导入' }).click();
    await expect.poll(() => heading(page)).toBe('名单导入');
    await page.locator('#imp-file').setInputFiles(roster);
    const startedAt = Date.now();
    await page.getByRole('button', { name: '读取并预览' }).click();
    // The first 40 rows were imported above: those people are now reused, not duplicated.
    const valid = expected.newPeople + expected.existingPeople;
    const c40 = expectedCounts(40);
    const reused = c40.newPeople + c40.existingPeople;
    await expect
      .poll(() => page.locator('#imp-summary').textContent(), { timeout: 60_000 })
      .toBe(`“五千人名单.xlsx”共 5000 行：可导入 ${valid} 行（新建档案 ${valid - reused} 人，已在档案中 ${reused} 人），有问题 ${expected.invalid} 行。`);
    const previewMs = Date.now() - startedAt;
    const commitAt = Date.now();
    await page.getByRole('button', { name: `确认导入 ${valid} 行` }).click();
    await expect.poll(() => page.locator('#imp-done').textContent(), { timeout: 60_000 }).toContain(`新建档案 ${valid - reused} 人，沿用已有档案 ${reused} 人`);
    const importMs = Date.now() - commitAt;
    console.log(`5,000-row xlsx through the browser: preview ${previewMs} ms, import ${importMs} ms (${await page.locator('#imp-done').textContent()})`);
    const register = await apiCall<{ total: number }>(host, 'people.search', { limit: 1 });
    expect(register.total).toBe(5 + valid);
  });

  it('reads a 花名册 with a title and footer rows, and lets a column the headers do not name be mapped by hand', async () => {
    const issue = path.join(tmp.dir, '花名册.xlsx');
    fs.writeFileSync(issue, await issueRoster());
    await page.getByRole('link', { name: '培训班' }).click();
    await page.getByRole('link', { name: '名单导入' }).click();
    await expect.poll(() => heading(page)).toBe('名单导入');
    await page.locator('#imp-file').setInputFiles(issue);
    await page.getByRole('button', { name: '读取并预览' }).click();
    await expect.poll(() => page.locator('#imp-summary').textContent()).toBe('“花名册.xlsx”共 2 行：可导入 2 行（新建档案 2 人，已在档案中 0 人），有问题 0 行。');
    expect(await page.locator('section.skipped h3').textContent()).toBe('跳过的行（3 行，不导入）');
    const skipped = await page.locator('section.skipped tbody tr').allTextContents();
    expect(skipped).toEqual(['1表名2026年第一期盲人保健按摩培训班学员花名册', '5表尾（合计、填表人、日期、盖章等）合计 2人', '6表尾（合计、填表人、日期、盖章等）填表人：王芳　　填表日期：2026年11月20日']);
    await checkScreen(page, 'training-15-import-office-file');

    // 学员 is no header the import knows: the preview asks for the name column, the user maps it.
    const unnamed = path.join(tmp.dir, '学员名单（单位）.xlsx');
    fs.writeFileSync(unnamed, await blankColumnsRoster());
    await page.locator('#imp-file').setInputFiles(unnamed);
    await page.getByRole('button', { name: '读取并预览' }).click();
    await expect.poll(() => page.locator('#imp-missing').textContent()).toContain('还缺少必需的列：姓名');
    await page.getByRole('combobox', { name: '“学员”列' }).selectOption({ label: '姓名' });
    await page.getByRole('combobox', { name: '“有效期至”列' }).selectOption({ label: '不导入' });
    await checkScreen(page, 'training-16-import-mapping');
    await page.getByRole('button', { name: '按此对应重新检查' }).click();
    await expect.poll(() => page.locator('#imp-summary').textContent()).toBe('“学员名单（单位）.xlsx”共 2 行：可导入 2 行（新建档案 2 人，已在档案中 0 人），有问题 0 行。');
    await expect.poll(() => focusedId(page)).toBe('imp-summary');
    await page.getByRole('button', { name: '确认导入 2 行' }).click();
    await expect.poll(() => page.locator('#imp-done').textContent()).toMatch(/^导入完成：新建档案 2 人/);

    // The same headers again: the mapping is remembered.
    await page.locator('#imp-file').setInputFiles(unnamed);
    await page.getByRole('button', { name: '读取并预览' }).click();
    await expect.poll(() => page.locator('#imp-summary').textContent()).toBe('“学员名单（单位）.xlsx”共 2 行：可导入 2 行（新建档案 0 人，已在档案中 2 人），有问题 0 行。');
    expect(await page.getByText('已沿用以前为相同表头指定的列对应。').count()).toBe(1);
  });

  it('speaks English for the same refusal', async () => {
    await page.goto(`${origin}/#/training/classes/${classId}`);
    await expect.poll(() => heading(page)).toBe(`培训班：${CLASS_TITLE}`);
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => heading(page)).toBe(`Class: ${CLASS_TITLE}`);
    await page.getByRole('button', { name: 'Complete: 李强' }).click();
    await expect
      .poll(() => page.locator('#roster-title ~ [role="alert"]').textContent())
      .toBe('李强 attended 33.3% (2 of 6 days), below the 80% this class requires; cannot complete');
    await checkScreen(page, 'training-15-english');
    await page.getByRole('button', { name: /中文/ }).click();
    await expect.poll(() => heading(page)).toBe(`培训班：${CLASS_TITLE}`);
  });

  it('registers a job seeker and places them under 农村种养加, after which they leave the list', async () => {
    await page.goto(`${origin}/#/training/job-seekers`);
    await expect.poll(() => heading(page)).toBe('求职登记');
    // By ID number: the roster imports above brought in others of the same name.
    await page.locator('#js-personId').fill(makeId('1990-07-07', 24, '320106'));
    await page.locator('#js-personId').press('Enter');
    await expect.poll(() => focusedId(page)).toBe('js-personId-change');
    // Saving without a reason names the field and moves there.
    await page.getByRole('button', { name: '保存求职登记' }).click();
    await expect.poll(() => page.locator('#js-reason-error').textContent()).toBe('此项必填');
    await page.locator('#js-reason').selectOption({ label: '毕业后未工作' });
    await page.locator('#js-trainingWanted').fill('种植养殖技术');
    await page.locator('#js-lastContact').fill('2026-11-20');
    await page.locator('#js-lastContact').press('Enter');
    await expect.poll(() => page.locator('.seeker-form .status-line').textContent()).toBe('已保存赵敏的求职登记');
    await expect.poll(() => page.locator('table.seekers tbody tr').allTextContents()).toEqual([expect.stringContaining('赵敏女，36 岁毕业后未工作是种植养殖技术2026-11-20')]);
    await checkScreen(page, 'training-17-job-seekers');

    await page.getByRole('link', { name: '为赵敏登记就业安置' }).click();
    await expect.poll(() => heading(page)).toBe('登记就业安置');
    await expect.poll(() => page.locator('#pf-personId-change').count()).toBe(1);
    await page.locator('#pf-placementType').selectOption({ label: '农村种养加' });
    await page.locator('#pf-industry').selectOption({ label: '农、林、牧、渔业' });
    await page.locator('#pf-jobRoute').selectOption({ label: '残联推荐' });
    await page.locator('#pf-startDate').fill('2026-11-21');
    await page.locator('#pf-startDate').press('Enter');
    await expect.poll(() => heading(page)).toBe('就业安置：赵敏');
    expect(await page.locator('#pf-placementType').inputValue()).toBe('rural');
    await checkScreen(page, 'training-18-placed-rural');

    await page.getByRole('navigation', { name: '培训就业' }).getByRole('link', { name: '求职登记' }).click();
    await expect.poll(() => heading(page)).toBe('求职登记');
    await expect.poll(() => page.locator('main p[role="status"]').first().textContent()).toBe('名单中 0 人');
  });

  it('shows an employer above quota with its reward, and the reward becomes a line of a training claim', async () => {
    await page.getByRole('navigation', { name: '培训就业' }).getByRole('link', { name: '用人单位' }).click();
    await expect.poll(() => heading(page)).toBe('用人单位');
    // The Alxa standard: 5× the local monthly minimum wage (1,980 yuan) per extra person.
    await page.locator('#es-rewardMultiple').fill('5');
    await page.locator('#es-rewardMultiple-from').fill('2026-01-01');
    await page.locator('#es-rewardMultiple-from').press('Enter');
    await expect.poll(() => page.locator('.settings-panel .status-line').textContent()).toBe('已保存超比例奖励倍数');
    await page.locator('#es-minimumWageFen').fill('1980');
    await page.locator('#es-minimumWageFen-from').fill('2026-01-01');
    await page.locator('#es-minimumWageFen-from').press('Enter');
    await expect.poll(() => page.locator('.settings-panel .status-line').textContent()).toBe('已保存当地月最低工资标准');

    await page.getByRole('button', { name: '按比例就业情况：深圳市康乐按摩有限公司' }).click();
    await expect.poll(() => focusedId(page)).toBe('ey-title');
    await page.locator('#ey-staffCount').fill('150');
    await page.locator('#ey-disabledEmployees').fill('4');
    await page.locator('#ey-assessedOn').fill('2026-11-10');
    await page.locator('#ey-assessedOn').press('Enter');
    await expect.poll(() => page.locator('.employer-years .status-line').textContent()).toBe('已保存 2026 年数据：超过比例');
    // 150 × 1.5% = 2.25 required; 4 counted is 1.75 over: 1 whole extra person, 1,980 × 5 = 9,900 yuan.
    expect(await page.locator('table.years tbody tr').first().textContent()).toBe('20261504 人（一、二级 0 人），计 4 人1.5%2.25超过比例每人 9,900.00 元 × 1 人 = 9,900.00 元修改');
    await checkScreen(page, 'training-19-employer-quota');

    // A Dezhou-style award for an entrepreneur, claimed in the same month.
    await page.getByRole('navigation', { name: '培训就业' }).getByRole('link', { name: '创业扶持' }).click();
    await expect.poll(() => heading(page)).toBe('创业扶持与奖励');
    await page.locator('#en-person').fill(makeId('1995-05-05', 28, '320106'));
    await page.locator('#en-person').press('Enter');
    await expect.poll(() => focusedId(page)).toBe('en-person-change');
    await page.locator('#en-date').fill('2026-11-05');
    await page.locator('#en-amount').fill('5000');
    await page.locator('#en-text').fill('2026年自主创业标兵');
    await page.locator('#en-text').press('Enter');
    await expect.poll(() => page.locator('.entry-form .status-line').textContent()).toBe('已为陈静登记奖励');
    expect(await page.locator('table.entries tbody tr').first().textContent()).toBe('2026-11-05陈静奖励自主创业标兵5,000.00 元2026年自主创业标兵');
    await checkScreen(page, 'training-20-entrepreneurs');

    const batch = await apiCall<{ id: number }>(host, 'claims.batches.create', { programme: 'training', period: '2026-11' });
    await page.goto(`${origin}/#/claims/batches/${batch.id}`);
    const lines = page.locator('tbody tr').filter({ hasText: '奖励' });
    await expect.poll(() => lines.count()).toBe(2);
    const texts = (await lines.allTextContents()).join('\n');
    // The extra person is the employer's latest placed worker with a disability (张伟, from 1 September).
    expect(texts).toMatch(/张伟.*超比例安排残疾人就业奖励 — 深圳市康乐按摩有限公司.*9,900\.00 元/);
    expect(texts).toMatch(/陈静.*残疾人创业奖励 — 2026年自主创业标兵.*5,000\.00 元/);
    await page.getByRole('button', { name: /张伟/ }).first().click();
    await expect.poll(() => page.locator('main').textContent()).toContain('2026 年在职职工 150 人，按 1.5% 应安排 2.25 人，实际计入 4 人，超比例 1 人');
    await checkScreen(page, 'training-21-claim-reward-line');
  });

  it('shows a class’s employment rate 6 months after completing, with the people behind it', async () => {
    const ids: number[] = [];
    for (const [name, birth, seq] of [
      ['孙丽', '1991-03-03', 42],
      ['周强', '1987-06-06', 43],
    ] as const) {
      ids.push((await apiCall<{ id: number }>(host, 'people.create', { name, idNumber: makeId(birth, seq, '320106'), household: 'rural' })).id);
    }
    const klass = await apiCall<ClassDetail>(host, 'training.classes.create', {
      courseType: 'practical',
      title: '2026年种养技术培训班',
      startDate: '2026-03-02',
      endDate: '2026-03-31',
      totalHours: 40,
      capacity: 10,
      cycle: 'short',
      provider: '县农业技术推广中心',
      industry: 'A',
    });
    let detail = klass;
    for (const personId of ids) detail = await apiCall<ClassDetail>(host, 'training.enrol', { classId: klass.id, personId });
    await apiCall(host, 'training.attendance.save', {
      classId: klass.id,
      date: '2026-03-02',
      hours: 8,
      marks: detail.trainees.map((x) => ({ enrolmentId: x.enrolmentId, status: 'present' })),
    });
    for (const x of detail.trainees) await apiCall(host, 'training.completion.set', { enrolmentId: x.enrolmentId, completedOn: '2026-03-31' });
    // 孙丽 is in work from 1 August (within 6 months of 31 March); 周强 is not.
    await apiCall(host, 'training.placements.create', { personId: ids[0], placementType: 'rural', startDate: '2026-08-01', fullTime: true });

    await page.goto(`${origin}/#/training/classes/${klass.id}`);
    await expect.poll(() => heading(page)).toBe('培训班：2026年种养技术培训班');
    const sixMonths = page.locator('table.outcomes tbody tr').filter({ hasText: '满 6 个月' });
    await expect.poll(() => sixMonths.textContent()).toBe('满 6 个月50%2 人中 1 人在岗，0 人未到期孙丽周强');
    expect(await page.locator('table.outcomes tbody tr').filter({ hasText: '满 12 个月' }).textContent()).toBe('满 12 个月暂无0 人中 0 人在岗，2 人未到期——');
    await checkScreen(page, 'training-22-class-outcomes');
  });

  it('raised no console errors or CSP violations', () => {
    expect(errors).toEqual([]);
  });
});

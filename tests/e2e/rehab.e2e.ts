// Child rehab end to end: the real UI in Chromium, the real browser host, a real SQLite file.
// A therapist logs a whole day of 20 children by keyboard; keystrokes and time are reported.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, tabTo, useE2E, watchErrors, type AppHost } from './harness';
import { makeId } from '../support/ids';

// Chromium, hosts, pages and the temp folder: started and cleaned up by the shared fixture.
const e2e = useE2E();
const tmp = e2e.tmp;

const NAMES = ['王小明', '李思远', '张欣怡', '刘子涵', '陈浩然', '杨雨桐', '黄一诺', '赵梓萱', '吴俊杰', '周可馨', '徐天佑', '孙语嫣', '马博文', '朱梦琪', '胡宇航', '郭佳怡', '何泽宇', '高诗涵', '林一鸣', '罗安琪'];
const CATEGORIES = ['autism', 'intellectual', 'physical', 'hearing', 'speech'] as const;
const DAY = '2026-11-20'; // a Friday; the host's today is Sunday 2026-11-22
const time = (k: number) => {
  const minute = 8 * 60 + k * 25;
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
};

/** How the therapist logs each child of the day (index = place in the day, by time). */
const PLAN: Record<number, 'absent' | 'leave' | 'note' | 'type'> = { 3: 'absent', 5: 'note', 8: 'leave', 11: 'type' };
/** The group session afterwards: these children, with this attendance. */
const GROUP: [number, 'present' | 'absent'][] = [
  [3, 'present'],
  [8, 'absent'],
  [10, 'present'],
];

const heading = (page: Page) => page.locator('main h1').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('child rehab', () => {
  const file = path.join(tmp.dir, 'centre.sqlite');
  let host: AppHost;
  let page: Page;
  let errors: string[];
  let keys = 0;
  const press = async (key: string) => {
    keys += 1;
    await page.keyboard.press(key);
  };
  const type = async (text: string) => {
    keys += [...text].length;
    await page.keyboard.type(text);
  };

  beforeAll(async () => {
    host = await e2e.startHost(file);
    page = await e2e.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    errors = watchErrors(page);
    // The register already holds the children (the people area's job); 19 are in the programme.
    for (const [k, name] of NAMES.entries()) {
      const idNumber = makeId(`202${1 + (k % 4)}-0${1 + (k % 9)}-1${k % 10}`, 11 + k * 2, '320105');
      await apiCall(host, 'people.create', { name, idNumber, household: k % 2 ? 'rural' : 'urban', guardianName: '家长' });
    }
    await apiCall(host, 'people.create', { name: '超龄儿', idNumber: makeId('2019-10-01', 71, '320105'), household: 'urban', guardianName: '家长' });
  });

  it('adds a therapist on the rehab settings screen', async () => {
    await openApp(page, host);
    await page.getByRole('link', { name: '儿童康复' }).click();
    await expect.poll(() => heading(page)).toBe('今日训练');
    // No therapists yet: the screen says what to do next, not an error.
    await expect.poll(() => page.locator('.banner-next').textContent()).toContain('还没有治疗师');
    expect(await page.locator('.banner-error').count()).toBe(0);
    await page.getByRole('navigation', { name: '儿童康复栏目' }).getByRole('link', { name: '康复设置' }).click();
    await expect.poll(() => heading(page)).toBe('康复设置');
    await tabTo(page, '治疗师姓名');
    await page.keyboard.type('王老师');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('table').first().textContent()).toContain('王老师');
    await page.locator('#rs-therapist-name').fill('王老师');
    await page.locator('#rs-therapist-name').press('Enter');
    await expect.poll(() => page.locator('#rs-therapist-name-error').textContent()).toBe('已有名为“王老师”的治疗师');

    // Programme settings: the defaults are shown; bands out of order are refused at their field.
    expect(await page.locator('#rs-rehab-ageLimit').inputValue()).toBe('7');
    await page.locator('#rs-rehab-ageBands').fill('7,4');
    await page.locator('#rs-rehab-ageBands').press('Enter');
    await expect.poll(() => page.locator('#rs-rehab-ageBands-error').textContent()).toBe('年龄段起点应为从小到大的整数，如 4,7');
    await expect.poll(() => focusedId(page)).toBe('rs-rehab-ageBands');
    await page.locator('#rs-rehab-ageBands').fill('4，7');
    await page.locator('#rs-rehab-ageBands').press('Enter');
    await expect.poll(() => page.locator('form.form .status-line').textContent()).toBe('项目设置已保存');
    expect(await page.locator('#rs-rehab-ageBands').inputValue()).toBe('4,7');
    await checkScreen(page, 'rehab-01-settings');
  });

  it('refuses to enrol a child who is 7 on the start date, with the exact reason, at the start date', async () => {
    await page.getByRole('link', { name: '入训登记' }).click();
    await expect.poll(() => heading(page)).toBe('入训登记');
    await tabTo(page, '儿童');
    await page.keyboard.type('超龄儿');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.person-picker .derived').textContent()).toContain('超龄儿');
    await page.getByRole('combobox', { name: '康复类别' }).selectOption({ label: '智力' });
    await page.getByRole('combobox', { name: '责任治疗师' }).selectOption({ label: '王老师' });
    await page.locator('#en-startDate').press('Enter');
    const message = '该儿童在开始日期 2026-11-22 已满 7 周岁，超过康复救助年龄上限（开始日期须未满 7 周岁），不能登记入训';
    await expect.poll(() => page.locator('#en-startDate-error').textContent()).toBe(message);
    expect(await page.locator('#en-startDate').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#en-startDate').getAttribute('aria-describedby')).toContain('en-startDate-error');
    await expect.poll(() => focusedId(page)).toBe('en-startDate');
    await checkScreen(page, 'rehab-02-over-age');
  });

  it('enrols a child by keyboard and opens the child’s record', async () => {
    await page.locator('#en-personId-change').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type(NAMES[19]!);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.person-picker .derived').textContent()).toContain(NAMES[19]);
    await tabTo(page, '康复类别');
    for (let i = 0; i < 6; i += 1) await page.keyboard.press('ArrowDown'); // … 孤独症
    await tabTo(page, '开始日期');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-09-01');
    await tabTo(page, '训练时间');
    await page.keyboard.type(time(19));
    await tabTo(page, '每次时长（分钟）');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('20');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe(`${NAMES[19]} 的康复档案`);
    await expect.poll(() => page.locator('main').textContent()).toContain('2026-09-01 起 在训');
    await checkScreen(page, 'rehab-03-child-record');
  });

  it('logs a whole day of 20 children by keyboard alone', async () => {
    // The other 19 children were enrolled earlier (arranged through the API), each with goals.
    const therapists = await apiCall<{ id: number; name: string }[]>(host, 'rehab.therapists.list', {});
    const wang = therapists[0]!.id;
    for (let k = 0; k < 19; k += 1) {
      const people = await apiCall<{ rows: { id: number }[] }>(host, 'people.search', { q: NAMES[k] });
      const e = await apiCall<{ id: number }>(host, 'rehab.enrolments.create', {
        personId: people.rows[0]!.id,
        therapistId: wang,
        category: CATEGORIES[k % CATEGORIES.length],
        startDate: '2026-09-01',
        funding: 'relief',
        scheduleDays: '12345',
        scheduleTime: time(k),
        scheduleMinutes: 20,
      });
      await apiCall(host, 'rehab.goals.save', { enrolmentId: e.id, domain: 'language', goal: '能用两词句表达需求' });
    }

    await page.getByRole('link', { name: '今日训练' }).click();
    await expect.poll(() => heading(page)).toBe('今日训练');
    const started = Date.now();
    keys = 0;
    // The screen opens with focus on its heading; the therapist is the next stop.
    await press('Tab');
    await expect.poll(() => focusedId(page)).toBe('day-therapist');
    await press('ArrowDown'); // 请选择 → 王老师
    await press('Tab');
    await press('Control+A');
    await type(DAY);
    await press('Enter');
    await expect.poll(() => page.locator('.day-list .count').textContent()).toBe('共 20 名儿童，已记录 0 名');
    await press('Tab'); // 查看
    await press('Tab'); // the quick log: attendance, on 出勤
    await expect.poll(() => focusedId(page)).toBe('ql-attendance-present');
    await checkScreen(page, 'rehab-04-day-start');

    for (let k = 0; k < 20; k += 1) {
      await expect.poll(() => page.locator('#ql-title').textContent()).toBe(`记录训练：${NAMES[k]}`);
      expect(await page.locator('#ql-startTime').inputValue()).toBe(time(k));
      const how = PLAN[k];
      if (how === 'absent') await press('ArrowRight');
      if (how === 'leave') {
        await press('ArrowRight');
        await press('ArrowRight');
      }
      if (how === 'note') {
        await press('Tab');
        await type('配合良好');
      }
      if (how === 'type') {
        await press('Tab'); // 备注
        await press('Tab'); // 训练类型
        await press('ArrowDown');
        await press('Tab'); // 开始时间
      }
      await press('Enter');
      await expect.poll(() => page.locator('.status-line').first().textContent()).toContain(`已记录 ${NAMES[k]}：`);
      if (k === 9) await checkScreen(page, 'rehab-05-day-half');
    }
    const seconds = (Date.now() - started) / 1000;
    await expect.poll(() => page.locator('#day-all-done').textContent()).toBe('当天儿童已全部记录。');
    expect(await page.locator('.day-list .count').textContent()).toBe('共 20 名儿童，已记录 20 名');
    await expect.poll(() => focusedId(page)).toBe('day-all-done');
    const row = (k: number) => page.locator('.day-table tbody tr').nth(k).locator('td.sessions');
    expect(await row(3).textContent()).toContain(`${time(3)} 听觉言语 20 分钟 缺勤`); // 刘子涵: hearing
    expect(await row(5).textContent()).toContain('出勤：配合良好');
    expect(await row(8).textContent()).toContain('请假');
    await checkScreen(page, 'rehab-06-day-done');

    const report = { sessions: 20, keystrokes: keys, keystrokesPerSession: Math.round((keys / 20) * 100) / 100, seconds };
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync('test-results/rehab-day-keystrokes.json', JSON.stringify(report, null, 2));
    console.log('rehab day logging:', report);
    expect(keys).toBeLessThanOrEqual(60);
  });

  it('refuses an overlapping session, naming the other child and time, and saves nothing', async () => {
    await page.getByRole('button', { name: `记录${NAMES[0]}的训练` }).press('Enter');
    await expect.poll(() => focusedId(page)).toBe('ql-attendance-present');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // 开始时间
    await page.keyboard.press('Control+A');
    await page.keyboard.type('8:30');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#ql-startTime-error').textContent()).toBe(`与同一治疗师给${NAMES[1]}的训练（08:25–08:45）时间重叠`);
    await expect.poll(() => focusedId(page)).toBe('ql-startTime');
    expect(await page.locator('.day-list .count').textContent()).toBe('共 20 名儿童，已记录 20 名');
    await checkScreen(page, 'rehab-07-overlap');
  });

  it('logs a group session’s attendance in one action', async () => {
    await page.getByRole('button', { name: '小组课' }).press('Enter');
    await expect.poll(() => page.locator('#gs-title').count()).toBe(1);
    for (const [k, attendance] of GROUP) {
      await page.getByRole('checkbox', { name: NAMES[k] }).check();
      if (attendance === 'absent') await page.getByRole('combobox', { name: `${NAMES[k]} 的出勤` }).selectOption({ label: '缺勤' });
    }
    await page.locator('#gs-startTime').fill('16:30');
    await page.locator('#gs-type').selectOption({ label: '感统' });
    await page.getByRole('button', { name: '保存小组课（3 名儿童）' }).press('Enter');
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('已记录小组课：3 名儿童');
    expect(await page.locator('.day-table tbody tr').nth(8).locator('td.sessions').textContent()).toContain('16:30 感统 40 分钟 缺勤');
    await checkScreen(page, 'rehab-08-group');
  });

  it('shows the month summary with the numbers that were logged', async () => {
    await page.getByRole('link', { name: '月度统计' }).click();
    await expect.poll(() => heading(page)).toBe('月度统计');
    const figure = (label: string) => page.locator('dl.totals dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]').textContent();
    // From the plan: 20 day sessions (1 absent, 1 on leave) and a group of 3 (1 absent).
    const sessions = 20 + GROUP.length;
    const absent = 1 + GROUP.filter(([, a]) => a === 'absent').length;
    const present = sessions - absent - 1;
    const served = new Set([...Array.from({ length: 20 }, (_, k) => k).filter((k) => !PLAN[k] || PLAN[k] === 'note' || PLAN[k] === 'type'), ...GROUP.filter(([, a]) => a === 'present').map(([k]) => k)]);
    await expect.poll(() => figure('训练次数')).toBe(String(sessions));
    expect(await figure('出勤')).toBe(String(present));
    expect(await figure('缺勤')).toBe(String(absent));
    expect(await figure('请假')).toBe('1');
    expect(await figure('服务儿童')).toBe(String(served.size));
    // One day each, summed over the children: said on screen, so a total above the month's days is not a puzzle.
    expect(await figure('服务日')).toBe(`${served.size}（${served.size} 名儿童合计）`);
    expect(await page.locator('#sum-days-note').textContent()).toContain('当月合计是各儿童的服务日相加，所以可以多于当月的天数');
    expect(await figure('出勤率')).toBe(`${Math.round((present * 100) / sessions)}%`);
    // By category: the 20th child (enrolled on screen) is autism, like every fifth from the first.
    const autism = [...served].filter((k) => k === 19 || k % 5 === 0).length;
    const autismRow = page.locator('table.served tbody tr', { hasText: '孤独症' });
    expect(await autismRow.locator('td').last().textContent()).toBe(String(autism));
    expect(await page.locator('table.served tfoot td').last().textContent()).toBe(String(served.size));
    await checkScreen(page, 'rehab-09-summary');
  });

  it("shows a child's month as a calendar with the service day and the change history", async () => {
    await page.getByRole('link', { name: '在训儿童' }).click();
    await expect.poll(() => page.locator('.count').textContent()).toBe('共 20 名');
    await page.getByRole('link', { name: NAMES[3] }).click();
    await expect.poll(() => heading(page)).toBe(`${NAMES[3]} 的康复档案`);
    await expect.poll(() => page.locator('.month-counts').textContent()).toBe(
      '本月训练 2 次：出勤 1，缺勤 1，请假 0；服务日 1 天；出勤率 50%',
    );
    const cell = page.locator('table.calendar td.served');
    expect(await cell.count()).toBe(1);
    expect(await cell.textContent()).toContain('20');
    await checkScreen(page, 'rehab-10-child-month');
    // The long record opens with links to its parts; following one moves there.
    const parts = page.getByRole('navigation', { name: '本页各部分' });
    expect(await parts.getByRole('link').allTextContents()).toEqual(['出勤日历', '康复计划（训练目标）', '评估记录', '家长培训', '入训信息', '访视记录', '修改记录']);
    await parts.getByRole('link', { name: '访视记录' }).click();
    await expect.poll(() => focusedId(page), { timeout: 5_000 }).toBe('ce-sec-visits');
  });

  it('adds a goal and an assessment on the child record, showing progress since the last one', async () => {
    const [e] = await apiCall<{ id: number }[]>(host, 'rehab.enrolments.list', { q: NAMES[3] });
    await apiCall(host, 'rehab.assessments.create', {
      enrolmentId: e!.id,
      kind: 'intake',
      date: '2026-09-01',
      assessor: '李医生',
      tool: '听觉能力评估',
      scores: [{ domain: 'hearing', score: 40 }, { domain: 'language', score: 35 }],
    });
    await page.reload();
    await expect.poll(() => page.locator('article.assessment').count()).toBe(1);

    await page.locator('#goal-domain').selectOption({ label: '听觉' });
    await page.locator('#goal-goal').fill('完成林氏六音察觉');
    await page.locator('#goal-targetDate').fill('2027-02-28');
    await page.locator('#goal-targetDate').press('Enter');
    await expect.poll(() => page.locator('table.rehab-goals').textContent()).toContain('完成林氏六音察觉');

    await page.locator('#as-tool').fill('听觉能力评估');
    await page.locator('#as-assessor').fill('李医生');
    await page.locator('#as-scores-0-domain').selectOption({ label: '听觉' });
    await page.locator('#as-scores-0-score').fill('52');
    await page.getByRole('button', { name: '添加领域' }).click();
    await page.locator('#as-scores-1-domain').selectOption({ label: '听觉' });
    await page.locator('#as-scores-1-score').press('Enter');
    // Two problems at once: the second row repeats a domain and has neither score nor level.
    await expect.poll(() => page.locator('#as-scores-1-domain-error').textContent()).toBe('同一领域填写了两次');
    expect(await page.locator('#as-scores-1-score-error').textContent()).toBe('请填写得分或等级');
    await expect.poll(() => focusedId(page)).toBe('as-scores-1-domain');
    await page.locator('#as-scores-1-domain').selectOption({ label: '语言沟通' });
    await page.locator('#as-scores-1-score').fill('41.5');
    await page.locator('#as-scores-1-score').press('Enter');
    const latest = page.locator('article.assessment').first();
    await expect.poll(() => latest.locator('caption').textContent()).toBe('与 2026-09-01 的评估相比');
    expect(await latest.locator('tbody tr', { hasText: '听觉' }).locator('td').allTextContents()).toEqual(['40', '52 ', '+12']);
    expect(await latest.locator('tbody tr', { hasText: '语言沟通' }).locator('td').last().textContent()).toBe('+6.5');
    await expect.poll(() => page.getByRole('figure', { name: '评估得分变化（听觉能力评估）' }).count()).toBe(1);
    await checkScreen(page, 'rehab-11-child-plan');
  });

  it('discharges a child with a reason, which the record then shows', async () => {
    await page.locator('#ce-status').selectOption({ label: '结案' });
    await page.locator('#ce-statusDate').fill('2026-11-21');
    await page.locator('#ce-statusDate').press('Enter');
    await expect.poll(() => page.locator('#ce-dischargeReason-error').textContent()).toBe('结案时必须填写结案原因');
    await expect.poll(() => focusedId(page)).toBe('ce-dischargeReason');
    await page.locator('#ce-dischargeReason').fill('转入普通幼儿园');
    await page.locator('#ce-dischargeReason').press('Enter');
    await expect.poll(() => page.locator('main').textContent()).toContain('2026-11-21 起 结案（转入普通幼儿园）');
    expect(await page.locator('ol.history').textContent()).toContain('状态：在训 → 结案');
  });

  it('lists children due a home visit and records one', async () => {
    await page.getByRole('link', { name: '访视', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('访视');
    // Enrolled on 2026-09-01 and never visited: the third quarter went without a visit, so overdue
    // (each calendar quarter needs its own). The child discharged above counts from registration
    // now (today, this quarter): not due yet, the quarter's end being more than 30 days off.
    await expect.poll(() => page.locator('.count').textContent()).toBe('已逾期 19 人，30 天内到期 0 人');
    await page.getByRole('button', { name: `为${NAMES[0]}记录访视` }).click();
    // The visitor is the signed-in user unless changed.
    expect(await page.locator('#dv-visitor').inputValue()).toBe('系统管理员');
    await page.locator('#dv-visitor').fill('王老师');
    await page.locator('#dv-note').fill('家庭训练指导');
    await page.locator('#dv-note').press('Enter');
    await expect.poll(() => page.locator('#visits-notice').textContent()).toBe(`已记录对 ${NAMES[0]} 的访视`);
    await expect.poll(() => page.locator('.count').textContent()).toBe('已逾期 18 人，30 天内到期 0 人');
    // The form is for anyone on the register again, the visitor being the signed-in user.
    expect(await page.getByRole('searchbox', { name: '访视对象' }).count()).toBe(1);
    expect(await page.locator('#dv-visitor').inputValue()).toBe('系统管理员');
    await checkScreen(page, 'rehab-12-visits');

    // On the child's record the visits read newest first, whatever order they were entered in.
    const [child] = await apiCall<{ personId: number }[]>(host, 'rehab.enrolments.list', { q: NAMES[0] });
    await apiCall(host, 'rehab.visits.create', { personId: child!.personId, date: '2026-10-10', visitor: '李老师', note: '' });
    await page.getByRole('link', { name: '在训儿童' }).click();
    await page.getByRole('link', { name: NAMES[0] }).click();
    await expect.poll(() => heading(page)).toBe(`${NAMES[0]} 的康复档案`);
    await expect.poll(() => page.locator('ul.visits li').allTextContents(), { timeout: 10_000 }).toEqual(['2026-11-22 王老师：家庭训练指导', '2026-10-10 李老师']);
  });

  it('speaks English when switched', async () => {
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('link', { name: "Today's sessions" }).click();
    await expect.poll(() => heading(page)).toBe("Today's sessions");
    await page.getByRole('textbox', { name: 'Date' }).fill(DAY);
    await page.getByRole('textbox', { name: 'Date' }).press('Enter');
    // Discharged on the 21st, the child still belongs to the 20th.
    await expect.poll(() => page.locator('.day-list .count').textContent()).toBe('20 children, 20 logged');
    await checkScreen(page, 'rehab-13-day-english');
    await page.getByRole('button', { name: /中文/ }).click();
    await expect.poll(() => heading(page)).toBe('今日训练');
  });

  it('raised no console errors or CSP violations', () => {
    expect(errors).toEqual([]);
  });
});

// 精准康复 end to end: a screened child with a hospital's diagnosis certificate is enrolled for relief
// before any disability certificate, gets a plan confirmed by her guardian, home sessions and a
// parent-training record, and is transferred to another centre as a file that centre imports (and
// refuses once altered); the indicators screen shows the rates that follow. The real UI in
// Chromium, the real browser host, real SQLite files; today is 2026-11-22.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, checkScreen, openApp, useE2E, watchErrors, type AppHost } from './harness';
import { makeId } from '../support/ids';
import { creditCodeCheckChar } from '../../db/training/rules';

const e2e = useE2E();
const tmp = e2e.tmp;

const heading = (page: Page) => page.locator('main h1').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const code = (n: number, region: string) => {
  const first17 = `12${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
};
const CHILD = '林小雨';

describe('targeted rehab (精准康复)', () => {
  const fileA = path.join(tmp.dir, 'centre-a.sqlite');
  const fileB = path.join(tmp.dir, 'centre-b.sqlite');
  let host: AppHost;
  let page: Page;
  let errors: string[];
  let childId = 0;
  let therapistId = 0;
  let enrolmentId = 0;
  let transferPath = '';

  beforeAll(async () => {
    host = await e2e.startHost(fileA);
    await apiCall(host, 'returns.centre.save', { name: '玄武区残疾人康复中心', type: 'rehab_institution', creditCode: code(71, '320102'), regionCode: '320102' });
    therapistId = (await apiCall<{ id: number }>(host, 'rehab.therapists.save', { name: '周老师' })).id;
    // The child is on the register with her guardian; she has no disability certificate yet.
    childId = (
      await apiCall<{ id: number }>(host, 'people.create', {
        name: CHILD,
        idNumber: makeId('2022-03-15', 42, '320102'),
        household: 'urban',
        guardianName: '林妈妈',
        guardianPhone: '13912345678',
        guardianRelation: '母亲',
      })
    ).id;
    page = await e2e.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    errors = watchErrors(page);
  });

  it('records the screening, the hospital’s diagnosis and the need, refusing a screening without the suspected disability', async () => {
    await openApp(page, host);
    await page.getByRole('link', { name: '精准康复' }).click();
    await expect.poll(() => heading(page)).toBe('需求与一人一案');
    await page.locator('#needs-person').fill(CHILD);
    await page.locator('#needs-person').press('Enter');
    await page.getByRole('link', { name: `打开 ${CHILD} 的精准康复档案` }).click();
    await expect.poll(() => heading(page)).toBe(`精准康复档案：${CHILD}`);
    expect(page.url()).toContain(`#/needs/people/${childId}`);
    expect(await page.locator('main').textContent()).toContain('尚无残疾人证');
    await checkScreen(page, 'needs-01-person');

    // A screening: "suspected" needs the suspected disability; the error is tied to its field.
    await page.locator('#scr-screenedOn').fill('2026-08-05');
    await page.locator('#scr-screener').fill('玄武区妇幼保健院');
    await page.getByRole('button', { name: '记录筛查' }).click();
    await expect.poll(() => page.locator('#scr-suspected-error').textContent()).toBe('筛查结果为疑似或转诊时，须选择疑似残疾类别');
    expect(await page.locator('#scr-suspected').getAttribute('aria-describedby')).toContain('scr-suspected-error');
    await expect.poll(() => focusedId(page)).toBe('scr-suspected');
    await page.locator('#scr-suspected').selectOption({ label: '孤独症' });
    await page.getByRole('button', { name: '记录筛查' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('2026-08-05 玄武区妇幼保健院：疑似残疾（孤独症）');

    await page.locator('#dia-hospital').fill('南京市儿童医院');
    await page.locator('#dia-diagnosedOn').fill('2026-08-20');
    await page.locator('#dia-diagnosis').fill('孤独症谱系障碍');
    await page.locator('#dia-category').selectOption({ label: '孤独症' });
    await page.getByRole('button', { name: '记录诊断证明' }).click();
    await expect.poll(() => page.locator('.diagnoses').textContent()).toContain('2026-08-20 南京市儿童医院：孤独症谱系障碍（孤独症）');
    expect(await page.locator('.diagnoses').textContent()).toContain('尚未关联残疾人证；可凭诊断证明申请康复救助');

    await page.locator('#need-kind').selectOption({ label: '康复' });
    await page.locator('#need-service').selectOption({ label: '康复训练' });
    await page.locator('#need-source').selectOption({ label: '筛查' });
    await page.locator('#need-recordedOn').fill('2026-08-20');
    await page.getByRole('button', { name: '登记需求', exact: true }).click();
    await expect.poll(() => page.locator('.needs-table').textContent()).toContain('康复：康复训练');
    expect(await page.locator('.needs-table').textContent()).toContain('待满足');
    await checkScreen(page, 'needs-02-screened-diagnosed');
  });

  it('enrols the child for relief on the diagnosis, before any disability certificate', async () => {
    await page.getByRole('link', { name: '儿童康复' }).click();
    await page.getByRole('link', { name: '入训登记' }).click();
    await expect.poll(() => heading(page)).toBe('入训登记');
    await page.locator('#en-personId').fill(CHILD);
    await page.locator('#en-personId').press('Enter');
    await expect.poll(() => page.locator('.person-picker .derived').textContent()).toContain(CHILD);
    await page.locator('#en-category').selectOption({ label: '孤独症' });
    await page.locator('#en-startDate').fill('2026-09-01');
    await page.locator('#en-funding').selectOption({ label: '救助' });
    await page.locator('#en-therapistId').selectOption({ label: '周老师' });
    await page.locator('#en-startDate').press('Enter');
    await expect.poll(() => heading(page)).toBe(`${CHILD} 的康复档案`);
    await expect.poll(() => page.locator('main').textContent()).toContain('2026-09-01 起 在训');
    const enrolments = await apiCall<{ id: number; funding: string }[]>(host, 'rehab.enrolments.list', { q: CHILD });
    expect(enrolments.map((e) => e.funding)).toEqual(['relief']);
    enrolmentId = enrolments[0]!.id;
  });

  it('makes one plan for her, confirmed by her guardian', async () => {
    await page.getByRole('link', { name: '精准康复档案（需求、一人一案、转介）' }).click();
    await expect.poll(() => heading(page)).toBe(`精准康复档案：${CHILD}`);
    await page.locator('#plan-madeOn').fill('2026-09-01');
    await page.locator('#plan-item-0-area').selectOption({ label: '康复' });
    await page.locator('#plan-item-0-service').fill('孤独症 ABA 训练，每周三次，其中两次送康复上门');
    await page.locator('#plan-item-0-need').selectOption({ label: '2026-08-20 康复：康复训练' });
    await page.getByRole('button', { name: '添加一项服务' }).click();
    await expect.poll(() => focusedId(page)).toBe('plan-item-1-area');
    await page.locator('#plan-item-1-area').selectOption({ label: '辅助器具' });
    await page.locator('#plan-item-1-service').fill('评估是否需要沟通辅具');
    await page.locator('#plan-confirmedBy').fill('林妈妈');
    await page.locator('#plan-reviewOn').fill('2027-03-01');
    await page.getByRole('button', { name: '保存一人一案' }).click();
    // Naming the confirmer without the role and date is refused, each at its own field.
    await expect.poll(() => page.locator('#plan-confirmedRole-error').textContent()).toBe('此项必填');
    expect(await page.locator('#plan-confirmedOn-error').textContent()).toBe('此项必填');
    await expect.poll(() => focusedId(page)).toBe('plan-confirmedRole');
    await checkScreen(page, 'needs-03-plan-errors');
    await page.locator('#plan-confirmedRole').selectOption({ label: '监护人' });
    await page.locator('#plan-confirmedOn').fill('2026-09-02');
    await page.getByRole('button', { name: '保存一人一案' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('第 1 版，2026-09-01 制定；已由监护人林妈妈于 2026-09-02 确认');
  });

  it('logs a session at home from the day view and a parent-training record on her file', async () => {
    await page.getByRole('link', { name: '儿童康复' }).click();
    await expect.poll(() => heading(page)).toBe('今日训练');
    await page.locator('#day-therapist').selectOption({ label: '周老师' });
    await page.locator('#day-date').fill('2026-11-20');
    await page.locator('#day-date').press('Enter');
    await expect.poll(() => page.locator('#ql-title').textContent()).toBe(`记录训练：${CHILD}`);
    await page.locator('#ql-startTime').fill('15:00');
    await page.locator('#ql-location').selectOption({ label: '送康复上门' });
    await page.locator('#ql-note').fill('在家中训练');
    await page.locator('#ql-note').press('Enter');
    await expect.poll(() => page.locator('.day-table').textContent()).toContain('15:00 孤独症干预/ABA 40 分钟 出勤 · 送康复上门：在家中训练');
    await checkScreen(page, 'needs-04-home-session');
    // A second home visit and one at the centre, logged earlier in the month.
    await apiCall(host, 'rehab.sessions.log', { enrolmentId, therapistId, date: '2026-11-13', startTime: '15:00', minutes: 40, type: 'aba', attendance: 'present', location: 'home' });
    await apiCall(host, 'rehab.sessions.log', { enrolmentId, therapistId, date: '2026-11-16', startTime: '09:00', minutes: 40, type: 'aba', attendance: 'present' });

    await page.getByRole('link', { name: CHILD }).click();
    await expect.poll(() => heading(page)).toBe(`${CHILD} 的康复档案`);
    expect(await page.locator('#pt-parent').inputValue()).toBe('林妈妈');
    await page.locator('#pt-date').fill('2026-11-18');
    await page.locator('#pt-topic').fill('家庭中的结构化教学');
    await page.locator('#pt-hours').fill('1.5');
    await page.getByRole('button', { name: '记录家长培训' }).click();
    await expect.poll(() => page.locator('.parent-training').textContent()).toContain('2026-11-18 林妈妈：家庭中的结构化教学（1.5 小时）');
    await checkScreen(page, 'needs-05-parent-training');
  });

  it('transfers her rehab record to another centre, which imports it and refuses an altered copy', async () => {
    await page.getByRole('link', { name: '精准康复档案（需求、一人一案、转介）' }).click();
    await expect.poll(() => heading(page)).toBe(`精准康复档案：${CHILD}`);
    await page.locator('#tr-toCentre').fill('鼓楼区康复中心');
    await page.locator('#tr-reason').fill('随家迁居鼓楼区');
    await page.getByRole('button', { name: '生成转出档案' }).click();
    await expect.poll(() => page.locator('#tr-path').count()).toBe(1);
    transferPath = ((await page.locator('#tr-path').textContent()) ?? '').replace('保存位置：', '').trim();
    expect(fs.existsSync(transferPath)).toBe(true);
    await expect.poll(() => page.locator('.referrals').textContent()).toContain('2026-11-22 转出 鼓楼区康复中心：随家迁居鼓楼区（待接收）');
    await checkScreen(page, 'needs-06-transfer-out');

    const other = await e2e.startHost(fileB);
    const pageB = await e2e.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    const errorsB = watchErrors(pageB);
    await openApp(pageB, other);
    await pageB.getByRole('link', { name: '精准康复' }).click();
    await expect.poll(() => heading(pageB)).toBe('需求与一人一案');

    const altered = path.join(tmp.dir, 'altered-transfer.json');
    const body = JSON.parse(fs.readFileSync(transferPath, 'utf8'));
    body.summary.sessions.present = 60;
    fs.writeFileSync(altered, JSON.stringify(body, null, 2));
    await pageB.locator('#import-path').fill(altered);
    await pageB.getByRole('button', { name: '导入', exact: true }).click();
    await expect.poll(() => pageB.locator('#import-path-error').textContent()).toBe('文件内容与校验值不符（文件被改动过），已拒绝导入');
    await expect.poll(() => pageB.evaluate(() => document.activeElement?.id ?? '')).toBe('import-path');
    await checkScreen(pageB, 'needs-07-transfer-refused');

    await pageB.locator('#import-path').fill(transferPath);
    await pageB.getByRole('button', { name: '导入', exact: true }).click();
    await expect.poll(() => pageB.locator('.status-line').textContent()).toContain(`已为 ${CHILD} 建档并导入康复档案（来自 玄武区残疾人康复中心）`);
    await pageB.getByRole('link', { name: `打开 ${CHILD} 的档案` }).click();
    await expect.poll(() => heading(pageB)).toBe(`精准康复档案：${CHILD}`);
    const received = pageB.locator('.transfers-in');
    await expect.poll(() => received.textContent()).toContain('来自 玄武区残疾人康复中心（2026-11-22 导出）');
    const text = (await received.textContent()) ?? '';
    expect(text).toContain('孤独症，2026-09-01 起，在训');
    expect(text).toContain('训练 3 次（2026-11-13 至 2026-11-20）；地点：送康复上门 2，机构内 1');
    expect(text).toContain('家长培训 1 次');
    await checkScreen(pageB, 'needs-08-transfer-in');
    expect(errorsB).toEqual([]);
  });

  it('shows the year’s rates with their people, targets and trend', async () => {
    // Another child with a recorded need who has not been served, and an adult with a device need.
    const waiting = await apiCall<{ id: number }>(host, 'people.create', { name: '陈小川', idNumber: makeId('2021-05-05', 44, '320102'), household: 'rural', guardianName: '陈爸爸' });
    await apiCall(host, 'needs.create', { personId: waiting.id, kind: 'rehab', service: 'training', source: 'survey', recordedOn: '2026-06-01' });
    // Two satisfaction answers about rehab this year: 满意 (satisfied) and 不满意 (not).
    await apiCall(host, 'compare.satisfaction.add', { personId: waiting.id, service: 'rehab', rating: 4, answeredOn: '2026-07-01' });
    await apiCall(host, 'compare.satisfaction.add', { personId: waiting.id, service: 'rehab', rating: 2, answeredOn: '2026-08-01' });

    await page.getByRole('link', { name: '指标' }).click();
    await expect.poll(() => heading(page)).toBe('指标');
    const row = (indicator: string) => page.locator(`#ind-row-${indicator}`);
    // 0–6 and basic rehab: 林小雨 served (3 sessions count once), 陈小川 not: 1/2 = 50%.
    await expect.poll(() => row('childRehab').locator('td').allTextContents()).toEqual(['1', '2', '50%', '—', '—', '名单']);
    expect(await row('basicRehab').locator('td').allTextContents()).toEqual(['1', '2', '50%', '—', '—', '名单']);
    // 精准康复: 林小雨's service follows a plan her guardian confirmed: 1/2 = 50%.
    expect((await row('preciseRehab').locator('td').allTextContents()).slice(0, 3)).toEqual(['1', '2', '50%']);
    // Nobody has a device need: no rate.
    expect((await row('deviceFitting').locator('td').allTextContents()).slice(0, 3)).toEqual(['0', '0', '—']);
    // 满意率 with the answers beside it: 1 of 2 rehab answers satisfied = 50%; no training answers, no rate.
    expect(await page.locator('#ind-sat-all td').allTextContents()).toEqual(['2', '1', '50%']);
    expect(await page.locator('#ind-sat-rehab td').allTextContents()).toEqual(['2', '1', '50%']);
    expect(await page.locator('#ind-sat-training td').allTextContents()).toEqual(['0', '0', '—']);

    await page.locator('#target-basicRehab').fill('99');
    await page.locator('#target-preciseRehab').fill('七十五');
    await page.getByRole('button', { name: '保存目标' }).click();
    await expect.poll(() => page.locator('#target-preciseRehab-error').textContent()).toBe('目标应在 0 到 100 之间，最多一位小数');
    await expect.poll(() => focusedId(page)).toBe('target-preciseRehab');
    await page.locator('#target-preciseRehab').fill('75');
    await page.getByRole('button', { name: '保存目标' }).click();
    await expect.poll(() => row('basicRehab').locator('td').allTextContents()).toEqual(['1', '2', '50%', '99%本机构', '未达标', '名单']);

    await page.getByRole('button', { name: '查看基本康复服务覆盖率的名单' }).click();
    await expect.poll(() => focusedId(page)).toBe('ind-people-title');
    await expect.poll(() => page.locator('section[aria-labelledby="ind-people-title"] tbody').textContent()).toContain('陈小川');
    const names = await page.locator('section[aria-labelledby="ind-people-title"] tbody th').allTextContents();
    expect(names).toEqual(['陈小川', CHILD]);
    await page.getByRole('checkbox', { name: '只看未纳入分子的人' }).check();
    await expect.poll(() => page.locator('section[aria-labelledby="ind-people-title"] tbody th').allTextContents()).toEqual(['陈小川']);
    // The chart has its table: November ends with 1 of 2 served.
    const november = page.locator('figure[aria-labelledby="ind-trend-title"] tbody tr').filter({ hasText: '2026-11' });
    expect(await november.locator('td').allTextContents()).toEqual(['50%', '50%', '50%']);
    await checkScreen(page, 'needs-09-indicators');
    expect(errors).toEqual([]);
  });

  it('lists who lacks a renewal reminder and records one; shows visits by quarter', async () => {
    const idNumber = makeId('1975-02-02', 45, '320102');
    await apiCall(host, 'people.create', { name: '赵建国', idNumber, certNumber: `${idNumber}42B1`, certExpiry: '2026-12-10', household: 'urban', phone: '13812345678' });
    await page.getByRole('link', { name: '换证提醒' }).click();
    await expect.poll(() => heading(page)).toBe('残疾人证换证提醒');
    await expect.poll(() => page.locator('#rem-count').textContent()).toBe('缺第一次提醒 1 人，缺第二次提醒 1 人');
    expect(await page.locator('.needs-table tbody').textContent()).toContain('第一次、第二次');
    await page.getByRole('button', { name: '为 赵建国 记录提醒' }).click();
    await expect.poll(() => focusedId(page)).toBe('rem-form-title');
    await page.locator('#rl-method').selectOption({ label: '当面' });
    await page.locator('#rl-remindedBy').fill('王专干');
    await page.getByRole('button', { name: '记录提醒', exact: true }).click();
    // One reminder in the last month is the second; the first is still owed (two reminders, not one).
    await expect.poll(() => page.locator('#rem-count').textContent()).toBe('缺第一次提醒 1 人，缺第二次提醒 0 人');
    await checkScreen(page, 'needs-10-reminders');

    await page.getByRole('link', { name: '季度访视' }).click();
    await expect.poll(() => heading(page)).toBe('访视（按自然季度）');
    await expect.poll(() => page.locator('main').textContent()).toContain('本期尚未访视');
    expect(await page.locator('main table').first().locator('tbody tr').first().locator('th').textContent()).toBe('第 1 季度');
    await checkScreen(page, 'needs-11-visits');
    expect(errors).toEqual([]);
  });
});

// Consolidated returns end to end: a seeded centre corrects its identity (the credit code
// checked), exports its return and downloads it; a second centre exports too; the office imports both with a tampered copy and
// a wrong path, sees each outcome, the statistics with charts and the workbook, and the person
// both centres placed in work at once. The real UI in Chromium, the real browser host.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { SCREENSHOT_DIR, apiCall, checkScreen, openApp, tabTo, useE2E, watchErrors, type AppHost } from './harness';
import { makeCert, makeId } from '../support/ids';
import { creditCodeCheckChar } from '../../db/training/rules';
import { generate } from '../../scripts/seed/index';
import { SEED_ADMIN, SEED_PASSWORD } from '../../scripts/seed/trust';

// Chromium, hosts, pages and the temp folder: started and cleaned up by the shared fixture.
const e2e = useE2E();
const tmp = e2e.tmp;

const heading = (page: Page) => page.locator('main h1').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const code = (n: number, region: string) => {
  const first17 = `12${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
};
const SHARED = { name: '周明', idNumber: makeId('1988-08-08', 17, '320104') };
const A_CODE = code(81, '320102');
/** 吴庚, a level-1 holder at the second centre without the care allowance: its left-out check finds him. */
const holderId = makeId('1950-05-01', 11, '320104');

/** Polls a job as the screen does (usable in hooks, where expect.poll is not). */
async function waitForJob(host: AppHost, job: { id: string }) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = await apiCall<{ state: string; result: { file: string } | null }>(host, 'jobs.get', { id: job.id });
    if (view.state !== 'running') return view;
    if (Date.now() > deadline) throw new Error('export still running');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('consolidated returns', () => {
  const centreFile = path.join(tmp.dir, 'centre-a', 'data.sqlite');
  let centre: AppHost;
  let other: AppHost;
  let office: AppHost;
  let page: Page;
  let errors: string[];
  let packageA = '';
  let packageB = '';

  beforeAll(async () => {
    // A centre with years of records (scale 4: some 200 people and 40,000 sessions), and the
    // person it and another centre both placed in work this year.
    fs.mkdirSync(path.dirname(centreFile), { recursive: true });
    generate(centreFile, { scale: 4, seed: 4, audit: false, today: '2026-11-22' });
    const db = new Database(centreFile);
    const now = '2026-03-01T09:00:00+08:00';
    const personId = db
      .prepare("INSERT INTO person (name, id_number, birth_date, sex, household, created_at, updated_at) VALUES (?, ?, '1988-08-08', 'M', 'urban', ?, ?)")
      .run(SHARED.name, SHARED.idNumber, now, now).lastInsertRowid;
    db.prepare(
      `INSERT INTO placement (person_id, placement_type, start_date, full_time, has_contract, social_insurance, created_at, created_by, updated_at, updated_by)
       VALUES (?, 'flexible', '2026-03-01', 0, 0, 0, ?, 'seed', ?, 'seed')`,
    ).run(personId, now, now);
    db.close();
    centre = await e2e.startHost(centreFile);

    other = await e2e.startHost(path.join(tmp.dir, 'centre-b', 'data.sqlite'));
    await apiCall(other, 'returns.centre.save', { name: '秦淮区就业服务中心', type: 'employment_service', creditCode: code(82, '320104'), regionCode: '320104' });
    const person = await apiCall<{ id: number }>(other, 'people.create', { ...SHARED, household: 'urban' });
    await apiCall(other, 'training.placements.create', { personId: person.id, placementType: 'self_employed', startDate: '2026-06-01', fullTime: true });
    // Its people checks (format 3): a level-1 holder without the care allowance is left out; two satisfaction answers, one satisfied.
    const holder = await apiCall<{ id: number }>(other, 'people.create', {
      name: '吴庚',
      idNumber: holderId,
      certNumber: makeCert(holderId, 4, 1),
      certExpiry: '2030-01-01',
      household: 'urban',
    });
    await apiCall(other, 'compare.satisfaction.add', { personId: holder.id, service: 'rehab', rating: 5, answeredOn: '2026-03-01' });
    await apiCall(other, 'compare.satisfaction.add', { personId: holder.id, service: 'rehab', rating: 2, answeredOn: '2026-04-01' });
    packageB = (await waitForJob(other, await apiCall(other, 'returns.export', { period: '2026' }))).result!.file;

    office = await e2e.startHost(path.join(tmp.dir, 'office', 'data.sqlite'));
    page = await e2e.newPage({ locale: 'zh-CN', acceptDownloads: true });
    errors = watchErrors(page);
  }, 180_000);

  it('changes the centre identity, checking the credit code, with focus on the first error', async () => {
    await openApp(page, centre, { username: SEED_ADMIN, password: SEED_PASSWORD });
    await page.getByRole('link', { name: '汇总上报' }).click();
    await expect.poll(() => heading(page)).toBe('上报导出');
    // The seeded centre has an identity already.
    await expect.poll(() => page.locator('#identity-name').textContent()).toMatch(/残疾人康复服务中心$/);
    await page.getByRole('link', { name: '机构信息' }).click();
    await expect.poll(() => heading(page)).toBe('机构信息与共享密钥');

    await page.locator('#centre-name').fill('玄武区残疾人康复中心');
    await page.locator('#centre-type').selectOption({ label: '残疾人康复（就业）服务中心' });
    const wrong = `${A_CODE.slice(0, 17)}${A_CODE[17] === '0' ? '1' : '0'}`;
    await page.locator('#centre-creditCode').fill(wrong);
    await page.locator('#centre-regionCode').fill('320102');
    await page.getByRole('button', { name: '保存机构信息' }).click();
    await expect.poll(() => page.locator('#centre-creditCode-error').textContent()).toBe(
      `统一社会信用代码校验位错误：按前 17 位计算，最后一位应为 ${A_CODE[17]}，请核对`,
    );
    expect(await page.locator('#centre-creditCode').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#centre-creditCode').getAttribute('aria-describedby')).toContain('centre-creditCode-error');
    await expect.poll(() => focusedId(page)).toBe('centre-creditCode');
    await checkScreen(page, 'returns-01-identity-error');

    await page.locator('#centre-creditCode').fill(A_CODE.toLowerCase());
    await page.locator('#centre-creditCode').press('Enter');
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('机构信息已保存');
    expect(await page.locator('#centre-creditCode').inputValue()).toBe(A_CODE);
  });

  it('exports the return package for the chosen period, shows where it is, and downloads it', async () => {
    await page.getByRole('link', { name: '上报导出' }).click();
    await expect.poll(() => page.locator('#identity-name').textContent(), { timeout: 10_000 }).toBe('玄武区残疾人康复中心');
    await page.locator('#export-period-kind').selectOption({ label: '季度' });
    await page.locator('#export-period-part').selectOption({ label: '第 3 季度' });
    await expect.poll(() => page.locator('#export-period-range').textContent()).toBe('2026-07-01 至 2026-09-30');
    await page.locator('#export-period-kind').selectOption({ label: '全年' });
    await expect.poll(() => page.locator('#export-period-range').textContent()).toBe('2026-01-01 至 2026-12-31');
    await tabTo(page, '导出上报包');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#export-done').textContent(), { timeout: 60_000 }).toBe('上报包已导出');
    await expect.poll(() => focusedId(page)).toBe('export-done');
    packageA = (await page.locator('#export-file-path').textContent())!;
    expect(fs.readdirSync(path.dirname(packageA))).toEqual([path.basename(packageA)]);
    expect(path.basename(packageA)).toMatch(new RegExp(`^rehabdesk-return-${A_CODE}-2026-20261122-\\d{6}\\.sqlite$`));
    expect(fs.existsSync(packageA)).toBe(true);
    expect(await page.locator('table.plain tbody tr').first().textContent()).toContain('2026');
    await checkScreen(page, 'returns-03-exported');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载文件' }).click();
    expect((await download).suggestedFilename()).toBe(path.basename(packageA));
  });

  it('imports many packages at the office, refusing a tampered copy and a wrong path with their reasons', async () => {
    const tampered = path.join(tmp.dir, 'inbox', 'tampered.sqlite');
    fs.mkdirSync(path.dirname(tampered), { recursive: true });
    fs.copyFileSync(packageA, tampered);
    const db = new Database(tampered);
    db.prepare("UPDATE placement SET placement_type = 'quota' WHERE rowid = (SELECT min(rowid) FROM placement)").run();
    db.close();

    await page.goto('about:blank');
    await openApp(page, office);
    await page.getByRole('link', { name: '汇总上报' }).click();
    await expect.poll(() => page.locator('.banner-error').first().textContent()).toContain('尚未设置本机构信息');
    await page.getByRole('link', { name: '汇总导入' }).click();
    await expect.poll(() => heading(page)).toBe('汇总导入');

    await page.getByRole('button', { name: '开始导入' }).click();
    await expect.poll(() => page.locator('#import-paths-error').textContent()).toBe('请至少填写一个文件或文件夹路径');
    await expect.poll(() => focusedId(page)).toBe('import-paths');

    await page.keyboard.type([tampered, packageA, packageB, path.join(tmp.dir, 'nowhere.sqlite')].join('\n'));
    await tabTo(page, '开始导入');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#import-results').textContent(), { timeout: 60_000 }).toBe('本次导入结果');
    await expect.poll(() => focusedId(page)).toBe('import-results');
    expect(await page.locator('#import-results + p').textContent()).toBe('导入 2 个，替换 0 个，拒绝 2 个');
    const rows = await page.locator('.import-results tbody tr').allTextContents();
    expect(rows[0]).toContain('tampered.sqlite');
    expect(rows[0]).toContain('已拒绝');
    expect(rows[0]).toContain('校验值不符：文件导出后被改动过，已拒绝');
    expect(rows[1]).toContain('玄武区残疾人康复中心');
    expect(rows[1]).toContain('已导入');
    expect(rows[2]).toContain('秦淮区就业服务中心');
    expect(rows[3]).toContain('找不到该文件');
    await expect.poll(() => page.locator('#held-title ~ div table tbody tr').count()).toBe(2);
    await checkScreen(page, 'returns-04-consolidated');
  });

  it('shows the statistics per centre and in total, with charts, and exports the workbook', async () => {
    await page.getByRole('link', { name: '统计报表' }).click();
    await expect.poll(() => page.locator('#stats-summary').textContent()).toBe('2026：2 个机构，2 个上报包');
    const overview = page.locator('.stats-table').first();
    expect(await overview.locator('caption').textContent()).toBe('总览');
    expect(await overview.locator('tbody th').allTextContents()).toEqual(['玄武区残疾人康复中心', '秦淮区就业服务中心', '合计']);
    expect(await page.locator('#chart-children-title').textContent()).toBe('儿童康复服务人数（按类别）');
    await checkScreen(page, 'returns-05-stats');

    await page.getByRole('button', { name: '导出 Excel' }).click();
    await expect.poll(() => page.locator('#workbook-done').textContent(), { timeout: 60_000 }).toContain('统计表已导出');
    const file = (await page.locator('#workbook-done .mono').textContent())!;
    expect(fs.existsSync(file)).toBe(true);
    expect(path.basename(file)).toMatch(/^rehabdesk-return-stats-2026-.*\.xlsx$/);

    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => heading(page)).toBe('Statistics');
    expect(await page.locator('#stats-summary').textContent()).toBe('2026: 2 centres, 2 packages');
    expect(await overview.locator('tbody th').last().textContent()).toBe('Total');
    await checkScreen(page, 'returns-06-stats-english');
    await page.getByRole('button', { name: /中文/ }).click();
    await expect.poll(() => heading(page)).toBe('统计报表');
  });

  it('shows each centre’s left-out checks and satisfaction rate, consolidated, beside the other tables', async () => {
    const byCaption = (caption: string) => page.locator('.stats-table', { has: page.locator('caption', { hasText: caption }) });
    const rowOf = (caption: string, name: string) => byCaption(caption).locator('tbody tr', { has: page.locator('th', { hasText: name }) });
    const cells = async (caption: string, name: string) => rowOf(caption, name).locator('td').allTextContents();
    await expect.poll(() => byCaption('不漏一人：核查发现的人员（按核查项）').count()).toBe(1);
    expect(await byCaption('不漏一人：核查发现的人员（按核查项）').locator('thead th').allTextContents()).toEqual([
      '机构',
      '一、二级未享受护理补贴',
      '低保、特困家庭未享受生活补贴',
      '0–6 岁儿童未接受康复',
      '劳动年龄未就业且久未联系',
      '证件过期未换领',
      '涉及人数',
    ]);
    // 秦淮: 吴庚 (level 1, no care allowance) is the one person found.
    expect(await cells('不漏一人：核查发现的人员（按核查项）', '秦淮区就业服务中心')).toEqual(['1', '0', '0', '0', '0', '1']);
    expect(await byCaption('不漏一人：核查发现的人员（按核查项）').locator('tbody tr.total th').textContent()).toBe('合计');
    // 秦淮's rehab answers 5 and 2: 2 answers, 1 satisfied, 50.0 %; the seeded centre recorded none (reported, no rate).
    const satisfaction = await cells('服务满意率（按服务）', '秦淮区就业服务中心');
    expect(satisfaction.slice(0, 3)).toEqual(['2', '1', '50.0%']);
    expect((await cells('服务满意率（按服务）', '玄武区残疾人康复中心')).slice(0, 3)).toEqual(['0', '0', '—']);
    expect((await cells('服务满意率（按服务）', '合计')).slice(0, 3)).toEqual(['2', '1', '50.0%']);
    await expect.poll(() => byCaption('一户多残与零就业家庭').count()).toBe(1);
    await byCaption('不漏一人：核查发现的人员（按核查项）').scrollIntoViewIfNeeded();
    // The full page was checked (layout, axe) as returns-05-stats; this view is for reading the new tables.
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'returns-05b-people-checks.png') });
  });

  it('lists the left-out people the centres sent, by centre and check, from the statistics', async () => {
    await page.locator('#left-out-link').click();
    await expect.poll(() => heading(page), { timeout: 10_000 }).toBe('不漏一人：核查发现的人员名单');
    await expect.poll(() => page.locator('#left-out-summary').textContent(), { timeout: 10_000 }).toMatch(/共 \d+ 条/);
    // Only 秦淮's list, chosen from the keyboard: its one person, with the check and reason in words.
    await page.locator('#left-out-centre').focus();
    await page.locator('#left-out-centre').selectOption({ label: '秦淮区就业服务中心' });
    await expect.poll(() => page.locator('#left-out-summary').textContent(), { timeout: 10_000 }).toBe('共 1 条，第 1–1 条');
    const cells = page.locator('#left-out-table tbody tr').first().locator('th, td');
    expect((await cells.allTextContents()).map((x) => x.trim())).toEqual([
      '秦淮区就业服务中心',
      '一、二级未享受护理补贴',
      '一、二级残疾，未记护理补贴',
      holderId,
      '—',
    ]);
    await checkScreen(page, 'returns-06c-left-out');
    // The screen's own texts (loaded with it) in English too.
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => heading(page)).toBe('Nobody left out: the people found');
    expect((await cells.allTextContents()).map((x) => x.trim()).slice(2)).toEqual(['Level 1 or 2, no care allowance recorded', holderId, '—']);
    await checkScreen(page, 'returns-06d-left-out-english');
    await page.getByRole('button', { name: /中文/ }).click();
    await expect.poll(() => heading(page)).toBe('不漏一人：核查发现的人员名单');
    // A check nobody at 秦淮 was found by: the empty state in words.
    await page.locator('#left-out-check').selectOption({ label: '证件过期未换领' });
    await expect.poll(() => page.locator('#left-out-summary').textContent(), { timeout: 10_000 }).toBe('没有符合条件的人员');
    expect(await page.locator('#left-out-table').count()).toBe(0);
  });

  it('lists the person both centres placed in work at the same time', async () => {
    await page.getByRole('link', { name: '跨机构核查' }).click();
    await expect.poll(() => page.locator('#overlaps-summary').textContent()).toMatch(/发现 \d+ 人共 \d+ 处重叠/);
    const row = page.locator('tbody tr', { hasText: SHARED.name });
    expect(await row.textContent()).toContain(SHARED.idNumber);
    expect(await row.textContent()).toContain('就业安置');
    expect(await row.textContent()).toContain('玄武区残疾人康复中心（2026-03-01 至 2026-12-31）');
    expect(await row.textContent()).toContain('秦淮区就业服务中心（2026-06-01 至 2026-12-31）');
    expect(await row.textContent()).toContain('2026-06-01 至 2026-12-31');
    await checkScreen(page, 'returns-07-overlaps');
    expect(errors).toEqual([]);
  });
});

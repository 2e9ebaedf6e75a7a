// Trust end to end: first start, sign-in, roles and masked IDs, the audit trail, backup and
// restore, encryption at rest and the idle lock — through the real screens.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, apiCall, checkScreen, openApp, useE2E, watchErrors, type AppHost } from './harness';
import { makeCert, makeId } from '../support/ids';

// Chromium, hosts, pages and the temp folder: started and cleaned up by the shared fixture.
const e2e = useE2E();
const file = path.join(e2e.tmp.dir, 'trust.sqlite');
let host: AppHost;
let page: Page;
let errors: string[];
const heading = () => page.locator('main h1').textContent();
const ID = makeId('1962-07-08', 41, '320105');
const CERT = makeCert(ID, 1, 2);

beforeAll(async () => {
  host = await e2e.startHost(file);
  page = await e2e.newPage({ locale: 'zh-CN' });
  page.on('dialog', (dialog) => void dialog.accept());
  errors = watchErrors(page);
});

describe('staff accounts and trust', () => {
  it('asks for an administrator on first start, then signs in and out', async () => {
    await page.goto(host.url);
    await expect.poll(heading).toBe('创建管理员账户');
    expect(await page.title()).toBe('创建管理员账户 — 康就台账');
    // Password boxes stand as tall as the text boxes beside them.
    const heights = await page.locator('#setup-username, #setup-password').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
    expect(heights[1]).toBe(heights[0]);
    await checkScreen(page, 'trust-01-setup');
    await page.locator('#setup-displayName').fill(ADMIN.displayName);
    await page.locator('#setup-password').fill('short');
    await page.locator('#setup-password').press('Enter');
    await expect.poll(() => page.locator('#setup-password-error').textContent()).toBe('密码至少 10 个字符');
    await page.locator('#setup-password').fill(ADMIN.password);
    await page.locator('#setup-password').press('Enter');
    // A new centre lands on its set-up checklist, with each step still to do and a way to do it.
    await expect.poll(heading).toBe('开始使用');
    expect(await page.locator('.operator').textContent()).toBe('系统管理员（管理员）');
    await expect.poll(() => page.locator('.start-steps li').count()).toBe(4);
    expect(await page.locator('.start-steps li.done').count()).toBe(0);
    expect(await page.getByRole('link', { name: '添加治疗师' }).count()).toBe(1);
    await checkScreen(page, 'trust-01b-start');

    await page.getByRole('button', { name: '退出登录' }).click();
    await expect.poll(heading).toBe('登录');
    await page.locator('#sign-in-username').fill('admin');
    await page.locator('#sign-in-password').fill('not the password');
    await page.locator('#sign-in-password').press('Enter');
    await expect.poll(() => page.locator('#sign-in-password-error').textContent()).toBe('用户名或密码不正确');
    await checkScreen(page, 'trust-02-sign-in-error');
    await openApp(page, host);
  });

  it('adds a read-only viewer who sees ID numbers masked and reveals one on the record', async () => {
    await apiCall(host, 'people.create', { name: '钱秀兰', idNumber: ID, certNumber: CERT, certExpiry: '2029-01-01', household: 'urban' });
    await page.getByRole('link', { name: '设置' }).click();
    await page.getByRole('link', { name: '账户与角色' }).click();
    await expect.poll(heading).toBe('账户与角色');
    await page.locator('#new-username').fill('viewer.zhao');
    await page.locator('#new-displayName').fill('赵查看');
    await page.locator('#new-role').selectOption({ label: '只读查看' });
    await page.locator('#new-password').fill('viewer passw0rd!');
    await page.getByRole('button', { name: '添加账户' }).click();
    await expect.poll(() => page.locator('.status-line').first().textContent()).toBe('已添加账户 viewer.zhao');
    await checkScreen(page, 'trust-03-accounts');

    await page.getByRole('button', { name: '退出登录' }).click();
    await openApp(page, host, { username: 'viewer.zhao', password: 'viewer passw0rd!' });
    const idCell = page.locator('tbody tr.data-row td:nth-child(4)').first();
    await expect.poll(() => idCell.textContent()).toBe(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    expect(await page.getByRole('link', { name: '新建档案' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '设置' }).count()).toBe(1);
    await page.getByRole('link', { name: '钱秀兰' }).click();
    await expect.poll(heading).toBe('钱秀兰');
    // The person page shows the viewer masked numbers, and no claims or edit action beyond reading.
    expect(await page.locator('main').textContent()).not.toContain(ID);
    expect(await page.getByRole('link', { name: '编辑档案' }).count()).toBe(0);
    await page.getByRole('link', { name: '查看档案详情' }).click();
    await expect.poll(heading).toBe('编辑档案：钱秀兰');
    expect(await page.getByRole('button', { name: '保存' }).count()).toBe(0);
    // The record itself shows both numbers masked until they are revealed.
    expect(await page.locator('#f-idNumber').inputValue()).toBe(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    expect(await page.locator('#f-certNumber').inputValue()).toBe(`${CERT.slice(0, 4)}${'*'.repeat(CERT.length - 8)}${CERT.slice(-4)}`);
    expect(await page.locator('main').textContent()).not.toContain(ID);
    await page.getByRole('button', { name: '显示完整证件号' }).click();
    await expect.poll(() => page.locator('p.mono[role="status"]').textContent()).toBe(`完整身份证号：${ID}；残疾人证号：${CERT}（此次查看已记入审计日志）`);
    await checkScreen(page, 'trust-04-viewer-reveal');

    // Each account keeps its language, and the sign-in screen speaks the last one's.
    await page.locator('button.lang-toggle[lang="en"]').click();
    await expect.poll(heading).toBe('Edit record: 钱秀兰');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(heading).toBe('Sign in');
    await openApp(page, host);
    await expect.poll(heading).toBe('残疾人档案');
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect.poll(heading).toBe('登录');
    await openApp(page, host);
  });

  it('shows the audit trail with the reveal, and verifies its chain', async () => {
    await page.goto(`${new URL(host.url).origin}/#/settings/audit`);
    await expect.poll(heading).toBe('审计日志');
    await expect.poll(() => page.locator('tbody').textContent()).toContain('查看完整证件号');
    // The reveal reads as who did what to whom: the viewer by name, the person revealed, no call names or JSON.
    const reveal = page.locator('tbody tr', { hasText: '查看完整证件号' }).first();
    expect(await reveal.textContent()).toContain('赵查看（viewer.zhao）');
    expect(await reveal.getByRole('link', { name: '钱秀兰' }).count()).toBe(1);
    const trail = (await page.locator('tbody').textContent()) ?? '';
    expect(trail).not.toMatch(/people\.revealId|\{"|T\d\d:\d\d:\d\d\+08:00/);
    await page.getByRole('button', { name: '校验日志链' }).click();
    await expect.poll(() => page.locator('p[role="status"].banner').textContent()).toMatch(/^校验通过：\d+ 条记录完整，未被改动。$/);
    await checkScreen(page, 'trust-05-audit');
  });

  it('backs up, previews and restores, keeping the current file aside', async () => {
    await page.goto(`${new URL(host.url).origin}/#/settings/backup`);
    await expect.poll(heading).toBe('备份与恢复');
    await page.getByRole('button', { name: '立即备份' }).click();
    await expect.poll(() => page.locator('.status-line').textContent()).toMatch(/^已备份：rehabdesk-manual-/);
    const name = (await page.locator('tbody th').first().textContent())!;
    const later = makeId('1970-02-02', 43);
    await apiCall(host, 'people.create', { name: '备份之后', idNumber: later, household: 'rural' });
    await page.getByRole('button', { name: `查看内容 ${name}` }).click();
    await expect.poll(() => page.locator('section ul').textContent()).toContain('残疾人档案：1 行');
    await checkScreen(page, 'trust-06-backup-preview');
    await page.getByRole('button', { name: '恢复此备份' }).click();
    await expect.poll(() => page.locator('.status-line').textContent()).toMatch(/^已恢复 .*原数据文件已另存为 rehabdesk-before-restore-/);
    await page.goto(`${new URL(host.url).origin}/#/people`);
    await expect.poll(() => page.locator('.count').textContent()).toBe('共 1 人');
  });

  it('encrypts the data file; after a restart it opens only with the passphrase', async () => {
    await page.goto(`${new URL(host.url).origin}/#/settings/security`);
    await expect.poll(heading).toBe('安全与加密');
    await page.locator('#pass-next').fill('data passphrase 1');
    await page.locator('#pass-confirm').fill('data passphrase 2');
    await page.getByRole('button', { name: '设置口令' }).click();
    await expect.poll(() => page.locator('#pass-confirm-error').textContent()).toBe('两次输入的口令不一致');
    await page.locator('#pass-confirm').fill('data passphrase 1');
    await page.getByRole('button', { name: '设置口令' }).click();
    await expect.poll(() => page.locator('.status-line').last().textContent()).toBe('已更新：数据文件已加密');
    await checkScreen(page, 'trust-07-security');

    // The open app polls its host every few seconds: leave it first, or the stopped host's refused
    // connections would be console errors (the connection banner itself is tested in live.e2e.ts).
    await page.goto('about:blank');
    await host.stop();
    host = await e2e.startHost(file);
    await page.goto(host.url);
    await expect.poll(heading).toBe('打开加密的数据文件');
    await page.locator('#unlock-passphrase').fill('guess');
    await page.locator('#unlock-passphrase').press('Enter');
    await expect.poll(() => page.locator('#unlock-passphrase-error').textContent()).toBe('口令不正确（或文件已损坏）。数据文件未作任何修改。');
    await checkScreen(page, 'trust-08-unlock');
    await page.locator('#unlock-passphrase').fill('data passphrase 1');
    await page.locator('#unlock-passphrase').press('Enter');
    await expect.poll(heading, { timeout: 20_000 }).toBe('登录');
    await openApp(page, host);
    await expect.poll(() => page.locator('.count').textContent()).toBe('共 1 人');
  });

  it('locks itself after the idle time and keeps the screen', async () => {
    await page.clock.install();
    await page.goto(`${new URL(host.url).origin}/#/people`);
    await expect.poll(heading).toBe('残疾人档案');
    await page.keyboard.press('Shift'); // activity restarts the idle timer, now on the test's clock
    await page.clock.fastForward('14:00');
    expect(await heading()).toBe('残疾人档案');
    await page.clock.fastForward('01:30');
    await expect.poll(heading).toBe('登录');
    expect(await page.locator('p[role="status"].banner').textContent()).toBe('因 15 分钟未操作，已自动锁定。请重新登录，未保存的内容仍保留。');
    await openApp(page, host);
  });

  it('raised no console errors or CSP violations', () => {
    expect(errors).toEqual([]);
  });
});

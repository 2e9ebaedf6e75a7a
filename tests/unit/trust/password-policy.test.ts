// The policy for new passwords: blank, one repeated character and well-known passwords are
// refused, each with its own message, wherever a password is set (setup, new account, change).
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, tempDir, testService, type TestService } from '../../support/service';
import { createService } from '../../../db/service';
import { createClock } from '../../../db/clock';
import { passwordProblem } from '../../../db/trust/passwords';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

const account = (password: string) => ({ username: 'li', displayName: '李', role: 'viewer' as const, password });

describe('a new account’s password', () => {
  it.each([
    ['ten spaces', ' '.repeat(10), 'AUTH_PASSWORD_BLANK'],
    ['tabs and spaces', ' \t  \t    ', 'AUTH_PASSWORD_BLANK'],
    ['one letter repeated', 'aaaaaaaa', 'AUTH_PASSWORD_REPEATED'],
    ['one digit repeated, long', '0'.repeat(16), 'AUTH_PASSWORD_REPEATED'],
    ['12345678', '12345678', 'AUTH_PASSWORD_COMMON'],
    ['1234567890', '1234567890', 'AUTH_PASSWORD_COMMON'],
    ['qwertyuiop', 'qwertyuiop', 'AUTH_PASSWORD_COMMON'],
    ['woaini1314', 'woaini1314', 'AUTH_PASSWORD_COMMON'],
    ['Password123 (case does not matter)', 'Password123', 'AUTH_PASSWORD_COMMON'],
    ['ADMIN12345', 'ADMIN12345', 'AUTH_PASSWORD_COMMON'],
    ['a short one', 'short', 'AUTH_PASSWORD_SHORT'],
  ])('refuses %s with its own message', (_, password, code) => {
    expect(t.err('accounts.create', account(password))).toMatchObject({ code, field: 'password' });
    expect(t.ok('accounts.list', {}).map((a) => a.username)).toEqual(['admin']);
  });

  it('accepts a long, uncommon password', () => {
    expect(t.ok('accounts.create', account('橙子 lamp 7 river')).username).toBe('li');
  });

  it('applies when an administrator resets a password', () => {
    const li = t.ok('accounts.create', account(ADMIN_PASSWORD));
    expect(t.err('accounts.update', { id: li.id, password: 'a1234567' })).toMatchObject({ code: 'AUTH_PASSWORD_COMMON', field: 'password' });
  });
});

describe('changing one’s own password', () => {
  it('refuses a well-known or repeated password for the new one', () => {
    expect(t.err('auth.changePassword', { current: ADMIN_PASSWORD, next: 'iloveyou' })).toMatchObject({ code: 'AUTH_PASSWORD_COMMON', field: 'next' });
    expect(t.err('auth.changePassword', { current: ADMIN_PASSWORD, next: 'zzzzzzzzzzzz' })).toMatchObject({ code: 'AUTH_PASSWORD_REPEATED', field: 'next' });
  });
});

describe('first-start setup', () => {
  it('refuses a well-known administrator password', () => {
    const tmp = tempDir();
    const service = createService({ dataFile: path.join(tmp.dir, 'a.sqlite'), host: 'browser', appVersion: 'test', clock: createClock('2026-11-22'), log: () => undefined });
    try {
      const result = service.dispatch('auth.setup', { username: 'admin', displayName: '管理员', password: 'admin123' });
      expect(result).toMatchObject({ ok: false, error: { code: 'AUTH_PASSWORD_COMMON', field: 'password' } });
      expect(service.dispatch('auth.setup', { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }).ok).toBe(true);
    } finally {
      service.close();
      tmp.cleanup();
    }
  });
});

describe('passwordProblem', () => {
  it('lets ordinary long passwords through', () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('aaaaaaaaab')).toBeNull();
  });
});

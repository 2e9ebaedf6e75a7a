// Sign-in and sessions: unknown names throttled like known ones, an absolute session lifetime,
// a password change that ends the account's other sessions, unlock throttled, language per
// account, and jobs private to whoever started them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, testService, type TestService } from '../../support/service';
import { throttleSeconds } from '../../../db/trust/passwords';
import { creditCode } from '../returns/fixtures';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => {
  vi.useRealTimers();
  t.close();
});

describe('sign-in and sessions', () => {
  it('throttles an unknown name exactly as a known one (finding: account existence could be probed)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T02:00:00Z'));
    for (const username of ['admin', 'nobody']) {
      for (let i = 0; i < 3; i += 1) t.service.dispatch('auth.signIn', { username, password: `wrong ${i} attempt` });
      expect(t.err('auth.signIn', { username, password: 'wrong again!' })).toEqual({ code: 'AUTH_THROTTLED', field: 'password', params: { seconds: throttleSeconds(3) } });
    }
  }, 60_000);

  it('ends a session after its absolute lifetime, however busy it is', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T01:00:00Z'));
    const session = t.signInAs('therapist');
    t.ok('security.settings', { idleMinutes: 240 });
    for (let hour = 1; hour <= 12; hour += 1) {
      vi.setSystemTime(new Date(Date.parse('2026-11-22T01:00:00Z') + hour * 3_600_000 - 60_000));
      expect(t.service.dispatch('people.search', {}, session).ok).toBe(true);
    }
    vi.setSystemTime(new Date(Date.parse('2026-11-22T01:00:00Z') + 12 * 3_600_000 + 60_000));
    expect(t.service.dispatch('people.search', {}, session)).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
  });

  it("ends the account's other sessions when its password changes, and audits the change without secrets", () => {
    const first = t.signInAs('therapist', 'zhou');
    const second = t.ok('auth.signIn', { username: 'zhou', password: ADMIN_PASSWORD }).sessionId;
    t.ok('auth.changePassword', { current: ADMIN_PASSWORD, next: 'a new long passphrase' }, second);
    expect(t.service.dispatch('people.search', {}, first)).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    expect(t.service.dispatch('people.search', {}, second).ok).toBe(true);
    const entry = t.ok('audit.list', { action: 'update' }).rows[0]!;
    expect(entry).toMatchObject({ actor: 'zhou', target: 'auth.changePassword' });
    expect(JSON.stringify(entry)).not.toMatch(/a new long passphrase|correct horse/);
  }, 60_000);

  it("keeps each account's language its own (finding: one switch changed everyone's)", () => {
    const other = t.signInAs('viewer');
    t.ok('settings.update', { locale: 'en' }, other);
    expect(t.ok('app.info', {}, other).settings.locale).toBe('en');
    expect(t.ok('app.info', {}).settings.locale).toBe('zh-CN');
  });

  it('shows the sign-in screen in the language of the account that last signed in on the file', () => {
    const before = () => t.ok('app.info', {}, '').settings.locale;
    expect(before()).toBe('zh-CN');
    const viewer = t.signInAs('viewer');
    t.ok('settings.update', { locale: 'en' }, viewer);
    t.ok('auth.signOut', {}, viewer);
    expect(before()).toBe('en');
    // Another account signing in (still in Chinese) takes the screen back to Chinese.
    t.ok('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    expect(before()).toBe('zh-CN');
    t.ok('auth.signIn', { username: 'viewer1', password: ADMIN_PASSWORD });
    expect(before()).toBe('en');
  });

  it('keeps a job private to the account that started it, and its audit entry names that account', async () => {
    t.ok('returns.centre.save', { name: '玄武区康复中心', type: 'rehab_institution', creditCode: creditCode(7), regionCode: '320102' });
    const job = t.ok('returns.export', { period: '2026', deidentified: false });
    const accountant = t.signInAs('accountant');
    expect(t.err('jobs.get', { id: job.id }, accountant)).toEqual({ code: 'JOB_NOT_FOUND', field: 'id' });
    expect(t.err('jobs.cancel', { id: job.id }, accountant)).toEqual({ code: 'JOB_NOT_FOUND', field: 'id' });
    expect(t.ok('jobs.get', { id: job.id }).id).toBe(job.id);
    while (t.ok('jobs.get', { id: job.id }).state === 'running') await new Promise((resolve) => setTimeout(resolve, 5));
    // The entry the job itself writes when the package is done (finding: it named `system`).
    const written = t.ok('audit.list', { action: 'export' }).rows.find((r) => r.target.startsWith('returns.package:'));
    expect(written?.actor).toBe('admin');
  });
});

describe('unlocking an encrypted file', () => {
  it('makes wrong passphrases in a row wait, as sign-in does (finding: app.unlock had no throttle)', async () => {
    const { createService } = await import('../../../db/service');
    const { createClock } = await import('../../../db/clock');
    t.ok('security.setPassphrase', { current: '', next: 'long enough pass' });
    const file = t.file;
    t.service.close();
    let now = Date.parse('2026-11-22T02:00:00Z');
    const locked = createService({ dataFile: file, host: 'browser', appVersion: 'test', clock: createClock('2026-11-22'), log: () => undefined, now: () => now });
    try {
      for (let i = 0; i < 3; i += 1) expect(locked.dispatch('app.unlock', { passphrase: `wrong passphrase ${i}` })).toMatchObject({ ok: false, error: { code: 'DB_WRONG_PASSPHRASE' } });
      expect(locked.dispatch('app.unlock', { passphrase: 'long enough pass' })).toEqual({ ok: false, error: { code: 'AUTH_THROTTLED', field: 'passphrase', params: { seconds: throttleSeconds(3) } } });
      now += (throttleSeconds(3) + 1) * 1000;
      expect(locked.dispatch('app.unlock', { passphrase: 'long enough pass' }).ok).toBe(true);
    } finally {
      locked.close();
    }
  }, 60_000);
});

describe('the audit trail as CSV', () => {
  it('writes a username a spreadsheet would run as a formula as text (finding: odd usernames became formulas)', () => {
    t.service.dispatch('auth.signIn', { username: '-2-3@cmd', password: 'not the password' });
    t.service.dispatch('auth.signIn', { username: '@SUM', password: 'not the password' });
    const { csv } = t.ok('audit.export', {});
    expect(csv).toContain(`"'-2-3@cmd"`);
    expect(csv).toContain(`"'@SUM"`);
    expect(csv).not.toMatch(/(^|,)"[-=+@]/m);
  }, 60_000);
});

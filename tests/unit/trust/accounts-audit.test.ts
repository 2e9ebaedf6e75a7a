// Sign-in, accounts, masking and the audit trail, through the service as the UI uses it.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import { throttleSeconds } from '../../../db/trust/passwords';
import type { PersonInput } from '../../../db/contract';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => {
  vi.useRealTimers();
  t.close();
});

const ID = makeId('1980-05-06', 17);
const person = (overrides: Partial<PersonInput> = {}): PersonInput => ({
  name: '周晓梅',
  idNumber: ID,
  certNumber: makeCert(ID, 2, 3),
  certExpiry: '2030-01-01',
  household: 'urban',
  ...overrides,
});

describe('first start and sign-in', () => {
  it('ticks the first-start checklist from the data itself', () => {
    expect(t.ok('app.checklist', {})).toEqual({ centre: false, therapists: 0, staffAccounts: 0, people: 0 });
    t.ok('people.create', person());
    t.ok('accounts.create', { username: 'li', displayName: '李', role: 'therapist', password: 'a long password 1' });
    expect(t.ok('app.checklist', {})).toEqual({ centre: false, therapists: 0, staffAccounts: 1, people: 1 });
  });

  it('creates the administrator only once', () => {
    expect(t.err('auth.setup', { username: 'boss', displayName: '老板', password: ADMIN_PASSWORD }).code).toBe('AUTH_ALREADY_SET_UP');
  });

  it('gives the same answer for an unknown user and a wrong password', () => {
    const unknown = t.service.dispatch('auth.signIn', { username: 'nobody', password: 'whatever-long' });
    const wrong = t.service.dispatch('auth.signIn', { username: 'admin', password: 'wrong password!' });
    expect(unknown).toEqual(wrong);
    expect(wrong).toEqual({ ok: false, error: { code: 'AUTH_INVALID', field: 'password' } });
  });

  it('slows sign-in down after repeated failures, even for the right password', () => {
    for (let i = 0; i < 3; i += 1) t.service.dispatch('auth.signIn', { username: 'admin', password: `wrong ${i} attempt` });
    const next = t.service.dispatch('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    expect(next).toMatchObject({ ok: false, error: { code: 'AUTH_THROTTLED', params: { seconds: throttleSeconds(3) } } });
  });

  it('lets the right password in again once the wait is over', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T02:00:00Z'));
    for (let i = 0; i < 3; i += 1) t.service.dispatch('auth.signIn', { username: 'admin', password: `wrong ${i} attempt` });
    vi.setSystemTime(new Date(Date.now() + (throttleSeconds(3) + 1) * 1000));
    expect(t.service.dispatch('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD }).ok).toBe(true);
  });

  it('refuses short passwords and a disabled account', () => {
    expect(t.err('accounts.create', { username: 'li', displayName: '李', role: 'viewer', password: 'short' })).toMatchObject({
      code: 'AUTH_PASSWORD_SHORT',
      field: 'password',
    });
    const viewer = t.ok('accounts.create', { username: 'li', displayName: '李', role: 'viewer', password: ADMIN_PASSWORD });
    t.ok('accounts.update', { id: viewer.id, active: false });
    // A disabled account answers exactly as a wrong password does: nobody learns it exists.
    expect(t.err('auth.signIn', { username: 'li', password: ADMIN_PASSWORD })).toEqual({ code: 'AUTH_INVALID', field: 'password' });
    expect(t.err('auth.signIn', { username: 'li', password: 'not the password' })).toEqual({ code: 'AUTH_INVALID', field: 'password' });
  });

  it('keeps at least one active administrator', () => {
    const admin = t.ok('accounts.list', {}).find((a) => a.username === 'admin')!;
    expect(t.err('accounts.update', { id: admin.id, role: 'viewer' }).code).toBe('ACCOUNT_LAST_ADMIN');
    expect(t.err('accounts.update', { id: admin.id, active: false }).code).toBe('ACCOUNT_LAST_ADMIN');
  });

  it('ends a session after the idle time', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T02:00:00Z'));
    const session = t.signInAs('therapist');
    t.ok('security.settings', { idleMinutes: 5 });
    vi.setSystemTime(new Date(Date.now() + 4 * 60_000));
    expect(t.service.dispatch('people.search', {}, session).ok).toBe(true);
    vi.setSystemTime(new Date(Date.now() + 5 * 60_000 + 1000));
    expect(t.service.dispatch('people.search', {}, session)).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
  });

  it('stores only a slow salted hash of the password', () => {
    const row = t.service.db.prepare("SELECT password_hash FROM account WHERE username = 'admin'").get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
  });
});

describe('ID numbers for roles that do not need them', () => {
  it('masks them for a viewer, and reveals them on request with an audit entry', () => {
    const created = t.ok('people.create', person());
    const viewer = t.signInAs('viewer');
    const row = t.ok('people.search', {}, viewer).rows[0]!;
    expect(row.idNumber).toBe(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    expect(t.ok('people.get', { id: created.id }, viewer).certNumber).toMatch(/^\d{4}\*{12}\d{2}\d{2}$/);
    expect(t.ok('people.revealId', { id: created.id }, viewer)).toEqual({ idNumber: ID, certNumber: makeCert(ID, 2, 3) });
    const reveal = t.ok('audit.list', { action: 'reveal' }).rows[0]!;
    expect(reveal).toMatchObject({ actor: 'viewer1', action: 'reveal', target: `people.revealId#${created.id}` });
  });

  it('shows them in full to an administrator', () => {
    t.ok('people.create', person());
    expect(t.ok('people.search', {}).rows[0]!.idNumber).toBe(ID);
  });
});

describe('audit trail', () => {
  it('records create and change with before and after, and sign-ins', () => {
    const created = t.ok('people.create', person());
    t.ok('people.update', { ...person(), phone: '13800138000', id: created.id, version: 1 });
    t.service.dispatch('auth.signIn', { username: 'admin', password: 'not the password' });
    const rows = t.ok('audit.list', {}).rows;
    const change = rows.find((r) => r.action === 'update')!;
    expect(change).toMatchObject({ actor: 'admin', target: `people.update#${created.id}` });
    expect((change.detail as { before: { phone: string } }).before.phone).toBe('');
    expect((change.detail as { after: { phone: string } }).after.phone).toBe('13800138000');
    expect(rows.map((r) => r.action)).toEqual(['sign-in-failed', 'update', 'create', 'sign-in']);
  });

  it("reads as who did what to whom: the account's name, the call, the person, and only the fields that changed", () => {
    const created = t.ok('people.create', person());
    t.ok('people.update', { ...person(), phone: '13800138000', id: created.id, version: 1 });
    const [change, create] = t.ok('audit.list', {}).rows;
    expect(change).toMatchObject({
      call: 'people.update',
      recordId: String(created.id),
      actorName: '管理员',
      person: { id: created.id, name: '周晓梅' },
      changes: [{ field: 'phone', before: '', after: '13800138000' }],
    });
    expect(create).toMatchObject({ call: 'people.create', person: { id: created.id, name: '周晓梅' } });
    expect(create!.changes).toContainEqual({ field: 'name', after: '周晓梅' });
  });

  it('pages through the trail newest first', () => {
    for (let i = 0; i < 5; i += 1) t.ok('people.create', person({ idNumber: makeId('1980-05-06', 21 + i * 2), certNumber: '', name: `第${i}人` }));
    const first = t.ok('audit.list', { action: 'create', offset: 0, limit: 2 });
    const second = t.ok('audit.list', { action: 'create', offset: 2, limit: 2 });
    expect(first.total).toBe(5);
    expect(first.rows.map((r) => r.person?.name)).toEqual(['第4人', '第3人']);
    expect(second.rows.map((r) => r.person?.name)).toEqual(['第2人', '第1人']);
  });

  it('keeps passwords and passphrases out of the trail', () => {
    t.ok('accounts.create', { username: 'li', displayName: '李', role: 'viewer', password: 'secret in plain text' });
    const viewer = t.ok('accounts.list', {}).find((a) => a.username === 'li')!;
    t.ok('accounts.update', { id: viewer.id, password: 'another secret!!' });
    t.ok('security.setPassphrase', { current: '', next: 'data file secret' });
    const trail = JSON.stringify(t.ok('audit.list', {}).rows);
    for (const secret of ['secret in plain text', 'another secret!!', 'data file secret']) expect(trail).not.toContain(secret);
    expect(t.ok('audit.list', { action: 'create' }).rows[0]!.detail).toMatchObject({ input: { username: 'li', password: '［已隐去 redacted］' } });
  });

  it('does not record a change that failed', () => {
    t.err('people.create', person({ idNumber: '110105194912310021' }));
    expect(t.ok('audit.list', { action: 'create' }).total).toBe(0);
  });

  it('verifies the chain, and finds where it was tampered with', () => {
    for (const name of ['甲', '乙', '丙']) {
      const id = makeId('1970-01-01', name.charCodeAt(0) % 900);
      t.ok('people.create', person({ name, idNumber: id, certNumber: makeCert(id, 1, 1) }));
    }
    expect(t.ok('audit.verify', {})).toEqual({ ok: true, entries: 4, brokenAt: null });
    // Someone with a SQLite tool drops the guard and edits history.
    const raw = new Database(t.file);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET actor = 'someone else' WHERE id = 3").run();
    raw.close();
    expect(t.ok('audit.verify', {})).toEqual({ ok: false, entries: 3, brokenAt: 3 });
  });

  it('filters the trail by action from an index, newest first', () => {
    t.ok('people.create', person());
    t.service.dispatch('auth.signIn', { username: 'admin', password: 'not the password' });
    expect(t.ok('audit.list', { action: 'sign-in-failed' })).toMatchObject({ total: 1, totalCapped: false, rows: [{ action: 'sign-in-failed' }] });
    const plan = t.service.db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 100')
      .all('create') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX audit_log_action/);
  });

  it('refuses edits and deletions of entries through SQL', () => {
    t.ok('people.create', person());
    expect(() => t.service.db.prepare('UPDATE audit_log SET actor = ?').run('x')).toThrow(/append-only/);
    expect(() => t.service.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('exports as CSV with every entry and its hashes', () => {
    t.ok('people.create', person());
    const { fileName, csv } = t.ok('audit.export', {});
    expect(fileName).toBe('rehabdesk-audit-2026-11-22.csv');
    expect(csv.startsWith('\uFEFF')).toBe(true); // so spreadsheet programs read it as UTF-8
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('"id","at","actor","action","target","detail","prev_hash","hash","workstation"');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['"sign-in"', '"create"']);
    expect(t.ok('audit.list', { action: 'export' }).total).toBe(1);
  });
});

describe('deleting and archiving people', () => {
  it('deletes a person with no records', () => {
    const created = t.ok('people.create', person());
    expect(t.ok('people.delete', { id: created.id })).toEqual({ deleted: true });
    expect(t.err('people.get', { id: created.id }).code).toBe('PERSON_NOT_FOUND');
  });

  it('refuses to delete a person others records depend on, listing them', () => {
    const created = t.ok('people.create', person());
    t.service.db.exec('CREATE TABLE test_service_record (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES person (id))');
    t.service.db.prepare('INSERT INTO test_service_record (person_id) VALUES (?), (?)').run(created.id, created.id);
    expect(t.err('people.delete', { id: created.id })).toEqual({
      code: 'PERSON_HAS_RECORDS',
      params: { count: 2 },
      details: [{ code: 'PERSON_DEPENDENT', params: { table: 'test_service_record', rows: 2 } }],
    });
    expect(t.ok('people.get', { id: created.id }).name).toBe('周晓梅');
  });

  it('drops archived people from lists and reminders but keeps them findable and their history', () => {
    const created = t.ok('people.create', person({ certExpiry: '2026-12-01' }));
    t.ok('people.archive', { id: created.id, archived: true });
    expect(t.ok('people.search', {}).total).toBe(0);
    expect(t.ok('people.expiring', {}).within1).toEqual([]);
    expect(t.ok('people.search', { archived: true }).rows.map((r) => r.name)).toEqual(['周晓梅']);
    const back = t.ok('people.archive', { id: created.id, archived: false });
    expect(back.archived).toBe(false);
    expect(back.history.map((h) => h.changes.map((c) => c.field).join())).toContain('archived');
  });
});

// app.changes, the number lists poll to show others' changes: a write raises it, a read or a
// refused write does not; polling it writes nothing to the audit trail and does not keep a session
// from going idle.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeId } from '../../support/ids';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => {
  vi.useRealTimers();
  t.close();
});

const child = (sequence: number) => ({ name: '李小宝', idNumber: makeId('2021-04-02', sequence, '320106'), household: 'urban' as const, guardianName: '李建华' });

describe('app.changes', () => {
  it('grows after a write made by anyone and stays put after reads and refused writes', () => {
    const therapist = t.signInAs('therapist');
    const before = t.ok('app.changes', {}, therapist);
    expect(t.ok('app.changes', {}, therapist)).toBe(before);

    // Reads, by either account, change nothing.
    t.ok('people.search', {});
    t.ok('people.search', { q: '李' }, therapist);
    t.ok('audit.list', {});
    t.ok('app.info', {}, therapist);
    expect(t.ok('app.changes', {}, therapist)).toBe(before);

    // A save refused at the boundary wrote nothing either.
    expect(t.err('people.create', { ...child(15), idNumber: '320106' }).field).toBe('idNumber');
    expect(t.ok('app.changes', {}, therapist)).toBe(before);

    // The administrator's save shows on the therapist's poll.
    const created = t.ok('people.create', child(15));
    const afterCreate = t.ok('app.changes', {}, therapist);
    expect(afterCreate).toBeGreaterThan(before);
    expect(t.ok('app.changes', {})).toBe(afterCreate);

    // And the therapist's own edit too.
    t.ok('people.update', { ...child(15), id: created.id, version: created.version, phone: '13800001111' }, therapist);
    expect(t.ok('app.changes', {}, therapist)).toBeGreaterThan(afterCreate);
  });

  it('is for signed-in accounts only and leaves no entry in the audit trail', () => {
    expect(t.service.dispatch('app.changes', {}, undefined)).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    const viewer = t.signInAs('viewer');
    const entries = t.ok('audit.list', {}).total;
    for (let i = 0; i < 5; i += 1) t.ok('app.changes', {}, viewer);
    expect(t.ok('audit.list', {}).total).toBe(entries);
  });

  it('does not keep a session awake: the idle lock comes however often the lists poll', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T02:00:00Z'));
    t.ok('security.settings', { idleMinutes: 5 });
    const session = t.signInAs('therapist');
    // Polled every few seconds for four minutes: still signed in.
    for (let s = 3; s <= 240; s += 3) {
      vi.setSystemTime(new Date(Date.parse('2026-11-22T02:00:00Z') + s * 1000));
      expect(t.service.dispatch('app.changes', {}, session).ok).toBe(true);
    }
    // Five minutes and a second after the sign-in (the last thing the user did), the session is gone.
    vi.setSystemTime(new Date(Date.parse('2026-11-22T02:00:00Z') + 5 * 60_000 + 1000));
    expect(t.service.dispatch('app.changes', {}, session)).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
  });
});

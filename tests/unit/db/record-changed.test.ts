// Two people working on one file: a save on a record someone changed since the form read it is
// refused, and the refusal says who changed it, when, and which fields.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, testService, type TestService } from '../../support/service';
import { makeId } from '../../support/ids';
import { child, enrol, session, therapist } from '../rehab/fixtures';
import { contract, declarationOf, type CallName } from '../../../db/contract';
import { changeSince, sameRecordCalls } from '../../../db/service/record-changed';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

/** A second worker with her own account and name. */
function worker(role: 'training' | 'therapist', username: string, displayName: string): string {
  t.ok('accounts.create', { username, displayName, role, password: ADMIN_PASSWORD });
  return t.ok('auth.signIn', { username, password: ADMIN_PASSWORD }).sessionId;
}

/** The test clock is fixed, so every audit entry carries the same minute: read the one the trail holds. */
const lastAt = () => (t.service.db.prepare('SELECT at FROM audit_log ORDER BY id DESC LIMIT 1').get() as { at: string }).at;

describe('a save on a record changed meanwhile', () => {
  it('names who changed a person, when, and the fields, and keeps their change', () => {
    const wang = worker('training', 'wangli', '王丽');
    const created = t.ok('people.create', { name: '陈建国', idNumber: makeId('1985-03-14', 21), household: 'rural', phone: '13912345678' });
    const { history: _h, ...form } = created;
    t.ok('people.update', { ...form, phone: '025-84661234', address: '玄武区' }, wang);
    const at = lastAt();
    const error = t.err('people.update', { ...form, name: '陈建军' });
    expect(error).toEqual({ code: 'PERSON_STALE', params: { id: created.id, by: '王丽', byUser: 'wangli', at, fields: 'phone,address' } });
    expect(t.ok('people.get', { id: created.id })).toMatchObject({ name: '陈建国', phone: '025-84661234', version: 2 });
  });

  it('gathers the fields of every change since the form read the record, naming the latest changer', () => {
    const wang = worker('training', 'wangli', '王丽');
    const zhao = worker('training', 'zhaomin', '赵敏');
    const created = t.ok('people.create', { name: '陈建国', idNumber: makeId('1985-03-14', 21), household: 'rural' });
    const v1 = { name: created.name, idNumber: created.idNumber, household: created.household, id: created.id };
    const v2 = t.ok('people.update', { ...v1, version: 1, phone: '13912345678' }, wang);
    t.ok('people.archive', { id: created.id, archived: true }, zhao);
    // The form read version 1: the phone (王丽, v1→v2) and the archiving (赵敏, v2→v3) both came since.
    expect(t.err('people.update', { ...v1, version: 1, address: '鼓楼区' }).params).toMatchObject({ by: '赵敏', fields: 'phone,archived' });
    // A form that read version 2 missed only the archiving.
    expect(t.err('people.update', { ...v1, version: v2.version, address: '鼓楼区' }).params).toMatchObject({ by: '赵敏', fields: 'archived' });
  });

  it('names the therapist who changed a child’s enrolment and a session', () => {
    const wang = therapist(t, '王老师');
    const li = therapist(t, '李老师');
    const zhou = worker('therapist', 'zhoujing', '周静');
    const enrolment = enrol(t, child(t, '李小宝', '2022-05-10'), wang);
    t.ok('rehab.enrolments.update', { ...enrolment, therapistId: li, status: 'active', version: 1 }, zhou);
    expect(t.err('rehab.enrolments.update', { ...enrolment, note: '旧窗口', status: 'active', version: 1 })).toMatchObject({
      code: 'REHAB_STALE',
      params: { by: '周静', byUser: 'zhoujing' },
    });
    expect(String(t.err('rehab.enrolments.update', { ...enrolment, note: '旧窗口', status: 'active', version: 1 }).params?.fields).split(',')).toContain('therapistId');

    const logged = t.ok('rehab.sessions.log', session(enrolment.id, li));
    t.ok('rehab.sessions.update', { ...logged, attendance: 'leave' }, zhou);
    expect(t.err('rehab.sessions.update', { ...logged, note: '旧' })).toMatchObject({ code: 'REHAB_STALE', params: { by: '周静', fields: 'attendance' } });
    // Deleting it with the old version is refused the same way.
    expect(t.err('rehab.sessions.remove', { id: logged.id, version: 1 })).toMatchObject({ code: 'REHAB_STALE', params: { by: '周静', fields: 'attendance' } });
  });

  it('names who changed a training class and a placement', () => {
    const zhao = worker('training', 'zhaomin', '赵敏');
    const klass = {
      courseType: 'massage_health',
      title: '2026年盲人保健按摩培训班',
      startDate: '2026-11-02',
      endDate: '2026-11-30',
      totalHours: 120,
      teacher: '周老师',
      location: '市残联培训基地',
      capacity: 3,
    };
    const c = t.ok('training.classes.create', klass);
    t.ok('training.classes.update', { ...klass, teacher: '吴老师', id: c.id, version: 1 }, zhao);
    expect(t.err('training.classes.update', { ...klass, capacity: 5, id: c.id, version: 1 })).toMatchObject({
      code: 'TRAINING_STALE',
      params: { by: '赵敏', fields: 'teacher' },
    });

    const person = t.ok('people.create', { name: '王芳', idNumber: makeId('1990-01-01', 2), household: 'urban' });
    const p = { personId: person.id, placementType: 'individual' as const, employerId: null, startDate: '2026-03-01', monthlyWageFen: 320000, fullTime: true, hasContract: true, socialInsurance: true };
    const placed = t.ok('training.placements.create', p);
    t.ok('training.placements.update', { ...p, monthlyWageFen: 350000, id: placed.id, version: 1 }, zhao);
    const refused = t.err('training.placements.update', { ...p, fullTime: false, id: placed.id, version: 1 });
    expect(refused).toMatchObject({ code: 'TRAINING_STALE', params: { by: '赵敏' } });
    expect(String(refused.params?.fields).split(',')).toContain('monthlyWageFen');
  });

  it('says no more than the plain refusal when the trail shows no change since the version sent', () => {
    const created = t.ok('rehab.sessions.log', session(enrol(t, child(t, '李小宝', '2022-05-10'), therapist(t, '王老师')).id, therapist(t, '李老师')));
    // A version from the future: nobody changed it, the record is simply not at that version.
    expect(t.err('rehab.sessions.remove', { id: created.id, version: 2 })).toEqual({ code: 'REHAB_STALE', params: { id: created.id } });
  });
});

describe('which calls change the same record', () => {
  const declarations = Object.fromEntries(Object.keys(contract).map((n) => [n, declarationOf(n as CallName)]));

  it('are those reading the same before-state by the id', () => {
    expect(sameRecordCalls('people.update', declarations)).toEqual(['people.archive', 'people.delete', 'people.update']);
    expect(sameRecordCalls('rehab.sessions.update', declarations)).toEqual(['rehab.sessions.remove', 'rehab.sessions.update']);
  });

  it('are none for a create, a read, or a before-state read by another key', () => {
    expect(sameRecordCalls('people.create', declarations)).toEqual([]);
    expect(sameRecordCalls('people.get', declarations)).toEqual([]);
    expect(sameRecordCalls('training.unenrol', declarations)).toEqual([]);
  });
});

describe('changeSince (the trail entries of one record, newest first)', () => {
  const entry = (actor: string, version: number, before: Record<string, unknown>, after: Record<string, unknown>) => ({
    actor,
    at: `2026-11-22T09:0${version}`,
    detail: { before: { version, ...before }, after: { version: version + 1, ...after } },
  });
  const entries = [entry('zhao', 3, { a: 1 }, { a: 2 }), entry('wang', 2, { b: 1 }, { b: 2 }), entry('li', 1, { c: 1 }, { c: 2 })];

  it.each([
    [1, { actor: 'zhao', at: '2026-11-22T09:03', fields: ['c', 'b', 'a'] }],
    [2, { actor: 'zhao', at: '2026-11-22T09:03', fields: ['b', 'a'] }],
    [3, { actor: 'zhao', at: '2026-11-22T09:03', fields: ['a'] }],
    [4, null],
  ])('since version %i', (version, expected) => {
    expect(changeSince(entries, version)).toEqual(expected);
  });

  it('skips entries without a versioned before-state, and lists a field changed twice once', () => {
    const twice = [entry('zhao', 2, { a: 2 }, { a: 3 }), { actor: 'x', at: 'y', detail: { input: { a: 9 } } }, entry('wang', 1, { a: 1 }, { a: 2 })];
    expect(changeSince(twice, 1)).toEqual({ actor: 'zhao', at: '2026-11-22T09:02', fields: ['a'] });
  });
});

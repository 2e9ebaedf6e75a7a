import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { child, enrol, session, therapist } from './fixtures';

let t: TestService;
let wang: number;
let li: number;
let a: number; // 王小明's enrolment, Mon–Fri 09:00 with 王老师
let b: number; // 刘一's enrolment, Tue/Thu 10:00 with 王老师
beforeEach(() => {
  t = testService();
  wang = therapist(t, '王老师');
  li = therapist(t, '李老师');
  a = enrol(t, child(t, '王小明', '2022-03-01'), wang).id;
  b = enrol(t, child(t, '刘一', '2021-07-07'), wang, { category: 'physical', scheduleDays: '24', scheduleTime: '10:00' }).id;
});
afterEach(() => t.close());

const sessionCount = () => (t.service.db.prepare('SELECT count(*) AS n FROM rehab_session').get() as { n: number }).n;

describe('logging a session', () => {
  it('stores it with its goals and returns the row at once', () => {
    const goal = t.ok('rehab.goals.save', { enrolmentId: a, domain: 'social', goal: '能与同伴轮流玩' });
    const row = t.ok('rehab.sessions.log', session(a, wang, { startTime: '9:05', goalIds: [goal.id, goal.id], note: '配合良好' }));
    expect(row).toEqual({
      id: row.id,
      enrolmentId: a,
      therapistId: wang,
      date: '2026-11-20',
      startTime: '09:05',
      minutes: 40,
      type: 'aba',
      attendance: 'present',
      goalIds: [goal.id],
      note: '配合良好',
      groupId: null,
      version: 1,
      location: 'centre',
    });
    const stored = t.service.db.prepare('SELECT created_by, created_at FROM rehab_session WHERE id = ?').get(row.id);
    expect(stored).toEqual({ created_by: '管理员（admin）', created_at: expect.stringMatching(/^2026-11-22T/) });
  });

  it.each([
    ['tomorrow', { date: '2026-11-23' }, 'REHAB_SESSION_FUTURE', 'date'],
    ['before the enrolment started', { date: '2026-08-31' }, 'REHAB_SESSION_BEFORE_START', 'date'],
    ['past midnight', { startTime: '23:50' }, 'REHAB_SESSION_PAST_MIDNIGHT', 'minutes'],
    ['without a sensible length', { minutes: 2 }, 'REHAB_MINUTES', 'minutes'],
    ['at an impossible time', { startTime: '9:75' }, 'REHAB_TIME_FORMAT', 'startTime'],
  ])('refuses a session %s', (_label, overrides, code, field) => {
    expect(t.err('rehab.sessions.log', session(a, wang, overrides))).toMatchObject({ code, field });
    expect(sessionCount()).toBe(0);
  });

  it('refuses a goal from another child', () => {
    const other = t.ok('rehab.goals.save', { enrolmentId: b, domain: 'gross_motor', goal: '独立行走10米' });
    expect(t.err('rehab.sessions.log', session(a, wang, { goalIds: [other.id] }))).toEqual({ code: 'REHAB_GOAL_NOT_FOUND', field: 'goalIds' });
  });

  it('refuses a therapist in two places at once, naming the other child and time', () => {
    t.ok('rehab.sessions.log', session(a, wang));
    expect(t.err('rehab.sessions.log', session(b, wang, { startTime: '09:30' }))).toEqual({
      code: 'REHAB_SESSION_OVERLAP_THERAPIST',
      field: 'startTime',
      params: { name: '王小明', start: '09:00', end: '09:40' },
    });
    t.ok('rehab.sessions.log', session(b, wang, { startTime: '09:40' }));
  });

  it('refuses a child in two sessions at once, naming the other therapist', () => {
    t.ok('rehab.sessions.log', session(a, wang));
    expect(t.err('rehab.sessions.log', session(a, li, { startTime: '09:20', type: 'ot' }))).toEqual({
      code: 'REHAB_SESSION_OVERLAP_CHILD',
      field: 'startTime',
      params: { therapist: '王老师', start: '09:00', end: '09:40' },
    });
  });

  it('lets the therapist fill the slot of a child who stayed away', () => {
    t.ok('rehab.sessions.log', session(a, wang, { attendance: 'absent' }));
    t.ok('rehab.sessions.log', session(b, wang));
    expect(sessionCount()).toBe(2);
  });
});

describe('a group session', () => {
  it('logs every child in one action, sharing the slot, with each attendance', () => {
    const c = enrol(t, child(t, '陈三', '2022-04-04'), li).id;
    const rows = t.ok('rehab.sessions.logGroup', {
      therapistId: wang,
      date: '2026-11-20',
      startTime: '14:00',
      minutes: 60,
      type: 'sensory',
      attendees: [
        { enrolmentId: a, attendance: 'present' },
        { enrolmentId: b, attendance: 'present' },
        { enrolmentId: c, attendance: 'leave' },
      ],
    });
    expect(rows.map((r) => [r.enrolmentId, r.attendance, r.groupId])).toEqual([
      [a, 'present', rows[0]!.id],
      [b, 'present', rows[0]!.id],
      [c, 'leave', rows[0]!.id],
    ]);
    // The slot is the therapist's: another single session in it is refused.
    const d = enrol(t, child(t, '赵四', '2022-04-04'), wang).id;
    expect(t.err('rehab.sessions.log', session(d, wang, { startTime: '14:30', type: 'ot' })).code).toBe('REHAB_SESSION_OVERLAP_THERAPIST');
  });

  it('logs none when one child cannot be, saying which', () => {
    t.ok('rehab.sessions.log', session(b, li, { startTime: '14:00', type: 'pt' }));
    const error = t.err('rehab.sessions.logGroup', {
      therapistId: wang,
      date: '2026-11-20',
      startTime: '14:00',
      minutes: 60,
      type: 'sensory',
      attendees: [
        { enrolmentId: a, attendance: 'present' },
        { enrolmentId: b, attendance: 'present' },
      ],
    });
    expect(error).toEqual({
      code: 'REHAB_SESSION_OVERLAP_CHILD',
      field: 'attendees.1',
      params: { therapist: '李老师', start: '14:00', end: '14:40', row: 2 },
    });
    expect(sessionCount()).toBe(1);
  });

  it('refuses the same child twice in a group', () => {
    const error = t.err('rehab.sessions.logGroup', {
      therapistId: wang,
      date: '2026-11-20',
      startTime: '14:00',
      minutes: 60,
      type: 'sensory',
      attendees: [
        { enrolmentId: a, attendance: 'present' },
        { enrolmentId: a, attendance: 'absent' },
      ],
    });
    expect(error).toEqual({ code: 'REHAB_GROUP_DUPLICATE', field: 'attendees' });
  });
});

describe('changing and deleting a session', () => {
  it('records who changed what, re-checks overlaps without counting itself, and refuses a stale version', () => {
    const first = t.ok('rehab.sessions.log', session(a, wang));
    t.ok('rehab.sessions.log', session(b, wang, { startTime: '10:00' }));
    const moved = t.ok('rehab.sessions.update', { ...first, startTime: '09:10', attendance: 'leave', note: '家长来电请假' });
    expect(moved).toMatchObject({ version: 2, startTime: '09:10', attendance: 'leave' });
    expect(t.err('rehab.sessions.update', { ...moved, startTime: '09:50', attendance: 'present' })).toMatchObject({
      code: 'REHAB_SESSION_OVERLAP_THERAPIST',
      params: { name: '刘一' },
    });
    expect(t.err('rehab.sessions.update', { ...first, note: '旧' }).code).toBe('REHAB_STALE');
    const history = t.ok('rehab.enrolments.get', { id: a }).history;
    expect(history[0]).toMatchObject({
      entity: 'session',
      action: 'update',
      changes: [
        { field: 'startTime', before: '09:00', after: '09:10' },
        { field: 'attendance', before: 'present', after: 'leave' },
        { field: 'note', before: '', after: '家长来电请假' },
      ],
    });
  });

  it('deletes a session, keeping a record of what it was', () => {
    const row = t.ok('rehab.sessions.log', session(a, wang));
    expect(t.err('rehab.sessions.remove', { id: row.id, version: 2 }).code).toBe('REHAB_STALE');
    t.ok('rehab.sessions.remove', { id: row.id, version: 1 });
    expect(sessionCount()).toBe(0);
    expect(t.ok('rehab.enrolments.get', { id: a }).history[0]).toMatchObject({
      entity: 'session',
      action: 'delete',
      changes: expect.arrayContaining([{ field: 'date', before: '2026-11-20', after: null }]),
    });
    expect(t.err('rehab.sessions.remove', { id: row.id, version: 1 }).code).toBe('REHAB_SESSION_NOT_FOUND');
  });
});

describe("a therapist's day", () => {
  it('lists scheduled children by time, then the rest of the caseload, with what to propose', () => {
    const goal = t.ok('rehab.goals.save', { enrolmentId: a, domain: 'language', goal: '能仿说双音节词' });
    t.ok('rehab.sessions.log', session(a, wang, { date: '2026-11-19', type: 'st', goalIds: [goal.id] }));
    // 2026-11-20 is a Friday: 王小明 (Mon–Fri) is scheduled, 刘一 (Tue/Thu) is not.
    const day = t.ok('rehab.day', { therapistId: wang, date: '2026-11-20' });
    expect(day.children.map((c) => [c.name, c.scheduled, c.scheduleTime])).toEqual([
      ['王小明', true, '09:00'],
      ['刘一', false, '10:00'],
    ]);
    expect(day.children[0]).toMatchObject({ proposedType: 'st', proposedGoalIds: [goal.id], openGoals: [{ id: goal.id, domain: 'language', goal: '能仿说双音节词' }] });
    expect(day.children[1]).toMatchObject({ proposedType: 'pt', proposedGoalIds: [] });
    expect(day.others).toEqual([]);
  });

  it('shows children logged by this therapist or asked for, and the sessions of the day', () => {
    const c = enrol(t, child(t, '陈三', '2022-04-04'), li).id;
    expect(t.ok('rehab.day', { therapistId: wang, date: '2026-11-20' }).others).toEqual([{ enrolmentId: c, name: '陈三' }]);
    const asked = t.ok('rehab.day', { therapistId: wang, date: '2026-11-20', include: [c] });
    expect(asked.children.map((x) => [x.name, x.inCaseload])).toContainEqual(['陈三', false]);
    t.ok('rehab.sessions.log', session(c, wang, { startTime: '11:00', type: 'ot' }));
    const day = t.ok('rehab.day', { therapistId: wang, date: '2026-11-20' });
    expect(day.children.find((x) => x.enrolmentId === c)?.sessions.map((s) => s.startTime)).toEqual(['11:00']);
  });

  it('leaves out children not yet started, discharged before the day, or paused on it', () => {
    enrol(t, child(t, '未来', '2022-04-04'), wang, { startDate: '2026-11-21' });
    const gone = enrol(t, child(t, '已结案', '2022-04-04'), wang);
    t.ok('rehab.enrolments.update', { ...gone, status: 'discharged', statusDate: '2026-11-19', dischargeReason: '入园', version: 1 });
    expect(t.ok('rehab.day', { therapistId: wang, date: '2026-11-20' }).children.map((x) => x.name)).toEqual(['王小明', '刘一']);
    expect(t.ok('rehab.day', { therapistId: wang, date: '2026-11-19' }).children.map((x) => x.name)).toContain('已结案');
  });
});

describe('indexes for the queries people wait on', () => {
  const plan = (sql: string, ...args: unknown[]) =>
    (t.service.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');

  it('finds a therapist’s day and a child’s month by index, never by scanning sessions', () => {
    expect(plan('SELECT id, minutes FROM rehab_session WHERE therapist_id = ? AND session_date = ?', 1, '2026-11-20')).toContain(
      'USING INDEX rehab_session_therapist (therapist_id=? AND session_date=?)',
    );
    expect(plan('SELECT id, minutes FROM rehab_session WHERE enrolment_id = ? AND session_date BETWEEN ? AND ?', 1, '2026-11-01', '2026-11-30')).toContain(
      'USING INDEX rehab_session_child (enrolment_id=? AND session_date>? AND session_date<?)',
    );
    expect(plan('SELECT count(*) FROM rehab_service_day WHERE enrolment_id = ? AND service_date BETWEEN ? AND ?', 1, '2026-11-01', '2026-11-30')).toMatch(
      /USING (COVERING )?INDEX rehab_session_child/,
    );
    expect(plan("SELECT type, count(*) FROM rehab_session WHERE session_date BETWEEN ? AND ? GROUP BY type", '2026-11-01', '2026-11-30')).toContain(
      'USING COVERING INDEX rehab_session_month',
    );
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import { child, enrol, session, therapist } from './fixtures';

let t: TestService;
let wang: number;
beforeEach(() => {
  t = testService();
  wang = therapist(t, '王老师');
});
afterEach(() => t.close());

describe('month figures', () => {
  let a: number;
  let b: number;
  let c: number;
  beforeEach(() => {
    // Ages on 2026-11-01: 王小明 4 (band 4–6), 刘一 3 (band 0–3), 陈三 5.
    a = enrol(t, child(t, '王小明', '2022-03-01'), wang).id;
    b = enrol(t, child(t, '刘一', '2023-07-07'), wang, { category: 'physical' }).id;
    c = enrol(t, child(t, '陈三', '2021-05-05'), wang, { category: 'hearing' }).id;
    const log = (enrolmentId: number, date: string, startTime: string, attendance: 'present' | 'absent' | 'leave', type = 'aba' as const) =>
      t.ok('rehab.sessions.log', session(enrolmentId, wang, { date, startTime, attendance, type }));
    log(a, '2026-10-15', '09:00', 'present');
    log(a, '2026-11-02', '09:00', 'present');
    log(a, '2026-11-02', '15:00', 'present');
    log(a, '2026-11-03', '09:00', 'absent');
    log(a, '2026-11-04', '09:00', 'present');
    t.ok('rehab.sessions.log', session(b, wang, { date: '2026-11-05', startTime: '10:00', type: 'pt' }));
    t.ok('rehab.sessions.log', session(b, wang, { date: '2026-11-06', startTime: '10:00', type: 'pt', attendance: 'leave' }));
    log(c, '2026-11-05', '11:00', 'absent');
  });

  it("gives a child's month: sessions by date, service days, attendance and a year's trend", () => {
    const month = t.ok('rehab.month', { enrolmentId: a, month: '2026-11' });
    expect(month.sessions.map((s) => `${s.date} ${s.startTime} ${s.attendance} ${s.therapistName}`)).toEqual([
      '2026-11-02 09:00 present 王老师',
      '2026-11-02 15:00 present 王老师',
      '2026-11-03 09:00 absent 王老师',
      '2026-11-04 09:00 present 王老师',
    ]);
    expect(month.counts).toEqual({ sessions: 4, present: 3, absent: 1, leave: 0, serviceDays: 2, attendanceRate: 75, minutes: 120 });
    expect(month.trend).toHaveLength(12);
    expect(month.trend[0]!.month).toBe('2025-12');
    expect(month.trend.slice(-2)).toEqual([
      { month: '2026-10', sessions: 1, present: 1, absent: 0, leave: 0, serviceDays: 1, attendanceRate: 100 },
      { month: '2026-11', sessions: 4, present: 3, absent: 1, leave: 0, serviceDays: 2, attendanceRate: 75 },
    ]);
    expect(month.byType).toEqual([{ type: 'aba', sessions: 4 }]);
  });

  it('agrees with the service-day view that claims will count', () => {
    const view = t.service.db
      .prepare("SELECT count(*) AS n FROM rehab_service_day WHERE enrolment_id = ? AND service_date BETWEEN '2026-11-01' AND '2026-11-30'")
      .get(a) as { n: number };
    expect(view.n).toBe(t.ok('rehab.month', { enrolmentId: a, month: '2026-11' }).counts.serviceDays);
  });

  it("sums the centre's month: children served by category and age band, sessions, service days, attendance", () => {
    const summary = t.ok('rehab.summary', { month: '2026-11' });
    expect(summary.ageBands).toEqual([
      { from: 0, to: 3 },
      { from: 4, to: 6 },
      { from: 7, to: null },
    ]);
    // 陈三 only missed a session: not served this month.
    expect(summary.served).toEqual([
      { category: 'physical', bands: [1, 0, 0], total: 1 },
      { category: 'autism', bands: [0, 1, 0], total: 1 },
    ]);
    expect(summary.servedByBand).toEqual([1, 1, 0]);
    expect(summary.totals).toEqual({ children: 2, sessions: 7, present: 4, absent: 2, leave: 1, serviceDays: 3, attendanceRate: 57 });
    expect(summary.byType).toEqual([
      { type: 'pt', sessions: 2, present: 1 },
      { type: 'aba', sessions: 5, present: 3 },
    ]);
    expect(summary.trend.at(-2)).toMatchObject({ month: '2026-10', children: 1, sessions: 1, serviceDays: 1 });
  });

  it('follows the age band setting', () => {
    t.ok('rehab.settings.update', { 'rehab.ageBands': [3, 5, 7] });
    const summary = t.ok('rehab.summary', { month: '2026-11' });
    expect(summary.servedByBand).toEqual([0, 2, 0, 0]);
    expect(t.err('rehab.settings.update', { 'rehab.ageBands': [5, 3] })).toEqual({ code: 'REHAB_AGE_BANDS', field: 'rehab.ageBands' });
  });

  it('moves figures when a session changes or goes', () => {
    const month = t.ok('rehab.month', { enrolmentId: a, month: '2026-11' });
    const absent = month.sessions.find((s) => s.attendance === 'absent')!;
    t.ok('rehab.sessions.update', { ...absent, attendance: 'present' });
    expect(t.ok('rehab.summary', { month: '2026-11' }).totals).toMatchObject({ present: 5, absent: 1, serviceDays: 4 });
    const second = month.sessions[1]!;
    t.ok('rehab.sessions.remove', { id: second.id, version: second.version });
    expect(t.ok('rehab.summary', { month: '2026-11' }).totals).toMatchObject({ sessions: 6, present: 4, serviceDays: 4 });
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(t.err('rehab.summary', { month: '2026-13' })).toEqual({ code: 'REHAB_MONTH_FORMAT', field: 'month' });
  });

});

describe('home visits due', () => {
  const setJoined = (personId: number, date: string) =>
    t.service.db.prepare('UPDATE person SET created_at = ? WHERE id = ?').run(`${date}T08:00:00+08:00`, personId);
  function adult(name: string, birth: string, level: number, joined: string) {
    const id = makeId(birth, 41 + level * 2);
    const personId = t.ok('people.create', { name, idNumber: id, certNumber: makeCert(id, 4, level), certExpiry: '2030-01-01', household: 'rural' }).id;
    setJoined(personId, joined);
    return personId;
  }

  it('lists children in the programme and severe adults by calendar quarter, others by year, overdue first', () => {
    // Today is 2026-11-22, in the fourth quarter; with a 40-day window its end (12-31) counts as near.
    t.ok('rehab.settings.update', { 'rehab.visit.dueWithinDays': 40 });
    const recent = child(t, '新入训', '2022-01-01');
    enrol(t, recent, wang, { startDate: '2026-10-08' }); // joined this quarter, never visited: due by 12-31
    const longAgo = child(t, '久未访', '2022-02-02');
    enrol(t, longAgo, wang, { startDate: '2026-06-01' }); // the third quarter went without a visit: overdue
    const severe = adult('重度甲', '1980-01-01', 1, '2025-01-01');
    t.ok('rehab.visits.create', { personId: severe, date: '2026-07-01', visitor: '张专干' }); // the third quarter's visit does not cover the fourth: due
    const severeDone = adult('重度戊', '1981-01-01', 2, '2025-01-01');
    t.ok('rehab.visits.create', { personId: severeDone, date: '2026-10-15', visitor: '张专干' }); // visited this quarter
    const mild = adult('轻度乙', '1970-01-01', 3, '2025-01-01');
    t.ok('rehab.visits.create', { personId: mild, date: '2026-07-01', visitor: '张专干' }); // yearly: visited this year
    const mildLate = adult('轻度丙', '1975-01-01', 4, '2024-01-01');
    t.ok('rehab.visits.create', { personId: mildLate, date: '2024-10-01', visitor: '张专干' }); // yearly: 2025 went without

    const due = t.ok('rehab.visits.due', {});
    expect(due.counts).toEqual({ frequent: { overdue: 1, due: 2 }, other: { overdue: 1, due: 0 } });
    expect(due.rows.map((r) => [r.name, r.band, r.nextDue, r.lastVisit])).toEqual([
      ['久未访', 'overdue', '2026-09-30', ''],
      ['新入训', 'due', '2026-12-31', ''],
      ['重度甲', 'due', '2026-12-31', '2026-07-01'],
    ]);
    expect(t.ok('rehab.visits.due', { frequency: 'other' }).rows.map((r) => [r.name, r.nextDue])).toEqual([['轻度丙', '2025-12-31']]);

    t.ok('rehab.visits.create', { personId: longAgo, date: '2026-11-22', visitor: '王老师', note: '家庭训练指导' });
    const after = t.ok('rehab.visits.due', {});
    expect(after.rows.map((r) => r.name)).toEqual(['新入训', '重度甲']);
    expect(after.recent[0]).toMatchObject({ name: '久未访', date: '2026-11-22', visitor: '王老师', createdBy: '管理员（admin）' });
  });

  it('lists the earliest due first in pinyin order within a day, up to the limit, with ID number and category', () => {
    // Code-point order would put 张 (U+5F20) before 李 (U+674E); pinyin puts li before zhang.
    const people = ['张三', '安娜', '李四'].map((name, i) => adult(name, `198${i}-02-02`, 1, '2025-01-01'));
    const due = t.ok('rehab.visits.due', { limit: 2 });
    expect(due.total).toBe(3);
    expect(due.counts.frequent).toEqual({ overdue: 3, due: 0 });
    expect(due.rows.map((r) => [r.name, r.band, r.nextDue])).toEqual([
      ['安娜', 'overdue', '2026-09-30'],
      ['李四', 'overdue', '2026-09-30'],
    ]);
    expect(due.rows[0]).toMatchObject({ personId: people[1], age: 45, idNumber: makeId('1981-02-02', 43), category: 4, level: 1, enrolmentId: null, lastVisit: '' });
  });

  it('follows the period and window settings and refuses a visit in the future', () => {
    const kid = child(t, '小丁', '2023-01-01');
    enrol(t, kid, wang, { startDate: '2026-10-10' });
    expect(t.ok('rehab.visits.due', {}).rows).toHaveLength(0); // the quarter ends 39 days from today
    t.ok('rehab.settings.update', { 'rehab.visit.dueWithinDays': 40 });
    expect(t.ok('rehab.visits.due', {}).rows.map((r) => [r.band, r.nextDue])).toEqual([['due', '2026-12-31']]);
    t.ok('rehab.settings.update', { 'rehab.visit.frequentMonths': 1 }); // monthly: October went without
    expect(t.ok('rehab.visits.due', {}).rows.map((r) => [r.band, r.nextDue])).toEqual([['overdue', '2026-10-31']]);
    expect(t.err('rehab.visits.create', { personId: kid, date: '2026-11-23', visitor: '王老师' })).toEqual({
      code: 'REHAB_DATE_FUTURE',
      field: 'date',
      params: { today: '2026-11-22' },
    });
  });

  it('shows visits on the child’s enrolment with who recorded them', () => {
    const kid = child(t, '小丙', '2023-01-01');
    const e = enrol(t, kid, wang);
    t.ok('rehab.visits.create', { personId: kid, date: '2026-11-01', visitor: '王老师', note: '家居环境良好' });
    const detail = t.ok('rehab.enrolments.get', { id: e.id });
    expect(detail.visits).toEqual([expect.objectContaining({ date: '2026-11-01', visitor: '王老师', note: '家居环境良好', createdBy: '管理员（admin）' })]);
    expect(detail.history[0]).toMatchObject({ entity: 'visit', action: 'create' });
  });
});

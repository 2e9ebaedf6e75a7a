import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { child, enrol, session, therapist } from './fixtures';

let t: TestService;
let wang: number;
beforeEach(() => {
  t = testService();
  wang = therapist(t, '王老师');
});
afterEach(() => t.close());

const enrolments = () => (t.service.db.prepare('SELECT count(*) AS n FROM rehab_enrolment').get() as { n: number }).n;

describe('enrolling a child', () => {
  it('stores the enrolment with the category default training type, schedule and who enrolled', () => {
    const personId = child(t, '李小宝', '2022-05-10');
    const created = enrol(t, personId, wang, { category: 'hearing', cochlearImplant: true, scheduleDays: '531', scheduleTime: '1430' });
    expect(created).toMatchObject({
      personId,
      name: '李小宝',
      age: 4,
      category: 'hearing',
      cochlearImplant: true,
      status: 'active',
      statusDate: '2026-09-01',
      therapistName: '王老师',
      scheduleDays: '135',
      scheduleTime: '14:30',
      defaultType: 'auditory_verbal',
      guardianName: '家长',
      createdBy: '管理员（admin）',
      version: 1,
    });
    expect(created.history).toEqual([expect.objectContaining({ entity: 'enrolment', action: 'create', actor: '管理员（admin）' })]);
  });

  it('refuses a child who is 7 on the start date, with age and limit, and saves nothing', () => {
    const personId = child(t, '张大宝', '2019-09-01');
    const error = t.err('rehab.enrolments.create', {
      personId,
      therapistId: wang,
      category: 'autism',
      startDate: '2026-09-01',
      funding: 'relief',
    });
    expect(error).toEqual({ code: 'REHAB_OVER_AGE', field: 'startDate', params: { age: 7, limit: 7, startDate: '2026-09-01' } });
    expect(enrolments()).toBe(0);
    // The day before the 7th birthday is still within the programme.
    expect(enrol(t, personId, wang, { startDate: '2026-08-31' }).status).toBe('active');
  });

  it('uses the age limit in force on the start date (a setting with effective dates)', () => {
    t.ok('rehab.settings.update', { effectiveFrom: '2027-01-01', 'rehab.ageLimit': 18 });
    const personId = child(t, '赵一一', '2018-01-01');
    expect(t.err('rehab.enrolments.create', { personId, therapistId: wang, category: 'physical', startDate: '2026-12-31', funding: 'self' }).code).toBe(
      'REHAB_OVER_AGE',
    );
    expect(enrol(t, personId, wang, { startDate: '2027-01-01', category: 'physical' }).status).toBe('active');
    expect(t.ok('rehab.settings.get', { date: '2026-12-31' })['rehab.ageLimit']).toBe(7);
    expect(t.ok('rehab.settings.get', { date: '2027-06-01' })['rehab.ageLimit']).toBe(18);
  });

  it('refuses a child already in the programme, and allows a new enrolment after discharge', () => {
    const personId = child(t, '周宁', '2023-02-02');
    const first = enrol(t, personId, wang);
    expect(t.err('rehab.enrolments.create', { personId, therapistId: wang, category: 'autism', startDate: '2026-10-01', funding: 'relief' })).toEqual({
      code: 'REHAB_ALREADY_ENROLLED',
      field: 'personId',
      params: { since: '2026-09-01', id: first.id },
    });
    t.ok('rehab.enrolments.update', { ...first, status: 'discharged', statusDate: '2026-10-31', dischargeReason: '转介', version: 1 });
    expect(enrol(t, personId, wang, { startDate: '2026-11-02' }).id).not.toBe(first.id);
  });

  it('reports schema problems as field codes, a malformed optional date or time by its own code', () => {
    const personId = child(t, '钱多', '2023-02-02');
    const error = t.err('rehab.enrolments.create', { personId, therapistId: null as never, category: 'x' as never, startDate: '2026-02-30', funding: 'relief' });
    expect(error.details?.map((d) => `${d.field}:${d.code}`)).toEqual(['category:REQUIRED', 'startDate:INVALID_DATE', 'therapistId:REQUIRED']);
    expect(
      t.err('rehab.enrolments.create', { personId, therapistId: wang, category: 'autism', cochlearImplant: true, startDate: '2026-09-01', funding: 'relief', scheduleTime: '25:00' }),
    ).toEqual({ code: 'REHAB_TIME_FORMAT', field: 'scheduleTime' });
    const e = enrol(t, personId, wang);
    expect(t.err('rehab.enrolments.update', { ...e, status: 'paused', statusDate: '2026-11-31', version: 1 })).toEqual({ code: 'INVALID_DATE', field: 'statusDate' });
  });

  it('does not give new children to a therapist who has left', () => {
    const personId = child(t, '孙悦', '2023-02-02');
    t.ok('rehab.therapists.save', { id: wang, name: '王老师', active: false });
    expect(t.err('rehab.enrolments.create', { personId, therapistId: wang, category: 'autism', startDate: '2026-09-01', funding: 'relief' })).toEqual({
      code: 'REHAB_THERAPIST_INACTIVE',
      field: 'therapistId',
    });
  });
});

describe('changing an enrolment', () => {
  it('records who changed what, and refuses a stale version', () => {
    const created = enrol(t, child(t, '吴桐', '2022-01-01'), wang);
    const li = therapist(t, '李老师');
    const lead = t.signInAs('therapist', 'zhuren');
    const updated = t.ok('rehab.enrolments.update', { ...created, therapistId: li, scheduleDays: '24', status: 'active', version: 1 }, lead);
    expect(updated).toMatchObject({ version: 2, therapistName: '李老师', scheduleDays: '24' });
    expect(updated.history[0]).toMatchObject({
      actor: 'therapist 用户（zhuren）',
      action: 'update',
      changes: [
        { field: 'therapistId', before: wang, after: li },
        { field: 'scheduleDays', before: '12345', after: '24' },
      ],
    });
    expect(t.err('rehab.enrolments.update', { ...created, note: '旧窗口', status: 'active', version: 1 }).code).toBe('REHAB_STALE');
  });

  it('pauses and resumes, refusing sessions during the pause', () => {
    const created = enrol(t, child(t, '郑好', '2022-01-01'), wang);
    const paused = t.ok('rehab.enrolments.update', { ...created, status: 'paused', statusDate: '2026-11-01', version: 1 });
    expect(paused).toMatchObject({ status: 'paused', statusDate: '2026-11-01' });
    expect(t.err('rehab.sessions.log', session(created.id, wang, { date: '2026-11-02' }))).toEqual({
      code: 'REHAB_SESSION_PAUSED',
      field: 'date',
      params: { since: '2026-11-01' },
    });
    t.ok('rehab.sessions.log', session(created.id, wang, { date: '2026-10-30' }));
    const resumed = t.ok('rehab.enrolments.update', { ...paused, status: 'active', statusDate: '2026-11-16', version: paused.version });
    expect(resumed.statusDate).toBe('2026-11-16');
    t.ok('rehab.sessions.log', session(created.id, wang, { date: '2026-11-20' }));
  });

  it('discharges with a reason, not before the last session, and never reopens', () => {
    const created = enrol(t, child(t, '冯乐', '2022-01-01'), wang);
    t.ok('rehab.sessions.log', session(created.id, wang, { date: '2026-11-20' }));
    const discharge = { ...created, status: 'discharged' as const, version: 1 };
    expect(t.err('rehab.enrolments.update', { ...discharge, statusDate: '2026-11-19', dischargeReason: '' }).details?.map((d) => d.code)).toEqual([
      'REHAB_DISCHARGE_REASON_REQUIRED',
      'REHAB_DISCHARGE_BEFORE_SESSIONS',
    ]);
    const done = t.ok('rehab.enrolments.update', { ...discharge, statusDate: '2026-11-20', dischargeReason: '入学' });
    expect(done).toMatchObject({ status: 'discharged', statusDate: '2026-11-20', dischargeReason: '入学' });
    expect(t.err('rehab.sessions.log', session(created.id, wang, { date: '2026-11-21' })).code).toBe('REHAB_SESSION_AFTER_DISCHARGE');
    expect(t.err('rehab.enrolments.update', { ...done, status: 'active', version: done.version }).code).toBe('REHAB_ALREADY_DISCHARGED');
  });

  it('will not move the start after sessions already logged', () => {
    const created = enrol(t, child(t, '陈晨', '2022-01-01'), wang);
    t.ok('rehab.sessions.log', session(created.id, wang, { date: '2026-09-05' }));
    expect(t.err('rehab.enrolments.update', { ...created, startDate: '2026-09-10', status: 'active', version: 1 })).toEqual({
      code: 'REHAB_START_AFTER_SESSIONS',
      field: 'startDate',
      params: { first: '2026-09-05' },
    });
  });
});

describe('therapists', () => {
  it('lists each with their caseload and refuses duplicate names', () => {
    enrol(t, child(t, '甲', '2022-01-01'), wang);
    expect(t.ok('rehab.therapists.list', {})).toEqual([{ id: wang, name: '王老师', active: true, caseload: 1, accountId: null, accountName: null }]);
    expect(t.err('rehab.therapists.save', { name: '王老师' })).toEqual({ code: 'REHAB_THERAPIST_DUPLICATE', field: 'name', params: { name: '王老师' } });
  });

  it('links a therapist to her staff account, one account to one therapist, and keeps the link when saved without it', () => {
    t.ok('accounts.create', { username: 'wang', displayName: '王丽', role: 'therapist', password: 'a long password 1' });
    const accountId = t.ok('accounts.list', {}).find((a) => a.username === 'wang')!.id;
    expect(t.ok('rehab.therapists.save', { id: wang, name: '王老师', accountId })).toMatchObject({ accountId, accountName: '王丽' });
    expect(t.ok('rehab.therapists.save', { id: wang, name: '王老师', active: true })).toMatchObject({ accountId });
    const li = t.ok('rehab.therapists.save', { name: '李老师' }).id;
    expect(t.err('rehab.therapists.save', { id: li, name: '李老师', accountId })).toEqual({ code: 'REHAB_THERAPIST_ACCOUNT_TAKEN', field: 'accountId', params: { name: '王老师' } });
    expect(t.err('rehab.therapists.save', { id: li, name: '李老师', accountId: 999 })).toMatchObject({ code: 'REHAB_THERAPIST_ACCOUNT_NOT_FOUND' });
    expect(t.ok('rehab.therapists.save', { id: wang, name: '王老师', accountId: null })).toMatchObject({ accountId: null, accountName: null });
  });

  it('will not let a therapist with children in their care leave', () => {
    enrol(t, child(t, '乙', '2022-01-01'), wang);
    expect(t.err('rehab.therapists.save', { id: wang, name: '王老师', active: false })).toEqual({
      code: 'REHAB_THERAPIST_HAS_CASELOAD',
      field: 'active',
      params: { n: 1 },
    });
  });
});

describe('plans and assessments', () => {
  it('keeps goals with their status and how many sessions worked on them', () => {
    const e = enrol(t, child(t, '何欢', '2022-01-01'), wang);
    const goal = t.ok('rehab.goals.save', { enrolmentId: e.id, domain: 'language', goal: '能说出5个常见物品名称', targetDate: '2027-01-31' });
    t.ok('rehab.sessions.log', session(e.id, wang, { goalIds: [goal.id] }));
    expect(t.ok('rehab.enrolments.get', { id: e.id }).goals).toEqual([{ ...goal, sessions: 1 }]);
    const achieved = t.ok('rehab.goals.save', { ...goal, status: 'achieved' });
    expect(achieved.status).toBe('achieved');
    expect(t.ok('rehab.enrolments.get', { id: e.id }).history[0]).toMatchObject({ entity: 'goal', changes: [{ field: 'status', before: 'open', after: 'achieved' }] });
  });

  it('shows the progress from the previous assessment with the same tool', () => {
    const e = enrol(t, child(t, '林木', '2022-01-01'), wang);
    const scores = (language: number, motor: number) => [
      { domain: 'language' as const, score: language },
      { domain: 'gross_motor' as const, score: motor },
    ];
    t.ok('rehab.assessments.create', { enrolmentId: e.id, kind: 'intake', date: '2026-09-01', assessor: '王老师', tool: 'Gesell', scores: scores(40, 55) });
    t.ok('rehab.assessments.create', { enrolmentId: e.id, kind: 'periodic', date: '2026-10-01', assessor: '王老师', tool: 'PEP-3', scores: [{ domain: 'social', level: '中度' }] });
    const later = t.ok('rehab.assessments.create', { enrolmentId: e.id, kind: 'periodic', date: '2026-11-20', assessor: '李医生', tool: 'Gesell', scores: scores(52, 54.5) });
    expect(later.progress).toEqual({
      previousDate: '2026-09-01',
      domains: [
        { domain: 'gross_motor', before: 55, after: 54.5, change: -0.5, levelBefore: '', levelAfter: '' },
        { domain: 'language', before: 40, after: 52, change: 12, levelBefore: '', levelAfter: '' },
      ],
    });
    expect(t.ok('rehab.enrolments.get', { id: e.id }).assessments.map((a) => a.tool)).toEqual(['Gesell', 'PEP-3', 'Gesell']);
  });

  it('refuses a domain without score or level, a domain twice, and a future date', () => {
    const e = enrol(t, child(t, '高山', '2022-01-01'), wang);
    const error = t.err('rehab.assessments.create', {
      enrolmentId: e.id,
      kind: 'intake',
      date: '2026-11-23',
      assessor: '王老师',
      tool: 'Gesell',
      scores: [{ domain: 'language' }, { domain: 'language', score: 3 }],
    });
    expect(error.details?.map((d) => `${d.field}:${d.code}`)).toEqual(['date:REHAB_DATE_FUTURE', 'scores.0.score:REHAB_SCORE_REQUIRED', 'scores.1.domain:REHAB_SCORE_DUPLICATE']);
  });
});

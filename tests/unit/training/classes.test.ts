import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeId } from '../../support/ids';
import type { ClassInput } from '../../../db/training/contract';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

function klass(overrides: Partial<ClassInput> = {}): ClassInput {
  return {
    courseType: 'massage_health',
    title: '2026年盲人保健按摩培训班',
    startDate: '2026-11-02',
    endDate: '2026-11-30',
    totalHours: 120,
    teacher: '周老师',
    location: '市残联培训基地',
    capacity: 3,
    ...overrides,
  };
}

function person(name: string, birth: string, sequence: number) {
  return t.ok('people.create', { name, idNumber: makeId(birth, sequence), household: 'urban' });
}

const attendanceRows = () => (t.service.db.prepare('SELECT count(*) AS n FROM training_attendance').get() as { n: number }).n;

describe('training classes', () => {
  it('creates a class with who and when, and lists it', () => {
    const created = t.ok('training.classes.create', klass({ startDate: '2026/11/2' }));
    expect(created).toMatchObject({ title: '2026年盲人保健按摩培训班', startDate: '2026-11-02', enrolled: 0, minAttendancePct: 80, createdBy: '管理员（admin）', version: 1 });
    expect(t.ok('training.classes.list', {}).rows.map((r) => r.title)).toEqual(['2026年盲人保健按摩培训班']);
  });

  it('refuses an end before the start and an unknown course type, together', () => {
    const error = t.err('training.classes.create', klass({ courseType: 'juggling', endDate: '2026-10-01' }));
    expect(error).toMatchObject({
      code: 'VALIDATION',
      details: [
        { code: 'TRAINING_COURSE_TYPE_UNKNOWN', field: 'courseType' },
        { code: 'TRAINING_END_BEFORE_START', field: 'endDate' },
      ],
    });
  });

  it('accepts a course type added in the settings, with its own minimum share', () => {
    const types = t.ok('training.courseTypes.add', { name: '直播带货', minAttendancePct: 90 });
    const added = types.find((c) => c.name === '直播带货')!;
    expect(added).toMatchObject({ builtin: false, minAttendancePct: 90 });
    expect(t.ok('training.classes.create', klass({ courseType: added.code })).minAttendancePct).toBe(90);
    expect(t.err('training.courseTypes.add', { name: '直播带货', minAttendancePct: 80 }).code).toBe('TRAINING_COURSE_TYPE_EXISTS');
  });

  it('keeps the minimum a class started under when the setting changes later', () => {
    const old = t.ok('training.classes.create', klass());
    t.ok('training.courseTypes.setMinimum', { code: 'massage_health', minAttendancePct: 90, effectiveFrom: '2027-01-01' });
    const later = t.ok('training.classes.create', klass({ startDate: '2027-01-05', endDate: '2027-02-05' }));
    expect(t.ok('training.classes.get', { id: old.id }).minAttendancePct).toBe(80);
    expect(later.minAttendancePct).toBe(90);
    const listed = t.ok('training.courseTypes.list', {}).find((c) => c.code === 'massage_health')!;
    expect(listed).toMatchObject({ minAttendancePct: 80, scheduled: [{ effectiveFrom: '2027-01-01', minAttendancePct: 90 }] });
  });
});

describe('enrolment by real name', () => {
  it('enrols registered people, refusing the same person twice and anyone beyond the capacity', () => {
    const c = t.ok('training.classes.create', klass({ capacity: 2 }));
    const a = person('王芳', '1990-01-01', 2);
    const b = person('李强', '1991-02-02', 3);
    const d = person('张伟', '1992-03-03', 5);
    t.ok('training.enrol', { classId: c.id, personId: a.id });
    expect(t.err('training.enrol', { classId: c.id, personId: a.id })).toEqual({ code: 'TRAINING_ALREADY_ENROLLED', params: { name: '王芳' } });
    t.ok('training.enrol', { classId: c.id, personId: b.id });
    expect(t.err('training.enrol', { classId: c.id, personId: d.id })).toEqual({ code: 'TRAINING_CLASS_FULL', params: { capacity: 2 } });
    expect(t.ok('training.classes.get', { id: c.id }).trainees.map((x) => x.name)).toEqual(['王芳', '李强']);
  });

  it('registers a new person inline and enrols them in one step', () => {
    const c = t.ok('training.classes.create', klass());
    const detail = t.ok('training.enrol', { classId: c.id, person: { name: '陈静', idNumber: makeId('1995-07-07', 8), household: 'rural' } });
    expect(detail.trainees).toMatchObject([{ name: '陈静', sex: 'F', enrolledOn: '2026-11-22' }]);
    expect(t.ok('people.search', { q: '陈静' }).total).toBe(1);
  });

  it('registers nobody when the class is full', () => {
    const c = t.ok('training.classes.create', klass({ capacity: 1 }));
    t.ok('training.enrol', { classId: c.id, personId: person('王芳', '1990-01-01', 2).id });
    expect(t.err('training.enrol', { classId: c.id, person: { name: '陈静', idNumber: makeId('1995-07-07', 8), household: 'rural' } }).code).toBe(
      'TRAINING_CLASS_FULL',
    );
    expect(t.ok('people.search', { q: '陈静' }).total).toBe(0);
  });

  it('does not lower the capacity below the trainees already enrolled', () => {
    const c = t.ok('training.classes.create', klass());
    t.ok('training.enrol', { classId: c.id, personId: person('王芳', '1990-01-01', 2).id });
    t.ok('training.enrol', { classId: c.id, personId: person('李强', '1991-02-02', 3).id });
    const error = t.err('training.classes.update', { ...klass({ capacity: 1 }), id: c.id, version: 1 });
    expect(error).toEqual({ code: 'TRAINING_CAPACITY_BELOW_ENROLLED', field: 'capacity', params: { enrolled: 2 } });
  });
});

describe('attendance and completion', () => {
  /** Completion tests pass an end date on or before the completion they make: completion waits for the end. */
  function classWithTwo(endDate = '2026-11-30') {
    const c = t.ok('training.classes.create', klass({ endDate }));
    t.ok('training.enrol', { classId: c.id, personId: person('王芳', '1990-01-01', 2).id });
    const detail = t.ok('training.enrol', { classId: c.id, personId: person('李强', '1991-02-02', 3).id });
    const [a, b] = detail.trainees.map((x) => x.enrolmentId) as [number, number];
    return { c, a, b };
  }

  function take(classId: number, date: string, a: number, b: number, statusA: 'present' | 'absent' | 'leave', statusB: 'present' | 'absent' | 'leave') {
    return t.ok('training.attendance.save', { classId, date, marks: [{ enrolmentId: a, status: statusA }, { enrolmentId: b, status: statusB }] });
  }

  it('records a class day for the whole class and shows each share', () => {
    const { c, a, b } = classWithTwo();
    take(c.id, '2026-11-02', a, b, 'present', 'absent');
    const detail = take(c.id, '2026-11-03', a, b, 'present', 'leave');
    expect(detail.sessionDates).toEqual(['2026-11-02', '2026-11-03']);
    expect(detail.trainees.map((x) => [x.name, x.present, x.absent, x.leave, x.sharePermille])).toEqual([
      ['王芳', 2, 0, 0, 1000],
      ['李强', 0, 1, 1, 0],
    ]);
    expect(t.ok('training.attendance.get', { classId: c.id, date: '2026-11-03' })).toEqual({
      classId: c.id,
      date: '2026-11-03',
      taken: true,
      hours: null,
      marks: [
        { enrolmentId: a, status: 'present' },
        { enrolmentId: b, status: 'leave' },
      ],
    });
  });

  it('corrects a day by saving it again, without counting the day twice', () => {
    const { c, a, b } = classWithTwo();
    take(c.id, '2026-11-02', a, b, 'present', 'absent');
    const detail = take(c.id, '2026-11-02', a, b, 'present', 'present');
    expect(detail.sessionDates).toEqual(['2026-11-02']);
    expect(detail.trainees[1]).toMatchObject({ present: 1, absent: 0, sharePermille: 1000 });
  });

  it('refuses days outside the class and in the future, writing nothing', () => {
    const { c, a, b } = classWithTwo();
    expect(t.err('training.attendance.save', { classId: c.id, date: '2026-11-01', marks: [{ enrolmentId: a, status: 'present' }] })).toEqual({
      code: 'TRAINING_DATE_OUTSIDE_CLASS',
      field: 'date',
      params: { start: '2026-11-02', end: '2026-11-30' },
    });
    expect(t.err('training.attendance.save', { classId: c.id, date: '2026-11-23', marks: [{ enrolmentId: b, status: 'present' }] }).code).toBe(
      'TRAINING_DATE_FUTURE',
    );
    expect(attendanceRows()).toBe(0);
  });

  it('refuses a trainee of another class', () => {
    const { c, a } = classWithTwo();
    const other = t.ok('training.classes.create', klass({ title: '电商班', courseType: 'ecommerce' }));
    const stranger = t.ok('training.enrol', { classId: other.id, personId: person('张伟', '1992-03-03', 5).id }).trainees[0]!.enrolmentId;
    expect(
      t.err('training.attendance.save', { classId: c.id, date: '2026-11-02', marks: [{ enrolmentId: a, status: 'present' }, { enrolmentId: stranger, status: 'present' }] }),
    ).toEqual({ code: 'TRAINING_ENROLMENT_NOT_IN_CLASS', params: { id: stranger } });
    expect(attendanceRows()).toBe(0);
  });

  it('completes a trainee at the minimum share and refuses one below it, naming the share', () => {
    const { c, a, b } = classWithTwo('2026-11-20');
    const days = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
    days.forEach((day, i) => take(c.id, day, a, b, i === 0 ? 'absent' : 'present', i < 2 ? 'absent' : 'present'));
    // 王芳 4/5 = 80%: completes. 李强 3/5 = 60%: refused.
    expect(t.ok('training.completion.set', { enrolmentId: a, completedOn: '2026-11-20' }).trainees[0]!.completedOn).toBe('2026-11-20');
    expect(t.err('training.completion.set', { enrolmentId: b, completedOn: '2026-11-20' })).toEqual({
      code: 'TRAINING_ATTENDANCE_BELOW_MIN',
      params: { share: '60', min: 80, present: 3, sessions: 5, name: '李强' },
    });
    expect(t.ok('training.classes.get', { id: c.id })).toMatchObject({ completed: 1 });
  });

  it('refuses completion before any attendance, and withdraws a completion', () => {
    const { c, a, b } = classWithTwo('2026-11-20');
    expect(t.err('training.completion.set', { enrolmentId: a, completedOn: '2026-11-20' })).toEqual({ code: 'TRAINING_NO_ATTENDANCE', params: { name: '王芳' } });
    take(c.id, '2026-11-02', a, b, 'present', 'present');
    t.ok('training.completion.set', { enrolmentId: a, completedOn: '2026-11-20' });
    expect(t.ok('training.completion.set', { enrolmentId: a, completedOn: '' }).completed).toBe(0);
  });

  it('records certificates, refusing the same number twice', () => {
    const { c, a } = classWithTwo();
    const detail = t.ok('training.certificates.add', { enrolmentId: a, certType: 'massage_health', number: 'BJ-2026-001', issuedOn: '2026-11-21', issuer: '市人社局' });
    expect(detail.trainees[0]!.certificates).toMatchObject([{ certType: 'massage_health', number: 'BJ-2026-001', issuedOn: '2026-11-21' }]);
    expect(t.err('training.certificates.add', { enrolmentId: a, certType: 'massage_health', number: 'BJ-2026-001', issuedOn: '2026-11-21' })).toMatchObject({
      code: 'TRAINING_CERTIFICATE_DUPLICATE',
      field: 'number',
    });
    expect(t.err('training.unenrol', { enrolmentId: a })).toEqual({ code: 'TRAINING_ENROLMENT_HAS_RECORDS', params: { name: '王芳' } });
    expect(t.ok('training.classes.get', { id: c.id }).trainees).toHaveLength(2);
  });

  it('takes a class roster of 60 with a month of attendance, and answers the class quickly', () => {
    const c = t.ok('training.classes.create', klass({ capacity: 60 }));
    for (let i = 0; i < 60; i += 1) t.ok('training.enrol', { classId: c.id, personId: person(`学员${i}`, '1980-01-01', 100 + i * 2).id });
    const enrolments = t.ok('training.classes.get', { id: c.id }).trainees.map((x) => x.enrolmentId);
    for (let day = 2; day <= 21; day += 1) {
      const date = `2026-11-${String(day).padStart(2, '0')}`;
      t.ok('training.attendance.save', { classId: c.id, date, marks: enrolments.map((enrolmentId, i) => ({ enrolmentId, status: i % 10 === day % 10 ? 'absent' : 'present' })) });
    }
    const started = performance.now();
    const detail = t.ok('training.classes.get', { id: c.id });
    expect(performance.now() - started).toBeLessThan(200);
    expect(detail.sessionDates).toHaveLength(20);
    expect(detail.trainees.every((x) => x.present === 18 && x.sharePermille === 900)).toBe(true);
  });
});

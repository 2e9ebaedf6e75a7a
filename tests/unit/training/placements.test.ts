import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeId } from '../../support/ids';
import type { PlacementInput } from '../../../db/training/contract';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

const TENCENT = '91440300708461136T';

function setup() {
  const person = t.ok('people.create', { name: '王芳', idNumber: makeId('1990-01-01', 2), household: 'urban' });
  const employer = t.ok('training.employers.create', { name: '深圳某按摩有限公司', creditCode: TENCENT.toLowerCase() });
  return { person, employer };
}

function placement(personId: number, employerId: number | null, overrides: Partial<PlacementInput> = {}): PlacementInput {
  return {
    personId,
    placementType: 'centralised',
    employerId,
    startDate: '2026-03-01',
    monthlyWageFen: 320000,
    fullTime: true,
    hasContract: true,
    socialInsurance: true,
    ...overrides,
  };
}

describe('employers', () => {
  it('stores the credit code normalised and finds the employer by name or code', () => {
    const { employer } = setup();
    expect(employer.creditCode).toBe(TENCENT);
    expect(t.ok('training.employers.list', { q: '按摩' }).map((e) => e.id)).toEqual([employer.id]);
    expect(t.ok('training.employers.list', { q: '708461136t' }).map((e) => e.id)).toEqual([employer.id]);
  });

  it('refuses a wrong check character with the expected one, and a code already on the list', () => {
    setup();
    expect(t.err('training.employers.create', { name: '某公司', creditCode: '91440300708461136U' })).toEqual({
      code: 'EMPLOYER_CODE_CHECKSUM',
      field: 'creditCode',
      params: { expected: 'T' },
    });
    expect(t.err('training.employers.create', { name: '另一家', creditCode: TENCENT })).toEqual({
      code: 'EMPLOYER_CODE_DUPLICATE',
      field: 'creditCode',
      params: { name: '深圳某按摩有限公司' },
    });
  });
});

describe('placements', () => {
  it('records a placement with the wage in fen and schedules follow-ups at 3, 6 and 12 months', () => {
    const { person, employer } = setup();
    const created = t.ok('training.placements.create', placement(person.id, employer.id));
    expect(created).toMatchObject({ personName: '王芳', employerName: '深圳某按摩有限公司', monthlyWageFen: 320000, overlaps: [], createdBy: '管理员（admin）' });
    expect(created.followUps.map((f) => [f.months, f.dueOn, f.state])).toEqual([
      [3, '2026-06-01', 'overdue'],
      [6, '2026-09-01', 'overdue'],
      [12, '2027-03-01', 'later'],
    ]);
  });

  it('needs an employer for employment, not for self-employment', () => {
    const { person } = setup();
    expect(t.err('training.placements.create', placement(person.id, null))).toEqual({ code: 'PLACEMENT_EMPLOYER_REQUIRED', field: 'employerId' });
    expect(t.ok('training.placements.create', placement(person.id, null, { placementType: 'self_employed' })).employerName).toBe('');
  });

  it('flags overlapping full-time placements of one person, both ways', () => {
    const { person, employer } = setup();
    const first = t.ok('training.placements.create', placement(person.id, employer.id));
    const second = t.ok('training.placements.create', placement(person.id, null, { placementType: 'self_employed', startDate: '2026-10-01' }));
    expect(second.overlaps).toMatchObject([{ id: first.id, employerName: '深圳某按摩有限公司' }]);
    const listed = t.ok('training.placements.list', {}).rows;
    expect(listed.map((r) => [r.id, r.overlaps.map((o) => o.id)])).toEqual([
      [second.id, [first.id]],
      [first.id, [second.id]],
    ]);
    // Ending the first job before the second starts clears the flag.
    const ended = t.ok('training.placements.update', { ...placement(person.id, employer.id, { endDate: '2026-09-30' }), id: first.id, version: 1 });
    expect(ended.overlaps).toEqual([]);
  });

  it('moves the open follow-ups when the start date changes, keeping those done', () => {
    const { person, employer } = setup();
    const p = t.ok('training.placements.create', placement(person.id, employer.id));
    t.ok('training.followUps.record', { id: p.followUps[0]!.id, doneOn: '2026-06-03', stillEmployed: true, wageFen: 330000 });
    const moved = t.ok('training.placements.update', { ...placement(person.id, employer.id, { startDate: '2026-04-01' }), id: p.id, version: 1 });
    expect(moved.followUps.map((f) => [f.months, f.dueOn, f.doneOn])).toEqual([
      [3, '2026-06-01', '2026-06-03'],
      [6, '2026-10-01', ''],
      [12, '2027-04-01', ''],
    ]);
  });
});

describe('follow-ups', () => {
  it('lists overdue and soon-due follow-ups and records the outcome', () => {
    const { person, employer } = setup();
    const p = t.ok('training.placements.create', placement(person.id, employer.id, { startDate: '2026-08-31' }));
    // Due 2026-11-30 (3 months): within the coming month on 2026-11-22.
    let due = t.ok('training.followUps.due', {});
    expect(due.overdue).toEqual([]);
    expect(due.due.map((f) => [f.personName, f.months, f.dueOn])).toEqual([['王芳', 3, '2026-11-30']]);
    const recorded = t.ok('training.followUps.record', { id: due.due[0]!.id, doneOn: '2026-11-22', stillEmployed: true, wageFen: 350000, notes: '适应良好' });
    expect(recorded.followUps[0]).toMatchObject({ state: 'done', stillEmployed: true, wageFen: 350000, notes: '适应良好' });
    due = t.ok('training.followUps.due', {});
    expect(due.due).toEqual([]);
    expect(p.id).toBe(recorded.id);
  });

  it('refuses an outcome dated in the future or before the job started', () => {
    const { person, employer } = setup();
    const p = t.ok('training.placements.create', placement(person.id, employer.id));
    expect(t.err('training.followUps.record', { id: p.followUps[0]!.id, doneOn: '2026-11-23', stillEmployed: false }).code).toBe('TRAINING_DATE_FUTURE');
    expect(t.err('training.followUps.record', { id: p.followUps[0]!.id, doneOn: '2026-02-01', stillEmployed: false }).code).toBe('FOLLOW_UP_BEFORE_START');
  });
});

describe('figures', () => {
  it('counts trainees, completions, certificates, placements by type and retention', () => {
    const { person, employer } = setup();
    const c = t.ok('training.classes.create', {
      courseType: 'ecommerce',
      title: '电商班',
      startDate: '2026-11-02',
      endDate: '2026-11-20',
      totalHours: 40,
      capacity: 10,
    });
    const e = t.ok('training.enrol', { classId: c.id, personId: person.id }).trainees[0]!.enrolmentId;
    t.ok('training.attendance.save', { classId: c.id, date: '2026-11-02', marks: [{ enrolmentId: e, status: 'present' }] });
    t.ok('training.completion.set', { enrolmentId: e, completedOn: '2026-11-20' });
    t.ok('training.certificates.add', { enrolmentId: e, certType: 'special_skill', number: 'ZX-1', issuedOn: '2026-11-21' });
    const p = t.ok('training.placements.create', placement(person.id, employer.id, { startDate: '2025-10-01' }));
    t.ok('training.followUps.record', { id: p.followUps[1]!.id, doneOn: '2026-04-02', stillEmployed: true });
    const q = t.ok('training.placements.create', placement(person.id, null, { placementType: 'flexible', fullTime: false, startDate: '2025-09-01' }));
    t.ok('training.followUps.record', { id: q.followUps[1]!.id, doneOn: '2026-03-02', stillEmployed: false });

    const all = t.ok('training.figures', { year: null });
    expect(all.years).toEqual([2026, 2025]);
    expect(all.byCourseType.find((x) => x.code === 'ecommerce')).toEqual({ code: 'ecommerce', name: '', trainees: 1, completed: 1, certificates: 1 });
    expect(all.byCourseType).toHaveLength(6);
    expect(all.certificatesByType.find((x) => x.certType === 'special_skill')?.count).toBe(1);
    expect(all.placementsByType.filter((x) => x.count > 0)).toEqual([
      { placementType: 'centralised', count: 1 },
      { placementType: 'flexible', count: 1 },
    ]);
    expect(all.retention).toEqual([
      { months: 6, recorded: 2, employed: 1, permille: 500 },
      { months: 12, recorded: 0, employed: 0, permille: null },
    ]);
    const y2026 = t.ok('training.figures', { year: 2026 });
    expect(y2026.placementsByType.every((x) => x.count === 0)).toBe(true);
    expect(y2026.byCourseType.find((x) => x.code === 'ecommerce')?.trainees).toBe(1);
  });
});

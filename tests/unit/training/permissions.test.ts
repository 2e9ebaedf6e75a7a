import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeId } from '../../support/ids';
import { trainingCalls } from '../../../db/training/contract';
import { permissionFor } from '../../../db/contract';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

describe('who may use the training calls', () => {
  it('classes every call as a read or a write as intended (reads are not audited, writes are)', () => {
    const reads = Object.keys(trainingCalls).filter((name) => permissionFor(name) === 'training.read');
    expect(reads.sort()).toEqual([
      'training.attendance.get',
      'training.classes.get',
      'training.classes.list',
      'training.courseTypes.list',
      'training.employerYears.list',
      'training.employers.list',
      'training.employmentSettings.get',
      'training.entrepreneurs.list',
      'training.figures',
      'training.followUps.due',
      'training.import.preview',
      'training.jobSeekers.list',
      'training.placements.get',
      'training.placements.list',
      'training.terms.list',
    ]);
    expect(Object.keys(trainingCalls).every((name) => ['training.read', 'training.write'].includes(String(permissionFor(name))))).toBe(true);
  });

  it('lets a viewer see a class with ID numbers masked, but not enrol anyone', () => {
    const c = t.ok('training.classes.create', { courseType: 'ecommerce', title: '电商班', startDate: '2026-11-02', endDate: '2026-11-20', totalHours: 40, capacity: 10 });
    const idNumber = makeId('1990-01-01', 2);
    const p = t.ok('people.create', { name: '王芳', idNumber, household: 'urban' });
    t.ok('training.enrol', { classId: c.id, personId: p.id });
    const viewer = t.signInAs('viewer');
    const seen = t.ok('training.classes.get', { id: c.id }, viewer);
    expect(seen.trainees[0]!.idNumber).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    expect(t.err('training.unenrol', { enrolmentId: seen.trainees[0]!.enrolmentId }, viewer).code).toBe('AUTH_FORBIDDEN');
  });

  it('records the signed-in member of the training staff on the classes they create', () => {
    const staff = t.signInAs('training');
    expect(t.ok('training.classes.create', { courseType: 'ecommerce', title: '电商班', startDate: '2026-11-02', endDate: '2026-11-20', totalHours: 40, capacity: 10 }, staff).createdBy).toBe(
      'training 用户（training1）',
    );
  });
});

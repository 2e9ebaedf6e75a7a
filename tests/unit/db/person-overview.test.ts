// One page per person: what each area holds, newest first, and only the areas the asking role may read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeId } from '../../support/ids';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

const person = (name: string, birth: string, serial: number) => {
  const idNumber = makeId(birth, serial);
  return t.ok('people.create', { name, idNumber, certNumber: '', certExpiry: '', household: 'urban', guardianName: '监护人', guardianPhone: '13800000000', guardianRelation: '母亲' }).id;
};

describe('the person page', () => {
  it('shows each area the role may read, with what it holds about the person, newest first', () => {
    const id = person('周小雨', '2021-03-04', 13);
    t.ok('rehab.visits.create', { personId: id, date: '2026-10-01', visitor: '刘娟', note: '' });
    t.ok('rehab.visits.create', { personId: id, date: '2026-11-01', visitor: '王丽', note: '' });
    const admin = t.ok('people.overview', { id });
    expect(admin.visits).toEqual([
      { date: '2026-11-01', visitor: '王丽' },
      { date: '2026-10-01', visitor: '刘娟' },
    ]);
    expect(admin).toMatchObject({ needs: [], rehab: [], training: [], placements: [], devices: [], claims: [] });
    t.ok('needs.create', { personId: id, kind: 'rehab', service: 'training', source: 'screening', recordedOn: '2026-09-15' });
    expect(t.ok('people.overview', { id }).needs).toMatchObject([{ kind: 'rehab', service: 'training', recordedOn: '2026-09-15', status: 'open' }]);

    // A therapist does not read claims: the section is absent, not empty.
    const therapist = t.ok('people.overview', { id }, t.signInAs('therapist'));
    expect(therapist.claims).toBeNull();
    expect(therapist.visits).toHaveLength(2);
  });

  it('says an unknown person is not found', () => {
    expect(t.err('people.overview', { id: 999 }).code).toBe('PERSON_NOT_FOUND');
  });
});

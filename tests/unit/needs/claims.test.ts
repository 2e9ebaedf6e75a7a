// Claims see what 精准康复 records: a child with a hospital's diagnosis certificate is claimed for
// relief before the disability certificate exists (where the rule asks for one), and a reissued
// certificate number goes on the claim line whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { childWithSessions, rehabRule, therapist, weekdays } from '../claims/fixtures';
import type { BatchDetail } from '../../../db/claims/contract';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

const lineOf = (batch: BatchDetail, personId: number) => batch.lines.find((l) => l.personId === personId && l.kind === 'claim');

describe('a diagnosis certificate and a reissued certificate on a claim', () => {
  it('claims the diagnosed child, leaves out the child with neither, and prints the B1 number', () => {
    rehabRule(t, { requireCertificate: true });
    const wang = therapist(t);
    const days = weekdays('2026-10');
    const diagnosed = childWithSessions(t, wang, '诊断儿', '2022-03-01', days.slice(0, 18));
    const neither = childWithSessions(t, wang, '无证儿', '2022-04-01', days.slice(0, 18));
    const reissued = childWithSessions(t, wang, '补证儿', '2022-05-01', days.slice(0, 18));
    t.ok('needs.diagnosis.create', { personId: diagnosed.personId, hospital: '市儿童医院', diagnosedOn: '2026-08-01', diagnosis: '孤独症谱系障碍', category: 'autism' });
    const before = t.ok('people.get', { id: reissued.personId });
    const { name, idNumber, household, guardianName } = before;
    t.ok('people.update', { id: before.id, version: before.version, name, idNumber, household, guardianName, certNumber: `${idNumber}51B1`, certExpiry: '2035-01-01' });

    const batch = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
    expect(lineOf(batch, diagnosed.personId)).toMatchObject({ certNumber: '' });
    expect(lineOf(batch, reissued.personId)).toMatchObject({ certNumber: `${idNumber}51B1` });
    expect(lineOf(batch, neither.personId)).toBeUndefined();
    expect(batch.leftOut.find((l) => l.personId === neither.personId)?.reason).toBe('NO_CERTIFICATE');
  });
});

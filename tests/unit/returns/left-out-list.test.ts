// The office sees the left-out people its centres' packages carry (issue 19): filtered by check and
// centre, paged, ID numbers masked for roles without full IDs, and a person left out at two
// centres flagged at both — even when one package names the person by the keyed hash only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import { creditCode, exportPackage, freshUnit, importPackages, type Unit } from './fixtures';

const tmp = tempDir();
const units: Unit[] = [];
const KEY = '共享密钥-left-out-list-0001';

const SHARED = makeId('1950-05-01', 41); // level 1 without the care allowance at both centres
const ONLY_A = makeId('1952-06-02', 43); // level 2 without the care allowance, only at A
const CHILD_B = makeId('2022-01-01', 45); // a child of 4 not in rehab, only at B

const A = { name: '玄武区康复中心', creditCode: creditCode(71, '320102'), regionCode: '320102' };
const B = { name: '秦淮区康复中心', creditCode: creditCode(72, '320104'), regionCode: '320104' };

function person(unit: Unit, name: string, idNumber: string, level: number, guardianName = ''): void {
  unit.ok('people.create', { name, idNumber, certNumber: makeCert(idNumber, 4, level), certExpiry: '2030-01-01', household: 'rural', guardianName });
}

let office: Unit;

beforeAll(async () => {
  const a = freshUnit(tmp.dir, 'centre-a', A);
  const b = freshUnit(tmp.dir, 'centre-b', B);
  office = freshUnit(tmp.dir, 'office', { name: '南京市某区残联', type: 'county_federation', creditCode: creditCode(970, '320100'), regionCode: '320100' });
  units.push(a, b, office);
  person(a, '张甲', SHARED, 1);
  person(a, '李乙', ONLY_A, 2);
  person(b, '张甲', SHARED, 1);
  person(b, '钱小', CHILD_B, 3, '钱大');
  // A sends IDs; B sends a de-identified package (keyed hash), the office holds the same key.
  const pkgA = await exportPackage(a, '2026');
  b.ok('returns.officeKey.save', { key: KEY });
  const pkgB = await exportPackage(b, '2026', true);
  office.ok('returns.officeKey.save', { key: KEY });
  const imported = await importPackages(office, [pkgA.file, pkgB.file]);
  expect(imported.files.map((f) => f.outcome)).toEqual(['imported', 'imported']);
}, 120_000);

afterAll(() => {
  for (const unit of units) unit.close();
  tmp.cleanup();
});

const list = (input: { check?: string; centre?: string; offset?: number; limit?: number } = {}, session?: string) =>
  office.ok('returns.leftOut.list', { period: '2026', ...input } as never, session);

describe('returns.leftOut.list', () => {
  it('lists every left-out person of both centres, flagging the one left out at both', () => {
    const result = list();
    expect(result.total).toBe(4);
    expect(result.centres.map((c) => c.name)).toEqual([A.name, B.name]);
    const summary = result.rows.map((r) => [r.centre.name, r.check, r.reason, r.idNumber === '' ? 'hash' : r.idNumber, r.otherCentres]);
    // A (region 320102) before B (320104); within a centre by check, then person key.
    expect(summary).toEqual([
      [A.name, 'care_allowance', 'LEFT_OUT_CARE_ALLOWANCE', [SHARED, ONLY_A].sort()[0], [SHARED, ONLY_A].sort()[0] === SHARED ? 1 : 0],
      [A.name, 'care_allowance', 'LEFT_OUT_CARE_ALLOWANCE', [SHARED, ONLY_A].sort()[1], [SHARED, ONLY_A].sort()[1] === SHARED ? 1 : 0],
      expect.arrayContaining([B.name, 'hash']),
      expect.arrayContaining([B.name, 'hash']),
    ]);
    // At B, only the hash is known: 12 hex characters, never the ID.
    const atB = result.rows.filter((r) => r.centre.code === B.creditCode);
    expect(atB.every((r) => /^[0-9a-f]{12}$/.test(r.keyHash))).toBe(true);
    // B's 张甲 (care allowance) is the same person as A's: one other centre; B's child is only at B.
    expect(atB.map((r) => [r.check, r.otherCentres])).toEqual([
      ['care_allowance', 1],
      ['child_rehab', 0],
    ]);
  });

  it('filters by check and by centre, and pages', () => {
    const care = list({ check: 'care_allowance' });
    expect(care.total).toBe(3);
    expect(care.rows.every((r) => r.check === 'care_allowance')).toBe(true);
    const atB = list({ centre: B.creditCode });
    expect(atB.total).toBe(2);
    expect(atB.rows.map((r) => r.check)).toEqual(['care_allowance', 'child_rehab']);
    const both = list({ check: 'child_rehab', centre: A.creditCode });
    expect([both.total, both.rows]).toEqual([0, []]);
    // Page 2 of size 1 is the second row of the whole list; past the end is empty with the same total.
    const whole = list();
    const second = list({ offset: 1, limit: 1 });
    expect([second.total, second.offset, second.rows]).toEqual([4, 1, [whole.rows[1]]]);
    expect(list({ offset: 4, limit: 2 }).rows).toEqual([]);
  });

  it('refuses a wrong check or period with the field named', () => {
    expect(office.err('returns.leftOut.list', { period: '2026', check: 'nonsense' } as never).field).toBe('check');
    expect(office.err('returns.leftOut.list', { period: 'soon' }).field).toBe('period');
  });

  it('masks ID numbers for a role without full IDs, and still flags the person', () => {
    const viewer = office.signInAs('viewer');
    const masked = list({ centre: A.creditCode }, viewer);
    const shared = masked.rows.find((r) => r.otherCentres === 1)!;
    // 18 characters: the first four and last four stay, ten stars between.
    expect(shared.idNumber).toBe(`${SHARED.slice(0, 4)}**********${SHARED.slice(-4)}`);
    expect(JSON.stringify(masked)).not.toContain(SHARED);
    expect(JSON.stringify(masked)).not.toContain(ONLY_A);
  });

  it('is refused to a role without the returns read right', () => {
    const therapist = office.signInAs('therapist');
    expect(office.err('returns.leftOut.list', { period: '2026' }, therapist).code).toBe('AUTH_FORBIDDEN');
  });
});

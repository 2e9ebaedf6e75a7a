// The cross-centre check: one person served by two centres at the same time in the same programme
// (a possible double claim) is listed with both centres and the days they share — from plain
// packages by ID number, and from de-identified ones by the keyed hash when the centres share the
// office's key.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { makeId } from '../../support/ids';
import { creditCode, exportPackage, freshUnit, importPackages, type Unit } from './fixtures';

const tmp = tempDir();
const P = { name: '王建国', idNumber: makeId('1990-05-06', 11, '320102') };
const Q = { name: '李秀英', idNumber: makeId('1985-02-14', 22, '320102') };
const R = { name: '赵子涵', idNumber: makeId('1998-12-01', 33, '320104') };
const KEY = '江苏省残联-2026-汇总上报共享密钥';
const A = { name: '玄武区康复中心', creditCode: creditCode(31) };
const B = { name: '秦淮区就业服务中心', creditCode: creditCode(32, '320104'), regionCode: '320104' };
let a: Unit;
let b: Unit;

function person(unit: Unit, p: { name: string; idNumber: string }) {
  return unit.ok('people.create', { ...p, household: 'urban' }).id;
}

function trainingClass(unit: Unit, startDate: string, endDate: string, people: number[]) {
  const created = unit.ok('training.classes.create', { courseType: 'ecommerce', title: `电商班 ${startDate}`, startDate, endDate, totalHours: 60, capacity: 30 });
  for (const personId of people) unit.ok('training.enrol', { classId: created.id, personId });
}

beforeAll(() => {
  a = freshUnit(tmp.dir, 'a', A);
  b = freshUnit(tmp.dir, 'b', B);
  const [pa, qa, ra] = [person(a, P), person(a, Q), person(a, R)];
  trainingClass(a, '2026-03-01', '2026-06-30', [pa, qa]);
  trainingClass(a, '2026-01-05', '2026-02-20', [ra]);
  a.ok('training.placements.create', { personId: pa, placementType: 'flexible', startDate: '2026-04-01', fullTime: false });
  const [pb, rb] = [person(b, P), person(b, R)];
  trainingClass(b, '2026-05-01', '2026-08-31', [pb]);
  trainingClass(b, '2026-09-01', '2026-10-31', [rb]);
  b.ok('training.placements.create', { personId: pb, placementType: 'self_employed', startDate: '2026-09-01', fullTime: true });
});
afterAll(() => {
  a?.close();
  b?.close();
  tmp.cleanup();
});

const expected = [
  { programme: 'placement', from: ['2026-04-01', '2026-12-31'], to: ['2026-09-01', '2026-12-31'], overlap: ['2026-09-01', '2026-12-31'] },
  { programme: 'training', from: ['2026-03-01', '2026-06-30'], to: ['2026-05-01', '2026-08-31'], overlap: ['2026-05-01', '2026-06-30'] },
];

function shape(overlaps: ReturnType<Unit['ok']> & { rows: { programme: string; a: { centre: { name: string }; from: string; to: string }; b: { centre: { name: string }; from: string; to: string }; overlapFrom: string; overlapTo: string }[] }) {
  return overlaps.rows.map((r) => {
    // Sides in a fixed order (A's first) whichever centre's code sorts first.
    const [first, second] = r.a.centre.name === A.name ? [r.a, r.b] : [r.b, r.a];
    return { programme: r.programme, from: [first.from, first.to], to: [second.from, second.to], overlap: [r.overlapFrom, r.overlapTo] };
  });
}

describe('the cross-centre check', () => {
  it('lists a person served by two centres in overlapping spans, with both centres and the overlap, and nobody else', async () => {
    const office = freshUnit(tmp.dir, 'office-plain', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(910, '320100'), regionCode: '320100' });
    try {
      await importPackages(office, [(await exportPackage(a, '2026')).file, (await exportPackage(b, '2026')).file]);
      const overlaps = office.ok('returns.overlaps.list', { period: '2026' });
      expect(overlaps).toMatchObject({ period: '2026', total: 2, people: 1 });
      expect(shape(overlaps as never)).toEqual(expected);
      for (const row of overlaps.rows) {
        expect(row).toMatchObject({ name: P.name, idNumber: P.idNumber, keyHash: '' });
        expect([row.a.centre.name, row.b.centre.name].sort()).toEqual([A.name, B.name].sort());
      }
      // A viewer sees the list with the ID masked.
      const viewer = office.signInAs('viewer');
      expect(office.ok('returns.overlaps.list', { period: '2026' }, viewer).rows[0]!.idNumber).toBe(`${P.idNumber.slice(0, 4)}**********${P.idNumber.slice(-4)}`);
    } finally {
      office.close();
    }
  });

  it('finds the same people in de-identified packages of centres that share the office key, which carry no IDs or names', async () => {
    a.ok('returns.officeKey.save', { key: KEY });
    b.ok('returns.officeKey.save', { key: KEY });
    const fromA = await exportPackage(a, '2026', true);
    const fromB = await exportPackage(b, '2026', true);
    for (const file of [fromA.file, fromB.file]) {
      const bytes = fs.readFileSync(file);
      for (const secret of [P.idNumber, Q.idNumber, R.idNumber, P.name, Q.name, R.name]) expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
    }
    const office = freshUnit(tmp.dir, 'office-keyed', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(911, '320100'), regionCode: '320100' });
    const noKey = freshUnit(tmp.dir, 'office-nokey', { name: '江苏省残联', type: 'province_federation', creditCode: creditCode(912, '320000'), regionCode: '320000' });
    try {
      office.ok('returns.officeKey.save', { key: KEY });
      for (const unit of [office, noKey]) {
        const imported = await importPackages(unit, [fromA.file, fromB.file]);
        expect(imported.files.map((f) => f.outcome)).toEqual(['imported', 'imported']);
        const overlaps = unit.ok('returns.overlaps.list', { period: '2026' });
        expect(shape(overlaps as never)).toEqual(expected);
        for (const row of overlaps.rows) expect(row).toMatchObject({ name: '', idNumber: '', keyHash: expect.stringMatching(/^[0-9a-f]{12}$/) });
      }
      expect(office.ok('returns.packages.list', { period: '2026' }).every((p) => p.deidentified)).toBe(true);
    } finally {
      office.close();
      noKey.close();
    }
  });

  it('matches a plain package with a de-identified one at an office holding the key', async () => {
    const office = freshUnit(tmp.dir, 'office-mixed', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(913, '320100'), regionCode: '320100' });
    try {
      office.ok('returns.officeKey.save', { key: KEY });
      await importPackages(office, [(await exportPackage(a, '2026')).file, (await exportPackage(b, '2026', true)).file]);
      const overlaps = office.ok('returns.overlaps.list', { period: '2026' });
      expect(shape(overlaps as never)).toEqual(expected);
      // The plain side still tells who it is.
      expect(overlaps.rows[0]).toMatchObject({ name: P.name, idNumber: P.idNumber });
    } finally {
      office.close();
    }
  });

  it('refuses a de-identified package made with another key, as its people could not be matched', async () => {
    b.ok('returns.officeKey.save', { key: '另一个市的密钥-不是本市的-0000' });
    const stranger = await exportPackage(b, '2026', true);
    const office = freshUnit(tmp.dir, 'office-strict', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(914, '320100'), regionCode: '320100' });
    try {
      office.ok('returns.officeKey.save', { key: KEY });
      const result = await importPackages(office, [stranger.file]);
      expect(result.files.map((f) => [f.outcome, f.error?.code])).toEqual([['rejected', 'RETURNS_KEY_MISMATCH']]);
    } finally {
      office.close();
    }
  });

  it('needs the office key before a de-identified export', () => {
    const c = freshUnit(tmp.dir, 'c', { name: '建邺区康复中心', creditCode: creditCode(33) });
    try {
      expect(c.err('returns.export', { period: '2026', deidentified: true })).toMatchObject({ code: 'RETURNS_KEY_MISSING', field: 'deidentified' });
    } finally {
      c.close();
    }
  });
});

describe('the cross-centre check on a single shared day', () => {
  // Spans include both ends: a class that ends on the day another centre's class starts shares
  // that one day (one overlap of 1 day); ending the day before shares none. Both orders of the
  // two centres are covered, as the check compares them one way round.
  const S = { name: '孙晓梅', idNumber: makeId('1992-07-08', 41, '320102') };
  const U = { name: '钱立新', idNumber: makeId('1988-10-11', 42, '320102') };
  const T = { name: '郑海燕', idNumber: makeId('1995-03-09', 43, '320102') };
  const C = { name: '鼓楼区康复中心', creditCode: creditCode(34) };
  const D = { name: '建邺区就业服务中心', creditCode: creditCode(35, '320105'), regionCode: '320105' };

  it('lists two spans that share one day as one overlap of that day, and spans that only touch as none', async () => {
    const c = freshUnit(tmp.dir, 'day-c', C);
    const d = freshUnit(tmp.dir, 'day-d', D);
    const office = freshUnit(tmp.dir, 'day-office', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(915, '320100'), regionCode: '320100' });
    try {
      const [sc, uc, tc] = [person(c, S), person(c, U), person(c, T)];
      const [sd, ud, td] = [person(d, S), person(d, U), person(d, T)];
      trainingClass(c, '2026-01-05', '2026-02-20', [sc]);
      trainingClass(c, '2026-02-20', '2026-03-31', [uc]);
      trainingClass(c, '2026-01-06', '2026-02-19', [tc]);
      trainingClass(d, '2026-02-20', '2026-03-31', [sd, td]);
      trainingClass(d, '2026-01-07', '2026-02-20', [ud]);
      await importPackages(office, [(await exportPackage(c, '2026')).file, (await exportPackage(d, '2026')).file]);
      const overlaps = office.ok('returns.overlaps.list', { period: '2026' });
      const rows = overlaps.rows.map((r) => {
        const [inC, inD] = r.a.centre.name === C.name ? [r.a, r.b] : [r.b, r.a];
        return { name: r.name, c: [inC.from, inC.to], d: [inD.from, inD.to], overlap: [r.overlapFrom, r.overlapTo] };
      });
      expect(rows.sort((x, y) => x.name.localeCompare(y.name))).toEqual(
        [
          { name: S.name, c: ['2026-01-05', '2026-02-20'], d: ['2026-02-20', '2026-03-31'], overlap: ['2026-02-20', '2026-02-20'] },
          { name: U.name, c: ['2026-02-20', '2026-03-31'], d: ['2026-01-07', '2026-02-20'], overlap: ['2026-02-20', '2026-02-20'] },
        ].sort((x, y) => x.name.localeCompare(y.name)),
      );
      expect(overlaps).toMatchObject({ total: 2, people: 2 });
    } finally {
      c.close();
      d.close();
      office.close();
    }
  });
});

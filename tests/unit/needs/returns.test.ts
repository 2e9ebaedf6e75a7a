// The 精准康复 indicators in return packages: each centre's numerators and denominators travel in
// the checksummed metadata, an office adds them up, and a province gets the same figures through
// its counties as straight from the centres. An altered figure is refused with the package.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { makeId } from '../../support/ids';
import type { ExportResult } from '../../../db/returns/contract';
import { alteredCopy, centreRow, creditCode, exportPackage, freshUnit, importPackages, reseal, totals, type Unit } from '../returns/fixtures';

const tmp = tempDir();
const units: Unit[] = [];
const packages: ExportResult[] = [];
const CODES = [creditCode(61, '320102'), creditCode(62, '320102'), creditCode(63, '320104')];

/** A centre with `served` of `needing` children served (two sessions each, in two quarters). */
function centre(i: number, needing: number, served: number): Unit {
  const unit = freshUnit(tmp.dir, `centre-${i}`, { name: `第${i + 1}康复中心`, creditCode: CODES[i]!, regionCode: i === 2 ? '320104' : '320102' });
  units.push(unit);
  const therapist = unit.ok('rehab.therapists.save', { name: '治疗师' }).id;
  for (let k = 0; k < needing; k += 1) {
    const id = unit.ok('people.create', { name: `儿童${i}-${k}`, idNumber: makeId('2022-01-01', 101 + 2 * k + 40 * i), household: 'urban', guardianName: '家长' }).id;
    unit.ok('needs.create', { personId: id, kind: 'rehab', service: 'training', source: 'survey', recordedOn: '2026-01-15' });
    if (k >= served) continue;
    const e = unit.ok('rehab.enrolments.create', { personId: id, therapistId: therapist, category: 'speech', startDate: '2026-02-01', funding: 'relief' });
    for (const date of ['2026-03-02', '2026-07-06']) {
      unit.ok('rehab.sessions.log', { enrolmentId: e.id, therapistId: therapist, date, startTime: `${String(8 + k).padStart(2, '0')}:00`, minutes: 40, type: 'st', attendance: 'present' });
    }
  }
  return unit;
}

function office(name: string, n: number, region: string, type: 'county_federation' | 'city_federation'): Unit {
  const unit = freshUnit(tmp.dir, `office-${n}`, { name, type, creditCode: creditCode(n, region), regionCode: region });
  units.push(unit);
  return unit;
}

async function consolidated(unit: Unit): Promise<ExportResult> {
  const done = await unit.settle(unit.ok('returns.consolidated.export', { period: '2026', deidentified: false }));
  if (done.state !== 'done') throw new Error(JSON.stringify(done.error));
  return done.result!;
}

beforeAll(async () => {
  // Served / needing: 2 of 3, 1 of 1, 0 of 2.
  for (const [i, [needing, served]] of ([[3, 2], [1, 1], [2, 0]] as const).entries()) {
    packages.push(await exportPackage(centre(i, needing, served), '2026'));
  }
}, 120_000);
afterAll(() => {
  for (const unit of units) unit.close();
  tmp.cleanup();
});

describe('indicators in return packages', () => {
  it('carries each centre’s figures in the checksummed metadata', () => {
    const db = new Database(packages[0]!.file, { readonly: true });
    try {
      const meta = db.prepare("SELECT value FROM package_meta WHERE key = 'indicators'").get() as { value: string };
      expect(JSON.parse(meta.value)).toEqual({
        [CODES[0]!]: { childRehab: [2, 3], basicRehab: [2, 3], preciseRehab: [0, 3], deviceFitting: [0, 0], employment: [0, 0] },
      });
    } finally {
      db.close();
    }
  });

  it('adds the centres up equally through counties or straight, counting persons not sessions', async () => {
    const xuanwu = office('玄武区残联', 930, '320102', 'county_federation');
    const qinhuai = office('秦淮区残联', 931, '320104', 'county_federation');
    await importPackages(xuanwu, [packages[0]!.file, packages[1]!.file]);
    await importPackages(qinhuai, [packages[2]!.file]);
    const city = office('南京市残联', 932, '320100', 'city_federation');
    const viaCounties = await importPackages(city, [(await consolidated(xuanwu)).file, (await consolidated(qinhuai)).file]);
    expect(viaCounties.files.map((f) => f.outcome)).toEqual(['imported', 'imported']);
    const direct = office('南京市残联（直报）', 933, '320100', 'city_federation');
    await importPackages(direct, packages.map((p) => p.file));

    const a = city.ok('returns.stats.get', { period: '2026' });
    const b = direct.ok('returns.stats.get', { period: '2026' });
    const table = (s: typeof a) => s.tables.find((t) => t.id === 'indicators');
    expect(table(a)).toEqual(table(b));
    // Total: served 2 + 1 + 0 = 3 of 3 + 1 + 2 = 6 children → 500‰ (four sessions each did not count four times).
    expect(totals(a, 'indicators')).toMatchObject({ 'basicRehab.n': 3, 'basicRehab.d': 6, 'basicRehab.rate': 500 });
    expect(centreRow(a, 'indicators', CODES[0]!)).toMatchObject({ 'basicRehab.n': 2, 'basicRehab.d': 3, 'basicRehab.rate': 666 });
    expect(centreRow(a, 'indicators', CODES[2]!)).toMatchObject({ 'basicRehab.n': 0, 'basicRehab.d': 2, 'basicRehab.rate': 0 });
  });

  it('refuses a package whose indicator figures were changed, and one whose figures do not add up', async () => {
    const office1 = office('测试残联', 934, '320102', 'county_federation');
    const changed = alteredCopy(packages[0]!.file, `${tmp.dir}/changed.sqlite`, (db) => {
      db.prepare("UPDATE package_meta SET value = replace(value, '[2,3]', '[3,3]') WHERE key = 'indicators'").run();
    });
    const resealedBad = alteredCopy(packages[1]!.file, `${tmp.dir}/resealed.sqlite`, (db) => {
      db.prepare("UPDATE package_meta SET value = replace(value, '[1,1]', '[2,1]') WHERE key = 'indicators'").run();
    });
    const sealed = new Database(resealedBad);
    await reseal(sealed);
    sealed.close();
    const result = await importPackages(office1, [changed, resealedBad]);
    expect(result.files.map((f) => [f.outcome, f.error?.code])).toEqual([
      ['rejected', 'RETURNS_CHECKSUM_MISMATCH'],
      ['rejected', 'RETURNS_CORRUPT'],
    ]);
  });
});

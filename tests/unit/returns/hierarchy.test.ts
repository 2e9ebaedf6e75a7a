// Returns go upward in the same format (county → city → province): consolidating the counties'
// consolidations gives the same figures and the same cross-centre findings as consolidating the
// centres' packages directly, and a centre never counts twice on the way.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { makeId } from '../../support/ids';
import type { ExportResult } from '../../../db/returns/contract';
import { creditCode, freshUnit, importPackages, seededCentre, exportPackage, type Unit } from './fixtures';

const tmp = tempDir();
const SHARED = { name: '周明', idNumber: makeId('1988-08-08', 17, '320104') };
const units: Unit[] = [];
const centres: { unit: Unit; pkg: ExportResult }[] = [];

async function consolidated(unit: Unit, period: string): Promise<ExportResult> {
  const done = await unit.settle(unit.ok('returns.consolidated.export', { period, deidentified: false }));
  if (done.state !== 'done') throw new Error(JSON.stringify(done.error));
  return done.result!;
}

function office(name: string, type: 'county_federation' | 'city_federation' | 'province_federation', n: number, region: string): Unit {
  const unit = freshUnit(tmp.dir, `office-${n}`, { name, type, creditCode: creditCode(n, region), regionCode: region });
  units.push(unit);
  return unit;
}

beforeAll(async () => {
  const identities = [
    { name: '玄武区康复中心', creditCode: creditCode(41, '320102'), regionCode: '320102' },
    { name: '玄武区盲人按摩培训中心', creditCode: creditCode(42, '320102'), regionCode: '320102' },
    { name: '秦淮区康复中心', creditCode: creditCode(43, '320104'), regionCode: '320104' },
  ];
  // Someone placed in work by two centres at once, for the cross-centre check to find on every level.
  const shared = { ...SHARED, household: 'urban' as const };
  for (const [i, identity] of identities.entries()) {
    const unit = seededCentre(tmp.dir, 11 + i, 0.4, identity);
    units.push(unit);
    if (i !== 1) {
      const personId = unit.ok('people.create', shared).id;
      unit.ok('training.placements.create', { personId, placementType: 'flexible', startDate: `2026-0${3 + i}-01`, fullTime: false });
    }
    centres.push({ unit, pkg: await exportPackage(unit, '2026') });
  }
}, 120_000);
afterAll(() => {
  for (const unit of units) unit.close();
  tmp.cleanup();
});

describe('consolidating consolidations', () => {
  it('gives the same statistics and findings as consolidating the centres directly, at every level', async () => {
    const xuanwu = office('玄武区残联', 'county_federation', 920, '320102');
    const qinhuai = office('秦淮区残联', 'county_federation', 921, '320104');
    await importPackages(xuanwu, [centres[0]!.pkg.file, centres[1]!.pkg.file]);
    await importPackages(qinhuai, [centres[2]!.pkg.file]);
    const fromXuanwu = await consolidated(xuanwu, '2026');
    const fromQinhuai = await consolidated(qinhuai, '2026');
    expect(fromXuanwu).toMatchObject({ kind: 'consolidation', period: '2026' });

    const city = office('南京市残联', 'city_federation', 922, '320100');
    const cityImport = await importPackages(city, [fromXuanwu.file, fromQinhuai.file]);
    expect(cityImport.files.map((f) => [f.outcome, f.kind])).toEqual([
      ['imported', 'consolidation'],
      ['imported', 'consolidation'],
    ]);
    expect(city.ok('returns.packages.list', { period: '2026' }).map((p) => [p.centreName, p.sources]).sort()).toEqual([
      ['玄武区残联', 2],
      ['秦淮区残联', 1],
    ]);

    const direct = office('南京市残联（直报）', 'city_federation', 923, '320100');
    await importPackages(direct, centres.map((c) => c.pkg.file));

    const viaCounties = city.ok('returns.stats.get', { period: '2026' });
    const straight = direct.ok('returns.stats.get', { period: '2026' });
    expect(viaCounties.centres.map((c) => c.name)).toEqual(straight.centres.map((c) => c.name));
    expect(viaCounties.centres).toHaveLength(3);
    expect(viaCounties.tables).toEqual(straight.tables);
    expect(viaCounties.childrenCross).toEqual(straight.childrenCross);
    const overlaps = city.ok('returns.overlaps.list', { period: '2026' });
    expect(overlaps).toEqual(direct.ok('returns.overlaps.list', { period: '2026' }));
    expect(overlaps.rows.filter((r) => r.name === '周明').map((r) => [r.programme, r.overlapFrom, r.overlapTo])).toEqual([['placement', '2026-05-01', '2026-12-31']]);
    // Real figures, not empty tables that are trivially equal.
    const overview = viaCounties.tables.find((t) => t.id === 'overview')!;
    const total = overview.rows.at(-1)!.values;
    expect(total[overview.columns.findIndex((c) => c.key === 'sessions')]).toBeGreaterThan(1000);
    expect(total[overview.columns.findIndex((c) => c.key === 'people')]).toBeGreaterThan(40);

    // One level up again: the province from the city's consolidation.
    const province = office('江苏省残联', 'province_federation', 924, '320000');
    await importPackages(province, [(await consolidated(city, '2026')).file]);
    expect(province.ok('returns.stats.get', { period: '2026' }).tables).toEqual(straight.tables);
  });

  it('sends a de-identified consolidation upward that still finds the same person, with the same figures', async () => {
    const KEY = '南京市残联-2026-汇总共享密钥-上报用';
    const county = office('玄武区残联', 'county_federation', 950, '320102');
    const other = office('秦淮区残联', 'county_federation', 951, '320104');
    county.ok('returns.officeKey.save', { key: KEY });
    other.ok('returns.officeKey.save', { key: KEY });
    await importPackages(county, [centres[0]!.pkg.file, centres[1]!.pkg.file]);
    await importPackages(other, [centres[2]!.pkg.file]);
    const up = async (unit: Unit) => {
      const done = await unit.settle(unit.ok('returns.consolidated.export', { period: '2026', deidentified: true }));
      return done.result!;
    };
    const [a, b] = [await up(county), await up(other)];
    expect(a.deidentified).toBe(true);
    for (const file of [a.file, b.file]) {
      const bytes = fs.readFileSync(file);
      expect(bytes.includes(Buffer.from(SHARED.idNumber))).toBe(false);
      expect(bytes.includes(Buffer.from(SHARED.name))).toBe(false);
    }
    const city = office('南京市残联', 'city_federation', 952, '320100');
    city.ok('returns.officeKey.save', { key: KEY });
    await importPackages(city, [a.file, b.file]);
    const found = city.ok('returns.overlaps.list', { period: '2026' }).rows.filter((r) => r.programme === 'placement' && r.overlapFrom === '2026-05-01');
    expect(found.map((r) => [r.name, r.idNumber, r.keyHash.length])).toEqual([['', '', 12]]);
    const direct = office('南京市残联（直报）', 'city_federation', 953, '320100');
    await importPackages(direct, centres.map((c) => c.pkg.file));
    expect(city.ok('returns.stats.get', { period: '2026' }).tables).toEqual(direct.ok('returns.stats.get', { period: '2026' }).tables);
  });

  it('refuses a package whose centre is already counted through another one', async () => {
    const county = office('玄武区残联', 'county_federation', 930, '320102');
    await importPackages(county, [centres[0]!.pkg.file]);
    const city = office('南京市残联', 'city_federation', 931, '320100');
    await importPackages(city, [(await consolidated(county, '2026')).file]);
    const again = await importPackages(city, [centres[0]!.pkg.file]);
    expect(again.files.map((f) => [f.outcome, f.error?.code, f.error?.params?.ref, f.error?.params?.via])).toEqual([
      ['rejected', 'RETURNS_SOURCE_OVERLAP', '玄武区康复中心', '玄武区残联'],
    ]);
  });

  it('has nothing to send upward for a period it holds no packages for', () => {
    const county = office('鼓楼区残联', 'county_federation', 940, '320106');
    expect(county.err('returns.consolidated.export', { period: '2025' })).toMatchObject({ code: 'RETURNS_NOTHING_TO_EXPORT' });
  });
});

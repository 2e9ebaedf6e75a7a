// Format 3 (issue 19, nobody left out): a centre's people checks travel in its return package —
// the left-out people by ID number (or keyed hash), households and 零就业家庭, the department lists
// it compared, satisfaction per service, family-doctor contracts — and the office sees the same
// lists and rates, per centre and in total, consolidated upward; an older centre's format-2
// package shows those figures as not reported, never as 0.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import type { ExportResult } from '../../../db/returns/contract';
import texts from '../../../renderer/i18n/areas/returns.en';
import { flattenLabels } from '../../../renderer/components/returns/labels';
import { alteredCopy, asFormat2, centreRow, reseal, creditCode, exportPackage, freshUnit, importPackages, totals, type Unit } from './fixtures';

const tmp = tempDir();
const units: Unit[] = [];
const KEY = '共享密钥-people-checks-0001';

// Centre A (玄武区康复中心)
const A1 = makeId('1950-05-01', 11); // 张甲: level 1, no care allowance → care_allowance
const A2 = makeId('1955-03-03', 13); // 李乙: 低保 without the living allowance → living_allowance (own 低保)
const A3 = makeId('1985-07-07', 12); // 王丙 (woman, 41): working age, never contacted → working_age; 李乙's household holds 低保 → living_allowance (household)
const A4 = makeId('1980-09-09', 15); // 赵丁: employed, found by no check
const ON_LIST_ONLY = makeId('1990-01-01', 19);
// Centre B (秦淮区康复中心)
const B1 = makeId('2022-01-01', 21); // a child of 4 with a certificate, not in rehab → child_rehab
// Centre C (鼓楼区康复中心), sending a format-2 package
const C1 = makeId('1950-02-02', 31); // level 1 without care allowance: found at C, but C's package cannot say so

const A = { name: '玄武区康复中心', creditCode: creditCode(61, '320102'), regionCode: '320102' };
const B = { name: '秦淮区康复中心', creditCode: creditCode(62, '320104'), regionCode: '320104' };
const C = { name: '鼓楼区康复中心', creditCode: creditCode(63, '320106'), regionCode: '320106' };

function person(unit: Unit, name: string, idNumber: string, level: number, supportStatuses: ('dibao' | 'tekun')[] = [], guardianName = ''): number {
  return unit.ok('people.create', { name, idNumber, certNumber: makeCert(idNumber, 4, level), certExpiry: '2030-01-01', household: 'rural', supportStatuses, guardianName }).id;
}

const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');

let a: Unit;
let b: Unit;
let c: Unit;
let pkgA: ExportResult;
let pkgB: ExportResult;
let pkgC2: string;

beforeAll(async () => {
  a = freshUnit(tmp.dir, 'centre-a', A);
  b = freshUnit(tmp.dir, 'centre-b', B);
  c = freshUnit(tmp.dir, 'centre-c', C);
  units.push(a, b, c);

  const zhang = person(a, '张甲', A1, 1);
  const li = person(a, '李乙', A2, 3, ['dibao']);
  const wang = person(a, '王丙', A3, 3);
  const zhao = person(a, '赵丁', A4, 4);
  a.ok('training.placements.create', { personId: zhao, placementType: 'flexible', startDate: '2026-03-01', fullTime: true });
  a.ok('compare.households.link', { personId: wang, withPersonId: li, relation: '女儿' });
  a.ok('compare.facts.record', { personId: zhang, status: 'family_doctor', held: true, effectiveFrom: '2026-02-01', note: '' });
  a.ok('compare.satisfaction.add', { personId: wang, service: 'rehab', rating: 5, answeredOn: '2026-03-01' });
  a.ok('compare.satisfaction.add', { personId: wang, service: 'rehab', rating: 2, answeredOn: '2026-04-01' });
  a.ok('compare.satisfaction.add', { personId: zhang, service: 'visit', rating: 3, answeredOn: '2026-05-01' });
  a.ok('compare.satisfaction.add', { personId: li, service: 'training', rating: 4, answeredOn: '2025-12-31' }); // last year: not in the 2026 package
  // 民政's list: 李乙 低保 (same), 王丙 低保 (the register has none: differs), someone the register lacks (only theirs).
  const started = a.ok('compare.import.start', {
    source: 'civil_affairs',
    sourceName: '玄武区民政局',
    listDate: '2026-11-01',
    statuses: ['dibao', 'tekun'],
    fileName: '低保名单.csv',
    contentBase64: csv(['姓名,公民身份号码,保障类别', `李乙,${A2},低保`, `王丙,${A3},低保`, `孙戊,${ON_LIST_ONLY},特困`]),
  });
  const preview = a.ok('compare.import.preview', { jobId: started.jobId });
  a.ok('compare.import.commit', { jobId: preview.jobId, expectedValid: preview.valid });

  const child = person(b, '钱小', B1, 3, [], '钱大');
  b.ok('compare.satisfaction.add', { personId: child, service: 'rehab', rating: 1, answeredOn: '2026-06-01' });
  b.ok('compare.satisfaction.add', { personId: child, service: 'employment', rating: 4, answeredOn: '2026-06-02' });

  person(c, '孙己', C1, 1);

  pkgA = await exportPackage(a, '2026');
  pkgB = await exportPackage(b, '2026');
  pkgC2 = await asFormat2((await exportPackage(c, '2026')).file, path.join(tmp.dir, 'old', 'centre-c-format2.sqlite'));
}, 120_000);
afterAll(() => {
  for (const unit of units) unit.close();
  tmp.cleanup();
});

function rows(file: string, sql: string): unknown[][] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).raw(true).all() as unknown[][];
  } finally {
    db.close();
  }
}

describe('a centre’s format-3 package', () => {
  it('carries exactly the centre’s left-out people, households, lists and satisfaction answers', () => {
    expect(rows(pkgA.file, "SELECT value FROM package_meta WHERE key = 'format_version'")).toEqual([['3']]);
    expect(rows(pkgA.file, 'SELECT * FROM left_out ORDER BY check_kind, person_key')).toEqual([
      [A.creditCode, 'care_allowance', A1, 'LEFT_OUT_CARE_ALLOWANCE'],
      ...[
        [A.creditCode, 'living_allowance', A2, 'LEFT_OUT_LIVING_ALLOWANCE'],
        [A.creditCode, 'living_allowance', A3, 'LEFT_OUT_LIVING_ALLOWANCE_HOUSEHOLD'],
      ].sort((x, y) => String(x[2]).localeCompare(String(y[2]))),
      [A.creditCode, 'working_age', A3, 'LEFT_OUT_NEVER_CONTACTED'],
    ]);
    // One household (王丙 with 李乙): two people of the register, and its one member of working age (王丙) not employed → 零就业.
    // 张甲's family-doctor contract; no child in rehab, no trainee.
    expect(rows(pkgA.file, 'SELECT * FROM centre_summary')).toEqual([[A.creditCode, '2026-11-22', 1, 1, 1, 1, 0, 0, 0, 0]]);
    expect(rows(pkgA.file, 'SELECT * FROM department_list')).toEqual([
      [A.creditCode, expect.any(Number), 'civil_affairs', '玄武区民政局', '2026-11-01', '["dibao","tekun"]', 3, 1, 1, 1, 0, 0],
    ]);
    // 2026: rehab 5 and 2 (one of two satisfied), visit 3 (基本满意 counts); the 2025 answer stays out.
    expect(rows(pkgA.file, 'SELECT * FROM satisfaction ORDER BY service')).toEqual([
      [A.creditCode, 'rehab', 2, 1],
      [A.creditCode, 'visit', 1, 1],
    ]);
    expect(rows(pkgB.file, 'SELECT * FROM left_out')).toEqual([[B.creditCode, 'child_rehab', B1, 'LEFT_OUT_CHILD_REHAB']]);
    expect(rows(pkgB.file, 'SELECT * FROM centre_summary')).toEqual([[B.creditCode, '2026-11-22', 0, 0, 0, 0, 0, 0, 0, 0]]);
  });

  it('de-identified, names nobody: the left-out people by keyed hash only, no ID number or name in any new table', async () => {
    a.ok('returns.officeKey.save', { key: KEY });
    const deid = await exportPackage(a, '2026', true);
    const keys = rows(deid.file, 'SELECT person_key FROM left_out').map((r) => r[0] as string);
    expect(keys).toHaveLength(4);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
    const everything = ['centre_summary', 'department_list', 'left_out', 'satisfaction']
      .flatMap((table) => rows(deid.file, `SELECT * FROM ${table}`))
      .flat()
      .map(String)
      .join('|');
    for (const id of [A1, A2, A3, A4, ON_LIST_ONLY]) expect(everything).not.toContain(id);
    for (const name of ['张甲', '李乙', '王丙', '赵丁', '孙戊']) expect(everything).not.toContain(name);
    // The same people as the plain package, hashed.
    expect(rows(deid.file, "SELECT count(*) FROM left_out WHERE check_kind = 'living_allowance'")).toEqual([[2]]);
  });
});

describe('a package whose people checks break the format', () => {
  it('is refused as damaged, even resealed, and the other files of the import go on', async () => {
    const forged = alteredCopy(pkgB.file, path.join(tmp.dir, 'forged', 'more-satisfied-than-answers.sqlite'), (db) => {
      db.prepare("UPDATE satisfaction SET satisfied = answers + 1 WHERE service = 'employment'").run();
    });
    const db = new Database(forged);
    await reseal(db);
    db.close();
    const office = freshUnit(tmp.dir, 'office-forged', { name: '某区残联', type: 'county_federation', creditCode: creditCode(962, '320100'), regionCode: '320100' });
    units.push(office);
    const result = await importPackages(office, [forged, pkgA.file]);
    expect(result.files.map((f) => [f.outcome, f.error?.code ?? null])).toEqual([
      ['rejected', 'RETURNS_CORRUPT'],
      ['imported', null],
    ]);
    expect(office.ok('returns.stats.get', { period: '2026' }).centres.map((c) => c.name)).toEqual([A.name]);
  });
});

describe('the office’s statistics of the people checks', () => {
  let county: Unit;
  beforeAll(async () => {
    county = freshUnit(tmp.dir, 'office-county', { name: '南京市某区残联', type: 'county_federation', creditCode: creditCode(960, '320100'), regionCode: '320100' });
    units.push(county);
    const imported = await importPackages(county, [pkgA.file, pkgB.file, pkgC2]);
    expect(imported.files.map((f) => [f.outcome, f.error])).toEqual([
      ['imported', null],
      ['imported', null],
      ['imported', null],
    ]);
  }, 60_000);

  it('adds two centres’ format-3 figures up, rates from the added counts, and shows the format-2 centre as not reported', () => {
    const stats = county.ok('returns.stats.get', { period: '2026' });
    expect(stats.checksCentres).toBe(2);
    expect(county.ok('returns.packages.list', { period: '2026' }).map((p) => [p.centreName, p.formatVersion]).sort()).toEqual([
      [C.name, 2],
      [B.name, 3],
      [A.name, 3],
    ].sort());

    // Left out: A 张甲 (care), 李乙 and 王丙 (living), 王丙 (working age) = 4 findings of 3 people; B the child (1 of 1).
    expect(centreRow(stats, 'leftOut', A.creditCode)).toEqual({
      'check.care_allowance': 1,
      'check.living_allowance': 2,
      'check.child_rehab': 0,
      'check.working_age': 1,
      'check.cert_expired': 0,
      people: 3,
    });
    expect(totals(stats, 'leftOut')).toEqual({
      'check.care_allowance': 1, // A 1 + B 0
      'check.living_allowance': 2, // A 2 + B 0
      'check.child_rehab': 1, // A 0 + B 1
      'check.working_age': 1,
      'check.cert_expired': 0,
      people: 4, // A 3 + B 1
    });
    // C's 孙己 would be found for the care allowance, but C's package is format 2: not reported, not 0.
    expect(Object.values(centreRow(stats, 'leftOut', C.creditCode)).every((v) => v === null)).toBe(true);
    expect(stats.tables.find((t) => t.id === 'leftOut')!.rows.map((r) => [r.centre?.code ?? 'total', r.notReported ?? false]).sort()).toEqual(
      [
        [A.creditCode, false],
        [B.creditCode, false],
        [C.creditCode, true],
        ['total', false],
      ].sort(),
    );

    expect(totals(stats, 'households')).toEqual({
      households: 1,
      multiple: 1,
      zeroEmployment: 1,
      familyDoctor: 1,
      childrenInRehab: 0,
      insuredChildren: 0,
      insuredRate: null, // no child in rehab: no rate
      trainees: 0,
      migrantTrainees: 0,
    });
    expect(centreRow(stats, 'households', B.creditCode)).toMatchObject({ households: 0, zeroEmployment: 0 });
    expect(Object.values(centreRow(stats, 'households', C.creditCode)).every((v) => v === null)).toBe(true);

    // Satisfaction: A rehab 2 answers (1 satisfied), visit 1 (1); B rehab 1 (0), employment 1 (1).
    const satisfaction = totals(stats, 'satisfaction');
    expect(satisfaction).toMatchObject({
      'all.answers': 5, // 2 + 1 + 1 + 1
      'all.satisfied': 3, // 1 + 1 + 0 + 1
      'all.rate': 600, // 3 / 5 = 60.0 %
      'rehab.answers': 3, // A 2 + B 1
      'rehab.satisfied': 1,
      'rehab.rate': 333, // 1 / 3 = 33.3 % (per mille, rounded down)
      'visit.rate': 1000,
      'employment.rate': 1000,
      'training.answers': 0,
      'training.rate': null, // no answers: no rate
    });
    expect(centreRow(stats, 'satisfaction', B.creditCode)).toMatchObject({ 'all.answers': 2, 'all.satisfied': 1, 'all.rate': 500 });
    expect(centreRow(stats, 'satisfaction', C.creditCode)['all.answers']).toBeNull();
    // …and beside the 精准康复 indicators.
    expect(totals(stats, 'indicators')).toMatchObject({ 'satisfaction.n': 3, 'satisfaction.d': 5, 'satisfaction.rate': 600 });

    expect(totals(stats, 'departmentLists')).toEqual({ lists: 1, rows: 3, same: 1, different: 1, onlyTheirs: 1, onlyOurs: 0, departed: 0 });
    expect(centreRow(stats, 'departmentLists', B.creditCode)).toMatchObject({ lists: 0 });
  });

  it('puts the new tables in the office’s workbook, the format-2 centre’s figures written “未报送”', async () => {
    const done = await county.settle(county.ok('returns.stats.export', { period: '2026', labels: flattenLabels(texts.zh.labels) }));
    expect(done.state).toBe('done');
    const book = XLSX.read(fs.readFileSync(done.result!.file));
    const sheet = (name: string) => XLSX.utils.sheet_to_json<(string | number)[]>(book.Sheets[name]!, { header: 1 });
    const info = sheet('说明');
    expect(info).toContainEqual(['不漏一人核查、家庭与满意度', '2 / 3 个机构已报送']);
    const leftOut = sheet('不漏一人：核查发现的人员（按核查项）');
    expect(leftOut[0]).toEqual(['机构', '区划代码', '一、二级未享受护理补贴', '低保、特困家庭未享受生活补贴', '0–6 岁儿童未接受康复', '劳动年龄未就业且久未联系', '证件过期未换领', '涉及人数']);
    expect(leftOut.find((r) => r[0] === C.name)).toEqual([C.name, C.regionCode, '未报送', '未报送', '未报送', '未报送', '未报送', '未报送']);
    expect(leftOut.at(-1)).toEqual(['合计', '', 1, 2, 1, 1, 0, 4]);
    const satisfaction = sheet('服务满意率（按服务）');
    // 全部服务: 5 answers, 3 satisfied, 60 % (a fraction the cell formats as a percentage).
    expect(satisfaction.at(-1)!.slice(0, 5)).toEqual(['合计', '', 5, 3, 0.6]);
    expect(book.SheetNames).toEqual(expect.arrayContaining(['一户多残与零就业家庭', '部门名单比对']));
  });

  it('keeps the left-out people by ID number, so the office can look for a person across centres', () => {
    const db = new Database(county.file, { readonly: true });
    try {
      const keys = db.prepare('SELECT person_key FROM ret_left_out ORDER BY person_key').pluck().all();
      expect(keys).toEqual([A1, A2, A3, A3, B1].sort());
    } finally {
      db.close();
    }
  });

  it('carries the figures upward: the city sees the county’s consolidation as the county does, C still not reported', async () => {
    const done = await county.settle(county.ok('returns.consolidated.export', { period: '2026', deidentified: false }));
    expect(done.state).toBe('done');
    const upward = done.result!;
    expect(rows(upward.file, "SELECT value FROM package_meta WHERE key = 'format_version'")).toEqual([['3']]);
    expect(rows(upward.file, 'SELECT centre_code FROM centre_summary ORDER BY centre_code')).toEqual([[A.creditCode], [B.creditCode]].sort());
    const city = freshUnit(tmp.dir, 'office-city', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(961, '320100'), regionCode: '320100' });
    units.push(city);
    await importPackages(city, [upward.file]);
    const atCity = city.ok('returns.stats.get', { period: '2026' });
    const atCounty = county.ok('returns.stats.get', { period: '2026' });
    for (const id of ['leftOut', 'households', 'satisfaction', 'departmentLists', 'indicators'] as const) {
      expect(atCity.tables.find((t) => t.id === id), id).toEqual(atCounty.tables.find((t) => t.id === id));
    }
    expect(atCity.checksCentres).toBe(2);
  });
});

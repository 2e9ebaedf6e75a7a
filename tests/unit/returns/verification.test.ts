// Consolidation mode checks every package: damaged, truncated, tampered, unknown or anonymous
// ones are refused with their reason while the others import; a package already held is a
// duplicate; a later export of the same centre and period replaces it, showing what changed;
// a package in the older format 1 is read through its upgrade.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { makeId } from '../../support/ids';
import { alteredCopy, asFormat1, creditCode, exportPackage, freshUnit, importPackages, reseal, seededCentre, totals, type Unit } from './fixtures';
import type { ImportFileResult } from '../../../db/returns/contract';

const tmp = tempDir();
let centre: Unit;
let other: Unit;
let office: Unit;
let good = '';
const CENTRE = { name: '鼓楼区康复中心', creditCode: creditCode(21) };
const OTHER = { name: '秦淮区康复中心', creditCode: creditCode(22, '320104'), regionCode: '320104' };

beforeAll(async () => {
  centre = seededCentre(tmp.dir, 5, 0.5, CENTRE);
  other = seededCentre(tmp.dir, 6, 0.3, OTHER);
  office = freshUnit(tmp.dir, 'office', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(901, '320100'), regionCode: '320100' });
  good = (await exportPackage(centre, '2026')).file;
});
afterAll(() => {
  for (const unit of [centre, other, office]) unit?.close();
  tmp.cleanup();
});

const outcome = (files: ImportFileResult[], name: string) => {
  const found = files.find((f) => f.fileName === name);
  if (!found) throw new Error(`no result for ${name}`);
  return [found.outcome, found.error?.code ?? null];
};

describe('importing many packages at once', () => {
  it('refuses each damaged, truncated, tampered, unknown or anonymous package with its reason and imports the good ones', async () => {
    const inbox = path.join(tmp.dir, 'inbox');
    fs.mkdirSync(inbox, { recursive: true });
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(path.join(inbox, 'truncated.sqlite'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    fs.writeFileSync(path.join(inbox, 'cut-mid-page.sqlite'), bytes.subarray(0, bytes.length - 1000));
    fs.writeFileSync(path.join(inbox, 'notes.sqlite'), '这不是数据库文件，只是一段文字。'.repeat(20));
    fs.writeFileSync(path.join(inbox, 'readme.txt'), 'not a package, and not named like one: left alone');
    const damaged = Buffer.from(bytes);
    // Scribble over pages in the middle of the file, as a failing disk or a bad copy would.
    damaged.fill(0xa5, 4096 * 3, 4096 * 6);
    fs.writeFileSync(path.join(inbox, 'damaged.sqlite'), damaged);
    fs.copyFileSync(centre.file, path.join(inbox, 'data-file.sqlite'));
    alteredCopy(good, path.join(inbox, 'tampered-row.sqlite'), (db) => {
      db.prepare("UPDATE rehab_session SET attendance = 'present' WHERE rowid = (SELECT min(rowid) FROM rehab_session WHERE attendance <> 'present')").run();
    });
    alteredCopy(good, path.join(inbox, 'tampered-meta.sqlite'), (db) => {
      db.prepare("UPDATE package_meta SET value = '2027-01-01T00:00:00+08:00' WHERE key = 'exported_at'").run();
    });
    const resealed = async (name: string, change: (db: import('better-sqlite3').Database) => void) => {
      const file = path.join(inbox, name);
      fs.copyFileSync(good, file);
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(file);
      change(db);
      await reseal(db);
      db.close();
    };
    await resealed('anonymous.sqlite', (db) => db.prepare("DELETE FROM package_meta WHERE key = 'centre_code'").run());
    await resealed('format-9.sqlite', (db) => db.prepare("UPDATE package_meta SET value = '9' WHERE key = 'format_version'").run());
    await resealed('schema-99.sqlite', (db) => db.prepare("UPDATE package_meta SET value = '99' WHERE key = 'schema_version'").run());
    const otherPackage = (await exportPackage(other, '2026')).file;
    fs.copyFileSync(otherPackage, path.join(inbox, 'other.sqlite'));
    fs.copyFileSync(good, path.join(inbox, 'good.sqlite'));

    const result = await importPackages(office, [inbox, path.join(tmp.dir, 'missing.sqlite')]);
    expect(result.files.map((f) => f.fileName)).not.toContain('readme.txt');
    expect(outcome(result.files, 'truncated.sqlite')).toEqual(['rejected', 'RETURNS_TRUNCATED']);
    expect(outcome(result.files, 'cut-mid-page.sqlite')).toEqual(['rejected', 'RETURNS_TRUNCATED']);
    expect(outcome(result.files, 'notes.sqlite')).toEqual(['rejected', 'RETURNS_NOT_SQLITE']);
    expect(outcome(result.files, 'damaged.sqlite')).toEqual(['rejected', 'RETURNS_CORRUPT']);
    expect(outcome(result.files, 'data-file.sqlite')).toEqual(['rejected', 'RETURNS_NOT_PACKAGE']);
    expect(outcome(result.files, 'tampered-row.sqlite')).toEqual(['rejected', 'RETURNS_CHECKSUM_MISMATCH']);
    expect(outcome(result.files, 'tampered-meta.sqlite')).toEqual(['rejected', 'RETURNS_CHECKSUM_MISMATCH']);
    expect(outcome(result.files, 'anonymous.sqlite')).toEqual(['rejected', 'RETURNS_IDENTITY_MISSING']);
    expect(outcome(result.files, 'format-9.sqlite')).toEqual(['rejected', 'RETURNS_FORMAT_UNKNOWN']);
    expect(outcome(result.files, 'schema-99.sqlite')).toEqual(['rejected', 'RETURNS_SCHEMA_UNKNOWN']);
    expect(outcome(result.files, 'missing.sqlite')).toEqual(['rejected', 'RETURNS_FILE_NOT_FOUND']);
    expect(outcome(result.files, 'good.sqlite')).toEqual(['imported', null]);
    expect(outcome(result.files, 'other.sqlite')).toEqual(['imported', null]);
    expect(result).toMatchObject({ imported: 2, replaced: 0, rejected: 11 });

    // Only the good ones count, and nothing of the refused ones was left behind.
    const stats = office.ok('returns.stats.get', { period: '2026' });
    expect(stats.centres.map((c) => c.name).sort()).toEqual([CENTRE.name, OTHER.name].sort());
    expect(office.ok('returns.packages.list', { period: '2026', includeReplaced: true })).toHaveLength(2);
    const leftovers = office.service.db.prepare("SELECT count(*) FROM return_package WHERE status = 'importing'").pluck().get();
    expect(leftovers).toBe(0);
    const history = office.ok('returns.imports.list', {});
    expect(history.files).toHaveLength(13);
    expect(history.files.find((f) => f.fileName === 'tampered-row.sqlite')?.error?.code).toBe('RETURNS_CHECKSUM_MISMATCH');
  });

  it('refuses the same package again as a duplicate', async () => {
    const again = await importPackages(office, [good]);
    expect(again.files.map((f) => [f.outcome, f.error?.code, f.error?.params?.centre])).toEqual([['rejected', 'RETURNS_DUPLICATE', CENTRE.name]]);
  });

  it('replaces a centre’s package with its later export, showing what changed, and refuses the older one after', async () => {
    const before = office.ok('returns.stats.get', { period: '2026' });
    const child = centre.ok('people.search', { q: '', limit: 1 }).rows[0]!;
    centre.ok('rehab.visits.create', { personId: child.id, date: '2026-11-20', visitor: '李访视' });
    const later = await exportPackage(centre, '2026');
    const result = await importPackages(office, [later.file]);
    const file = result.files[0]!;
    expect(file.outcome).toBe('replaced');
    expect(file.counts!.rehab_visit).toBe(file.before!.rehab_visit! + 1);
    expect(file.counts!.rehab_session).toBe(file.before!.rehab_session);

    const packages = office.ok('returns.packages.list', { period: '2026', includeReplaced: true });
    const mine = packages.filter((p) => p.centreCode === CENTRE.creditCode);
    expect(mine.map((p) => p.status).sort()).toEqual(['current', 'replaced']);
    expect(mine.find((p) => p.status === 'replaced')!.replacedBy).toBe(file.packageId);
    // The replaced package's rows are gone; the figures are the new package's.
    const rows = office.service.db
      .prepare("SELECT count(*) FROM ret_rehab_session WHERE package_id = (SELECT id FROM return_package WHERE status = 'replaced')")
      .pluck()
      .get();
    expect(rows).toBe(0);
    const after = office.ok('returns.stats.get', { period: '2026' });
    expect(totals(after, 'sessions')).toEqual(totals(before, 'sessions'));

    const old = await importPackages(office, [good]);
    expect(old.files.map((f) => [f.outcome, f.error?.code])).toEqual([['rejected', 'RETURNS_NOT_NEWER']]);
  });

  it('imports into an office whose data file is encrypted, and exports from an encrypted centre', async () => {
    const sealed = freshUnit(tmp.dir, 'sealed-office', { name: '加密的区残联', type: 'county_federation', creditCode: creditCode(904) }, { passphrase: '区残联数据文件口令-2026' });
    const sealedCentre = freshUnit(tmp.dir, 'sealed-centre', { name: '加密的康复中心', creditCode: creditCode(23) }, { passphrase: '中心数据文件口令-2026' });
    try {
      expect(fs.readFileSync(sealed.file).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
      sealedCentre.ok('people.create', { name: '孙丽', idNumber: makeId('2021-03-04', 44), household: 'urban', guardianName: '孙父' });
      const pkg = await exportPackage(sealedCentre, '2026');
      // The package itself is a plain SQLite file, whatever the centre's data file is.
      expect(fs.readFileSync(pkg.file).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
      const result = await importPackages(sealed, [good, pkg.file]);
      expect(result.files.map((f) => [f.outcome, f.error])).toEqual([
        ['imported', null],
        ['imported', null],
      ]);
      expect(totals(sealed.ok('returns.stats.get', { period: '2026' }), 'overview').people).toBeGreaterThan(1);
    } finally {
      sealed.close();
      sealedCentre.close();
    }
  });

  it('reads a package of the older format 1 through its upgrade, with the same figures', async () => {
    const current = await exportPackage(other, '2026');
    const old = await asFormat1(current.file, path.join(tmp.dir, 'old', 'format1.sqlite'));
    const a = freshUnit(tmp.dir, 'office-a', { name: '甲区残联', type: 'county_federation', creditCode: creditCode(902) });
    const b = freshUnit(tmp.dir, 'office-b', { name: '乙区残联', type: 'county_federation', creditCode: creditCode(903) });
    try {
      const fromOld = await importPackages(a, [old]);
      expect(fromOld.files.map((f) => [f.outcome, f.error])).toEqual([['imported', null]]);
      await importPackages(b, [current.file]);
      const oldStats = a.ok('returns.stats.get', { period: '2026' });
      const newStats = b.ok('returns.stats.get', { period: '2026' });
      expect(oldStats.centres).toEqual(newStats.centres);
      // Format 1 carried no visit schedule, no claims and no people checks (format 3); everything else is the same.
      const without = (s: typeof oldStats) =>
        s.tables.filter((t) => !['visits', 'overview', 'subsidy', 'indicators', 'leftOut', 'households', 'satisfaction', 'departmentLists'].includes(t.id));
      expect(without(oldStats)).toEqual(without(newStats));
      expect(a.ok('returns.packages.list', { period: '2026' })[0]!.formatVersion).toBe(1);
    } finally {
      a.close();
      b.close();
    }
  });
});

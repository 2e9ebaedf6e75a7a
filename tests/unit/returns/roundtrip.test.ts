// A centre exports its return, the office imports it: the package is a plain SQLite file with its
// identity and checksum, and the office's statistics equal the centre's own figures.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { readMeta, walkCanonical } from '../../../db/returns/format';
import { creditCode, exportPackage, freshUnit, importPackages, seededCentre, totals, type Unit } from './fixtures';
import { SCHEMA_VERSION } from '../../../db/migrations/index';

const tmp = tempDir();

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
let centre: Unit;
let office: Unit;
const CENTRE = { name: '玄武区残疾人康复中心', creditCode: creditCode(11), regionCode: '320102' };

beforeAll(() => {
  centre = seededCentre(tmp.dir, 3, 1, CENTRE);
  office = freshUnit(tmp.dir, 'office', { name: '玄武区残联', type: 'county_federation', creditCode: creditCode(900), regionCode: '320102' });
});
afterAll(() => {
  centre?.close();
  office?.close();
  tmp.cleanup();
});

describe('a centre’s return package', () => {
  it('is one SQLite file that names the centre, period, versions and export time, with a checksum that holds', async () => {
    const result = await exportPackage(centre, '2026');
    expect(result.fileName).toMatch(new RegExp(`^rehabdesk-return-${CENTRE.creditCode}-2026-20261122-\\d{6}\\.sqlite$`));
    expect(fs.existsSync(result.file)).toBe(true);
    expect(fs.readdirSync(`${centre.dir}/exports`).filter((f) => f.endsWith('.partial'))).toEqual([]);

    // Any SQLite tool opens it: the sqlite3 shell reads the metadata.
    const shell = execFileSync('sqlite3', [result.file, "SELECT value FROM package_meta WHERE key = 'centre_name'"], { encoding: 'utf8' });
    expect(shell.trim()).toBe(CENTRE.name);

    const pkg = new Database(result.file, { readonly: true });
    try {
      const meta = readMeta(pkg);
      expect(meta).toMatchObject({
        format: 'rehabdesk-return-package',
        format_version: '3',
        kind: 'centre',
        centre_code: CENTRE.creditCode,
        centre_name: CENTRE.name,
        region_code: '320102',
        period: '2026',
        period_from: '2026-01-01',
        period_to: '2026-12-31',
        deidentified: '0',
        app_version: expect.any(String),
        schema_version: String(SCHEMA_VERSION),
      });
      expect(meta.exported_at).toMatch(/^2026-11-22T\d\d:\d\d:\d\d\+08:00$/);
      expect(await walkCanonical(pkg, 3, meta)).toBe(meta.checksum);
      expect(meta.checksum).toBe(result.checksum);
      // The period's records: this year's sessions, all of them.
      const source = new Database(centre.file, { readonly: true });
      const sessions = source.prepare("SELECT count(*) FROM rehab_session WHERE session_date BETWEEN '2026-01-01' AND '2026-12-31'").pluck().get();
      source.close();
      expect(pkg.prepare('SELECT count(*) FROM rehab_session').pluck().get()).toBe(sessions);
      expect(JSON.parse(meta.row_counts!).rehab_session).toBe(sessions);
    } finally {
      pkg.close();
    }
  });

  it.skipIf(!hasPython())('can be checked by another system with the method FORMAT.md gives (its Python)', async () => {
    const result = await exportPackage(centre, '2026', false);
    const doc = fs.readFileSync('db/returns/FORMAT.md', 'utf8');
    const code = /```python\n([\s\S]*?)```/.exec(doc)![1]!;
    const script = `${tmp.dir}/check.py`;
    fs.writeFileSync(script, code);
    expect(execFileSync('python3', [script, result.file], { encoding: 'utf8' }).trim()).toBe('checksum holds');
    // And it notices a change.
    const changed = `${tmp.dir}/changed.sqlite`;
    fs.copyFileSync(result.file, changed);
    const db = new Database(changed);
    db.prepare("UPDATE person SET name = name || '甲' WHERE rowid = 1").run();
    db.close();
    expect(() => execFileSync('python3', [script, changed], { stdio: 'pipe' })).toThrow(/changed after export/);
  });

  it('gives the office the centre’s own figures for the year', async () => {
    const result = await exportPackage(centre, '2026');
    const imported = await importPackages(office, [result.file]);
    expect(imported.files.map((f) => [f.outcome, f.error])).toEqual([['imported', null]]);
    const stats = office.ok('returns.stats.get', { period: '2026' });
    expect(stats.centres.map((c) => c.name)).toEqual([CENTRE.name]);

    const training = centre.ok('training.figures', { year: 2026 });
    const t = totals(stats, 'training');
    for (const type of training.byCourseType) {
      expect(t[`trainees.${type.code}`] ?? 0, type.code).toBe(type.trainees);
      expect(t[`completed.${type.code}`] ?? 0, type.code).toBe(type.completed);
    }
    const certificates = totals(stats, 'certificates');
    for (const c of training.certificatesByType) expect(certificates[`cert.${c.certType}`]).toBe(c.count);
    const placements = totals(stats, 'placements');
    for (const p of training.placementsByType) expect(placements[`placement.${p.placementType}`]).toBe(p.count);

    const devices = centre.ok('devices.figures', { year: 2026 });
    const d = totals(stats, 'devices');
    expect(d.fittings).toBe(devices.fittings);
    expect(d.cost).toBe(devices.costFen);
    expect(d.subsidy).toBe(devices.subsidyFen);
    for (const [deviceClass, months] of Object.entries(devices.byClassMonth)) {
      expect(d[`class.${deviceClass}`]).toBe(months.reduce((a, b) => a + b, 0));
    }
    expect(devices.fittings).toBeGreaterThan(0);
    expect(training.placementsByType.some((p) => p.count > 0)).toBe(true);
  });

  it('gives the office the centre’s month summary of child rehabilitation', async () => {
    const result = await exportPackage(centre, '2026-10');
    await importPackages(office, [result.file]);
    const stats = office.ok('returns.stats.get', { period: '2026-10' });
    const summary = centre.ok('rehab.summary', { month: '2026-10' });
    const s = totals(stats, 'sessions');
    expect(s.sessions).toBe(summary.totals.sessions);
    expect(s.present).toBe(summary.totals.present);
    expect(s.absent).toBe(summary.totals.absent);
    expect(s.leave).toBe(summary.totals.leave);
    expect(s.serviceDays).toBe(summary.totals.serviceDays);
    const children = totals(stats, 'children');
    expect(children.total).toBe(summary.totals.children);
    for (const served of summary.served) expect(children[`category.${served.category}`], served.category).toBe(served.total);
    summary.servedByBand.forEach((n, i) => expect(children[`band.${i}`]).toBe(n));
    expect(summary.totals.sessions).toBeGreaterThan(50);
  });
});

// The statistics workbook: exported in the background, read back with the xlsx package (same
// figures as the screen), and opened by LibreOffice (converted headless, sheet by sheet).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import texts from '../../../renderer/i18n/areas/returns.en';
import { flattenLabels } from '../../../renderer/components/returns/labels';
import { creditCode, exportPackage, freshUnit, importPackages, seededCentre, type Unit } from './fixtures';

const tmp = tempDir();
const units: Unit[] = [];
let office: Unit;
const labels = flattenLabels(texts.zh.labels);

/** LibreOffice, if this machine has it (CI installs libreoffice-calc-nogui). */
function soffice(): string | null {
  for (const candidate of ['soffice', 'libreoffice']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

beforeAll(async () => {
  const files: string[] = [];
  for (const [i, identity] of [
    { name: '玄武区康复中心', creditCode: creditCode(51) },
    { name: '秦淮区康复中心', creditCode: creditCode(52, '320104'), regionCode: '320104' },
  ].entries()) {
    const unit = seededCentre(tmp.dir, 21 + i, 0.4, identity);
    units.push(unit);
    files.push((await exportPackage(unit, '2026')).file);
  }
  office = freshUnit(tmp.dir, 'office', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(950, '320100'), regionCode: '320100' });
  units.push(office);
  await importPackages(office, files);
}, 120_000);
afterAll(() => {
  for (const unit of units) unit.close();
  tmp.cleanup();
});

async function exportWorkbook() {
  const done = await office.settle(office.ok('returns.stats.export', { period: '2026', labels }));
  if (done.state !== 'done') throw new Error(JSON.stringify(done.error));
  return done.result!;
}

describe('the statistics workbook', () => {
  it('holds every table with a row per centre and the total, as the screen shows them', async () => {
    const stats = office.ok('returns.stats.get', { period: '2026' });
    const result = await exportWorkbook();
    expect(result.fileName).toMatch(/^rehabdesk-return-stats-2026-20261122-\d{6}\.xlsx$/);
    expect(fs.readdirSync(path.dirname(result.file)).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const book = XLSX.read(fs.readFileSync(result.file), { cellNF: true });
    expect(book.SheetNames[0]).toBe('说明');
    expect(book.SheetNames).toContain('总览');
    expect(book.SheetNames).toHaveLength(stats.tables.length + 2);

    const info = XLSX.utils.sheet_to_json<string[]>(book.Sheets['说明']!, { header: 1 });
    expect(info[0]).toEqual(['报表', '汇总上报统计表（2026）']);
    expect(info[2]).toEqual(['机构数', 2]);

    const overview = stats.tables.find((t) => t.id === 'overview')!;
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(book.Sheets['总览']!, { header: 1 });
    expect(rows[0]!.slice(0, 4)).toEqual(['机构', '区划代码', '在册人数', '康复儿童']);
    expect(rows.map((r) => r[0])).toEqual(['机构', ...stats.centres.map((c) => c.name), '合计']);
    const total = rows.at(-1)!;
    overview.columns.forEach((column, i) => {
      const value = overview.rows.at(-1)!.values[i]!;
      expect(total[i + 2], column.key).toBe(column.kind === 'fen' ? value / 100 : value);
    });
    expect(total[overview.columns.findIndex((c) => c.key === 'sessions') + 2]).toBeGreaterThan(1000);

    // Money in yuan with two decimals, rates as percentages.
    const devices = book.Sheets[book.SheetNames.find((n) => n.startsWith('辅具适配'))!]!;
    const subsidyColumn = stats.tables.find((t) => t.id === 'devices')!.columns.findIndex((c) => c.key === 'subsidy') + 2;
    expect(devices[XLSX.utils.encode_cell({ r: 1, c: subsidyColumn })].z).toBe('#,##0.00');
  });

  it.skipIf(soffice() === null)('opens in LibreOffice', async () => {
    const result = await exportWorkbook();
    const out = path.join(tmp.dir, 'converted');
    fs.mkdirSync(out, { recursive: true });
    // Every sheet to its own CSV file (UTF-8), through LibreOffice's own reader.
    execFileSync(
      soffice()!,
      [
        `-env:UserInstallation=file://${path.join(tmp.dir, 'lo-profile')}`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        out,
        result.file,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const csvs = fs.readdirSync(out).filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBe(office.ok('returns.stats.get', { period: '2026' }).tables.length + 2);
    const overview = fs.readFileSync(path.join(out, csvs.find((f) => f.includes('总览'))!), 'utf8');
    expect(overview.split('\n')[0]).toMatch(/^机构,区划代码,在册人数,康复儿童/);
    expect(overview).toContain('合计');
  }, 180_000);
});

// The roster import with spreadsheets as offices make them: the issue's 花名册 (title, headers on
// row 2, 合计 and 填表人 rows), a two-row header, a hidden sheet, blank columns with a column the
// user maps by hand (and the mapping remembered), and an .xls made by LibreOffice from an .xlsx.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testService, type TestService } from '../../support/service';
import type { ImportStatus } from '../../../db/training/contract';
import { blankColumnsRoster, hiddenSheetRoster, issueRoster, TITLE, trainees, twoRowHeaderRoster } from '../import/office-fixtures';

let t: TestService;
beforeEach(() => {
  t = testService({ today: '2026-11-28' });
});
afterEach(() => t.close());

const people = () => (t.service.db.prepare('SELECT name, id_number AS idNumber, household, phone FROM person ORDER BY id').all() as { name: string; idNumber: string; household: string; phone: string }[]);

async function preview(fileName: string, file: Buffer): Promise<ImportStatus> {
  const started = t.ok('training.import.start', { fileName, contentBase64: file.toString('base64') });
  let status: ImportStatus | null = null;
  await vi.waitFor(
    () => {
      status = t.ok('training.import.preview', { jobId: started.jobId });
      expect(status.state).not.toBe('reading');
    },
    { timeout: 30_000, interval: 20 },
  );
  return status!;
}

function expectTheTwoTrainees() {
  expect(people()).toEqual(trainees.map((p) => ({ name: p.name, idNumber: p.idNumber, household: p.household === '农村' ? 'rural' : 'urban', phone: p.phone })));
}

describe('the issue example: a 花名册 with a title row, headers on row 2 and footer rows', () => {
  it('marks the title and footer rows as skipped and imports exactly the two people', async () => {
    const status = await preview('花名册.xlsx', await issueRoster());
    expect(status).toMatchObject({ state: 'ready', error: null, headerRows: [2], missingColumns: [], total: 2, valid: 2, invalid: 0, newPeople: 2 });
    expect(status.skipped).toEqual([
      { rowNumber: 1, reason: 'title', text: TITLE },
      { rowNumber: 5, reason: 'footer', text: '合计 2人' },
      { rowNumber: 6, reason: 'footer', text: '填表人：王芳　　填表日期：2026年11月20日' },
    ]);
    // The full-width ID with a space is normalised; 序号 comes from formulas' cached values.
    expect(status.rows.map((r) => [r.rowNumber, r.name, r.idNumber, r.status])).toEqual([
      [3, trainees[0]!.name, trainees[0]!.idNumber, 'new'],
      [4, trainees[1]!.name, trainees[1]!.idNumber, 'new'],
    ]);
    t.ok('training.import.commit', { jobId: status.jobId, expectedValid: 2 });
    expectTheTwoTrainees();
  });
});

describe('office layouts', () => {
  it('reads a group header over sub-headers as one header (联系方式/电话 → phone, 监护人/姓名 → guardian)', async () => {
    const status = await preview('家长名单.xlsx', await twoRowHeaderRoster());
    expect(status).toMatchObject({ headerRows: [2, 3], missingColumns: [], valid: 2 });
    expect(status.columns).toEqual([null, 'name', 'idNumber', 'household', 'phone', 'address', 'guardianName', 'guardianPhone']);
    expect(status.skipped.map((s) => [s.rowNumber, s.reason])).toEqual([
      [1, 'title'],
      [6, 'footer'],
    ]);
    t.ok('training.import.commit', { jobId: status.jobId, expectedValid: 2 });
    expectTheTwoTrainees();
  });

  it('ignores hidden sheets, opens the sheet holding the list, and lets the user pick another', async () => {
    const status = await preview('名单.xlsx', await hiddenSheetRoster());
    expect(status).toMatchObject({ sheets: ['填表说明', '本期名单'], sheet: 1, valid: 2 });
    const notes = t.ok('training.import.adjust', { jobId: status.jobId, sheet: 0, columns: null });
    expect(notes).toMatchObject({ sheet: 0, state: 'ready', missingColumns: ['name', 'idNumber'], total: 0 });
    expect(t.err('training.import.commit', { jobId: status.jobId, expectedValid: 0 }).code).toBe('IMPORT_MISSING_COLUMNS');
    const back = t.ok('training.import.adjust', { jobId: status.jobId, sheet: 1, columns: null });
    expect(back).toMatchObject({ sheet: 1, valid: 2 });
    t.ok('training.import.commit', { jobId: status.jobId, expectedValid: 2 });
    expect(people().map((p) => p.name)).not.toContain('旧学员');
  });

  it('lets the user map a column the headers do not name, unmap a wrong guess, and remembers it for the same headers', async () => {
    const file = await blankColumnsRoster();
    const first = await preview('名单一.xlsx', file);
    // 学员 is no known header: the name column is missing, nothing is checked yet.
    expect(first).toMatchObject({ headerRows: [3], missingColumns: ['name'], total: 0, remembered: false });
    expect(first.headers).toEqual(['', '序号', '学员', '', '证件号码', '户口性质', '有效期至']);
    expect(first.columns).toEqual([null, null, null, null, 'idNumber', 'household', 'certExpiry']);
    expect(first.skipped.map((s) => [s.rowNumber, s.reason])).toEqual([
      [1, 'aboveHeader'],
      [5, 'blank'],
      [7, 'footer'],
    ]);
    // Map 学员 → name, and unmap 有效期至 (the guess is right, but this office's dates are not wanted).
    const mapped = t.ok('training.import.adjust', { jobId: first.jobId, sheet: 0, columns: [null, null, 'name', null, 'idNumber', 'household', null] });
    expect(mapped).toMatchObject({ missingColumns: [], total: 2, valid: 2 });
    expect(t.err('training.import.adjust', { jobId: first.jobId, sheet: 0, columns: [null, null, 'name', null, 'name', 'household', null] })).toMatchObject({ code: 'IMPORT_COLUMN_TWICE' });

    // The next file with the same headers gets the mapping without asking.
    const second = await preview('名单二.xlsx', file);
    expect(second).toMatchObject({ remembered: true, missingColumns: [], valid: 2 });
    expect(second.columns).toEqual([null, null, 'name', null, 'idNumber', 'household', null]);
    t.ok('training.import.commit', { jobId: second.jobId, expectedValid: 2 });
    expect(people().map((p) => [p.name, p.idNumber])).toEqual(trainees.map((p) => [p.name, p.idNumber]));
  });

  it('reads dates in the expiry column written as 2030年3月14日 and 2030/3/14', async () => {
    const file = await blankColumnsRoster();
    const first = await preview('名单.xlsx', file);
    const mapped = t.ok('training.import.adjust', { jobId: first.jobId, sheet: 0, columns: [null, null, 'name', null, 'idNumber', 'household', 'certExpiry'] });
    expect(mapped.valid).toBe(2);
    t.ok('training.import.commit', { jobId: mapped.jobId, expectedValid: 2 });
    expect(t.service.db.prepare('SELECT cert_expiry FROM person ORDER BY id').pluck().all()).toEqual(['2030-03-14', '2030-03-14']);
  });
});

describe('old-format .xls and WPS .et files', () => {
  const soffice = (() => {
    try {
      return execFileSync('which', ['soffice'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();

  // CI installs LibreOffice (.ci/run); a machine without it cannot make the .xls.
  it.skipIf(!soffice)('reads an .xls made by LibreOffice from the issue’s xlsx, and the same bytes named .et', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabdesk-xls-'));
    try {
      fs.writeFileSync(path.join(dir, '花名册.xlsx'), await issueRoster());
      // A private profile, so a LibreOffice already running for someone else does not take the job.
      execFileSync(soffice, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'xls', '--outdir', dir, path.join(dir, '花名册.xlsx')], {
        stdio: 'ignore',
        timeout: 120_000,
      });
      const xls = fs.readFileSync(path.join(dir, '花名册.xls'));
      expect([...xls.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]); // a BIFF compound file, not a renamed xlsx

      const status = await preview('花名册.xls', xls);
      expect(status).toMatchObject({ state: 'ready', headerRows: [2], total: 2, valid: 2 });
      expect(status.skipped.map((s) => [s.rowNumber, s.reason])).toEqual([
        [1, 'title'],
        [5, 'footer'],
        [6, 'footer'],
      ]);
      // WPS saves .et as the same BIFF8 compound file: read by content, not by name.
      const et = await preview('花名册.et', xls);
      expect(et).toMatchObject({ state: 'ready', valid: 2 });
      t.ok('training.import.commit', { jobId: status.jobId, expectedValid: 2 });
      expectTheTwoTrainees();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

// The shared sheet reader's refusals (issue 12): zips that expand past the cap, whether their
// central directory tells the truth or lies, and files with more rows than any import takes.
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../db/errors';
import { IMPORT_LIMITS, readSheets } from '../../../db/import/sheet-reader';
import { testService } from '../../support/service';
import { hiddenSheetRoster } from './office-fixtures';
import { makeZip } from './zip-maker';

async function refusal(read: () => Promise<unknown>) {
  try {
    await read();
  } catch (error) {
    if (error instanceof DomainError) return error.error;
    throw error;
  }
  throw new Error('not refused');
}

const SMALL = { maxUncompressed: 1_048_576, maxRows: 100 };
/** 8 MB of spaces: deflates to a few KB, like the 742 KB file that expanded to 218 MB. */
const bombXml = () => Buffer.alloc(8 * 1_048_576, 0x20);

describe('zip bombs', () => {
  it('refuses from the central directory alone when the declared sizes exceed the cap', async () => {
    const file = makeZip([{ name: 'xl/worksheets/sheet1.xml', data: bombXml() }]);
    expect(file.length).toBeLessThan(64 * 1024);
    expect(await refusal(() => readSheets('a.xlsx', file, SMALL))).toEqual({ code: 'IMPORT_FILE_EXPANDS', params: { maxMb: 1 } });
  });

  it('stops inflating at the cap when the central directory lies about the sizes', async () => {
    const file = makeZip([
      { name: 'xl/sharedStrings.xml', data: bombXml(), declaredSize: 100 },
      { name: 'xl/worksheets/sheet1.xml', data: bombXml(), declaredSize: 100 },
    ]);
    const before = process.memoryUsage().arrayBuffers;
    expect(await refusal(() => readSheets('a.xlsx', file, SMALL))).toEqual({ code: 'IMPORT_FILE_EXPANDS', params: { maxMb: 1 } });
    // Not 16 MB inflated and kept: the inflate stopped near the 1 MB cap.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1_048_576);
  });

  it('counts worksheet rows before any parser runs and refuses past the cap', async () => {
    const rows = Array.from({ length: 101 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c></row>`).join('');
    const file = makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet><sheetData>${rows}</sheetData><rowBreaks/></worksheet>`) }]);
    // No workbook.xml in this zip: reaching the parser would say IMPORT_FILE_UNREADABLE instead.
    expect(await refusal(() => readSheets('a.xlsx', file, SMALL))).toEqual({ code: 'IMPORT_TOO_MANY_ROWS', params: { max: 100, rows: 101 } });
  });

  it('refuses an .xls (BIFF8, not compressed) with more rows than the cap', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(Array.from({ length: 150 }, (_, i) => [`张${i}`, i])), '名单');
    const xls = Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Uint8Array);
    expect(await refusal(() => readSheets('a.xls', xls, SMALL))).toEqual({ code: 'IMPORT_TOO_MANY_ROWS', params: { max: 100, rows: 150 } });
    expect((await readSheets('a.xls', xls, { ...SMALL, maxRows: 150 })).sheets[0]!.rows).toHaveLength(150);
  });

  it('refuses a CSV with more rows than the cap', async () => {
    const csv = Buffer.from(['姓名,身份证号', ...Array.from({ length: 100 }, (_, i) => `张${i},1`)].join('\n'));
    expect(await refusal(() => readSheets('a.csv', csv, SMALL))).toEqual({ code: 'IMPORT_TOO_MANY_ROWS', params: { max: 100, rows: 101 } });
  });

  it('fails the roster import of a bomb with the coded reason, within the app’s own caps', async () => {
    const data = Buffer.alloc(IMPORT_LIMITS.maxUncompressed + 1_048_576, 0x20);
    const file = makeZip([{ name: 'xl/worksheets/sheet1.xml', data, declaredSize: 1000 }]);
    expect(file.length).toBeLessThan(256 * 1024);
    const t = testService();
    try {
      const started = t.ok('training.import.start', { fileName: '名单.xlsx', contentBase64: file.toString('base64') });
      await expect
        .poll(() => t.ok('training.import.preview', { jobId: started.jobId }).error, { timeout: 30_000, interval: 20 })
        .toEqual({ code: 'IMPORT_FILE_EXPANDS', params: { maxMb: 50 } });
    } finally {
      t.close();
    }
  }, 60_000);
});

describe('workbooks', () => {
  it('gives only the visible sheets, in order', async () => {
    const { kind, sheets } = await readSheets('名单.xlsx', await hiddenSheetRoster());
    expect(kind).toBe('xlsx');
    expect(sheets.map((s) => s.name)).toEqual(['填表说明', '本期名单']);
    expect(sheets[1]!.merges).toContainEqual({ firstRow: 1, lastRow: 1, firstCol: 0, lastCol: 6 });
  });

  it('reads date cells as dates in both date systems (1900, and 1904 from old Mac Excel)', async () => {
    for (const date1904 of [false, true]) {
      const sheet = XLSX.utils.aoa_to_sheet([['有效期至'], [date1904 ? 46346 - 1462 : 46346]]);
      sheet['A2']!.z = 'yyyy"年"m"月"d"日"';
      const book = XLSX.utils.book_new();
      book.Workbook = { WBProps: { date1904 } };
      XLSX.utils.book_append_sheet(book, sheet, '名单');
      const file = Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
      expect((await readSheets('a.xlsx', file)).sheets[0]!.rows[1]!.cells).toEqual([new Date('2026-11-20T00:00:00Z')]);
    }
  });

  it('refuses a file named .xls or .et that is neither a workbook nor a zip', async () => {
    expect(await refusal(() => readSheets('a.et', Buffer.from('姓名,身份证号')))).toEqual({ code: 'IMPORT_FILE_UNREADABLE' });
  });
});

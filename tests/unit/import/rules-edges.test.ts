// The shared import rules at the edges a mutation sample slipped past (npm run mutate): the last
// date Excel can hold, text around a date, cells that are not text, merged cells, the 30 rows a
// header is looked for in, and rows a workbook leaves out. Expected values are what an office's
// sheet shows, worked out by hand.
import { describe, expect, it } from 'vitest';
import { cellDate, excelSerialToIso, findTable, parseDateText, plainText, type Merge, type RawCell, type SheetRow } from '../../../db/import/rules';
import { isRosterHeader, mapHeaders } from '../../../db/training/roster-rules';

const rows = (...cells: RawCell[][]): SheetRow[] => cells.map((c, i) => ({ rowNumber: i + 1, cells: c }));

describe('dates at their edges', () => {
  it.each([
    [2_958_465, '9999-12-31'], // the last day Excel can hold
    [2_958_466, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [0.5, null], // a time of day alone is not a date
  ])('reads the Excel serial %s as %s', (serial, iso) => {
    expect(excelSerialToIso(serial)).toBe(iso);
  });

  it.each([
    ['2026年11月20', '2026-11-20'],
    ['2026年11月20号', '2026-11-20'],
    ['2026 年 11 月 20 日', '2026-11-20'],
    ['2026-11-20x', null],
    ['x2026-11-20', null],
    ['约2026年11月20日', null],
    ['12026-11-20', null],
    ['2026-11-200', null],
    ['202611201', null],
  ])('reads “%s” as %s', (text, iso) => {
    expect(parseDateText(text)).toBe(iso);
  });

  it.each([
    [1, '1900-01-01'],
    [79_999, '2119-01-10'],
    [80_000, null], // a number this large is a phone or an ID, not a date
    [0.99, null],
    [true, null],
    [null, null],
  ] as const)('reads the cell %s as the date %s', (cell, iso) => {
    expect(cellDate(cell)).toBe(iso);
  });
});

describe('cells as plain text', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [42, '42'],
    [12.5, '12.5'],
    [1e21, '1000000000000000000000'], // a long number Excel stored as a float: every digit, no exponent
    [13_900_000_000, '13900000000'],
    ['  张三 ', '张三'],
    [false, 'false'],
  ] as const)('%s reads as “%s”', (cell, text) => {
    expect(plainText(cell as RawCell)).toBe(text);
  });
});

describe('finding the table at its edges', () => {
  it('gives a merged cell’s value to every cell it covers when choosing the header, but the data rows as stored', () => {
    // 序号 merged down over two header rows; 姓名 and 身份证号 likewise; rows come in any order.
    const sheet: SheetRow[] = [
      { rowNumber: 3, cells: [1, '张三', 'A'] },
      { rowNumber: 1, cells: ['序号', '姓名', '身份证号'] },
      { rowNumber: 2, cells: [null, null, null] },
    ];
    const merges: Merge[] = [
      { firstRow: 1, lastRow: 2, firstCol: 0, lastCol: 0 },
      { firstRow: 1, lastRow: 2, firstCol: 1, lastCol: 1 },
      { firstRow: 1, lastRow: 2, firstCol: 2, lastCol: 2 },
    ];
    const table = findTable(sheet, merges, isRosterHeader)!;
    expect(table.headers).toEqual(['序号', '姓名', '身份证号']);
    expect(table.dataRows).toEqual([{ rowNumber: 3, cells: [1, '张三', 'A'] }]);
  });

  it('ignores a merge that starts on an empty cell', () => {
    const sheet = rows(['姓名', '身份证号', null], ['张三', 'A', null], ['李四', 'B', null]);
    const table = findTable(sheet, [{ firstRow: 2, lastRow: 3, firstCol: 2, lastCol: 2 }], isRosterHeader)!;
    expect(table.dataRows.map((r) => r.cells)).toEqual([
      ['张三', 'A', null],
      ['李四', 'B', null],
    ]);
  });

  it('looks for the header in the first 30 filled rows only', () => {
    const notes = Array.from({ length: 30 }, (_, i) => [`说明第${i + 1}条`, `补充${i + 1}`] as RawCell[]);
    const table = findTable(rows(...notes, ['姓名', '身份证号'], ['张三', 'A']), [], isRosterHeader)!;
    // No known header among the first 30: the first filled row is taken, for the user to map.
    expect(table.headerRows).toEqual([1]);
  });

  it('finds the header on the 30th filled row', () => {
    const notes = Array.from({ length: 29 }, (_, i) => [`说明第${i + 1}条`, `补充${i + 1}`] as RawCell[]);
    const table = findTable(rows(...notes, ['姓名', '身份证号'], ['张三', 'A']), [], isRosterHeader)!;
    expect(table.headerRows).toEqual([30]);
    expect(table.skipped).toHaveLength(29);
    expect(table.skipped[0]).toEqual({ rowNumber: 1, reason: 'aboveHeader', text: '说明第1条 补充1' });
  });

  it('keeps a header of one row when the row under it adds no known column', () => {
    const table = findTable(rows(['姓名', '身份证号', '备用'], ['张三', 'A', '其他']), [], isRosterHeader)!;
    expect(table.headerRows).toEqual([1]);
    expect(table.dataRows.map((r) => r.rowNumber)).toEqual([2]);
  });

  it('does not join a header with a row that is not right under it', () => {
    const sheet: SheetRow[] = [
      { rowNumber: 1, cells: ['姓名', '身份证号', '联系方式', null] },
      { rowNumber: 3, cells: [null, null, '电话', '住址'] },
      { rowNumber: 4, cells: ['张三', 'A', '139', '某村'] },
    ];
    const table = findTable(sheet, [], isRosterHeader)!;
    expect(table.headerRows).toEqual([1]);
    expect(table.skipped).toEqual([{ rowNumber: 2, reason: 'blank', text: '' }]);
    expect(table.dataRows.map((r) => r.rowNumber)).toEqual([3, 4]);
  });

  it('lists rows the workbook does not store between data rows as blank, and none after the last filled row', () => {
    const sheet: SheetRow[] = [
      { rowNumber: 2, cells: ['姓名', '身份证号'] },
      { rowNumber: 3, cells: ['张三', 'A'] },
      { rowNumber: 6, cells: ['李四', 'B'] },
      { rowNumber: 9, cells: [null, null] },
    ];
    const table = findTable(sheet, [], isRosterHeader)!;
    expect(table.skipped).toEqual([
      { rowNumber: 4, reason: 'blank', text: '' },
      { rowNumber: 5, reason: 'blank', text: '' },
    ]);
    expect(table.dataRows.map((r) => r.rowNumber)).toEqual([3, 6]);
  });

  it('a row above the header with several texts that is not merged is not part of the header', () => {
    const sheet = rows(['基本情况', null, '联系方式'], ['姓名', '身份证号', '联系电话'], ['张三', 'A', '139']);
    const table = findTable(sheet, [], isRosterHeader)!;
    expect(table.headerRows).toEqual([2]);
    expect(table.skipped).toEqual([{ rowNumber: 1, reason: 'aboveHeader', text: '基本情况 联系方式' }]);
  });

  it('a group row merged down only (one column) is not a group header', () => {
    const sheet = rows(['基本情况', null, '联系方式'], ['姓名', '身份证号', '联系电话'], ['张三', 'A', '139']);
    const table = findTable(sheet, [{ firstRow: 1, lastRow: 1, firstCol: 0, lastCol: 0 }], isRosterHeader)!;
    expect(table.skipped[0]!.reason).toBe('aboveHeader');
  });

  it('a data row that repeats only the first header is data, not a repeated header', () => {
    const table = findTable(rows(['姓名', '身份证号'], ['姓名', 'A']), [], isRosterHeader)!;
    expect(table.dataRows.map((r) => r.rowNumber)).toEqual([2]);
  });

  it('takes a sub-header alone when its group adds nothing known, and the group alone over an empty sub-cell', () => {
    const sheet = rows(['序号', '基本信息', null, '联系电话'], [null, '姓名', '身份证号', null], [1, '张三', 'A', '139']);
    const table = findTable(sheet, [], isRosterHeader)!;
    expect(table.headerRows).toEqual([1, 2]);
    // 序号 is no known column, yet it keeps its own text over the empty cell under it.
    expect(table.headers).toEqual(['序号', '姓名', '身份证号', '联系电话']);
    expect(mapHeaders(table.headers)).toEqual([null, 'name', 'idNumber', 'phone']);
  });

  it('takes a title typed in the first cell, without a merge, for a title; a blank row above the header is not listed', () => {
    const table = findTable(rows(['2026年学员花名册'], [], ['姓名', '身份证号', '联系电话'], ['张三', 'A', '139']), [], isRosterHeader)!;
    expect(table.headerRows).toEqual([3]);
    expect(table.skipped).toEqual([{ rowNumber: 1, reason: 'title', text: '2026年学员花名册' }]);
  });

  it('lists a stored blank row inside the table with no text', () => {
    const table = findTable(rows(['姓名', '身份证号'], ['张三', 'A'], [null, ''], ['李四', 'B']), [], isRosterHeader)!;
    expect(table.skipped).toEqual([{ rowNumber: 3, reason: 'blank', text: '' }]);
  });

  it('ignores a merge on a row the workbook does not store', () => {
    const table = findTable(rows(['姓名', '身份证号'], ['张三', 'A']), [{ firstRow: 7, lastRow: 8, firstCol: 0, lastCol: 1 }], isRosterHeader)!;
    expect(table.dataRows.map((r) => r.rowNumber)).toEqual([2]);
  });

  it('chooses the header by the known columns it names, not by how many cells a row fills', () => {
    const table = findTable(rows(['说明', '一', '二', '三', '四'], ['姓名', '身份证号'], ['张三', 'A']), [], isRosterHeader)!;
    expect(table.headerRows).toEqual([2]);
  });
  it('joins a merged group row right above the header even under a title', () => {
    const sheet = rows(['2026年学员花名册'], [null, '基本情况', null, '联系方式'], ['序号', '姓名', '身份证号', '联系电话'], [1, '张三', 'A', '139']);
    const merges: Merge[] = [
      { firstRow: 1, lastRow: 1, firstCol: 0, lastCol: 3 },
      { firstRow: 2, lastRow: 2, firstCol: 1, lastCol: 2 },
    ];
    const table = findTable(sheet, merges, isRosterHeader)!;
    expect(table.headerRows).toEqual([2, 3]);
  });

  it('a merge on another row does not make an unmerged row a group header', () => {
    const sheet = rows(['2026年学员花名册'], ['基本情况', null, '联系方式'], ['姓名', '身份证号', '联系电话'], ['张三', 'A', '139'], ['李四', '备注写在这里', null]);
    const merges: Merge[] = [
      { firstRow: 1, lastRow: 1, firstCol: 0, lastCol: 2 },
      { firstRow: 5, lastRow: 5, firstCol: 1, lastCol: 2 },
    ];
    const table = findTable(sheet, merges, isRosterHeader)!;
    expect(table.headerRows).toEqual([3]);
    expect(table.skipped.map((r) => [r.rowNumber, r.reason])).toEqual([
      [1, 'title'],
      [2, 'aboveHeader'],
    ]);
  });
});

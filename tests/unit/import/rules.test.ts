// The shared import rules at their edges: dates in every form offices write, ID numbers typed with
// full-width digits, and where the table is in sheets made like real office files.
import { describe, expect, it } from 'vitest';
import { cellDate, excelSerialToIso, findTable, isFooterRow, normaliseIdText, parseDateText, type Merge, type RawCell, type SheetRow } from '../../../db/import/rules';
import { isRosterHeader, mapHeaders } from '../../../db/training/roster-rules';

const rows = (...cells: RawCell[][]): SheetRow[] => cells.map((c, i) => ({ rowNumber: i + 1, cells: c }));

describe('dates', () => {
  it.each([
    ['2026-11-20', '2026-11-20'],
    ['2026/11/20', '2026-11-20'],
    ['2026.11.20', '2026-11-20'],
    ['2026年11月20日', '2026-11-20'],
    ['2026年1月5日', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['２０２６．１１．２０', '2026-11-20'],
    [' 2026-11-20 ', '2026-11-20'],
    ['20261120', '2026-11-20'],
    ['2026-02-30', null],
    ['2026-13-01', null],
    ['2026年11月', null],
    ['明年', null],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDateText(text)).toBe(iso);
  });

  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [60, null], // 29 February 1900: Lotus's leap-year bug, a day that never was
    [61, '1900-03-01'],
    [46346, '2026-11-20'],
    [46346.75, '2026-11-20'], // a time of day does not change the date
    [0, null],
  ])('reads the Excel serial %s as %s', (serial, iso) => {
    expect(excelSerialToIso(serial)).toBe(iso);
  });

  it('takes a date cell, a serial or text alike, and leaves long numbers alone', () => {
    expect(cellDate(new Date(Date.UTC(2030, 2, 14)))).toBe('2030-03-14');
    expect(cellDate(47556)).toBe('2030-03-14');
    expect(cellDate('2030年3月14日')).toBe('2030-03-14');
    expect(cellDate(13900000000)).toBeNull();
  });
});

describe('ID numbers as typed', () => {
  it.each([
    ['３３０１０６１９８５０３１４００２Ｘ', '33010619850314002X'],
    ['330106 19850314 002x', '33010619850314002X'],
    ['330106\u300019850314002X', '33010619850314002X'],
    ['\u00a033010619850314002X ', '33010619850314002X'],
  ])('normalises %s', (typed, id) => {
    expect(normaliseIdText(typed)).toBe(id);
  });
});

describe('footer rows', () => {
  it.each([
    [['合计', '', '', '2人'], true],
    [['', '合  计', '2'], true],
    [['小计：3人'], true],
    [['填表人：王芳　　填表日期：2026年11月20日'], true],
    [['审核人：李明'], true],
    [['填表日期：2026-11-20'], true],
    [['单位盖章：'], true],
    [['单位（盖章）'], true],
    [['填表说明：1. 身份证号请设为文本格式'], true],
    [['', '备注：以上人员均已核实'], true],
    [[1, '审核', '330106198503140021'], false], // a cell only reads as a footer where a footer word starts the row
    [[1, '张三', '330106198503140021'], false],
    [['', '', ''], false],
  ] as [RawCell[], boolean][])('%j is a footer: %s', (cells, footer) => {
    expect(isFooterRow(cells)).toBe(footer);
  });
});

describe('finding the table', () => {
  const TITLE = '2026年第一期盲人保健按摩培训班学员花名册';
  const HEADERS = ['序号', '姓名', '性别', '身份证号', '残疾人证号', '户籍', '联系电话'];

  it('finds the header under a merged title and skips the 合计 and 填表人 rows as footers (the issue example)', () => {
    const sheet = rows(
      [TITLE],
      HEADERS,
      [1, '张三', '男', 'A', '', '农村', '139'],
      [2, '李四', '女', 'B', '', '城镇', '138'],
      ['合计', '', '', '', '', '', '2人'],
      ['填表人：王芳    填表日期：2026年11月20日'],
    );
    const merges: Merge[] = [{ firstRow: 1, lastRow: 1, firstCol: 0, lastCol: 6 }];
    const table = findTable(sheet, merges, isRosterHeader)!;
    expect(table.headerRows).toEqual([2]);
    expect(table.headers).toEqual(HEADERS);
    expect(table.dataRows.map((r) => r.rowNumber)).toEqual([3, 4]);
    expect(table.skipped).toEqual([
      { rowNumber: 1, reason: 'title', text: TITLE },
      { rowNumber: 5, reason: 'footer', text: '合计 2人' },
      { rowNumber: 6, reason: 'footer', text: '填表人：王芳    填表日期：2026年11月20日' },
    ]);
  });

  it('joins a group header over its sub-headers (联系方式 over 电话/住址, 监护人 over 姓名/电话), with vertically merged cells', () => {
    const sheet = rows(
      [TITLE],
      ['序号', '姓名', '身份证号', '户籍', '联系方式', null, '监护人', null],
      [null, null, null, null, '电话', '住址', '姓名', '电话'],
      [1, '张三', 'A', '农村', '139', '某村', '张父', '137'],
    );
    const merges: Merge[] = [
      { firstRow: 1, lastRow: 1, firstCol: 0, lastCol: 7 },
      ...[0, 1, 2, 3].map((c) => ({ firstRow: 2, lastRow: 3, firstCol: c, lastCol: c })),
      { firstRow: 2, lastRow: 2, firstCol: 4, lastCol: 5 },
      { firstRow: 2, lastRow: 2, firstCol: 6, lastCol: 7 },
    ];
    const table = findTable(sheet, merges, isRosterHeader)!;
    expect(table.headerRows).toEqual([2, 3]);
    expect(mapHeaders(table.headers)).toEqual([null, 'name', 'idNumber', 'household', 'phone', 'address', 'guardianName', 'guardianPhone']);
    expect(table.dataRows.map((r) => r.rowNumber)).toEqual([4]);
    expect(table.skipped).toEqual([{ rowNumber: 1, reason: 'title', text: TITLE }]);
  });

  it('joins a two-row header without merges, where the group row names some columns itself', () => {
    const sheet = rows(['姓名', '身份证号', '联系方式', null], [null, null, '电话', '住址'], ['张三', 'A', '139', '某村']);
    const table = findTable(sheet, [], isRosterHeader)!;
    expect(table.headerRows).toEqual([1, 2]);
    expect(mapHeaders(table.headers)).toEqual(['name', 'idNumber', 'phone', 'address']);
  });

  it('marks a group row merged across the header as part of it', () => {
    const sheet = rows([null, '基本情况', null, '联系方式'], ['序号', '姓名', '身份证号', '联系电话'], [1, '张三', 'A', '139']);
    const merges: Merge[] = [{ firstRow: 1, lastRow: 1, firstCol: 1, lastCol: 2 }];
    const table = findTable(sheet, merges, isRosterHeader)!;
    expect(table.headerRows).toEqual([1, 2]);
    expect(table.skipped).toEqual([{ rowNumber: 1, reason: 'headerGroup', text: '基本情况 联系方式' }]);
    expect(table.dataRows.map((r) => r.rowNumber)).toEqual([3]);
  });

  it('keeps blank columns aligned, lists blank rows inside the table and repeated headers (a printed page break) as skipped', () => {
    const sheet: SheetRow[] = [
      { rowNumber: 1, cells: ['单位：某县残联', null, null, '日期：2026-11-20'] },
      { rowNumber: 3, cells: [null, '序号', '姓名', null, '身份证号', '户籍'] },
      { rowNumber: 4, cells: [null, 1, '张三', null, 'A', '农村'] },
      { rowNumber: 5, cells: [null, null, null, null, null, null] },
      { rowNumber: 7, cells: [null, '序号', '姓名', null, '身份证号', '户籍'] },
      { rowNumber: 8, cells: [null, 2, '李四', null, 'B', '城镇'] },
    ];
    const table = findTable(sheet, [], isRosterHeader)!;
    expect(table.headerRows).toEqual([3]);
    expect(mapHeaders(table.headers)).toEqual([null, null, 'name', null, 'idNumber', 'household']);
    expect(table.dataRows.map((r) => [r.rowNumber, r.cells[2], r.cells[4]])).toEqual([
      [4, '张三', 'A'],
      [8, '李四', 'B'],
    ]);
    expect(table.skipped.map((s) => [s.rowNumber, s.reason])).toEqual([
      [1, 'aboveHeader'],
      [5, 'blank'],
      [6, 'blank'],
      [7, 'repeatedHeader'],
    ]);
  });

  it('takes the first filled row as the header when no header is known, so the user can map the columns', () => {
    const table = findTable(rows([], ['学员', '证件'], ['张三', 'A']), [], isRosterHeader)!;
    expect(table.headerRows).toEqual([2]);
    expect(table.dataRows).toHaveLength(1);
    expect(findTable(rows([], [null]), [], isRosterHeader)).toBeNull();
  });
});

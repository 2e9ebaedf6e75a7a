// Cells a spreadsheet would run as formulas are written as text in every CSV and xlsx the app writes.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { csvText, safeCell } from '../../../db/common/cells';

describe('safeCell', () => {
  it.each([
    ['=HYPERLINK("http://x","点我")', `'=HYPERLINK("http://x","点我")`],
    ['=cmd|\' /C calc\'!A0', `'=cmd|' /C calc'!A0`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
  ])('writes %j as text', (input, expected) => {
    expect(safeCell(input)).toBe(expected);
  });

  it('leaves ordinary text, numbers and empty values alone', () => {
    expect(safeCell('张三')).toBe('张三');
    expect(safeCell('11010519491231002X')).toBe('11010519491231002X');
    expect(safeCell('a=b')).toBe('a=b');
    expect(safeCell(-150)).toBe(-150);
    expect(safeCell('')).toBe('');
    expect(safeCell(null)).toBe(null);
  });
});

describe('csvText', () => {
  it('reads back with the formulas as text and the other cells unchanged', () => {
    const text = csvText([
      ['姓名', '备注'],
      ['李四', '=HYPERLINK("http://x")'],
      ['王五', 'ok, "quoted"'],
    ]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(parsed).toEqual([
      ['姓名', '备注'],
      ['李四', `'=HYPERLINK("http://x")`],
      ['王五', 'ok, "quoted"'],
    ]);
  });

  it('writes every cell quoted, rows ending CRLF, empty values as empty cells and numbers as numbers', () => {
    const text = csvText([
      ['序号', '金额', '备注', '空'],
      [1, -150, '-150', null],
      [2, 0, undefined, '@A1'],
    ]);
    // A negative amount is a number, not a formula; the same text typed in a cell is made safe.
    expect(text).toBe('\uFEFF"序号","金额","备注","空"\r\n"1","-150","\'-150",""\r\n"2","0","","\'@A1"\r\n');
  });
});

import { describe, expect, it } from 'vitest';
import { formatFen, parseYuan } from '../../../db/common/money';
import { isoDate, optionalIsoDate } from '../../../db/schemas';

describe('money in fen', () => {
  it.each([
    ['0', 0],
    ['0.05', 5],
    ['10', 1000],
    ['10.5', 1050],
    ['1,234.56', 123456],
    ['￥80', 8000],
    [' 100010.50 ', 10001050],
    [' ￥80', 8000],
    ['¥ 1,000', 100000],
    ['9,999,999,999.99', 999_999_999_999],
  ])('reads %j yuan as %i fen, exactly', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });
  it.each(['', '-1', '1.234', 'abc', '1e3', '12345678901', '80￥', '8￥0', '10,000,000,000'])('refuses %j', (text) => {
    expect(parseYuan(text)).toBeNull();
  });
  it('formats fen as yuan with separators', () => {
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(10001050)).toBe('100,010.50');
    expect(formatFen(-250)).toBe('-2.50');
  });
});

describe('date schemas', () => {
  it('normalise the ways staff write dates and refuse impossible ones', () => {
    expect(isoDate().parse('2027/5/1')).toBe('2027-05-01');
    expect(isoDate().safeParse('2027-02-29').error?.issues[0]?.message).toBe('INVALID_DATE');
    expect(isoDate().safeParse('').error?.issues[0]?.message).toBe('REQUIRED');
    expect(optionalIsoDate().parse('')).toBe('');
    expect(optionalIsoDate().parse(undefined)).toBe('');
    expect(optionalIsoDate().parse('20270101')).toBe('2027-01-01');
    expect(optionalIsoDate().safeParse('2027-13-01').error?.issues[0]?.message).toBe('INVALID_DATE');
  });
});

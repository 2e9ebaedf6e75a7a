// Dates and record numbers inside running text are kept whole; the text around them may wrap.
import { describe, expect, it } from 'vitest';
import { noBreakParts } from '../../../renderer/components/no-break';

describe('noBreakParts', () => {
  it.each([
    ['格式：年-月-日，如 2028-06-30', [['格式：年-月-日，如 ', false], ['2028-06-30', true]]],
    ['由 张三 于 2026-11-22 13:01 创建', [['由 张三 于 ', false], ['2026-11-22 13:01', true], [' 创建', false]]],
    ['调整 KF202609-01 第 2 行', [['调整 ', false], ['KF202609-01', true], [' 第 2 行', false]]],
    ['2026-10 至 2026-12', [['2026-10', true], [' 至 ', false], ['2026-12', true]]],
    ['没有日期的文字', [['没有日期的文字', false]]],
    ['', []],
  ])('%j', (text, expected) => {
    const parts = noBreakParts(text);
    expect(parts.map((p) => [p.text, p.keep])).toEqual(expected);
    // Nothing is lost or added: the screen reads the same text.
    expect(parts.map((p) => p.text).join('')).toBe(text);
  });

  it('does not take the digits of a longer number for a date', () => {
    expect(noBreakParts('编号 320105202106011234-56').every((p) => !p.keep)).toBe(true);
  });
});

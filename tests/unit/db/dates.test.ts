import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, isIsoDate, shanghaiDateOf, shanghaiDateTimeOf } from '../../../db/common/dates';

describe('dates', () => {
  it('knows real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-4-1')).toBe(false);
  });
  it('adds months and clamps to the end of shorter months', () => {
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2026-11-22', 1)).toBe('2026-12-22');
    expect(addMonths('2026-11-22', 2)).toBe('2027-01-22');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
  it('counts age in completed years', () => {
    expect(ageOn('2019-11-22', '2026-11-21')).toBe(6);
    expect(ageOn('2019-11-22', '2026-11-22')).toBe(7);
    expect(ageOn('2020-02-29', '2027-02-28')).toBe(6);
    expect(ageOn('2020-02-29', '2027-03-01')).toBe(7);
  });
  it('reads the date and time in Asia/Shanghai whatever the machine zone', () => {
    const instant = new Date('2026-11-22T17:30:00Z');
    expect(shanghaiDateOf(instant)).toBe('2026-11-23');
    expect(shanghaiDateTimeOf(instant)).toBe('2026-11-23T01:30:00+08:00');
  });
});

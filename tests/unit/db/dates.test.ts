import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, formatDateTime, daysInMonth, formatDate, isIsoDate, isLeapYear, normaliseDate, parts, shanghaiDateOf, shanghaiDateTimeOf } from '../../../db/common/dates';

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

  // The wall clock is worked out as UTC+8 from 1992 on (no time-zone data loaded at start); it must
  // agree with the time-zone database wherever it is used, and earlier instants still go to it.
  const zonedDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  const zonedTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const zoned = (instant: Date) => `${zonedDate.format(instant)}T${zonedTime.format(instant)}+08:00`;
  it('agrees with the time-zone database at any instant from 1992 to 2199', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1991, 11, 31, 16), max: Date.UTC(2199, 11, 31, 15, 59, 59) }), (ms) => {
        const instant = new Date(ms);
        expect(shanghaiDateTimeOf(instant)).toBe(zoned(instant));
        expect(shanghaiDateOf(instant)).toBe(zoned(instant).slice(0, 10));
      }),
      { numRuns: 2000 },
    );
    for (const stamp of ['1991-12-31T16:00:00Z', '2000-02-28T16:00:00Z', '2026-12-31T15:59:59Z', '2026-12-31T16:00:00Z', '2199-12-31T15:59:59Z']) {
      expect(shanghaiDateTimeOf(new Date(stamp))).toBe(zoned(new Date(stamp)));
    }
  });
  it('uses the time-zone database before 1992, when China kept summer time', () => {
    // 1988-07-01 15:30 UTC was already 2 July in Shanghai (UTC+9 that summer); UTC+8 would say 1 July.
    const summer = new Date('1988-07-01T15:30:00Z');
    expect(shanghaiDateOf(summer)).toBe('1988-07-02');
    expect(shanghaiDateTimeOf(summer)).toBe(zoned(summer));
  });

  it('knows leap years by the Gregorian rule and the length of every month', () => {
    expect([2024, 2023, 1900, 2000, 2100, 2400].map(isLeapYear)).toEqual([true, false, false, true, false, true]);
    expect(Array.from({ length: 12 }, (_, i) => daysInMonth(2023, i + 1))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect([daysInMonth(2024, 0), daysInMonth(2024, 13)]).toEqual([0, 0]);
  });

  it('takes dates from 1800 to 2199, months 1 to 12 and days within the month', () => {
    expect(['1800-01-01', '2199-12-31', '2026-01-31', '2026-12-01', '2026-04-30'].map(isIsoDate)).toEqual([true, true, true, true, true]);
    expect(['1799-12-31', '2200-01-01', '2026-00-10', '2026-13-01', '2026-04-31', '2026-04-00', ' 2026-04-01', '2026-04-01x', ''].map(isIsoDate)).toEqual(
      [false, false, false, false, false, false, false, false, false],
    );
  });

  it('splits and writes dates with leading zeros', () => {
    expect(parts('2026-03-09')).toEqual({ year: 2026, month: 3, day: 9 });
    expect(formatDate(987, 3, 9)).toBe('0987-03-09');
  });

  it('adds whole years, and goes back across a year end', () => {
    expect(addMonths('2026-01-31', 12)).toBe('2027-01-31');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    expect(addMonths('2026-12-15', 0)).toBe('2026-12-15');
  });

  it('counts a birthday later in the year, or later in the month, as not yet reached', () => {
    expect(ageOn('2019-12-01', '2026-11-30')).toBe(6);
    expect(ageOn('2019-10-30', '2026-11-01')).toBe(7);
    expect(ageOn('2019-11-30', '2026-11-01')).toBe(6);
    expect(ageOn('2019-11-01', '2026-11-30')).toBe(7);
  });

  it.each([
    ['2027-05-01', '2027-05-01'],
    ['2027-5-1', '2027-05-01'],
    ['2027/05/01', '2027-05-01'],
    ['2027.5.1', '2027-05-01'],
    ['2027年5月1日', '2027-05-01'],
    ['2027年5月1', '2027-05-01'],
    ['20270501', '2027-05-01'],
    ['  2027-5-1 ', '2027-05-01'],
    ['2027-02-29', null],
    ['20270229', null],
    ['2027-5', null],
    ['2027-005-01', null],
    ['202705010', null],
    ['x2027-05-01', null],
    ['x20270501', null],
    ['2027-05-01x', null],
    ['', null],
  ])('reads %j as %s', (raw, expected) => {
    expect(normaliseDate(raw)).toBe(expected);
  });
});

describe('timestamps for people', () => {
  it.each([
    ['2026-11-23T06:23:29+08:00', '2026-11-23 06:23'],
    ['2026-11-22T22:30:00Z', '2026-11-23 06:30'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01 00:00'],
    ['not a time', 'not a time'],
  ])('shows %s as %s (Asia/Shanghai, minutes)', (stamp, shown) => {
    expect(formatDateTime(stamp)).toBe(shown);
  });
});

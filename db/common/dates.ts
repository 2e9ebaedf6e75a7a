// Calendar helpers on ISO date strings (YYYY-MM-DD) in the centre's local time, Asia/Shanghai.
// Pure: shared by db/ and renderer/.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1–12); 0 for a number that is not a month. */
export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** True for a real calendar date written as YYYY-MM-DD (so 2023-02-29 is false). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  // A month outside 1–12 has no days, so no day of it is real.
  return year >= 1800 && year <= 2199 && day >= 1 && day <= daysInMonth(year, month);
}

export function parts(date: string): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Adds calendar months; the day is clamped to the target month's end (2024-08-31 + 6 → 2025-02-28). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Whole years completed between birth and date (the age on that date). */
export function ageOn(birthDate: string, date: string): number {
  const b = parts(birthDate);
  const d = parts(date);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age -= 1;
  return age;
}

// China has kept UTC+8 all year since its last daylight-saving summer (1991), so for any instant
// from 1992 on, Shanghai's wall clock is UTC plus eight hours: no time-zone data needed. Making the
// first Intl.DateTimeFormat with a time zone loads ICU's zone data, ~25 ms on the service thread's
// start (and the renderer's); it is made only for an instant outside that span.
const FIXED_FROM = Date.UTC(1991, 11, 31, 16); // 1992-01-01 00:00 in Shanghai
const FIXED_UNTIL = Date.UTC(9999, 11, 31, 16); // where ISO strings stop having four-digit years
const UTC_PLUS_8 = 8 * 60 * 60 * 1000;

// Stryker cannot switch mutants in code that runs once per thread, so their options are left out
// of mutation; the dates tests pin what they print.
// Stryker disable all
let zoned: { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat } | null = null;
function zonedFormats() {
  zoned ??= {
    date: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }),
    time: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
  };
  return zoned;
}
// Stryker restore all

/** Shanghai's wall clock as YYYY-MM-DDTHH:MM:SS, or null outside the fixed-offset span (or an invalid date). */
function wallClock(instant: Date): string | null {
  const ms = instant.getTime();
  return ms >= FIXED_FROM && ms < FIXED_UNTIL ? new Date(ms + UTC_PLUS_8).toISOString().slice(0, 19) : null;
}

/** The calendar date in Asia/Shanghai at the given instant. */
export function shanghaiDateOf(instant: Date): string {
  return wallClock(instant)?.slice(0, 10) ?? zonedFormats().date.format(instant);
}

/** ISO local date-time in Asia/Shanghai with its offset, e.g. 2026-11-22T08:05:00+08:00. */
export function shanghaiDateTimeOf(instant: Date): string {
  const wall = wallClock(instant);
  if (wall !== null) return `${wall}+08:00`;
  const formats = zonedFormats();
  return `${formats.date.format(instant)}T${formats.time.format(instant)}+08:00`;
}

/**
 * A stored timestamp as people read it: "2026-11-23 06:23" in Asia/Shanghai, whatever offset it
 * was written with (never the raw ISO text with its T, seconds and +08:00).
 */
export function formatDateTime(stamp: string): string {
  const instant = new Date(stamp);
  if (Number.isNaN(instant.getTime())) return stamp;
  return shanghaiDateTimeOf(instant).slice(0, 16).replace('T', ' ');
}

/**
 * Accepts the ways staff write dates (2027-5-1, 2027/05/01, 2027.5.1, 20270501) and returns
 * YYYY-MM-DD, or null when it is not a real date.
 */
export function normaliseDate(raw: string): string | null {
  const text = raw.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const separated = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  const m = compact ?? separated;
  if (!m) return null;
  const date = formatDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return isIsoDate(date) ? date : null;
}

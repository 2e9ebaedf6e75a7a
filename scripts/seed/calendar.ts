// Day arithmetic for the generator: dates as day numbers (fast in loops over a million sessions)
// and the days a centre is closed (weekends, Spring Festival, Labour Day and National Day weeks).
import { formatDate } from '../../db/common/dates';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for an ISO date. */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

const isoCache = new Map<number, string>();

export function isoOf(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    const d = new Date(day * MS_PER_DAY);
    iso = formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    isoCache.set(day, iso);
  }
  return iso;
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return ((day + 3) % 7) + 1;
}

/** 春节 (first day of the lunar year) for the years the generator covers. */
const SPRING_FESTIVAL: Record<number, string> = {
  2015: '2015-02-19', 2016: '2016-02-08', 2017: '2017-01-28', 2018: '2018-02-16', 2019: '2019-02-05',
  2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13',
  2030: '2030-02-03',
};

/** Whether the centre runs sessions that day: weekdays outside the holiday weeks. */
export function isOpenDay(day: number): boolean {
  const wd = weekday(day);
  if (wd > 5) return false;
  const iso = isoOf(day);
  const md = iso.slice(5);
  if (md >= '10-01' && md <= '10-07') return false;
  if (md >= '05-01' && md <= '05-03') return false;
  if (md === '01-01') return false;
  const festival = SPRING_FESTIVAL[Number(iso.slice(0, 4))];
  if (festival) {
    const offset = day - dayNumber(festival);
    if (offset >= -4 && offset <= 8) return false;
  }
  return true;
}

/** `years` years and `days` days before a date, as a day number (birthdays on 02-29 clamp). */
export function yearsBefore(day: number, years: number): number {
  const iso = isoOf(day);
  const year = Number(iso.slice(0, 4)) - years;
  const md = iso.slice(5) === '02-29' ? '02-28' : iso.slice(5);
  return dayNumber(`${year}-${md}`);
}

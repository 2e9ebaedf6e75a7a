// Rules of 精准康复: what a need is, when a visit or a certificate reminder is due, and the rates the
// plans set (001_…txt 五: basic rehab coverage, 精准康复 service rate, device fitting rate, 0–6
// children served; 四: employment rate of working-age certificate holders). Pure functions over
// plain data, counted as the national statistics count: persons, never items, sessions or quarters.
import { addMonths, ageOn, daysInMonth, formatDate } from '../common/dates';
import { isWorkingAge } from '../people/rules';

export const NEED_KINDS = ['rehab', 'device', 'training', 'employment'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];

/** Rehab needs by service type: 康复训练, 辅助器具, 医疗康复, 护理, 手术 (e.g. a cochlear implant). */
export const REHAB_SERVICES = ['training', 'device', 'medical', 'care', 'surgery'] as const;
export type RehabService = (typeof REHAB_SERVICES)[number];

/** Where a need was found: the yearly dynamic survey (动态更新), a screening, an application. */
export const NEED_SOURCES = ['survey', 'screening', 'application'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];

/** The service that met a need. */
export const MET_BY = ['rehab_enrolment', 'device_fitting', 'training_enrolment', 'placement', 'referral'] as const;
export type MetBy = (typeof MET_BY)[number];

export const SCREENING_RESULTS = ['negative', 'suspected', 'refer'] as const;
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

export const PLAN_AREAS = ['rehab', 'devices', 'training', 'placement'] as const;
export type PlanArea = (typeof PLAN_AREAS)[number];

export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REMINDER_METHODS = ['phone', 'sms', 'letter', 'in_person'] as const;
export type ReminderMethod = (typeof REMINDER_METHODS)[number];

/** The rates the indicators screen shows, in the order the plans list them. */
export const INDICATORS = ['childRehab', 'basicRehab', 'preciseRehab', 'deviceFitting', 'employment'] as const;
export type Indicator = (typeof INDICATORS)[number];

/** Which need kind a service-meeting choice belongs to (a rehab need is met by rehab or a device). */
export function metByFits(kind: NeedKind, metBy: MetBy): boolean {
  if (metBy === 'referral') return true;
  const fits: Record<NeedKind, readonly MetBy[]> = {
    rehab: ['rehab_enrolment', 'device_fitting'],
    device: ['device_fitting'],
    training: ['training_enrolment'],
    employment: ['placement'],
  };
  return fits[kind].includes(metBy);
}

// ---- periods ----

export interface Period {
  from: string;
  to: string;
}

/** The calendar quarter (1–4) of a date. */
export function quarterOf(date: string): number {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
}

/** First and last day of a calendar quarter. */
export function quarterPeriod(year: number, quarter: number): Period {
  const lastMonth = quarter * 3;
  return { from: formatDate(year, lastMonth - 2, 1), to: formatDate(year, lastMonth, daysInMonth(year, lastMonth)) };
}

export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The month ends of a year up to `today` (all twelve for a past year; none for a future one). */
export function monthEnds(year: number, today: string): string[] {
  const ends: string[] = [];
  for (let m = 1; m <= 12; m += 1) {
    const start = formatDate(year, m, 1);
    if (start > today) break;
    ends.push(formatDate(year, m, daysInMonth(year, m)));
  }
  return ends;
}

// ---- visits (访视) by calendar period ----

export type VisitCadence = 'quarterly' | 'yearly';

/**
 * 001_…txt 六: children 0–6 and adults with a severe disability (levels 1–2) are visited at least
 * once each calendar quarter, everyone else at least once a year. `childUnder` is the age setting (7).
 */
export function visitCadence(p: { age: number; level: number | null }, childUnder: number): VisitCadence {
  if (p.age < childUnder) return 'quarterly';
  if (p.age >= 18 && (p.level === 1 || p.level === 2)) return 'quarterly';
  return 'yearly';
}

export interface VisitPeriodStatus {
  /** 1–4 for a quarter; 0 for the whole year. */
  quarter: number;
  period: Period;
  due: boolean;
  done: boolean;
}

/**
 * Each period of the year that has begun by `today` and the person was on the register for needs
 * its own visit: a visit in another quarter does not count for this one.
 */
export function visitPeriods(
  p: { birthDate: string; level: number | null; since: string },
  visits: readonly string[],
  year: number,
  today: string,
  childUnder: number,
): VisitPeriodStatus[] {
  const result: VisitPeriodStatus[] = [];
  const periods =
    visitCadence({ age: ageOn(p.birthDate, clampToYear(today, year)), level: p.level }, childUnder) === 'quarterly'
      ? [1, 2, 3, 4].map((q) => ({ quarter: q, period: quarterPeriod(year, q) }))
      : [{ quarter: 0, period: yearPeriod(year) }];
  for (const { quarter, period } of periods) {
    if (period.from > today || p.since > period.to) continue;
    result.push({ quarter, period, due: true, done: visits.some((v) => v >= period.from && v <= period.to) });
  }
  return result;
}

function clampToYear(date: string, year: number): string {
  const { from, to } = yearPeriod(year);
  return date < from ? from : date > to ? to : date;
}

// ---- certificate expiry reminders ----

export interface ReminderState {
  /** The first reminder is owed from six months before expiry (inclusive), the second from one month. */
  firstFrom: string;
  secondFrom: string;
  lacksFirst: boolean;
  lacksSecond: boolean;
}

/**
 * 002_…txt 四: "有效期不足6个月(含)及不足1个月(含)的不少于两次的提醒". A reminder counts for this expiry
 * when made on or after the six-month mark; the second must be made on or after the one-month mark,
 * and the two must be two reminders (one reminder in the last month is not both).
 * Null when no reminder is owed yet (more than six months remain) or the certificate has expired.
 */
export function reminderState(expiry: string, reminders: readonly string[], today: string): ReminderState | null {
  const firstFrom = addMonths(expiry, -6);
  const secondFrom = addMonths(expiry, -1);
  if (today < firstFrom || today > expiry) return null;
  const counted = reminders.filter((d) => d >= firstFrom && d <= expiry);
  const hasSecond = counted.some((d) => d >= secondFrom);
  const hasFirst = counted.length >= (hasSecond ? 2 : 1);
  return { firstFrom, secondFrom, lacksFirst: !hasFirst, lacksSecond: today >= secondFrom && !hasSecond };
}

// ---- rates ----

/** A recorded need of one person: open from its date until it is met or closed (null: still open). */
export interface NeedSpan {
  personId: number;
  recordedOn: string;
  closedOn: string | null;
  /** Closed with a reason (declined, moved away, no longer needed): no longer a need, not counted. */
  withdrawn?: boolean;
}

/** A day a person received a service that meets the kind of need. */
export interface ServiceDay {
  personId: number;
  date: string;
}

export interface Rate {
  numerator: number;
  denominator: number;
  /** Whole per mille, rounded down; null when nobody is in the denominator. */
  permille: number | null;
  /** The people behind the figures, each once, ascending. */
  numeratorIds: number[];
  denominatorIds: number[];
}

/**
 * n / d in whole per mille, rounded down as the return statistics round (2/3 → 666): a rate never
 * shows a target met that is not (989.9‰ is not 99%).
 */
export function permille(n: number, d: number): number | null {
  if (d === 0) return null;
  return Math.floor((n * 1000) / d);
}

function rateOf(numerator: Set<number>, denominator: Set<number>): Rate {
  const den = [...denominator].sort((a, b) => a - b);
  const num = den.filter((id) => numerator.has(id));
  return { numerator: num.length, denominator: den.length, permille: permille(num.length, den.length), numeratorIds: num, denominatorIds: den };
}

/** Whether a need is open at some time in the period. */
export function openIn(n: NeedSpan, period: Period): boolean {
  return !n.withdrawn && n.recordedOn <= period.to && (n.closedOn === null || n.closedOn >= period.from);
}

/**
 * Coverage: of the people with a need open in the period, those who received a meeting service in
 * it. Each person once, however many needs, services or months they have.
 */
export function coverage(needs: readonly NeedSpan[], served: readonly ServiceDay[], period: Period): Rate {
  const denominator = new Set(needs.filter((n) => openIn(n, period)).map((n) => n.personId));
  const numerator = new Set(served.filter((s) => s.date >= period.from && s.date <= period.to && denominator.has(s.personId)).map((s) => s.personId));
  return rateOf(numerator, denominator);
}

/**
 * 精准康复 service rate: of the people with a rehab need open in the period, those served in it whose
 * service followed a plan (一人一案) confirmed by them or their guardian by the period's end.
 */
export function preciseCoverage(
  needs: readonly NeedSpan[],
  served: readonly ServiceDay[],
  confirmedPlans: readonly { personId: number; confirmedOn: string }[],
  period: Period,
): Rate {
  const planned = new Set(confirmedPlans.filter((p) => p.confirmedOn <= period.to).map((p) => p.personId));
  return coverage(needs, served.filter((s) => planned.has(s.personId)), period);
}

/** Children 0–6 (under `childUnder` on the date their need was open from in the period). */
export function childNeeds(
  needs: readonly (NeedSpan & { birthDate: string })[],
  period: Period,
  childUnder: number,
): NeedSpan[] {
  return needs.filter((n) => openIn(n, period) && ageOn(n.birthDate, n.recordedOn > period.from ? n.recordedOn : period.from) < childUnder);
}

/** Working age (劳动年龄): the register's one rule. */
export { isWorkingAge };

export interface HolderFacts {
  personId: number;
  sex: 'M' | 'F';
  birthDate: string;
  hasCert: boolean;
  certExpiry: string | null;
}

/**
 * Employment rate of working-age certificate holders on a date (001_…txt: 70%): holders of a valid
 * certificate of working age, and those of them in a job (a placement running on the date).
 */
export function employmentRate(
  people: readonly HolderFacts[],
  placements: readonly { personId: number; startDate: string; endDate: string | null }[],
  date: string,
): Rate {
  const denominator = new Set(
    people
      .filter((p) => p.hasCert && (p.certExpiry === null || p.certExpiry >= date) && isWorkingAge(p.sex, p.birthDate, date))
      .map((p) => p.personId),
  );
  const numerator = new Set(
    placements.filter((pl) => pl.startDate <= date && (pl.endDate === null || pl.endDate >= date)).map((pl) => pl.personId),
  );
  return rateOf(numerator, denominator);
}

/** Whether a rate meets its target (both per mille); null without a rate or a target. */
export function meetsTarget(rate: number | null, target: number | null): boolean | null {
  if (rate === null || target === null) return null;
  return rate >= target;
}

// ---- checksummed files (targets from the office, a child's transfer) ----

/** JSON with keys sorted at every depth: the text a checksum is taken over. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// Rules of child rehabilitation (残疾儿童康复救助): eligibility, the enrolment window, session
// overlaps, service days, visit intervals and assessment progress. Pure functions over plain data;
// the renderer uses some of them too (clock times, weekdays, progress).
import { addMonths, ageOn, daysInMonth, formatDate, parts } from '../common/dates';

/** 康复类别: the programme's categories (DOMAIN.md "Child rehabilitation"). */
export const REHAB_CATEGORIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'autism'] as const;
export type RehabCategory = (typeof REHAB_CATEGORIES)[number];

/** Where a session happens: at the centre, in the community, or at home (送康复上门). */
export const SESSION_LOCATIONS = ['centre', 'community', 'home'] as const;
export type SessionLocation = (typeof SESSION_LOCATIONS)[number];

/** 救助 (the relief programme pays) / 自费 / 其他. */
export const FUNDINGS = ['relief', 'self', 'other'] as const;
export type Funding = (typeof FUNDINGS)[number];

/** What a county approved relief on (审批依据): 低保, 建档立卡/脱贫监测, 特困, 孤儿, 福利机构, 经济困难, other. */
export const ELIGIBILITY_BASES = ['dibao', 'poverty_registered', 'destitute', 'orphan', 'welfare_institution', 'hardship', 'other'] as const;
export type EligibilityBasis = (typeof ELIGIBILITY_BASES)[number];
/** The category a child is claimed under: an enrolment category, or 多重 (one chosen a year). */
export const CLAIM_CATEGORIES = [...REHAB_CATEGORIES, 'multiple'] as const;
export type ClaimCategoryChoice = (typeof CLAIM_CATEGORIES)[number];
/** Why a child stays past the age limit: not yet at school (to 8), limb-correction surgery (to 16). */
export const AGE_EXTENSION_REASONS = ['not_in_school', 'limb_surgery'] as const;
export type AgeExtensionReason = (typeof AGE_EXTENSION_REASONS)[number];

/** The relief approval of an enrolment: a number needs its period's start, and the period runs forward. */
export function checkApproval(a: { approvalNo: string; approvedFrom: string; approvedTo: string; ageExtension: string | null; ageExtensionNote: string }): Issue[] {
  const issues: Issue[] = [];
  if (a.approvalNo !== '' && a.approvedFrom === '') issues.push({ code: 'REHAB_APPROVAL_FROM_REQUIRED', field: 'approvedFrom' });
  if (a.approvalNo === '' && (a.approvedFrom !== '' || a.approvedTo !== '')) issues.push({ code: 'REHAB_APPROVAL_NO_REQUIRED', field: 'approvalNo' });
  if (a.approvedFrom !== '' && a.approvedTo !== '' && a.approvedTo < a.approvedFrom) issues.push({ code: 'REHAB_APPROVAL_PERIOD', field: 'approvedTo' });
  if (a.ageExtension !== null && a.ageExtensionNote === '') issues.push({ code: 'REHAB_EXTENSION_NOTE_REQUIRED', field: 'ageExtensionNote' });
  return issues;
}

export const ENROLMENT_STATUSES = ['active', 'paused', 'discharged'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/** 训练类型: 听觉言语, 认知, 运动/PT, 作业/OT, 言语/ST, 感统, 孤独症干预/ABA, 低视力, 其他. */
export const SESSION_TYPES = ['auditory_verbal', 'cognitive', 'pt', 'ot', 'st', 'sensory', 'aba', 'low_vision', 'other'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const ATTENDANCES = ['present', 'absent', 'leave'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

export const ASSESSMENT_KINDS = ['intake', 'periodic', 'discharge'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const GOAL_STATUSES = ['open', 'achieved', 'partly', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** Developmental domains shared by plans and assessments (so progress lines up across both). */
export const DOMAINS = [
  'gross_motor',
  'fine_motor',
  'language',
  'cognition',
  'social',
  'self_care',
  'sensory',
  'behaviour',
  'hearing',
  'vision',
] as const;
export type Domain = (typeof DOMAINS)[number];

/** The training type a new enrolment starts with, by category (the therapist can change it). */
export const DEFAULT_TYPE: Record<RehabCategory, SessionType> = {
  visual: 'low_vision',
  hearing: 'auditory_verbal',
  speech: 'st',
  physical: 'pt',
  intellectual: 'cognitive',
  autism: 'aba',
};

/** Settings of the area, with the values used until a centre sets its own (per effective date). */
export const REHAB_SETTING_DEFAULTS = {
  /** Children must be under this age (whole years) on the enrolment's start date. */
  'rehab.ageLimit': 7,
  /** Age bands of the month summary: each number starts a band (0–3, 4–6, 7+). */
  'rehab.ageBands': [4, 7] as number[],
  /** Children under this age, children in the programme and severe adults are visited quarterly. */
  'rehab.visit.childUnder': 7,
  'rehab.visit.frequentMonths': 3,
  'rehab.visit.otherMonths': 12,
  /** A visit shows as due this many days before it is overdue. */
  'rehab.visit.dueWithinDays': 30,
} as const;
export type RehabSettingKey = keyof typeof REHAB_SETTING_DEFAULTS;
export type RehabSettings = { -readonly [K in RehabSettingKey]: (typeof REHAB_SETTING_DEFAULTS)[K] extends readonly number[] ? number[] : number };

export interface Issue {
  code: string;
  field?: string;
  params?: Record<string, string | number>;
}

// ---- clock times and calendar ----

/** Reads a time of day as staff type it (9:00, 09:30, 0930, 9.30, 9：30) as minutes after midnight. */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2})(?:[:：.]?(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

export function formatClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  const { year, month, day } = parts(date);
  const sunday0 = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return sunday0 === 0 ? 7 : sunday0;
}

export function addDays(date: string, days: number): string {
  const { year, month, day } = parts(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** First and last date of a month written YYYY-MM. */
export function monthRange(month: string): { first: string; last: string } {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { first: `${month}-01`, last: formatDate(year, m, daysInMonth(year, m)) };
}

/** The month `n` months after YYYY-MM (negative goes back). */
export function shiftMonth(month: string, n: number): string {
  return addMonths(`${month}-01`, n).slice(0, 7);
}

/** Weekday digits kept sorted and unique ('531' → '135'). */
export function normaliseDays(days: string): string {
  return [...new Set(days.split(''))].filter((d) => /^[1-7]$/.test(d)).sort().join('');
}

export function isScheduledOn(scheduleDays: string, date: string): boolean {
  return scheduleDays.includes(String(weekdayOf(date)));
}

// ---- enrolment ----

export interface EnrolmentCheck {
  birthDate: string;
  startDate: string;
  /** The programme's age limit in force on the start date. */
  ageLimit: number;
  category: RehabCategory;
  cochlearImplant: boolean;
  /** The child's enrolment that is still open (active or paused), if any. */
  openEnrolment: { id: number; startDate: string } | null;
}

/** May this child be enrolled from this date? Every problem at once, each tied to its field. */
export function checkEnrolment(input: EnrolmentCheck): Issue[] {
  const issues: Issue[] = [];
  if (input.openEnrolment) {
    issues.push({
      code: 'REHAB_ALREADY_ENROLLED',
      field: 'personId',
      params: { since: input.openEnrolment.startDate, id: input.openEnrolment.id },
    });
  }
  if (input.startDate < input.birthDate) {
    issues.push({ code: 'REHAB_START_BEFORE_BIRTH', field: 'startDate', params: { birthDate: input.birthDate } });
  } else {
    const age = ageOn(input.birthDate, input.startDate);
    if (age >= input.ageLimit) {
      issues.push({ code: 'REHAB_OVER_AGE', field: 'startDate', params: { age, limit: input.ageLimit, startDate: input.startDate } });
    }
  }
  if (input.cochlearImplant && input.category !== 'hearing') issues.push({ code: 'REHAB_COCHLEAR_NOT_HEARING', field: 'cochlearImplant' });
  return issues;
}

export interface StatusChange {
  from: EnrolmentStatus;
  to: EnrolmentStatus;
  /** The status date already on record, and the one asked for. */
  currentStatusDate: string;
  statusDate: string;
  startDate: string;
  today: string;
  dischargeReason: string;
  /** The last date with a session on record (for a discharge), '' when none. */
  lastSessionDate: string;
}

/**
 * Active ⇄ paused; either may be discharged (with a reason), and a discharge is final: the child
 * is enrolled again as a new enrolment. Dates never run backwards or into the future.
 */
export function checkStatusChange(c: StatusChange): Issue[] {
  const issues: Issue[] = [];
  if (c.from === c.to) {
    if (c.to === 'discharged' && c.dischargeReason === '') issues.push({ code: 'REHAB_DISCHARGE_REASON_REQUIRED', field: 'dischargeReason' });
    return issues;
  }
  if (c.from === 'discharged') return [{ code: 'REHAB_ALREADY_DISCHARGED', field: 'status' }];
  if (c.statusDate > c.today) issues.push({ code: 'REHAB_DATE_FUTURE', field: 'statusDate', params: { today: c.today } });
  if (c.statusDate < c.startDate || c.statusDate < c.currentStatusDate) {
    issues.push({ code: 'REHAB_STATUS_DATE_EARLY', field: 'statusDate', params: { date: c.currentStatusDate > c.startDate ? c.currentStatusDate : c.startDate } });
  }
  if (c.to === 'discharged') {
    if (c.dischargeReason === '') issues.push({ code: 'REHAB_DISCHARGE_REASON_REQUIRED', field: 'dischargeReason' });
    if (c.lastSessionDate !== '' && c.lastSessionDate > c.statusDate) {
      issues.push({ code: 'REHAB_DISCHARGE_BEFORE_SESSIONS', field: 'statusDate', params: { last: c.lastSessionDate } });
    }
  }
  return issues;
}

// ---- sessions ----

export interface EnrolmentWindow {
  startDate: string;
  status: EnrolmentStatus;
  statusDate: string;
}

/**
 * Whether a session on `date` falls inside the enrolment: not in the future, not before the start,
 * not after a discharge, not while paused. Returns the first reason it does not, or null.
 */
export function sessionWindowIssue(date: string, today: string, enrolment: EnrolmentWindow): Issue | null {
  if (date > today) return { code: 'REHAB_SESSION_FUTURE', field: 'date', params: { today } };
  if (date < enrolment.startDate) return { code: 'REHAB_SESSION_BEFORE_START', field: 'date', params: { start: enrolment.startDate } };
  if (enrolment.status === 'discharged' && date > enrolment.statusDate) {
    return { code: 'REHAB_SESSION_AFTER_DISCHARGE', field: 'date', params: { discharged: enrolment.statusDate } };
  }
  if (enrolment.status === 'paused' && date >= enrolment.statusDate) {
    return { code: 'REHAB_SESSION_PAUSED', field: 'date', params: { since: enrolment.statusDate } };
  }
  return null;
}

/** A session ends on the day it starts. */
export function sessionTimeIssue(start: number, minutes: number): Issue | null {
  return start + minutes > 24 * 60 ? { code: 'REHAB_SESSION_PAST_MIDNIGHT', field: 'minutes', params: { start: formatClock(start) } } : null;
}

export interface TimedSession {
  id: number;
  start: number;
  minutes: number;
  attendance: Attendance;
  groupId: number | null;
}

/** Two sessions overlap when each starts before the other ends (back to back is fine). */
export function overlaps(a: { start: number; minutes: number }, b: { start: number; minutes: number }): boolean {
  return a.start < b.start + b.minutes && b.start < a.start + a.minutes;
}

/**
 * The first existing session the new one collides with, or null. Only attended sessions hold a
 * time slot: a therapist whose 9:00 child stayed away may see another child at 9:00. Sessions of
 * the same group share their slot by design, and a session never collides with itself.
 */
export function findOverlap(
  candidate: { id: number | null; start: number; minutes: number; attendance: Attendance; groupId: number | null },
  existing: readonly TimedSession[],
): TimedSession | null {
  if (candidate.attendance !== 'present') return null;
  for (const s of existing) {
    if (s.id === candidate.id || s.attendance !== 'present') continue;
    if (candidate.groupId !== null && s.groupId === candidate.groupId) continue;
    if (overlaps(candidate, s)) return s;
  }
  return null;
}

/** 服务日: the dates with at least one attended session. */
export function serviceDays(sessions: readonly { date: string; attendance: Attendance }[]): string[] {
  return [...new Set(sessions.filter((s) => s.attendance === 'present').map((s) => s.date))].sort();
}

export interface AttendanceCounts {
  present: number;
  absent: number;
  leave: number;
}

/** Share of logged sessions attended, in whole per cent (leave counts as not attended); null when none. */
export function attendanceRate(c: AttendanceCounts): number | null {
  const total = c.present + c.absent + c.leave;
  return total === 0 ? null : Math.round((c.present * 100) / total);
}

// ---- reporting and visits ----

/** The band an age falls in, as an index: bands [4, 7] give 0 for 0–3, 1 for 4–6 and 2 for 7+. */
export function ageBand(age: number, starts: readonly number[]): number {
  let band = 0;
  for (const start of starts) if (age >= start) band += 1;
  return band;
}

/** Labels of the bands: [4, 7] → [{from 0, to 3}, {from 4, to 6}, {from 7, to null}]. */
export function ageBandRanges(starts: readonly number[]): { from: number; to: number | null }[] {
  const bounds = [0, ...starts];
  return bounds.map((from, i) => ({ from, to: i + 1 < bounds.length ? bounds[i + 1]! - 1 : null }));
}

export type VisitFrequency = 'frequent' | 'other';

/**
 * 访视 frequency (001_…txt 六): 0–6 children and adults with severe disability (levels 1–2) at least
 * once a quarter, everyone else at least once a year. Children in the programme count as 0–6
 * children whatever their age.
 */
export function visitFrequency(p: { age: number; level: number | null; inProgramme: boolean }, childUnder: number): VisitFrequency {
  if (p.inProgramme || p.age < childUnder) return 'frequent';
  if (p.age >= 18 && (p.level === 1 || p.level === 2)) return 'frequent';
  return 'other';
}

export type VisitBand = 'overdue' | 'due' | 'ok';

/**
 * The calendar period of `months` months (3: quarters, 12: the year; aligned to 1 January) that
 * holds a date: its first and last day. A quarter is a calendar quarter (DOMAIN.md): each needs a
 * visit of its own.
 */
export function visitPeriodOf(date: string, months: number): { from: string; to: string } {
  const { year, month } = parts(date);
  const first = Math.floor((month - 1) / months) * months + 1;
  const from = formatDate(year, first, 1);
  return { from, to: addDays(addMonths(from, months), -1) };
}

/**
 * Whether a person's visit is overdue (the previous period went by without one, while they were on
 * the register or in the programme, and none yet in this one), due (none yet in this period, which
 * ends within `dueWithinDays`), or ok (visited this period, or its end is further off). `nextDue`
 * is the last day of the period the visit is owed for.
 */
export function visitStatus(
  lastVisit: string | null,
  since: string,
  periodMonths: number,
  today: string,
  dueWithinDays: number,
): { nextDue: string; band: VisitBand } {
  return visitStatusOn(periodMonths, today, dueWithinDays)(lastVisit, since);
}

/**
 * visitStatus for many people on one day: the periods and the window are worked out once (the
 * visits-due list classifies every person on the register).
 */
export function visitStatusOn(periodMonths: number, today: string, dueWithinDays: number): (lastVisit: string | null, since: string) => { nextDue: string; band: VisitBand } {
  const current = visitPeriodOf(today, periodMonths);
  const ok = { nextDue: visitPeriodOf(addDays(current.to, 1), periodMonths).to, band: 'ok' as const };
  const previous = visitPeriodOf(addDays(current.from, -1), periodMonths);
  const band: VisitBand = current.to <= addDays(today, dueWithinDays) ? 'due' : 'ok';
  return (lastVisit, since) => {
    if (lastVisit !== null && lastVisit >= current.from) return { ...ok };
    const missedPrevious = since <= previous.to && (lastVisit === null || lastVisit < previous.from);
    if (missedPrevious) return { nextDue: previous.to, band: 'overdue' };
    return { nextDue: current.to, band };
  };
}

/**
 * A bound for fetching candidates: whoever was visited on or after it (the start of the shorter
 * interval's current period, which the longer one's holds) is surely not due.
 */
export function visitFetchCutoff(periodMonths: number, today: string): string {
  return visitPeriodOf(today, periodMonths).from;
}

// ---- assessments ----

export interface DomainScore {
  domain: Domain;
  score: number | null;
  level: string;
}

export interface DomainProgress {
  domain: Domain;
  before: number | null;
  after: number | null;
  /** after − before, one decimal; null when either is missing. */
  change: number | null;
  levelBefore: string;
  levelAfter: string;
}

/** Per domain, how the later assessment compares with the earlier one (domains of the later one). */
export function progressBetween(before: readonly DomainScore[], after: readonly DomainScore[]): DomainProgress[] {
  const earlier = new Map(before.map((s) => [s.domain, s]));
  return after.map((s) => {
    const prev = earlier.get(s.domain);
    const change = prev?.score != null && s.score != null ? Math.round((s.score - prev.score) * 10) / 10 : null;
    return { domain: s.domain, before: prev?.score ?? null, after: s.score, change, levelBefore: prev?.level ?? '', levelAfter: s.level };
  });
}

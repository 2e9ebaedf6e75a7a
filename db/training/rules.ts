// Rules of training and employment: course and placement types, the unified social credit code
// (GB 32100-2015), attendance shares and completion, follow-up schedules, overlapping jobs.
// Pure functions over plain data; the renderer uses some of them to show results as the user types.
import { addMonths } from '../common/dates';
import { EMPLOYER_OPTIONAL_FORMS, EMPLOYMENT_FORMS, FULL_TIME_BY_FORM, type EmploymentForm } from './employment-rules';

/** Built-in course types (课程类别); centres add more in the settings. */
export const BUILTIN_COURSE_TYPES = [
  'massage_health', // 盲人保健按摩
  'massage_medical', // 盲人医疗按摩
  'ecommerce', // 电子商务
  'practical', // 实用技术/种养
  'handicraft', // 手工
  'other', // 其他
] as const;
export type BuiltinCourseType = (typeof BUILTIN_COURSE_TYPES)[number];

export function isBuiltinCourseType(code: string): code is BuiltinCourseType {
  return (BUILTIN_COURSE_TYPES as readonly string[]).includes(code);
}

/**
 * Placement (就业安置) types: the 就业形式 of the national dynamic survey since migration 011
 * (the earlier types are mapped, see ./employment-rules.ts).
 */
export const PLACEMENT_TYPES = EMPLOYMENT_FORMS;
export type PlacementType = EmploymentForm;

/** The usual pattern of hours per type; the form pre-fills the full-time box with it. */
export const FULL_TIME_BY_DEFAULT: Record<PlacementType, boolean> = FULL_TIME_BY_FORM;

/** Placement types with no employer to name (the person works for themself). */
export const EMPLOYER_OPTIONAL: readonly PlacementType[] = EMPLOYER_OPTIONAL_FORMS;

export const CERTIFICATE_TYPES = [
  'massage_health', // 保健按摩师资格
  'massage_medical', // 医疗按摩人员资格
  'skill_level', // 职业技能等级证书
  'special_skill', // 专项职业能力证书
  'training', // 培训合格证书
  'other',
] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

export const ATTENDANCE_STATUSES = ['present', 'absent', 'leave'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Fallbacks when the settings hold nothing (the settings table is the source). */
export const DEFAULT_MIN_ATTENDANCE_PCT = 80;
export const DEFAULT_FOLLOW_UP_MONTHS = [3, 6, 12];

// ---- 统一社会信用代码 (GB 32100-2015) ----

/** The 31 characters a credit code may use: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (18th) for the first 17 characters; null if one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * CREDIT_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[check === 31 ? 0 : check]!;
}

export type CreditCodeError =
  | { code: 'EMPLOYER_CODE_FORMAT' }
  | { code: 'EMPLOYER_CODE_CHAR'; params: { position: number; char: string } }
  | { code: 'EMPLOYER_CODE_CHECKSUM'; params: { expected: string } };

/** Checks an 18-character unified social credit code; spaces are dropped and letters upper-cased. */
export function parseCreditCode(raw: string): { ok: true; value: string } | { ok: false; error: CreditCodeError } {
  const code = raw.replace(/\s+/g, '').toUpperCase();
  if (code.length !== 18) return { ok: false, error: { code: 'EMPLOYER_CODE_FORMAT' } };
  for (let i = 0; i < 18; i += 1) {
    if (!CREDIT_CODE_ALPHABET.includes(code[i]!)) {
      return { ok: false, error: { code: 'EMPLOYER_CODE_CHAR', params: { position: i + 1, char: code[i]! } } };
    }
  }
  const expected = creditCodeCheckChar(code.slice(0, 17))!;
  if (code[17] !== expected) return { ok: false, error: { code: 'EMPLOYER_CODE_CHECKSUM', params: { expected } } };
  return { ok: true, value: code };
}

// ---- attendance and completion ----

export interface AttendanceCount {
  present: number;
  /** Class days on which attendance was taken. */
  sessions: number;
}

/** The share attended, in tenths of a percent rounded down (so 79.96% shows as 79.9%, never 80.0%). */
export function attendancePermille(count: AttendanceCount): number | null {
  if (count.sessions === 0) return null;
  return Math.floor((count.present * 1000) / count.sessions);
}

/** 79.9, 80, 100: a permille as percent text with at most one decimal. */
export function permilleText(permille: number): string {
  return permille % 10 === 0 ? String(permille / 10) : (permille / 10).toFixed(1);
}

export type CompletionRefusal =
  | { code: 'TRAINING_NO_ATTENDANCE' }
  | { code: 'TRAINING_ATTENDANCE_BELOW_MIN'; params: { share: string; min: number; present: number; sessions: number } };

/** 结业: allowed only when the share attended meets the class's minimum (exact, in integers). */
export function checkCompletion(count: AttendanceCount, minPct: number): CompletionRefusal | null {
  if (count.sessions === 0) return { code: 'TRAINING_NO_ATTENDANCE' };
  if (count.present * 100 >= minPct * count.sessions) return null;
  return {
    code: 'TRAINING_ATTENDANCE_BELOW_MIN',
    params: { share: permilleText(attendancePermille(count)!), min: minPct, present: count.present, sessions: count.sessions },
  };
}

/** 结业 only once the class has ended: a completion dated before the end date is refused. */
export function checkClassEnded(completedOn: string, classEnd: string): { code: 'TRAINING_COMPLETION_BEFORE_END'; params: { end: string; date: string } } | null {
  return completedOn < classEnd ? { code: 'TRAINING_COMPLETION_BEFORE_END', params: { end: classEnd, date: completedOn } } : null;
}

/** 结业 only with the class's minimum hours (学时) attended; a minimum of 0 asks for none. */
export function checkHours(hours: number, minHours: number): { code: 'TRAINING_HOURS_BELOW_MIN'; params: { hours: number; min: number; missing: number } } | null {
  return hours >= minHours ? null : { code: 'TRAINING_HOURS_BELOW_MIN', params: { hours, min: minHours, missing: minHours - hours } };
}

export type EnrolRefusal =
  | { code: 'TRAINING_ALREADY_ENROLLED'; params: { name: string } }
  | { code: 'TRAINING_CLASS_FULL'; params: { capacity: number } };

/** Whether one more trainee fits: nobody twice, nobody beyond the capacity. */
export function checkEnrol(
  cls: { capacity: number; enrolled: number },
  person: { name: string; alreadyEnrolled: boolean },
): EnrolRefusal | null {
  if (person.alreadyEnrolled) return { code: 'TRAINING_ALREADY_ENROLLED', params: { name: person.name } };
  if (cls.enrolled >= cls.capacity) return { code: 'TRAINING_CLASS_FULL', params: { capacity: cls.capacity } };
  return null;
}

// ---- placements and follow-ups ----

/** Follow-up due dates: the given months after the start date (day clamped to month end). */
export function followUpSchedule(startDate: string, months: readonly number[]): { months: number; dueOn: string }[] {
  return [...new Set(months)]
    .filter((m) => Number.isInteger(m) && m > 0)
    .sort((a, b) => a - b)
    .map((m) => ({ months: m, dueOn: addMonths(startDate, m) }));
}

export type FollowUpState = 'done' | 'overdue' | 'due' | 'later';

/** Overdue once the due date has passed; due when it falls within `soon` (today + the window). */
export function followUpState(f: { dueOn: string; doneOn: string | null }, today: string, soon: string): FollowUpState {
  if (f.doneOn) return 'done';
  if (f.dueOn < today) return 'overdue';
  if (f.dueOn <= soon) return 'due';
  return 'later';
}

export interface PlacementSpan {
  id: number;
  startDate: string;
  /** '' while the job goes on. */
  endDate: string;
  fullTime: boolean;
}

const OPEN_END = '9999-12-31';

/** Two full-time jobs for the same person on the same day (inclusive dates) overlap. */
export function placementsOverlap(a: PlacementSpan, b: PlacementSpan): boolean {
  if (!a.fullTime || !b.fullTime || a.id === b.id) return false;
  return a.startDate <= (b.endDate || OPEN_END) && b.startDate <= (a.endDate || OPEN_END);
}

/** For each placement of one person, the ids of the others it overlaps. */
export function findOverlaps(spans: readonly PlacementSpan[]): Map<number, number[]> {
  const result = new Map<number, number[]>();
  for (const a of spans) {
    const others = spans.filter((b) => placementsOverlap(a, b)).map((b) => b.id);
    if (others.length) result.set(a.id, others);
  }
  return result;
}

/** Share retained in tenths of a percent (floor), or null with nothing recorded. */
export function retentionPermille(recorded: number, employed: number): number | null {
  return recorded === 0 ? null : Math.floor((employed * 1000) / recorded);
}

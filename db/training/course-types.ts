// Course types and the training settings: the built-in types plus those a centre adds, and the
// minimum attendance share per type, each valid from a date (so a class keeps the rule it started under).
import { fail } from '../errors';
import { getSetting, putSetting } from '../settings';
import { stmt } from '../statements';
import type { Db } from '../open';
import type { Clock } from '../clock';
import type { CourseTypeInfo } from './contract';
import { BUILTIN_COURSE_TYPES, DEFAULT_FOLLOW_UP_MONTHS, DEFAULT_MIN_ATTENDANCE_PCT } from './rules';

export const CUSTOM_TYPES_KEY = 'training.courseTypes.custom';
export const FOLLOW_UP_MONTHS_KEY = 'training.followUpMonths';
export const minAttendanceKey = (code: string) => `training.minAttendancePct.${code}`;

interface CustomType {
  code: string;
  name: string;
}

export type CourseTypes = ReturnType<typeof createCourseTypes>;

export function createCourseTypes(db: Db, clock: Clock) {
  const custom = (): CustomType[] => getSetting<CustomType[]>(db, CUSTOM_TYPES_KEY, '9999-12-31', []);

  function exists(code: string): boolean {
    return (BUILTIN_COURSE_TYPES as readonly string[]).includes(code) || custom().some((c) => c.code === code);
  }

  /** The minimum share (percent) for a class of this type starting on `onDate`. */
  function minAttendancePct(code: string, onDate: string): number {
    return getSetting<number>(db, minAttendanceKey(code), onDate, DEFAULT_MIN_ATTENDANCE_PCT);
  }

  function followUpMonths(onDate: string): number[] {
    return getSetting<number[]>(db, FOLLOW_UP_MONTHS_KEY, onDate, DEFAULT_FOLLOW_UP_MONTHS);
  }

  /** Names of the added types by code (the built-in ones are named by the renderer). */
  function customNames(): Map<string, string> {
    return new Map(custom().map((c) => [c.code, c.name]));
  }

  function list(): CourseTypeInfo[] {
    const today = clock.today();
    const scheduledStatement = stmt(db, 'SELECT effective_from, value FROM setting WHERE key = ? AND effective_from > ? ORDER BY effective_from');
    const all: { code: string; name: string; builtin: boolean }[] = [
      ...BUILTIN_COURSE_TYPES.map((code) => ({ code, name: '', builtin: true })),
      ...custom().map((c) => ({ ...c, builtin: false })),
    ];
    return all.map((t) => ({
      ...t,
      minAttendancePct: minAttendancePct(t.code, today),
      scheduled: (scheduledStatement.all(minAttendanceKey(t.code), today) as { effective_from: string; value: string }[]).map(
        (r) => ({ effectiveFrom: r.effective_from, minAttendancePct: JSON.parse(r.value) as number }),
      ),
    }));
  }

  const add = db.transaction((name: string, minPct: number): CourseTypeInfo[] => {
    const types = custom();
    if (types.some((t) => t.name === name)) fail('TRAINING_COURSE_TYPE_EXISTS', 'name', { name });
    const next = types.reduce((max, t) => Math.max(max, Number(t.code.replace('custom_', '')) || 0), 0) + 1;
    const code = `custom_${next}`;
    putSetting(db, CUSTOM_TYPES_KEY, [...types, { code, name }]);
    putSetting(db, minAttendanceKey(code), minPct);
    return list();
  });

  const setMinimum = db.transaction((code: string, minPct: number, effectiveFrom: string): CourseTypeInfo[] => {
    if (!exists(code)) fail('TRAINING_COURSE_TYPE_UNKNOWN', 'code');
    putSetting(db, minAttendanceKey(code), minPct, effectiveFrom);
    return list();
  });

  return { exists, minAttendancePct, followUpMonths, customNames, list, add, setMinimum };
}

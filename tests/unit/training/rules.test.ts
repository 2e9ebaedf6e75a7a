import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ATTENDANCE_STATUSES,
  BUILTIN_COURSE_TYPES,
  CERTIFICATE_TYPES,
  CREDIT_CODE_ALPHABET,
  DEFAULT_FOLLOW_UP_MONTHS,
  DEFAULT_MIN_ATTENDANCE_PCT,
  EMPLOYER_OPTIONAL,
  FULL_TIME_BY_DEFAULT,
  PLACEMENT_TYPES,
  attendancePermille,
  isBuiltinCourseType,
  retentionPermille,
  checkCompletion,
  checkEnrol,
  creditCodeCheckChar,
  findOverlaps,
  followUpSchedule,
  followUpState,
  parseCreditCode,
  permilleText,
  placementsOverlap,
} from '../../../db/training/rules';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    ['91440300708461136T'],
    ['9144030071526726XG'],
    ['91110108551385082Q'],
  ])('accepts the real code %s', (code) => {
    expect(parseCreditCode(code)).toEqual({ ok: true, value: code });
  });

  it('normalises spaces and lower case', () => {
    expect(parseCreditCode(' 91440300 708461136t ')).toEqual({ ok: true, value: '91440300708461136T' });
  });

  it.each([
    ['91440300708461136', { code: 'EMPLOYER_CODE_FORMAT' }],
    ['91440300708461136TT', { code: 'EMPLOYER_CODE_FORMAT' }],
    ['91440300708461136I', { code: 'EMPLOYER_CODE_CHAR', params: { position: 18, char: 'I' } }],
    ['9144030O708461136T', { code: 'EMPLOYER_CODE_CHAR', params: { position: 8, char: 'O' } }],
    ['91440300708461136U', { code: 'EMPLOYER_CODE_CHECKSUM', params: { expected: 'T' } }],
  ])('refuses %s', (code, error) => {
    expect(parseCreditCode(code)).toEqual({ ok: false, error });
  });

  it('maps a remainder of 0 to the check character 0 (31 → 0)', () => {
    // Seventeen zeros weigh nothing: sum 0, 31 - 0 = 31, which the standard writes as 0.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(parseCreditCode('000000000000000000').ok).toBe(true);
  });

  it('any single changed character is caught by the check character', () => {
    const code = '91440300708461136T';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (position, shift) => {
        const char = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(code[position]!) + shift) % 31]!;
        const changed = code.slice(0, position) + char + code.slice(position + 1);
        expect(parseCreditCode(changed).ok).toBe(false);
      }),
    );
  });
});

describe('attendance share and completion', () => {
  it.each([
    [{ present: 8, sessions: 10 }, 80, null],
    [{ present: 4, sessions: 5 }, 80, null],
    [{ present: 10, sessions: 10 }, 100, null],
    [{ present: 0, sessions: 0 }, 80, { code: 'TRAINING_NO_ATTENDANCE' }],
    [{ present: 7, sessions: 10 }, 80, { code: 'TRAINING_ATTENDANCE_BELOW_MIN', params: { share: '70', min: 80, present: 7, sessions: 10 } }],
    // 79.96…% must never be shown as 80% while being refused for being below 80%.
    [{ present: 1999, sessions: 2500 }, 80, { code: 'TRAINING_ATTENDANCE_BELOW_MIN', params: { share: '79.9', min: 80, present: 1999, sessions: 2500 } }],
    [{ present: 2, sessions: 3 }, 67, { code: 'TRAINING_ATTENDANCE_BELOW_MIN', params: { share: '66.6', min: 67, present: 2, sessions: 3 } }],
    [{ present: 2, sessions: 3 }, 66, null],
  ])('%o with minimum %i% → %o', (count, min, expected) => {
    expect(checkCompletion(count, min)).toEqual(expected);
  });

  it('shows shares rounded down to a tenth of a percent', () => {
    expect(attendancePermille({ present: 0, sessions: 0 })).toBeNull();
    expect(attendancePermille({ present: 5, sessions: 6 })).toBe(833);
    expect(permilleText(833)).toBe('83.3');
    expect(permilleText(1000)).toBe('100');
    expect(permilleText(0)).toBe('0');
  });
});

describe('enrolment', () => {
  it.each([
    [{ capacity: 2, enrolled: 1 }, false, null],
    [{ capacity: 2, enrolled: 2 }, false, { code: 'TRAINING_CLASS_FULL', params: { capacity: 2 } }],
    [{ capacity: 2, enrolled: 0 }, true, { code: 'TRAINING_ALREADY_ENROLLED', params: { name: '王芳' } }],
    // A second enrolment is reported as such even in a full class.
    [{ capacity: 2, enrolled: 2 }, true, { code: 'TRAINING_ALREADY_ENROLLED', params: { name: '王芳' } }],
  ])('class %o, already enrolled %s → %o', (cls, alreadyEnrolled, expected) => {
    expect(checkEnrol(cls, { name: '王芳', alreadyEnrolled })).toEqual(expected);
  });
});

describe('follow-ups', () => {
  it('schedules 3, 6 and 12 months after the start, clamping to the month end', () => {
    expect(followUpSchedule('2026-08-31', [12, 3, 6])).toEqual([
      { months: 3, dueOn: '2026-11-30' },
      { months: 6, dueOn: '2027-02-28' },
      { months: 12, dueOn: '2027-08-31' },
    ]);
    expect(followUpSchedule('2026-01-15', [3, 3, 0, -1])).toEqual([{ months: 3, dueOn: '2026-04-15' }]);
  });

  it.each([
    [{ dueOn: '2026-11-21', doneOn: null }, 'overdue'],
    [{ dueOn: '2026-11-22', doneOn: null }, 'due'],
    [{ dueOn: '2026-12-22', doneOn: null }, 'due'],
    [{ dueOn: '2026-12-23', doneOn: null }, 'later'],
    [{ dueOn: '2026-01-01', doneOn: '2026-01-05' }, 'done'],
  ])('%o is %s on 2026-11-22', (f, state) => {
    expect(followUpState(f, '2026-11-22', '2026-12-22')).toBe(state);
  });
});

describe('overlapping full-time placements', () => {
  const p = (id: number, startDate: string, endDate: string, fullTime = true) => ({ id, startDate, endDate, fullTime });

  it.each([
    [p(1, '2026-01-01', '2026-03-31'), p(2, '2026-03-31', ''), true],
    [p(1, '2026-01-01', '2026-03-30'), p(2, '2026-03-31', ''), false],
    [p(1, '2026-01-01', ''), p(2, '2027-01-01', ''), true],
    [p(1, '2026-01-01', ''), p(2, '2026-02-01', '2026-03-01', false), false],
  ])('%o and %o overlap: %s', (a, b, expected) => {
    expect(placementsOverlap(a, b)).toBe(expected);
    expect(placementsOverlap(b, a)).toBe(expected);
  });

  it('lists every other overlapping placement for each', () => {
    const result = findOverlaps([p(1, '2026-01-01', ''), p(2, '2026-05-01', '2026-06-01'), p(3, '2025-01-01', '2025-12-31')]);
    expect(Object.fromEntries(result)).toEqual({ 1: [2], 2: [1] });
  });
});

describe('codes other systems read', () => {
  // Return packages carry these codes as they are (db/returns/FORMAT.md: "the app's English codes"),
  // so renaming one breaks every office that reads them.
  it('names course types, placement types, certificates and attendance with fixed codes', () => {
    expect(BUILTIN_COURSE_TYPES).toEqual(['massage_health', 'massage_medical', 'ecommerce', 'practical', 'handicraft', 'other']);
    // Since migration 011 the national 就业形式 codes; packages with the earlier ones are mapped on reading.
    expect(PLACEMENT_TYPES).toEqual(['quota', 'centralised', 'individual', 'public_welfare', 'assisted', 'rural', 'flexible']);
    expect(CERTIFICATE_TYPES).toEqual(['massage_health', 'massage_medical', 'skill_level', 'special_skill', 'training', 'other']);
    expect(ATTENDANCE_STATUSES).toEqual(['present', 'absent', 'leave']);
  });

  it('tells a built-in course type from one a centre added', () => {
    expect(BUILTIN_COURSE_TYPES.every(isBuiltinCourseType)).toBe(true);
    expect(isBuiltinCourseType('custom_baking')).toBe(false);
  });
});

describe('placement defaults', () => {
  it('pre-fills full time except for assisted and flexible work (community and home-based included), which are usually part time', () => {
    expect(PLACEMENT_TYPES.filter((t) => !FULL_TIME_BY_DEFAULT[t])).toEqual(['assisted', 'flexible']);
  });

  it('asks for no employer when the person works for themself or the household (individual, rural, flexible)', () => {
    expect(EMPLOYER_OPTIONAL).toEqual(['individual', 'rural', 'flexible']);
  });

  it('falls back to 80% attendance and follow-ups at 3, 6 and 12 months when the settings hold nothing', () => {
    expect(DEFAULT_MIN_ATTENDANCE_PCT).toBe(80);
    expect(DEFAULT_FOLLOW_UP_MONTHS).toEqual([3, 6, 12]);
  });

  it('ignores months that are not whole numbers in a schedule', () => {
    expect(followUpSchedule('2026-01-15', [2.5, 1])).toEqual([{ months: 1, dueOn: '2026-02-15' }]);
  });

  it('never counts a placement as overlapping itself', () => {
    const p = { id: 4, startDate: '2026-01-01', endDate: '', fullTime: true };
    expect(placementsOverlap(p, { ...p })).toBe(false);
    expect(findOverlaps([p]).size).toBe(0);
  });

  it('states retention in tenths of a percent, rounded down, and none with nothing recorded', () => {
    expect([retentionPermille(3, 2), retentionPermille(4, 4), retentionPermille(5, 0), retentionPermille(0, 0)]).toEqual([666, 1000, 0, null]);
  });
});

describe('credit code check character', () => {
  it('has none for characters outside the code alphabet (I, O, S, V, Z, lower case)', () => {
    for (const c of ['I', 'O', 'S', 'V', 'Z', 'a']) expect(creditCodeCheckChar(`91320102MA1${c}00000`), c).toBeNull();
    expect(creditCodeCheckChar('91320102MA1000000')).toMatch(/^[0-9A-HJ-NP-RTUWXY]$/);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ASSESSMENT_KINDS,
  ATTENDANCES,
  DEFAULT_TYPE,
  DOMAINS,
  ENROLMENT_STATUSES,
  FUNDINGS,
  GOAL_STATUSES,
  REHAB_CATEGORIES,
  REHAB_SETTING_DEFAULTS,
  SESSION_TYPES,
  addDays,
  ageBand,
  ageBandRanges,
  attendanceRate,
  checkEnrolment,
  checkStatusChange,
  findOverlap,
  formatClock,
  isScheduledOn,
  monthRange,
  normaliseDays,
  overlaps,
  parseClock,
  progressBetween,
  serviceDays,
  sessionTimeIssue,
  sessionWindowIssue,
  shiftMonth,
  visitFetchCutoff,
  visitPeriodOf,
  visitFrequency,
  visitStatus,
  weekdayOf,
  type EnrolmentCheck,
  type EnrolmentWindow,
  type StatusChange,
} from '../../../db/rehab/rules';
import { DISCHARGE } from './fixtures';
import { formatDate } from '../../../db/common/dates';

const TODAY = '2026-11-22';

describe('enrolment eligibility', () => {
  const base: EnrolmentCheck = {
    birthDate: '2020-03-15',
    startDate: '2026-11-22',
    ageLimit: 7,
    category: 'autism',
    cochlearImplant: false,
    openEnrolment: null,
  };
  const codes = (overrides: Partial<EnrolmentCheck>) => checkEnrolment({ ...base, ...overrides }).map((i) => i.code);

  it.each([
    ['the day before the 7th birthday', '2027-03-14', []],
    ['on the 7th birthday', '2027-03-15', ['REHAB_OVER_AGE']],
    ['on the day of birth', '2020-03-15', []],
    ['before birth', '2020-03-14', ['REHAB_START_BEFORE_BIRTH']],
  ])('with the default limit (under 7), a start %s gives %j', (_label, startDate, expected) => {
    expect(codes({ startDate })).toEqual(expected);
  });

  it('names the age, the limit and the start date when refusing an over-age child', () => {
    expect(checkEnrolment({ ...base, startDate: '2027-05-01' })).toEqual([
      { code: 'REHAB_OVER_AGE', field: 'startDate', params: { age: 7, limit: 7, startDate: '2027-05-01' } },
    ]);
  });

  it('follows the age limit setting where a place extends the programme to 0–17', () => {
    expect(codes({ startDate: '2030-01-01', ageLimit: 18 })).toEqual([]);
    expect(codes({ birthDate: '2008-11-22', startDate: TODAY, ageLimit: 18 })).toEqual(['REHAB_OVER_AGE']);
  });

  it('refuses a child who is still enrolled, naming since when', () => {
    expect(checkEnrolment({ ...base, openEnrolment: { id: 4, startDate: '2026-03-01' } })).toEqual([
      { code: 'REHAB_ALREADY_ENROLLED', field: 'personId', params: { since: '2026-03-01', id: 4 } },
    ]);
  });

  it('allows the cochlear implant flag only for hearing', () => {
    expect(codes({ cochlearImplant: true })).toEqual(['REHAB_COCHLEAR_NOT_HEARING']);
    expect(codes({ cochlearImplant: true, category: 'hearing' })).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(codes({ startDate: '2028-01-01', cochlearImplant: true, openEnrolment: { id: 1, startDate: '2026-01-01' } })).toEqual([
      'REHAB_ALREADY_ENROLLED',
      'REHAB_OVER_AGE',
      'REHAB_COCHLEAR_NOT_HEARING',
    ]);
  });
});

describe('status changes', () => {
  const base = DISCHARGE;
  const codes = (overrides: Partial<StatusChange>) => checkStatusChange({ ...base, ...overrides }).map((i) => i.code);

  it.each([
    ['a discharge on the last session day', {}, []],
    ['a discharge without a reason', { dischargeReason: '' }, ['REHAB_DISCHARGE_REASON_REQUIRED']],
    ['a discharge before the last session', { statusDate: '2026-11-19' }, ['REHAB_DISCHARGE_BEFORE_SESSIONS']],
    ['a discharge dated tomorrow', { statusDate: '2026-11-23', lastSessionDate: '' }, ['REHAB_DATE_FUTURE']],
    ['a pause before the start', { to: 'paused' as const, statusDate: '2026-02-28' }, ['REHAB_STATUS_DATE_EARLY']],
    ['a pause today', { to: 'paused' as const, statusDate: TODAY }, []],
    ['resuming a pause', { from: 'paused' as const, to: 'active' as const, currentStatusDate: '2026-10-01', statusDate: '2026-11-01' }, []],
    ['resuming before the pause began', { from: 'paused' as const, to: 'active' as const, currentStatusDate: '2026-10-01', statusDate: '2026-09-30' }, ['REHAB_STATUS_DATE_EARLY']],
    ['reopening a discharge', { from: 'discharged' as const, to: 'active' as const }, ['REHAB_ALREADY_DISCHARGED']],
    ['no change', { to: 'active' as const }, []],
  ])('%s gives %j', (_label, overrides, expected) => {
    expect(codes(overrides)).toEqual(expected);
  });
});

describe('clock times and calendar', () => {
  it.each([
    ['9:00', 540],
    ['09:30', 570],
    ['0930', 570],
    ['9.30', 570],
    ['9：30', 570],
    ['14', 840],
    ['23:59', 1439],
    ['0:00', 0],
  ])('reads %j as minute %i', (text, minute) => {
    expect(parseClock(text)).toBe(minute);
  });

  it.each(['', '24:00', '9:60', '9:5', 'nine', '12:00:00', '-1:00'])('refuses %j', (text) => {
    expect(parseClock(text)).toBeNull();
  });

  it('writes times back as HH:MM', () => {
    expect(formatClock(540)).toBe('09:00');
    expect(formatClock(1439)).toBe('23:59');
  });

  it('knows the ISO weekday (Monday 1 … Sunday 7)', () => {
    expect(weekdayOf('2026-11-22')).toBe(7);
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('2024-02-29')).toBe(4);
  });

  it('adds days and months across year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', 2)).toBe('2027-01');
  });

  it('keeps schedule weekdays sorted, unique and real', () => {
    expect(normaliseDays('5318')).toBe('135');
    expect(normaliseDays('')).toBe('');
  });
});

describe('the enrolment window for a session', () => {
  const active: EnrolmentWindow = { startDate: '2026-03-01', status: 'active', statusDate: '2026-03-01' };
  const code = (date: string, enrolment: EnrolmentWindow) => sessionWindowIssue(date, TODAY, enrolment)?.code ?? null;

  it.each([
    ['today', TODAY, active, null],
    ['tomorrow', '2026-11-23', active, 'REHAB_SESSION_FUTURE'],
    ['the start date', '2026-03-01', active, null],
    ['the day before the start', '2026-02-28', active, 'REHAB_SESSION_BEFORE_START'],
    ['the discharge date', '2026-10-31', { ...active, status: 'discharged' as const, statusDate: '2026-10-31' }, null],
    ['the day after discharge', '2026-11-01', { ...active, status: 'discharged' as const, statusDate: '2026-10-31' }, 'REHAB_SESSION_AFTER_DISCHARGE'],
    ['the day before a pause', '2026-10-31', { ...active, status: 'paused' as const, statusDate: '2026-11-01' }, null],
    ['the first day of a pause', '2026-11-01', { ...active, status: 'paused' as const, statusDate: '2026-11-01' }, 'REHAB_SESSION_PAUSED'],
  ])('a session on %s gives %j', (_label, date, enrolment, expected) => {
    expect(code(date, enrolment)).toBe(expected);
  });
});

describe('session times', () => {
  it.each([
    [1400, 40, null],
    [1400, 41, 'REHAB_SESSION_PAST_MIDNIGHT'],
    [0, 480, null],
  ])('a session from minute %i for %i minutes gives %j', (start, minutes, expected) => {
    expect(sessionTimeIssue(start, minutes)?.code ?? null).toBe(expected);
  });
});

describe('overlapping sessions', () => {
  const at9 = { id: 1, start: 540, minutes: 40, attendance: 'present' as const, groupId: null };
  const candidate = (start: number, extra: Partial<{ attendance: 'present' | 'absent' | 'leave'; groupId: number | null; id: number | null }> = {}) => ({
    id: null,
    start,
    minutes: 40,
    attendance: 'present' as const,
    groupId: null,
    ...extra,
  });

  it.each([
    ['back to back after', 580, null],
    ['back to back before', 500, null],
    ['one minute into it', 579, 1],
    ['starting a minute before it ends', 501, 1],
    ['the same slot', 540, 1],
  ])('a session %s collides with %j', (_label, start, expected) => {
    expect(findOverlap(candidate(start), [at9])?.id ?? null).toBe(expected);
  });

  it('lets a therapist see another child in the slot of one who stayed away', () => {
    expect(findOverlap(candidate(540), [{ ...at9, attendance: 'absent' }])).toBeNull();
    expect(findOverlap(candidate(540, { attendance: 'leave' }), [at9])).toBeNull();
  });

  it('lets children of one group share the slot, but not a session with itself counted', () => {
    expect(findOverlap(candidate(540, { groupId: 7 }), [{ ...at9, groupId: 7 }])).toBeNull();
    expect(findOverlap(candidate(540, { groupId: 7 }), [{ ...at9, groupId: 8 }])?.id).toBe(1);
    expect(findOverlap(candidate(540, { id: 1 }), [at9])).toBeNull();
  });
});

describe('service days and attendance', () => {
  it('counts a date once however many sessions were attended, and not at all when none was', () => {
    const days = serviceDays([
      { date: '2026-11-02', attendance: 'present' },
      { date: '2026-11-02', attendance: 'present' },
      { date: '2026-11-03', attendance: 'absent' },
      { date: '2026-11-04', attendance: 'leave' },
      { date: '2026-11-04', attendance: 'present' },
    ]);
    expect(days).toEqual(['2026-11-02', '2026-11-04']);
  });

  it.each([
    [{ present: 0, absent: 0, leave: 0 }, null],
    [{ present: 3, absent: 1, leave: 0 }, 75],
    [{ present: 2, absent: 0, leave: 1 }, 67],
    [{ present: 5, absent: 0, leave: 0 }, 100],
  ])('attendance rate of %j is %j', (counts, rate) => {
    expect(attendanceRate(counts)).toBe(rate);
  });
});

describe('age bands', () => {
  it.each([
    [0, 0],
    [3, 0],
    [4, 1],
    [6, 1],
    [7, 2],
    [17, 2],
  ])('age %i falls in band %i of [4, 7]', (age, band) => {
    expect(ageBand(age, [4, 7])).toBe(band);
  });

  it('describes the bands for their labels', () => {
    expect(ageBandRanges([4, 7])).toEqual([
      { from: 0, to: 3 },
      { from: 4, to: 6 },
      { from: 7, to: null },
    ]);
  });
});

describe('home visit frequency and due dates', () => {
  it.each([
    ['a child of 6', { age: 6, level: 4, inProgramme: false }, 'frequent'],
    ['a child of 7 outside the programme', { age: 7, level: 4, inProgramme: false }, 'other'],
    ['a child of 7 in the programme', { age: 7, level: null, inProgramme: true }, 'frequent'],
    ['a severe adult (level 2)', { age: 40, level: 2, inProgramme: false }, 'frequent'],
    ['a level 3 adult', { age: 40, level: 3, inProgramme: false }, 'other'],
    ['a severe minor of 12', { age: 12, level: 1, inProgramme: false }, 'other'],
    ['an adult without a level', { age: 30, level: null, inProgramme: false }, 'other'],
  ])('%s is visited %s', (_label, person, expected) => {
    expect(visitFrequency(person, 7)).toBe(expected);
  });

  it.each([
    ['2026-11-22', 3, { from: '2026-10-01', to: '2026-12-31' }],
    ['2026-02-28', 3, { from: '2026-01-01', to: '2026-03-31' }],
    ['2026-07-01', 3, { from: '2026-07-01', to: '2026-09-30' }],
    ['2026-11-22', 12, { from: '2026-01-01', to: '2026-12-31' }],
    ['2024-02-10', 1, { from: '2024-02-01', to: '2024-02-29' }],
    ['2026-08-15', 6, { from: '2026-07-01', to: '2026-12-31' }],
  ])('puts %s in its calendar period of %i months', (date, months, expected) => {
    expect(visitPeriodOf(date, months)).toEqual(expected);
  });

  // Today is 2026-11-22: the fourth quarter (10-01 to 12-31); the third ran 07-01 to 09-30.
  it.each([
    ['visited on the quarter’s first day', '2026-10-01', '2025-01-01', 30, { nextDue: '2027-03-31', band: 'ok' }],
    ['visited on the last quarter’s last day, its end 39 days off', '2026-09-30', '2025-01-01', 30, { nextDue: '2026-12-31', band: 'ok' }],
    ['visited last quarter, its end within a 40-day window', '2026-09-30', '2025-01-01', 40, { nextDue: '2026-12-31', band: 'due' }],
    ['last visited two quarters ago: the third quarter went without', '2026-06-30', '2025-01-01', 30, { nextDue: '2026-09-30', band: 'overdue' }],
    ['never visited, on the register since the third quarter’s last day', null, '2026-09-30', 30, { nextDue: '2026-09-30', band: 'overdue' }],
    ['never visited, joined this quarter', null, '2026-10-05', 30, { nextDue: '2026-12-31', band: 'ok' }],
  ] as const)('quarterly, %s', (_label, last, since, window, expected) => {
    expect(visitStatus(last, since, 3, TODAY, window)).toEqual(expected);
  });

  it('asks once each calendar year of everyone else', () => {
    expect(visitStatus('2025-12-31', '2020-01-01', 12, TODAY, 30)).toEqual({ nextDue: '2026-12-31', band: 'ok' });
    expect(visitStatus('2025-12-31', '2020-01-01', 12, TODAY, 40)).toEqual({ nextDue: '2026-12-31', band: 'due' });
    expect(visitStatus(null, '2020-01-01', 12, TODAY, 30)).toEqual({ nextDue: '2025-12-31', band: 'overdue' });
    expect(visitStatus('2026-01-02', '2020-01-01', 12, TODAY, 30)).toEqual({ nextDue: '2027-12-31', band: 'ok' });
  });

  it('fetches everyone the rule would call due (whoever was visited since the cutoff is ok under either cadence)', () => {
    const date = fc
      .record({ y: fc.integer({ min: 2020, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
      .map(({ y, m, d }) => formatDate(y, m, Math.min(d, m === 2 ? 28 : [4, 6, 9, 11].includes(m) ? 30 : 31)));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 400 }), fc.constantFrom(1, 2, 3, 4, 6, 12), fc.integer({ min: 0, max: 90 }), (today, back, months, window) => {
        const last = addDays(today, -back);
        if (last < visitFetchCutoff(months, today)) return;
        expect(visitStatus(last, '2000-01-01', months, today, window).band).toBe('ok');
        expect(visitStatus(last, '2000-01-01', 12, today, window).band).toBe('ok');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('progress between assessments', () => {
  it('shows the change per domain, and levels where there are no scores', () => {
    const progress = progressBetween(
      [
        { domain: 'language', score: 42, level: '' },
        { domain: 'gross_motor', score: 60.5, level: '' },
        { domain: 'social', score: null, level: '轻度' },
      ],
      [
        { domain: 'language', score: 55, level: '' },
        { domain: 'gross_motor', score: 60, level: '' },
        { domain: 'social', score: null, level: '正常' },
        { domain: 'cognition', score: 70, level: '' },
      ],
    );
    expect(progress).toEqual([
      { domain: 'language', before: 42, after: 55, change: 13, levelBefore: '', levelAfter: '' },
      { domain: 'gross_motor', before: 60.5, after: 60, change: -0.5, levelBefore: '', levelAfter: '' },
      { domain: 'social', before: null, after: null, change: null, levelBefore: '轻度', levelAfter: '正常' },
      { domain: 'cognition', before: null, after: 70, change: null, levelBefore: '', levelAfter: '' },
    ]);
  });
});

describe('codes and defaults of the rehab area', () => {
  // Return packages carry categories, fundings, statuses, session types and attendance as these
  // codes (db/returns/FORMAT.md), so renaming one breaks every office that reads them.
  it('names categories, funding, statuses, session types, attendance, assessments, goals and domains with fixed codes', () => {
    expect(REHAB_CATEGORIES).toEqual(['visual', 'hearing', 'speech', 'physical', 'intellectual', 'autism']);
    expect(FUNDINGS).toEqual(['relief', 'self', 'other']);
    expect(ENROLMENT_STATUSES).toEqual(['active', 'paused', 'discharged']);
    expect(SESSION_TYPES).toEqual(['auditory_verbal', 'cognitive', 'pt', 'ot', 'st', 'sensory', 'aba', 'low_vision', 'other']);
    expect(ATTENDANCES).toEqual(['present', 'absent', 'leave']);
    expect(ASSESSMENT_KINDS).toEqual(['intake', 'periodic', 'discharge']);
    expect(GOAL_STATUSES).toEqual(['open', 'achieved', 'partly', 'dropped']);
    expect(DOMAINS).toEqual(['gross_motor', 'fine_motor', 'language', 'cognition', 'social', 'self_care', 'sensory', 'behaviour', 'hearing', 'vision']);
  });

  it('starts each category with its usual training: low vision, auditory-verbal, speech, physical, cognitive, ABA for autism', () => {
    expect(DEFAULT_TYPE).toEqual({ visual: 'low_vision', hearing: 'auditory_verbal', speech: 'st', physical: 'pt', intellectual: 'cognitive', autism: 'aba' });
  });

  it('falls back to the national rules until a centre sets its own: under 7, quarterly visits for young children, yearly for others', () => {
    expect(REHAB_SETTING_DEFAULTS).toEqual({
      'rehab.ageLimit': 7,
      'rehab.ageBands': [4, 7],
      'rehab.visit.childUnder': 7,
      'rehab.visit.frequentMonths': 3,
      'rehab.visit.otherMonths': 12,
      'rehab.visit.dueWithinDays': 30,
    });
  });
});

describe('calendar helpers of the day and month screens', () => {
  it('gives the first and last day of a month, February in leap and common years', () => {
    expect(monthRange('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(monthRange('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    expect(monthRange('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });

  it('knows whether a child is scheduled on a date by its ISO weekday (1 Monday … 7 Sunday)', () => {
    // 2026-11-23 is a Monday, 2026-11-29 a Sunday.
    expect(isScheduledOn('135', '2026-11-23')).toBe(true);
    expect(isScheduledOn('135', '2026-11-24')).toBe(false);
    expect(isScheduledOn('7', '2026-11-29')).toBe(true);
    expect(isScheduledOn('', '2026-11-23')).toBe(false);
  });

  it('counts sessions as overlapping when each starts before the other ends, not back to back', () => {
    expect(overlaps({ start: 540, minutes: 30 }, { start: 569, minutes: 30 })).toBe(true);
    expect(overlaps({ start: 540, minutes: 30 }, { start: 570, minutes: 30 })).toBe(false);
    expect(overlaps({ start: 570, minutes: 30 }, { start: 540, minutes: 30 })).toBe(false);
    expect(overlaps({ start: 540, minutes: 60 }, { start: 550, minutes: 10 })).toBe(true);
    expect(overlaps({ start: 550, minutes: 10 }, { start: 540, minutes: 60 })).toBe(true);
  });
});

// Claim rules at their edges: whole outcomes (amount, steps, records and the reason a person is
// left out, with its params) as the batch screen and the return package show them. Every amount
// is worked out by hand in a comment; nothing expected is computed with the code under test.
import { describe, expect, it } from 'vitest';
import { HUNAN, row } from './standards';
import { REHAB_RULE } from './fixtures';
import {
  RULE_TEMPLATES,
  adjustmentFloor,
  capitalAmount,
  certificateIssue,
  computeFitting,
  computeRehabMonth,
  computeRehabStandard,
  computeTraining,
  isStandard,
  leavingAge,
  monthBounds,
  normalisePeriod,
  overlappingRows,
  parsePeriod,
  rowFor,
  ruleOn,
  trainingConditionDate,
  type ChildYear,
  type FittingFacts,
  type RehabChildMonth,
  type RehabRule,
  type RehabSessionFact,
  type RehabStandard,
  type RehabStandardMonth,
  type RuleVersion,
  type TraineeFacts,
  type TrainingRule,
} from '../../../db/claims/rules';

/** One session; present and relief-funded unless said otherwise. */
function s(id: number, date: string, startTime = '09:00', over: Partial<RehabSessionFact> = {}): RehabSessionFact {
  return { id, date, startTime, minutes: 40, attendance: 'present', funding: 'relief', type: 'aba', ...over };
}
/** The record a session becomes. */
function rec(id: number, date: string, why: string, counted: boolean, startTime = '09:00', attendance = 'present', type = 'rehab_session') {
  return { type, id, date, why, counted, detail: { time: startTime, minutes: 40, type: 'aba', attendance } };
}

describe('periods and months', () => {
  it.each(['x2026-10', '2026-10x', 'x2026-Q4', '2026-Q4x', '2026-1', '2026-Q5'])('%s is no claim period', (code) => {
    expect(parsePeriod(code)).toBeNull();
  });
  it('gives a month its first and last day (29 days in February of a leap year)', () => {
    expect(monthBounds('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });
});

describe('normalisePeriod at its edges', () => {
  it.each([
    ['2026年12月', '2026-12'],
    ['2026年10', '2026-10'],
    ['2026-01', '2026-01'],
    ['2026年一季度', '2026-Q1'],
    ['2026年二季度', '2026-Q2'],
    ['2026年第三季度', '2026-Q3'],
    ['2026年3季', '2026-Q3'],
    ['2026.Q2', '2026-Q2'],
    ['2026/Q2', '2026-Q2'],
    ['2026\u3000q3', '2026-Q3'],
    ['２０２６ｑ３', '2026-Q3'],
  ])('reads %j as %s', (typed, code) => {
    expect(normalisePeriod(typed)).toEqual({ code });
  });
  it.each([
    ['2026年0月', 'CLAIMS_PERIOD_MONTH'],
    ['2026-00', 'CLAIMS_PERIOD_MONTH'],
    ['2026-Q0', 'CLAIMS_PERIOD_QUARTER'],
    ['2026-Q12', 'CLAIMS_PERIOD_QUARTER'],
    ['2026年5季度', 'CLAIMS_PERIOD_QUARTER'],
    ['x2026-10', 'CLAIMS_PERIOD_FORMAT'],
    ['2026-10x', 'CLAIMS_PERIOD_FORMAT'],
    ['x2026-Q4', 'CLAIMS_PERIOD_FORMAT'],
    ['2026-Q4x', 'CLAIMS_PERIOD_FORMAT'],
    ['2026-123', 'CLAIMS_PERIOD_FORMAT'],
    ['2026年第五季度', 'CLAIMS_PERIOD_FORMAT'],
  ])('says what is wrong with %j', (typed, problem) => {
    expect(normalisePeriod(typed)).toEqual({ problem });
  });
});

describe('ruleOn, whatever order the versions are listed in', () => {
  const a: RuleVersion<'devices'> = { effectiveFrom: '2025-01-01', rule: { requireCertificate: false } };
  const b: RuleVersion<'devices'> = { effectiveFrom: '2026-01-01', rule: { requireCertificate: true } };
  it('takes the latest version in force, oldest listed first', () => {
    expect(ruleOn([a, b], '2026-06-30')).toBe(b);
    expect(ruleOn([a, b], '2025-12-31')).toBe(a);
  });
  it('keeps the version listed first when two start on the same day', () => {
    const twin: RuleVersion<'devices'> = { effectiveFrom: '2026-01-01', rule: { requireCertificate: false } };
    expect(ruleOn([b, twin], '2026-03-01')).toBe(b);
  });
});

describe('certificateIssue', () => {
  it.each([
    // a certificate is valid through its expiry day
    [{ has: true, expiry: '2026-10-16' }, '2026-10-16', true, null],
    [{ has: true, expiry: '2026-10-16' }, '2026-10-17', false, 'CERT_EXPIRED'],
    [{ has: true, expiry: null }, '2026-10-17', true, null],
    // an expiry left behind on a person without a certificate is no certificate, not an expired one
    [{ has: false, expiry: '2020-01-01' }, '2026-10-17', false, null],
    [{ has: false, expiry: '2020-01-01' }, '2026-10-17', true, 'NO_CERTIFICATE'],
    [{ has: false, expiry: null }, '2026-10-17', false, null],
  ] as const)('%o on %s (required %s): %s', (cert, date, required, issue) => {
    expect(certificateIssue(cert, date, required)).toBe(issue);
  });
});

// ---- the one-standard rehab rule ----

const RULE = REHAB_RULE;
function child(over: Partial<Omit<RehabChildMonth, 'rule'>> & { rule?: Partial<RehabRule> }): RehabChildMonth {
  const { rule, ...rest } = over;
  return {
    month: '2026-10',
    birthDate: '2022-03-01',
    cert: { has: false, expiry: null },
    sessions: [],
    rule: { effectiveFrom: '2026-01-01', rule: { ...RULE, ...rule } },
    claimedThisYearFen: 0,
    claimedIn: null,
    ...rest,
  };
}
/** n sessions on the first n days of October 2026 (calendar days, one a day). */
const octDays = (n: number, from = 1) => Array.from({ length: n }, (_, i) => s(100 + i, `2026-10-${String(from + i).padStart(2, '0')}`));

describe('computeRehabMonth: a child turning 7 on 20 October, sessions listed out of order', () => {
  // Born 2019-10-20: 7 on 2026-10-20, so the 20th itself no longer counts.
  const sessions = [
    s(11, '2026-10-20'),
    s(5, '2026-10-09', '10:00'),
    s(4, '2026-10-09', '08:00'),
    s(3, '2026-10-12', '09:00', { attendance: 'absent' }),
    s(2, '2026-10-13', '09:00', { attendance: 'leave' }),
    s(1, '2026-10-14', '09:00', { funding: 'self' }),
    s(7, '2026-10-15'),
    s(6, '2026-10-15'),
    s(8, '2026-10-16'),
    s(9, '2026-10-19'),
  ];
  it('counts 4 service days and pays 200,000 × 4 ÷ 16 = 50,000 fen, listing every session in time order with why', () => {
    expect(computeRehabMonth(child({ birthDate: '2019-10-20', sessions }))).toEqual({
      kind: 'line',
      quantity: 4,
      unit: 'days',
      standardFen: 200_000,
      amountFen: 50_000,
      steps: [
        { code: 'RULE', params: { effectiveFrom: '2026-01-01', standard: 200_000, min: 16 } },
        { code: 'COUNT_DAYS', params: { count: 4 } },
        { code: 'AGE_CUTOFF', params: { limit: 7, birthday: '2026-10-20' } },
        { code: 'PRORATED', params: { standard: 200_000, count: 4, min: 16, amount: 50_000 } },
      ],
      records: [
        rec(4, '2026-10-09', 'present', true, '08:00'),
        rec(5, '2026-10-09', 'same_day', false, '10:00'),
        rec(3, '2026-10-12', 'absent', false, '09:00', 'absent'),
        rec(2, '2026-10-13', 'leave', false, '09:00', 'leave'),
        rec(1, '2026-10-14', 'not_relief', false),
        // same day and time: the lower id is the one counted
        rec(6, '2026-10-15', 'present', true),
        rec(7, '2026-10-15', 'same_day', false),
        rec(8, '2026-10-16', 'present', true),
        rec(9, '2026-10-19', 'present', true),
        rec(11, '2026-10-20', 'after_age', false),
      ],
    });
  });
  it('by sessions, counts both sessions of a day: 6 sessions → 200,000 × 6 ÷ 16 = 75,000 fen', () => {
    const o = computeRehabMonth(child({ birthDate: '2019-10-20', sessions, rule: { basis: 'sessions' } }));
    expect(o).toMatchObject({ kind: 'line', quantity: 6, unit: 'sessions', amountFen: 75_000 });
    expect(o.kind === 'line' && o.steps[1]).toEqual({ code: 'COUNT_SESSIONS', params: { count: 6 } });
  });
});

describe('computeRehabMonth: certificate cut-off and the minimums', () => {
  it('counts the expiry day and not after it: 2 days → 200,000 × 2 ÷ 16 = 25,000 fen, with the cut-off named', () => {
    const o = computeRehabMonth(
      child({ cert: { has: true, expiry: '2026-10-16' }, sessions: [s(1, '2026-10-15'), s(2, '2026-10-16'), s(3, '2026-10-19')], rule: { partialMin: 1 } }),
    );
    expect(o).toEqual({
      kind: 'line',
      quantity: 2,
      unit: 'days',
      standardFen: 200_000,
      amountFen: 25_000,
      steps: [
        { code: 'RULE', params: { effectiveFrom: '2026-01-01', standard: 200_000, min: 16 } },
        { code: 'COUNT_DAYS', params: { count: 2 } },
        { code: 'CERT_CUTOFF', params: { expiry: '2026-10-16' } },
        { code: 'PRORATED', params: { standard: 200_000, count: 2, min: 16, amount: 25_000 } },
      ],
      records: [rec(1, '2026-10-15', 'present', true), rec(2, '2026-10-16', 'present', true), rec(3, '2026-10-19', 'cert_expired', false)],
    });
  });
  it('pays the full 200,000 fen at exactly 16 days without pro-rating', () => {
    const o = computeRehabMonth(child({ sessions: octDays(16), rule: { proRate: 'none' } }));
    expect(o).toMatchObject({ kind: 'line', quantity: 16, amountFen: 200_000 });
    expect(o.kind === 'line' && o.steps.at(-1)).toEqual({ code: 'FULL', params: { count: 16, min: 16, amount: 200_000 } });
  });
  it('leaves out 15 days of 16 when the rule does not pro-rate', () => {
    expect(computeRehabMonth(child({ sessions: octDays(15), rule: { proRate: 'none' } }))).toMatchObject({
      kind: 'left-out',
      reason: 'TOO_FEW',
      params: { count: 15, min: 16, unit: 'days' },
    });
  });
  it('leaves out 3 days under a partial minimum of 4, and pays 4 days: 200,000 × 4 ÷ 16 = 50,000 fen', () => {
    expect(computeRehabMonth(child({ sessions: octDays(3) }))).toMatchObject({ reason: 'TOO_FEW', params: { count: 3, min: 4, unit: 'days' } });
    expect(computeRehabMonth(child({ sessions: octDays(4) }))).toMatchObject({ kind: 'line', amountFen: 50_000 });
  });
});

describe('computeRehabMonth: why a child with no counted day is left out', () => {
  it.each([
    // the 7th birthday and an expired certificate both: the age is named
    ['OVER_AGE', { birthDate: '2019-10-05', cert: { has: true, expiry: '2026-10-01' }, sessions: [s(1, '2026-10-02'), s(2, '2026-10-06')] }, { limit: 7, birthday: '2026-10-05' }],
    ['CERT_EXPIRED', { cert: { has: true, expiry: '2026-09-30' }, sessions: [s(1, '2026-10-02'), s(2, '2026-10-05', '09:00', { funding: 'self' })] }, { expiry: '2026-09-30' }],
    ['NO_CERTIFICATE', { sessions: [s(1, '2026-10-02')], rule: { requireCertificate: true } }, {}],
    ['NOT_RELIEF', { sessions: [s(1, '2026-10-02', '09:00', { funding: 'other' }), s(2, '2026-10-05', '09:00', { attendance: 'absent' })] }, {}],
    ['NO_SERVICE', { sessions: [s(1, '2026-10-02', '09:00', { attendance: 'absent' })] }, {}],
    ['NO_SERVICE', { sessions: [] }, {}],
  ] as const)('%s', (reason, over, params) => {
    const o = computeRehabMonth(child(over as unknown as Parameters<typeof child>[0]));
    expect(o).toMatchObject({ kind: 'left-out', reason, params });
    expect(o.kind === 'left-out' && o.params).toEqual(params);
  });
});

describe('computeRehabMonth: the yearly cap of 2,400,000 fen', () => {
  it.each([
    // 2,400,000 − 2,300,000 = 100,000 left: the full 200,000 is cut to 100,000
    [2_300_000, 100_000, true],
    // 2,400,000 − 2,200,000 = 200,000 left: exactly the month, nothing cut
    [2_200_000, 200_000, false],
  ])('claimed %i this year → %i fen (cut: %s)', (claimed, amount, cut) => {
    const o = computeRehabMonth(child({ sessions: octDays(16), claimedThisYearFen: claimed }));
    expect(o).toMatchObject({ kind: 'line', amountFen: amount });
    const capped = o.kind === 'line' ? o.steps.find((x) => x.code === 'CAPPED') : undefined;
    expect(capped).toEqual(cut ? { code: 'CAPPED', params: { cap: 2_400_000, claimed, before: 200_000, amount } } : undefined);
  });
  it('leaves out a child with the cap used up, naming the year', () => {
    const o = computeRehabMonth(child({ sessions: octDays(16), claimedThisYearFen: 2_400_000 }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'OVER_CAP', params: { cap: 2_400_000, claimed: 2_400_000, year: '2026' } });
    expect(o.records).toHaveLength(16);
  });
  it('names the batch a child is already claimed in, and still lists the sessions', () => {
    const o = computeRehabMonth(child({ sessions: octDays(2), claimedIn: 'KF-2026-10-001' }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'ALREADY_CLAIMED', params: { number: 'KF-2026-10-001' } });
    expect(o.records.map((r) => r.why)).toEqual(['present', 'present']);
  });
});

// ---- the local standard as data ----

/** A county standard with small minimums: autism 1,200 yuan a month from 4 days (to 8 when not at school), others 900. */
const COUNTY: RehabStandard = {
  kind: 'standard',
  requireApproval: true,
  requireCertificate: true,
  rows: [
    row({ category: 'any', ageFrom: 0, ageTo: 7, monthlyFen: 90_000, fullMonthMin: 4 }),
    row({
      category: 'autism',
      ageFrom: 0,
      ageTo: 7,
      monthlyFen: 120_000,
      fullMonthMin: 4,
      maxMonthsPerYear: 10,
      yearlyCapFen: 1_000_000,
      extensions: [{ reason: 'not_in_school', toAge: 8 }],
    }),
  ],
};
const YEAR: ChildYear = { monthsSoFar: 2, claimedFen: 500_000, chosen: null, lumpSumIn: null };
const APPROVAL = { number: '康救〔2026〕7号', from: '2026-10-09', to: '2026-10-30' as string | null };
function std(over: Partial<RehabStandardMonth> & { standard?: RehabStandard; approval?: RehabStandardMonth['relief']['approval']; extension?: RehabStandardMonth['relief']['extension'] }): RehabStandardMonth {
  const { standard = COUNTY, approval = APPROVAL, extension = null, ...rest } = over;
  return {
    month: '2026-10',
    birthDate: '2019-10-20',
    cert: { has: true, expiry: '2026-10-16' },
    sessions: [],
    rule: { effectiveFrom: '2026-01-01', rule: standard },
    relief: { category: 'autism', approval, extension },
    year: YEAR,
    claimedIn: null,
    ...rest,
  };
}
const FOUR = [s(1, '2026-10-09'), s(2, '2026-10-12'), s(3, '2026-10-13'), s(4, '2026-10-14')];

describe('computeRehabStandard: one month with every kind of session', () => {
  // Born 2019-10-20: 6 on 1 October (the autism row 0–7), 7 on the 20th; certificate valid to the 16th; approved from the 9th.
  const sessions = [
    s(11, '2026-10-20'),
    s(10, '2026-10-19'),
    s(7, '2026-10-16'),
    s(6, '2026-10-15'),
    s(5, '2026-10-15', '09:00', { parentTraining: true }),
    s(4, '2026-10-13', '09:00', { funding: 'self' }),
    s(3, '2026-10-12', '09:00', { attendance: 'absent' }),
    s(9, '2026-10-09', '10:00'),
    s(8, '2026-10-09', '08:00'),
    s(1, '2026-10-08'),
  ];
  it('counts 3 days and pays 120,000 × 3 ÷ 4 = 90,000 fen, saying where each cut-off fell', () => {
    expect(computeRehabStandard(std({ sessions }))).toEqual({
      kind: 'line',
      quantity: 3,
      unit: 'days',
      standardFen: 120_000,
      amountFen: 90_000,
      steps: [
        { code: 'RULE', params: { effectiveFrom: '2026-01-01', standard: 120_000, min: 4 } },
        { code: 'RULE_ROW', params: { category: 'autism', ruleCategory: 'autism', ageFrom: 0, ageTo: 7, age: 6 } },
        { code: 'COUNT_DAYS', params: { count: 3 } },
        { code: 'AGE_CUTOFF', params: { limit: 7, birthday: '2026-10-20' } },
        { code: 'CERT_CUTOFF', params: { expiry: '2026-10-16' } },
        { code: 'MONTHS_SO_FAR', params: { count: 2, max: 10 } },
        { code: 'PRORATED', params: { standard: 120_000, count: 3, min: 4, amount: 90_000 } },
      ],
      records: [
        rec(1, '2026-10-08', 'before_approval', false),
        rec(8, '2026-10-09', 'present', true, '08:00'),
        rec(9, '2026-10-09', 'same_day', false, '10:00'),
        rec(3, '2026-10-12', 'absent', false, '09:00', 'absent'),
        rec(4, '2026-10-13', 'not_relief', false),
        // a parent-training record is listed as one; same day and time, the lower id counts
        rec(5, '2026-10-15', 'present', true, '09:00', 'present', 'rehab_parent_training'),
        rec(6, '2026-10-15', 'same_day', false),
        rec(7, '2026-10-16', 'present', true),
        rec(10, '2026-10-19', 'cert_expired', false),
        rec(11, '2026-10-20', 'after_age', false),
      ],
      path: { category: 'autism', ageFrom: 0, ageTo: 7, extended: null, monthsSoFar: 2, maxMonths: 10, capReached: null, lumpSum: false },
    });
  });
  it('by sessions, counts both sessions of the 9th and of the 15th: 5 sessions ≥ 4 → the full 120,000 fen', () => {
    const bySessions: RehabStandard = { ...COUNTY, rows: COUNTY.rows.map((r) => ({ ...r, proration: 'sessions' })) };
    const o = computeRehabStandard(std({ sessions, standard: bySessions }));
    expect(o).toMatchObject({ kind: 'line', quantity: 5, unit: 'sessions', amountFen: 120_000 });
    expect(o.kind === 'line' && o.steps.find((x) => x.code === 'COUNT_SESSIONS')).toEqual({ code: 'COUNT_SESSIONS', params: { count: 5 } });
  });
  it('stops at the end of the approved period: 2 days → 120,000 × 2 ÷ 4 = 60,000 fen', () => {
    const o = computeRehabStandard(std({ sessions, approval: { ...APPROVAL, to: '2026-10-15' } }));
    expect(o).toMatchObject({ kind: 'line', quantity: 2, amountFen: 60_000 });
    expect(o.kind === 'line' && o.steps.map((x) => x.code)).toEqual(['RULE', 'RULE_ROW', 'COUNT_DAYS', 'APPROVAL_CUTOFF', 'MONTHS_SO_FAR', 'PRORATED']);
    expect(o.kind === 'line' && o.steps[3]).toEqual({ code: 'APPROVAL_CUTOFF', params: { to: '2026-10-15' } });
    expect(o.records.filter((r) => r.why === 'approval_expired').map((r) => r.id)).toEqual([7, 10, 11]);
  });
  it('counts on past the 7th birthday for a child not yet at school (the row reaches 8)', () => {
    const o = computeRehabStandard(std({ sessions, cert: { has: true, expiry: null }, extension: 'not_in_school' }));
    // 9th, 15th, 16th, 19th, 20th: 5 days ≥ 4 → the full 120,000 fen, no age cut-off
    expect(o).toMatchObject({ kind: 'line', quantity: 5, amountFen: 120_000 });
    expect(o.kind === 'line' && o.steps.some((x) => x.code === 'AGE_CUTOFF')).toBe(false);
  });
});

describe('computeRehabStandard: a row stretched by an extension', () => {
  it('a child of 7 not at school is paid by the 0–7 row, the extension named', () => {
    // Born 2019-09-15: 7 on 1 October 2026; the autism row reaches 8 for not_in_school.
    const o = computeRehabStandard(std({ birthDate: '2019-09-15', cert: { has: true, expiry: null }, sessions: FOUR, extension: 'not_in_school' }));
    expect(o).toMatchObject({ kind: 'line', amountFen: 120_000, path: { ageFrom: 0, ageTo: 7, extended: 'not_in_school' } });
    expect(o.kind === 'line' && o.steps.slice(1, 4)).toEqual([
      { code: 'RULE_ROW', params: { category: 'autism', ruleCategory: 'autism', ageFrom: 0, ageTo: 7, age: 7 } },
      { code: 'EXTENDED', params: { reason: 'not_in_school', toAge: 8 } },
      { code: 'COUNT_DAYS', params: { count: 4 } },
    ]);
    // 4 days of a 4-day minimum: the full month
    expect(o.kind === 'line' && o.steps.at(-1)).toEqual({ code: 'FULL', params: { count: 4, min: 4, amount: 120_000 } });
  });
});

describe('computeRehabStandard: why a child with no counted day is left out', () => {
  const valid = { has: true, expiry: null };
  it.each([
    ['NO_APPROVAL', { approval: { number: '', from: null, to: null } }, {}],
    ['NO_APPROVAL', { approval: { number: '康救〔2026〕7号', from: null, to: null } }, {}],
    // one session after the approved period, one before it: the ended period is named
    ['APPROVAL_EXPIRED', { approval: { number: 'A', from: '2026-10-09', to: '2026-10-09' }, sessions: [s(1, '2026-10-08'), s(2, '2026-10-12')] }, { to: '2026-10-09' }],
    ['APPROVAL_NOT_STARTED', { approval: { number: 'A', from: '2026-11-01', to: null } }, { from: '2026-11-01' }],
    // born 2019-10-01: 7 on the 1st, past every band
    ['OVER_AGE', { birthDate: '2019-10-01' }, { limit: 7, birthday: '2026-10-01' }],
    // past every band with only an absence: still over age
    ['OVER_AGE', { birthDate: '2019-10-01', sessions: [s(1, '2026-10-12', '09:00', { attendance: 'absent' })] }, { limit: 7, birthday: '2026-10-01' }],
    ['NO_SERVICE', { birthDate: '2019-10-01', sessions: [] }, {}],
    ['CERT_EXPIRED', { cert: { has: true, expiry: '2026-10-08' }, sessions: [...FOUR, s(5, '2026-10-15', '09:00', { funding: 'self' })] }, { expiry: '2026-10-08' }],
    ['NO_CERTIFICATE', { cert: { has: false, expiry: null } }, {}],
    ['NOT_RELIEF', { cert: valid, sessions: [s(1, '2026-10-12', '09:00', { funding: 'self' })] }, {}],
    ['NO_SERVICE', { cert: valid, sessions: [s(1, '2026-10-12', '09:00', { attendance: 'leave' })] }, {}],
  ] as const)('%s %o', (reason, over, params) => {
    const o = computeRehabStandard(std({ sessions: FOUR, ...(over as Partial<RehabStandardMonth>) }));
    expect(o).toMatchObject({ kind: 'left-out', reason });
    expect(o.kind === 'left-out' && o.params).toEqual(params);
  });
  it('lists the sessions a refused child had', () => {
    const o = computeRehabStandard(std({ sessions: FOUR, approval: { number: 'A', from: '2026-11-01', to: null } }));
    expect(o.records.map((r) => [r.id, r.why, r.counted])).toEqual([
      [1, 'before_approval', false],
      [2, 'before_approval', false],
      [3, 'before_approval', false],
      [4, 'before_approval', false],
    ]);
  });
  it('names the category and age of a child that falls between the bands (NO_BAND)', () => {
    const gap: RehabStandard = { ...COUNTY, rows: [row({ category: 'autism', ageFrom: 0, ageTo: 3, monthlyFen: 1 }), row({ category: 'autism', ageFrom: 5, ageTo: 7, monthlyFen: 1 })] };
    // born 2022-03-10: 4 on 1 October 2026
    const o = computeRehabStandard(std({ standard: gap, birthDate: '2022-03-10', cert: valid, sessions: FOUR }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'NO_BAND', params: { category: 'autism', age: 4 } });
    expect(o.records.filter((r) => r.counted)).toHaveLength(4);
  });
});

describe('computeRehabStandard: approval, age and category edges', () => {
  const valid = { has: true, expiry: null };
  it('counts service without any approval when the standard does not ask for one', () => {
    const open: RehabStandard = { ...COUNTY, requireApproval: false };
    const o = computeRehabStandard(std({ standard: open, cert: valid, sessions: FOUR, birthDate: '2022-03-10', approval: { number: '', from: null, to: null } }));
    expect(o).toMatchObject({ kind: 'line', quantity: 4, amountFen: 120_000 });
  });
  it('refuses an approval with a start date but no number', () => {
    const o = computeRehabStandard(std({ cert: valid, sessions: FOUR, approval: { number: '', from: '2026-01-01', to: null } }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'NO_APPROVAL', params: {} });
    expect(o.records.map((r) => r.why)).toEqual(['no_approval', 'no_approval', 'no_approval', 'no_approval']);
  });
  it('a child turning 7 on the 12th with service only from that day is over age, the birthday named', () => {
    const o = computeRehabStandard(std({ birthDate: '2019-10-12', cert: valid, sessions: FOUR.slice(1) }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'OVER_AGE', params: { limit: 7, birthday: '2026-10-12' } });
    expect(o.records.map((r) => r.why)).toEqual(['after_age', 'after_age', 'after_age']);
  });
  it('a child of a category the standard has no row for is left out with no age to reach', () => {
    const visualOnly: RehabStandard = { ...COUNTY, rows: [row({ category: 'visual', monthlyFen: 100_000 })] };
    const o = computeRehabStandard(std({ standard: visualOnly, birthDate: '2022-03-10', cert: valid, sessions: FOUR }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'OVER_AGE', params: { limit: 0, birthday: '2026-10-01' } });
  });
  it('pays a visually disabled child of 4 in Hunan the 100,000-fen lump sum and nothing monthly', () => {
    const o = computeRehabStandard(std({ standard: HUNAN, birthDate: '2022-03-10', cert: valid, sessions: FOUR, relief: { category: 'visual', approval: APPROVAL, extension: null }, year: { ...YEAR, claimedFen: 0 } }));
    expect(o).toMatchObject({
      kind: 'line',
      quantity: 4,
      standardFen: 100_000,
      amountFen: 100_000,
      path: { category: 'visual', ageFrom: 0, ageTo: 7, extended: null, monthsSoFar: 2, maxMonths: null, capReached: null, lumpSum: true },
    });
    expect(o.kind === 'line' && o.steps).toEqual([
      { code: 'RULE', params: { effectiveFrom: '2026-01-01', standard: 0, min: 1 } },
      { code: 'RULE_ROW', params: { category: 'visual', ruleCategory: 'visual', ageFrom: 0, ageTo: 7, age: 4 } },
      { code: 'COUNT_DAYS', params: { count: 4 } },
      { code: 'LUMP_SUM', params: { amount: 100_000, year: '2026' } },
    ]);
  });
});

describe('computeRehabStandard: the year (category, months, lump sum, cap)', () => {
  const valid = { has: true, expiry: null };
  const base = { cert: valid, sessions: FOUR, birthDate: '2022-03-10' };
  it('leaves out a month under another category than the one chosen this year, naming it', () => {
    const o = computeRehabStandard(std({ ...base, year: { ...YEAR, chosen: { category: 'physical', number: 'KF-2026-03-002' } } }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'CATEGORY_CHOSEN', params: { category: 'physical', number: 'KF-2026-03-002', year: '2026' } });
  });
  it('pays a month under the category chosen this year', () => {
    expect(computeRehabStandard(std({ ...base, year: { ...YEAR, chosen: { category: 'autism', number: 'KF-2026-03-002' } } }))).toMatchObject({ kind: 'line', amountFen: 120_000 });
  });
  it('pays the 10th month and marks the months cap reached; leaves out the 11th', () => {
    expect(computeRehabStandard(std({ ...base, year: { ...YEAR, monthsSoFar: 9 } }))).toMatchObject({ kind: 'line', amountFen: 120_000, path: { capReached: 'months', monthsSoFar: 9, maxMonths: 10 } });
    expect(computeRehabStandard(std({ ...base, year: { ...YEAR, monthsSoFar: 8 } }))).toMatchObject({ kind: 'line', path: { capReached: null } });
    const o = computeRehabStandard(std({ ...base, year: { ...YEAR, monthsSoFar: 10 } }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'MONTHS_CAP', params: { max: 10, counted: 10, year: '2026' } });
  });
  it.each([
    // 1,000,000 − 950,000 = 50,000 left of the 120,000 month
    [950_000, 50_000, true],
    // 1,000,000 − 880,000 = 120,000 left: exactly the month, not cut but the cap is reached
    [880_000, 120_000, false],
  ])('claimed %i this year → %i fen (cut: %s), yearly cap reached', (claimed, amount, cut) => {
    const o = computeRehabStandard(std({ ...base, year: { ...YEAR, monthsSoFar: 9, claimedFen: claimed } }));
    // the yearly cap is named even when this is also the 10th month
    expect(o).toMatchObject({ kind: 'line', amountFen: amount, path: { capReached: 'yearly' } });
    const capped = o.kind === 'line' ? o.steps.find((x) => x.code === 'CAPPED') : undefined;
    expect(capped).toEqual(cut ? { code: 'CAPPED', params: { cap: 1_000_000, claimed, before: 120_000, amount } } : undefined);
  });
  it('leaves out a child whose yearly cap is used up', () => {
    const o = computeRehabStandard(std({ ...base, year: { ...YEAR, claimedFen: 1_000_000 } }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'OVER_CAP', params: { cap: 1_000_000, claimed: 1_000_000, year: '2026' } });
  });
  it('names the batch that holds the month already', () => {
    const o = computeRehabStandard(std({ ...base, claimedIn: 'KF-2026-10-004' }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'ALREADY_CLAIMED', params: { number: 'KF-2026-10-004' } });
    expect(o.records).toHaveLength(4);
  });

  const lumpAndMonth: RehabStandard = {
    ...COUNTY,
    rows: [row({ category: 'any', monthlyFen: 50_000, lumpSumFen: 100_000, proration: 'none', fullMonthMin: 6 })],
  };
  it('a short month without pro-rating still pays the year’s lump sum: 0 + 100,000 fen', () => {
    const o = computeRehabStandard(std({ ...base, standard: lumpAndMonth }));
    expect(o).toMatchObject({ kind: 'line', quantity: 4, standardFen: 50_000, amountFen: 100_000, path: { lumpSum: true, maxMonths: null, capReached: null } });
    // no months cap: no MONTHS_SO_FAR step
    expect(o.kind === 'line' && o.steps.map((x) => x.code)).toEqual(['RULE', 'RULE_ROW', 'COUNT_DAYS', 'MONTH_TOO_FEW', 'LUMP_SUM']);
    expect(o.kind === 'line' && o.steps.slice(-2)).toEqual([
      { code: 'MONTH_TOO_FEW', params: { count: 4, min: 6 } },
      { code: 'LUMP_SUM', params: { amount: 100_000, year: '2026' } },
    ]);
  });
  it('a full month with the lump sum: 50,000 + 100,000 = 150,000 fen', () => {
    const six = [...FOUR, s(5, '2026-10-15'), s(6, '2026-10-16')];
    expect(computeRehabStandard(std({ ...base, sessions: six, standard: lumpAndMonth }))).toMatchObject({ kind: 'line', amountFen: 150_000 });
  });
  it('once the lump sum is paid, a short month is too few', () => {
    const o = computeRehabStandard(std({ ...base, standard: lumpAndMonth, year: { ...YEAR, lumpSumIn: 'KF-2026-01-001' } }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'TOO_FEW', params: { count: 4, min: 6, unit: 'days' } });
  });
  it('a lump-sum-only row already paid this year: left out naming the batch', () => {
    // Hunan: visual children 1,000 yuan a year, nothing monthly
    const o = computeRehabStandard(std({ ...base, standard: { ...HUNAN, requireCertificate: true }, relief: { category: 'visual', approval: APPROVAL, extension: null }, year: { ...YEAR, lumpSumIn: 'KF-2026-02-001' } }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'LUMP_SUM_PAID', params: { number: 'KF-2026-02-001', year: '2026' } });
  });
});

describe('rows', () => {
  const own = row({ category: 'autism', ageFrom: 0, ageTo: 7, monthlyFen: 120_000, extensions: [{ reason: 'limb_surgery', toAge: 5 }] });
  const any = row({ category: 'any', ageFrom: 0, ageTo: 7, monthlyFen: 90_000, extensions: [{ reason: 'not_in_school', toAge: 8 }] });
  it('prefers the category’s own row even when the any row is listed first', () => {
    expect(rowFor([any, own], 'autism', 6, null)).toEqual({ row: own, extended: null });
    expect(rowFor([any, own], 'hearing', 6, null)).toEqual({ row: any, extended: null });
  });
  it('stretches a row only by an extension reaching past its band, and not to its new limit', () => {
    expect(rowFor([any, own], 'autism', 7, 'not_in_school')).toEqual({ row: any, extended: 'not_in_school' });
    expect(rowFor([any, own], 'autism', 8, 'not_in_school')).toBeNull();
    expect(rowFor([own], 'autism', 7, 'limb_surgery')).toBeNull();
    expect(rowFor([own], 'autism', 7, null)).toBeNull();
    expect(leavingAge([own], 'autism', 'limb_surgery')).toBe(7);
    // an extension for another reason does not stretch the band
    const zhejiang = row({ category: 'any', ageFrom: 0, ageTo: 7, extensions: [{ reason: 'not_in_school', toAge: 8 }, { reason: 'limb_surgery', toAge: 16 }] });
    expect(rowFor([zhejiang], 'autism', 9, 'not_in_school')).toBeNull();
    expect(rowFor([zhejiang], 'autism', 9, 'limb_surgery')).toEqual({ row: zhejiang, extended: 'limb_surgery' });
  });
  it('finds no row for a child younger than every band, with or without an extension', () => {
    const older = row({ category: 'autism', ageFrom: 5, ageTo: 7, extensions: [{ reason: 'not_in_school', toAge: 8 }] });
    expect(rowFor([older], 'autism', 3, null)).toBeNull();
    expect(rowFor([older], 'autism', 3, 'not_in_school')).toBeNull();
    expect(leavingAge([any, own], 'autism', 'not_in_school')).toBe(8);
  });
  it('finds no overlap between adjoining bands, whichever comes first', () => {
    const young = row({ category: 'autism', ageFrom: 0, ageTo: 7 });
    const old = row({ category: 'autism', ageFrom: 7, ageTo: 15 });
    expect(overlappingRows([old, young])).toBeNull();
    expect(overlappingRows([young, old])).toBeNull();
    expect(overlappingRows([young, row({ category: 'autism', ageFrom: 6, ageTo: 15 })])).toEqual([0, 1]);
  });
  it('tells a standard table from the older one-standard rule', () => {
    expect(isStandard(HUNAN)).toBe(true);
    expect(isStandard(RULE)).toBe(false);
  });
});

// ---- training ----

const TRAINING: TrainingRule = { amounts: [{ courseType: 'vocational', amountFen: 150_000 }], placementRequired: true, placementMonths: 6, requireCertificate: true };
const trainee = (over: Partial<TraineeFacts> = {}): TraineeFacts => ({
  enrolmentId: 31,
  classTitle: '面点班',
  courseType: 'vocational',
  classStart: '2026-03-02',
  classEnd: '2026-06-30',
  totalHours: 120,
  completedOn: '2026-06-30',
  present: 38,
  sessions: 40,
  placements: [],
  cert: { has: true, expiry: '2030-12-31' },
  claimedIn: null,
  ...over,
});
const rulesFrom = (...versions: RuleVersion<'training'>[]) => (date: string) => ruleOn(versions, date);
const placed = rulesFrom({ effectiveFrom: '2026-01-01', rule: TRAINING });
const enrolmentRec = (why: string, counted: boolean, date: string) => ({
  type: 'training_enrolment',
  id: 31,
  date,
  why,
  counted,
  detail: { title: '面点班', courseType: 'vocational', present: 38, sessions: 40, hours: 120 },
});
const june = { start: '2026-06-01', end: '2026-06-30' };
const july = { start: '2026-07-01', end: '2026-07-31' };

describe('computeTraining: placement within 6 months of completing', () => {
  it('pays 150,000 fen for a trainee placed during the class, in the month of completion', () => {
    const o = computeTraining(trainee({ placements: [{ id: 7, startDate: '2026-03-02', placementType: 'employed' }] }), june, placed);
    expect(o).toEqual({
      kind: 'line',
      quantity: 1,
      unit: 'trainees',
      standardFen: 150_000,
      amountFen: 150_000,
      steps: [
        { code: 'RULE', params: { effectiveFrom: '2026-01-01' } },
        { code: 'COMPLETED', params: { date: '2026-06-30', present: 38, sessions: 40 } },
        { code: 'PLACED', params: { date: '2026-06-30', months: 6 } },
        { code: 'PER_TRAINEE', params: { courseType: 'vocational', amount: 150_000 } },
      ],
      records: [
        enrolmentRec('completed', true, '2026-06-30'),
        { type: 'training_enrolment', id: 31, date: '2026-03-02', why: 'placement', counted: true, detail: { placementType: 'employed' } },
      ],
    });
  });
  it('takes the earliest placement however they are listed, and pays in its month', () => {
    const placements = [
      { id: 9, startDate: '2026-08-10', placementType: 'self_employed' },
      { id: 8, startDate: '2026-07-15', placementType: 'employed' },
    ];
    const o = computeTraining(trainee({ placements }), july, placed);
    expect(o).toMatchObject({ kind: 'line', amountFen: 150_000 });
    expect(o?.kind === 'line' && o.steps[2]).toEqual({ code: 'PLACED', params: { date: '2026-07-15', months: 6 } });
    expect(o?.records[1]).toMatchObject({ date: '2026-07-15', detail: { placementType: 'employed' } });
    expect(trainingConditionDate(trainee({ placements }), TRAINING)).toEqual({ date: '2026-07-15', placementId: 8 });
  });
  it('ignores a placement that began before the class, and counts one on its first day', () => {
    expect(trainingConditionDate(trainee({ placements: [{ id: 1, startDate: '2026-03-01', placementType: 'employed' }] }), TRAINING)).toBeNull();
    expect(trainingConditionDate(trainee({ placements: [{ id: 1, startDate: '2026-03-02', placementType: 'employed' }] }), TRAINING)).toEqual({ date: '2026-06-30', placementId: 1 });
  });
  it('counts a placement on the deadline (6 months after 30 June: 30 December) and not the day after', () => {
    expect(trainingConditionDate(trainee({ placements: [{ id: 1, startDate: '2026-12-30', placementType: 'employed' }] }), TRAINING)).toEqual({ date: '2026-12-30', placementId: 1 });
    expect(trainingConditionDate(trainee({ placements: [{ id: 1, startDate: '2026-12-31', placementType: 'employed' }] }), TRAINING)).toBeNull();
  });
  it('has no condition date before completion', () => {
    expect(trainingConditionDate(trainee({ completedOn: null }), { ...TRAINING, placementRequired: false })).toBeNull();
  });
  it('lists a trainee completed in the period but placed after it as waiting', () => {
    const o = computeTraining(trainee({ placements: [{ id: 8, startDate: '2026-07-15', placementType: 'employed' }] }), june, placed);
    expect(o).toEqual({ kind: 'left-out', reason: 'WAITING_PLACEMENT', params: { deadline: '2026-12-30' }, records: [enrolmentRec('completed', false, '2026-06-30')] });
    // the month before completing and the month after the placement: no concern of theirs
    expect(computeTraining(trainee({ placements: [{ id: 8, startDate: '2026-07-15', placementType: 'employed' }] }), { start: '2026-05-01', end: '2026-05-31' }, placed)).toBeNull();
    expect(computeTraining(trainee({ placements: [{ id: 8, startDate: '2026-07-15', placementType: 'employed' }] }), { start: '2026-08-01', end: '2026-08-31' }, placed)).toBeNull();
  });
  it('with no placement: waiting until the deadline, then no placement in the period holding it, then nothing', () => {
    const waiting = { kind: 'left-out', reason: 'WAITING_PLACEMENT', params: { deadline: '2026-12-30' }, records: [enrolmentRec('completed', false, '2026-06-30')] };
    // completed on the last day of June: waiting already in June
    expect(computeTraining(trainee(), june, placed)).toEqual(waiting);
    expect(computeTraining(trainee(), { start: '2026-07-01', end: '2026-09-30' }, placed)).toEqual(waiting);
    expect(computeTraining(trainee(), { start: '2026-10-01', end: '2026-12-31' }, placed)).toEqual({
      kind: 'left-out',
      reason: 'NO_PLACEMENT',
      params: { deadline: '2026-12-30', months: 6 },
      records: [enrolmentRec('completed', false, '2026-06-30')],
    });
    expect(computeTraining(trainee(), { start: '2027-01-01', end: '2027-03-31' }, placed)).toBeNull();
    expect(computeTraining(trainee(), { start: '2026-05-01', end: '2026-05-31' }, placed)).toBeNull();
  });
  it('a deadline on the last day of the period is no placement, not waiting', () => {
    // completed 31 May: deadline 30 November, the last day of November
    const o = computeTraining(trainee({ completedOn: '2026-05-31' }), { start: '2026-11-01', end: '2026-11-30' }, placed);
    expect(o).toMatchObject({ reason: 'NO_PLACEMENT', params: { deadline: '2026-11-30', months: 6 } });
  });
});

describe('computeTraining: completion and refusals', () => {
  it('lists a trainee of a class ending on the first day of the period without completing', () => {
    const o = computeTraining(trainee({ completedOn: null, classEnd: '2026-06-01' }), june, placed);
    expect(o).toEqual({ kind: 'left-out', reason: 'NOT_COMPLETED', params: { end: '2026-06-01' }, records: [enrolmentRec('not_completed', false, '2026-06-01')] });
    expect(computeTraining(trainee({ completedOn: null }), july, placed)).toBeNull();
  });
  const noPlacement = rulesFrom({ effectiveFrom: '2026-01-01', rule: { ...TRAINING, placementRequired: false } });
  it('without a placement condition pays on completion, with no placement step', () => {
    const o = computeTraining(trainee(), june, noPlacement);
    expect(o).toMatchObject({ kind: 'line', amountFen: 150_000, records: [enrolmentRec('completed', true, '2026-06-30')] });
    expect(o?.kind === 'line' && o.steps.map((x) => x.code)).toEqual(['RULE', 'COMPLETED', 'PER_TRAINEE']);
    // the month before and after completing: nothing to list
    expect(computeTraining(trainee(), { start: '2026-05-01', end: '2026-05-31' }, noPlacement)).toBeNull();
    expect(computeTraining(trainee(), july, noPlacement)).toBeNull();
  });
  it('reads the placement condition from the rule in force on completion, not at the end of the class', () => {
    // placement required only from 20 June; completed 15 June
    const ruleFor = rulesFrom({ effectiveFrom: '2026-01-01', rule: { ...TRAINING, placementRequired: false } }, { effectiveFrom: '2026-06-20', rule: TRAINING });
    expect(computeTraining(trainee({ completedOn: '2026-06-15' }), june, ruleFor)).toMatchObject({ kind: 'line', amountFen: 150_000 });
  });
  it.each([
    ['ALREADY_CLAIMED', { claimedIn: 'PX-2026-06-001' }, { number: 'PX-2026-06-001' }],
    ['NO_CERTIFICATE', { cert: { has: false, expiry: null } }, { expiry: '' }],
    ['CERT_EXPIRED', { cert: { has: true, expiry: '2026-06-29' } }, { expiry: '2026-06-29' }],
    ['NO_STANDARD', { courseType: 'handicraft' }, { courseType: 'handicraft' }],
  ] as const)('%s', (reason, over, params) => {
    const o = computeTraining(trainee(over), june, noPlacement);
    expect(o).toMatchObject({ kind: 'left-out', reason, params });
    expect(o?.kind === 'left-out' && o.params).toEqual(params);
    expect(o?.records).toHaveLength(1);
  });
  it('pays with a certificate expiring on the day of completion', () => {
    expect(computeTraining(trainee({ cert: { has: true, expiry: '2026-06-30' } }), june, noPlacement)).toMatchObject({ kind: 'line' });
  });
  it('has no standard for a completion before any rule was in force', () => {
    const later = rulesFrom({ effectiveFrom: '2027-01-01', rule: TRAINING });
    expect(computeTraining(trainee(), june, later)).toEqual({
      kind: 'left-out',
      reason: 'NO_STANDARD',
      params: { courseType: 'vocational' },
      records: [enrolmentRec('completed', true, '2026-06-30')],
    });
  });
});

// ---- devices ----

const fitting = (over: Partial<FittingFacts> = {}): FittingFacts => ({
  fittingId: 41,
  fittedOn: '2026-10-12',
  itemName: '助听器',
  deviceClass: 'hearing',
  costFen: 300_000,
  subsidyFen: 240_000,
  serviceFen: 40_000,
  ruleApplied: '按比例',
  rulePercent: 80,
  cert: { has: true, expiry: '2030-12-31' },
  claimedIn: null,
  ...over,
});
const fittingRec = { type: 'device_fitting', id: 41, date: '2026-10-12', why: 'fitting', counted: true, detail: { item: '助听器', cost: 300_000, subsidy: 240_000 } };

describe('computeFitting', () => {
  it('claims the 240,000 fen subsidy (80 % of 300,000), split 200,000 product + 40,000 service', () => {
    expect(computeFitting(fitting(), { effectiveFrom: '2026-01-01', rule: { requireCertificate: true } })).toEqual({
      kind: 'line',
      quantity: 1,
      unit: 'items',
      standardFen: 240_000,
      amountFen: 240_000,
      steps: [
        { code: 'FITTING_SUBSIDY', params: { cost: 300_000, subsidy: 240_000, rule: '按比例', percent: 80 } },
        { code: 'FITTING_SPLIT', params: { product: 200_000, service: 40_000 } },
      ],
      records: [fittingRec],
    });
  });
  it('has no split step without a service part', () => {
    const o = computeFitting(fitting({ serviceFen: 0 }), null);
    expect(o.kind === 'line' && o.steps.map((x) => x.code)).toEqual(['FITTING_SUBSIDY']);
  });
  it('does not ask for a certificate when no rule is in force', () => {
    expect(computeFitting(fitting({ cert: { has: false, expiry: null } }), null)).toMatchObject({ kind: 'line', amountFen: 240_000 });
  });
  it.each([
    ['ALREADY_CLAIMED', { claimedIn: 'FJ-2026-10-001' }, { number: 'FJ-2026-10-001' }],
    ['NO_CERTIFICATE', { cert: { has: false, expiry: null } }, { expiry: '' }],
    ['CERT_EXPIRED', { cert: { has: true, expiry: '2026-10-11' } }, { expiry: '2026-10-11' }],
    ['NO_SUBSIDY', { subsidyFen: 0 }, { cost: 300_000 }],
  ] as const)('%s', (reason, over, params) => {
    const o = computeFitting(fitting(over), { effectiveFrom: '2026-01-01', rule: { requireCertificate: true } });
    expect(o).toMatchObject({ kind: 'left-out', reason, params });
    expect(o.kind === 'left-out' && o.params).toEqual(params);
    expect(o.records).toEqual([{ ...fittingRec, detail: { ...fittingRec.detail, subsidy: 'subsidyFen' in over ? 0 : 240_000 } }]);
  });
});

describe('adjustments and amounts', () => {
  it.each([
    // a 500-yuan line already cut by 100: at most 400 more may come off
    [50_000, -10_000, -40_000],
    // a 500-yuan line already raised by 200: at most 700 may come off
    [50_000, 20_000, -70_000],
  ])('a line of %i adjusted by %i may go down by %i at most', (original, soFar, floor) => {
    expect(adjustmentFloor(original, soFar)).toBe(floor);
  });
  it('writes a million million yuan with 万亿', () => {
    expect(capitalAmount(100_000_000_000_000)).toBe('壹万亿元整');
  });
  it('names what is wrong with an amount that is not whole fen', () => {
    expect(() => capitalAmount(1.5)).toThrow('amount must be whole fen');
  });
});

describe('RULE_TEMPLATES: what a new rule version starts from', () => {
  it('has no amounts, the full month at 16 days, pro-rating from 1 day, no cap, under 7, and a certificate only for training', () => {
    expect(RULE_TEMPLATES).toEqual({
      rehab: { monthlyStandardFen: 0, basis: 'days', fullMonthMin: 16, proRate: 'proportional', partialMin: 1, yearlyCapFen: null, ageLimit: 7, requireCertificate: false },
      training: { amounts: [], placementRequired: false, placementMonths: 6, requireCertificate: true },
      devices: { requireCertificate: false },
    });
  });
});

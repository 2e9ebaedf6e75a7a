import { describe, expect, it } from 'vitest';
import {
  ADJUSTABLE_STATUSES,
  BATCH_STATUSES,
  LOCKING_STATUSES,
  NUMBER_PREFIX,
  PROGRAMMES,
  birthdayOfAge,
  canMove,
  capitalAmount,
  computeFitting,
  computeRehabMonth,
  computeTraining,
  normalisePeriod,
  parsePeriod,
  ruleOn,
  type FittingFacts,
  type RehabChildMonth,
  type RehabRule,
  type RehabSessionFact,
  type RuleVersion,
  type TraineeFacts,
  type TrainingRule,
} from '../../../db/claims/rules';

describe('capitalAmount (大写金额)', () => {
  it.each([
    [0, '零元整'],
    [5, '伍分'],
    [50, '伍角'],
    [1000, '壹拾元整'],
    [10_001_050, '壹拾万零壹拾元伍角'],
    [100_000_000_000, '壹拾亿元整'],
    [100_008, '壹仟元零捌分'],
    [100_508, '壹仟零伍元零捌分'],
    [168_032, '壹仟陆佰捌拾元叁角贰分'],
    [200_000, '贰仟元整'],
    [1_000_000_000_00, '壹拾亿元整'],
    [1_000_100_000, '壹仟万零壹仟元整'],
    [10_000_000_000_00, '壹佰亿元整'],
    [100_000_100, '壹佰万零壹元整'],
    [-2_500, '负贰拾伍元整'],
  ])('%i fen is %s', (fen, text) => {
    expect(capitalAmount(fen)).toBe(text);
  });

  // 《支付结算办法》附件一: a zero (or a run of zeros) between two written digits is one 零, also
  // across 万 and 亿; a section under 1000 after a higher one begins with 零 even when nothing
  // before it ends in zero (10,500 is 壹万零伍佰, never 壹万伍佰, which a bank refuses).
  it.each([
    [1_050_000, '壹万零伍佰元整'],
    [10_001_000_100, '壹亿零壹万零壹元整'],
    [1_005_000, '壹万零伍拾元整'],
    [1_000_500, '壹万零伍元整'],
    [10_000_000_500, '壹亿零伍元整'],
    [10_000_100_000, '壹亿零壹仟元整'],
    [1_000_000, '壹万元整'],
    [1_100_000, '壹万壹仟元整'],
    [10_500_000, '壹拾万零伍仟元整'],
    [101_000, '壹仟零壹拾元整'],
    [105, '壹元零伍分'],
    [2_000_006, '贰万元零陆分'],
    [1_050_020, '壹万零伍佰元贰角'],
  ])('writes the 零 a bank form needs: %i fen is %s', (fen, text) => {
    expect(capitalAmount(fen)).toBe(text);
  });

  it('refuses amounts that are not whole fen', () => {
    expect(() => capitalAmount(1.5)).toThrow(RangeError);
  });
});

describe('parsePeriod', () => {
  it.each([
    ['2026-10', { kind: 'month', start: '2026-10-01', end: '2026-10-31', months: ['2026-10'] }],
    ['2028-02', { kind: 'month', start: '2028-02-01', end: '2028-02-29', months: ['2028-02'] }],
    ['2027-02', { kind: 'month', start: '2027-02-01', end: '2027-02-28', months: ['2027-02'] }],
    ['2026-Q4', { kind: 'quarter', start: '2026-10-01', end: '2026-12-31', months: ['2026-10', '2026-11', '2026-12'] }],
    ['2028-Q1', { kind: 'quarter', start: '2028-01-01', end: '2028-03-31', months: ['2028-01', '2028-02', '2028-03'] }],
  ])('%s', (code, expected) => {
    expect(parsePeriod(code)).toMatchObject(expected);
  });

  it.each(['2026-13', '2026-Q5', '2026/10', '202610', ''])('refuses %j', (code) => {
    expect(parsePeriod(code)).toBeNull();
  });
});

describe('normalisePeriod (the period as people type it)', () => {
  it.each([
    ['2026-10', '2026-10'],
    ['2026/10', '2026-10'],
    ['2026.10', '2026-10'],
    ['2026年10月', '2026-10'],
    ['2026年1月', '2026-01'],
    ['2026-1', '2026-01'],
    [' 2026 / 10 ', '2026-10'],
    ['２０２６／１０', '2026-10'],
    ['2026-Q4', '2026-Q4'],
    ['2026q4', '2026-Q4'],
    ['2026 Q1', '2026-Q1'],
    ['2026年第4季度', '2026-Q4'],
    ['2026年四季度', '2026-Q4'],
  ])('reads %j as %s', (typed, code) => {
    expect(normalisePeriod(typed)).toEqual({ code });
  });

  it.each([
    ['2026-13', 'CLAIMS_PERIOD_MONTH'],
    ['2026/0', 'CLAIMS_PERIOD_MONTH'],
    ['2026年13月', 'CLAIMS_PERIOD_MONTH'],
    ['2026-Q5', 'CLAIMS_PERIOD_QUARTER'],
    ['2026年第5季度', 'CLAIMS_PERIOD_QUARTER'],
    ['202610', 'CLAIMS_PERIOD_FORMAT'],
    ['26/10', 'CLAIMS_PERIOD_FORMAT'],
    ['10月', 'CLAIMS_PERIOD_FORMAT'],
    ['2026-10-01', 'CLAIMS_PERIOD_FORMAT'],
  ])('says what is wrong with %j', (typed, problem) => {
    expect(normalisePeriod(typed)).toEqual({ problem });
  });
});

describe('ruleOn', () => {
  const versions: RuleVersion<'devices'>[] = [
    { effectiveFrom: '2026-07-01', rule: { requireCertificate: true } },
    { effectiveFrom: '2026-01-01', rule: { requireCertificate: false } },
  ];
  it.each([
    ['2025-12-31', null],
    ['2026-01-01', '2026-01-01'],
    ['2026-06-30', '2026-01-01'],
    ['2026-07-01', '2026-07-01'],
  ])('on %s the version from %s is in force', (date, from) => {
    expect(ruleOn(versions, date)?.effectiveFrom ?? null).toBe(from);
  });
});

describe('birthdayOfAge', () => {
  it.each([
    ['2019-10-15', 7, '2026-10-15'],
    ['2020-02-29', 7, '2027-03-01'],
    ['2021-02-29'.replace('29', '28'), 7, '2028-02-28'],
    ['2020-02-29', 8, '2028-02-29'],
  ])('born %s reaches %i on %s', (birth, age, date) => {
    expect(birthdayOfAge(birth, age)).toBe(date);
  });
});

const RULE: RehabRule = {
  monthlyStandardFen: 200_000,
  basis: 'days',
  fullMonthMin: 16,
  proRate: 'proportional',
  partialMin: 4,
  yearlyCapFen: 2_000_000,
  ageLimit: 7,
  requireCertificate: false,
};

let nextId = 1;
/** Attended sessions on the given days of the month (one each unless repeated). */
function days(month: string, list: number[], overrides: Partial<RehabSessionFact> = {}): RehabSessionFact[] {
  return list.map((d) => ({
    id: nextId++,
    date: `${month}-${String(d).padStart(2, '0')}`,
    startTime: '09:00',
    minutes: 40,
    attendance: 'present',
    funding: 'relief',
    type: 'aba',
    ...overrides,
  }));
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function month(overrides: Partial<Omit<RehabChildMonth, 'rule'>> & { rule?: Partial<RehabRule> }): RehabChildMonth {
  const { rule, ...rest } = overrides;
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

describe('computeRehabMonth at its boundaries', () => {
  it.each([
    // [service days, pro-rating, expected amount or left-out reason]
    [16, 'proportional', 200_000],
    [17, 'proportional', 200_000],
    [15, 'proportional', 187_500],
    [4, 'proportional', 50_000],
    [3, 'proportional', 'TOO_FEW'],
    [16, 'none', 200_000],
    [15, 'none', 'TOO_FEW'],
    [0, 'none', 'NO_SERVICE'],
  ] as const)('%i service days with pro-rating %s → %s', (n, proRate, expected) => {
    const outcome = computeRehabMonth(month({ sessions: days('2026-10', range(1, n)), rule: { proRate } }));
    if (typeof expected === 'number') {
      expect(outcome).toMatchObject({ kind: 'line', quantity: n, amountFen: expected, standardFen: 200_000, unit: 'days' });
    } else {
      expect(outcome).toMatchObject({ kind: 'left-out', reason: expected });
    }
  });

  it('rounds a share down to the fen', () => {
    // 1,999.99 × 5 ÷ 16 = 624.996875 yuan → 624.99
    const outcome = computeRehabMonth(month({ sessions: days('2026-10', range(1, 5)), rule: { monthlyStandardFen: 199_999 } }));
    expect(outcome).toMatchObject({ kind: 'line', amountFen: 62_499 });
  });

  it('counts a day once however many sessions it had, and every attended session when the basis is sessions', () => {
    const sessions = [...days('2026-10', range(1, 15)), ...days('2026-10', [15], { startTime: '14:00' })];
    expect(computeRehabMonth(month({ sessions }))).toMatchObject({ quantity: 15, amountFen: 187_500 });
    expect(computeRehabMonth(month({ sessions, rule: { basis: 'sessions' } }))).toMatchObject({ quantity: 16, amountFen: 200_000, unit: 'sessions' });
  });

  it('counts neither absences, leave nor self-funded sessions, and lists each with why', () => {
    const sessions = [
      ...days('2026-10', range(1, 16)),
      ...days('2026-10', [20], { attendance: 'absent' }),
      ...days('2026-10', [21], { attendance: 'leave' }),
      ...days('2026-10', [22], { funding: 'self' }),
    ];
    const outcome = computeRehabMonth(month({ sessions }));
    expect(outcome).toMatchObject({ kind: 'line', quantity: 16 });
    expect(outcome.records.map((r) => r.why).slice(-3)).toEqual(['absent', 'leave', 'not_relief']);
    expect(outcome.records.filter((r) => r.counted)).toHaveLength(16);
  });

  it('leaves out a self-funded child as not relief-funded', () => {
    expect(computeRehabMonth(month({ sessions: days('2026-10', range(1, 20), { funding: 'self' }) }))).toMatchObject({ reason: 'NOT_RELIEF' });
  });

  describe('a child turning 7 mid-month', () => {
    // Born 2019-10-15: 7 on 2026-10-15; the 14th is the last day that counts.
    const sessions = days('2026-10', range(1, 31));
    it('counts only the days before the birthday', () => {
      const outcome = computeRehabMonth(month({ birthDate: '2019-10-15', sessions }));
      expect(outcome).toMatchObject({ kind: 'line', quantity: 14, amountFen: 175_000 });
      const byDate = Object.fromEntries(outcome.records.map((r) => [r.date, r.why]));
      expect(byDate['2026-10-14']).toBe('present');
      expect(byDate['2026-10-15']).toBe('after_age');
      if (outcome.kind === 'line') expect(outcome.steps.map((s) => s.code)).toContain('AGE_CUTOFF');
    });
    it('leaves out a child who turned 7 before the month', () => {
      expect(computeRehabMonth(month({ birthDate: '2019-09-30', sessions }))).toMatchObject({ reason: 'OVER_AGE', params: { birthday: '2026-09-30' } });
    });
    it('counts the whole month for a child who turns 7 on the 1st of the next month', () => {
      expect(computeRehabMonth(month({ birthDate: '2019-11-01', sessions }))).toMatchObject({ quantity: 31, amountFen: 200_000 });
    });
  });

  describe('leap years', () => {
    it('counts 29 February in a leap year', () => {
      const outcome = computeRehabMonth(month({ month: '2028-02', sessions: days('2028-02', range(14, 29)) }));
      expect(outcome).toMatchObject({ quantity: 16, amountFen: 200_000 });
    });
    it('a child born on 29 February is still 6 on 28 February of a common year and 7 on 1 March', () => {
      const feb = computeRehabMonth(month({ month: '2027-02', birthDate: '2020-02-29', sessions: days('2027-02', range(1, 28)) }));
      expect(feb).toMatchObject({ quantity: 28, amountFen: 200_000 });
      const march = computeRehabMonth(month({ month: '2027-03', birthDate: '2020-02-29', sessions: days('2027-03', range(1, 20)) }));
      expect(march).toMatchObject({ reason: 'OVER_AGE', params: { birthday: '2027-03-01' } });
    });
  });

  describe('the yearly cap', () => {
    it.each([
      [0, 200_000, false],
      [1_800_000, 200_000, false],
      [1_850_000, 150_000, true],
      [1_999_999, 1, true],
    ])('with %i claimed this year the month pays %i', (claimed, amount, capped) => {
      const outcome = computeRehabMonth(month({ sessions: days('2026-10', range(1, 16)), claimedThisYearFen: claimed }));
      expect(outcome).toMatchObject({ kind: 'line', amountFen: amount });
      if (outcome.kind === 'line') expect(outcome.steps.some((s) => s.code === 'CAPPED')).toBe(capped);
    });
    it('leaves out a child whose cap was reached earlier in the year', () => {
      expect(computeRehabMonth(month({ sessions: days('2026-10', range(1, 16)), claimedThisYearFen: 2_000_000 }))).toMatchObject({
        reason: 'OVER_CAP',
        params: { cap: 2_000_000, claimed: 2_000_000 },
      });
    });
    it('does not cap when the rule has none', () => {
      expect(computeRehabMonth(month({ sessions: days('2026-10', range(1, 16)), claimedThisYearFen: 9_000_000, rule: { yearlyCapFen: null } }))).toMatchObject({
        amountFen: 200_000,
      });
    });
  });

  it('leaves out a child already claimed, naming the batch', () => {
    expect(computeRehabMonth(month({ sessions: days('2026-10', range(1, 16)), claimedIn: 'KF202610-01' }))).toMatchObject({
      reason: 'ALREADY_CLAIMED',
      params: { number: 'KF202610-01' },
    });
  });

  it('counts no service after the disability certificate expired', () => {
    const cert = { has: true, expiry: '2026-10-10' };
    expect(computeRehabMonth(month({ cert, sessions: days('2026-10', range(1, 20)) }))).toMatchObject({ quantity: 10, amountFen: 125_000 });
    expect(computeRehabMonth(month({ cert: { has: true, expiry: '2026-09-30' }, sessions: days('2026-10', range(1, 20)) }))).toMatchObject({
      reason: 'CERT_EXPIRED',
    });
    expect(computeRehabMonth(month({ sessions: days('2026-10', range(1, 20)), rule: { requireCertificate: true } }))).toMatchObject({
      reason: 'NO_CERTIFICATE',
    });
  });
});

const TRAINING: TrainingRule = { amounts: [{ courseType: 'massage_health', amountFen: 150_000 }], placementRequired: false, placementMonths: 6, requireCertificate: true };

function trainee(overrides: Partial<TraineeFacts> = {}): TraineeFacts {
  return {
    enrolmentId: 7,
    classTitle: '2026 保健按摩一期',
    courseType: 'massage_health',
    classStart: '2026-05-01',
    classEnd: '2026-09-30',
    totalHours: 120,
    completedOn: '2026-09-30',
    present: 18,
    sessions: 20,
    placements: [],
    cert: { has: true, expiry: '2030-01-01' },
    claimedIn: null,
    ...overrides,
  };
}

describe('computeTraining', () => {
  const q3 = { start: '2026-07-01', end: '2026-09-30' };
  const q4 = { start: '2026-10-01', end: '2026-12-31' };
  const rules = (rule: Partial<TrainingRule> = {}) => (date: string) => (date >= '2026-01-01' ? { effectiveFrom: '2026-01-01', rule: { ...TRAINING, ...rule } } : null);

  it('pays a completed trainee the amount of the course type in the period of completion', () => {
    expect(computeTraining(trainee(), q3, rules())).toMatchObject({ kind: 'line', quantity: 1, amountFen: 150_000 });
    expect(computeTraining(trainee(), q4, rules())).toBeNull();
  });

  it('lists a trainee of a class that ended without completing', () => {
    expect(computeTraining(trainee({ completedOn: null }), q3, rules())).toMatchObject({ reason: 'NOT_COMPLETED' });
  });

  it('with a placement condition, pays in the period the placement starts, within the window', () => {
    const rule = rules({ placementRequired: true, placementMonths: 3 });
    const placed = trainee({ placements: [{ id: 1, startDate: '2026-12-30', placementType: 'centralised' }] });
    expect(computeTraining(placed, q3, rule)).toMatchObject({ reason: 'WAITING_PLACEMENT', params: { deadline: '2026-12-30' } });
    expect(computeTraining(placed, q4, rule)).toMatchObject({ kind: 'line', amountFen: 150_000 });
    const late = trainee({ placements: [{ id: 1, startDate: '2026-12-31', placementType: 'centralised' }] });
    expect(computeTraining(late, q4, rule)).toMatchObject({ reason: 'NO_PLACEMENT', params: { deadline: '2026-12-30' } });
  });

  it('leaves out a course type with no amount, an expired certificate, and a trainee already claimed', () => {
    expect(computeTraining(trainee({ courseType: 'ecommerce' }), q3, rules())).toMatchObject({ reason: 'NO_STANDARD' });
    expect(computeTraining(trainee({ cert: { has: true, expiry: '2026-09-29' } }), q3, rules())).toMatchObject({ reason: 'CERT_EXPIRED' });
    expect(computeTraining(trainee({ claimedIn: 'PX2026Q3-01' }), q3, rules())).toMatchObject({ reason: 'ALREADY_CLAIMED' });
  });

  it('uses the rule in force on the day the condition was met (a rule change mid-period)', () => {
    const changing = (date: string): RuleVersion<'training'> =>
      date >= '2026-09-01'
        ? { effectiveFrom: '2026-09-01', rule: { ...TRAINING, amounts: [{ courseType: 'massage_health', amountFen: 180_000 }] } }
        : { effectiveFrom: '2026-01-01', rule: TRAINING };
    expect(computeTraining(trainee({ completedOn: '2026-08-31' }), q3, changing)).toMatchObject({ amountFen: 150_000 });
    expect(computeTraining(trainee({ completedOn: '2026-09-01' }), q3, changing)).toMatchObject({ amountFen: 180_000 });
  });
});

describe('computeFitting', () => {
  const fitting = (overrides: Partial<FittingFacts> = {}): FittingFacts => ({
    fittingId: 3,
    fittedOn: '2026-10-08',
    itemName: '普通轮椅（手动）',
    deviceClass: 'mobility',
    costFen: 80_000,
    subsidyFen: 64_000,
    ruleApplied: 'status_percent',
    rulePercent: 80,
    cert: { has: true, expiry: '2030-01-01' },
    claimedIn: null,
    ...overrides,
  });
  it('claims the subsidy the fitting computed', () => {
    expect(computeFitting(fitting(), null)).toMatchObject({ kind: 'line', amountFen: 64_000, standardFen: 64_000 });
  });
  it('leaves out a self-paid fitting, an expired certificate and a fitting already claimed', () => {
    expect(computeFitting(fitting({ subsidyFen: 0 }), null)).toMatchObject({ reason: 'NO_SUBSIDY' });
    expect(computeFitting(fitting({ cert: { has: true, expiry: '2026-10-07' } }), null)).toMatchObject({ reason: 'CERT_EXPIRED' });
    expect(computeFitting(fitting({ claimedIn: 'FJ202610-01' }), null)).toMatchObject({ reason: 'ALREADY_CLAIMED' });
    expect(computeFitting(fitting({ cert: { has: false, expiry: null } }), { effectiveFrom: '2026-01-01', rule: { requireCertificate: true } })).toMatchObject({
      reason: 'NO_CERTIFICATE',
    });
  });
});

describe('the workflow', () => {
  it.each([
    ['draft', 'submitted', true],
    ['draft', 'approved', false],
    ['submitted', 'approved', true],
    ['submitted', 'rejected', true],
    ['submitted', 'paid', false],
    ['approved', 'paid', true],
    ['approved', 'rejected', false],
    ['rejected', 'draft', true],
    ['paid', 'draft', false],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });
});

describe('claim codes', () => {
  it('names programmes and batch statuses with the codes return packages carry', () => {
    expect(PROGRAMMES).toEqual(['rehab', 'training', 'devices']);
    expect(BATCH_STATUSES).toEqual(['draft', 'submitted', 'approved', 'rejected', 'paid']);
  });

  it('locks the records under a submitted, approved or paid claim, and corrects only approved or paid ones by adjustment', () => {
    expect(LOCKING_STATUSES).toEqual(['submitted', 'approved', 'paid']);
    expect(ADJUSTABLE_STATUSES).toEqual(['approved', 'paid']);
  });

  it('numbers batches KF (康复), PX (培训) and FJ (辅具)', () => {
    expect(NUMBER_PREFIX).toEqual({ rehab: 'KF', training: 'PX', devices: 'FJ' });
  });

  it.each([
    ['draft', ['submitted']],
    ['submitted', ['approved', 'rejected']],
    ['approved', ['paid']],
    ['rejected', ['draft']],
    ['paid', []],
  ] as const)('moves a %s batch only to %o', (from, allowed) => {
    expect(BATCH_STATUSES.filter((to) => canMove(from, to))).toEqual(allowed);
  });
});

// The rehab relief standard as data: the Hunan county and Zhejiang fixtures from the issue, with
// every amount worked out by hand, at the month, year and birthday boundaries.
import { describe, expect, it } from 'vitest';
import { HUNAN, ZHEJIANG, row } from './standards';
import {
  computeRehabStandard,
  leavingAge,
  overlappingRows,
  rowFor,
  type ChildYear,
  type RehabRuleRow,
  type RehabSessionFact,
  type RehabStandard,
  type RehabStandardMonth,
  type ReliefFacts,
} from '../../../db/claims/rules';

/** Weekdays of a month up to a day, as attended relief sessions. */
function sessions(month: string, fromDay = 1, toDay = 31): RehabSessionFact[] {
  const out: RehabSessionFact[] = [];
  for (let d = fromDay; d <= toDay; d += 1) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    const day = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) break;
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    out.push({ id: out.length + 1, date, startTime: '09:00', minutes: 40, attendance: 'present', funding: 'relief', type: 'aba' });
  }
  return out;
}

const APPROVED: ReliefFacts['approval'] = { number: '湘康救〔2026〕18号', from: '2026-01-01', to: '2027-12-31' };
const NEW_YEAR: ChildYear = { monthsSoFar: 0, claimedFen: 0, chosen: null, lumpSumIn: null };

function month(over: Partial<RehabStandardMonth> & { standard?: RehabStandard; category?: ReliefFacts['category']; extension?: ReliefFacts['extension'] }): RehabStandardMonth {
  const { standard = HUNAN, category = 'autism', extension = null, ...rest } = over;
  return {
    month: '2026-10',
    birthDate: '2022-03-10',
    cert: { has: false, expiry: null },
    sessions: sessions(over.month ?? '2026-10'),
    rule: { effectiveFrom: '2026-01-01', rule: standard },
    relief: { category, approval: APPROVED, extension },
    year: NEW_YEAR,
    claimedIn: null,
    ...rest,
  };
}

function amount(c: RehabStandardMonth): number {
  const o = computeRehabStandard(c);
  if (o.kind !== 'line') throw new Error(`left out: ${o.reason}`);
  return o.amountFen;
}

describe('Hunan county standard', () => {
  // October 2026 has 22 weekdays (1–2, 5–9, 12–16, 19–23, 26–30).
  it('pays an autistic child of 4 the full 1,500 yuan for a month of 22 service days', () => {
    // 22 days ≥ 16 → the full month: 150,000 fen.
    expect(amount(month({}))).toBe(150_000);
  });

  it('pays a short month by service days: 10 days of 16 → 937.50 yuan', () => {
    // 150,000 × 10 ÷ 16 = 93,750 fen.
    expect(amount(month({ sessions: sessions('2026-10', 1, 14) }))).toBe(93_750);
  });

  it('pays a visually disabled child of 5 the 1,000-yuan lump sum once a year, in the first month served', () => {
    const first = computeRehabStandard(month({ category: 'visual' }));
    expect(first).toMatchObject({ kind: 'line', amountFen: 100_000, path: { category: 'visual', ageFrom: 0, ageTo: 7, lumpSum: true } });
    const later = computeRehabStandard(month({ category: 'visual', month: '2026-11', year: { ...NEW_YEAR, monthsSoFar: 1, chosen: { category: 'visual', number: 'KF202610-01' }, lumpSumIn: 'KF202610-01' } }));
    expect(later).toMatchObject({ kind: 'left-out', reason: 'LUMP_SUM_PAID', params: { number: 'KF202610-01' } });
  });

  it('pays the tenth month of the year and marks the months cap reached; leaves out the eleventh', () => {
    const tenth = computeRehabStandard(month({ year: { ...NEW_YEAR, monthsSoFar: 9, claimedFen: 9 * 150_000 } }));
    expect(tenth).toMatchObject({ kind: 'line', amountFen: 150_000, path: { monthsSoFar: 9, maxMonths: 10, capReached: 'months' } });
    const eleventh = computeRehabStandard(month({ year: { ...NEW_YEAR, monthsSoFar: 10, claimedFen: 10 * 150_000 } }));
    expect(eleventh).toMatchObject({ kind: 'left-out', reason: 'MONTHS_CAP', params: { max: 10, counted: 10, year: '2026' } });
  });

  it('pays a child of 9 by the 7–14 band: 500 yuan a month', () => {
    const o = computeRehabStandard(month({ birthDate: '2017-05-02' }));
    expect(o).toMatchObject({ kind: 'line', amountFen: 50_000, path: { ageFrom: 7, ageTo: 15 } });
  });

  it('pays a visually disabled child of 9 by the 7–14 band of every category', () => {
    expect(amount(month({ category: 'visual', birthDate: '2017-05-02' }))).toBe(50_000);
  });

  it('leaves out a child of 15 (past every band)', () => {
    expect(computeRehabStandard(month({ birthDate: '2011-01-05' }))).toMatchObject({ kind: 'left-out', reason: 'OVER_AGE', params: { limit: 15 } });
  });

  it('keeps the band of the first of the month when the 7th birthday falls inside it, and moves to 7–14 the month after', () => {
    // Born 2019-10-15: 6 on 1 October → 1,500 for October (the sessions after the birthday still
    // count: the child is inside the 7–14 band); 7 on 1 November → 500.
    expect(amount(month({ birthDate: '2019-10-15' }))).toBe(150_000);
    expect(amount(month({ birthDate: '2019-10-15', month: '2026-11', sessions: sessions('2026-11') }))).toBe(50_000);
  });

  it('moves band at the year boundary for a child born on 1 January', () => {
    // 6 on 2026-12-01 → 1,500; 7 on 2027-01-01 → 500.
    expect(amount(month({ birthDate: '2020-01-01', month: '2026-12', sessions: sessions('2026-12') }))).toBe(150_000);
    expect(amount(month({ birthDate: '2020-01-01', month: '2027-01', sessions: sessions('2027-01') }))).toBe(50_000);
  });

  it('claims a child with several disabilities under the category chosen first that year', () => {
    const o = computeRehabStandard(month({ category: 'hearing', year: { ...NEW_YEAR, monthsSoFar: 2, chosen: { category: 'autism', number: 'KF202608-01' } } }));
    expect(o).toMatchObject({ kind: 'left-out', reason: 'CATEGORY_CHOSEN', params: { category: 'autism', number: 'KF202608-01', year: '2026' } });
    expect(amount(month({ category: 'autism', year: { ...NEW_YEAR, monthsSoFar: 2, chosen: { category: 'autism', number: 'KF202608-01' } } }))).toBe(150_000);
  });

  it('leaves out a child without an approval number, and one whose approved period ended', () => {
    expect(computeRehabStandard(month({ relief: { category: 'autism', approval: { number: '', from: null, to: null }, extension: null } }))).toMatchObject({
      kind: 'left-out',
      reason: 'NO_APPROVAL',
    });
    const ended = month({});
    ended.relief.approval = { number: 'A1', from: '2026-01-01', to: '2026-09-30' };
    expect(computeRehabStandard(ended)).toMatchObject({ kind: 'left-out', reason: 'APPROVAL_EXPIRED', params: { to: '2026-09-30' } });
  });

  it('counts only the days inside the approved period when it ends mid-month', () => {
    const c = month({});
    c.relief.approval = { number: 'A1', from: '2026-01-01', to: '2026-10-14' };
    // 10 weekdays to the 14th: 150,000 × 10 ÷ 16 = 93,750.
    const o = computeRehabStandard(c);
    expect(o).toMatchObject({ kind: 'line', amountFen: 93_750, quantity: 10 });
    expect(o.records.filter((r) => r.why === 'approval_expired')).toHaveLength(12);
  });

  it('cuts the month to what is left of a yearly cap and says the cap is reached', () => {
    const capped: RehabStandard = { ...HUNAN, rows: HUNAN.rows.map((r) => (r.monthlyFen === 150_000 ? { ...r, yearlyCapFen: 1_000_000 } : r)) };
    // 1,000,000 − 900,000 already claimed = 100,000 left of the 150,000 month.
    const o = computeRehabStandard(month({ standard: capped, year: { ...NEW_YEAR, monthsSoFar: 6, claimedFen: 900_000 } }));
    expect(o).toMatchObject({ kind: 'line', amountFen: 100_000, path: { capReached: 'yearly' } });
    expect(computeRehabStandard(month({ standard: capped, year: { ...NEW_YEAR, monthsSoFar: 7, claimedFen: 1_000_000 } }))).toMatchObject({ kind: 'left-out', reason: 'OVER_CAP' });
  });
});

describe('Zhejiang standard with age extensions', () => {
  // Born 2019-10-15: 7 on 15 October 2026. October's weekdays before the birthday: 1–2, 5–9, 12–14 = 10.
  it('stops counting at the 7th birthday without an extension: 10 sessions of 20 → 1,200 yuan', () => {
    // 240,000 × 10 ÷ 20 = 120,000.
    const o = computeRehabStandard(month({ standard: ZHEJIANG, birthDate: '2019-10-15' }));
    expect(o).toMatchObject({ kind: 'line', amountFen: 120_000, quantity: 10, unit: 'sessions' });
    expect(o.records.filter((r) => r.why === 'after_age')).toHaveLength(12);
  });

  it('counts on to the 8th birthday for a child not yet at school: 22 sessions → the full 2,400', () => {
    expect(amount(month({ standard: ZHEJIANG, birthDate: '2019-10-15', extension: 'not_in_school' }))).toBe(240_000);
    const nov = computeRehabStandard(month({ standard: ZHEJIANG, birthDate: '2019-10-15', extension: 'not_in_school', month: '2026-11', sessions: sessions('2026-11') }));
    expect(nov).toMatchObject({ kind: 'line', amountFen: 240_000, path: { extended: 'not_in_school' } });
    expect(nov.kind === 'line' && nov.steps.find((s) => s.code === 'EXTENDED')?.params).toEqual({ reason: 'not_in_school', toAge: 8 });
  });

  it('leaves out a child of 7 without an extension the month after the birthday', () => {
    expect(computeRehabStandard(month({ standard: ZHEJIANG, birthDate: '2019-10-15', month: '2026-11', sessions: sessions('2026-11') }))).toMatchObject({
      kind: 'left-out',
      reason: 'OVER_AGE',
      params: { limit: 7 },
    });
  });

  it('pays a child of 12 after limb-correction surgery, and not one without the reason recorded', () => {
    expect(amount(month({ standard: ZHEJIANG, birthDate: '2014-06-01', extension: 'limb_surgery' }))).toBe(240_000);
    expect(computeRehabStandard(month({ standard: ZHEJIANG, birthDate: '2014-06-01', extension: 'not_in_school' }))).toMatchObject({ kind: 'left-out', reason: 'OVER_AGE' });
    // 16 leaves even the surgery extension.
    expect(computeRehabStandard(month({ standard: ZHEJIANG, birthDate: '2010-06-01', extension: 'limb_surgery' }))).toMatchObject({ kind: 'left-out', reason: 'OVER_AGE', params: { limit: 16 } });
  });
});

describe('proration and the month', () => {
  it('counts two sessions on one day twice by sessions, once by days', () => {
    const twice = [...sessions('2026-10', 1, 14), ...sessions('2026-10', 1, 14).map((x) => ({ ...x, id: x.id + 100, startTime: '15:00' }))];
    // By sessions: 20 of 20 → the full 2,400; by days (Hunan): 10 of 16 → 1,500 × 10 ÷ 16 = 937.50.
    expect(computeRehabStandard(month({ standard: ZHEJIANG, sessions: twice }))).toMatchObject({ kind: 'line', quantity: 20, amountFen: 240_000 });
    expect(computeRehabStandard(month({ sessions: twice }))).toMatchObject({ kind: 'line', quantity: 10, amountFen: 93_750 });
  });

  it('pays nothing for a short month when the county does not prorate, saying how short', () => {
    const strict: RehabStandard = { ...HUNAN, rows: HUNAN.rows.map((r) => ({ ...r, proration: r.monthlyFen ? 'none' : r.proration })) };
    expect(computeRehabStandard(month({ standard: strict, sessions: sessions('2026-10', 1, 14) }))).toMatchObject({
      kind: 'left-out',
      reason: 'TOO_FEW',
      params: { count: 10, min: 16, unit: 'days' },
    });
    expect(amount(month({ standard: strict }))).toBe(150_000);
  });

  it('does not count absences, leave or self-paid sessions', () => {
    const mixed = sessions('2026-10').map((x, i) => ({ ...x, attendance: i < 3 ? ('absent' as const) : i < 5 ? ('leave' as const) : x.attendance, funding: i === 5 ? ('self' as const) : x.funding }));
    // 22 − 3 absent − 2 on leave − 1 self-paid = 16 days: the full month.
    expect(computeRehabStandard(month({ sessions: mixed }))).toMatchObject({ kind: 'line', quantity: 16, amountFen: 150_000 });
  });

  it('leaves out a child with no counted session, saying why', () => {
    expect(computeRehabStandard(month({ sessions: [] }))).toMatchObject({ kind: 'left-out', reason: 'NO_SERVICE' });
    expect(computeRehabStandard(month({ claimedIn: 'KF202610-01' }))).toMatchObject({ kind: 'left-out', reason: 'ALREADY_CLAIMED' });
  });

  it('stops at the 16th birthday even with the surgery extension, inside the month', () => {
    // Born 2010-10-15: 15 on 1 October 2026 (inside the extension to 16), 16 on the 15th.
    // 10 weekdays before the birthday: 240,000 × 10 ÷ 20 = 120,000.
    expect(computeRehabStandard(month({ standard: ZHEJIANG, birthDate: '2010-10-15', extension: 'limb_surgery' }))).toMatchObject({ kind: 'line', quantity: 10, amountFen: 120_000 });
  });
});

describe('rows by category', () => {
  const withMultiple: RehabRuleRow[] = [...HUNAN.rows, row({ category: 'multiple', monthlyFen: 180_000, maxMonthsPerYear: 10 })];

  it('prefers the category’s own row over the any row; 多重 has a row of its own when the county sets one', () => {
    expect(rowFor(withMultiple, 'multiple', 4, null)?.row.monthlyFen).toBe(180_000);
    expect(rowFor(HUNAN.rows, 'multiple', 4, null)?.row.monthlyFen).toBe(150_000);
    expect(rowFor(HUNAN.rows, 'visual', 4, null)?.row.lumpSumFen).toBe(100_000);
    expect(rowFor(HUNAN.rows, 'visual', 7, null)?.row.monthlyFen).toBe(50_000);
    expect(rowFor(HUNAN.rows, 'autism', 15, null)).toBeNull();
  });

  it('knows the age a child leaves the programme, with and without an extension', () => {
    expect(leavingAge(HUNAN.rows, 'hearing', null)).toBe(15);
    expect(leavingAge(ZHEJIANG.rows, 'physical', null)).toBe(7);
    expect(leavingAge(ZHEJIANG.rows, 'physical', 'limb_surgery')).toBe(16);
  });

  it('finds two rows of one category whose bands overlap', () => {
    expect(overlappingRows(HUNAN.rows)).toBeNull();
    expect(overlappingRows([row({ ageFrom: 0, ageTo: 7 }), row({ ageFrom: 6, ageTo: 15 })])).toEqual([0, 1]);
    expect(overlappingRows([row({ ageFrom: 0, ageTo: 7 }), row({ ageFrom: 7, ageTo: 15 })])).toBeNull();
    expect(overlappingRows([row({ category: 'visual' }), row({ category: 'any' })])).toBeNull();
  });
});

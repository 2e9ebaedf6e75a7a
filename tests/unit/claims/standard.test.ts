// Claims by the local standard through the service: a mixed centre's month under the Hunan county
// standard, with the approval on each enrolment, the rule path on each line and why a child was
// left out; one category and one lump sum a year across batches; versions past claims rest on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { person, therapist, weekdays } from './fixtures';
import type { BatchDetail } from '../../../db/claims/contract';
import { HUNAN } from './standards';

let t: TestService;
let therapistId: number;
let hour = 7;

interface Enrolled {
  personId: number;
  enrolmentId: number;
}

/** A child enrolled for relief from July 2026 with an attended session on each date (own hour each). */
function enrol(name: string, birthDate: string, category: string, approval: Record<string, unknown>, dates: string[]): Enrolled {
  const p = person(t, name, birthDate);
  const e = t.ok('rehab.enrolments.create', {
    personId: p.id,
    therapistId,
    category: category as 'autism',
    startDate: '2026-07-01',
    funding: 'relief',
    scheduleDays: '12345',
    scheduleTime: '09:00',
    scheduleMinutes: 40,
    ...approval,
  });
  hour += 1;
  for (const date of dates) {
    t.ok('rehab.sessions.log', { enrolmentId: e.id, therapistId, date, startTime: `${String(hour).padStart(2, '0')}:00`, minutes: 40, type: 'aba', attendance: 'present', note: '' });
  }
  return { personId: p.id, enrolmentId: e.id };
}

const APPROVED = { approvalNo: '湘康审〔2026〕7号', approvedFrom: '2026-01-01', approvedTo: '2026-12-31', eligibilityBasis: 'dibao' as const };
const lineOf = (b: BatchDetail, personId: number) => b.lines.find((l) => l.personId === personId && l.kind === 'claim');
const leftOf = (b: BatchDetail, personId: number) => b.leftOut.find((l) => l.personId === personId);
const build = (period: string) => t.ok('claims.batches.create', { programme: 'rehab', period });

beforeEach(() => {
  t = testService(); // today is 2026-11-22
  therapistId = therapist(t);
  hour = 7;
  t.ok('claims.standard.save', { effectiveFrom: '2026-01-01', rule: HUNAN });
  // The county serves children to 14: the centre enrols them to that age.
  t.ok('rehab.settings.update', { effectiveFrom: '2026-01-01', 'rehab.ageLimit': 15 });
});
afterEach(() => t.close());

describe('a month under the Hunan county standard', () => {
  it('claims each child by category and age, shows the rule path, and leaves out a child without approval', () => {
    const oct = weekdays('2026-10'); // 22 weekdays
    const autistic = enrol('甲小明', '2022-03-10', 'autism', APPROVED, oct);
    const blind = enrol('乙小红', '2021-05-02', 'visual', APPROVED, oct.slice(0, 3));
    const older = enrol('丙小刚', '2017-04-20', 'hearing', APPROVED, oct);
    const unapproved = enrol('丁小兰', '2022-01-15', 'autism', {}, oct);
    const several = enrol('戊小军', '2021-08-08', 'intellectual', { ...APPROVED, claimCategory: 'multiple' }, oct);
    const batch = build('2026-10');

    // 4 years old, 22 days ≥ 16: the full 1,500 yuan; month 1 of at most 10 this year.
    expect(lineOf(batch, autistic.personId)).toMatchObject({
      amountFen: 150_000,
      quantity: 22,
      path: { category: 'autism', ageFrom: 0, ageTo: 7, monthsSoFar: 0, maxMonths: 10, capReached: null, lumpSum: false },
    });
    // Visual, 5 years old: the yearly lump sum of 1,000 yuan, whatever the days.
    expect(lineOf(batch, blind.personId)).toMatchObject({ amountFen: 100_000, path: { category: 'visual', lumpSum: true } });
    // 9 years old: the 7–14 band, 500 yuan.
    expect(lineOf(batch, older.personId)).toMatchObject({ amountFen: 50_000, path: { ageFrom: 7, ageTo: 15 } });
    // Claimed under 多重 (the county has no row of its own for it: the row for every category).
    expect(lineOf(batch, several.personId)).toMatchObject({ amountFen: 150_000, contentCode: 'multiple', path: { category: 'multiple' } });
    expect(lineOf(batch, unapproved.personId)).toBeUndefined();
    expect(leftOf(batch, unapproved.personId)).toMatchObject({ reason: 'NO_APPROVAL' });
    // 1,500 + 1,000 + 500 + 1,500 = 4,500 yuan.
    expect(batch.totalFen).toBe(450_000);
  });

  it('counts parent training toward the month when the funds include it, and not otherwise', () => {
    const oct = weekdays('2026-10');
    const child = enrol('己小花', '2022-06-06', 'autism', APPROVED, oct.slice(0, 10)); // 10 session days
    for (const date of oct.slice(10, 16)) {
      t.ok('rehab.parentTraining.create', { enrolmentId: child.enrolmentId, date, parent: '妈妈', topic: '家庭训练指导', hours: 1 });
    }
    // Without: 10 days of the 16 for a full month, by days: 1,500 × 10 ÷ 16 = 937.50 yuan.
    const without = build('2026-10');
    expect(lineOf(without, child.personId)).toMatchObject({ amountFen: 93_750, quantity: 10 });
    t.ok('claims.batches.remove', { id: without.id, version: without.version });
    // With: 10 session days + 6 parent-training days = 16: the full 1,500 yuan.
    t.ok('claims.standard.save', { effectiveFrom: '2026-01-01', rule: { ...HUNAN, parentTraining: true } });
    const withTraining = build('2026-10');
    const line = lineOf(withTraining, child.personId)!;
    expect(line).toMatchObject({ amountFen: 150_000, quantity: 16 });
  });

  it('leaves out the sessions after the approved period ends and a child whose approval ended before the month', () => {
    const oct = weekdays('2026-10');
    const ending = enrol('甲小明', '2022-03-10', 'autism', { ...APPROVED, approvedTo: '2026-10-14' }, oct);
    const ended = enrol('乙小红', '2022-05-02', 'autism', { ...APPROVED, approvedTo: '2026-09-30' }, oct);
    const batch = build('2026-10');
    // 10 weekdays to the 14th, short of 16: 150,000 × 10 ÷ 16 = 93,750 fen.
    expect(lineOf(batch, ending.personId)).toMatchObject({ amountFen: 93_750, quantity: 10 });
    expect(leftOf(batch, ended.personId)).toMatchObject({ reason: 'APPROVAL_EXPIRED', params: { to: '2026-09-30' } });
  });

  it('claims one category a year and the lump sum once, across batches', () => {
    const child = enrol('甲小明', '2022-03-10', 'autism', APPROVED, [...weekdays('2026-09'), ...weekdays('2026-10')]);
    const blind = enrol('乙小红', '2021-05-02', 'visual', APPROVED, [...weekdays('2026-09'), ...weekdays('2026-10')]);
    const sep = build('2026-09');
    expect(lineOf(sep, blind.personId)).toMatchObject({ amountFen: 100_000 });
    t.ok('claims.batches.submit', { id: sep.id, version: sep.version });

    // The accountant changes the child's claim category in October: September chose autism.
    const e = t.ok('rehab.enrolments.get', { id: child.enrolmentId });
    t.ok('rehab.enrolments.update', { ...e, scheduleDays: e.scheduleDays, defaultType: e.defaultType, claimCategory: 'hearing', statusDate: '', id: e.id, version: e.version } as never);
    const oct = build('2026-10');
    expect(leftOf(oct, child.personId)).toMatchObject({ reason: 'CATEGORY_CHOSEN', params: { category: 'autism', number: sep.number, year: '2026' } });
    expect(leftOf(oct, blind.personId)).toMatchObject({ reason: 'LUMP_SUM_PAID', params: { number: sep.number } });
  });

  it('counts the months of a quarter towards the yearly months within one batch', () => {
    const child = enrol('甲小明', '2022-03-10', 'autism', APPROVED, [...weekdays('2026-07'), ...weekdays('2026-08'), ...weekdays('2026-09')]);
    const q3 = build('2026-Q3');
    const lines = q3.lines.filter((l) => l.personId === child.personId);
    expect(lines.map((l) => l.path?.monthsSoFar)).toEqual([0, 1, 2]);
    // July has 23 weekdays, August 21, September 22: each a full month, 3 × 150,000.
    expect(lines.reduce((s, l) => s + l.amountFen, 0)).toBe(450_000);
  });

  it('counts the months cap per calendar year: December is the last of 2025, January the first of 2026', () => {
    const oneMonth = { ...HUNAN, rows: HUNAN.rows.map((r) => ({ ...r, maxMonthsPerYear: r.maxMonthsPerYear === null ? null : 1 })) };
    t.ok('claims.standard.save', { effectiveFrom: '2025-01-01', rule: oneMonth });
    t.ok('claims.standard.save', { effectiveFrom: '2026-01-01', rule: oneMonth });
    const p = person(t, '甲小明', '2022-03-10');
    const e = t.ok('rehab.enrolments.create', {
      personId: p.id,
      therapistId,
      category: 'autism',
      startDate: '2025-11-01',
      funding: 'relief',
      scheduleDays: '12345',
      scheduleTime: '09:00',
      ...APPROVED,
      approvedFrom: '2025-11-01',
    });
    for (const date of [...weekdays('2025-11'), ...weekdays('2025-12'), ...weekdays('2026-01'), ...weekdays('2026-02')]) {
      t.ok('rehab.sessions.log', { enrolmentId: e.id, therapistId, date, startTime: '09:00', minutes: 40, type: 'aba', attendance: 'present', note: '' });
    }
    // November and December 2025 in one batch: November is the one month of 2025, December is over.
    const late2025 = t.ok('claims.batches.create', { programme: 'rehab', period: '2025-Q4' });
    expect(lineOf(late2025, p.id)).toMatchObject({ serviceFrom: '2025-11-01', path: { monthsSoFar: 0, maxMonths: 1, capReached: 'months' } });
    expect(leftOf(late2025, p.id)).toMatchObject({ serviceFrom: '2025-12-01', reason: 'MONTHS_CAP', params: { max: 1, counted: 1, year: '2025' } });
    t.ok('claims.batches.submit', { id: late2025.id, version: late2025.version });
    // January 2026 starts the count again; February is over it.
    const q1 = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-Q1' });
    expect(lineOf(q1, p.id)).toMatchObject({ serviceFrom: '2026-01-01', amountFen: 150_000, path: { monthsSoFar: 0 } });
    expect(leftOf(q1, p.id)).toMatchObject({ serviceFrom: '2026-02-01', reason: 'MONTHS_CAP', params: { year: '2026' } });
  });

  it('keeps the standard a sent batch rests on: the same version cannot be changed, a later one can', () => {
    enrol('甲小明', '2022-03-10', 'autism', APPROVED, weekdays('2026-10'));
    const oct = build('2026-10');
    t.ok('claims.batches.submit', { id: oct.id, version: oct.version });
    expect(t.err('claims.standard.save', { effectiveFrom: '2026-01-01', rule: HUNAN })).toMatchObject({ code: 'CLAIMS_RULE_IN_USE', params: { number: oct.number } });
    const raised = { ...HUNAN, rows: HUNAN.rows.map((r) => (r.monthlyFen === 150_000 ? { ...r, monthlyFen: 160_000 } : r)) };
    t.ok('claims.standard.save', { effectiveFrom: '2026-11-01', rule: raised });
    expect(t.ok('claims.batches.get', { id: oct.id }).totalFen).toBe(150_000);
  });

  it('refuses a standard whose rows overlap for one category, or a band that ends before it starts', () => {
    const overlap = { ...HUNAN, rows: [...HUNAN.rows, { ...HUNAN.rows[1]!, ageFrom: 5, ageTo: 9 }] };
    expect(t.err('claims.standard.save', { effectiveFrom: '2027-01-01', rule: overlap })).toMatchObject({ code: 'CLAIMS_ROWS_OVERLAP', field: 'rule.rows.3.ageFrom' });
    const err = t.err('claims.standard.save', { effectiveFrom: '2027-01-01', rule: { ...HUNAN, rows: [{ ...HUNAN.rows[1]!, ageFrom: 7, ageTo: 7 }] } });
    expect(JSON.stringify(err)).toContain('CLAIMS_BAND_EMPTY');
  });
});

describe('the relief approval on an enrolment', () => {
  it('keeps the approval number, period and basis, and refuses a period that ends before it starts', () => {
    const child = enrol('甲小明', '2022-03-10', 'autism', { ...APPROVED, eligibilityBasis: 'poverty_registered', eligibilityNote: '监测户' }, []);
    expect(t.ok('rehab.enrolments.get', { id: child.enrolmentId })).toMatchObject({
      approvalNo: '湘康审〔2026〕7号',
      approvedFrom: '2026-01-01',
      approvedTo: '2026-12-31',
      eligibilityBasis: 'poverty_registered',
      eligibilityNote: '监测户',
    });
    const p = person(t, '乙小红', '2022-05-02');
    const err = t.err('rehab.enrolments.create', {
      personId: p.id,
      therapistId,
      category: 'autism',
      startDate: '2026-07-01',
      funding: 'relief',
      approvalNo: 'X1',
      approvedFrom: '2026-05-01',
      approvedTo: '2026-04-30',
      ageExtension: 'not_in_school',
    });
    expect(err.details?.map((d) => [d.code, d.field])).toEqual(
      expect.arrayContaining([
        ['REHAB_APPROVAL_PERIOD', 'approvedTo'],
        ['REHAB_EXTENSION_NOTE_REQUIRED', 'ageExtensionNote'],
      ]),
    );
  });
});

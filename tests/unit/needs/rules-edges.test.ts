// The 精准康复 rules at the edges a mutation sample slipped past (npm run mutate): the first and
// last day of each period, the people behind a rate in order, the month ends of the monthly
// chart, targets, and the canonical text a checksum is taken over. Expected values are worked
// out by hand from the plans' rules.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  coverage,
  employmentRate,
  meetsTarget,
  monthEnds,
  openIn,
  preciseCoverage,
  reminderState,
  visitPeriods,
  type NeedSpan,
} from '../../../db/needs/rules';

const Q4 = { from: '2026-10-01', to: '2026-12-31' };

describe('month ends of a year up to today', () => {
  it.each([
    ['a month begun today', 2026, '2026-03-01', ['2026-01-31', '2026-02-28', '2026-03-31']],
    ['the last day of February', 2026, '2026-02-28', ['2026-01-31', '2026-02-28']],
    ['a future year', 2027, '2026-11-29', []],
  ])('%s', (_name, year, today, ends) => {
    expect(monthEnds(year, today)).toEqual(ends);
  });
  it('gives all twelve of a past leap year, 29 February included', () => {
    const ends = monthEnds(2024, '2026-11-29');
    expect(ends).toHaveLength(12);
    expect(ends[1]).toBe('2024-02-29');
    expect(ends[11]).toBe('2024-12-31');
  });
});

describe('targets', () => {
  it.each([
    [700, 700, true],
    [699, 700, false],
    [701, 700, true],
    [null, 700, null],
    [700, null, null],
  ])('a rate of %s‰ against %s‰', (rate, target, met) => {
    expect(meetsTarget(rate, target)).toBe(met);
  });
});

describe('visits: the first and last day of a quarter', () => {
  const adult = { birthDate: '1980-01-01', level: 1, since: '2020-01-01' };
  it('a quarter that begins today is due from today', () => {
    expect(visitPeriods(adult, [], 2026, '2026-10-01', 7).map((p) => p.quarter)).toEqual([1, 2, 3, 4]);
  });
  it('someone registered on the last day of a quarter owes that quarter’s visit', () => {
    expect(visitPeriods({ ...adult, since: '2026-09-30' }, [], 2026, '2026-11-29', 7).map((p) => p.quarter)).toEqual([3, 4]);
  });
  it('a visit on the last day of the quarter counts for it', () => {
    const q3 = visitPeriods(adult, ['2026-09-30'], 2026, '2026-11-29', 7).find((p) => p.quarter === 3);
    expect(q3!.done).toBe(true);
  });
  it('a past year is judged by the age at its end, not today’s (a child who turned 7 in January)', () => {
    const child = { birthDate: '2020-01-05', level: null, since: '2020-02-01' };
    // On 2026-12-31 the child was 6: quarterly visits in 2026, though 7 on 2027-02-01.
    expect(visitPeriods(child, [], 2026, '2027-02-01', 7).map((p) => p.quarter)).toEqual([1, 2, 3, 4]);
  });
});

describe('expiry reminders on the day of expiry', () => {
  it('are still owed on the day the certificate expires, and a reminder that day counts', () => {
    // Expiry 2026-12-31: first from 2026-06-30, second from 2026-11-30.
    expect(reminderState('2026-12-31', ['2026-07-01', '2026-12-31'], '2026-12-31')).toEqual({
      firstFrom: '2026-06-30',
      secondFrom: '2026-11-30',
      lacksFirst: false,
      lacksSecond: false,
    });
  });
  it('are no longer owed the day after', () => {
    expect(reminderState('2026-12-31', [], '2027-01-01')).toBeNull();
  });
});

describe('rates: the first and last day of the period', () => {
  const need = (personId: number, recordedOn: string, closedOn: string | null = null): NeedSpan => ({ personId, recordedOn, closedOn });

  it('a need recorded on the last day or closed on the first day is open in the period', () => {
    expect(openIn(need(1, '2026-12-31'), Q4)).toBe(true);
    expect(openIn(need(1, '2026-01-01', '2026-10-01'), Q4)).toBe(true);
    expect(openIn(need(1, '2027-01-01'), Q4)).toBe(false);
    expect(openIn(need(1, '2026-01-01', '2026-09-30'), Q4)).toBe(false);
  });

  it('a service on the first or the last day counts; the people are listed in ascending order', () => {
    const rate = coverage(
      [need(10, '2026-01-01'), need(9, '2026-01-01'), need(2, '2026-01-01')],
      [
        { personId: 10, date: '2026-10-01' },
        { personId: 2, date: '2026-12-31' },
        { personId: 9, date: '2027-01-01' },
      ],
      Q4,
    );
    expect(rate).toEqual({ numerator: 2, denominator: 3, permille: 666, numeratorIds: [2, 10], denominatorIds: [2, 9, 10] });
  });

  it('a plan confirmed on the last day of the period counts for its services', () => {
    const rate = preciseCoverage([need(1, '2026-01-01')], [{ personId: 1, date: '2026-11-02' }], [{ personId: 1, confirmedOn: '2026-12-31' }], Q4);
    expect(rate.numerator).toBe(1);
  });

  it('employment on a date: a certificate expiring that day still counts; a job running that day counts, one starting after or ended before does not', () => {
    const holder = (personId: number) => ({ personId, sex: 'M' as const, birthDate: '1980-01-01', hasCert: true, certExpiry: '2026-12-31' });
    const rate = employmentRate(
      [holder(1), holder(2), holder(3), holder(4)],
      [
        { personId: 1, startDate: '2026-12-31', endDate: '2026-12-31' },
        { personId: 2, startDate: '2027-01-01', endDate: null },
        { personId: 3, startDate: '2025-01-01', endDate: '2026-12-30' },
        { personId: 4, startDate: '2025-01-01', endDate: null },
      ],
      '2026-12-31',
    );
    expect(rate).toEqual({ numerator: 2, denominator: 4, permille: 500, numeratorIds: [1, 4], denominatorIds: [1, 2, 3, 4] });
  });
});

describe('the canonical text a checksum is taken over', () => {
  it('sorts keys at every depth, inside arrays too, and leaves out undefined values', () => {
    expect(canonicalJson({ c: 3, a: [{ z: 1, b: undefined, y: 'x' }, 2], b: null })).toBe('{"a":[{"y":"x","z":1},2],"b":null,"c":3}');
  });
});

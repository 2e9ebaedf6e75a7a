// The rules of 精准康复 at their boundaries: reissued certificate numbers, visits by calendar
// quarter, the two expiry reminders, working age, and each rate on hand-computed fixtures.
import { describe, expect, it } from 'vitest';
import { parseCertNumber, checkPerson } from '../../../db/people/rules';
import {
  canonicalJson,
  coverage,
  childNeeds,
  employmentRate,
  isWorkingAge,
  metByFits,
  permille,
  preciseCoverage,
  quarterOf,
  reminderState,
  visitCadence,
  visitPeriods,
  type NeedSpan,
} from '../../../db/needs/rules';
import { makeId } from '../../support/ids';

const id = makeId('2019-03-08', 21);

describe('reissued certificate numbers', () => {
  it.each([
    [`${id}52`, `${id}52`, 0],
    [`${id}52B1`, `${id}52B1`, 1],
    [`${id}52b2`, `${id}52B2`, 2],
    [`${id}52 B12`, `${id}52B12`, 12],
    [`${id}52B99`, `${id}52B99`, 99],
  ])('accepts %s as %s (reissue %i)', (raw, number, reissue) => {
    expect(parseCertNumber(raw, id)).toEqual({ ok: true, value: { certNumber: number, base: `${id}52`, reissue, category: 5, level: 2 } });
  });
  it.each([
    [`${id}52B0`, 'PERSON_CERT_REISSUE'],
    [`${id}52B01`, 'PERSON_CERT_REISSUE'],
    [`${id}52B100`, 'PERSON_CERT_REISSUE'],
    [`${id}52B`, 'PERSON_CERT_FORMAT'],
    [`${id}52C1`, 'PERSON_CERT_FORMAT'],
    [`${id}52B1X`, 'PERSON_CERT_FORMAT'],
    [`${id}5`, 'PERSON_CERT_FORMAT'],
  ])('refuses %s with %s', (raw, code) => {
    const result = parseCertNumber(raw, id);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });
  it('checks the 20 characters before the suffix as for a first issue', () => {
    expect(parseCertNumber(`${id}82B1`, id)).toEqual({ ok: false, error: { code: 'PERSON_CERT_CATEGORY', params: { digit: '8' } } });
    expect(parseCertNumber(`${makeId('2019-03-08', 23)}52B1`, id)).toEqual({ ok: false, error: { code: 'PERSON_CERT_PREFIX' } });
  });
  it('lets a person record carry a reissued number, with category and level from it', () => {
    const blank = { category: null, level: null, phone: '', guardianName: '家长', guardianPhone: '' };
    const result = checkPerson({ ...blank, idNumber: id, certNumber: `${id}52B3`, certExpiry: '2030-01-01' }, '2026-11-22');
    expect(result.issues).toEqual([]);
    expect(result.cert).toMatchObject({ certNumber: `${id}52B3`, reissue: 3, category: 5, level: 2 });
  });
});

describe('visits by calendar quarter', () => {
  it.each([
    [{ age: 0, level: null }, 'quarterly'],
    [{ age: 6, level: 4 }, 'quarterly'],
    [{ age: 7, level: 1 }, 'yearly'], // a child of 7–17 is not a 0–6 child nor a severe adult
    [{ age: 17, level: 2 }, 'yearly'],
    [{ age: 18, level: 2 }, 'quarterly'],
    [{ age: 40, level: 1 }, 'quarterly'],
    [{ age: 40, level: 3 }, 'yearly'],
    [{ age: 40, level: null }, 'yearly'],
  ] as const)('visits %o %s', (p, cadence) => {
    expect(visitCadence(p, 7)).toBe(cadence);
  });
  it('puts dates in their calendar quarter', () => {
    expect(['2026-01-01', '2026-03-31', '2026-04-01', '2026-09-30', '2026-10-01', '2026-12-31'].map(quarterOf)).toEqual([1, 1, 2, 3, 4, 4]);
  });
  it('needs a visit in each quarter: two visits in one quarter do not cover the next', () => {
    const child = { birthDate: '2022-05-01', level: null, since: '2025-01-01' };
    const periods = visitPeriods(child, ['2026-02-10', '2026-03-30', '2026-10-01'], 2026, '2026-11-22', 7);
    expect(periods.map((p) => [p.quarter, p.done])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, true],
    ]);
  });
  it('counts only quarters begun by today and after the person joined the register', () => {
    const child = { birthDate: '2022-05-01', level: null, since: '2026-05-20' };
    expect(visitPeriods(child, [], 2026, '2026-08-01', 7).map((p) => p.quarter)).toEqual([2, 3]);
  });
  it('asks once a year of everyone else', () => {
    const adult = { birthDate: '1980-01-01', level: 3, since: '2020-01-01' };
    expect(visitPeriods(adult, ['2026-06-01'], 2026, '2026-11-22', 7)).toEqual([
      { quarter: 0, period: { from: '2026-01-01', to: '2026-12-31' }, due: true, done: true },
    ]);
  });
});

describe('certificate expiry reminders (≤ 6 months and ≤ 1 month, both inclusive)', () => {
  const expiry = '2027-03-15';
  it.each([
    // today, reminders, expected
    ['2026-09-14', [], null], // more than six months remain
    ['2026-09-15', [], { lacksFirst: true, lacksSecond: false }], // exactly six months: the first is owed
    ['2026-12-01', ['2026-09-15'], { lacksFirst: false, lacksSecond: false }],
    ['2026-12-01', ['2026-09-14'], { lacksFirst: true, lacksSecond: false }], // a day too early to count
    ['2027-02-15', ['2026-10-01'], { lacksFirst: false, lacksSecond: true }], // exactly one month: the second is owed
    ['2027-02-15', ['2026-10-01', '2027-02-15'], { lacksFirst: false, lacksSecond: false }],
    ['2027-02-20', ['2027-02-16'], { lacksFirst: true, lacksSecond: false }], // one reminder is not two
    ['2027-02-20', ['2027-02-16', '2027-02-18'], { lacksFirst: false, lacksSecond: false }],
    ['2027-03-16', [], null], // expired: on the expired list instead
  ] as const)('on %s with reminders %j', (today, reminders, expected) => {
    const state = reminderState(expiry, reminders, today);
    if (expected === null) expect(state).toBeNull();
    else expect(state).toMatchObject(expected);
  });
});

describe('working age (men 16–59, women 16–54)', () => {
  it.each([
    ['M', '2010-11-23', false], // 15 on 2026-11-22
    ['M', '2010-11-22', true], // 16 today
    ['M', '1966-11-23', true], // 59
    ['M', '1966-11-22', false], // 60 today
    ['F', '1971-11-23', true], // 54
    ['F', '1971-11-22', false], // 55 today
  ] as const)('%s born %s: %s', (sex, birth, expected) => {
    expect(isWorkingAge(sex, birth, '2026-11-22')).toBe(expected);
  });
});

describe('rates, counted in persons', () => {
  const year = { from: '2026-01-01', to: '2026-12-31' };
  it('rounds per mille down, as the return statistics do, so a rate never shows a target met that is not', () => {
    expect([permille(2, 3), permille(1, 3), permille(1, 8), permille(0, 5), permille(5, 5), permille(3, 0), permille(989, 1000), permille(9899, 10000)]).toEqual([
      666, 333, 125, 0, 1000, null, 989, 989,
    ]);
  });

  it('counts a person with several needs and services in several quarters once', () => {
    const needs: NeedSpan[] = [
      { personId: 1, recordedOn: '2026-01-10', closedOn: null },
      { personId: 1, recordedOn: '2026-05-01', closedOn: null }, // a second need of person 1
      { personId: 2, recordedOn: '2026-02-01', closedOn: '2026-06-30' },
      { personId: 3, recordedOn: '2025-11-01', closedOn: '2025-12-31' }, // closed before the year: not counted
      { personId: 4, recordedOn: '2026-03-01', closedOn: '2026-04-01', withdrawn: true }, // withdrawn: not counted
      { personId: 5, recordedOn: '2026-07-01', closedOn: null },
    ];
    const served = [
      { personId: 1, date: '2026-02-03' },
      { personId: 1, date: '2026-05-10' },
      { personId: 1, date: '2026-09-01' },
      { personId: 2, date: '2026-06-01' },
      { personId: 6, date: '2026-06-01' }, // served without a recorded need: outside the rate
      { personId: 5, date: '2025-12-01' }, // served last year only
    ];
    // Denominator {1, 2, 5} = 3 persons; numerator {1, 2} = 2 persons → 2/3 = 666‰ (rounded down).
    expect(coverage(needs, served, year)).toEqual({ numerator: 2, denominator: 3, permille: 666, numeratorIds: [1, 2], denominatorIds: [1, 2, 5] });
    // By the end of March only person 1 and 2 have needs, and only 1 was served: 1/2 = 500‰.
    expect(coverage(needs, served, { from: '2026-01-01', to: '2026-03-31' })).toMatchObject({ numerator: 1, denominator: 2, permille: 500 });
  });

  it('counts 精准康复 only where the service follows a confirmed plan', () => {
    const needs: NeedSpan[] = [
      { personId: 1, recordedOn: '2026-01-10', closedOn: null },
      { personId: 2, recordedOn: '2026-01-10', closedOn: null },
      { personId: 3, recordedOn: '2026-01-10', closedOn: null },
      { personId: 4, recordedOn: '2026-01-10', closedOn: null },
    ];
    const served = [1, 2, 3].map((personId) => ({ personId, date: '2026-03-01' }));
    const plans = [
      { personId: 1, confirmedOn: '2026-02-01' },
      { personId: 4, confirmedOn: '2026-02-01' }, // planned but not served
      { personId: 2, confirmedOn: '2027-01-05' }, // confirmed after the year
    ];
    // Basic: 3 of 4 served = 750‰. Precise: only person 1 (plan confirmed and served) = 1/4 = 250‰.
    expect(coverage(needs, served, year).permille).toBe(750);
    expect(preciseCoverage(needs, served, plans, year)).toMatchObject({ numerator: 1, denominator: 4, permille: 250, numeratorIds: [1] });
  });

  it('takes 0–6 children by their age when their need was open in the period', () => {
    const needs = [
      { personId: 1, recordedOn: '2026-03-01', closedOn: null, birthDate: '2019-06-01' }, // 6 on 2026-03-01
      { personId: 2, recordedOn: '2026-03-01', closedOn: null, birthDate: '2019-02-28' }, // 7 on 2026-03-01
      { personId: 3, recordedOn: '2025-10-01', closedOn: null, birthDate: '2019-01-01' }, // 7 on 2026-01-01 (the period's start)
      { personId: 4, recordedOn: '2025-10-01', closedOn: null, birthDate: '2019-01-02' }, // 6 on 2026-01-01
    ];
    expect(childNeeds(needs, year, 7).map((n) => n.personId)).toEqual([1, 4]);
  });

  it('computes the employment rate over working-age holders of a valid certificate', () => {
    const on = '2026-11-22';
    const people = [
      { personId: 1, sex: 'M' as const, birthDate: '1980-01-01', hasCert: true, certExpiry: '2030-01-01' }, // 46, employed
      { personId: 2, sex: 'F' as const, birthDate: '1970-01-01', hasCert: true, certExpiry: '2030-01-01' }, // 56: past women's working age
      { personId: 3, sex: 'M' as const, birthDate: '1968-01-01', hasCert: true, certExpiry: '2030-01-01' }, // 58, not employed
      { personId: 4, sex: 'F' as const, birthDate: '1990-01-01', hasCert: true, certExpiry: '2026-11-21' }, // certificate expired
      { personId: 5, sex: 'F' as const, birthDate: '1990-01-01', hasCert: true, certExpiry: null }, // employed (two placements)
      { personId: 6, sex: 'M' as const, birthDate: '1990-01-01', hasCert: true, certExpiry: '2030-01-01' }, // job ended
    ];
    const placements = [
      { personId: 1, startDate: '2025-01-01', endDate: null },
      { personId: 2, startDate: '2025-01-01', endDate: null },
      { personId: 5, startDate: '2026-01-01', endDate: null },
      { personId: 5, startDate: '2026-06-01', endDate: '2026-12-31' },
      { personId: 6, startDate: '2025-01-01', endDate: '2026-10-31' },
    ];
    // Denominator {1, 3, 5, 6} = 4; numerator {1, 5} = 2 → 500‰.
    expect(employmentRate(people, placements, on)).toEqual({ numerator: 2, denominator: 4, permille: 500, numeratorIds: [1, 5], denominatorIds: [1, 3, 5, 6] });
  });
});

describe('needs and the services that meet them', () => {
  it.each([
    ['rehab', 'rehab_enrolment', true],
    ['rehab', 'device_fitting', true],
    ['rehab', 'placement', false],
    ['device', 'device_fitting', true],
    ['device', 'rehab_enrolment', false],
    ['training', 'training_enrolment', true],
    ['employment', 'placement', true],
    ['employment', 'referral', true],
  ] as const)('a %s need met by %s: %s', (kind, metBy, fits) => {
    expect(metByFits(kind, metBy)).toBe(fits);
  });
  it('writes canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }] })).toBe(canonicalJson({ a: [{ c: 'x', d: 2 }], b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});

describe('a reissued certificate number in an imported roster', () => {
  it('is read from a spreadsheet cell as typed (full-width, lower-case b, spaces) and kept whole', async () => {
    const { checkRosterRow, mapHeaders } = await import('../../../db/training/roster-rules');
    const adult = makeId('1985-06-01', 31);
    const columns = mapHeaders(['姓名', '身份证号', '残疾人证号', '证件有效期', '户籍']);
    const typed = `${adult}43`.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) + ' ｂ２';
    const row = checkRosterRow(2, ['周补证', adult, typed, '2035-06-01', '城镇'], columns, '2026-11-22');
    expect(row.newPersonIssues).toEqual([]);
    expect(row.person).toMatchObject({ certNumber: `${adult}43B2`, category: 4, level: 3 });
  });
});

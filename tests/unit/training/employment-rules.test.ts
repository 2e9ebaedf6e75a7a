// The rules of employment in the national terms, at their boundaries: working age, the quota
// standing of an employer with fractional required persons, the above-quota reward in fen, the
// mapping of the earlier placement types, and employment some months after completing.
import { describe, expect, it } from 'vitest';
import {
  EMPLOYMENT_FORMS,
  LEGACY_PLACEMENT_TYPES,
  LEGACY_TO_FORM,
  employedAfter,
  employmentFormOf,
  isWorkingAge,
  multipleTenthsOf,
  outcomeRates,
  personsText,
  quotaStanding,
  rewardPerPersonFen,
  sharePermille,
} from '../../../db/training/employment-rules';
import { checkClassEnded, checkHours } from '../../../db/training/rules';

describe('就业形式 codes', () => {
  it('are the seven forms of the dynamic survey, in its order', () => {
    expect(EMPLOYMENT_FORMS).toEqual(['quota', 'centralised', 'individual', 'public_welfare', 'assisted', 'rural', 'flexible']);
  });

  it.each([
    ['centralised', 'centralised'],
    ['quota', 'quota'],
    ['assisted', 'assisted'],
    ['supported', 'quota'],
    ['self_employed', 'individual'],
    ['flexible', 'flexible'],
    ['home_based', 'flexible'],
    ['public_welfare', 'public_welfare'],
  ] as const)('maps the earlier type %s to %s', (legacy, form) => {
    expect(LEGACY_TO_FORM[legacy]).toBe(form);
    expect(employmentFormOf(legacy)).toBe(form);
  });

  it('maps every earlier type, keeps a national code as it is and knows nothing else', () => {
    expect(Object.keys(LEGACY_TO_FORM).sort()).toEqual([...LEGACY_PLACEMENT_TYPES].sort());
    expect(employmentFormOf('rural')).toBe('rural');
    expect(employmentFormOf('individual')).toBe('individual');
    expect(employmentFormOf('juggling')).toBeNull();
  });
});

describe('working age (men 16–59, women 16–54)', () => {
  it.each([
    ['M', '2010-11-22', true], // 16 today
    ['M', '2010-11-23', false], // 15, 16 tomorrow
    ['M', '1966-11-23', true], // 59
    ['M', '1966-11-22', false], // 60 today
    ['F', '1971-11-23', true], // 54
    ['F', '1971-11-22', false], // 55 today
    ['F', '2010-11-22', true],
  ] as const)('%s born %s is of working age on 2026-11-22: %s', (sex, birth, expected) => {
    expect(isWorkingAge(sex, birth, '2026-11-22')).toBe(expected);
  });
});

describe('quota standing (required persons kept as a fraction; whole extra persons rewarded)', () => {
  it.each([
    // staff, disabled, severe, share (‱), required, counted, standing, extra
    [150, 2, 0, 150, '2.25', 2, 'below', 0], // 150 × 1.5% = 2.25 > 2
    [150, 3, 0, 150, '2.25', 3, 'at', 0], // 0.75 over: no whole person
    [150, 4, 0, 150, '2.25', 4, 'above', 1], // 1.75 over: 1 whole person
    [150, 2, 1, 150, '2.25', 3, 'at', 0], // a level 1–2 employee counts twice: 2 + 1 = 3
    [100, 2, 0, 150, '1.5', 2, 'at', 0],
    [100, 3, 0, 150, '1.5', 3, 'above', 1], // 1.5 over → 1
    [200, 2, 0, 150, '3', 2, 'below', 0],
    [200, 3, 0, 150, '3', 3, 'at', 0], // exactly the quota
    [200, 4, 0, 150, '3', 4, 'above', 1],
    [200, 6, 2, 150, '3', 8, 'above', 5],
    [200, 4, 0, 200, '4', 4, 'at', 0], // a province at 2%
    [0, 0, 0, 150, '0', 0, 'at', 0],
    [0, 1, 0, 150, '0', 1, 'above', 1],
  ] as const)('%i staff, %i disabled (%i severe) at %i‱: %s required, %i counted, %s, %i extra', (staff, disabled, severe, share, required, counted, standing, extra) => {
    const q = quotaStanding({ staffCount: staff, disabledEmployees: disabled, severeEmployees: severe }, share);
    expect({ required: personsText(q.requiredE4), counted: q.counted, standing: q.standing, extra: q.extraPersons }).toEqual({ required, counted, standing, extra });
  });

  it.each([
    [22500, '2.25'],
    [15000, '1.5'],
    [30000, '3'],
    [0, '0'],
    [12345, '1.2345'],
    [5, '0.0005'],
  ])('writes %i ten-thousandths of a person as %s', (e4, text) => {
    expect(personsText(e4)).toBe(text);
  });
});

describe('above-quota reward per extra person (Alxa: 5× the local monthly minimum wage a year)', () => {
  it.each([
    // wage (fen), multiple, months, fen per person
    [198_000, 5, 12, 990_000], // 1,980 × 5 = 9,900 yuan for a full year
    [198_000, 5, 7, 577_500], // 9,900 × 7 ÷ 12 = 5,775 yuan
    [185_000, 5, 5, 385_416], // 9,250 × 5 ÷ 12 = 3,854.1666… yuan → 3,854.16 (rounded down to the fen)
    [198_000, 2.5, 12, 495_000], // 1,980 × 2.5 = 4,950 yuan
    [198_000, 5, 1, 82_500], // 9,900 ÷ 12 = 825 yuan
    [1, 5, 1, 0], // 0.4166… fen → 0
  ])('wage %i fen × %s × %i months ÷ 12 = %i fen', (wage, multiple, months, fen) => {
    expect(rewardPerPersonFen(wage, multipleTenthsOf(multiple), months)).toBe(fen);
  });
});

describe('completion waits for the end of the class and its minimum hours', () => {
  it.each([
    ['2026-11-29', '2026-11-30', { code: 'TRAINING_COMPLETION_BEFORE_END', params: { end: '2026-11-30', date: '2026-11-29' } }],
    ['2026-11-30', '2026-11-30', null],
    ['2026-12-01', '2026-11-30', null],
  ] as const)('completing on %s a class ending %s', (completedOn, end, expected) => {
    expect(checkClassEnded(completedOn, end)).toEqual(expected);
  });

  it.each([
    [15, 16, { code: 'TRAINING_HOURS_BELOW_MIN', params: { hours: 15, min: 16, missing: 1 } }],
    [16, 16, null],
    [17, 16, null],
    [0, 0, null],
    [0, 40, { code: 'TRAINING_HOURS_BELOW_MIN', params: { hours: 0, min: 40, missing: 40 } }],
  ] as const)('%i hours against a minimum of %i', (hours, min, expected) => {
    expect(checkHours(hours, min)).toEqual(expected);
  });
});

describe('employment after completing', () => {
  const placedFrom = (startDate: string, endDate = '') => [{ startDate, endDate }];

  it.each([
    ['2026-03-31', 6, placedFrom('2026-09-30'), '2026-11-22', 'employed'], // 6 months after 31 March is 30 September
    ['2026-03-31', 6, placedFrom('2026-10-01'), '2026-11-22', 'not_employed'],
    ['2026-03-31', 6, placedFrom('2026-04-01', '2026-09-29'), '2026-11-22', 'not_employed'], // left the day before
    ['2026-03-31', 6, placedFrom('2026-04-01', '2026-09-30'), '2026-11-22', 'employed'],
    ['2026-03-31', 6, [], '2026-09-29', 'pending'], // the day has not come
    ['2026-03-31', 6, [], '2026-09-30', 'not_employed'],
  ] as const)('completed %s, %i months on, placements %j, today %s: %s', (completed, months, spells, today, state) => {
    expect(employedAfter(completed, months, spells, today)).toBe(state);
  });

  it('counts working-age persons once each, with the people behind the rate', () => {
    const rates = outcomeRates(
      [
        // The same person completing a second class (listed first): counted once, from the earlier completion.
        { personId: 1, sex: 'M', birthDate: '1990-01-01', completedOn: '2026-05-31', spells: [{ startDate: '2026-08-01', endDate: '' }] },
        { personId: 1, sex: 'M', birthDate: '1990-01-01', completedOn: '2026-03-31', spells: [{ startDate: '2026-08-01', endDate: '' }] },
        { personId: 2, sex: 'F', birthDate: '1992-01-01', completedOn: '2026-03-31', spells: [] },
        // A woman of 58 is past working age: not counted.
        { personId: 3, sex: 'F', birthDate: '1968-01-01', completedOn: '2026-03-31', spells: [{ startDate: '2026-04-01', endDate: '' }] },
        // And one whose later completion is listed last: still counted from the earlier one.
        { personId: 4, sex: 'F', birthDate: '1993-01-01', completedOn: '2026-03-31', spells: [{ startDate: '2026-09-01', endDate: '' }] },
        { personId: 4, sex: 'F', birthDate: '1993-01-01', completedOn: '2026-05-31', spells: [{ startDate: '2026-09-01', endDate: '' }] },
      ],
      [3, 6, 12],
      '2026-11-22',
    );
    // 6 months after 31 March is 30 September: persons 1 (since 1 August) and 4 (since 1 September) in work, 2 not.
    expect(rates).toEqual([
      { months: 3, due: 3, employed: 0, permille: 0, pending: 0, employedIds: [], notEmployedIds: [1, 2, 4] },
      { months: 6, due: 3, employed: 2, permille: 666, pending: 0, employedIds: [1, 4], notEmployedIds: [2] },
      { months: 12, due: 0, employed: 0, permille: null, pending: 3, employedIds: [], notEmployedIds: [] },
    ]);
  });

  it('gives shares in tenths of a percent rounded down, none of nobody', () => {
    expect(sharePermille(1, 3)).toBe(333);
    expect(sharePermille(2, 3)).toBe(666);
    expect(sharePermille(3, 3)).toBe(1000);
    expect(sharePermille(0, 0)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ABANDON_REASONS,
  DEFAULT_FOLLOWUP_RULES,
  DEFAULT_SUBSIDY_RULES,
  DEVICE_CLASSES,
  FOLLOWUP_OUTCOMES,
  addDays,
  computeSubsidy,
  deviceKind,
  doneRate,
  findEarlyReplacement,
  nextFollowupDue,
  normaliseIsoCode,
  replaceableFrom,
  roundHalfUp,
  type SubsidyItem,
  type SubsidyRules,
  basicAboveCap,
} from '../../../db/devices/rules';
import { SUPPORT_STATUSES, type SupportStatus } from '../../../db/people/rules';

const wheelchair: SubsidyItem = { deviceClass: 'mobility', basic: true, subsidyCapFen: 80_000 };
const powerChair: SubsidyItem = { deviceClass: 'mobility', basic: false, subsidyCapFen: 300_000 };

/** The rule table the tests read against (the shipped default; written out so a change shows). */
const rules: SubsidyRules = {
  freeBasicStatuses: ['registered_poor', 'monitor_unstable', 'monitor_marginal', 'monitor_sudden', 'dibao', 'tekun'],
  statusPercents: {
    registered_poor: 80,
    monitor_unstable: 80,
    monitor_marginal: 80,
    monitor_sudden: 80,
    dibao: 80,
    tekun: 80,
    dibao_marginal: 70,
    living_allowance: 70,
    care_allowance: 70,
  },
  defaultPercent: 50,
  classCapsFen: { mobility: null, prosthetic_orthotic: null, hearing: null, vision: null, daily_living: null, communication: null },
};

describe('codes and fallbacks', () => {
  // Return packages carry the device class as this code (db/returns/FORMAT.md).
  it('names device classes, follow-up outcomes and reasons for abandoning a device with fixed codes', () => {
    expect(DEVICE_CLASSES).toEqual(['mobility', 'prosthetic_orthotic', 'hearing', 'vision', 'daily_living', 'communication']);
    expect(FOLLOWUP_OUTCOMES).toEqual(['in_use', 'needs_adjustment', 'abandoned']);
    expect(ABANDON_REASONS).toEqual(['discomfort', 'unsuitable', 'broken', 'not_needed', 'other']);
  });

  it('visits three months after a fitting and a month after an adjustment until a centre sets its own', () => {
    expect(DEFAULT_FOLLOWUP_RULES).toEqual({ afterFittingMonths: 3, afterAdjustmentMonths: 1 });
  });
});

describe('the shipped default rules', () => {
  it('are the rule table these tests are written against', () => {
    expect(DEFAULT_SUBSIDY_RULES).toEqual({ ...rules, freeBasicStatuses: expect.arrayContaining(rules.freeBasicStatuses) });
    expect(DEFAULT_SUBSIDY_RULES.freeBasicStatuses).toHaveLength(rules.freeBasicStatuses.length);
  });
});

describe('subsidy split for each support status', () => {
  // status, basic wheelchair (cost 800.00, cap 800.00), power chair (cost 6,000.00, cap 3,000.00)
  const table: [SupportStatus | 'none', { rule: string; subsidy: number }, { rule: string; subsidy: number }][] = [
    ['registered_poor', { rule: 'free_basic', subsidy: 80_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['monitor_unstable', { rule: 'free_basic', subsidy: 80_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['monitor_marginal', { rule: 'free_basic', subsidy: 80_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['monitor_sudden', { rule: 'free_basic', subsidy: 80_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['dibao', { rule: 'free_basic', subsidy: 80_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['tekun', { rule: 'free_basic', subsidy: 80_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['dibao_marginal', { rule: 'status_percent', subsidy: 56_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['living_allowance', { rule: 'status_percent', subsidy: 56_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['care_allowance', { rule: 'status_percent', subsidy: 56_000 }, { rule: 'status_percent', subsidy: 300_000 }],
    ['none', { rule: 'default_percent', subsidy: 40_000 }, { rule: 'default_percent', subsidy: 300_000 }],
  ];

  it('covers every support status the register knows', () => {
    expect(table.map(([s]) => s).filter((s) => s !== 'none').sort()).toEqual([...SUPPORT_STATUSES].sort());
  });

  it.each(table)('%s: basic wheelchair and non-basic power chair', (status, basic, other) => {
    const statuses = status === 'none' ? [] : [status];
    const a = computeSubsidy(80_000, wheelchair, statuses, rules);
    expect({ rule: a.ruleApplied, subsidy: a.subsidyFen }).toEqual(basic);
    expect(a.selfPaidFen).toBe(80_000 - basic.subsidy);
    expect(a.status).toBe(status === 'none' ? null : status);
    const b = computeSubsidy(600_000, powerChair, statuses, rules);
    expect({ rule: b.ruleApplied, subsidy: b.subsidyFen }).toEqual(other);
    expect(b.selfPaidFen).toBe(600_000 - other.subsidy);
  });

  it('gives the non-basic percentage without the cap in the way: 80% for the poor, 70% others, 50% default', () => {
    const item: SubsidyItem = { deviceClass: 'vision', basic: false, subsidyCapFen: 1_000_000 };
    expect(computeSubsidy(100_000, item, ['dibao'], rules)).toMatchObject({ subsidyFen: 80_000, percent: 80, capped: false });
    expect(computeSubsidy(100_000, item, ['care_allowance'], rules)).toMatchObject({ subsidyFen: 70_000, percent: 70 });
    expect(computeSubsidy(100_000, item, [], rules)).toMatchObject({ subsidyFen: 50_000, percent: 50, status: null });
  });

  it('takes the most favourable status when a person holds several, naming the first in register order', () => {
    const split = computeSubsidy(80_000, wheelchair, ['care_allowance', 'tekun', 'dibao'], rules);
    expect(split).toMatchObject({ ruleApplied: 'free_basic', status: 'dibao', subsidyFen: 80_000, selfPaidFen: 0 });
    const item: SubsidyItem = { deviceClass: 'hearing', basic: false, subsidyCapFen: 1_000_000 };
    expect(computeSubsidy(100_000, item, ['care_allowance', 'registered_poor'], rules)).toMatchObject({
      ruleApplied: 'status_percent',
      status: 'registered_poor',
      percent: 80,
    });
  });

  it('never lets a status percentage below the default lower the subsidy', () => {
    const stingy = { ...rules, statusPercents: { ...rules.statusPercents, care_allowance: 30 } };
    expect(computeSubsidy(80_000, wheelchair, ['care_allowance'], stingy)).toMatchObject({ ruleApplied: 'default_percent', subsidyFen: 40_000 });
  });

  it('applies the default to a status with no percentage of its own', () => {
    const unset = { ...rules, statusPercents: { ...rules.statusPercents, living_allowance: null } };
    expect(computeSubsidy(80_000, wheelchair, ['living_allowance'], unset)).toMatchObject({ ruleApplied: 'default_percent', status: null });
  });

  it('does not give basic devices free to a status left out of the free list', () => {
    const narrower = { ...rules, freeBasicStatuses: ['tekun' as const] };
    expect(computeSubsidy(80_000, wheelchair, ['dibao'], narrower)).toMatchObject({ ruleApplied: 'status_percent', subsidyFen: 64_000 });
    expect(computeSubsidy(80_000, wheelchair, ['tekun'], narrower)).toMatchObject({ ruleApplied: 'free_basic', subsidyFen: 80_000 });
  });
});

describe('caps', () => {
  it('never applies against a free household: a basic device above its cap still costs them nothing', () => {
    // 950.50 against a cap of 800.00: the whole 950.50 is subsidy, the household pays 0.
    expect(computeSubsidy(95_050, wheelchair, ['tekun'], rules)).toMatchObject({
      ruleApplied: 'free_basic',
      subsidyFen: 95_050,
      selfPaidFen: 0,
      capFen: 80_000,
      capped: false,
    });
    // The same chair for a household that is not free: 50% of 950.50 = 475.25, under the cap.
    expect(computeSubsidy(95_050, wheelchair, [], rules)).toMatchObject({ subsidyFen: 47_525, selfPaidFen: 47_525 });
  });

  it('flags a basic catalogue item listed above its cap', () => {
    expect(basicAboveCap({ basic: true, listPriceFen: 95_050, subsidyCapFen: 80_000 })).toBe(true);
    expect(basicAboveCap({ basic: true, listPriceFen: 80_000, subsidyCapFen: 80_000 })).toBe(false);
    expect(basicAboveCap({ basic: false, listPriceFen: 95_050, subsidyCapFen: 80_000 })).toBe(false);
  });

  // The caps apply to everyone but a free household's basic device: a wheelchair not listed as basic.
  const chair: SubsidyItem = { ...wheelchair, basic: false };

  it('is exactly at the cap without being "capped" when the percentage lands on it', () => {
    // 80% of 1,000.00 = 800.00, the cap; 80% of 1,000.02 = 800.016 → 800.02, cut to 800.00.
    expect(computeSubsidy(100_000, chair, ['tekun'], rules)).toMatchObject({ subsidyFen: 80_000, capped: false });
    expect(computeSubsidy(100_002, chair, ['tekun'], rules)).toMatchObject({ subsidyFen: 80_000, selfPaidFen: 20_002, capped: true });
  });

  it('uses the class cap for the year when it is below the item cap, and the item cap when it is not', () => {
    const classCapped = { ...rules, classCapsFen: { ...rules.classCapsFen, mobility: 50_000 } };
    expect(computeSubsidy(100_000, chair, ['tekun'], classCapped)).toMatchObject({ subsidyFen: 50_000, capFen: 50_000, capped: true });
    const generous = { ...rules, classCapsFen: { ...rules.classCapsFen, mobility: 500_000 } };
    expect(computeSubsidy(100_000, chair, ['tekun'], generous)).toMatchObject({ subsidyFen: 80_000, capFen: 80_000 });
    // Another class's cap does not apply.
    const hearingCapped = { ...rules, classCapsFen: { ...rules.classCapsFen, hearing: 1 } };
    expect(computeSubsidy(100_000, chair, ['tekun'], hearingCapped).subsidyFen).toBe(80_000);
    // Nor does any cap against a free household's basic device.
    expect(computeSubsidy(100_000, wheelchair, ['tekun'], classCapped)).toMatchObject({ subsidyFen: 100_000, selfPaidFen: 0 });
  });

  it('gives nothing when the cap is zero, except to a free household for a basic device', () => {
    expect(computeSubsidy(80_000, { ...chair, subsidyCapFen: 0 }, ['tekun'], rules)).toMatchObject({ subsidyFen: 0, selfPaidFen: 80_000 });
    expect(computeSubsidy(80_000, { ...wheelchair, subsidyCapFen: 0 }, ['tekun'], rules)).toMatchObject({ subsidyFen: 80_000, selfPaidFen: 0 });
  });

  it('never gives more than the cost, even below the cap', () => {
    expect(computeSubsidy(12_345, wheelchair, ['tekun'], rules)).toMatchObject({ subsidyFen: 12_345, selfPaidFen: 0 });
    expect(computeSubsidy(0, wheelchair, ['tekun'], rules)).toMatchObject({ subsidyFen: 0, selfPaidFen: 0 });
  });
});

describe('rounding to the fen (half up)', () => {
  const open: SubsidyItem = { deviceClass: 'daily_living', basic: false, subsidyCapFen: 1_000_000_000_000 };
  it.each([
    // cost fen, percent, subsidy fen
    [1, 50, 1], // 0.5 fen rounds up
    [3, 50, 2], // 1.5 → 2
    [5, 50, 3], // 2.5 → 3 (half up, not to even)
    [1, 49, 0], // 0.49 → 0
    [333, 70, 233], // 233.1 → 233
    [335, 70, 235], // 234.5 → 235
    [12_345, 33, 4_074], // 4073.85 → 4074
    [99_999, 1, 1_000], // 999.99 → 1000
    [100_000_000_001, 50, 50_000_000_001], // large amounts stay exact
  ])('cost %i fen at %i percent → %i fen', (cost, percent, subsidy) => {
    const r = { ...rules, defaultPercent: percent };
    const split = computeSubsidy(cost, open, [], r);
    expect(split.subsidyFen).toBe(subsidy);
    expect(split.selfPaidFen).toBe(cost - subsidy);
  });

  it('always splits the cost exactly into whole, non-negative fen within the cap (a free basic device: all of it)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.subarray([...SUPPORT_STATUSES]),
        fc.boolean(),
        (cost, percent, cap, statuses, basic) => {
          const split = computeSubsidy(cost, { deviceClass: 'hearing', basic, subsidyCapFen: cap }, statuses, { ...rules, defaultPercent: percent });
          return (
            Number.isInteger(split.subsidyFen) &&
            split.subsidyFen >= 0 &&
            split.selfPaidFen >= 0 &&
            split.subsidyFen + split.selfPaidFen === cost &&
            (split.ruleApplied === 'free_basic' ? split.subsidyFen === cost : split.subsidyFen <= cap) &&
            split.subsidyFen <= cost &&
            split.productFen + split.serviceFen === split.subsidyFen
          );
        },
      ),
    );
  });

  it('rounds half up for any fraction', () => {
    expect(roundHalfUp(149, 100)).toBe(1);
    expect(roundHalfUp(150, 100)).toBe(2);
    expect(roundHalfUp(0, 100)).toBe(0);
  });
});

describe('ISO 9999 codes and kinds', () => {
  it.each([
    ['12 22 03', '12 22 03'],
    ['122203', '12 22 03'],
    ['12-22-03', '12 22 03'],
    ['12.22', '12 22'],
    [' 2206 ', '22 06'],
  ])('writes %j as %j', (raw, code) => expect(normaliseIsoCode(raw)).toBe(code));

  it.each(['', '12', '12 2', '12 22 0', '12 22 03 01', 'AB CD'])('refuses %j', (raw) => expect(normaliseIsoCode(raw)).toBeNull());

  it('compares class and subclass: two wheelchair divisions are one kind, a cane is another', () => {
    expect(deviceKind('12 22 03')).toBe(deviceKind('12 22 06'));
    expect(deviceKind('12 22 03')).not.toBe(deviceKind('12 03 03'));
    expect(deviceKind('22 06')).toBe('22 06');
  });
});

describe('replacement interval', () => {
  const earlier = { id: 7, itemName: '普通轮椅（手动）', kind: '12 22', fittedOn: '2024-03-31', replaceFrom: replaceableFrom('2024-03-31', 60) };

  it('can be replaced from the same day five years on (month ends clamp)', () => {
    expect(replaceableFrom('2024-03-31', 60)).toBe('2029-03-31');
    expect(replaceableFrom('2024-02-29', 12)).toBe('2025-02-28');
    expect(replaceableFrom('2024-02-29', 0)).toBe('2024-02-29');
  });

  it.each([
    ['2029-03-30', true], // the day before
    ['2029-03-31', false], // the first day it may be replaced
    ['2024-03-31', true], // the same day
    ['2024-01-01', false], // before the earlier one: not a replacement of it
  ])('a second wheelchair on %s is early: %s', (fittedOn, early) => {
    expect(findEarlyReplacement({ kind: '12 22', fittedOn }, [earlier]) !== null).toBe(early);
  });

  it('ignores other kinds and names the latest earlier fitting still within its interval', () => {
    const cane = { ...earlier, id: 8, kind: '12 03', fittedOn: '2025-01-01', replaceFrom: '2027-01-01' };
    const later = { ...earlier, id: 9, fittedOn: '2025-06-01', replaceFrom: '2030-06-01' };
    expect(findEarlyReplacement({ kind: '12 22', fittedOn: '2026-01-01' }, [earlier, cane, later])?.id).toBe(9);
    expect(findEarlyReplacement({ kind: '12 03', fittedOn: '2027-01-01' }, [earlier, cane, later])).toBeNull();
  });

  it('never flags a device with no interval', () => {
    const none = { ...earlier, replaceFrom: earlier.fittedOn };
    expect(findEarlyReplacement({ kind: '12 22', fittedOn: earlier.fittedOn }, [none])).toBeNull();
  });
});

describe('follow-ups', () => {
  const followup = { afterFittingMonths: 3, afterAdjustmentMonths: 1 };
  it('asks for another visit only after an adjustment', () => {
    expect(nextFollowupDue('2026-10-31', 'needs_adjustment', followup)).toBe('2026-11-30');
    expect(nextFollowupDue('2026-10-31', 'in_use', followup)).toBeNull();
    expect(nextFollowupDue('2026-10-31', 'abandoned', followup)).toBeNull();
  });

  it('states the done rate as a whole percent, rounded half up, and none when nothing was due', () => {
    expect(doneRate(0, 0)).toBeNull();
    expect(doneRate(1, 3)).toBe(33);
    expect(doneRate(2, 3)).toBe(67);
    expect(doneRate(1, 8)).toBe(13); // 12.5 → 13
    expect(doneRate(4, 4)).toBe(100);
  });

  it('counts days across month and year ends', () => {
    expect(addDays('2026-11-22', 30)).toBe('2026-12-22');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('ties and gaps in the rule table', () => {
  it('names the latest earlier fitting still within its interval, and the higher id of two on one day', () => {
    const fit = (id: number, fittedOn: string) => ({ id, itemName: '普通轮椅（手动）', kind: '12 22', fittedOn, replaceFrom: replaceableFrom(fittedOn, 60) });
    const candidate = { kind: '12 22', fittedOn: '2026-06-01' };
    expect(findEarlyReplacement(candidate, [fit(3, '2025-03-01'), fit(5, '2024-01-01')])?.id).toBe(3);
    expect(findEarlyReplacement(candidate, [fit(5, '2024-01-01'), fit(3, '2025-03-01')])?.id).toBe(3);
    expect(findEarlyReplacement(candidate, [fit(9, '2025-03-01'), fit(4, '2025-03-01')])?.id).toBe(9);
    expect(findEarlyReplacement(candidate, [fit(4, '2025-03-01'), fit(9, '2025-03-01')])?.id).toBe(9);
  });

  it('keeps the default when a status percentage only equals it, and uses the item cap when a class has no cap entry', () => {
    const equal: SubsidyRules = { ...rules, statusPercents: { ...rules.statusPercents, care_allowance: 50 } };
    expect(computeSubsidy(10_000, powerChair, ['care_allowance'], equal)).toMatchObject({ ruleApplied: 'default_percent', status: null, percent: 50 });
    const noEntry = { ...rules, classCapsFen: {} } as unknown as SubsidyRules;
    expect(computeSubsidy(100_000, wheelchair, [], noEntry)).toMatchObject({ subsidyFen: 50_000, capFen: 80_000 });
  });
});

describe('product and fitting service', () => {
  // A hearing aid: a fixed 3,000.00 per ear (the item's cap), 80% product and 20% fitting service.
  const hearingAid: SubsidyItem = { deviceClass: 'hearing', basic: false, subsidyCapFen: 300_000 };
  const split = { ...rules, serviceSharePercents: { hearing: 20 } };

  it('splits a hearing aid’s subsidy 80/20: 3,000 per ear → 2,400 product, 600 fitting', () => {
    // 5,000.00 × 80% = 4,000.00, capped at 3,000.00; 20% of 3,000.00 = 600.00 pays the fitting.
    expect(computeSubsidy(500_000, hearingAid, ['dibao'], split)).toMatchObject({ subsidyFen: 300_000, productFen: 240_000, serviceFen: 60_000, selfPaidFen: 200_000 });
  });

  it('rounds the service share half up on the fen and keeps product + service = subsidy', () => {
    // 50% of 1,234.57 = 617.285 → 617.29 subsidy; 20% of it = 123.458 → 123.46 fitting, 493.83 product.
    const s = computeSubsidy(123_457, hearingAid, [], split);
    expect(s).toMatchObject({ subsidyFen: 61_729, serviceFen: 12_346, productFen: 49_383 });
  });

  it('gives the whole subsidy to the product where the class has no service share', () => {
    expect(computeSubsidy(500_000, hearingAid, ['dibao'], rules)).toMatchObject({ productFen: 300_000, serviceFen: 0 });
  });
});

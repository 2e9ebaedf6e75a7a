// Devices under the local standard: a free household's basic device costs it nothing whatever the
// cap (and the catalogue flags a basic item listed above its cap); a hearing aid's subsidy splits
// 80% product, 20% fitting service, and the claim line shows the split.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import type { SupportStatus } from '../../../db/people/rules';

let t: TestService;
let sequence = 41;
beforeEach(() => {
  t = testService(); // today is 2026-11-22
  const rules = t.ok('devices.rules', { year: 2026 });
  t.ok('devices.rulesSave', { ...rules, year: 2026, subsidy: { ...rules.subsidy, serviceSharePercents: { hearing: 20 } } });
  t.ok('claims.rules.save', { programme: 'devices', effectiveFrom: '2026-01-01', rule: { requireCertificate: false } });
});
afterEach(() => t.close());

function person(name: string, supportStatuses: SupportStatus[]) {
  const idNumber = makeId('1968-03-04', (sequence += 2));
  return t.ok('people.create', { name, idNumber, certNumber: makeCert(idNumber, 2, 3), certExpiry: '2031-01-01', household: 'rural', supportStatuses });
}
const item = (code: string) => t.ok('devices.catalogue', {}).find((i) => i.code === code)!;
const fit = (personId: number, code: string, costFen: number) =>
  t.ok('devices.fittingCreate', { personId, itemId: item(code).id, supplier: '康复器材公司', serialNumber: `${code}-1`, costFen, fittedOn: '2026-10-10', trainingGiven: true, trainingNotes: '' });

describe('device subsidies under the local standard', () => {
  it('lets a free household pay nothing for a basic wheelchair above its cap, and flags the item in the catalogue', () => {
    const wheelchair = item('YD-01');
    t.ok('devices.itemUpdate', { ...wheelchair, listPriceFen: 95_050 });
    expect(item('YD-01')).toMatchObject({ basic: true, subsidyCapFen: 80_000, basicAboveCap: true });
    const poor = person('低保户', ['dibao']);
    // 950.50 against a cap of 800.00: the whole 950.50 is subsidy.
    expect(fit(poor.id, 'YD-01', 95_050)).toMatchObject({ subsidyFen: 95_050, selfPaidFen: 0, rule: { ruleApplied: 'free_basic' } });
    const batch = t.ok('claims.batches.create', { programme: 'devices', period: '2026-10' });
    expect(batch.lines[0]).toMatchObject({ name: '低保户', amountFen: 95_050 });
  });

  it('splits a hearing aid’s subsidy 80% product, 20% fitting service, on the fitting and the claim line', () => {
    const someone = person('王听', []);
    // 50% of 5,000.00 = 2,500.00 (under the 3,000.00 per ear); 20% of it, 500.00, pays the fitting.
    expect(fit(someone.id, 'TL-01', 500_000)).toMatchObject({ subsidyFen: 250_000, subsidyServiceFen: 50_000 });
    const batch = t.ok('claims.batches.create', { programme: 'devices', period: '2026-10' });
    expect(batch.lines[0]!.steps).toEqual([
      { code: 'FITTING_SUBSIDY', params: { cost: 500_000, subsidy: 250_000, rule: 'default_percent', percent: 50 } },
      { code: 'FITTING_SPLIT', params: { product: 200_000, service: 50_000 } },
    ]);
  });
});

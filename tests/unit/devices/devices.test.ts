import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import type { PersonInput } from '../../../db/contract';
import type { CatalogueItem, FittingInput } from '../../../db/devices/contract';
import type { SupportStatus } from '../../../db/people/rules';

let t: TestService;
beforeEach(() => {
  t = testService(); // today is 2026-11-22
});
afterEach(() => t.close());

let sequence = 1;
function person(supportStatuses: SupportStatus[] = [], overrides: Partial<PersonInput> = {}) {
  const idNumber = makeId('1970-05-06', (sequence += 2));
  return t.ok('people.create', {
    name: '李桂英',
    idNumber,
    certNumber: makeCert(idNumber, 4, 2),
    certExpiry: '2030-01-01',
    household: 'rural',
    supportStatuses,
    ...overrides,
  });
}

function item(code: string): CatalogueItem {
  const found = t.ok('devices.catalogue', {}).find((i) => i.code === code);
  if (!found) throw new Error(`no item ${code}`);
  return found;
}

function fitting(personId: number, overrides: Partial<FittingInput> = {}): FittingInput {
  return {
    personId,
    itemId: item('YD-01').id,
    supplier: '南京康复器材有限公司',
    serialNumber: 'WC-2026-001',
    costFen: 80_000,
    fittedOn: '2026-08-01',
    trainingGiven: true,
    trainingNotes: '转移与推行训练',
    ...overrides,
  };
}

const count = (table: string) => (t.service.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the default catalogue', () => {
  it('ships items in all six classes, each with code, price, interval, cap and basic flag', () => {
    const items = t.ok('devices.catalogue', {});
    expect(new Set(items.map((i) => i.deviceClass))).toEqual(
      new Set(['mobility', 'prosthetic_orthotic', 'hearing', 'vision', 'daily_living', 'communication']),
    );
    expect(item('YD-01')).toMatchObject({ name: '普通轮椅（手动）', isoCode: '12 22 03', listPriceFen: 80_000, replaceMonths: 60, subsidyCapFen: 80_000, basic: true, active: true });
    expect(item('SL-01')).toMatchObject({ deviceClass: 'vision', name: '盲杖（折叠）' });
    expect(item('TL-03')).toMatchObject({ deviceClass: 'hearing', basic: false });
    for (const i of items) expect(i.subsidyCapFen).toBeLessThanOrEqual(i.listPriceFen);
  });

  it('is edited with the change logged, and a duplicate code or bad ISO code refused', () => {
    const wheelchair = item('YD-01');
    const updated = t.ok('devices.itemUpdate', { ...wheelchair, listPriceFen: 85_000, subsidyCapFen: 85_000 });
    expect(updated).toMatchObject({ listPriceFen: 85_000, version: 2, updatedBy: '管理员（admin）' });
    const log = t.service.db.prepare("SELECT changes, actor FROM device_change WHERE entity = 'item' AND entity_id = ?").all(wheelchair.id) as { changes: string; actor: string }[];
    expect(JSON.parse(log[0]!.changes)).toEqual([
      { field: 'listPriceFen', before: 80_000, after: 85_000 },
      { field: 'subsidyCapFen', before: 80_000, after: 85_000 },
    ]);
    expect(t.err('devices.itemUpdate', { ...wheelchair, name: '旧版本' })).toMatchObject({ code: 'DEVICE_STALE' });

    const created = t.ok('devices.itemCreate', { ...wheelchair, code: 'yd-99', isoCode: '122206', name: '轻便轮椅' });
    expect(created).toMatchObject({ code: 'YD-99', isoCode: '12 22 06', version: 1, fittings: 0 });
    const error = t.err('devices.itemCreate', { ...wheelchair, code: 'YD-99', isoCode: '12' });
    expect(error.details).toEqual([
      { code: 'DEVICE_CODE_DUPLICATE', field: 'code', params: { name: '轻便轮椅' } },
      { code: 'DEVICE_ISO_FORMAT', field: 'isoCode' },
    ]);
  });
});

describe('the rules for a year', () => {
  it('starts from the built-in defaults and keeps each year apart, carrying a year over until changed', () => {
    const defaults = t.ok('devices.rules', { year: 2026 });
    expect(defaults).toMatchObject({ setForYear: null, afterFittingMonths: 3, afterAdjustmentMonths: 1 });
    expect(defaults.subsidy.defaultPercent).toBe(50);

    t.ok('devices.rulesSave', { ...defaults, year: 2027, subsidy: { ...defaults.subsidy, defaultPercent: 60 }, afterFittingMonths: 2 });
    expect(t.ok('devices.rules', { year: 2026 }).subsidy.defaultPercent).toBe(50);
    expect(t.ok('devices.rules', { year: 2027 })).toMatchObject({ setForYear: 2027, afterFittingMonths: 2 });
    expect(t.ok('devices.rules', { year: 2029 })).toMatchObject({ setForYear: 2027, subsidy: { defaultPercent: 60 } });
  });

  it('refuses a percentage over 100', () => {
    const rules = t.ok('devices.rules', { year: 2026 });
    const error = t.err('devices.rulesSave', { ...rules, subsidy: { ...rules.subsidy, defaultPercent: 101 } });
    expect(error).toMatchObject({ code: 'DEVICE_PERCENT_RANGE', field: 'subsidy.defaultPercent' });
  });

  it('applies the rules of the fitting date’s year', () => {
    const rules = t.ok('devices.rules', { year: 2026 });
    t.ok('devices.rulesSave', { ...rules, year: 2026, subsidy: { ...rules.subsidy, defaultPercent: 40 } });
    t.ok('devices.rulesSave', { ...rules, year: 2025, subsidy: { ...rules.subsidy, defaultPercent: 30 } });
    const p = person();
    const q = (fittedOn: string) => t.ok('devices.quote', { personId: p.id, itemId: item('YD-01').id, costFen: 80_000, fittedOn });
    expect(q('2025-12-31')).toMatchObject({ rulesYear: 2025, split: { percent: 30, subsidyFen: 24_000 } });
    expect(q('2026-01-01')).toMatchObject({ rulesYear: 2026, split: { percent: 40, subsidyFen: 32_000 } });
  });
});

describe('assessment and fitting', () => {
  it('records an assessment, then a free basic wheelchair for a 低保 household, in fen, with who and when', () => {
    const p = person(['dibao']);
    const assessment = t.ok('devices.assessmentCreate', {
      personId: p.id,
      assessedOn: '2026-07-20',
      assessor: '王评估',
      needs: '下肢无力，不能独立行走',
      recommendedClasses: ['mobility', 'daily_living'],
      prescription: '普通轮椅一辆',
    });
    expect(assessment).toMatchObject({ recommendedClasses: ['daily_living', 'mobility'], createdBy: '管理员（admin）' });

    const f = t.ok('devices.fittingCreate', fitting(p.id, { assessmentId: assessment.id }));
    expect(f).toMatchObject({
      costFen: 80_000,
      subsidyFen: 80_000,
      selfPaidFen: 0,
      rule: { ruleApplied: 'free_basic', status: 'dibao', percent: 100, capFen: 80_000 },
      deviceClass: 'mobility',
      kind: '12 22',
      replaceFrom: '2031-08-01',
      followupDue: '2026-11-01',
      nextFollowupDue: '2026-11-01',
      createdBy: '管理员（admin）',
      version: 1,
    });
    expect(f.createdAt).toMatch(/^2026-11-22T/);
    const file = t.ok('devices.person', { personId: p.id });
    expect(file.person).toMatchObject({ name: '李桂英', supportStatuses: ['dibao'] });
    expect(file.assessments).toHaveLength(1);
    expect(file.fittings.map((x) => x.id)).toEqual([f.id]);
    expect(file.history.map((h) => `${h.entity}:${h.action}`).sort()).toEqual(['assessment:create', 'fitting:create']);
  });

  it('charges someone with no support status the default share, and refuses a date after today', () => {
    const p = person();
    expect(t.ok('devices.fittingCreate', fitting(p.id, { costFen: 80_001 }))).toMatchObject({ subsidyFen: 40_001, selfPaidFen: 40_000 });
    const error = t.err('devices.fittingCreate', fitting(p.id, { fittedOn: '2026-11-23', itemId: item('SL-01').id }));
    expect(error).toEqual({ code: 'DEVICE_DATE_FUTURE', field: 'fittedOn', params: { today: '2026-11-22' } });
  });

  it('keeps the statuses of the fitting day: a later change in the register does not move money on edit', () => {
    const p = person(['tekun']);
    const f = t.ok('devices.fittingCreate', fitting(p.id));
    t.ok('people.update', { ...t.ok('people.get', { id: p.id }), supportStatuses: [] });
    const edited = t.ok('devices.fittingUpdate', { ...fitting(p.id), id: f.id, version: f.version, serialNumber: 'WC-2026-002' });
    expect(edited).toMatchObject({ serialNumber: 'WC-2026-002', subsidyFen: 80_000, version: 2 });
  });

  it('logs a change of device by its code and name, newest entry first', () => {
    const p = person();
    const f = t.ok('devices.fittingCreate', fitting(p.id));
    t.ok('devices.fittingUpdate', { ...fitting(p.id), id: f.id, version: 1, itemId: item('YD-02').id, costFen: 150_000 });
    const [latest, first] = t.ok('devices.person', { personId: p.id }).history;
    expect(first).toMatchObject({ entity: 'fitting', action: 'create', actor: '管理员（admin）' });
    expect(latest).toMatchObject({ entity: 'fitting', action: 'update', entityId: f.id });
    expect(latest!.changes).toEqual([
      { field: 'item', before: 'YD-01 普通轮椅（手动）', after: 'YD-02 儿童轮椅' },
      { field: 'costFen', before: 80_000, after: 150_000 },
      { field: 'subsidyFen', before: 40_000, after: 75_000 },
      { field: 'selfPaidFen', before: 40_000, after: 75_000 },
    ]);
  });

  it('refuses a fitting before its assessment, or on another person’s assessment', () => {
    const p = person();
    const other = person();
    const a = t.ok('devices.assessmentCreate', { personId: p.id, assessedOn: '2026-09-01', assessor: '王', needs: '助听', recommendedClasses: ['hearing'] });
    expect(t.err('devices.fittingCreate', fitting(p.id, { assessmentId: a.id }))).toMatchObject({
      code: 'DEVICE_FITTING_BEFORE_ASSESSMENT',
      field: 'fittedOn',
      params: { assessedOn: '2026-09-01' },
    });
    expect(t.err('devices.fittingCreate', fitting(other.id, { assessmentId: a.id, fittedOn: '2026-10-01' }))).toMatchObject({
      code: 'DEVICE_ASSESSMENT_OTHER',
    });
    expect(count('device_fitting')).toBe(0);
  });

  it('refuses a retired device for a new fitting', () => {
    const p = person();
    const cane = item('YD-05');
    t.ok('devices.itemUpdate', { ...cane, active: false });
    expect(t.err('devices.fittingCreate', fitting(p.id, { itemId: cane.id }))).toMatchObject({ code: 'DEVICE_ITEM_RETIRED', field: 'itemId' });
  });

  it('snapshots the item: a later catalogue change leaves stored fittings as they were', () => {
    const p = person();
    const f = t.ok('devices.fittingCreate', fitting(p.id));
    t.ok('devices.itemUpdate', { ...item('YD-01'), subsidyCapFen: 10_000, replaceMonths: 12 });
    const again = t.ok('devices.person', { personId: p.id }).fittings[0]!;
    expect(again).toMatchObject({ subsidyFen: f.subsidyFen, replaceFrom: f.replaceFrom, rule: f.rule });
    // An edit of that fitting keeps the cap it was fitted under.
    const edited = t.ok('devices.fittingUpdate', { ...fitting(p.id), id: f.id, version: f.version, supplier: '另一家' });
    expect(edited.subsidyFen).toBe(40_000);
  });
});

describe('replacement before the interval', () => {
  it('refuses a second wheelchair without a reason, naming the earlier fitting and when it can be replaced', () => {
    const p = person(['registered_poor']);
    const first = t.ok('devices.fittingCreate', fitting(p.id, { fittedOn: '2024-03-31' }));
    const quote = t.ok('devices.quote', { personId: p.id, itemId: item('YD-02').id, costFen: 150_000, fittedOn: '2026-11-01' });
    expect(quote.earlyReplacement).toEqual({ fittingId: first.id, itemName: '普通轮椅（手动）', fittedOn: '2024-03-31', replaceFrom: '2029-03-31' });

    const second = fitting(p.id, { itemId: item('YD-02').id, costFen: 150_000, fittedOn: '2026-11-01' });
    expect(t.err('devices.fittingCreate', second)).toEqual({
      code: 'DEVICE_EARLY_REPLACEMENT',
      field: 'replacementReason',
      params: { item: '普通轮椅（手动）', fittedOn: '2024-03-31', replaceFrom: '2029-03-31', id: first.id },
    });
    expect(count('device_fitting')).toBe(1);

    const saved = t.ok('devices.fittingCreate', { ...second, replacementReason: '儿童生长，原轮椅尺寸不再适合' });
    expect(saved).toMatchObject({ earlyReplacementOf: first.id, replacementReason: '儿童生长，原轮椅尺寸不再适合' });
  });

  it('does not flag another kind in the same class, nor the same kind once the interval has passed', () => {
    const p = person();
    t.ok('devices.fittingCreate', fitting(p.id, { fittedOn: '2021-08-01' }));
    expect(t.ok('devices.fittingCreate', fitting(p.id, { itemId: item('YD-05').id, costFen: 6_000 })).earlyReplacementOf).toBeNull();
    const replaced = t.ok('devices.fittingCreate', fitting(p.id, { replacementReason: '不需要理由' }));
    expect(replaced).toMatchObject({ earlyReplacementOf: null, replacementReason: '' });
  });

  it('checks an edited fitting against the others, not against itself', () => {
    const p = person();
    const first = t.ok('devices.fittingCreate', fitting(p.id, { fittedOn: '2025-01-10' }));
    const edited = t.ok('devices.fittingUpdate', { ...fitting(p.id, { fittedOn: '2025-01-11' }), id: first.id, version: 1 });
    expect(edited).toMatchObject({ fittedOn: '2025-01-11', earlyReplacementOf: null, version: 2 });
    expect(t.err('devices.fittingUpdate', { ...fitting(p.id), id: first.id, version: 1 })).toMatchObject({ code: 'DEVICE_STALE' });
  });
});

describe('follow-ups', () => {
  function fitted(fittedOn: string) {
    return t.ok('devices.fittingCreate', fitting(person().id, { fittedOn }));
  }

  it('lists fittings due within the window, overdue first, and drops one once it is found in use', () => {
    const overdue = fitted('2026-07-15'); // due 2026-10-15
    const soon = fitted('2026-09-10'); // due 2026-12-10
    fitted('2026-11-01'); // due 2027-02-01: outside 30 days
    const due = t.ok('devices.followupsDue', {});
    expect(due).toMatchObject({ today: '2026-11-22', until: '2026-12-22' });
    expect(due.rows.map((r) => [r.fittingId, r.dueOn, r.overdue])).toEqual([
      [overdue.id, '2026-10-15', true],
      [soon.id, '2026-12-10', false],
    ]);
    expect(t.ok('devices.followupsDue', { withinDays: 90 }).rows).toHaveLength(3);
    expect(t.ok('devices.followupsDue', { withinDays: 90, limit: 1 })).toMatchObject({ total: 3, rows: [{ fittingId: overdue.id }] });

    const after = t.ok('devices.followupRecord', { fittingId: overdue.id, visitedOn: '2026-11-20', outcome: 'in_use', visitor: '张随访' });
    expect(after).toMatchObject({ nextFollowupDue: null, followups: [{ outcome: 'in_use', visitor: '张随访', createdBy: '管理员（admin）' }] });
    expect(t.ok('devices.followupsDue', {}).rows.map((r) => r.fittingId)).toEqual([soon.id]);
  });

  it('asks for another visit after an adjustment, and none after abandonment, which needs a reason', () => {
    const f = fitted('2026-07-15');
    const adjusted = t.ok('devices.followupRecord', { fittingId: f.id, visitedOn: '2026-10-20', outcome: 'needs_adjustment', notes: '脚踏高度' });
    expect(adjusted.nextFollowupDue).toBe('2026-11-20');
    expect(t.ok('devices.followupsDue', {}).rows[0]).toMatchObject({ fittingId: f.id, lastOutcome: 'needs_adjustment', overdue: true });

    expect(t.err('devices.followupRecord', { fittingId: f.id, visitedOn: '2026-11-21', outcome: 'abandoned' })).toMatchObject({
      code: 'DEVICE_ABANDON_REASON',
      field: 'abandonReason',
    });
    expect(t.err('devices.followupRecord', { fittingId: f.id, visitedOn: '2026-11-21', outcome: 'abandoned', abandonReason: 'other' })).toMatchObject({
      code: 'DEVICE_ABANDON_NOTES',
      field: 'notes',
    });
    const abandoned = t.ok('devices.followupRecord', { fittingId: f.id, visitedOn: '2026-11-21', outcome: 'abandoned', abandonReason: 'discomfort' });
    expect(abandoned).toMatchObject({ nextFollowupDue: null, followups: [{ abandonReason: 'discomfort' }, { outcome: 'needs_adjustment' }] });
    expect(t.ok('devices.followupsDue', {}).rows).toEqual([]);
  });

  it('refuses a visit before the fitting or after today', () => {
    const f = fitted('2026-07-15');
    const error = t.err('devices.followupRecord', { fittingId: f.id, visitedOn: '2026-07-14', outcome: 'in_use' });
    expect(error).toEqual({ code: 'DEVICE_FOLLOWUP_BEFORE_FITTING', field: 'visitedOn', params: { fittedOn: '2026-07-15' } });
    expect(t.err('devices.followupRecord', { fittingId: f.id, visitedOn: '2026-12-01', outcome: 'in_use' })).toMatchObject({ code: 'DEVICE_DATE_FUTURE' });
  });

  it('moves the first visit with the fitting date until a visit is made', () => {
    const f = fitted('2026-07-15');
    const moved = t.ok('devices.fittingUpdate', { ...fitting(f.personId, { fittedOn: '2026-06-15' }), id: f.id, version: 1 });
    expect(moved).toMatchObject({ followupDue: '2026-09-15', nextFollowupDue: '2026-09-15' });
  });

  it('uses the follow-up interval set for the fitting year', () => {
    const rules = t.ok('devices.rules', { year: 2026 });
    t.ok('devices.rulesSave', { ...rules, afterFittingMonths: 6 });
    expect(fitted('2026-03-31').followupDue).toBe('2026-09-30');
  });
});

describe('figures', () => {
  it('counts fittings by class and month, sums money, and states the follow-up done rate', () => {
    const poor = person(['tekun']);
    const other = person();
    const a = t.ok('devices.fittingCreate', fitting(poor.id, { fittedOn: '2026-03-10' })); // due 06-10
    t.ok('devices.fittingCreate', fitting(other.id, { fittedOn: '2026-03-20' })); // due 06-20, 400.00 subsidy
    t.ok('devices.fittingCreate', fitting(other.id, { itemId: item('TL-01').id, costFen: 300_000, fittedOn: '2026-05-02' })); // due 08-02
    // Fitted last year, but its visit falls due in March of this one.
    t.ok('devices.fittingCreate', fitting(other.id, { itemId: item('SL-01').id, costFen: 8_000, fittedOn: '2025-12-31' }));
    t.ok('devices.followupRecord', { fittingId: a.id, visitedOn: '2026-06-11', outcome: 'in_use' });

    const f = t.ok('devices.figures', { year: 2026 });
    expect(f.byClassMonth.mobility.slice(0, 5)).toEqual([0, 0, 2, 0, 0]);
    expect(f.byClassMonth.hearing[4]).toBe(1);
    expect(f.byClassMonth.vision.every((n) => n === 0)).toBe(true);
    expect(f).toMatchObject({
      fittings: 3,
      costFen: 460_000,
      subsidyFen: 80_000 + 40_000 + 150_000,
      selfPaidFen: 40_000 + 150_000,
      followupDue: 4,
      followupDone: 1,
      followupRate: 25,
      outcomes: { in_use: 1, needs_adjustment: 0, abandoned: 0 },
    });
    expect(f.subsidyByMonthFen[2]).toBe(120_000);
    expect(f.followupDueByMonth.slice(2, 8)).toEqual([1, 0, 0, 2, 0, 1]);
    expect(f.followupDoneByMonth[5]).toBe(1);
    expect(t.ok('devices.figures', { year: 2025 })).toMatchObject({ fittings: 1, followupRate: null });
  });
});

describe('query plans', () => {
  const plan = (sql: string, ...args: unknown[]) =>
    (t.service.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((p) => p.detail).join(' | ');

  it('finds the due visits, the replacement candidates and the year’s fittings by index', () => {
    expect(plan('SELECT * FROM device_followup_pending WHERE due_on <= ? ORDER BY due_on, fitting_id', '2026-12-22')).toMatch(
      /USING (COVERING )?INDEX device_followup_pending_due/,
    );
    expect(plan('SELECT id FROM device_fitting WHERE person_id = ? AND kind = ? AND fitted_on <= ?', 1, '12 22', '2026-11-22')).toMatch(
      /USING (COVERING )?INDEX device_fitting_kind/,
    );
    expect(plan('SELECT count(*) FROM device_fitting WHERE fitted_on BETWEEN ? AND ?', '2026-01-01', '2026-12-31')).toMatch(
      /USING (COVERING )?INDEX device_fitting_date/,
    );
    expect(plan('SELECT count(*) FROM device_fitting WHERE followup_due BETWEEN ? AND ?', '2026-01-01', '2026-12-31')).toMatch(
      /USING (COVERING )?INDEX device_fitting_followup_due/,
    );
    expect(plan('SELECT * FROM device_fitting f WHERE f.person_id = ? ORDER BY f.fitted_on DESC', 1)).toMatch(/USING INDEX device_fitting_person/);
  });
});

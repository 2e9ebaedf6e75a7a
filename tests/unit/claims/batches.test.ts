import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import { childWithSessions, person, rehabRule, therapist, weekdays, type Child } from './fixtures';
import type { BatchDetail } from '../../../db/claims/contract';

let t: TestService;
let therapistId: number;
let full: Child;
let few: Child;
let selfPaid: Child;

// October 2026 has 22 weekdays: 10 of them is too few for a full month (16) but pays a share.
beforeEach(() => {
  t = testService(); // today is 2026-11-22
  therapistId = therapist(t);
  full = childWithSessions(t, therapistId, '张小明', '2021-05-06', weekdays('2026-10'));
  few = childWithSessions(t, therapistId, '李小红', '2022-01-02', weekdays('2026-10').slice(0, 10));
  selfPaid = childWithSessions(t, therapistId, '赵自费', '2022-03-04', weekdays('2026-10').slice(0, 5), 'self');
});
afterEach(() => t.close());

const lineOf = (batch: BatchDetail, personId: number) => batch.lines.find((l) => l.personId === personId && l.kind === 'claim');
const build = (period = '2026-10') => t.ok('claims.batches.create', { programme: 'rehab', period });
const submit = (b: BatchDetail) => t.ok('claims.batches.submit', { id: b.id, version: b.version });

function sessionUpdate(child: Child, index: number, changes: Record<string, unknown> = {}) {
  const row = t.service.db.prepare('SELECT id, version, session_date, therapist_id FROM rehab_session WHERE id = ?').get(child.sessionIds[index]) as {
    id: number;
    version: number;
    session_date: string;
    therapist_id: number;
  };
  return {
    id: row.id,
    version: row.version,
    therapistId: row.therapist_id,
    date: row.session_date,
    startTime: '16:00',
    minutes: 40,
    type: 'aba' as const,
    attendance: 'absent' as const,
    ...changes,
  };
}

describe('building a month of child rehab', () => {
  it('refuses to build without a rule in force, saying for which date', () => {
    expect(t.err('claims.batches.create', { programme: 'rehab', period: '2026-10' })).toMatchObject({
      code: 'CLAIMS_NO_RULE',
      params: { programme: 'rehab', date: '2026-10-01' },
    });
  });

  it('proposes one line per eligible child with its basis and amount, and lists who was left out and why', () => {
    rehabRule(t);
    const batch = build();
    expect(batch).toMatchObject({ number: 'KF202610-01', status: 'draft', periodStart: '2026-10-01', periodEnd: '2026-10-31', lineCount: 2 });
    // Lines go by name in pinyin order: 李 (Li) before 张 (Zhang).
    expect(lineOf(batch, full.personId)).toMatchObject({ seq: 2, name: '张小明', quantity: 22, unit: 'days', standardFen: 200_000, amountFen: 200_000 });
    // 10 of 16 days: 2,000.00 × 10 ÷ 16 = 1,250.00
    expect(lineOf(batch, few.personId)).toMatchObject({ seq: 1, quantity: 10, amountFen: 125_000 });
    expect(batch.leftOut).toEqual([expect.objectContaining({ personId: selfPaid.personId, reason: 'NOT_RELIEF' })]);
    expect(batch.totalFen).toBe(325_000);
    expect(batch.totalCapital).toBe('叁仟贰佰伍拾元整');
  });

  it('explains every amount: the rule, the steps and each session with whether it counted', () => {
    rehabRule(t);
    const batch = build();
    const explained = t.ok('claims.lines.explain', { id: lineOf(batch, few.personId)!.id });
    expect(explained.rule).toMatchObject({ effectiveFrom: '2026-01-01', rule: { monthlyStandardFen: 200_000, fullMonthMin: 16 } });
    expect(explained.line.steps.map((s) => s.code)).toEqual(['RULE', 'COUNT_DAYS', 'PRORATED']);
    expect(explained.line.steps[2]!.params).toEqual({ standard: 200_000, count: 10, min: 16, amount: 125_000 });
    expect(explained.records.map((r) => r.date)).toEqual(weekdays('2026-10').slice(0, 10));
    expect(explained.records.every((r) => r.type === 'rehab_session' && r.counted)).toBe(true);
  });

  it('lets the accountant exclude a line with a reason (and keeps the exclusion when the draft is refreshed)', () => {
    rehabRule(t);
    const batch = build();
    expect(t.err('claims.lines.exclude', { id: lineOf(batch, few.personId)!.id, reason: '' })).toMatchObject({ code: 'REQUIRED', field: 'reason' });
    const excluded = t.ok('claims.lines.exclude', { id: lineOf(batch, few.personId)!.id, reason: '家长未签字确认' });
    expect(excluded).toMatchObject({ lineCount: 1, totalFen: 200_000 });
    expect(lineOf(excluded, few.personId)).toMatchObject({ excluded: true, excludeReason: '家长未签字确认' });
    const refreshed = t.ok('claims.batches.refresh', { id: batch.id, version: excluded.version });
    expect(lineOf(refreshed, few.personId)).toMatchObject({ excluded: true, excludeReason: '家长未签字确认' });
    const included = t.ok('claims.lines.include', { id: lineOf(refreshed, few.personId)!.id });
    expect(included.totalFen).toBe(325_000);
  });
});

describe('submitting locks the records a claim rests on', () => {
  it('refuses editing or deleting a claimed session, naming the claim, through every path', () => {
    rehabRule(t);
    const batch = submit(build());
    expect(batch.status).toBe('submitted');
    expect(batch.lockedRecords).toBe(32);
    expect(t.err('rehab.sessions.update', sessionUpdate(full, 3))).toEqual({ code: 'CLAIM_LOCKED', params: { ref: 'KF202610-01' } });
    const version = (t.service.db.prepare('SELECT version FROM rehab_session WHERE id = ?').get(full.sessionIds[3]) as { version: number }).version;
    expect(t.err('rehab.sessions.remove', { id: full.sessionIds[3]!, version })).toMatchObject({ code: 'CLAIM_LOCKED', params: { ref: 'KF202610-01' } });
    // Below the API too: the schema itself refuses.
    expect(() => t.service.db.prepare("UPDATE rehab_session SET attendance = 'absent' WHERE id = ?").run(full.sessionIds[0])).toThrow(/CLAIM_LOCKED:KF202610-01/);
    expect(() => t.service.db.prepare('DELETE FROM rehab_session WHERE id = ?').run(full.sessionIds[0])).toThrow(/CLAIM_LOCKED/);
    // Not claimed: still editable.
    expect(t.ok('rehab.sessions.update', sessionUpdate(selfPaid, 0)).attendance).toBe('absent');
  });

  it('links every record each line rests on, counted or not, when it is submitted, and locks them all', () => {
    rehabRule(t);
    const batch = build();
    const records = batch.lines.flatMap((l) => (t.ok('claims.lines.explain', { id: l.id }) as { records: { type: string; id: number }[] }).records);
    expect(records.length).toBeGreaterThan(batch.lines.length);
    const links = () => t.service.db.prepare('SELECT record_type AS type, record_id AS id FROM claim_lock ORDER BY record_type, record_id').all();
    // A draft locks nothing, so it links nothing (building and removing one stay cheap).
    expect(links()).toEqual([]);
    expect(submit(batch).lockedRecords).toBe(records.length);
    expect(links()).toEqual(records.map((r) => ({ type: r.type, id: r.id })).sort((a, b) => a.type.localeCompare(b.type) || a.id - b.id));
  });

  it('never claims a person and month twice', () => {
    rehabRule(t);
    const first = build();
    expect(t.err('claims.batches.create', { programme: 'rehab', period: '2026-10' })).toMatchObject({ code: 'CLAIMS_DRAFT_EXISTS', params: { number: 'KF202610-01' } });
    submit(first);
    const second = build();
    expect(second.number).toBe('KF202610-02');
    expect(second.lines).toEqual([]);
    expect(second.leftOut.filter((l) => l.reason === 'ALREADY_CLAIMED').map((l) => l.params.number)).toEqual(['KF202610-01', 'KF202610-01']);
    // The unique index stands behind the check.
    const line = t.service.db.prepare("SELECT * FROM claim_line WHERE batch_id = ? AND kind = 'claim' LIMIT 1").get(first.id) as Record<string, unknown>;
    const { id: _id, ...copy } = line;
    const columns = Object.keys(copy);
    expect(() =>
      t.service.db.prepare(`INSERT INTO claim_line (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values({ ...copy, batch_id: second.id, seq: 1 })),
    ).toThrow(/UNIQUE/);
  });

  it('refuses to submit a draft whose records changed since it was built, until it is refreshed', () => {
    rehabRule(t);
    const batch = build();
    t.ok('rehab.sessions.update', sessionUpdate(few, 0));
    expect(t.err('claims.batches.submit', { id: batch.id, version: batch.version })).toMatchObject({ code: 'CLAIMS_CHANGED_SINCE_BUILD' });
    const refreshed = t.ok('claims.batches.refresh', { id: batch.id, version: batch.version });
    expect(lineOf(refreshed, few.personId)).toMatchObject({ quantity: 9, amountFen: 112_500 });
    expect(submit(refreshed).status).toBe('submitted');
  });

  it('locks claimed training completions and attendance, and claimed fittings', () => {
    t.ok('claims.rules.save', {
      programme: 'training',
      effectiveFrom: '2026-01-01',
      rule: { amounts: [{ courseType: 'massage_health', amountFen: 150_000 }], placementRequired: false, placementMonths: 6, requireCertificate: true },
    });
    const idNumber = makeId('1990-04-05', 901);
    const trainee = t.ok('people.create', { name: '陈按摩', idNumber, certNumber: makeCert(idNumber, 1, 1), certExpiry: '2030-01-01', household: 'urban' });
    const klass = t.ok('training.classes.create', {
      courseType: 'massage_health',
      title: '保健按摩一期',
      startDate: '2026-10-05',
      endDate: '2026-10-09',
      totalHours: 40,
      capacity: 10,
    });
    const enrolled = t.ok('training.enrol', { classId: klass.id, personId: trainee.id });
    const enrolmentId = enrolled.trainees[0]!.enrolmentId;
    for (const date of ['2026-10-05', '2026-10-06']) t.ok('training.attendance.save', { classId: klass.id, date, marks: [{ enrolmentId, status: 'present' }] });
    t.ok('training.completion.set', { enrolmentId, completedOn: '2026-10-09' });
    const batch = t.ok('claims.batches.create', { programme: 'training', period: '2026-10' });
    expect(batch.lines).toEqual([expect.objectContaining({ personId: trainee.id, quantity: 1, amountFen: 150_000, contentCode: 'massage_health', contentText: '保健按摩一期' })]);
    t.ok('claims.batches.submit', { id: batch.id, version: batch.version });
    expect(t.err('training.completion.set', { enrolmentId, completedOn: '' })).toMatchObject({ code: 'CLAIM_LOCKED', params: { ref: 'PX202610-01' } });
    expect(t.err('training.attendance.save', { classId: klass.id, date: '2026-10-05', marks: [{ enrolmentId, status: 'absent' }] })).toMatchObject({
      code: 'CLAIM_LOCKED',
    });
    // Saving the same marks again changes nothing and is fine.
    t.ok('training.attendance.save', { classId: klass.id, date: '2026-10-05', marks: [{ enrolmentId, status: 'present' }] });

    const wheelchair = t.ok('devices.catalogue', {}).find((i) => i.code === 'YD-01')!;
    const owner = person(t, '孙轮椅', '1960-01-01', true);
    const fitting = t.ok('devices.fittingCreate', { personId: owner.id, itemId: wheelchair.id, supplier: '康复器材公司', costFen: 80_000, fittedOn: '2026-10-08' });
    const devices = t.ok('claims.batches.create', { programme: 'devices', period: '2026-10' });
    expect(devices.lines).toEqual([expect.objectContaining({ personId: owner.id, amountFen: fitting.subsidyFen, contentText: '普通轮椅（手动）' })]);
    t.ok('claims.batches.submit', { id: devices.id, version: devices.version });
    expect(
      t.err('devices.fittingUpdate', { id: fitting.id, version: fitting.version, itemId: wheelchair.id, supplier: '另一家', costFen: 80_000, fittedOn: '2026-10-08' }),
    ).toMatchObject({ code: 'CLAIM_LOCKED', params: { ref: 'FJ202610-01' } });
  });
});

describe('the workflow', () => {
  it('rejects with a reason (unlocking the records), reopens as a draft computed afresh, and goes on to approval and payment', () => {
    rehabRule(t);
    let batch = submit(build());
    expect(t.err('claims.batches.reject', { id: batch.id, version: batch.version, decidedOn: '2026-11-20', reason: '' })).toMatchObject({ field: 'reason' });
    batch = t.ok('claims.batches.reject', { id: batch.id, version: batch.version, decidedOn: '2026-11-20', reason: '李小红服务天数有误' });
    expect(batch).toMatchObject({ status: 'rejected', rejectReason: '李小红服务天数有误', lockedRecords: 0 });
    // Unlocked: the therapist corrects the record.
    t.ok('rehab.sessions.update', sessionUpdate(few, 9));
    // A rejected batch claims nobody: another batch could take the month.
    expect(t.service.db.prepare('SELECT count(*) AS n FROM claim_line WHERE batch_id = ? AND live = 1').get(batch.id)).toEqual({ n: 0 });
    batch = t.ok('claims.batches.reopen', { id: batch.id, version: batch.version });
    expect(batch.status).toBe('draft');
    expect(lineOf(batch, few.personId)).toMatchObject({ quantity: 9, amountFen: 112_500 });
    batch = submit(batch);
    expect(t.err('claims.batches.pay', { id: batch.id, version: batch.version, paidOn: '2026-11-21', voucherNo: '记-001' })).toMatchObject({
      code: 'CLAIMS_STATUS_MOVE',
    });
    batch = t.ok('claims.batches.approve', { id: batch.id, version: batch.version, decidedOn: '2026-11-21' });
    expect(t.err('claims.batches.pay', { id: batch.id, version: batch.version, paidOn: '2026-11-20', voucherNo: '记-001' })).toMatchObject({
      code: 'CLAIMS_PAID_BEFORE_APPROVAL',
    });
    batch = t.ok('claims.batches.pay', { id: batch.id, version: batch.version, paidOn: '2026-11-22', voucherNo: '记-2026-11-001' });
    expect(batch).toMatchObject({ status: 'paid', paidOn: '2026-11-22', voucherNo: '记-2026-11-001' });
    expect(batch.lockedRecords).toBeGreaterThan(0);
    expect(batch.events.map((e) => e.action)).toEqual(['create', 'submit', 'reject', 'reopen', 'submit', 'approve', 'pay']);
    expect(t.err('claims.batches.remove', { id: batch.id, version: batch.version })).toMatchObject({ code: 'CLAIMS_NOT_DRAFT' });
  });

  it('removes a draft with its lines, record links, left-out list and history, and the month can be built again', () => {
    rehabRule(t);
    const batch = build();
    const db = t.service.db;
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('claim_line')).toBeGreaterThan(0);
    expect(count('claim_left_out')).toBeGreaterThan(0);
    // 李小红's line is left out first: it goes with the draft but is not part of what it came to.
    const excluded = t.ok('claims.lines.exclude', { id: lineOf(batch, few.personId)!.id, reason: '家长放弃' });
    // Stored: 2 lines, 1 of them excluded; counted: 张小明's full month only, 2,000.00 = 200,000 fen.
    const removed = { id: batch.id, number: 'KF202610-01', programme: 'rehab', period: '2026-10', lines: 2, excludedLines: 1, people: 1, totalFen: 200_000 };
    expect(t.ok('claims.batches.remove', { id: batch.id, version: excluded.version })).toEqual(removed);
    // The audit trail says what went (the lines themselves are not copied into it).
    const entry = db.prepare("SELECT action, detail FROM audit_log WHERE target = ? ORDER BY id DESC LIMIT 1").get(`claims.batches.remove#${batch.id}`) as { action: string; detail: string };
    expect(entry.action).toBe('delete');
    expect(JSON.parse(entry.detail)).toMatchObject({ after: removed });
    for (const table of ['claim_batch', 'claim_line', 'claim_lock', 'claim_left_out', 'claim_event']) expect(count(table)).toBe(0);
    // Nothing of the removed draft holds the children's month: a new draft claims them again.
    expect(build()).toMatchObject({ number: 'KF202610-01', lineCount: 2 });
  });

  it('removes a draft holding an adjustment, leaving the approved line it adjusted and its locks alone', () => {
    rehabRule(t);
    const october = submit(build());
    const approved = t.ok('claims.batches.approve', { id: october.id, version: october.version, decidedOn: '2026-11-21' });
    const november = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
    const adjusted = t.ok('claims.adjustments.add', { batchId: november.id, lineId: approved.lines[0]!.id, amountFen: 1_000, reason: '补记' });
    // The draft holds November's lines (none: no sessions logged) and the +10.00 adjustment.
    expect(t.ok('claims.batches.remove', { id: adjusted.id, version: adjusted.version })).toMatchObject({ id: adjusted.id, lines: 1, excludedLines: 0, totalFen: 1_000 });
    // The approved batch keeps its lines and its locks.
    expect(t.ok('claims.batches.get', { id: approved.id })).toMatchObject({ lineCount: approved.lineCount, lockedRecords: approved.lockedRecords });
  });

  it('pages a batch’s lines by seq, with totals and counts for the whole batch, excluded lines left out of the sums', () => {
    rehabRule(t);
    const extra = childWithSessions(t, therapistId, '王小华', '2021-08-09', weekdays('2026-10'));
    const batch = build();
    t.ok('claims.lines.exclude', { id: lineOf(batch, extra.personId)!.id, reason: '重复' });
    const detail = t.ok('claims.batches.get', { id: batch.id });
    expect(detail).toMatchObject({ lineTotal: 3, lineCount: 2, totalFen: 325_000, claimFen: 325_000, adjustmentFen: 0 });
    const first = t.ok('claims.lines.page', { batchId: batch.id, limit: 2 });
    // Pinyin order: 李 (Li), 王 (Wang), 张 (Zhang).
    expect(first.map((l) => [l.seq, l.name, l.excluded])).toEqual([[1, '李小红', false], [2, '王小华', true]]);
    const next = t.ok('claims.lines.page', { batchId: batch.id, afterSeq: first.at(-1)!.seq, limit: 2 });
    expect(next.map((l) => [l.seq, l.name, l.excluded])).toEqual([[3, '张小明', false]]);
    expect(t.ok('claims.lines.page', { batchId: batch.id, afterSeq: 3 })).toEqual([]);
    expect(t.err('claims.lines.page', { batchId: batch.id + 1 })).toMatchObject({ code: 'CLAIMS_BATCH_NOT_FOUND' });
  });

  it('refuses a stale version', () => {
    rehabRule(t);
    const batch = build();
    t.ok('claims.lines.exclude', { id: batch.lines[0]!.id, reason: '重复' });
    expect(t.err('claims.batches.submit', { id: batch.id, version: batch.version })).toMatchObject({ code: 'CLAIMS_STALE' });
  });
});

describe('adjustments in a later batch', () => {
  function approvedOctober() {
    rehabRule(t);
    let batch = submit(build());
    batch = t.ok('claims.batches.approve', { id: batch.id, version: batch.version, decidedOn: '2026-11-10' });
    return batch;
  }

  it('point at the original line, positive or negative, never below zero, and count in the total', () => {
    const october = approvedOctober();
    const original = lineOf(october, few.personId)!;
    childWithSessions(t, therapistId, '周十一月', '2022-06-06', weekdays('2026-11', 20));
    let november = build('2026-11');
    expect(t.err('claims.adjustments.add', { batchId: november.id, lineId: original.id, amountFen: -125_001, reason: '多报' })).toMatchObject({
      code: 'CLAIMS_ADJUSTMENT_BELOW_ZERO',
      params: { floor: -125_000 },
    });
    expect(t.err('claims.adjustments.add', { batchId: november.id, lineId: original.id, amountFen: 0, reason: '无' })).toMatchObject({ code: 'CLAIMS_ADJUSTMENT_ZERO' });
    november = t.ok('claims.adjustments.add', { batchId: november.id, lineId: original.id, amountFen: -12_500, reason: '10月15日实际缺勤' });
    const adjustment = november.lines.find((l) => l.kind === 'adjustment')!;
    expect(adjustment).toMatchObject({
      personId: few.personId,
      amountFen: -12_500,
      serviceFrom: '2026-10-01',
      adjusts: { lineId: original.id, number: 'KF202610-01', seq: original.seq, amountFen: 125_000 },
      adjustReason: '10月15日实际缺勤',
    });
    expect(adjustment.seq).toBe(november.lines.length);
    expect(november.adjustmentFen).toBe(-12_500);
    expect(november.totalFen).toBe(november.claimFen - 12_500);
    const explained = t.ok('claims.lines.explain', { id: original.id });
    expect(explained.adjustments).toEqual([expect.objectContaining({ number: november.number, amountFen: -12_500 })]);
    // The line of a batch not yet decided cannot be adjusted (reject it instead).
    expect(t.err('claims.adjustments.add', { batchId: november.id, lineId: november.lines[0]!.id, amountFen: 100, reason: 'x' })).toMatchObject({
      code: 'CLAIMS_NOT_ADJUSTABLE',
    });
    november = t.ok('claims.adjustments.remove', { id: adjustment.id });
    expect(november.lines.every((l) => l.kind === 'claim')).toBe(true);
  });

  it('preview the difference when the rule for the month was raised afterwards (a rule change after claiming)', () => {
    const october = approvedOctober();
    rehabRule(t, { monthlyStandardFen: 240_000 }, '2026-10-01');
    const preview = t.ok('claims.adjustments.preview', { lineId: lineOf(october, full.personId)!.id });
    expect(preview).toMatchObject({ recomputedFen: 240_000, differenceFen: 40_000, floorFen: -200_000, number: 'KF202610-01' });
    // A later batch of the same month proposes nothing new for it: the month is claimed.
    expect(t.ok('claims.lines.search', { programme: 'rehab', q: '张小明' }).map((l) => l.number)).toEqual(['KF202610-01']);
  });
});

describe('the period as typed', () => {
  it('builds 2026/10 and 2026年10月 as the month 2026-10, and says which part of a wrong period is wrong', () => {
    rehabRule(t);
    const batch = t.ok('claims.batches.create', { programme: 'rehab', period: '2026/10' });
    expect(batch).toMatchObject({ period: '2026-10', number: 'KF202610-01', periodStart: '2026-10-01', periodEnd: '2026-10-31' });
    // The same month written the Chinese way is that month: its draft already exists.
    expect(t.err('claims.batches.create', { programme: 'rehab', period: '2026年10月' })).toMatchObject({ code: 'CLAIMS_DRAFT_EXISTS' });
    expect(t.err('claims.batches.create', { programme: 'rehab', period: '2026-13' })).toMatchObject({ code: 'CLAIMS_PERIOD_MONTH', field: 'period' });
    expect(t.err('claims.batches.create', { programme: 'rehab', period: '十月' })).toMatchObject({ code: 'CLAIMS_PERIOD_FORMAT', field: 'period' });
  });
});

describe('rules and caps across a quarter', () => {
  it('uses each month’s rule and stops at the yearly cap reached mid-quarter', () => {
    rehabRule(t, { yearlyCapFen: 500_000 });
    rehabRule(t, { yearlyCapFen: 500_000, monthlyStandardFen: 300_000 }, '2026-11-01');
    const child = childWithSessions(t, therapistId, '钱季度', '2021-07-07', [...weekdays('2026-09'), ...weekdays('2026-10'), ...weekdays('2026-11', 20)]);
    // Earlier in the year the child was claimed 2,000.00 (September).
    const september = build('2026-09');
    expect(lineOf(september, child.personId)!.amountFen).toBe(200_000);
    submit(september);
    const q4 = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-Q4' });
    const lines = q4.lines.filter((l) => l.personId === child.personId);
    // October: 2,000.00 (4,000.00 of 5,000.00 so far); November: the new 3,000.00 standard for 15 of 16 days
    // would be 2,812.50, capped at the 1,000.00 left.
    expect(lines.map((l) => [l.serviceFrom, l.amountFen, l.ruleFrom])).toEqual([
      ['2026-10-01', 200_000, '2026-01-01'],
      ['2026-11-01', 100_000, '2026-11-01'],
    ]);
    expect(lines[1]!.steps.map((s) => s.code)).toContain('CAPPED');
  });
});

describe('who may', () => {
  it('lets the accountant build and submit, the viewer only read, and the therapist not at all', () => {
    rehabRule(t);
    const accountant = t.signInAs('accountant');
    const viewer = t.signInAs('viewer');
    const therapistSession = t.signInAs('therapist');
    const batch = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' }, accountant);
    expect(t.ok('claims.batches.list', {}, viewer).map((b) => b.number)).toEqual(['KF202610-01']);
    expect(t.ok('claims.batches.get', { id: batch.id }, viewer).lines[0]!.idNumber).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
    expect(t.err('claims.batches.submit', { id: batch.id, version: batch.version }, viewer)).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect(t.err('claims.batches.list', {}, therapistSession)).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect(t.ok('claims.batches.submit', { id: batch.id, version: batch.version }, accountant).status).toBe('submitted');
  });
});

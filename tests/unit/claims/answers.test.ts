// Finance's answer per line (approved, possibly cut, or rejected with a coded reason), final once
// given; the batch's claimed / approved / paid totals; re-claiming a rejected or cut line in a
// later batch; the report by programme, month and category.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { childWithSessions, rehabRule, therapist, weekdays, type Child } from './fixtures';
import type { BatchDetail } from '../../../db/claims/contract';

let t: TestService;
let a: Child;
let b: Child;
let c: Child;
let batch: BatchDetail;

// The fixture rule: 2,000 yuan for a full month of 16 service days; October has 22 weekdays.
beforeEach(() => {
  t = testService(); // today is 2026-11-22
  const th = therapist(t);
  rehabRule(t);
  const months = [...weekdays('2026-10'), ...weekdays('2026-11', 20)];
  a = childWithSessions(t, th, '甲', '2022-01-05', months);
  b = childWithSessions(t, th, '乙', '2022-02-05', months);
  c = childWithSessions(t, th, '丙', '2022-03-05', months);
  const draft = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
  batch = t.ok('claims.batches.submit', { id: draft.id, version: draft.version });
});
afterEach(() => t.close());

const lineOf = (d: BatchDetail, child: Child) => d.lines.find((l) => l.personId === child.personId && l.kind === 'claim')!;
const answer = (lineId: number, over: Record<string, unknown>) =>
  t.ok('claims.lines.answer', { lineId, decision: 'approved', approvedFen: null, reasonCode: null, note: '', answeredOn: '2026-11-22', ...over } as never);

describe('finance answers line by line', () => {
  it('records a cut and a rejection with coded reasons, and shows claimed, approved and paid totals', () => {
    answer(lineOf(batch, a).id, { approvedFen: 150_000, reasonCode: 'over_standard' });
    const after = answer(lineOf(batch, b).id, { decision: 'rejected', reasonCode: 'incomplete', note: '缺诊断证明' });
    expect(lineOf(after, a).answer).toMatchObject({ decision: 'approved', approvedFen: 150_000, reasonCode: 'over_standard' });
    expect(lineOf(after, b).answer).toMatchObject({ decision: 'rejected', approvedFen: 0, reasonCode: 'incomplete', note: '缺诊断证明' });
    // Submitted: 3 × 2,000 claimed; approved so far only what was answered: 1,500 + 0.
    expect(after).toMatchObject({ totalFen: 600_000, approvedFen: 150_000, paidFen: 0, answered: 2 });
    const approved = t.ok('claims.batches.approve', { id: after.id, version: after.version, decidedOn: '2026-11-22' });
    // Approving the batch approves the unanswered line in full: 1,500 + 0 + 2,000 = 3,500.
    expect(approved).toMatchObject({ approvedFen: 350_000, paidFen: 0 });
    const paid = t.ok('claims.batches.pay', { id: approved.id, version: approved.version, paidOn: '2026-11-22', voucherNo: 'P-1' });
    expect(paid).toMatchObject({ totalFen: 600_000, approvedFen: 350_000, paidFen: 350_000 });
  });

  it('keeps an answer final, refuses more than claimed, a cut without a reason, and an unknown reason', () => {
    const id = lineOf(batch, a).id;
    expect(t.err('claims.lines.answer', { lineId: id, decision: 'approved', approvedFen: 200_001, answeredOn: '2026-11-22' })).toMatchObject({ code: 'CLAIMS_APPROVED_ABOVE_CLAIMED' });
    expect(t.err('claims.lines.answer', { lineId: id, decision: 'approved', approvedFen: 100_000, answeredOn: '2026-11-22' })).toMatchObject({ code: 'CLAIMS_REASON_REQUIRED', field: 'reasonCode' });
    expect(t.err('claims.lines.answer', { lineId: id, decision: 'rejected', reasonCode: 'nope', answeredOn: '2026-11-22' })).toMatchObject({ code: 'CLAIMS_REASON_UNKNOWN' });
    answer(id, { approvedFen: 200_000 });
    expect(t.err('claims.lines.answer', { lineId: id, decision: 'rejected', reasonCode: 'duplicate', answeredOn: '2026-11-22' })).toMatchObject({ code: 'CLAIMS_ANSWER_FINAL' });
    // Not even SQL changes it.
    expect(() => t.service.db.prepare('UPDATE claim_answer SET approved_fen = 1').run()).toThrow(/CLAIM_ANSWER_FINAL/);
  });

  it('lets the centre add a reason of its own and use it', () => {
    const list = t.ok('claims.reasons.add', { label: '超出审批期' });
    expect(list.map((r) => r.code)).toEqual(['duplicate', 'incomplete', 'ineligible', 'over_standard', 'c1'].sort((x, y) => (x === 'c1' ? 1 : y === 'c1' ? -1 : 0)));
    const after = answer(lineOf(batch, a).id, { decision: 'rejected', reasonCode: 'c1' });
    expect(lineOf(after, a).answer).toMatchObject({ reasonCode: 'c1', reasonLabel: '超出审批期' });
  });

  it('refuses answers on a draft, and a whole-batch rejection once lines are answered', () => {
    const nov = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
    expect(t.err('claims.lines.answer', { lineId: nov.lines[0]!.id, decision: 'approved', approvedFen: 1, answeredOn: '2026-11-22' })).toMatchObject({ code: 'CLAIMS_ANSWER_STATUS' });
    answer(lineOf(batch, a).id, { approvedFen: 200_000 });
    const now = t.ok('claims.batches.get', { id: batch.id });
    expect(t.err('claims.batches.reject', { id: now.id, version: now.version, decidedOn: '2026-11-22', reason: '退回' })).toMatchObject({ code: 'CLAIMS_BATCH_ANSWERED' });
  });
});

describe('claiming again what finance rejected or cut', () => {
  it('claims the rejected line and the cut part in a later batch, linked to the first, once', () => {
    answer(lineOf(batch, a).id, { approvedFen: 150_000, reasonCode: 'over_standard' });
    answer(lineOf(batch, b).id, { decision: 'rejected', reasonCode: 'incomplete' });
    const reclaimable = t.ok('claims.lines.reclaimable', { programme: 'rehab' });
    // 甲 short by 2,000 − 1,500 = 500; 乙 by the whole 2,000.
    expect(reclaimable.map((l) => [l.name, l.shortFen])).toEqual([
      ['甲', 50_000],
      ['乙', 200_000],
    ]);
    const nov = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
    const withB = t.ok('claims.lines.reclaim', { batchId: nov.id, lineId: lineOf(batch, b).id, reason: '已补齐诊断证明' });
    const re = withB.lines.find((l) => l.reclaim)!;
    expect(re).toMatchObject({ kind: 'adjustment', personId: b.personId, amountFen: 200_000, serviceFrom: '2026-10-01', adjusts: { number: batch.number, seq: lineOf(batch, b).seq } });
    expect(t.err('claims.lines.reclaim', { batchId: nov.id, lineId: lineOf(batch, b).id, reason: '再次' })).toMatchObject({ code: 'CLAIMS_ALREADY_RECLAIMED' });
    expect(t.ok('claims.lines.reclaimable', { programme: 'rehab' }).map((l) => l.name)).toEqual(['甲']);
  });

  it('refuses to claim again an approved line, or in a batch of the same period', () => {
    answer(lineOf(batch, c).id, { approvedFen: 200_000 });
    answer(lineOf(batch, b).id, { decision: 'rejected', reasonCode: 'incomplete' });
    const nov = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
    expect(t.err('claims.lines.reclaim', { batchId: nov.id, lineId: lineOf(batch, c).id, reason: 'x' })).toMatchObject({ code: 'CLAIMS_NOT_RECLAIMABLE' });
    const q = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-Q4' });
    expect(t.err('claims.lines.reclaim', { batchId: q.id, lineId: lineOf(batch, b).id, reason: 'x' })).toMatchObject({ code: 'CLAIMS_RECLAIM_NOT_LATER' });
  });
});

describe('the claims report', () => {
  it('sums claimed, approved, adjusted and paid by programme, month and category', () => {
    answer(lineOf(batch, a).id, { approvedFen: 150_000, reasonCode: 'over_standard' });
    answer(lineOf(batch, b).id, { decision: 'rejected', reasonCode: 'incomplete' });
    let d = t.ok('claims.batches.get', { id: batch.id });
    d = t.ok('claims.batches.approve', { id: d.id, version: d.version, decidedOn: '2026-11-22' });
    t.ok('claims.batches.pay', { id: d.id, version: d.version, paidOn: '2026-11-22', voucherNo: 'P-1' });
    const nov = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
    const re = t.ok('claims.lines.reclaim', { batchId: nov.id, lineId: lineOf(batch, b).id, reason: '补齐' });
    t.ok('claims.batches.submit', { id: re.id, version: re.version });
    const rows = t.ok('claims.report', { year: 2026, programme: null });
    // October, autism: claimed 3 × 2,000 = 6,000; approved 1,500 + 0 + 2,000 = 3,500, all paid;
    // the re-claim of 乙 (2,000) is an adjustment of October, not yet decided.
    expect(rows.find((r) => r.month === '2026-10')).toEqual({
      programme: 'rehab',
      month: '2026-10',
      category: 'autism',
      lines: 3,
      claimedFen: 600_000,
      approvedFen: 350_000,
      adjustedFen: 200_000,
      paidFen: 350_000,
    });
    // November: 3 children with sessions to the 20th (15 weekdays of 16: 2,000 × 15 ÷ 16 = 1,875 each).
    expect(rows.find((r) => r.month === '2026-11')).toMatchObject({ lines: 3, claimedFen: 3 * 187_500, approvedFen: 0, paidFen: 0 });
  });
});

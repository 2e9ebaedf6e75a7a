// Finance's answer per line: approved (the amount may be cut) or rejected, with a reason from the
// centre's list; final once given. A rejected or cut line is claimed again in a later batch by a
// re-claim: an adjustment of the line for what it fell short, linked to it.
import { fail } from '../errors';
import type { ClaimsBase } from './base';
import type { BatchCore } from './batches';
import type { BatchDetail, ReclaimableLine, RejectReason } from './contract';
import { LINE_SELECT, toLineView, type LineDb, type Lines } from './lines';
import type { Programme, Step } from './rules';

/** Batches finance answers lines of: sent and not yet paid. */
const ANSWERABLE = new Set(['submitted', 'approved']);

export function createAnswers(base: ClaimsBase, core: BatchCore, lines: Lines) {
  const { db, clock, actor, sql, event } = base;
  const { load, get, requireDraft, touch } = core;
  const { loadLine } = lines;

  function reasons(): RejectReason[] {
    return (sql('SELECT code, label, builtin FROM claim_reject_reason WHERE active = 1 ORDER BY builtin DESC, created_at, code').all() as {
      code: string;
      label: string;
      builtin: 0 | 1;
    }[]).map((r) => ({ code: r.code, label: r.label, builtin: r.builtin === 1 }));
  }

  const addReason = db.transaction((label: string): RejectReason[] => {
    if (sql('SELECT 1 FROM claim_reject_reason WHERE label = ?').get(label)) fail('CLAIMS_REASON_EXISTS', 'label', { label });
    const n = (sql("SELECT count(*) AS n FROM claim_reject_reason WHERE builtin = 0").get() as { n: number }).n;
    sql('INSERT INTO claim_reject_reason (code, label, builtin, created_at, created_by) VALUES (?, ?, 0, ?, ?)').run(`c${n + 1}`, label, clock.now(), actor());
    return reasons();
  });

  const answer = db.transaction(
    (input: { lineId: number; decision: 'approved' | 'rejected'; approvedFen: number | null; reasonCode: string | null; note: string; answeredOn: string }): BatchDetail => {
      const line = loadLine(input.lineId);
      const b = load(line.batch_id);
      if (!ANSWERABLE.has(b.status)) fail('CLAIMS_ANSWER_STATUS', undefined, { number: b.number, status: b.status });
      if (line.excluded === 1 || line.amount_fen <= 0) fail('CLAIMS_ANSWER_LINE', 'lineId', { seq: line.seq });
      if (sql('SELECT 1 FROM claim_answer WHERE line_id = ?').get(line.id)) fail('CLAIMS_ANSWER_FINAL', 'lineId', { seq: line.seq, name: line.name });
      if (input.answeredOn > clock.today()) fail('CLAIMS_DATE_FUTURE', 'answeredOn', { today: clock.today() });
      if (b.submitted_at && input.answeredOn < b.submitted_at.slice(0, 10)) fail('CLAIMS_ANSWER_BEFORE_SUBMIT', 'answeredOn', { date: b.submitted_at.slice(0, 10) });
      const approved = input.decision === 'rejected' ? 0 : input.approvedFen!;
      if (approved > line.amount_fen) fail('CLAIMS_APPROVED_ABOVE_CLAIMED', 'approvedFen', { claimed: line.amount_fen });
      const code = input.reasonCode || null;
      if (approved < line.amount_fen && code === null) fail('CLAIMS_REASON_REQUIRED', 'reasonCode');
      if (code !== null && !sql('SELECT 1 FROM claim_reject_reason WHERE code = ? AND active = 1').get(code)) fail('CLAIMS_REASON_UNKNOWN', 'reasonCode', { code });
      sql(
        `INSERT INTO claim_answer (line_id, batch_id, decision, claimed_fen, approved_fen, reason_code, note, answered_on, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(line.id, b.id, input.decision, line.amount_fen, approved, code, input.note, input.answeredOn, clock.now(), actor());
      touch(b.id);
      event(b.id, 'answer', { seq: line.seq, name: line.name, decision: input.decision, amount: approved, claimed: line.amount_fen });
      return get(b.id);
    },
  );

  /** Lines finance rejected or cut (not yet claimed again), for a later batch of the programme. */
  function reclaimable(programme: Programme): ReclaimableLine[] {
    const rows = sql(
      `${LINE_SELECT} JOIN claim_batch b ON b.id = l.batch_id
       WHERE l.programme = ? AND ans.approved_fen < ans.claimed_fen
         AND NOT EXISTS (SELECT 1 FROM claim_line r WHERE r.adjusts_line_id = l.id AND r.reclaim = 1 AND r.live = 1)
       ORDER BY b.period_start, l.seq LIMIT 500`,
    ).all(programme) as LineDb[];
    const numberOf = sql('SELECT number FROM claim_batch WHERE id = ?');
    return rows.map((r) => ({
      ...toLineView(r),
      batchId: r.batch_id,
      number: (numberOf.get(r.batch_id) as { number: string }).number,
      shortFen: r.amount_fen - (r.ans_approved ?? 0),
    }));
  }

  const reclaim = db.transaction((input: { batchId: number; lineId: number; reason: string }): BatchDetail => {
    const target = load(input.batchId);
    requireDraft(target);
    const line = loadLine(input.lineId);
    const original = load(line.batch_id);
    if (line.ans_decision === null || (line.ans_approved ?? 0) >= line.amount_fen) fail('CLAIMS_NOT_RECLAIMABLE', 'lineId', { number: original.number, seq: line.seq });
    if (line.programme !== target.programme) fail('CLAIMS_ADJUSTMENT_PROGRAMME', 'lineId', { number: original.number });
    if (target.period_start <= original.period_start) fail('CLAIMS_RECLAIM_NOT_LATER', 'batchId', { number: original.number, period: original.period });
    const again = sql(
      `SELECT b.number FROM claim_line r JOIN claim_batch b ON b.id = r.batch_id WHERE r.adjusts_line_id = ? AND r.reclaim = 1 AND r.live = 1 LIMIT 1`,
    ).get(line.id) as { number: string } | undefined;
    if (again) fail('CLAIMS_ALREADY_RECLAIMED', 'lineId', { number: again.number, name: line.name });
    const short = line.amount_fen - (line.ans_approved ?? 0);
    const steps: Step[] = [
      { code: 'RECLAIM', params: { number: original.number, seq: line.seq, claimed: line.amount_fen, approved: line.ans_approved ?? 0, amount: short, reason: line.ans_reason ?? '' } },
    ];
    const now = clock.now();
    const seq = (sql('SELECT coalesce(max(seq), 0) + 1 AS n FROM claim_line WHERE batch_id = ?').get(target.id) as { n: number }).n;
    // The line's records are linked when its batch is submitted (a draft locks nothing).
    sql(
      `INSERT INTO claim_line (batch_id, seq, programme, kind, person_id, service_key, service_from, service_to, service_year,
         name, sex, id_number, cert_number, disability_category, disability_level, content_code, content_text,
         quantity, unit, standard_fen, amount_fen, rule, steps, records, adjusts_line_id, adjust_reason, live, reclaim, rule_path,
         created_at, created_by, updated_at, updated_by)
       SELECT ?, ?, programme, 'adjustment', person_id, service_key, service_from, service_to, service_year,
         name, sex, id_number, cert_number, disability_category, disability_level, content_code, content_text,
         quantity, unit, standard_fen, ?, rule, ?, records, id, ?, 1, 1, rule_path, ?, ?, ?, ?
       FROM claim_line WHERE id = ?`,
    ).run(target.id, seq, short, JSON.stringify(steps), input.reason, now, actor(), now, actor(), line.id);
    touch(target.id);
    event(target.id, 'reclaim', { number: original.number, seq: line.seq, name: line.name, amount: short });
    return get(target.id);
  });

  return { reasons, addReason, answer, reclaimable, reclaim };
}

// Adjustments: lines of a draft that correct a line of an approved or paid batch — finding the
// lines one may point at, previewing what a line comes to now, adding and removing adjustments.
import { DomainError, fail } from '../errors';
import type { ClaimsBase } from './base';
import type { BatchCore, BatchDb } from './batches';
import type { ClaimsBuild } from './build';
import type { AdjustablePreview, BatchDetail } from './contract';
import { LINE_SELECT, toLineView, type LineDb, type Lines } from './lines';
import { ADJUSTABLE_STATUSES, adjustmentFloor, parsePeriod, type LeftOutReason, type Programme, type Step } from './rules';

export function createAdjustments(base: ClaimsBase, build: ClaimsBuild, core: BatchCore, lines: Lines) {
  const { db, clock, actor, sql, event } = base;
  const { load, get, requireDraft, touch } = core;
  const { loadLine } = lines;

  function nextSeq(batchId: number): number {
    return (sql('SELECT coalesce(max(seq), 0) + 1 AS n FROM claim_line WHERE batch_id = ?').get(batchId) as { n: number }).n;
  }

  /** Lines of approved or paid batches of a programme (for an adjustment to point at), by name or ID. */
  function searchAdjustable(programme: Programme, q: string) {
    const like = `%${q}%`;
    // A line is in a batch of its programme: naming the batch's programme too lets the search start
    // from that programme's batches (no index leads with a line's programme since migration 019).
    // The first 100 are chosen on the narrow sort keys, then only they are read whole: sorting every
    // matching line with its records and steps took 120 ms at scale 100 for an empty search.
    const rows = sql(
      `WITH hit AS (
         SELECT l.id, l.service_from, b.number, l.seq FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
         WHERE l.programme = ? AND b.programme = ? AND l.kind = 'claim' AND l.live = 1 AND b.status IN ('approved', 'paid')
           AND (? = '' OR l.name LIKE ? OR l.id_number LIKE ?)
         ORDER BY l.service_from DESC, b.number, l.seq LIMIT 100)
       ${LINE_SELECT.replace('FROM claim_line l', ', hit.number AS hit_number FROM hit JOIN claim_line l ON l.id = hit.id')}
       ORDER BY hit.service_from DESC, hit.number, hit.seq`,
    ).all(programme, programme, q, like, like) as (LineDb & { hit_number: string })[];
    return rows.map((r) => ({ ...toLineView(r), batchId: r.batch_id, number: r.hit_number }));
  }

  function adjustedSoFar(lineId: number, exceptBatch = 0): number {
    return (
      sql('SELECT coalesce(sum(amount_fen), 0) AS s FROM claim_line WHERE adjusts_line_id = ? AND live = 1 AND batch_id <> ?').get(lineId, exceptBatch) as {
        s: number;
      }
    ).s;
  }

  function adjustable(lineId: number): { line: LineDb; batch: BatchDb } {
    const line = loadLine(lineId);
    const batch = load(line.batch_id);
    if (line.kind !== 'claim' || line.live !== 1 || !ADJUSTABLE_STATUSES.includes(batch.status)) {
      fail('CLAIMS_NOT_ADJUSTABLE', 'lineId', { number: batch.number, seq: line.seq });
    }
    return { line, batch };
  }

  /** What the line comes to if computed again now, and the difference an adjustment would make. */
  function preview(lineId: number): AdjustablePreview {
    const { line, batch } = adjustable(lineId);
    const soFar = adjustedSoFar(lineId);
    let recomputedFen: number | null = null;
    let steps: Step[] = [];
    let reason: LeftOutReason | null = null;
    try {
      const period = parsePeriod(batch.period)!;
      const found = build
        .propose(line.programme, period, 0, { personId: line.person_id, serviceKey: line.service_key, ignoreLineId: line.id })
        .find((p) => p.serviceKey === line.service_key);
      if (found?.outcome.kind === 'line') {
        recomputedFen = found.outcome.amountFen;
        steps = found.outcome.steps;
      } else if (found) reason = found.outcome.reason;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      reason = null;
    }
    const current = line.amount_fen + soFar;
    return {
      line: toLineView(line),
      number: batch.number,
      adjustedSoFarFen: soFar,
      recomputedFen,
      recomputedSteps: steps,
      recomputedReason: reason,
      differenceFen: (recomputedFen ?? 0) - current,
      floorFen: adjustmentFloor(line.amount_fen, soFar),
    };
  }

  const addAdjustment = db.transaction((input: { batchId: number; lineId: number; amountFen: number; reason: string }): BatchDetail => {
    const b = load(input.batchId);
    requireDraft(b);
    const { line, batch } = adjustable(input.lineId);
    if (line.programme !== b.programme) fail('CLAIMS_ADJUSTMENT_PROGRAMME', 'lineId', { number: batch.number });
    const floor = adjustmentFloor(line.amount_fen, adjustedSoFar(line.id));
    if (input.amountFen < floor) fail('CLAIMS_ADJUSTMENT_BELOW_ZERO', 'amountFen', { floor, number: batch.number, seq: line.seq });
    const now = clock.now();
    const steps: Step[] = [
      { code: 'ADJUSTMENT', params: { number: batch.number, seq: line.seq, original: line.amount_fen, amount: input.amountFen, result: line.amount_fen + adjustedSoFar(line.id) + input.amountFen } },
    ];
    // The line's records are linked when its batch is submitted (a draft locks nothing).
    sql(
      `INSERT INTO claim_line (batch_id, seq, programme, kind, person_id, service_key, service_from, service_to, service_year,
         name, sex, id_number, cert_number, disability_category, disability_level, content_code, content_text,
         quantity, unit, standard_fen, amount_fen, rule, steps, records, adjusts_line_id, adjust_reason, live,
         created_at, created_by, updated_at, updated_by)
       SELECT ?, ?, programme, 'adjustment', person_id, service_key, service_from, service_to, service_year,
         name, sex, id_number, cert_number, disability_category, disability_level, content_code, content_text,
         0, unit, standard_fen, ?, rule, ?, records, id, ?, 1, ?, ?, ?, ?
       FROM claim_line WHERE id = ?`,
    ).run(b.id, nextSeq(b.id), input.amountFen, JSON.stringify(steps), input.reason, now, actor(), now, actor(), line.id);
    touch(b.id);
    event(b.id, 'adjust', { number: batch.number, seq: line.seq, name: line.name, amount: input.amountFen });
    return get(b.id);
  });

  const removeAdjustment = db.transaction((lineId: number): BatchDetail => {
    const line = loadLine(lineId);
    const b = load(line.batch_id);
    requireDraft(b);
    if (line.kind !== 'adjustment') fail('CLAIMS_NOT_ADJUSTMENT');
    // An adjustment kept from an earlier submission of a reopened batch still links its records.
    sql('DELETE FROM claim_lock WHERE line_id = ?').run(lineId);
    sql('DELETE FROM claim_line WHERE id = ?').run(lineId);
    // Close the gap in the numbering.
    sql('UPDATE claim_line SET seq = seq + 1000000 WHERE batch_id = ? AND seq > ?').run(b.id, line.seq);
    sql('UPDATE claim_line SET seq = seq - 1000001 WHERE batch_id = ? AND seq > 1000000').run(b.id);
    touch(b.id);
    event(b.id, 'unadjust', { name: line.name, amount: line.amount_fen });
    return get(b.id);
  });

  return { searchAdjustable, preview, addAdjustment, removeAdjustment };
}

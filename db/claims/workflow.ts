// The claim workflow: submit (which checks the batch still comes out the same and locks its
// records), approve, reject, reopen and pay; each move checked against the allowed steps.
import { fail } from '../errors';
import type { ClaimsBase } from './base';
import type { BatchCore, BatchDb, Building } from './batches';
import type { ClaimsBuild } from './build';
import type { BatchDetail } from './contract';
import { linkRecords, unpackRecords } from './lines';
import { canMove, parsePeriod, type BatchStatus } from './rules';

/** What identifies a proposal's result, to tell whether records or rules changed since building. */
function signature(personId: number, serviceKey: string, quantity: number, amount: number, records: { type: string; id: number; counted: boolean }[]): string {
  return `${personId}|${serviceKey}|${quantity}|${amount}|${records.map((r) => `${r.type}:${r.id}:${r.counted ? 1 : 0}`).join(',')}`;
}

export function createWorkflow(base: ClaimsBase, build: ClaimsBuild, core: BatchCore, building: Building) {
  const { db, clock, actor, sql, event } = base;
  const { loadFor, get, touch } = core;
  const { rebuild, exclusions } = building;

  function move(b: BatchDb, to: BatchStatus) {
    if (!canMove(b.status, to)) fail('CLAIMS_STATUS_MOVE', undefined, { number: b.number, from: b.status, to });
  }

  /**
   * Submitting locks the records: before it, the batch is computed again and must come out the
   * same (a session edited since the batch was built would otherwise be claimed as it was).
   */
  const submit = db.transaction((id: number, version: number): BatchDetail => {
    const b = loadFor(id, version);
    move(b, 'submitted');
    const live = (sql('SELECT count(*) AS n FROM claim_line WHERE batch_id = ? AND live = 1').get(id) as { n: number }).n;
    if (live === 0) fail('CLAIMS_EMPTY', undefined, { number: b.number });
    const lines = (sql('SELECT id, kind, person_id, service_key, quantity, amount_fen, records FROM claim_line WHERE batch_id = ?').all(id) as {
      id: number;
      kind: 'claim' | 'adjustment';
      person_id: number;
      service_key: string;
      quantity: number;
      amount_fen: number;
      records: string | Buffer;
    }[]).map((r) => ({ ...r, records: unpackRecords(r.records) }));
    const stored = new Set(lines.filter((r) => r.kind === 'claim').map((r) => signature(r.person_id, r.service_key, r.quantity, r.amount_fen, r.records)));
    const fresh = build
      .propose(b.programme, parsePeriod(b.period)!, id, null, new Set(exclusions(id).keys()))
      .filter((p) => p.outcome.kind === 'line')
      .map((p) => signature(p.person.id, p.serviceKey, (p.outcome as { quantity: number }).quantity, (p.outcome as { amountFen: number }).amountFen, p.outcome.records));
    if (fresh.length !== stored.size || fresh.some((s) => !stored.has(s))) fail('CLAIMS_CHANGED_SINCE_BUILD', undefined, { number: b.number });
    // Only now are the records linked to the lines: a draft locks nothing, so building and
    // removing one writes and deletes no links (a month's claim links thousands of sessions).
    for (const line of lines) linkRecords(sql, line.id, line.records);
    sql("UPDATE claim_batch SET status = 'submitted', submitted_at = ?, submitted_by = ? WHERE id = ?").run(clock.now(), actor(), id);
    touch(id);
    event(id, 'submit', { total: get(id).totalFen });
    return get(id);
  });

  const approve = db.transaction((id: number, version: number, decidedOn: string): BatchDetail => {
    const b = loadFor(id, version);
    move(b, 'approved');
    if (decidedOn > clock.today()) fail('CLAIMS_DATE_FUTURE', 'decidedOn', { today: clock.today() });
    sql("UPDATE claim_batch SET status = 'approved', decided_on = ?, decided_by = ? WHERE id = ?").run(decidedOn, actor(), id);
    touch(id);
    event(id, 'approve', { date: decidedOn });
    return get(id);
  });

  /** A rejected batch claims nothing: its lines let go of their people and services, and its records unlock. */
  const reject = db.transaction((id: number, version: number, decidedOn: string, reason: string): BatchDetail => {
    const b = loadFor(id, version);
    move(b, 'rejected');
    // Once finance answered line by line, the lines carry the decision (a rejection is a line's answer).
    const answered = (sql('SELECT count(*) AS n FROM claim_answer WHERE batch_id = ?').get(id) as { n: number }).n;
    if (answered > 0) fail('CLAIMS_BATCH_ANSWERED', undefined, { number: b.number, n: answered });
    if (decidedOn > clock.today()) fail('CLAIMS_DATE_FUTURE', 'decidedOn', { today: clock.today() });
    sql("UPDATE claim_batch SET status = 'rejected', decided_on = ?, decided_by = ?, reject_reason = ? WHERE id = ?").run(decidedOn, actor(), reason, id);
    sql('UPDATE claim_line SET live = 0 WHERE batch_id = ?').run(id);
    touch(id);
    event(id, 'reject', { date: decidedOn, reason });
    return get(id);
  });

  /** A rejected batch becomes a draft again, computed afresh from the records as corrected since. */
  const reopen = db.transaction((id: number, version: number): BatchDetail => {
    const b = loadFor(id, version);
    move(b, 'draft');
    sql("UPDATE claim_batch SET status = 'draft', decided_on = NULL, decided_by = NULL, reject_reason = '', submitted_at = NULL, submitted_by = NULL WHERE id = ?").run(id);
    sql("UPDATE claim_line SET live = 1 WHERE batch_id = ? AND kind = 'adjustment' AND excluded = 0").run(id);
    rebuild(b, exclusions(id));
    touch(id);
    event(id, 'reopen');
    return get(id);
  });

  const pay = db.transaction((id: number, version: number, paidOn: string, voucherNo: string): BatchDetail => {
    const b = loadFor(id, version);
    move(b, 'paid');
    if (paidOn > clock.today()) fail('CLAIMS_DATE_FUTURE', 'paidOn', { today: clock.today() });
    if (b.decided_on && paidOn < b.decided_on) fail('CLAIMS_PAID_BEFORE_APPROVAL', 'paidOn', { date: b.decided_on });
    sql("UPDATE claim_batch SET status = 'paid', paid_on = ?, voucher_no = ? WHERE id = ?").run(paidOn, voucherNo, id);
    touch(id);
    event(id, 'pay', { date: paidOn, voucher: voucherNo });
    return get(id);
  });

  return { submit, approve, reject, reopen, pay };
}

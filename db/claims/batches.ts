// Claim batches: a batch's row and detail views, building a draft from the proposals, refreshing
// and removing it; createBatches puts the batch, line, adjustment and workflow parts together.
import { fail } from '../errors';
import { createAdjustments } from './adjustments';
import { createAnswers } from './answers';
import type { ClaimsBase } from './base';
import type { ClaimsBuild } from './build';
import type { BatchDetail, BatchEvent, BatchRow, LeftOutView, LineView, RemovedBatch } from './contract';
import { createLines, LINE_SELECT, toLineView, type LineDb } from './lines';
import { LINE_PAGE, NUMBER_PREFIX, capitalAmount, parsePeriod, type BatchStatus, type LeftOutReason, type Period, type Programme } from './rules';
import { createWorkflow } from './workflow';

export interface BatchDb {
  id: number;
  number: string;
  programme: Programme;
  period: string;
  period_start: string;
  period_end: string;
  centre_name: string;
  status: BatchStatus;
  note: string;
  submitted_at: string | null;
  submitted_by: string | null;
  decided_on: string | null;
  decided_by: string | null;
  reject_reason: string;
  paid_on: string | null;
  voucher_no: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  line_count: number;
  people: number;
  total_fen: number;
}

/** The statuses whose lines lock their records (the claim_locked view's). */
const LOCKING = new Set<string>(['submitted', 'approved', 'paid']);

const BATCH_SELECT = `SELECT b.*,
  (SELECT count(*) FROM claim_line l WHERE l.batch_id = b.id AND l.excluded = 0) AS line_count,
  (SELECT count(DISTINCT l.person_id) FROM claim_line l WHERE l.batch_id = b.id AND l.excluded = 0) AS people,
  (SELECT coalesce(sum(l.amount_fen), 0) FROM claim_line l WHERE l.batch_id = b.id AND l.excluded = 0) AS total_fen
  FROM claim_batch b`;

function toRow(b: BatchDb): BatchRow {
  return {
    id: b.id,
    number: b.number,
    programme: b.programme,
    period: b.period,
    periodStart: b.period_start,
    periodEnd: b.period_end,
    status: b.status,
    lineCount: b.line_count,
    people: b.people,
    totalFen: b.total_fen,
    rejectReason: b.reject_reason,
    paidOn: b.paid_on ?? '',
    voucherNo: b.voucher_no,
    createdAt: b.created_at,
    createdBy: b.created_by,
    updatedAt: b.updated_at,
    version: b.version,
  };
}

export type BatchCore = ReturnType<typeof createBatchCore>;

/** Loading a batch, its views and the checks every change of a batch starts with. */
function createBatchCore(base: ClaimsBase) {
  const { clock, actor, sql } = base;

  function load(id: number): BatchDb {
    const row = sql(`${BATCH_SELECT} WHERE b.id = ?`).get(id) as BatchDb | undefined;
    if (!row) fail('CLAIMS_BATCH_NOT_FOUND', undefined, { id });
    return row;
  }

  function loadFor(id: number, version: number): BatchDb {
    const b = load(id);
    if (b.version !== version) fail('CLAIMS_STALE', undefined, { number: b.number });
    return b;
  }

  function requireDraft(b: BatchDb) {
    if (b.status !== 'draft') fail('CLAIMS_NOT_DRAFT', undefined, { number: b.number, status: b.status });
  }

  function touch(batchId: number) {
    sql('UPDATE claim_batch SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?').run(clock.now(), actor(), batchId);
  }

  function list(input: { programme: Programme | null; status: BatchStatus | null }): BatchRow[] {
    const rows = sql(
      `${BATCH_SELECT} WHERE (@programme IS NULL OR b.programme = @programme) AND (@status IS NULL OR b.status = @status)
       ORDER BY b.period_start DESC, b.id DESC LIMIT 500`,
    ).all({ programme: input.programme, status: input.status }) as BatchDb[];
    return rows.map(toRow);
  }

  /** A page of a batch's lines in seq order, after the given seq (keyset: any page is as fast as the first). */
  function page(batchId: number, afterSeq: number, limit: number): LineView[] {
    if (!sql('SELECT 1 FROM claim_batch WHERE id = ?').get(batchId)) fail('CLAIMS_BATCH_NOT_FOUND', undefined, { id: batchId });
    return (sql(`${LINE_SELECT} WHERE l.batch_id = ? AND l.seq > ? ORDER BY l.seq LIMIT ?`).all(batchId, afterSeq, limit) as LineDb[]).map(toLineView);
  }

  function get(id: number): BatchDetail {
    const b = load(id);
    const lines = page(id, 0, LINE_PAGE);
    // Totals from one aggregate over the batch's index, not from its lines: a batch can hold
    // 100,000 of them, and the screen pages through them as it scrolls.
    // Only indexes are read: a line's row is wide (its explanation), 100,000 of them are 680 MB.
    const lineTotal = (sql('SELECT count(*) AS n FROM claim_line WHERE batch_id = ?').get(id) as { n: number }).n;
    // Adjustments are the lines that adjust another (a CHECK holds kind to that): few, and read
    // through their own index (left to itself SQLite reads every line of the batch for them).
    const adjustmentFen = (
      sql(
        'SELECT coalesce(sum(amount_fen), 0) AS s FROM claim_line INDEXED BY claim_line_adjusts WHERE adjusts_line_id IS NOT NULL AND batch_id = ? AND excluded = 0',
      ).get(id) as { s: number }
    ).s;
    const leftOut = (
      sql('SELECT * FROM claim_left_out WHERE batch_id = ? ORDER BY id').all(id) as {
        id: number;
        person_id: number;
        name: string;
        id_number: string;
        service_from: string;
        service_to: string;
        content_code: string;
        content_text: string;
        reason: LeftOutReason;
        params: string;
      }[]
    ).map(
      (r): LeftOutView => ({
        id: r.id,
        personId: r.person_id,
        name: r.name,
        idNumber: r.id_number,
        serviceFrom: r.service_from,
        serviceTo: r.service_to,
        contentCode: r.content_code,
        contentText: r.content_text,
        reason: r.reason,
        params: JSON.parse(r.params) as Record<string, string | number>,
      }),
    );
    const events = (sql('SELECT at, actor, action, detail FROM claim_event WHERE batch_id = ? ORDER BY id').all(id) as (Omit<BatchEvent, 'detail'> & { detail: string })[]).map(
      (e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, string | number> }),
    );
    const row = toRow(b);
    const claimFen = row.totalFen - adjustmentFen;
    const answers = sql('SELECT count(*) AS n, coalesce(sum(approved_fen), 0) AS approved, coalesce(sum(claimed_fen), 0) AS claimed FROM claim_answer WHERE batch_id = ?').get(id) as {
      n: number;
      approved: number;
      claimed: number;
    };
    // Approving the batch approves what finance did not answer line by line, in full.
    const approvedFen = answers.approved + (b.status === 'approved' || b.status === 'paid' ? row.totalFen - answers.claimed : 0);
    // What claim_locked counts for this batch, read through the line index rather than the lines.
    const locked = LOCKING.has(b.status)
      ? (sql('SELECT count(*) AS n FROM claim_line l JOIN claim_lock k ON k.line_id = l.id WHERE l.batch_id = ? AND l.excluded = 0').get(id) as { n: number }).n
      : 0;
    return {
      ...row,
      centreName: b.centre_name,
      submittedAt: b.submitted_at ?? '',
      submittedBy: b.submitted_by ?? '',
      decidedOn: b.decided_on ?? '',
      decidedBy: b.decided_by ?? '',
      claimFen,
      adjustmentFen,
      approvedFen,
      paidFen: b.status === 'paid' ? approvedFen : 0,
      answered: answers.n,
      totalCapital: capitalAmount(claimFen + adjustmentFen),
      lines,
      lineTotal,
      leftOut,
      events,
      lockedRecords: locked,
    };
  }

  return { load, loadFor, requireDraft, touch, list, get, page };
}

/** What the workflow needs of building: reopening a batch computes it afresh, keeping its exclusions. */
export interface Building {
  rebuild(b: { id: number; programme: Programme; period: string }, kept: Map<string, string>): Period;
  exclusions(batchId: number): Map<string, string>;
}

export function createBatches(base: ClaimsBase, build: ClaimsBuild) {
  const { db, clock, actor, sql, event } = base;
  const core = createBatchCore(base);
  const { get, loadFor, requireDraft, touch } = core;
  const lines = createLines(base, core);
  const { insertLine } = lines;

  /**
   * (Re)computes a draft's claim lines and its left-out list from the records and rules as they
   * are now. Exclusions made by the accountant stay (by person and service); adjustments stay.
   */
  function rebuild(b: { id: number; programme: Programme; period: string }, kept: Map<string, string>): Period {
    const period = parsePeriod(b.period)!;
    const proposals = build.propose(b.programme, period, b.id, null, new Set(kept.keys()));
    // A reopened batch's claim lines still link the records they locked when it was submitted.
    sql("DELETE FROM claim_lock WHERE line_id IN (SELECT id FROM claim_line WHERE batch_id = ? AND kind = 'claim')").run(b.id);
    sql("DELETE FROM claim_line WHERE batch_id = ? AND kind = 'claim'").run(b.id);
    sql('DELETE FROM claim_left_out WHERE batch_id = ?').run(b.id);
    // Adjustments keep their place after the claims: renumber them past the new lines.
    const adjustments = sql("SELECT id FROM claim_line WHERE batch_id = ? AND kind = 'adjustment' ORDER BY seq").all(b.id) as { id: number }[];
    sql("UPDATE claim_line SET seq = seq + 1000000 WHERE batch_id = ? AND kind = 'adjustment'").run(b.id);
    let seq = 1;
    const leftOut = sql(
      `INSERT INTO claim_left_out (batch_id, person_id, name, id_number, service_key, service_from, service_to, content_code, content_text, reason, params, records)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of proposals) {
      if (p.outcome.kind === 'line') {
        insertLine(b.id, b.programme, p, seq, kept.get(`${p.person.id}|${p.serviceKey}`) ?? '');
        seq += 1;
      } else {
        leftOut.run(
          b.id,
          p.person.id,
          p.person.name,
          p.person.id_number,
          p.serviceKey,
          p.serviceFrom,
          p.serviceTo,
          p.contentCode,
          p.contentText,
          p.outcome.reason,
          JSON.stringify(p.outcome.params),
          JSON.stringify(p.outcome.records),
        );
      }
    }
    const renumber = sql('UPDATE claim_line SET seq = ? WHERE id = ?');
    for (const a of adjustments) renumber.run(seq++, a.id);
    return period;
  }

  /** Exclusions of a draft, by person and service, to keep across a rebuild. */
  function exclusions(batchId: number): Map<string, string> {
    const rows = sql("SELECT person_id, service_key, exclude_reason FROM claim_line WHERE batch_id = ? AND kind = 'claim' AND excluded = 1").all(batchId) as {
      person_id: number;
      service_key: string;
      exclude_reason: string;
    }[];
    return new Map(rows.map((r) => [`${r.person_id}|${r.service_key}`, r.exclude_reason]));
  }

  const create = db.transaction((programme: Programme, periodCode: string): BatchDetail => {
    const period = parsePeriod(periodCode)!;
    const draft = sql("SELECT number FROM claim_batch WHERE programme = ? AND period = ? AND status = 'draft'").get(programme, period.code) as
      | { number: string }
      | undefined;
    if (draft) fail('CLAIMS_DRAFT_EXISTS', 'period', { number: draft.number });
    if (period.start > clock.today()) fail('CLAIMS_PERIOD_FUTURE', 'period', { today: clock.today() });
    const compact = period.kind === 'month' ? period.code.replace('-', '') : period.code.replace('-', '');
    const prefix = `${NUMBER_PREFIX[programme]}${compact}-`;
    const taken = (sql('SELECT count(*) AS n FROM claim_batch WHERE number LIKE ?').get(`${prefix}%`) as { n: number }).n;
    const number = `${prefix}${String(taken + 1).padStart(2, '0')}`;
    const now = clock.now();
    const id = Number(
      sql(
        `INSERT INTO claim_batch (number, programme, period, period_start, period_end, centre_name, status, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
      ).run(number, programme, period.code, period.start, period.end, base.centreName(), now, actor(), now, actor()).lastInsertRowid,
    );
    rebuild({ id, programme, period: period.code }, new Map());
    event(id, 'create');
    return get(id);
  });

  const refresh = db.transaction((id: number, version: number): BatchDetail => {
    const b = loadFor(id, version);
    requireDraft(b);
    rebuild(b, exclusions(id));
    sql('UPDATE claim_batch SET centre_name = ? WHERE id = ?').run(base.centreName(), id);
    touch(id);
    event(id, 'refresh');
    return get(id);
  });

  /**
   * A draft goes with everything it holds, one table at a time, children first, each in one
   * statement. Its lines link no records (only submitting links them) but an adjustment kept from
   * an earlier submission of a reopened batch may: those links go first (claim_lock's reference to
   * a line is RESTRICT since migration 019, so a link left behind would refuse the delete).
   */
  const remove = db.transaction((id: number, version: number): RemovedBatch => {
    const b = loadFor(id, version);
    requireDraft(b);
    // What the audit trail keeps of the draft (its result is the entry's after-state): how many
    // lines went and what they came to, counted from the indexes, never the lines themselves.
    const { n: stored, lo, hi } = sql('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM claim_line WHERE batch_id = ?').get(id) as {
      n: number;
      lo: number | null;
      hi: number | null;
    };
    const removed: RemovedBatch = {
      id,
      number: b.number,
      programme: b.programme,
      period: b.period,
      lines: stored,
      excludedLines: stored - b.line_count,
      people: b.people,
      totalFen: b.total_fen,
    };
    sql('DELETE FROM claim_left_out WHERE batch_id = ?').run(id);
    sql('DELETE FROM claim_event WHERE batch_id = ?').run(id);
    // Whether any line in the span of its lines' ids links a record is one seek in claim_lock_line
    // (a draft's lines were written together, after every other); only then are they looked up.
    if (lo !== null && sql('SELECT 1 FROM claim_lock WHERE line_id BETWEEN ? AND ? LIMIT 1').get(lo, hi)) {
      sql('DELETE FROM claim_lock WHERE line_id IN (SELECT id FROM claim_line WHERE batch_id = ?)').run(id);
    }
    sql('DELETE FROM claim_line WHERE batch_id = ?').run(id);
    sql('DELETE FROM claim_batch WHERE id = ?').run(id);
    return removed;
  });

  const adjustments = createAdjustments(base, build, core, lines);
  const answers = createAnswers(base, core, lines);
  const workflow = createWorkflow(base, build, core, { rebuild, exclusions });

  const { list, page } = core;
  const { exclude, include, explain } = lines;
  return { list, get, page, load: core.load, create, refresh, remove, exclude, include, explain, ...adjustments, ...workflow, ...answers };
}

export type Batches = ReturnType<typeof createBatches>;
export type { Period };

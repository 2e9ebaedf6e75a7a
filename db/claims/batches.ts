// Claim batches: building a draft from the proposals, refreshing it, excluding and including
// lines, adjustments of earlier lines, the workflow (submit, approve, reject, reopen, pay) and the
// views of a batch, a line's explanation and the lines an adjustment may point at.
import { fail } from '../errors';
import { DomainError } from '../errors';
import type { ClaimsBase } from './base';
import type { ClaimsBuild, Proposal } from './build';
import type { AdjustablePreview, BatchDetail, BatchEvent, BatchRow, LeftOutView, LineExplanation, LineView } from './contract';
import {
  ADJUSTABLE_STATUSES,
  NUMBER_PREFIX,
  adjustmentFloor,
  canMove,
  capitalAmount,
  parsePeriod,
  type BatchStatus,
  type LeftOutReason,
  type Period,
  type Programme,
  type RecordRef,
  type RuleVersion,
  type Step,
  type Unit,
} from './rules';

interface BatchDb {
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

interface LineDb {
  id: number;
  batch_id: number;
  seq: number;
  programme: Programme;
  kind: 'claim' | 'adjustment';
  person_id: number;
  service_key: string;
  service_from: string;
  service_to: string;
  service_year: number;
  name: string;
  sex: 'M' | 'F';
  id_number: string;
  cert_number: string;
  disability_category: number | null;
  disability_level: number | null;
  content_code: string;
  content_text: string;
  quantity: number;
  unit: Unit;
  standard_fen: number;
  amount_fen: number;
  rule: string;
  steps: string;
  records: string;
  adjusts_line_id: number | null;
  adjust_reason: string;
  excluded: 0 | 1;
  exclude_reason: string;
  live: 0 | 1;
  adj_batch_id: number | null;
  adj_number: string | null;
  adj_seq: number | null;
  adj_amount: number | null;
  adj_from: string | null;
  adj_to: string | null;
}

const BATCH_SELECT = `SELECT b.*,
  (SELECT count(*) FROM claim_line l WHERE l.batch_id = b.id AND l.excluded = 0) AS line_count,
  (SELECT count(DISTINCT l.person_id) FROM claim_line l WHERE l.batch_id = b.id AND l.excluded = 0) AS people,
  (SELECT coalesce(sum(l.amount_fen), 0) FROM claim_line l WHERE l.batch_id = b.id AND l.excluded = 0) AS total_fen
  FROM claim_batch b`;

export const LINE_SELECT = `SELECT l.*, a.batch_id AS adj_batch_id, ab.number AS adj_number, a.seq AS adj_seq, a.amount_fen AS adj_amount,
  a.service_from AS adj_from, a.service_to AS adj_to
  FROM claim_line l LEFT JOIN claim_line a ON a.id = l.adjusts_line_id LEFT JOIN claim_batch ab ON ab.id = a.batch_id`;

export function toLineView(r: LineDb): LineView {
  const rule = JSON.parse(r.rule) as RuleVersion | null;
  return {
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    personId: r.person_id,
    name: r.name,
    sex: r.sex,
    idNumber: r.id_number,
    certNumber: r.cert_number,
    category: r.disability_category,
    level: r.disability_level,
    serviceKey: r.service_key,
    serviceFrom: r.service_from,
    serviceTo: r.service_to,
    contentCode: r.content_code,
    contentText: r.content_text,
    quantity: r.quantity,
    unit: r.unit,
    standardFen: r.standard_fen,
    amountFen: r.amount_fen,
    ruleFrom: rule?.effectiveFrom ?? '',
    steps: JSON.parse(r.steps) as Step[],
    excluded: r.excluded === 1,
    excludeReason: r.exclude_reason,
    adjusts:
      r.adjusts_line_id === null
        ? null
        : {
            lineId: r.adjusts_line_id,
            batchId: r.adj_batch_id!,
            number: r.adj_number!,
            seq: r.adj_seq!,
            amountFen: r.adj_amount!,
            serviceFrom: r.adj_from!,
            serviceTo: r.adj_to!,
          },
    adjustReason: r.adjust_reason,
  };
}

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

/** What identifies a proposal's result, to tell whether records or rules changed since building. */
function signature(personId: number, serviceKey: string, quantity: number, amount: number, records: { type: string; id: number; counted: boolean }[]): string {
  return `${personId}|${serviceKey}|${quantity}|${amount}|${records.map((r) => `${r.type}:${r.id}:${r.counted ? 1 : 0}`).join(',')}`;
}

export function createBatches(base: ClaimsBase, build: ClaimsBuild) {
  const { db, clock, actor, sql, event } = base;

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

  function loadLine(id: number): LineDb {
    const row = sql(`${LINE_SELECT} WHERE l.id = ?`).get(id) as LineDb | undefined;
    if (!row) fail('CLAIMS_LINE_NOT_FOUND', undefined, { id });
    return row;
  }

  // ---- views ----

  function list(input: { programme: Programme | null; status: BatchStatus | null }): BatchRow[] {
    const rows = sql(
      `${BATCH_SELECT} WHERE (@programme IS NULL OR b.programme = @programme) AND (@status IS NULL OR b.status = @status)
       ORDER BY b.period_start DESC, b.id DESC LIMIT 500`,
    ).all({ programme: input.programme, status: input.status }) as BatchDb[];
    return rows.map(toRow);
  }

  function get(id: number): BatchDetail {
    const b = load(id);
    const lines = (sql(`${LINE_SELECT} WHERE l.batch_id = ? ORDER BY l.seq`).all(id) as LineDb[]).map(toLineView);
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
    const counted = lines.filter((l) => !l.excluded);
    const claimFen = counted.filter((l) => l.kind === 'claim').reduce((s, l) => s + l.amountFen, 0);
    const adjustmentFen = counted.filter((l) => l.kind === 'adjustment').reduce((s, l) => s + l.amountFen, 0);
    const locked = (sql('SELECT count(*) AS n FROM claim_locked WHERE batch_id = ?').get(id) as { n: number }).n;
    return {
      ...toRow(b),
      centreName: b.centre_name,
      submittedAt: b.submitted_at ?? '',
      submittedBy: b.submitted_by ?? '',
      decidedOn: b.decided_on ?? '',
      decidedBy: b.decided_by ?? '',
      claimFen,
      adjustmentFen,
      totalCapital: capitalAmount(claimFen + adjustmentFen),
      lines,
      leftOut,
      events,
      lockedRecords: locked,
    };
  }

  // ---- building ----

  function nextSeq(batchId: number): number {
    return (sql('SELECT coalesce(max(seq), 0) + 1 AS n FROM claim_line WHERE batch_id = ?').get(batchId) as { n: number }).n;
  }

  function insertLine(batchId: number, programme: Programme, p: Proposal, seq: number, excludeReason: string): number {
    const o = p.outcome;
    if (o.kind !== 'line') throw new Error('not a line');
    const now = clock.now();
    const id = Number(
      sql(
        `INSERT INTO claim_line (batch_id, seq, programme, kind, person_id, service_key, service_from, service_to, service_year,
           name, sex, id_number, cert_number, disability_category, disability_level, content_code, content_text,
           quantity, unit, standard_fen, amount_fen, rule, steps, records, excluded, exclude_reason, live,
           created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, 'claim', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        batchId,
        seq,
        programme,
        p.person.id,
        p.serviceKey,
        p.serviceFrom,
        p.serviceTo,
        p.serviceYear,
        p.person.name,
        p.person.sex,
        p.person.id_number,
        p.person.cert_number ?? '',
        p.person.disability_category,
        p.person.disability_level,
        p.contentCode,
        p.contentText,
        o.quantity,
        o.unit,
        o.standardFen,
        o.amountFen,
        JSON.stringify(p.rule),
        JSON.stringify(o.steps),
        JSON.stringify(o.records),
        excludeReason === '' ? 0 : 1,
        excludeReason,
        excludeReason === '' ? 1 : 0,
        now,
        actor(),
        now,
        actor(),
      ).lastInsertRowid,
    );
    lockRecords(id, o.records);
    return id;
  }

  function lockRecords(lineId: number, records: RecordRef[]) {
    const lock = sql('INSERT OR IGNORE INTO claim_lock (record_type, record_id, line_id) VALUES (?, ?, ?)');
    for (const r of records) lock.run(r.type, r.id, lineId);
  }

  /**
   * (Re)computes a draft's claim lines and its left-out list from the records and rules as they
   * are now. Exclusions made by the accountant stay (by person and service); adjustments stay.
   */
  function rebuild(b: { id: number; programme: Programme; period: string }, kept: Map<string, string>) {
    const period = parsePeriod(b.period)!;
    const proposals = build.propose(b.programme, period, b.id, null, new Set(kept.keys()));
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

  const remove = db.transaction((id: number, version: number) => {
    const b = loadFor(id, version);
    requireDraft(b);
    sql('DELETE FROM claim_batch WHERE id = ?').run(id);
    return { id };
  });

  // ---- lines ----

  const exclude = db.transaction((lineId: number, reason: string): BatchDetail => {
    const line = loadLine(lineId);
    const b = load(line.batch_id);
    requireDraft(b);
    if (line.kind !== 'claim') fail('CLAIMS_NOT_CLAIM_LINE');
    sql('UPDATE claim_line SET excluded = 1, exclude_reason = ?, live = 0, updated_at = ?, updated_by = ? WHERE id = ?').run(reason, clock.now(), actor(), lineId);
    touch(b.id);
    event(b.id, 'exclude', { seq: line.seq, name: line.name, reason });
    return get(b.id);
  });

  const include = db.transaction((lineId: number): BatchDetail => {
    const line = loadLine(lineId);
    const b = load(line.batch_id);
    requireDraft(b);
    if (line.kind === 'claim') {
      const other = claimedElsewhere(line);
      if (other) fail('CLAIMS_ALREADY_CLAIMED', undefined, { name: line.name, number: other });
    }
    sql("UPDATE claim_line SET excluded = 0, exclude_reason = '', live = 1, updated_at = ?, updated_by = ? WHERE id = ?").run(clock.now(), actor(), lineId);
    touch(b.id);
    event(b.id, 'include', { seq: line.seq, name: line.name });
    return get(b.id);
  });

  function claimedElsewhere(line: LineDb): string | null {
    const row = sql(
      `SELECT b.number FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
       WHERE l.programme = ? AND l.person_id = ? AND l.service_key = ? AND l.live = 1 AND l.kind = 'claim' AND l.id <> ? LIMIT 1`,
    ).get(line.programme, line.person_id, line.service_key, line.id) as { number: string } | undefined;
    return row?.number ?? null;
  }

  function explain(lineId: number): LineExplanation {
    const line = loadLine(lineId);
    const b = load(line.batch_id);
    const adjustments = sql(
      `SELECT l.id, b.number, l.amount_fen, l.adjust_reason FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
       WHERE l.adjusts_line_id = ? AND l.live = 1 ORDER BY l.id`,
    ).all(lineId) as { id: number; number: string; amount_fen: number; adjust_reason: string }[];
    const lockedBy = sql('SELECT number FROM claim_locked k WHERE k.record_type = ? AND k.record_id = ? ORDER BY number LIMIT 1');
    const records = JSON.parse(line.records) as RecordRef[];
    const firstLock = records.map((r) => lockedBy.get(r.type, r.id) as { number: string } | undefined).find((x) => x !== undefined);
    return {
      line: toLineView(line),
      batch: { id: b.id, number: b.number, status: b.status, programme: b.programme },
      rule: JSON.parse(line.rule) as RuleVersion | null,
      records,
      adjustments: adjustments.map((a) => ({ lineId: a.id, number: a.number, amountFen: a.amount_fen, reason: a.adjust_reason })),
      lockedBy: firstLock?.number ?? '',
    };
  }

  /** Lines of approved or paid batches of a programme (for an adjustment to point at), by name or ID. */
  function searchAdjustable(programme: Programme, q: string) {
    const like = `%${q}%`;
    const rows = sql(
      `${LINE_SELECT} JOIN claim_batch b ON b.id = l.batch_id
       WHERE l.programme = ? AND l.kind = 'claim' AND l.live = 1 AND b.status IN ('approved', 'paid')
         AND (? = '' OR l.name LIKE ? OR l.id_number LIKE ?)
       ORDER BY l.service_from DESC, b.number, l.seq LIMIT 100`,
    ).all(programme, q, like, like) as (LineDb & { number?: string })[];
    const numberOf = sql('SELECT number FROM claim_batch WHERE id = ?');
    return rows.map((r) => ({ ...toLineView(r), batchId: r.batch_id, number: (numberOf.get(r.batch_id) as { number: string }).number }));
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
    const id = Number(
      sql(
        `INSERT INTO claim_line (batch_id, seq, programme, kind, person_id, service_key, service_from, service_to, service_year,
           name, sex, id_number, cert_number, disability_category, disability_level, content_code, content_text,
           quantity, unit, standard_fen, amount_fen, rule, steps, records, adjusts_line_id, adjust_reason, live,
           created_at, created_by, updated_at, updated_by)
         SELECT ?, ?, programme, 'adjustment', person_id, service_key, service_from, service_to, service_year,
           name, sex, id_number, cert_number, disability_category, disability_level, content_code, content_text,
           0, unit, standard_fen, ?, rule, ?, records, id, ?, 1, ?, ?, ?, ?
         FROM claim_line WHERE id = ?`,
      ).run(b.id, nextSeq(b.id), input.amountFen, JSON.stringify(steps), input.reason, now, actor(), now, actor(), line.id).lastInsertRowid,
    );
    lockRecords(id, JSON.parse(line.records) as RecordRef[]);
    touch(b.id);
    event(b.id, 'adjust', { number: batch.number, seq: line.seq, name: line.name, amount: input.amountFen });
    return get(b.id);
  });

  const removeAdjustment = db.transaction((lineId: number): BatchDetail => {
    const line = loadLine(lineId);
    const b = load(line.batch_id);
    requireDraft(b);
    if (line.kind !== 'adjustment') fail('CLAIMS_NOT_ADJUSTMENT');
    sql('DELETE FROM claim_line WHERE id = ?').run(lineId);
    // Close the gap in the numbering.
    sql('UPDATE claim_line SET seq = seq + 1000000 WHERE batch_id = ? AND seq > ?').run(b.id, line.seq);
    sql('UPDATE claim_line SET seq = seq - 1000001 WHERE batch_id = ? AND seq > 1000000').run(b.id);
    touch(b.id);
    event(b.id, 'unadjust', { name: line.name, amount: line.amount_fen });
    return get(b.id);
  });

  // ---- workflow ----

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
    const stored = new Set(
      (sql("SELECT person_id, service_key, quantity, amount_fen, records FROM claim_line WHERE batch_id = ? AND kind = 'claim'").all(id) as {
        person_id: number;
        service_key: string;
        quantity: number;
        amount_fen: number;
        records: string;
      }[]).map((r) => signature(r.person_id, r.service_key, r.quantity, r.amount_fen, JSON.parse(r.records) as RecordRef[])),
    );
    const fresh = build
      .propose(b.programme, parsePeriod(b.period)!, id, null, new Set(exclusions(id).keys()))
      .filter((p) => p.outcome.kind === 'line')
      .map((p) => signature(p.person.id, p.serviceKey, (p.outcome as { quantity: number }).quantity, (p.outcome as { amountFen: number }).amountFen, p.outcome.records));
    if (fresh.length !== stored.size || fresh.some((s) => !stored.has(s))) fail('CLAIMS_CHANGED_SINCE_BUILD', undefined, { number: b.number });
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

  return { list, get, load, create, refresh, remove, exclude, include, explain, searchAdjustable, preview, addAdjustment, removeAdjustment, submit, approve, reject, reopen, pay };
}

export type Batches = ReturnType<typeof createBatches>;
export type { Period };

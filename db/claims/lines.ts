// Claim lines: how a line is stored and shown, writing a proposal as a line (its records deflated),
// linking a submitted line to the records it locks, excluding and including lines of a draft, and
// a line's explanation.
import zlib from 'node:zlib';
import { fail } from '../errors';
import type { ClaimsBase } from './base';
import type { BatchCore } from './batches';
import type { Proposal } from './build';
import type { BatchDetail, LineExplanation, LineView } from './contract';
import type { Programme, RecordRef, RulePath, RuleVersion, Step, Unit } from './rules';

export interface LineDb {
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
  /** The records' JSON: deflated (a Buffer) since migration 018, text in rows written before it. */
  records: string | Buffer;
  adjusts_line_id: number | null;
  adjust_reason: string;
  excluded: 0 | 1;
  exclude_reason: string;
  live: 0 | 1;
  rule_path: string;
  reclaim: 0 | 1;
  adj_batch_id: number | null;
  adj_number: string | null;
  adj_seq: number | null;
  adj_amount: number | null;
  adj_from: string | null;
  adj_to: string | null;
  ans_decision: 'approved' | 'rejected' | null;
  ans_approved: number | null;
  ans_reason: string | null;
  ans_reason_label: string | null;
  ans_note: string | null;
  ans_on: string | null;
  ans_by: string | null;
}

export const LINE_SELECT = `SELECT l.*, a.batch_id AS adj_batch_id, ab.number AS adj_number, a.seq AS adj_seq, a.amount_fen AS adj_amount,
  a.service_from AS adj_from, a.service_to AS adj_to,
  ans.decision AS ans_decision, ans.approved_fen AS ans_approved, ans.reason_code AS ans_reason, rr.label AS ans_reason_label,
  ans.note AS ans_note, ans.answered_on AS ans_on, ans.created_by AS ans_by
  FROM claim_line l LEFT JOIN claim_line a ON a.id = l.adjusts_line_id LEFT JOIN claim_batch ab ON ab.id = a.batch_id
  LEFT JOIN claim_answer ans ON ans.line_id = l.id LEFT JOIN claim_reject_reason rr ON rr.code = ans.reason_code`;

/**
 * A line's records as stored. A month's records are some forty sessions each named with its date,
 * time and why it counted (6.4 kB of JSON); deflated they are 0.5 kB, so the lines of a 100,000-line
 * draft take some 80 MB rather than 690 MB, and removing it reads and frees a ninth of the pages.
 */
export function packRecords(records: readonly RecordRef[]): Buffer {
  return zlib.deflateRawSync(JSON.stringify(records), { level: 3, windowBits: 13, memLevel: 5 });
}

/** The records of a stored line, whether written deflated (018 on) or as JSON text (before). */
export function unpackRecords(stored: string | Buffer): RecordRef[] {
  return JSON.parse(typeof stored === 'string' ? stored : zlib.inflateRawSync(stored).toString('utf8')) as RecordRef[];
}

/**
 * Links a line to the records it rests on (what the claim_locked view and the guard triggers read):
 * one statement per kind of record, its ids passed as one JSON array (a month's claim links
 * thousands of sessions: a call per record, or reading each record back out of the stored JSON
 * with json_extract, was a third of the time). Submitting does it: a draft locks nothing.
 */
export function linkRecords(sql: ClaimsBase['sql'], lineId: number, records: readonly RecordRef[]) {
  const byType = new Map<string, number[]>();
  for (const r of records) {
    const ids = byType.get(r.type) ?? [];
    ids.push(r.id);
    byType.set(r.type, ids);
  }
  const link = sql('INSERT OR IGNORE INTO claim_lock (record_type, record_id, line_id) SELECT ?, value, ? FROM json_each(?)');
  for (const [type, ids] of byType) link.run(type, lineId, JSON.stringify(ids));
}

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
    path: r.rule_path === '{}' ? null : (JSON.parse(r.rule_path) as RulePath),
    reclaim: r.reclaim === 1,
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
    answer:
      r.ans_decision === null
        ? null
        : {
            decision: r.ans_decision,
            approvedFen: r.ans_approved!,
            reasonCode: r.ans_reason ?? '',
            reasonLabel: r.ans_reason_label ?? '',
            note: r.ans_note ?? '',
            answeredOn: r.ans_on!,
            answeredBy: r.ans_by!,
          },
  };
}

export type Lines = ReturnType<typeof createLines>;

export function createLines(base: ClaimsBase, core: BatchCore) {
  const { db, clock, actor, sql, event } = base;
  const { load, get, requireDraft, touch } = core;

  function loadLine(id: number): LineDb {
    const row = sql(`${LINE_SELECT} WHERE l.id = ?`).get(id) as LineDb | undefined;
    if (!row) fail('CLAIMS_LINE_NOT_FOUND', undefined, { id });
    return row;
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
           created_at, created_by, updated_at, updated_by, rule_path)
         VALUES (?, ?, ?, 'claim', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        packRecords(o.records),
        excludeReason === '' ? 0 : 1,
        excludeReason,
        excludeReason === '' ? 1 : 0,
        now,
        actor(),
        now,
        actor(),
        p.path ? JSON.stringify(p.path) : '{}',
      ).lastInsertRowid,
    );
    return id;
  }

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
    const records = unpackRecords(line.records);
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

  return { loadLine, insertLine, exclude, include, explain };
}

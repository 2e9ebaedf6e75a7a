// Removing a draft claim batch since migration 019 (issue 13, bench op 8d): the lines' links are
// deleted before the lines (claim_lock's reference is RESTRICT), the indexes a line sits in changed,
// and a file written by migrations 001–018 is taken forward with every row.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchDetail } from '../../../db/claims/contract';
import { MIGRATIONS } from '../../../db/migrations/index';
import { openDatabase } from '../../../db/open';
import { tempDir, testService, type TestService } from '../../support/service';
import { childWithSessions, rehabRule, therapist, weekdays, type Child } from './fixtures';

let dir: ReturnType<typeof tempDir>;
let t: TestService;
let therapistId: number;
let zhang: Child;
let li: Child;

// Today is 2026-11-22. Both children have October sessions (22 weekdays: a full month each, 2,000.00);
// 张小明 has November's first 20 days too (15 weekdays).
beforeEach(() => {
  dir = tempDir();
  t = testService({ file: path.join(dir.dir, 'centre.sqlite') });
  therapistId = therapist(t);
  zhang = childWithSessions(t, therapistId, '张小明', '2021-05-06', [...weekdays('2026-10'), ...weekdays('2026-11', 20)]);
  li = childWithSessions(t, therapistId, '李小红', '2022-01-02', weekdays('2026-10'));
  rehabRule(t);
});
afterEach(() => {
  t.close();
  dir.cleanup();
});

const CLAIM_TABLES = ['claim_batch', 'claim_line', 'claim_lock', 'claim_left_out', 'claim_event', 'claim_answer'] as const;
const KEYS: Record<string, string> = { claim_lock: 'record_type, record_id, line_id', claim_answer: 'line_id' };

/** Every row of the claim tables, as stored. */
function claimRows(db: Database.Database): Record<string, unknown[]> {
  return Object.fromEntries(CLAIM_TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY ${KEYS[table] ?? 'id'}`).all()]));
}

const submit = (b: BatchDetail) => t.ok('claims.batches.submit', { id: b.id, version: b.version });
const approve = (b: BatchDetail) => t.ok('claims.batches.approve', { id: b.id, version: b.version, decidedOn: '2026-11-20' });

/** November's batch with an adjustment of `line` (an approved October line), submitted and rejected. */
function rejectedNovemberAdjusting(line: { id: number }, amountFen: number, reason: string): BatchDetail {
  let november = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
  november = t.ok('claims.adjustments.add', { batchId: november.id, lineId: line.id, amountFen, reason });
  november = submit(november);
  return t.ok('claims.batches.reject', { id: november.id, version: november.version, decidedOn: '2026-11-21', reason: '材料不全' });
}

/**
 * October approved; November submitted with an adjustment of 李小红's October line, rejected and
 * reopened: a draft again whose adjustment still links the sessions it locked while submitted.
 */
function reopenedNovember() {
  const october = approve(submit(t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' })));
  const rejected = rejectedNovemberAdjusting(october.lines.find((l) => l.personId === li.personId)!, -10_000, '10月缺勤一次');
  const november = t.ok('claims.batches.reopen', { id: rejected.id, version: rejected.version });
  return { october, november };
}

describe('removing a draft claim batch', () => {
  it('refuses a submitted, an approved and a paid batch, and leaves every row and the audit trail as they were', () => {
    const db = t.service.db;
    const october = submit(t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' }));
    const removals = () => (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'delete'").get() as { n: number }).n;
    const audited = removals();
    const before = claimRows(db);
    expect(t.err('claims.batches.remove', { id: october.id, version: october.version })).toMatchObject({ code: 'CLAIMS_NOT_DRAFT', params: { status: 'submitted' } });
    const approved = approve(october);
    expect(t.err('claims.batches.remove', { id: approved.id, version: approved.version })).toMatchObject({ code: 'CLAIMS_NOT_DRAFT', params: { status: 'approved' } });
    const paid = t.ok('claims.batches.pay', { id: approved.id, version: approved.version, paidOn: '2026-11-22', voucherNo: '记-001' });
    expect(t.err('claims.batches.remove', { id: paid.id, version: paid.version })).toMatchObject({ code: 'CLAIMS_NOT_DRAFT', params: { status: 'paid' } });
    // Its two lines and the 44 sessions they lock (22 each) are all there.
    expect(t.ok('claims.batches.get', { id: paid.id })).toMatchObject({ lineTotal: 2, lockedRecords: 44 });
    const after = claimRows(db);
    expect(after.claim_line).toEqual(before.claim_line);
    expect(after.claim_lock).toEqual(before.claim_lock);
    expect(after.claim_lock).toHaveLength(44);
    expect(removals()).toBe(audited);
  });

  it('removes exactly the draft: its lines, its adjustment and the links that still held, its left-out list and history, nothing else', () => {
    const db = t.service.db;
    const { october, november } = reopenedNovember();
    // The reopened draft: 张小明's November (rebuilt, no links) and the adjustment, which links
    // the 22 October sessions of 李小红's line (as her approved October line does).
    const adjustment = november.lines.find((l) => l.kind === 'adjustment')!;
    const links = (lineId: number) => (db.prepare('SELECT count(*) AS n FROM claim_lock WHERE line_id = ?').get(lineId) as { n: number }).n;
    expect(links(adjustment.id)).toBe(22);
    expect(november.lines.filter((l) => l.kind === 'claim').every((l) => links(l.id) === 0)).toBe(true);
    const before = claimRows(db);
    const ofNovember = (table: string, row: Record<string, unknown>) =>
      table === 'claim_batch' ? row.id === november.id : table === 'claim_lock' ? row.line_id === adjustment.id : row.batch_id === november.id;
    // What must stay: every row that is not November's, exactly as stored.
    const kept = Object.fromEntries(Object.entries(before).map(([table, rows]) => [table, (rows as Record<string, unknown>[]).filter((r) => !ofNovember(table, r))]));
    expect(kept.claim_lock).toHaveLength(44);

    // 张小明's November: 15 of 16 days at 2,000.00 a month = 1,875.00; the adjustment -100.00.
    expect(t.ok('claims.batches.remove', { id: november.id, version: november.version })).toEqual({
      id: november.id,
      number: 'KF202611-01',
      programme: 'rehab',
      period: '2026-11',
      lines: 2,
      excludedLines: 0,
      people: 2,
      totalFen: 187_500 - 10_000,
    });
    expect(claimRows(db)).toEqual(kept);
    // October still locks its 44 sessions; its lines are as they were.
    expect(t.ok('claims.batches.get', { id: october.id })).toMatchObject({ status: 'approved', lineTotal: 2, lockedRecords: 44 });
    expect(t.err('rehab.sessions.remove', { id: li.sessionIds[0]!, version: 1 })).toMatchObject({ code: 'CLAIM_LOCKED', params: { ref: 'KF202610-01' } });
    // The audit trail keeps what went.
    const entry = db.prepare('SELECT action, detail FROM audit_log WHERE target = ? ORDER BY id DESC LIMIT 1').get(`claims.batches.remove#${november.id}`) as {
      action: string;
      detail: string;
    };
    expect(entry.action).toBe('delete');
    expect(JSON.parse(entry.detail)).toMatchObject({ after: { number: 'KF202611-01', lines: 2, totalFen: 177_500 } });
    // And November can be claimed again.
    expect(t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' })).toMatchObject({ number: 'KF202611-01', lineCount: 1, totalFen: 187_500 });
  });

  it('removes a reopened draft’s adjustment with the links it held, and refreshes its claim lines', () => {
    const db = t.service.db;
    const { november } = reopenedNovember();
    const adjustment = november.lines.find((l) => l.kind === 'adjustment')!;
    const refreshed = t.ok('claims.batches.refresh', { id: november.id, version: november.version });
    expect(refreshed.lines.map((l) => [l.kind, l.amountFen])).toEqual([['claim', 187_500], ['adjustment', -10_000]]);
    const withoutAdjustment = t.ok('claims.adjustments.remove', { id: adjustment.id });
    expect(withoutAdjustment.lines.map((l) => l.kind)).toEqual(['claim']);
    expect((db.prepare('SELECT count(*) AS n FROM claim_lock WHERE line_id = ?').get(adjustment.id) as { n: number }).n).toBe(0);
    // Only October's 44 links are left.
    expect((db.prepare('SELECT count(*) AS n FROM claim_lock').get() as { n: number }).n).toBe(44);
  });

  it('refuses to delete a line whose records are still linked (the link is RESTRICT, not CASCADE)', () => {
    const db = t.service.db;
    const october = submit(t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' }));
    expect(db.prepare("SELECT `table`, on_delete FROM pragma_foreign_key_list('claim_lock')").all()).toEqual([{ table: 'claim_line', on_delete: 'RESTRICT' }]);
    expect(() => db.prepare('DELETE FROM claim_line WHERE id = ?').run(october.lines[0]!.id)).toThrow(/FOREIGN KEY constraint failed/);
  });
});

describe('a person’s claims after migration 019 split the person index', () => {
  it('counts live claims, a rejected batch’s lines and adjustments on the person’s page and in the yearly cap, never excluded lines', () => {
    // October: 张小明 2,000.00 and 李小红 2,000.00, approved.
    const october = approve(submit(t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' })));
    const zhangOctober = october.lines.find((l) => l.personId === zhang.personId)!;
    // November, rejected: 张小明's 1,875.00 (live = 0 now) and an adjustment of his October, -500.00.
    const november = rejectedNovemberAdjusting(zhangOctober, -50_000, '多报');
    // A second November draft: 张小明's 1,875.00 again, then excluded.
    const again = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
    t.ok('claims.lines.exclude', { id: again.lines.find((l) => l.personId === zhang.personId)!.id, reason: '家长放弃' });
    const claims = t.ok('people.overview', { id: zhang.personId }).claims!;
    expect(claims.map((c) => [c.batchNumber, c.status, c.amountFen])).toEqual([
      // The excluded draft line counts nothing: the draft has no line of his that counts.
      ['KF202611-01', 'rejected', 187_500 - 50_000],
      ['KF202610-01', 'approved', 200_000],
    ]);
    // The yearly cap reads live lines of the year: October's 2,000.00 and, once the adjustment is
    // live again (the rejected batch reopened), -500.00. With a cap of 3,000.00, 1,000.00 + 500.00
    // = 1,500.00 is left for November, which its 1,875.00 exceeds.
    rehabRule(t, { yearlyCapFen: 300_000 }, '2026-11-01');
    t.ok('claims.batches.remove', { id: again.id, version: t.ok('claims.batches.get', { id: again.id }).version });
    const reopened = t.ok('claims.batches.reopen', { id: november.id, version: november.version });
    const zhangNovember = reopened.lines.find((l) => l.personId === zhang.personId && l.kind === 'claim')!;
    expect(zhangNovember.amountFen).toBe(300_000 - (200_000 - 50_000));
    expect(zhangNovember.steps.map((s) => s.code)).toContain('CAPPED');
  });
});

describe('migration 019 on a file written by migrations 001–018', () => {
  it('keeps every row of every table, rebuilds claim_lock with the same links, and the guards still refuse', () => {
    // The data: October submitted (44 sessions locked), November a draft.
    submit(t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' }));
    const november = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
    t.close();

    // A file as 018 built it, holding the same rows (copied table by table).
    const old = path.join(dir.dir, 'old.sqlite');
    openDatabase(old, { migrations: MIGRATIONS.slice(0, 18) }).close();
    const copy = new Database(old);
    copy.pragma('foreign_keys = OFF');
    copy.exec(`ATTACH DATABASE '${path.join(dir.dir, 'centre.sqlite')}' AS src`);
    const tables = (copy.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    copy.transaction(() => {
      for (const table of tables) {
        copy.exec(`DELETE FROM main.${table}`);
        copy.exec(`INSERT INTO main.${table} SELECT * FROM src.${table}`);
      }
    })();
    copy.exec('DETACH DATABASE src');
    expect(copy.pragma('user_version', { simple: true })).toBe(18);
    expect(copy.prepare("SELECT on_delete FROM pragma_foreign_key_list('claim_lock')").get()).toEqual({ on_delete: 'CASCADE' });
    // Every table's rows sorted by all its columns (some tables have no rowid).
    const everyColumn = (db: Database.Database, table: string) =>
      (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
    const dump = (db: Database.Database) => Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY ${everyColumn(db, table)}`).all()]));
    const rows = dump(copy);
    expect(rows.claim_lock).toHaveLength(44);
    const viewBefore = copy.prepare("SELECT sql FROM sqlite_schema WHERE name = 'claim_locked'").get();
    copy.close();

    // Opened by this app: the pending migration runs (signing in would add rows, so not yet).
    const migrated = openDatabase(old);
    expect(migrated.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(dump(migrated)).toEqual(rows);
    expect(migrated.prepare("SELECT on_delete FROM pragma_foreign_key_list('claim_lock')").get()).toEqual({ on_delete: 'RESTRICT' });
    expect(migrated.prepare("SELECT sql FROM sqlite_schema WHERE name = 'claim_locked'").get()).toEqual(viewBefore);
    expect(migrated.pragma('foreign_key_check')).toEqual([]);
    expect(migrated.pragma('integrity_check', { simple: true })).toBe('ok');
    migrated.close();

    t = testService({ file: old });
    // The guard triggers read claim_locked: a claimed session still cannot go.
    expect(t.err('rehab.sessions.remove', { id: zhang.sessionIds[0]!, version: 1 })).toMatchObject({ code: 'CLAIM_LOCKED', params: { ref: 'KF202610-01' } });
    // And the draft goes as any other.
    expect(t.ok('claims.batches.remove', { id: november.id, version: november.version })).toMatchObject({ lines: 1, totalFen: 187_500 });
  });
});

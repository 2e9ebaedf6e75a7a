// How claim lines are stored since migration 018: records deflated, no record links while a
// batch is a draft, and rows written before 018 read back as they were.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../db/migrations/index';
import { tempDir, testService, type TestService } from '../../support/service';
import { childWithSessions, rehabRule, therapist, weekdays } from './fixtures';
import type { BatchDetail } from '../../../db/claims/contract';

let dir: ReturnType<typeof tempDir>;
let file: string;
let t: TestService;

beforeEach(() => {
  dir = tempDir();
  file = path.join(dir.dir, 'centre.sqlite');
  t = testService({ file });
});
afterEach(() => {
  t.close();
  dir.cleanup();
});

const explainAll = (batch: BatchDetail) => batch.lines.map((l) => t.ok('claims.lines.explain', { id: l.id }));

describe('claim lines on disk', () => {
  it('reads the explanation of lines written before 018 as it was, drops the links drafts held, and keeps a submitted batch locked', () => {
    rehabRule(t);
    const therapistId = therapist(t);
    const full = childWithSessions(t, therapistId, '张小明', '2021-05-06', weekdays('2026-10'));
    childWithSessions(t, therapistId, '李小红', '2022-01-02', weekdays('2026-10').slice(0, 10));
    childWithSessions(t, therapistId, '王九月', '2021-08-09', weekdays('2026-09'));
    const october = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
    const submitted = t.ok('claims.batches.submit', { id: october.id, version: october.version });
    const september = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-09' });
    expect(september.lineCount).toBe(1);
    const before = { october: explainAll(submitted), september: explainAll(september) };
    // 张小明's October: 22 sessions, each named with its date and why it counted.
    expect(before.october.find((e) => e.line.personId === full.personId)!.records).toHaveLength(22);

    // Make the file as a build before 018 left it: the records as JSON text, a draft's lines
    // linked to their records, the second index on (batch_id, seq), schema version 17 (the one before).
    const db = t.service.db;
    const lines = db.prepare('SELECT id, records FROM claim_line').all() as { id: number; records: Buffer }[];
    // Written since 018: deflated, a fraction of the JSON.
    const json = (id: number) => JSON.stringify([...before.october, ...before.september].find((e) => e.line.id === id)!.records);
    for (const l of lines) expect(l.records.length).toBeLessThan(json(l.id).length / 2);
    const asText = db.prepare('UPDATE claim_line SET records = ? WHERE id = ?');
    for (const l of lines) asText.run(json(l.id), l.id);
    db.exec(`INSERT INTO claim_lock (record_type, record_id, line_id)
      SELECT json_extract(r.value, '$.type'), json_extract(r.value, '$.id'), l.id FROM claim_line l, json_each(l.records) r WHERE l.batch_id = ${september.id}`);
    db.exec('CREATE INDEX claim_line_batch ON claim_line (batch_id, seq)');
    // And the indexes as they were until 019 (which runs again on this file after 018).
    db.exec(`DROP INDEX claim_line_training_service;
      CREATE INDEX claim_line_service ON claim_line (programme, service_key, person_id) WHERE live = 1;
      DROP INDEX claim_line_person_rest;
      CREATE INDEX claim_line_person ON claim_line (person_id, programme, service_year);
      DROP INDEX claim_line_once;
      CREATE UNIQUE INDEX claim_line_once ON claim_line (programme, person_id, service_key) WHERE live = 1 AND kind = 'claim';`);
    db.pragma('user_version = 17');
    t.close();

    t = testService({ file });
    const reopened = t.service.db;
    expect(reopened.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(reopened.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'claim_line_batch'").get()).toEqual({ n: 0 });
    // The same words on every line, the old rows untouched (a claimed line is never rewritten).
    expect(explainAll(t.ok('claims.batches.get', { id: october.id }))).toEqual(before.october);
    expect(explainAll(t.ok('claims.batches.get', { id: september.id }))).toEqual(before.september);
    expect((reopened.prepare('SELECT typeof(records) AS type FROM claim_line LIMIT 1').get() as { type: string }).type).toBe('text');
    // The draft's links went; the submitted batch still locks its 32 sessions (22 + 10).
    const links = (batchId: number) =>
      (reopened.prepare('SELECT count(*) AS n FROM claim_lock k JOIN claim_line l ON l.id = k.line_id WHERE l.batch_id = ?').get(batchId) as { n: number }).n;
    expect(links(september.id)).toBe(0);
    expect(links(october.id)).toBe(32);
    expect(t.ok('claims.batches.get', { id: october.id }).lockedRecords).toBe(32);
    const sessionId = before.october[0]!.records[0]!.id;
    expect(() => reopened.prepare('DELETE FROM rehab_session WHERE id = ?').run(sessionId)).toThrow(/CLAIM_LOCKED:KF202610-01/);

    // The old-format draft is submitted like a new one: the same check, then its records locked.
    const sent = t.ok('claims.batches.submit', { id: september.id, version: september.version });
    expect(sent).toMatchObject({ status: 'submitted', lockedRecords: before.september[0]!.records.length });
  });

  it('removes a draft so that its people are claimable at once, and a second draft of the month claims them', () => {
    rehabRule(t);
    const therapistId = therapist(t);
    const children = ['张小明', '李小红', '王小华'].map((name, i) => childWithSessions(t, therapistId, name, `2021-0${i + 1}-0${i + 1}`, weekdays('2026-10')));
    const draft = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
    expect(draft.lineCount).toBe(3);
    // While the draft holds them, a second draft of the month cannot be made.
    expect(t.err('claims.batches.create', { programme: 'rehab', period: '2026-10' })).toMatchObject({ code: 'CLAIMS_DRAFT_EXISTS' });
    t.ok('claims.batches.remove', { id: draft.id, version: draft.version });
    // No line of any batch holds the children any more ...
    const held = t.service.db.prepare("SELECT count(*) AS n FROM claim_line WHERE person_id = ? AND live = 1 AND kind = 'claim'");
    for (const c of children) expect(held.get(c.personId)).toEqual({ n: 0 });
    // ... and the next draft claims each of them, for the full month (22 days: 2,000.00 each).
    const again = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
    expect(again.leftOut).toEqual([]);
    expect(again.lines.map((l) => [l.personId, l.amountFen])).toEqual(
      expect.arrayContaining(children.map((c) => [c.personId, 200_000])),
    );
    expect(again.totalFen).toBe(3 * 200_000);
  });
});

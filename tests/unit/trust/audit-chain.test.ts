// The audit trail's hash chain at its own level: how each entry is hashed and linked (so another
// tool can check an exported trail), every kind of tampering it must reveal, and its paging.
import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { createAudit, type Audit } from '../../../db/trust/audit';

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

let db: Db;
let audit: Audit;
beforeEach(() => {
  db = openDatabase(':memory:');
  audit = createAudit(db);
});
afterEach(() => db.close());

const rows = () => db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
/** SHA-256, hex, of the JSON array [previous hash, id, at, actor, action, target, detail text]. */
const sha = (prev: string, r: Omit<Row, 'prev_hash' | 'hash'>) =>
  crypto.createHash('sha256').update(JSON.stringify([prev, r.id, r.at, r.actor, r.action, r.target, r.detail])).digest('hex');

function tamper(sql: string, ...args: unknown[]) {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete');
  db.prepare(sql).run(...args);
}

function appendThree() {
  audit.append({ at: '2026-11-22T08:00:00+08:00', actor: 'admin', action: 'sign-in' });
  audit.append({ at: '2026-11-22T08:01:00+08:00', actor: 'admin', action: 'create', target: 'people.create#1', detail: { after: { name: '吴刚' } } });
  audit.append({ at: '2026-11-22T08:02:00+08:00', actor: 'li', action: 'update', target: 'people.update#1', detail: { before: 1, after: 2 } });
}

describe('the audit hash chain', () => {
  it('numbers entries from 1, links each to the one before from 64 zeros, and hashes every field', () => {
    appendThree();
    const [first, second, third] = rows();
    expect(first).toMatchObject({ id: 1, actor: 'admin', action: 'sign-in', target: '', detail: '{}', prev_hash: '0'.repeat(64) });
    expect(first!.hash).toBe(sha('0'.repeat(64), first!));
    expect(second).toMatchObject({ id: 2, target: 'people.create#1', detail: '{"after":{"name":"吴刚"}}', prev_hash: first!.hash });
    expect(second!.hash).toBe(sha(first!.hash, second!));
    expect(third).toMatchObject({ id: 3, actor: 'li', prev_hash: second!.hash });
    expect(third!.hash).toBe(sha(second!.hash, third!));
    expect(new Set([first!.hash, second!.hash, third!.hash]).size).toBe(3);
  });

  it('verifies an empty trail and an intact one', () => {
    expect(audit.verify()).toEqual({ ok: true, entries: 0, brokenAt: null });
    appendThree();
    expect(audit.verify()).toEqual({ ok: true, entries: 3, brokenAt: null });
  });

  it.each([
    ['time', "UPDATE audit_log SET at = '2026-11-22T09:00:00+08:00' WHERE id = 2"],
    ['actor', "UPDATE audit_log SET actor = 'someone' WHERE id = 2"],
    ['action', "UPDATE audit_log SET action = 'export' WHERE id = 2"],
    ['target', "UPDATE audit_log SET target = 'people.create#9' WHERE id = 2"],
    ['detail', `UPDATE audit_log SET detail = '{"after":{"name":"王五"}}' WHERE id = 2`],
    ['link', "UPDATE audit_log SET prev_hash = hash WHERE id = 2"],
  ])('finds the entry whose %s was changed', (_field, sql) => {
    appendThree();
    tamper(sql);
    expect(audit.verify()).toEqual({ ok: false, entries: 2, brokenAt: 2 });
  });

  it('finds an entry rewritten with a fresh hash of its own, by the next entry no longer linking to it', () => {
    appendThree();
    const second = rows()[1]!;
    const forged = { ...second, actor: 'someone' };
    tamper('UPDATE audit_log SET actor = ?, hash = ? WHERE id = 2', forged.actor, sha(second.prev_hash, forged));
    expect(audit.verify()).toEqual({ ok: false, entries: 3, brokenAt: 3 });
  });

  it('finds a removed entry, whether from the middle or the start', () => {
    appendThree();
    tamper('DELETE FROM audit_log WHERE id = 2');
    expect(audit.verify()).toEqual({ ok: false, entries: 2, brokenAt: 3 });
    tamper('DELETE FROM audit_log WHERE id = 1');
    expect(audit.verify()).toEqual({ ok: false, entries: 1, brokenAt: 3 });
  });

  it('finds a removed entry even when the next one was re-linked and re-hashed over the gap', () => {
    appendThree();
    const [first, , third] = rows();
    tamper('DELETE FROM audit_log WHERE id = 2');
    tamper('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = 3', first!.hash, sha(first!.hash, third!));
    expect(audit.verify()).toEqual({ ok: false, entries: 2, brokenAt: 3 });
  });

  it('goes on numbering after the last entry', () => {
    appendThree();
    audit.append({ at: '2026-11-22T08:03:00+08:00', actor: 'admin', action: 'sign-out' });
    expect(rows().map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(audit.verify()).toEqual({ ok: true, entries: 4, brokenAt: null });
  });
});

describe('listing the trail', () => {
  it('lists newest first with the detail as data, pages, and filters by action', () => {
    appendThree();
    const all = audit.list(0, 10, null);
    expect(all).toMatchObject({ total: 3, totalCapped: false });
    expect(all.rows.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(all.rows[1]).toEqual({
      id: 2,
      at: '2026-11-22T08:01:00+08:00',
      actor: 'admin',
      action: 'create',
      target: 'people.create#1',
      detail: { after: { name: '吴刚' } },
      detailCut: false,
      // Written on this PC: no workstation (migration 017; not hashed).
      workstation: null,
      // The same entry in readable parts (no account or person of that id here: the username, nobody).
      call: 'people.create',
      recordId: '1',
      actorName: 'admin',
      person: null,
      changes: [{ field: 'name', after: '吴刚' }],
    });
    expect(audit.list(1, 1, null).rows.map((r) => r.id)).toEqual([2]);
    expect(audit.list(0, 10, 'create')).toMatchObject({ total: 1, totalCapped: false, rows: [{ id: 2 }] });
    expect(audit.list(0, 10, 'nothing-like-this')).toEqual({ total: 0, totalCapped: false, rows: [] });
  });

  it('counts up to 10,000 entries and says when there are more', () => {
    const append = db.transaction((n: number, action: string) => {
      for (let i = 0; i < n; i += 1) audit.append({ at: '2026-11-22T08:00:00+08:00', actor: 'admin', action });
    });
    append(10_000, 'create');
    expect(audit.list(0, 1, 'create')).toMatchObject({ total: 10_000, totalCapped: false });
    expect(audit.list(0, 1, null)).toMatchObject({ total: 10_000, totalCapped: false });
    append(1, 'create');
    expect(audit.list(0, 1, 'create')).toMatchObject({ total: 10_000, totalCapped: true });
    expect(audit.list(0, 1, null)).toMatchObject({ total: 10_000, totalCapped: true, rows: [{ id: 10_001 }] });
  });
});

// The workstation column of the audit trail (migration 017) is informative, not protected: it is
// outside the hash chain, so entries written before it existed verify unchanged, a change to it
// alone does not break verify(), and a change to any hashed field still does. The audit screen
// shows none as this PC.
import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { MIGRATIONS } from '../../../db/migrations/index';
import { createAudit, type Audit } from '../../../db/trust/audit';
import { workstationText } from '../../../db/trust/audit-view';
import { tempDir } from '../../support/service';

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
  prev_hash: string;
  hash: string;
  workstation: string | null;
}

let db: Db;
let audit: Audit;
beforeEach(() => {
  db = openDatabase(':memory:');
  audit = createAudit(db);
});
afterEach(() => db.close());

const rows = () => db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
/** SHA-256, hex, of [previous hash, id, at, actor, action, target, detail text]: the workstation is not in it. */
const sha = (prev: string, r: Omit<Row, 'prev_hash' | 'hash' | 'workstation'>) =>
  crypto.createHash('sha256').update(JSON.stringify([prev, r.id, r.at, r.actor, r.action, r.target, r.detail])).digest('hex');

function tamper(sql: string, ...args: unknown[]) {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  db.prepare(sql).run(...args);
}

function appendTwo() {
  audit.append({ at: '2026-11-22T08:00:00+08:00', actor: 'admin', action: 'sign-in' });
  audit.append({ at: '2026-11-22T08:01:00+08:00', actor: 'li', action: 'create', target: 'people.create#1', detail: { after: { name: '吴刚' } }, workstation: '192.168.1.21（前台电脑）' });
}

describe('the workstation beside the hash chain', () => {
  it('is stored with the entry but hashed as entries always were', () => {
    appendTwo();
    const [local, remote] = rows();
    expect(local!.workstation).toBeNull();
    expect(remote!.workstation).toBe('192.168.1.21（前台电脑）');
    expect(remote!.hash).toBe(sha(local!.hash, remote!));
    expect(audit.list(0, 10, null).rows.map((r) => r.workstation)).toEqual(['192.168.1.21（前台电脑）', null]);
  });

  it('does not break verification when only the workstation is changed (it is informative, not protected)', () => {
    appendTwo();
    tamper("UPDATE audit_log SET workstation = '10.0.0.9（别的电脑）' WHERE id = 2");
    tamper('UPDATE audit_log SET workstation = NULL WHERE id = 2');
    tamper("UPDATE audit_log SET workstation = '10.0.0.9' WHERE id = 1");
    expect(audit.verify()).toEqual({ ok: true, entries: 2, brokenAt: null });
  });

  it.each([
    ['actor', "UPDATE audit_log SET actor = 'someone' WHERE id = 2"],
    ['detail', `UPDATE audit_log SET detail = '{"after":{"name":"王五"}}' WHERE id = 2`],
  ])('still finds an entry whose %s was changed, workstation or not', (_field, sql) => {
    appendTwo();
    tamper(sql);
    expect(audit.verify()).toEqual({ ok: false, entries: 2, brokenAt: 2 });
  });

  it('lists entries from this PC, from the network, or all, newest first and counted', () => {
    appendTwo();
    audit.append({ at: '2026-11-22T08:02:00+08:00', actor: 'li', action: 'update', target: 'people.update#1', detail: {}, workstation: '192.168.1.22' });
    audit.append({ at: '2026-11-22T08:03:00+08:00', actor: 'admin', action: 'update', target: 'people.update#1', detail: {} });
    const ids = (action: string | null, source: 'all' | 'this-pc' | 'network') => {
      const page = audit.list(0, 10, action, source);
      return { total: page.total, ids: page.rows.map((r) => r.id) };
    };
    expect(ids(null, 'all')).toEqual({ total: 4, ids: [4, 3, 2, 1] });
    expect(ids(null, 'this-pc')).toEqual({ total: 2, ids: [4, 1] });
    expect(ids(null, 'network')).toEqual({ total: 2, ids: [3, 2] });
    expect(ids('update', 'network')).toEqual({ total: 1, ids: [3] });
    expect(ids('update', 'this-pc')).toEqual({ total: 1, ids: [4] });
    expect(ids('sign-in', 'network')).toEqual({ total: 0, ids: [] });
    expect(audit.list(1, 1, null, 'network').rows.map((r) => r.id)).toEqual([2]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE workstation IS NULL ORDER BY id DESC LIMIT 100').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX audit_log_workstation/);
  });

  it('refuses a workstation of more than 100 characters or an empty one', () => {
    expect(() => audit.append({ at: '2026-11-22T08:00:00+08:00', actor: 'admin', action: 'sign-in', workstation: 'x'.repeat(101) })).toThrow(/CHECK/);
    expect(() => audit.append({ at: '2026-11-22T08:00:00+08:00', actor: 'admin', action: 'sign-in', workstation: '' })).toThrow(/CHECK/);
  });

  it('verifies a trail written before the column existed, unchanged, and goes on from it', () => {
    const dir = tempDir();
    try {
      const file = path.join(dir.dir, 'old.sqlite');
      const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 16) });
      // Written as the app before 017 wrote them (its INSERT had no workstation).
      let prev = '0'.repeat(64);
      for (const e of [
        { id: 1, at: '2026-11-01T08:00:00+08:00', actor: 'admin', action: 'sign-in', target: '', detail: '{}' },
        { id: 2, at: '2026-11-01T08:05:00+08:00', actor: 'admin', action: 'update', target: 'x#1', detail: '{"a":1}' },
      ]) {
        const hash = sha(prev, e);
        old.prepare('INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(e.id, e.at, e.actor, e.action, e.target, e.detail, prev, hash);
        prev = hash;
      }
      const before = old.prepare('SELECT id, hash FROM audit_log ORDER BY id').all();
      expect(old.prepare("SELECT count(*) AS n FROM pragma_table_info('audit_log') WHERE name = 'workstation'").get()).toEqual({ n: 0 });
      old.close();

      const upgraded = openDatabase(file);
      try {
        const trail = createAudit(upgraded);
        expect(upgraded.prepare('SELECT id, hash FROM audit_log ORDER BY id').all()).toEqual(before);
        expect(trail.verify()).toEqual({ ok: true, entries: 2, brokenAt: null });
        trail.append({ at: '2026-11-22T08:00:00+08:00', actor: 'li', action: 'sign-in', workstation: '192.168.1.21' });
        expect(trail.verify()).toEqual({ ok: true, entries: 3, brokenAt: null });
        expect(trail.list(0, 10, null).rows.map((r) => r.workstation)).toEqual(['192.168.1.21', null, null]);
      } finally {
        upgraded.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});

describe('the audit screen', () => {
  it('shows the recorded workstation, or this PC for none', () => {
    expect(workstationText(null, '本机')).toBe('本机');
    expect(workstationText(undefined, 'This PC')).toBe('This PC');
    expect(workstationText('192.168.1.21（前台电脑）', '本机')).toBe('192.168.1.21（前台电脑）');
  });
});

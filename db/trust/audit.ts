// The audit trail: who did what and when, append-only, each entry chained to the one before by
// a SHA-256 hash so that any change to history shows where it happened.
// The workstation an entry came from (migration 017) is informative, not protected: it is not part
// of the hash (so entries written before it existed verify unchanged), and a change to it alone
// does not show in verify(). The account, time, action, target and detail are what the chain guards.
import crypto from 'node:crypto';
import type { Db } from '../open';
import { stmt } from '../statements';
import { changesOf, personKeyOf, readTarget, type FieldChange } from './audit-view';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
  /** The workstation the call came from over the centre's network ("192.168.1.21（前台电脑）"); null for this PC. Not hashed. */
  workstation: string | null;
}

/**
 * An entry as the audit screen shows it: the call, the account's name, whom it concerned, the
 * changes. `detail` is the stored detail, or null when that is longer than LIST_DETAIL_LIMIT
 * characters (`detailCut`; a claims batch's entry holds its lines): the screen shows `changes`,
 * and audit.export writes every entry whole.
 */
export interface AuditRow extends AuditEntry {
  detailCut: boolean;
  call: string;
  recordId: string;
  actorName: string;
  person: { id: number; name: string } | null;
  changes: FieldChange[];
}

const GENESIS = '0'.repeat(64);
const COUNT_CAP = 10_000;
/** Longer stored details are left out of the list (see AuditRow). */
export const LIST_DETAIL_LIMIT = 8_000;
/** Entries kept read (a few pages of the screen). */
const READ_CACHE = 2_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function entryHash(prev: string, e: { id: number; at: string; actor: string; action: string; target: string; detail: string }): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([prev, e.id, e.at, e.actor, e.action, e.target, e.detail]))
    .digest('hex');
}

export function createAudit(db: Db) {
  const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash, workstation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );

  /** Appends one entry. Call inside the transaction of the change it records. */
  function append(entry: { at: string; actor: string; action: string; target?: string; detail?: unknown; workstation?: string | null }): void {
    const previous = last.get() as { id: number; hash: string } | undefined;
    const id = (previous?.id ?? 0) + 1;
    const prev = previous?.hash ?? GENESIS;
    const row = {
      id,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? '',
      detail: JSON.stringify(entry.detail ?? {}),
    };
    insert.run(row.id, row.at, row.actor, row.action, row.target, row.detail, prev, entryHash(prev, row), entry.workstation ?? null);
  }

  const accountName = db.prepare('SELECT display_name AS name FROM account WHERE username = ?');
  const personName = db.prepare('SELECT id, name FROM person WHERE id = ?');
  const enrolledPerson = db.prepare('SELECT p.id, p.name FROM rehab_enrolment e JOIN person p ON p.id = e.person_id WHERE e.id = ?');
  const entryById = db.prepare('SELECT id, at, actor, action, target, detail, workstation FROM audit_log WHERE id = ?');

  /**
   * Entries as read for the screen, by id, the newest read last. Entries never change (the
   * triggers of migration 001 refuse it), so what is read from one stays true for as long as this
   * connection is open; a restored file gets a new connection and a new cache. Names are not kept:
   * a person or account renamed since shows under the new name.
   */
  const read = new Map<number, Omit<AuditRow, 'actorName' | 'person'> & { key: ReturnType<typeof personKeyOf> }>();

  function parsed(id: number) {
    const hit = read.get(id);
    if (hit) {
      read.delete(id);
      read.set(id, hit);
      return hit;
    }
    const r = entryById.get(id) as (Omit<AuditEntry, 'detail'> & { detail: string }) | undefined;
    if (!r) return undefined;
    const detail = JSON.parse(r.detail) as unknown;
    const { call, recordId } = readTarget(r.target);
    const cut = r.detail.length > LIST_DETAIL_LIMIT;
    // Frozen: the same objects answer every later call.
    const entry = { ...r, detail: cut ? null : deepFreeze(detail), detailCut: cut, call, recordId, changes: deepFreeze(changesOf(detail)), key: personKeyOf(call, recordId, detail) };
    read.set(id, entry);
    if (read.size > READ_CACHE) read.delete(read.keys().next().value!);
    return entry;
  }

  /** One entry in readable parts; a person or account since removed shows as none / the username. */
  function readable(id: number, actors: Map<string, string>): AuditRow | undefined {
    const hit = parsed(id);
    if (!hit) return undefined;
    const { key, ...entry } = hit;
    const person =
      key.personId !== undefined
        ? (personName.get(key.personId) as { id: number; name: string } | undefined)
        : key.enrolmentId !== undefined
          ? (enrolledPerson.get(key.enrolmentId) as { id: number; name: string } | undefined)
          : undefined;
    let actorName = actors.get(entry.actor);
    if (actorName === undefined) {
      actorName = (accountName.get(entry.actor) as { name: string } | undefined)?.name ?? entry.actor;
      actors.set(entry.actor, actorName);
    }
    return { ...entry, actorName, person: person ?? null };
  }

  /**
   * The newest entries first. Ids are dense and never removed, so the whole trail's size is its
   * last id; a filtered count stops at COUNT_CAP (shown as "10,000+"), as a years-long trail has
   * millions of entries and nobody pages through more than that. The page is found by id alone
   * (on the indexes, never reading an entry's detail), then each entry is read once.
   * `source`: entries made on this PC (no workstation), from the centre's network, or all.
   */
  function list(
    offset: number,
    limit: number,
    action: string | null,
    source: 'all' | 'this-pc' | 'network' = 'all',
  ): { total: number; totalCapped: boolean; rows: AuditRow[] } {
    const conditions = [
      ...(action ? ['action = ?'] : []),
      ...(source === 'this-pc' ? ['workstation IS NULL'] : source === 'network' ? ['workstation IS NOT NULL'] : []),
    ];
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const args = action ? [action] : [];
    const total =
      conditions.length > 0
        ? (stmt(db, `SELECT count(*) AS n FROM (SELECT 1 FROM audit_log ${where} LIMIT ?)`).get(...args, COUNT_CAP + 1) as { n: number }).n
        : ((stmt(db, 'SELECT max(id) AS n FROM audit_log').get() as { n: number | null }).n ?? 0);
    const ids = stmt(db, `SELECT id FROM audit_log ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as { id: number }[];
    const actors = new Map<string, string>();
    const rows = ids.map((r) => readable(r.id, actors)).filter((r): r is AuditRow => r !== undefined);
    return { total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP, rows };
  }

  /** Walks the whole chain; reports the first entry whose hash or link does not hold. */
  function verify(): { ok: boolean; entries: number; brokenAt: number | null } {
    let prev = GENESIS;
    let expectedId = 1;
    let entries = 0;
    for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as Iterable<{
      id: number;
      at: string;
      actor: string;
      action: string;
      target: string;
      detail: string;
      prev_hash: string;
      hash: string;
    }>) {
      entries += 1;
      if (row.id !== expectedId || row.prev_hash !== prev || entryHash(prev, row) !== row.hash) {
        return { ok: false, entries, brokenAt: row.id };
      }
      prev = row.hash;
      expectedId += 1;
    }
    return { ok: true, entries, brokenAt: null };
  }

  return { append, list, verify };
}

export type Audit = ReturnType<typeof createAudit>;

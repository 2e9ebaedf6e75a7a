// Staff accounts and the audit trail of a synthetic centre. Every account signs in with the one
// documented seed password; the audit trail holds what the app would have recorded for the seeded
// history (each write with its input, each working day's sign-ins), hash-chained in time order.
import crypto from 'node:crypto';
import type { Db } from '../../db/open';
import { hashPassword } from '../../db/trust/passwords';
import type { Role } from '../../db/trust/permissions';
import type { SeedContext } from './context';
import { personName } from './names';
import { stamp } from './people';
import type { Therapist } from './rehab';
import { dayNumber } from './calendar';
import { areaProblem } from './schema';

/** The password of every seeded account (synthetic data only: never a real centre's file). */
export const SEED_PASSWORD = 'rehabdesk seed data';
export const SEED_ADMIN = 'admin';

export interface Account {
  username: string;
  displayName: string;
  role: Role;
}

/** How the app stamps created_by and change logs: display name（username）. */
export const actorOf = (a: Pick<Account, 'username' | 'displayName'>) => `${a.displayName}（${a.username}）`;

export function planStaff(ctx: Pick<SeedContext, 'random'>): { admin: Account; office: Account[] } {
  const random = ctx.random.fork('trust.staff');
  const named = (username: string, role: Role): Account => ({ username, role, displayName: personName(random, random.chance(0.6) ? 'F' : 'M', random.int(1970, 1998)) });
  return {
    admin: { username: SEED_ADMIN, displayName: '管理员', role: 'admin' },
    office: [named('px01', 'training'), named('px02', 'training'), named('cw01', 'accountant'), named('ck01', 'viewer')],
  };
}

const ACCOUNT_WRITES = { account: ['username', 'display_name', 'role', 'password_hash', 'active', 'created_at', 'updated_at'] } as const;
const AUDIT_WRITES = { audit_log: ['id', 'at', 'actor', 'action', 'target', 'detail', 'prev_hash', 'hash'] } as const;

export function trustProblem(db: Db): string | null {
  return areaProblem(db, { ...ACCOUNT_WRITES, ...AUDIT_WRITES });
}

export function writeAccounts(ctx: SeedContext, db: Db, accounts: readonly Account[], therapists: readonly Therapist[]): void {
  const random = ctx.random.fork('trust.accounts');
  // One scrypt hash for all: the same password, and hashing each would take seconds.
  const hash = hashPassword(SEED_PASSWORD);
  const insert = db.prepare(
    'INSERT INTO account (username, display_name, role, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
  );
  const firstDay = dayNumber(`${Number(ctx.today.slice(0, 4)) - 6}-01-01`);
  db.transaction(() => {
    for (const a of accounts) {
      const at = stamp(random, firstDay - 30);
      insert.run(a.username, a.displayName, a.role, hash, at, at);
    }
    for (const t of therapists) {
      const at = stamp(random, firstDay - 30);
      insert.run(t.username, t.name, 'therapist', hash, at, at);
    }
  })();
  ctx.count('account', accounts.length + therapists.length);
}

/** A write the app would have audited: where its rows are, and how to word the entry. */
interface Source {
  /** Rows of the table: SELECT at, ref (the row id). */
  rows: string;
  /** One row by id, for the entry's detail. */
  row: string;
  action: string;
  /** The call, for the target ("call#id"); `id` picks the id the app would name. */
  call: string;
  id?: (row: Record<string, unknown>) => unknown;
  /** The entry's detail from the row (the app records the parsed input, and the result). */
  detail?: (row: Record<string, unknown>) => unknown;
}

const BOOKKEEPING = new Set(['id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by']);
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** A stored row as the call's input looked: API names, without the bookkeeping columns. */
const asInput = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !BOOKKEEPING.has(k) && !k.startsWith('_')).map(([k, v]) => [camel(k), v]));
const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const SOURCES: readonly Source[] = [
  { rows: 'SELECT created_at AS at, id AS ref FROM person', row: 'SELECT * FROM person WHERE id = ?', action: 'create', call: 'people.create' },
  { rows: 'SELECT created_at AS at, id AS ref FROM rehab_enrolment', row: 'SELECT * FROM rehab_enrolment WHERE id = ?', action: 'create', call: 'rehab.enrolments.create' },
  { rows: 'SELECT updated_at AS at, id AS ref FROM rehab_enrolment WHERE version > 1', row: 'SELECT * FROM rehab_enrolment WHERE id = ?', action: 'update', call: 'rehab.enrolments.update' },
  { rows: 'SELECT created_at AS at, id AS ref FROM rehab_goal', row: 'SELECT * FROM rehab_goal WHERE id = ?', action: 'create', call: 'rehab.goals.save' },
  { rows: 'SELECT created_at AS at, id AS ref FROM rehab_assessment', row: 'SELECT * FROM rehab_assessment WHERE id = ?', action: 'create', call: 'rehab.assessments.create' },
  {
    rows: 'SELECT created_at AS at, id AS ref FROM rehab_session',
    row: `SELECT s.*, (SELECT group_concat(goal_id) FROM rehab_session_goal g WHERE g.session_id = s.id) AS _goals FROM rehab_session s WHERE s.id = ?`,
    action: 'create',
    call: 'rehab.sessions.log',
    detail: (r) => {
      const goalIds = r._goals ? String(r._goals).split(',').map(Number) : [];
      const input = { enrolmentId: r.enrolment_id, therapistId: r.therapist_id, date: r.session_date, startTime: r.start_minute, minutes: r.minutes,
        type: r.type, attendance: r.attendance, goalIds, note: r.note };
      return { input, after: { id: r.id, ...input, startTime: clock(Number(r.start_minute)), groupId: r.group_id, version: r.version } };
    },
  },
  { rows: 'SELECT created_at AS at, id AS ref FROM rehab_visit', row: 'SELECT * FROM rehab_visit WHERE id = ?', action: 'create', call: 'rehab.visits.create' },
  { rows: 'SELECT created_at AS at, id AS ref FROM training_class', row: 'SELECT * FROM training_class WHERE id = ?', action: 'create', call: 'training.classes.create' },
  { rows: 'SELECT created_at AS at, id AS ref FROM training_enrolment', row: 'SELECT * FROM training_enrolment WHERE id = ?', action: 'create', call: 'training.enrol', id: (r) => r.class_id },
  {
    rows: 'SELECT created_at AS at, id AS ref FROM training_session',
    row: `SELECT s.*, (SELECT json_group_array(json_object('enrolmentId', a.enrolment_id, 'status', a.status)) FROM training_attendance a
      WHERE a.session_id = s.id) AS _marks FROM training_session s WHERE s.id = ?`,
    action: 'update',
    call: 'training.attendance.save',
    id: (r) => r.class_id,
    detail: (r) => ({ input: { classId: r.class_id, date: r.date, marks: JSON.parse(String(r._marks)) as unknown } }),
  },
  {
    rows: 'SELECT updated_at AS at, id AS ref FROM training_enrolment WHERE completed_on IS NOT NULL',
    row: 'SELECT * FROM training_enrolment WHERE id = ?',
    action: 'update',
    call: 'training.completion.set',
    id: (r) => r.class_id,
    detail: (r) => ({ input: { enrolmentId: r.id, completedOn: r.completed_on } }),
  },
  { rows: 'SELECT created_at AS at, id AS ref FROM training_certificate', row: 'SELECT * FROM training_certificate WHERE id = ?', action: 'create', call: 'training.certificates.add' },
  { rows: 'SELECT created_at AS at, id AS ref FROM employer', row: 'SELECT * FROM employer WHERE id = ?', action: 'create', call: 'training.employers.create' },
  { rows: 'SELECT created_at AS at, id AS ref FROM placement', row: 'SELECT * FROM placement WHERE id = ?', action: 'create', call: 'training.placements.create' },
  {
    rows: 'SELECT updated_at AS at, id AS ref FROM placement_followup WHERE done_on IS NOT NULL',
    row: 'SELECT * FROM placement_followup WHERE id = ?',
    action: 'create',
    call: 'training.followUps.record',
    id: (r) => r.placement_id,
  },
  { rows: 'SELECT created_at AS at, id AS ref FROM device_assessment', row: 'SELECT * FROM device_assessment WHERE id = ?', action: 'create', call: 'devices.assessmentCreate' },
  { rows: 'SELECT created_at AS at, id AS ref FROM device_fitting', row: 'SELECT * FROM device_fitting WHERE id = ?', action: 'create', call: 'devices.fittingCreate' },
  { rows: 'SELECT created_at AS at, id AS ref FROM device_followup', row: 'SELECT * FROM device_followup WHERE id = ?', action: 'create', call: 'devices.followupRecord', id: (r) => r.fitting_id },
  {
    // Each step of a batch (create, submit, approve, pay) was one call.
    rows: 'SELECT at, id AS ref FROM claim_event',
    row: 'SELECT *, actor AS created_by FROM claim_event WHERE id = ?',
    action: 'update',
    call: 'claims.batches',
    id: (r) => `${String(r.action)}#${String(r.batch_id)}`,
    detail: (r) => ({ input: { id: r.batch_id }, after: JSON.parse(String(r.detail)) as unknown }),
  },
];

/** Sign-ins: each therapist on each day they logged sessions, before the first one. */
const SIGN_INS = `SELECT session_date || 'T07:' || printf('%02d', 40 + therapist_id % 20) || ':00+08:00' AS at, therapist_id AS ref
  FROM rehab_session GROUP BY session_date, therapist_id`;

/**
 * Writes the audit trail for everything already in the file, in time order, each entry chained
 * to the one before by SHA-256 exactly as db/trust/audit.ts computes it.
 */
export function writeAudit(ctx: SeedContext, db: Db): void {
  const kinds: { source: Source | null; row: ReturnType<Db['prepare']> | null }[] = [];
  db.exec('CREATE TEMP TABLE audit_source (at TEXT NOT NULL, ref INTEGER NOT NULL, kind INTEGER NOT NULL)');
  const collect = (rows: string, source: Source | null, row: string | null) => {
    try {
      // The rows of a chunk at once: `… WHERE id = ?` becomes `… WHERE id IN (ids)`.
      const prepared = row ? db.prepare(row.replace(/(\S+) = \?$/, '$1 IN (SELECT value FROM json_each(?))')) : null;
      db.exec(`INSERT INTO temp.audit_source (at, ref, kind) SELECT at, ref, ${kinds.length} FROM (${rows})`);
      kinds.push({ source, row: prepared });
    } catch {
      // A table this schema does not have: nothing to audit there.
    }
  };
  for (const source of SOURCES) collect(source.rows, source, source.row);
  collect(SIGN_INS, null, null);
  db.exec('CREATE TEMP TABLE audit_order AS SELECT at, kind, ref FROM temp.audit_source ORDER BY at, kind, ref');
  db.exec('DROP TABLE temp.audit_source');

  const total = (db.prepare('SELECT count(*) AS n FROM temp.audit_order').get() as { n: number }).n;
  const chunk = db.prepare('SELECT rowid AS id, at, kind, ref FROM temp.audit_order WHERE rowid BETWEEN ? AND ?');
  const append = db.prepare('INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const usernameOf = (stampedBy: unknown) => /（([^（）]+)）$/.exec(String(stampedBy ?? ''))?.[1] ?? SEED_ADMIN;
  const therapistUsername = (id: number) => `t${String(id).padStart(3, '0')}`;
  let prev = '0'.repeat(64);
  const SIZE = 20_000;
  for (let first = 1; first <= total; first += SIZE) {
    const rows = chunk.all(first, first + SIZE - 1) as { id: number; at: string; kind: number; ref: number }[];
    const refs = new Map<number, number[]>();
    for (const r of rows) {
      const list = refs.get(r.kind);
      if (list) list.push(r.ref);
      else refs.set(r.kind, [r.ref]);
    }
    const fetched = new Map<number, Map<number, Record<string, unknown>>>();
    for (const [kind, ids] of refs) {
      const row = kinds[kind]!.row;
      if (row) fetched.set(kind, new Map((row.all(JSON.stringify(ids)) as Record<string, unknown>[]).map((d) => [Number(d.id), d])));
    }
    db.transaction(() => {
      for (const r of rows) {
        const { source, row } = kinds[r.kind]!;
        let actor: string;
        let action: string;
        let target: string;
        let detail: string;
        if (!source || !row) {
          actor = therapistUsername(r.ref);
          action = 'sign-in';
          target = actor;
          detail = '{}';
        } else {
          const data = fetched.get(r.kind)!.get(r.ref)!;
          actor = usernameOf(source.action === 'update' ? data.updated_by ?? data.created_by : data.created_by);
          action = source.action;
          const id = String(source.id ? source.id(data) : data.id);
          target = source.call === 'claims.batches' ? `${source.call}.${id}` : `${source.call}#${id}`;
          if (source.call === 'claims.batches' && data.action === 'create') action = 'create';
          detail = JSON.stringify(source.detail ? source.detail(data) : { input: asInput(data) });
        }
        const hash = crypto.createHash('sha256').update(JSON.stringify([prev, r.id, r.at, actor, action, target, detail])).digest('hex');
        append.run(r.id, r.at, actor, action, target, detail, prev, hash);
        prev = hash;
      }
    })();
  }
  db.exec('DROP TABLE temp.audit_order');
  ctx.count('audit_log', total);
}

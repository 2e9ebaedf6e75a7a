// Operations measured through service.dispatch (the full API path: schema parse, handler, SQLite,
// result mapping), each beside its floor: the same work as plain SQL on a plain connection.
import { sessionSlots } from './session-slots';
import Database from 'better-sqlite3';
import { CALL_NAMES } from '../../db/contract';
import { createClock } from '../../db/clock';
import { createService, type Service } from '../../db/service';
import { adminSession } from '../../db/trust/bootstrap';
import { MODULE_MISSING, result, targets, type OpResult } from './report';
import { stats, time, type Stats } from './measure';
import { SEED_ADMIN, SEED_PASSWORD } from '../seed/trust';

export interface ApiBenchOptions {
  /** A working copy of the scale-100 file (the bench writes sessions into it). */
  file: string;
  today: string;
  /** Multiplies the run counts (0.2 for a quick look). */
  effort: number;
}

const has = (name: string) => (CALL_NAMES as readonly string[]).includes(name);

/** Picks `n` items spread evenly over a list (deterministic). */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length === 0) return [];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n) % items.length]!);
}

/** First and last day of a YYYY-MM month. */
function monthRange(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}

function monthsBack(today: string, n: number): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const index = y * 12 + (m - 1) - 1 - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

export function runApiBench(options: ApiBenchOptions, log: (line: string) => void): OpResult[] {
  const runs = (n: number) => Math.max(5, Math.round(n * options.effort));
  const service: Service = createService({
    dataFile: options.file,
    host: 'browser',
    appVersion: 'bench',
    clock: createClock(options.today),
    log: (message, error) => console.error(message, error),
  });
  // The floor's connection: the same file and pragmas, no app code in between.
  const raw = new Database(options.file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  const session = adminSession(service, SEED_ADMIN, SEED_PASSWORD);
  const call = (name: string, input: unknown): unknown => {
    const r = service.dispatch(name, input, session);
    if (!r.ok) throw new Error(`${name} ${JSON.stringify(input)} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const results: OpResult[] = [];
  const add = (r: OpResult) => {
    results.push(r);
    log(`  ${r.op.padEnd(4)} ${r.name}: ${r.app ? `p50 ${r.app.p50.toFixed(2)} ms, p95 ${r.app.p95.toFixed(2)} ms` : r.appNote}${r.floor ? `; floor p50 ${r.floor.p50.toFixed(2)} ms` : ''}`);
  };

  try {
    // ---- 2. people search at scale 100 ----
    const people = raw.prepare('SELECT name, id_number, cert_number FROM person WHERE archived = 0 ORDER BY id').all() as {
      name: string;
      id_number: string;
      cert_number: string | null;
    }[];
    const nameFragments = spread(people, runs(200)).map((p, i) => (i % 2 === 0 ? p.name.slice(0, 1) : p.name.slice(-2)));
    // Staff type part of an ID: the birth date, or the last digits.
    const idFragments = spread(people, runs(200)).map((p, i) => (i % 2 === 0 ? p.id_number.slice(6, 14) : p.id_number.slice(-6)));
    const certs = spread(people.filter((p) => p.cert_number !== null), runs(200)).map((p) => p.cert_number!);
    const columns = `p.id, p.name, p.id_number, p.sex, p.birth_date, p.cert_number, p.disability_category, p.disability_level, p.cert_expiry`;
    const floorSearch = (where: string) => {
      const count = raw.prepare(`SELECT count(*) AS n FROM person p WHERE p.archived = 0 AND ${where}`);
      const page = raw.prepare(`SELECT ${columns} FROM person p WHERE p.archived = 0 AND ${where} ORDER BY p.name, p.id LIMIT 100`);
      return (arg: string) => {
        count.get(arg);
        page.all(arg);
      };
    };
    const byName = floorSearch("p.name LIKE '%' || ? || '%'");
    const byId = floorSearch("p.id_number LIKE '%' || ? || '%'");
    const byCert = floorSearch('p.cert_number = ?');
    const search = (q: string) => call('people.search', { q });
    const target50 = targets.p95Under(50);
    add(result('2a', 'people search, name fragment', target50, time(nameFragments.length, (i) => search(nameFragments[i % nameFragments.length]!)),
      time(nameFragments.length, (i) => byName(nameFragments[i % nameFragments.length]!)), { floorNote: 'LIKE scan + count + first page' }));
    add(result('2b', 'people search, ID fragment', target50, time(idFragments.length, (i) => search(idFragments[i % idFragments.length]!)),
      time(idFragments.length, (i) => byId(idFragments[i % idFragments.length]!))));
    add(result('2c', 'people search, certificate number', target50, time(certs.length, (i) => search(certs[i % certs.length]!)),
      time(certs.length, (i) => byCert(certs[i % certs.length]!)), { floorNote: 'unique index lookup' }));

    // ---- 3. save one therapy session ----
    if (has('rehab.sessions.log')) {
      const n = runs(300);
      // Weekend evenings: the history holds no sessions then, so nothing overlaps.
      const input = sessionSlots(raw, { today: options.today, times: ['17:00', '17:45', '18:30', '19:15', '20:00', '20:45', '21:30'], startedDaysAgo: 300 });
      const app = time(n, (i) => call('rehab.sessions.log', input(i)));
      const insert = raw.prepare(
        `INSERT INTO rehab_session (enrolment_id, therapist_id, session_date, start_minute, minutes, type, attendance, note,
          created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const link = raw.prepare('INSERT INTO rehab_session_goal (session_id, goal_id) VALUES (?, ?)');
      const save = raw.transaction((s: ReturnType<typeof input>) => {
        const [h, m] = s.startTime.split(':').map(Number) as [number, number];
        const at = `${s.date}T21:00:00+08:00`;
        const id = insert.run(s.enrolmentId, s.therapistId, s.date, h * 60 + m, s.minutes, s.type, s.attendance, s.note, at, 'bench', at, 'bench')
          .lastInsertRowid;
        for (const goal of s.goalIds) link.run(id, goal);
      });
      const floor = time(n, (i) => save(input(n + 10 + i)));
      add(result('3', 'save one therapy session', targets.p95Under(5), app, floor, { floorNote: 'INSERT session + goal link in a transaction' }));
    } else {
      add(result('3', 'save one therapy session', targets.p95Under(5), null, null, { appNote: MODULE_MISSING }));
    }

    // ---- 4. a child's month and the centre's month summary ----
    const months = monthsBack(options.today, 24);
    if (has('rehab.month')) {
      const pairs = raw
        .prepare(
          `SELECT enrolment_id AS id, substr(session_date, 1, 7) AS month FROM rehab_session
           WHERE session_date >= ? GROUP BY enrolment_id, month ORDER BY enrolment_id, month`,
        )
        .all(`${months[months.length - 1]}-01`) as { id: number; month: string }[];
      const picks = spread(pairs, runs(150));
      const sessionsOf = raw.prepare(
        `SELECT s.*, t.name AS therapist_name FROM rehab_session s JOIN rehab_therapist t ON t.id = s.therapist_id
         WHERE s.enrolment_id = ? AND s.session_date BETWEEN ? AND ? ORDER BY s.session_date, s.start_minute, s.id`,
      );
      const trendOf = raw.prepare(
        `SELECT substr(session_date, 1, 7) AS m, count(*), sum(attendance = 'present'), sum(attendance = 'absent'), sum(attendance = 'leave'),
           count(DISTINCT CASE WHEN attendance = 'present' THEN session_date END) AS days
         FROM rehab_session WHERE enrolment_id = ? AND session_date BETWEEN ? AND ? GROUP BY m`,
      );
      const app = time(picks.length, (i) => call('rehab.month', { enrolmentId: picks[i % picks.length]!.id, month: picks[i % picks.length]!.month }));
      const floor = time(picks.length, (i) => {
        const p = picks[i % picks.length]!;
        const [first, last] = monthRange(p.month);
        sessionsOf.all(p.id, first, last);
        trendOf.all(p.id, `${monthsBack(`${p.month}-15`, 11).pop()}-01`, last);
      });
      add(result('4a', "a child's month view", target50, app, floor, { floorNote: 'month rows + 12-month GROUP BY' }));
    } else {
      add(result('4a', "a child's month view", target50, null, null, { appNote: MODULE_MISSING }));
    }
    if (has('rehab.summary')) {
      const picks = spread(months, runs(36));
      const perChild = raw.prepare(
        `SELECT e.category, p.birth_date, sum(s.attendance = 'present') AS present FROM rehab_session s
         JOIN rehab_enrolment e ON e.id = s.enrolment_id JOIN person p ON p.id = e.person_id
         WHERE s.session_date BETWEEN ? AND ? GROUP BY s.enrolment_id`,
      );
      const byType = raw.prepare(
        `SELECT type, count(*), sum(attendance = 'present') FROM rehab_session WHERE session_date BETWEEN ? AND ? GROUP BY type`,
      );
      // One pass over the months' index entries in order: per day and child, then per month.
      const trend = raw.prepare(
        `WITH d AS (SELECT session_date, enrolment_id, count(*) AS n, sum(attendance = 'present') AS p, sum(attendance = 'absent') AS a,
             sum(attendance = 'leave') AS l FROM rehab_session WHERE session_date BETWEEN ? AND ? GROUP BY session_date, enrolment_id)
         SELECT substr(session_date, 1, 7) AS m, sum(n), sum(p), sum(a), sum(l), sum(p > 0) AS service_days,
           count(DISTINCT CASE WHEN p > 0 THEN enrolment_id END) AS children
         FROM d GROUP BY m`,
      );
      const app = time(picks.length, (i) => call('rehab.summary', { month: picks[i % picks.length] }), 1);
      const floor = time(picks.length, (i) => {
        const month = picks[i % picks.length]!;
        const [first, last] = monthRange(month);
        perChild.all(first, last);
        byType.all(first, last);
        trend.all(`${monthsBack(`${month}-15`, 11).pop()}-01`, last);
      }, 1);
      add(result('4b', "the centre's month summary", targets.p95Under(300), app, floor, { floorNote: 'three GROUP BY passes' }));
    } else {
      add(result('4b', "the centre's month summary", targets.p95Under(300), null, null, { appNote: MODULE_MISSING }));
    }

    // ---- 5. a month's child-rehab claim for all children ----
    {
      const claim = raw.prepare(
        `SELECT e.id, p.name, p.sex, p.id_number, p.cert_number, p.disability_category, p.disability_level,
           count(DISTINCT s.session_date) AS service_days, count(*) AS sessions
         FROM rehab_session s JOIN rehab_enrolment e ON e.id = s.enrolment_id JOIN person p ON p.id = e.person_id
         WHERE s.session_date BETWEEN ? AND ? AND s.attendance = 'present' AND e.funding = 'relief'
         GROUP BY e.id ORDER BY p.name, e.id`,
      );
      // The seed leaves the last complete month unclaimed: build its batch, time it, remove the draft.
      const month = months[0]!;
      const [first, last] = monthRange(month);
      const n = runs(12);
      const floor = time(n, () => claim.all(first, last), 1);
      if (has('claims.batches.create')) {
        const samples: number[] = [];
        let lines = 0;
        for (let i = -1; i < n; i += 1) {
          const start = process.hrtime.bigint();
          const batch = call('claims.batches.create', { programme: 'rehab', period: month }) as { id: number; version: number; lineCount: number };
          if (i >= 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
          lines = batch.lineCount;
          call('claims.batches.remove', { id: batch.id, version: batch.version });
        }
        add(result('5', `a month's child-rehab claim, all children (${month}, ${lines} lines)`, targets.p95Under(300), stats(samples), floor, {
          floorNote: 'service days per child: one GROUP BY',
        }));
      } else {
        add(result('5', "a month's child-rehab claim, all children", targets.p95Under(300), null, floor, {
          appNote: MODULE_MISSING,
          floorNote: 'service days per child: one GROUP BY',
        }));
      }
    }

    // ---- other lists and forms the user waits on ----
    const ids = (sql: string, ...args: unknown[]) => (raw.prepare(sql).all(...args) as { id: number }[]).map((r) => r.id);
    const personIds = spread(ids('SELECT id FROM person WHERE archived = 0 ORDER BY id'), 50);
    const enrolmentIds = has('rehab.enrolments.get') ? spread(ids('SELECT id FROM rehab_enrolment ORDER BY id'), 50) : [];
    const therapistIds = has('rehab.day') ? ids("SELECT DISTINCT therapist_id AS id FROM rehab_enrolment WHERE status = 'active' ORDER BY 1") : [];
    const classIds = has('training.classes.get') ? spread(ids('SELECT id FROM training_class ORDER BY id'), 50) : [];
    const batchIds = has('claims.batches.get') ? spread(ids("SELECT id FROM claim_batch WHERE programme = 'rehab' ORDER BY id"), 30) : [];
    const devicePeople = has('devices.person') ? spread(ids('SELECT DISTINCT person_id AS id FROM device_fitting ORDER BY 1'), 50) : [];
    const lastWeekday = (() => {
      const d = new Date(`${options.today}T00:00:00Z`);
      do d.setUTCDate(d.getUTCDate() - 1);
      while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
      return d.toISOString().slice(0, 10);
    })();
    const year = Number(options.today.slice(0, 4)) - 1;
    const lists: { op: string; name: string; call: string; input: (i: number) => unknown; n?: number }[] = [
      { op: 'L1', name: 'people list, first page (the first screen)', call: 'people.search', input: () => ({}) },
      { op: 'L2', name: 'people list sorted by certificate expiry, reversed', call: 'people.search', input: () => ({ sort: 'certExpiry', dir: 'desc' }) },
      { op: 'L3', name: 'people list, last page', call: 'people.search', input: () => ({ offset: 4_800, limit: 100 }) },
      { op: 'L4', name: 'person record', call: 'people.get', input: (i) => ({ id: personIds[i % personIds.length] }) },
      { op: 'L5', name: 'certificates expiring', call: 'people.expiring', input: () => ({}) },
      { op: 'L6', name: 'rehab: children in the programme', call: 'rehab.enrolments.list', input: () => ({}) },
      { op: 'L7', name: 'rehab: all enrolments ever', call: 'rehab.enrolments.list', input: () => ({ status: 'all' }) },
      { op: 'L8', name: "rehab: a child's enrolment record", call: 'rehab.enrolments.get', input: (i) => ({ id: enrolmentIds[i % enrolmentIds.length] }) },
      { op: 'L9', name: "rehab: a therapist's day", call: 'rehab.day', input: (i) => ({ therapistId: therapistIds[i % therapistIds.length], date: lastWeekday }) },
      { op: 'L10', name: 'rehab: home visits due', call: 'rehab.visits.due', input: (i) => ({ frequency: i % 2 ? 'other' : 'frequent' }) },
      { op: 'L11', name: 'rehab: therapists', call: 'rehab.therapists.list', input: () => ({}) },
      { op: 'L12', name: 'training: classes', call: 'training.classes.list', input: () => ({}) },
      { op: 'L13', name: 'training: a class with its trainees', call: 'training.classes.get', input: (i) => ({ id: classIds[i % classIds.length] }) },
      { op: 'L14', name: 'training: placements', call: 'training.placements.list', input: () => ({}) },
      { op: 'L15', name: 'training: follow-ups due', call: 'training.followUps.due', input: () => ({}) },
      { op: 'L16', name: 'training: figures for a year', call: 'training.figures', input: () => ({ year }) },
      { op: 'L17', name: "devices: a person's device file", call: 'devices.person', input: (i) => ({ personId: devicePeople[i % devicePeople.length] }) },
      { op: 'L18', name: 'devices: recent fittings', call: 'devices.recent', input: () => ({}) },
      { op: 'L19', name: 'devices: follow-ups due', call: 'devices.followupsDue', input: () => ({}) },
      { op: 'L20', name: 'devices: figures for a year', call: 'devices.figures', input: () => ({ year }) },
      { op: 'L21', name: 'staff accounts', call: 'accounts.list', input: () => ({}) },
      { op: 'L22', name: 'claims: batches', call: 'claims.batches.list', input: () => ({}) },
      { op: 'L23', name: 'claims: a month\'s rehab batch with its lines', call: 'claims.batches.get', input: (i) => ({ id: batchIds[i % batchIds.length] }) },
      { op: 'L24', name: 'audit trail, latest entries', call: 'audit.list', input: () => ({}) },
      { op: 'L25', name: 'audit trail, sign-ins only', call: 'audit.list', input: () => ({ action: 'sign-in' }), n: 15 },
      { op: 'L26', name: 'audit trail, record creations only', call: 'audit.list', input: () => ({ action: 'create' }), n: 15 },
      { op: 'L27', name: 'claims: lines an adjustment may correct (all, then by surname)', call: 'claims.lines.search', input: (i) => ({ programme: 'rehab', q: i % 2 ? '王' : '' }) },
    ];
    for (const l of lists) {
      if (!has(l.call)) {
        add(result(l.op, l.name, target50, null, null, { appNote: MODULE_MISSING }));
        continue;
      }
      const stats: Stats = time(runs(l.n ?? 40), (i) => call(l.call, l.input(i)));
      add(result(l.op, `${l.name} (${l.call})`, target50, stats, null));
    }
  } finally {
    raw.close();
    service.close();
  }
  return results;
}

// Bench of the rehab calls through service.dispatch (schema parse + handler + SQLite), on a temp
// data file with a big centre's history: 40 therapists, 800 children, ~1,000,000 sessions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../db/service';
import { adminSession } from '../db/trust/bootstrap';
import { createClock } from '../db/clock';
import { makeId } from '../tests/support/ids';
import { addDays, formatClock, weekdayOf } from '../db/rehab/rules';

const TARGET = Number(process.argv[2] ?? 1_000_000);
const THERAPISTS = 40;
const CASELOAD = 20;
const TODAY = '2026-11-22';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehab-bench-'));
const file = path.join(dir, 'bench.sqlite');
const service = createService({
  dataFile: file,
  host: 'browser',
  appVersion: 'bench',
  clock: createClock(TODAY),
  log: (m, e) => console.error(m, e),
});
const db = service.db;
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const session = adminSession(service);
function call<T>(name: string, input: unknown): T {
  const result = service.dispatch(name, input, session);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

// ---- seed (straight SQL: the history, not the code under test) ----
const seedStart = performance.now();
const stamp = '2022-01-01T08:00:00+08:00';
const days: string[] = [];
const perDay = THERAPISTS * CASELOAD;
for (let d = TODAY; days.length * perDay < TARGET; d = addDays(d, -1)) {
  if (d < TODAY && weekdayOf(d) <= 5) days.unshift(d);
}
const firstDay = days[0]!;
db.transaction(() => {
  const therapist = db.prepare("INSERT INTO rehab_therapist (name, created_at, created_by, updated_at, updated_by) VALUES (?, ?, 'seed', ?, 'seed')");
  const person = db.prepare(
    "INSERT INTO person (name, id_number, birth_date, sex, household, guardian_name, created_at, updated_at) VALUES (?, ?, ?, ?, 'urban', '家长', ?, ?)",
  );
  const enrolment = db.prepare(
    `INSERT INTO rehab_enrolment (person_id, category, start_date, funding, therapist_id, status, status_date, schedule_days, schedule_start,
      schedule_minutes, default_type, created_at, created_by, updated_at, updated_by)
     VALUES (?, 'autism', ?, 'relief', ?, 'active', ?, '12345', ?, 20, 'aba', ?, 'seed', ?, 'seed')`,
  );
  for (let t = 1; t <= THERAPISTS; t += 1) {
    therapist.run(`治疗师${t}`, stamp, stamp);
    for (let k = 0; k < CASELOAD; k += 1) {
      const n = (t - 1) * CASELOAD + k;
      const birth = `2021-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
      const id = makeId(birth, n + 1);
      const personId = Number(person.run(`儿童${n}`, id, birth, Number(id[16]) % 2 ? 'M' : 'F', stamp, stamp).lastInsertRowid);
      enrolment.run(personId, firstDay, t, firstDay, 8 * 60 + k * 25, stamp, stamp);
    }
  }
  const session = db.prepare(
    `INSERT INTO rehab_session (enrolment_id, therapist_id, session_date, start_minute, minutes, type, attendance, note,
      created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, 20, 'aba', ?, '', ?, 'seed', ?, 'seed')`,
  );
  let i = 0;
  for (const day of days) {
    for (let t = 1; t <= THERAPISTS; t += 1) {
      for (let k = 0; k < CASELOAD; k += 1) {
        session.run((t - 1) * CASELOAD + k + 1, t, day, 8 * 60 + k * 25, i % 11 === 0 ? 'absent' : i % 17 === 0 ? 'leave' : 'present', stamp, stamp);
        i += 1;
      }
    }
  }
})();
db.pragma('wal_checkpoint(TRUNCATE)');
db.exec('ANALYZE');
const sessions = (db.prepare('SELECT count(*) AS n FROM rehab_session').get() as { n: number }).n;
console.log(`seeded ${sessions.toLocaleString('en-US')} sessions over ${days.length} working days in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

// ---- timings ----
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const report: Record<string, { n: number; p50: number; p95: number; p99: number; max: number }> = {};
function time(name: string, runs: number, run: (i: number) => void) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    run(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  report[name] = { n: runs, p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), p99: quantile(samples, 0.99), max: samples.at(-1)! };
}

// A full day for every therapist on two days the history does not hold (the weekend), as the app
// sends it: every child of the caseload, each with its scheduled time.
const logDays = ['2026-11-21', '2026-11-22'];
time('rehab.sessions.log', logDays.length * THERAPISTS * CASELOAD, (i) => {
  const day = logDays[Math.floor(i / perDay)]!;
  const n = i % perDay;
  const t = Math.floor(n / CASELOAD) + 1;
  const k = n % CASELOAD;
  call('rehab.sessions.log', {
    enrolmentId: (t - 1) * CASELOAD + k + 1,
    therapistId: t,
    date: day,
    startTime: formatClock(8 * 60 + k * 25),
    minutes: 20,
    type: 'aba',
    attendance: i % 9 === 0 ? 'absent' : 'present',
    goalIds: [],
    note: i % 3 === 0 ? '配合良好' : '',
  });
});
time('rehab.sessions.log (refused: overlap)', 200, (i) => {
  const result = service.dispatch(
    'rehab.sessions.log',
    { enrolmentId: (i % CASELOAD) + 1, therapistId: 1, date: '2026-11-20', startTime: '08:05', minutes: 20, type: 'aba', attendance: 'present' },
    session,
  );
  const codes = result.ok ? [] : (result.error.details ?? [result.error]).map((e) => e.code);
  if (!codes.includes('REHAB_SESSION_OVERLAP_THERAPIST')) throw new Error(`expected an overlap refusal: ${JSON.stringify(result)}`);
});
time('rehab.day', 200, (i) => call('rehab.day', { therapistId: (i % THERAPISTS) + 1, date: '2026-11-20' }));
time('rehab.month', 200, (i) => call('rehab.month', { enrolmentId: (i % (THERAPISTS * CASELOAD)) + 1, month: '2026-10' }));
time('rehab.enrolments.get', 100, (i) => call('rehab.enrolments.get', { id: (i % (THERAPISTS * CASELOAD)) + 1 }));
time('rehab.enrolments.list', 20, () => call('rehab.enrolments.list', {}));
time('rehab.summary', 10, () => call('rehab.summary', { month: '2026-10' }));
time('rehab.visits.due', 10, () => call('rehab.visits.due', {}));

const size = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
console.log(`data file ${(size / 1024 / 1024).toFixed(0)} MiB; times in ms through service.dispatch (parse + handler + SQLite)`);
console.table(Object.fromEntries(Object.entries(report).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([f, x]) => [f, f === 'n' ? x : Number(x.toFixed(3))]))])));
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync('bench-results/rehab.json', JSON.stringify({ sessions, at: new Date().toISOString(), report }, null, 2));
service.close();

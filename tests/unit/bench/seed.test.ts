// The synthetic data generator: deterministic, and every row one the app's own rules accept.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { checkPerson, parseIdNumber } from '../../../db/people/rules';
import { checkEnrolment, findOverlap, sessionWindowIssue, type TimedSession } from '../../../db/rehab/rules';
import { checkCompletion, DEFAULT_MIN_ATTENDANCE_PCT, parseCreditCode } from '../../../db/training/rules';
import { computeSubsidy, DEFAULT_SUBSIDY_RULES, type DeviceClass } from '../../../db/devices/rules';
import type { SupportStatus } from '../../../db/people/rules';
import { createService } from '../../../db/service';
import { adminSession } from '../../../db/trust/bootstrap';
import { createClock } from '../../../db/clock';
import { DEFAULT_TODAY, generate, PEOPLE_PER_SCALE, SESSIONS_PER_SCALE, type SeedSummary } from '../../../scripts/seed/index';
import { tempDir } from '../../support/service';
import { createAudit } from '../../../db/trust/audit';
import { SEED_ADMIN, SEED_PASSWORD } from '../../../scripts/seed/trust';

const tmp = tempDir();
const fileA = path.join(tmp.dir, 'a.sqlite');
let summary: SeedSummary;
let db: Database.Database;

beforeAll(() => {
  summary = generate(fileA, { scale: 1, seed: 7 });
  db = new Database(fileA, { readonly: true });
});
afterAll(() => {
  db?.close();
  tmp.cleanup();
});

const all = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as T[];

describe('seed', () => {
  it('writes the same people, IDs and sessions for the same seed, and others for another seed', () => {
    const fileB = path.join(tmp.dir, 'b.sqlite');
    const fileC = path.join(tmp.dir, 'c.sqlite');
    generate(fileB, { scale: 1, seed: 7 });
    generate(fileC, { scale: 1, seed: 8 });
    const snapshot = (file: string) => {
      const other = new Database(file, { readonly: true });
      try {
        return {
          people: other.prepare('SELECT id, name, id_number, cert_number, cert_expiry FROM person ORDER BY id').all(),
          sessions: other.prepare('SELECT enrolment_id, session_date, start_minute, type, attendance FROM rehab_session ORDER BY id').all(),
        };
      } finally {
        other.close();
      }
    };
    const a = snapshot(fileA);
    expect(snapshot(fileB)).toEqual(a);
    expect(snapshot(fileC).people).not.toEqual(a.people);
  });

  it('refuses to overwrite an existing file', () => {
    expect(() => generate(fileA, { scale: 1, seed: 7 })).toThrow(/exists/);
  });

  it('writes one small centre at scale 1: 50 people, about 10,000 sessions, every area', () => {
    expect(summary.skipped).toEqual({});
    expect(summary.counts.person).toBe(PEOPLE_PER_SCALE);
    expect(summary.counts.rehab_session).toBeGreaterThanOrEqual(SESSIONS_PER_SCALE);
    expect(summary.counts.rehab_session).toBeLessThan(SESSIONS_PER_SCALE * 1.15);
    for (const [table, rows] of Object.entries(summary.counts)) {
      expect(all<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n, table).toBe(rows);
    }
    for (const table of ['rehab_enrolment', 'training_class', 'placement', 'device_fitting', 'device_followup', 'claim_line', 'claim_lock']) {
      expect(summary.counts[table], table).toBeGreaterThan(0);
    }
    // The last complete month is left for the accountant (and the bench) to claim.
    const open = all<{ n: number }>("SELECT count(*) AS n FROM claim_batch WHERE programme = 'rehab' AND period = ?", DEFAULT_TODAY.slice(0, 5) + '10');
    expect(open[0]!.n).toBe(0);
  });

  it('gives every person a valid ID and certificate and meets every register rule', () => {
    const people = all<{
      name: string; id_number: string; birth_date: string; sex: string; cert_number: string | null; disability_category: number | null;
      disability_level: number | null; cert_expiry: string | null; phone: string; guardian_name: string; guardian_phone: string;
    }>('SELECT * FROM person');
    expect(new Set(people.map((p) => p.id_number)).size).toBe(people.length);
    for (const p of people) {
      const id = parseIdNumber(p.id_number, DEFAULT_TODAY);
      expect(id.ok, p.id_number).toBe(true);
      if (id.ok) expect([id.value.birthDate, id.value.sex]).toEqual([p.birth_date, p.sex]);
      const { issues } = checkPerson(
        {
          idNumber: p.id_number, certNumber: p.cert_number ?? '', category: p.disability_category, level: p.disability_level,
          certExpiry: p.cert_expiry ?? '', phone: p.phone, guardianName: p.guardian_name, guardianPhone: p.guardian_phone,
        },
        DEFAULT_TODAY,
      );
      expect(issues, p.name).toEqual([]);
    }
  });

  it('keeps child rehab within its rules: under 7 at the start, sessions in the window, nobody in two places', () => {
    const enrolments = all<{ id: number; birth_date: string; start_date: string; status: 'active' | 'paused' | 'discharged'; status_date: string; category: 'hearing'; cochlear_implant: number }>(
      'SELECT e.*, p.birth_date FROM rehab_enrolment e JOIN person p ON p.id = e.person_id',
    );
    for (const e of enrolments) {
      expect(checkEnrolment({ birthDate: e.birth_date, startDate: e.start_date, ageLimit: 7, category: e.category, cochlearImplant: e.cochlear_implant === 1, openEnrolment: null })).toEqual([]);
    }
    const byId = new Map(enrolments.map((e) => [e.id, e]));
    const sessions = all<{ id: number; enrolment_id: number; therapist_id: number; session_date: string; start_minute: number; minutes: number; attendance: 'present' }>(
      'SELECT * FROM rehab_session ORDER BY id',
    );
    const seen = new Map<string, TimedSession[]>();
    for (const s of sessions) {
      const e = byId.get(s.enrolment_id)!;
      expect(sessionWindowIssue(s.session_date, DEFAULT_TODAY, { startDate: e.start_date, status: e.status, statusDate: e.status_date })).toBeNull();
      const timed = { id: s.id, start: s.start_minute, minutes: s.minutes, attendance: s.attendance, groupId: null };
      for (const key of [`t${s.therapist_id}|${s.session_date}`, `c${s.enrolment_id}|${s.session_date}`]) {
        const day = seen.get(key) ?? [];
        expect(findOverlap(timed, day)).toBeNull();
        day.push(timed);
        seen.set(key, day);
      }
    }
  });

  it('completes trainees only at the minimum attendance share and uses valid employer codes', () => {
    const rows = all<{ completed_on: string | null; present: number; sessions: number }>(
      `SELECT e.completed_on, (SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.status = 'present') AS present,
         (SELECT count(*) FROM training_session s WHERE s.class_id = e.class_id) AS sessions FROM training_enrolment e`,
    );
    for (const r of rows.filter((r) => r.completed_on !== null)) {
      expect(checkCompletion({ present: r.present, sessions: r.sessions }, DEFAULT_MIN_ATTENDANCE_PCT)).toBeNull();
    }
    for (const e of all<{ credit_code: string }>('SELECT credit_code FROM employer')) expect(parseCreditCode(e.credit_code).ok).toBe(true);
  });

  it('splits every fitting cost as the subsidy rule does', () => {
    const fittings = all<{ cost_fen: number; subsidy_fen: number; device_class: DeviceClass; item_basic: number; item_cap_fen: number; statuses: string; rule_applied: string }>(
      'SELECT * FROM device_fitting',
    );
    for (const f of fittings) {
      const split = computeSubsidy(f.cost_fen, { deviceClass: f.device_class, basic: f.item_basic === 1, subsidyCapFen: f.item_cap_fen },
        f.statuses.split(',').filter(Boolean) as SupportStatus[], DEFAULT_SUBSIDY_RULES);
      expect([f.subsidy_fen, f.rule_applied]).toEqual([split.subsidyFen, split.ruleApplied]);
    }
  });

  it('keeps an audit trail whose hash chain the app verifies', () => {
    const writable = openDatabase(fileA);
    try {
      const check = createAudit(writable).verify();
      expect(check).toEqual({ ok: true, entries: summary.counts.audit_log, brokenAt: null });
      expect(summary.counts.audit_log).toBeGreaterThan(summary.counts.rehab_session!);
    } finally {
      writable.close();
    }
  });

  it('opens with openDatabase and answers through the app, signed in with the seed password', () => {
    openDatabase(fileA).close();
    const service = createService({ dataFile: fileA, host: 'browser', appVersion: 'test', clock: createClock(DEFAULT_TODAY), log: () => undefined });
    try {
      const result = service.dispatch('people.search', {}, adminSession(service, SEED_ADMIN, SEED_PASSWORD));
      expect(result.ok).toBe(true);
      const archived = all<{ n: number }>('SELECT count(*) AS n FROM person WHERE archived = 1')[0]!.n;
      expect((result as { value: { total: number } }).value.total).toBe(PEOPLE_PER_SCALE - archived);
    } finally {
      service.close();
    }
  });
});

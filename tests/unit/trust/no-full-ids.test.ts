// The "done when": on a seeded file, each role calls every read call it may (enumerated
// from the declarations, with inputs that hit real records); a role without full-ID rights finds
// no full ID or certificate number in any response.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../../db/service';
import { createClock } from '../../../db/clock';
import { CALL_NAMES, declarationOf, type CallName, type SignedIn } from '../../../db/contract';
import { can, ROLES, type Role } from '../../../db/trust/permissions';
import { generate } from '../../../scripts/seed/index';
import { SEED_ADMIN, SEED_PASSWORD } from '../../../scripts/seed/trust';
import { tempDir, TODAY } from '../../support/service';
import { makeRuleFile } from '../../../db/claims/rulefile';

const tmp = tempDir();
let service: Service;
const sessions = {} as Record<Role, string>;
let ids: Set<string>;
let inputs: Partial<Record<CallName, unknown>>;

function first(sql: string): number {
  return (service.db.prepare(sql).get() as { id: number } | undefined)?.id ?? 1;
}

beforeAll(() => {
  const file = path.join(tmp.dir, 'seeded.sqlite');
  generate(file, { scale: 1, seed: 12, audit: true, today: TODAY });
  service = createService({ dataFile: file, host: 'browser', appVersion: 'test', clock: createClock(TODAY), log: () => undefined });
  const signIn = (username: string, password: string) => {
    const r = service.dispatch('auth.signIn', { username, password });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return (r.value as SignedIn).sessionId;
  };
  sessions.admin = signIn(SEED_ADMIN, SEED_PASSWORD);
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const created = service.dispatch('accounts.create', { username: `sweep-${role}`, displayName: role, role, password: SEED_PASSWORD }, sessions.admin);
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    sessions[role] = signIn(`sweep-${role}`, SEED_PASSWORD);
  }
  ids = new Set((service.db.prepare('SELECT id_number AS n FROM person').all() as { n: string }[]).map((r) => r.n));
  const person = first('SELECT person_id AS id FROM device_fitting ORDER BY id LIMIT 1');
  const enrolment = service.db.prepare('SELECT id, therapist_id AS t FROM rehab_enrolment ORDER BY id LIMIT 1').get() as { id: number; t: number };
  const session = service.db.prepare('SELECT session_date AS date FROM rehab_session WHERE enrolment_id = ? ORDER BY session_date DESC LIMIT 1').get(enrolment.id) as { date: string } | undefined;
  const month = (session?.date ?? TODAY).slice(0, 7);
  const klass = first('SELECT class_id AS id FROM training_enrolment ORDER BY id LIMIT 1');
  const classDate = (service.db.prepare('SELECT date FROM training_session WHERE class_id = ? LIMIT 1').get(klass) as { date: string } | undefined)?.date ?? TODAY;
  const line = first("SELECT id FROM claim_line WHERE kind = 'claim' ORDER BY id LIMIT 1");
  const item = first('SELECT item_id AS id FROM device_fitting ORDER BY id LIMIT 1');
  // A department list holding a few of the register's people, so the comparison has IDs to mask.
  const listId = Number(
    service.db
      .prepare("INSERT INTO department_list (source, list_date, statuses, file_name, row_count, imported_at, imported_by) VALUES ('civil_affairs', ?, '[\"dibao\"]', 'list.csv', 5, ?, 'test')")
      .run(TODAY, TODAY).lastInsertRowid,
  );
  service.db.prepare("INSERT INTO department_list_row (list_id, id_number, row_number, name, statuses) SELECT ?, id_number, id, name, '[\"dibao\"]' FROM person ORDER BY id LIMIT 5").run(listId);
  const backup = service.dispatch('backup.now', {}, sessions.admin);
  if (!backup.ok) throw new Error(JSON.stringify(backup.error));
  inputs = {
    'backup.preview': { name: (backup.value as { name: string }).name },
    'devices.rules': { year: Number(TODAY.slice(0, 4)) },
    'devices.figures': { year: Number(TODAY.slice(0, 4)) },
    'people.get': { id: first('SELECT id FROM person ORDER BY id LIMIT 1') },
    'people.overview': { id: first('SELECT id FROM person ORDER BY id LIMIT 1') },
    'rehab.enrolments.get': { id: enrolment.id },
    'rehab.day': { therapistId: enrolment.t, date: session?.date ?? TODAY },
    'rehab.month': { enrolmentId: enrolment.id, month },
    'rehab.summary': { month },
    'training.classes.get': { id: klass },
    'training.attendance.get': { classId: klass, date: classDate },
    'training.placements.get': { id: first('SELECT id FROM placement ORDER BY id LIMIT 1') },
    'training.employerYears.list': { employerId: first('SELECT id FROM employer ORDER BY id LIMIT 1') },
    'devices.person': { personId: person },
    'devices.quote': { personId: person, itemId: item, costFen: 100_000, fittedOn: TODAY },
    'claims.rules.get': { programme: 'rehab' },
    'claims.batches.get': { id: first('SELECT id FROM claim_batch ORDER BY id LIMIT 1') },
    'claims.lines.page': { batchId: first('SELECT id FROM claim_batch ORDER BY id LIMIT 1'), afterSeq: 0, limit: 50 },
    'claims.lines.explain': { id: line },
    'claims.lines.search': { programme: 'rehab', q: '' },
    'claims.adjustments.preview': { lineId: line },
    'claims.lines.reclaimable': { programme: 'rehab' },
    'claims.report': { year: Number(TODAY.slice(0, 4)), programme: null },
    'claims.ruleFile.preview': {
      text: JSON.stringify(makeRuleFile({ programme: 'devices', office: '县残联', version: 1, effectiveFrom: TODAY, issuedOn: TODAY, rule: { requireCertificate: true } })),
    },
    'returns.stats.get': { period: TODAY.slice(0, 4) },
    'returns.overlaps.list': { period: TODAY.slice(0, 4) },
    'returns.leftOut.list': { period: TODAY.slice(0, 4) },
    'compare.lists.get': { id: listId },
    'compare.facts.get': { personId: first('SELECT id FROM person ORDER BY id LIMIT 1') },
    'compare.figures': { year: Number(TODAY.slice(0, 4)) },
    'rehab.parentTraining.list': { enrolmentId: enrolment.id },
    'needs.person.get': { personId: first('SELECT id FROM person ORDER BY id LIMIT 1') },
    'needs.visits.quarters': { year: Number(TODAY.slice(0, 4)) },
    'needs.indicators': { year: Number(TODAY.slice(0, 4)) },
    'needs.indicators.people': { year: Number(TODAY.slice(0, 4)), indicator: 'employment' },
  };
}, 120_000);
afterAll(() => {
  service?.close();
  tmp.cleanup();
});

/** Calls a role may make that only read (the audited reveal is the one way round masking, left out). */
function readsOf(role: Role): CallName[] {
  const skip = new Set(['people.revealId', 'audit.export', 'jobs.get', 'jobs.cancel', 'files.link', 'training.import.preview', 'compare.import.preview', 'app.unlock', 'auth.setup', 'auth.signIn', 'auth.signOut', 'settings.update',
    // A workstation's host answers these itself (pairing with a centre); the service only says it cannot.
    'connect.probe', 'connect.pair', 'connect.disconnect']);
  return CALL_NAMES.filter((name) => {
    const d = declarationOf(name);
    if (skip.has(name) || d.audit !== 'none') return false;
    return d.access === 'public' || d.access === 'signed-in' || can(role, d.access);
  });
}

describe('no full ID numbers for roles without full-ID rights', () => {
  for (const role of ROLES) {
    it(`${role}: every read call it may make answers, ${role === 'viewer' ? 'with no full ID or certificate number' : 'with full numbers where it has the right'}`, () => {
      const failed: string[] = [];
      const leaks: string[] = [];
      let seen = 0;
      for (const name of readsOf(role)) {
        const result = service.dispatch(name, inputs[name] ?? {}, sessions[role]);
        if (!result.ok) {
          failed.push(`${name}: ${result.error.code}`);
          continue;
        }
        const text = JSON.stringify(result.value);
        for (const match of text.matchAll(/\d{17}[\dX]/g)) {
          if (ids.has(match[0])) {
            seen += 1;
            if (!can(role, 'ids.full')) leaks.push(`${name}: ${match[0]}`);
          }
        }
      }
      expect(failed).toEqual([]);
      expect(leaks).toEqual([]);
      if (can(role, 'ids.full')) expect(seen).toBeGreaterThan(0);
    });
  }
  it('the viewer really read records: the register is not empty', () => {
    const result = service.dispatch('people.search', {}, sessions.viewer);
    expect(result.ok && (result.value as { total: number }).total).toBeGreaterThan(10);
    expect(fs.existsSync(tmp.dir)).toBe(true);
  });
});

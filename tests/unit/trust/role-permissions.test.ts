// Which calls each role may make, spelled out by hand from what each role is for (README, "accounts
// and roles") and checked against the real service: never computed from the permission code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../../db/contract';
import { testService, type TestService } from '../../support/service';

type Role = 'admin' | 'therapist' | 'training' | 'accountant' | 'viewer';
const ROLES: Role[] = ['admin', 'therapist', 'training', 'accountant', 'viewer'];

// Who may make a call, by what the call does:
// - everyone signed in reads the service records (people, rehab, training, devices);
// - therapists register people and write rehab and devices; training staff register people and
//   write training (classes, enrolment, placements, imports); neither sees claims or returns;
// - the accountant reads everything and writes claims and returns only;
// - the viewer reads everything and changes nothing;
// - accounts, audit trail, backups and encryption are the administrator's alone.
const EVERYONE: Role[] = ['admin', 'therapist', 'training', 'accountant', 'viewer'];
const PEOPLE_WRITERS: Role[] = ['admin', 'therapist', 'training'];
const REHAB_WRITERS: Role[] = ['admin', 'therapist'];
const TRAINING_WRITERS: Role[] = ['admin', 'training'];
const DEVICE_WRITERS: Role[] = ['admin', 'therapist'];
const FINANCE_READERS: Role[] = ['admin', 'accountant', 'viewer'];
const FINANCE_WRITERS: Role[] = ['admin', 'accountant'];
const ADMIN: Role[] = ['admin'];

const ALLOWED: Record<string, Role[]> = {
  // Anyone, or any signed-in account.
  'app.info': EVERYONE,
  'app.checklist': EVERYONE,
  'app.changes': EVERYONE,
  'app.unlock': EVERYONE,
  'auth.setup': EVERYONE,
  'auth.signIn': EVERYONE,
  'auth.signOut': EVERYONE,
  'auth.changePassword': EVERYONE,
  'settings.update': EVERYONE,
  'jobs.get': EVERYONE,
  'jobs.cancel': EVERYONE,
  'files.link': EVERYONE,

  'people.search': EVERYONE,
  'people.get': EVERYONE,
  'people.expiring': EVERYONE,
  'people.overview': EVERYONE,
  // Any reader may reveal a masked ID number: the reveal is the audited way round the mask.
  'people.revealId': EVERYONE,
  'people.create': PEOPLE_WRITERS,
  'people.update': PEOPLE_WRITERS,
  'people.archive': PEOPLE_WRITERS,
  'people.delete': PEOPLE_WRITERS,

  'rehab.therapists.list': EVERYONE,
  'rehab.settings.get': EVERYONE,
  'rehab.enrolments.list': EVERYONE,
  'rehab.enrolments.get': EVERYONE,
  'rehab.day': EVERYONE,
  'rehab.month': EVERYONE,
  'rehab.summary': EVERYONE,
  'rehab.visits.due': EVERYONE,
  'rehab.therapists.save': REHAB_WRITERS,
  'rehab.settings.update': REHAB_WRITERS,
  'rehab.enrolments.create': REHAB_WRITERS,
  'rehab.enrolments.update': REHAB_WRITERS,
  'rehab.goals.save': REHAB_WRITERS,
  'rehab.assessments.create': REHAB_WRITERS,
  'rehab.sessions.log': REHAB_WRITERS,
  'rehab.sessions.logGroup': REHAB_WRITERS,
  'rehab.sessions.update': REHAB_WRITERS,
  'rehab.sessions.remove': REHAB_WRITERS,
  'rehab.visits.create': REHAB_WRITERS,
  'rehab.parentTraining.list': EVERYONE,
  'rehab.parentTraining.create': REHAB_WRITERS,

  // 精准康复: needs, screening, plans, referrals and reminders are written by whoever registers
  // people; the indicators are read by everyone; targets are the centre's management figures
  // (kept with returns); a child's record crosses to another centre by rehab staff only (full IDs).
  'needs.person.get': EVERYONE,
  'needs.reminders.due': EVERYONE,
  'needs.visits.quarters': EVERYONE,
  'needs.indicators': EVERYONE,
  'needs.indicators.people': EVERYONE,
  'needs.create': PEOPLE_WRITERS,
  'needs.close': PEOPLE_WRITERS,
  'needs.screening.create': PEOPLE_WRITERS,
  'needs.diagnosis.create': PEOPLE_WRITERS,
  'needs.diagnosis.link': PEOPLE_WRITERS,
  'needs.plan.save': PEOPLE_WRITERS,
  'needs.referrals.create': PEOPLE_WRITERS,
  'needs.referrals.update': PEOPLE_WRITERS,
  'needs.reminders.create': PEOPLE_WRITERS,
  'needs.targets.save': FINANCE_WRITERS,
  'needs.targets.import': FINANCE_WRITERS,
  'needs.targets.export': FINANCE_WRITERS,
  'needs.transfer.export': REHAB_WRITERS,
  'needs.transfer.import': REHAB_WRITERS,

  'training.courseTypes.list': EVERYONE,
  'training.classes.list': EVERYONE,
  'training.classes.get': EVERYONE,
  'training.attendance.get': EVERYONE,
  'training.employers.list': EVERYONE,
  'training.placements.list': EVERYONE,
  'training.placements.get': EVERYONE,
  'training.followUps.due': EVERYONE,
  'training.figures': EVERYONE,
  'training.import.preview': EVERYONE,
  'training.terms.list': EVERYONE,
  'training.jobSeekers.list': EVERYONE,
  'training.employerYears.list': EVERYONE,
  'training.employmentSettings.get': EVERYONE,
  'training.entrepreneurs.list': EVERYONE,
  'training.jobSeekers.save': TRAINING_WRITERS,
  'training.employerYears.save': TRAINING_WRITERS,
  'training.employmentSettings.set': TRAINING_WRITERS,
  'training.publicWelfare.setTotal': TRAINING_WRITERS,
  'training.entrepreneurs.addSupport': TRAINING_WRITERS,
  'training.entrepreneurs.addAward': TRAINING_WRITERS,
  'training.courseTypes.add': TRAINING_WRITERS,
  'training.courseTypes.setMinimum': TRAINING_WRITERS,
  'training.classes.create': TRAINING_WRITERS,
  'training.classes.update': TRAINING_WRITERS,
  'training.enrol': TRAINING_WRITERS,
  'training.unenrol': TRAINING_WRITERS,
  'training.attendance.save': TRAINING_WRITERS,
  'training.completion.set': TRAINING_WRITERS,
  'training.certificates.add': TRAINING_WRITERS,
  'training.certificates.remove': TRAINING_WRITERS,
  'training.employers.create': TRAINING_WRITERS,
  'training.employers.update': TRAINING_WRITERS,
  'training.placements.create': TRAINING_WRITERS,
  'training.placements.update': TRAINING_WRITERS,
  'training.followUps.record': TRAINING_WRITERS,
  'training.import.start': TRAINING_WRITERS,
  'training.import.adjust': TRAINING_WRITERS,
  'training.import.exportInvalid': TRAINING_WRITERS,
  'training.import.commit': TRAINING_WRITERS,

  'devices.catalogue': EVERYONE,
  'devices.rules': EVERYONE,
  'devices.person': EVERYONE,
  'devices.quote': EVERYONE,
  'devices.recent': EVERYONE,
  'devices.followupsDue': EVERYONE,
  'devices.figures': EVERYONE,
  'devices.itemCreate': DEVICE_WRITERS,
  'devices.itemUpdate': DEVICE_WRITERS,
  'devices.rulesSave': DEVICE_WRITERS,
  'devices.assessmentCreate': DEVICE_WRITERS,
  'devices.fittingCreate': DEVICE_WRITERS,
  'devices.fittingUpdate': DEVICE_WRITERS,
  'devices.followupRecord': DEVICE_WRITERS,

  'claims.rules.get': FINANCE_READERS,
  'claims.batches.list': FINANCE_READERS,
  'claims.batches.get': FINANCE_READERS,
  'claims.lines.explain': FINANCE_READERS,
  'claims.lines.search': FINANCE_READERS,
  'claims.lines.page': FINANCE_READERS,
  'claims.adjustments.preview': FINANCE_READERS,
  'claims.rules.save': FINANCE_WRITERS,
  'claims.centre.save': FINANCE_WRITERS,
  'claims.batches.create': FINANCE_WRITERS,
  'claims.batches.refresh': FINANCE_WRITERS,
  'claims.batches.remove': FINANCE_WRITERS,
  'claims.batches.submit': FINANCE_WRITERS,
  'claims.batches.approve': FINANCE_WRITERS,
  'claims.batches.reject': FINANCE_WRITERS,
  'claims.batches.reopen': FINANCE_WRITERS,
  'claims.batches.pay': FINANCE_WRITERS,
  'claims.batches.export': FINANCE_WRITERS,
  'claims.lines.exclude': FINANCE_WRITERS,
  'claims.lines.include': FINANCE_WRITERS,
  'claims.adjustments.add': FINANCE_WRITERS,
  'claims.adjustments.remove': FINANCE_WRITERS,
  'claims.standard.save': FINANCE_WRITERS,
  'claims.reasons.list': FINANCE_READERS,
  'claims.reasons.add': FINANCE_WRITERS,
  'claims.lines.answer': FINANCE_WRITERS,
  'claims.lines.reclaimable': FINANCE_READERS,
  'claims.lines.reclaim': FINANCE_WRITERS,
  'claims.report': FINANCE_READERS,
  'claims.report.export': FINANCE_WRITERS,
  'claims.ruleFile.export': FINANCE_WRITERS,
  'claims.ruleFile.preview': FINANCE_READERS,
  'claims.ruleFile.import': FINANCE_WRITERS,

  'returns.centre.get': FINANCE_READERS,
  'returns.exports.list': FINANCE_READERS,
  'returns.imports.list': FINANCE_READERS,
  'returns.packages.list': FINANCE_READERS,
  'returns.periods.list': FINANCE_READERS,
  'returns.stats.get': FINANCE_READERS,
  'returns.overlaps.list': FINANCE_READERS,
  'returns.leftOut.list': FINANCE_READERS,
  'returns.centre.save': FINANCE_WRITERS,
  'returns.officeKey.save': FINANCE_WRITERS,
  'returns.export': FINANCE_WRITERS,
  'returns.import': FINANCE_WRITERS,
  'returns.stats.export': FINANCE_WRITERS,
  'returns.consolidated.export': FINANCE_WRITERS,

  // Comparing other departments' lists and the left-out checks are register work: everyone reads
  // them, those who register people import lists, apply confirmed changes and record the facts.
  'compare.import.preview': EVERYONE,
  'compare.lists.list': EVERYONE,
  'compare.lists.get': EVERYONE,
  'compare.leftOut': EVERYONE,
  'compare.facts.get': EVERYONE,
  'compare.households.list': EVERYONE,
  'compare.figures': EVERYONE,
  'compare.import.start': PEOPLE_WRITERS,
  'compare.import.adjust': PEOPLE_WRITERS,
  'compare.import.commit': PEOPLE_WRITERS,
  'compare.apply': PEOPLE_WRITERS,
  'compare.leftOut.clear': PEOPLE_WRITERS,
  'compare.facts.record': PEOPLE_WRITERS,
  'compare.departure.set': PEOPLE_WRITERS,
  'compare.households.link': PEOPLE_WRITERS,
  'compare.households.unlink': PEOPLE_WRITERS,
  'compare.insurance.add': PEOPLE_WRITERS,
  'compare.satisfaction.add': PEOPLE_WRITERS,

  'accounts.list': ADMIN,
  'accounts.create': ADMIN,
  'accounts.update': ADMIN,
  'audit.list': ADMIN,
  'audit.verify': ADMIN,
  'audit.export': ADMIN,
  'backup.now': ADMIN,
  'backup.list': ADMIN,
  'backup.preview': ADMIN,
  'backup.restore': ADMIN,
  'backup.settings': ADMIN,
  'security.settings': ADMIN,
  'security.setPassphrase': ADMIN,
  'centre.status': ADMIN,
  'centre.start': ADMIN,
  'centre.stop': ADMIN,
  // Public in the service (which only answers "not available"); the browser host decides who may
  // (host/centre-connect.ts, tests/unit/host/centre-connect.test.ts).
  'connect.status': EVERYONE,
  'connect.probe': EVERYONE,
  'connect.pair': EVERYONE,
  'connect.disconnect': EVERYONE,
};

let t: TestService;
const sessions = {} as Record<Role, string>;
beforeAll(() => {
  t = testService();
  for (const role of ROLES) sessions[role] = role === 'admin' ? t.session : t.signInAs(role);
});
afterAll(() => t.close());

describe('what each role may call', () => {
  it('has an expected answer for every call of the contract, and for no call that is not one', () => {
    expect(CALL_NAMES.filter((name) => !(name in ALLOWED))).toEqual([]);
    expect(Object.keys(ALLOWED).filter((name) => !(CALL_NAMES as readonly string[]).includes(name))).toEqual([]);
  });

  it.each(ROLES)('lets %s make exactly the calls its work needs, and refuses the rest', (role) => {
    // An empty input: an allowed call fails later (validation, not found) or succeeds; a refused
    // one is stopped before its input is looked at. Signing out comes last, as it ends the session.
    const names = [...CALL_NAMES.filter((name) => name !== 'auth.signOut'), 'auth.signOut'];
    const answers = names.map((name) => {
      const result = t.service.dispatch(name, {}, sessions[role]);
      return `${name}: ${!result.ok && result.error.code === 'AUTH_FORBIDDEN' ? 'refused' : 'allowed'}`;
    });
    expect(answers).toEqual(names.map((name) => `${name}: ${ALLOWED[name]?.includes(role) ? 'allowed' : 'refused'}`));
  });
});

// Arranges claim data through the contract: a rule, children with sessions in a month, a class
// with a completed trainee, a fitting.
import type { TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import type { RehabRule } from '../../../db/claims/rules';

let sequence = 300;

export const REHAB_RULE: RehabRule = {
  monthlyStandardFen: 200_000,
  basis: 'days',
  fullMonthMin: 16,
  proRate: 'proportional',
  partialMin: 4,
  yearlyCapFen: 2_400_000,
  ageLimit: 7,
  requireCertificate: false,
};

export function rehabRule(t: TestService, overrides: Partial<RehabRule> = {}, effectiveFrom = '2026-01-01') {
  return t.ok('claims.rules.save', { programme: 'rehab', effectiveFrom, rule: { ...REHAB_RULE, ...overrides } });
}

export function person(t: TestService, name: string, birthDate: string, withCert = false) {
  sequence += 2;
  const idNumber = makeId(birthDate, sequence);
  return t.ok('people.create', {
    name,
    idNumber,
    household: 'urban',
    guardianName: '家长',
    ...(withCert ? { certNumber: makeCert(idNumber, 4, 2), certExpiry: '2030-12-31' } : {}),
  });
}

/** The weekdays of a month (Monday to Friday), as dates. */
export function weekdays(month: string, upTo = 31): string[] {
  const out: string[] = [];
  for (let d = 1; d <= upTo; d += 1) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    const day = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) break;
    const w = day.getUTCDay();
    if (w !== 0 && w !== 6) out.push(date);
  }
  return out;
}

export interface Child {
  personId: number;
  enrolmentId: number;
  sessionIds: number[];
}

/** A child enrolled (relief-funded unless said otherwise) with an attended session on each date. */
export function childWithSessions(t: TestService, therapistId: number, name: string, birthDate: string, dates: string[], funding: 'relief' | 'self' = 'relief'): Child {
  const p = person(t, name, birthDate);
  const enrolment = t.ok('rehab.enrolments.create', {
    personId: p.id,
    therapistId,
    category: 'autism',
    startDate: '2026-09-01',
    funding,
    scheduleDays: '12345',
    scheduleTime: '09:00',
    scheduleMinutes: 40,
  });
  const sessionIds = dates.map(
    (date, i) =>
      t.ok('rehab.sessions.log', {
        enrolmentId: enrolment.id,
        therapistId,
        date,
        // Children share the therapist: each child gets its own hour.
        startTime: `${String(8 + (sequence % 9)).padStart(2, '0')}:00`,
        minutes: 40,
        type: 'aba',
        attendance: 'present',
        note: i === 0 ? '首次' : '',
      }).id,
  );
  return { personId: p.id, enrolmentId: enrolment.id, sessionIds };
}

export function therapist(t: TestService, name = '王老师') {
  return t.ok('rehab.therapists.save', { name }).id;
}

// Arranges rehab data through the contract: children on the register, therapists, enrolments.
import type { TestService } from '../../support/service';
import { makeId } from '../../support/ids';
import type { EnrolmentCreate, SessionLog } from '../../../db/rehab/contract';
import type { StatusChange } from '../../../db/rehab/rules';

let sequence = 100;

/** A child on the register born on `birthDate`; returns the person's id. */
export function child(t: TestService, name: string, birthDate: string): number {
  sequence += 2;
  return t.ok('people.create', { name, idNumber: makeId(birthDate, sequence), household: 'urban', guardianName: '家长' }).id;
}

export function therapist(t: TestService, name: string): number {
  return t.ok('rehab.therapists.save', { name }).id;
}

export function enrol(t: TestService, personId: number, therapistId: number, overrides: Partial<EnrolmentCreate> = {}) {
  return t.ok('rehab.enrolments.create', {
    personId,
    therapistId,
    category: 'autism',
    startDate: '2026-09-01',
    funding: 'relief',
    scheduleDays: '12345',
    scheduleTime: '09:00',
    scheduleMinutes: 40,
    ...overrides,
  });
}

export function session(enrolmentId: number, therapistId: number, overrides: Partial<SessionLog> = {}): SessionLog {
  return {
    enrolmentId,
    therapistId,
    date: '2026-11-20',
    startTime: '09:00',
    minutes: 40,
    type: 'aba',
    attendance: 'present',
    ...overrides,
  };
}

/** A discharge on the last session day, with its reason, on 2026-11-22: allowed; tests change one field. */
export const DISCHARGE: StatusChange = {
  from: 'active',
  to: 'discharged',
  currentStatusDate: '2026-03-01',
  statusDate: '2026-11-20',
  startDate: '2026-03-01',
  today: '2026-11-22',
  dischargeReason: '达到康复目标',
  lastSessionDate: '2026-11-20',
};

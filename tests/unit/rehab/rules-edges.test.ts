// The child-rehab rules at the edges a mutation sample slipped past (npm run mutate): every refusal
// with the field it points at and the facts its message names, the approval of an enrolment, and
// the boundary days of visits. Expected values come from the rules, worked by hand.
import { describe, expect, it } from 'vitest';
import {
  checkApproval,
  checkEnrolment,
  checkStatusChange,
  parseClock,
  progressBetween,
  serviceDays,
  sessionTimeIssue,
  sessionWindowIssue,
  visitFrequency,
  visitStatus,
  type StatusChange,
} from '../../../db/rehab/rules';
import { DISCHARGE } from './fixtures';

const TODAY = '2026-11-22';

describe('the relief approval of an enrolment', () => {
  const ok = { approvalNo: '', approvedFrom: '', approvedTo: '', ageExtension: null, ageExtensionNote: '' };
  it.each([
    ['no approval at all', {}, []],
    ['a number with its period', { approvalNo: '湘残康批2026-018', approvedFrom: '2026-03-01', approvedTo: '2026-12-31' }, []],
    ['a number with an open-ended period', { approvalNo: '湘残康批2026-018', approvedFrom: '2026-03-01' }, []],
    ['a period of one day', { approvalNo: 'A1', approvedFrom: '2026-03-01', approvedTo: '2026-03-01' }, []],
    ['a number without its start', { approvalNo: 'A1' }, [{ code: 'REHAB_APPROVAL_FROM_REQUIRED', field: 'approvedFrom' }]],
    ['a start without a number', { approvedFrom: '2026-03-01' }, [{ code: 'REHAB_APPROVAL_NO_REQUIRED', field: 'approvalNo' }]],
    ['an end without a number', { approvedTo: '2026-12-31' }, [{ code: 'REHAB_APPROVAL_NO_REQUIRED', field: 'approvalNo' }]],
    ['a period running backwards', { approvalNo: 'A1', approvedFrom: '2026-03-01', approvedTo: '2026-02-28' }, [{ code: 'REHAB_APPROVAL_PERIOD', field: 'approvedTo' }]],
    ['an age extension without its reason written', { ageExtension: 'not_in_school' }, [{ code: 'REHAB_EXTENSION_NOTE_REQUIRED', field: 'ageExtensionNote' }]],
    ['an age extension with its reason', { ageExtension: 'limb_surgery', ageExtensionNote: '2026-05 下肢矫治术' }, []],
  ] as const)('%s', (_name, more, issues) => {
    expect(checkApproval({ ...ok, ...more })).toEqual(issues);
  });
});

describe('refusals name their field and the facts the message needs', () => {
  it('an enrolment before birth and a cochlear implant outside hearing', () => {
    expect(
      checkEnrolment({ birthDate: '2024-05-01', startDate: '2024-04-30', ageLimit: 7, category: 'autism', cochlearImplant: true, openEnrolment: { id: 12, startDate: '2026-01-05' } }),
    ).toEqual([
      { code: 'REHAB_ALREADY_ENROLLED', field: 'personId', params: { since: '2026-01-05', id: 12 } },
      { code: 'REHAB_START_BEFORE_BIRTH', field: 'startDate', params: { birthDate: '2024-05-01' } },
      { code: 'REHAB_COCHLEAR_NOT_HEARING', field: 'cochlearImplant' },
    ]);
  });

  const base = DISCHARGE;
  it.each([
    ['a discharge kept without a reason', { from: 'discharged', dischargeReason: '' }, [{ code: 'REHAB_DISCHARGE_REASON_REQUIRED', field: 'dischargeReason' }]],
    ['a discharge kept with its reason', { from: 'discharged' }, []],
    ['a pause kept', { from: 'paused', to: 'paused', dischargeReason: '' }, []],
    ['reopening a discharge', { from: 'discharged', to: 'active' }, [{ code: 'REHAB_ALREADY_DISCHARGED', field: 'status' }]],
    [
      'a discharge tomorrow without a reason',
      { statusDate: '2026-11-23', dischargeReason: '', lastSessionDate: '' },
      [
        { code: 'REHAB_DATE_FUTURE', field: 'statusDate', params: { today: TODAY } },
        { code: 'REHAB_DISCHARGE_REASON_REQUIRED', field: 'dischargeReason' },
      ],
    ],
    ['a discharge before the last session', { statusDate: '2026-11-19' }, [{ code: 'REHAB_DISCHARGE_BEFORE_SESSIONS', field: 'statusDate', params: { last: '2026-11-20' } }]],
    ['a discharge on the start day with no session', { statusDate: '2026-03-01', lastSessionDate: '' }, []],
    ['a pause on the day the last status was set', { to: 'paused', currentStatusDate: '2026-10-01', statusDate: '2026-10-01' }, []],
    ['a pause before the last status date', { to: 'paused', currentStatusDate: '2026-10-01', statusDate: '2026-09-30' }, [{ code: 'REHAB_STATUS_DATE_EARLY', field: 'statusDate', params: { date: '2026-10-01' } }]],
    ['a pause before the start', { to: 'paused', currentStatusDate: '2026-02-01', statusDate: '2026-02-28' }, [{ code: 'REHAB_STATUS_DATE_EARLY', field: 'statusDate', params: { date: '2026-03-01' } }]],
  ] as const)('%s', (_name, more, issues) => {
    expect(checkStatusChange({ ...base, ...(more as Partial<StatusChange>) })).toEqual(issues);
  });

  it.each([
    ['tomorrow', '2026-11-23', { startDate: '2026-03-01', status: 'active', statusDate: '2026-03-01' }, { code: 'REHAB_SESSION_FUTURE', field: 'date', params: { today: TODAY } }],
    ['before the start', '2026-02-28', { startDate: '2026-03-01', status: 'active', statusDate: '2026-03-01' }, { code: 'REHAB_SESSION_BEFORE_START', field: 'date', params: { start: '2026-03-01' } }],
    ['after the discharge', '2026-11-02', { startDate: '2026-03-01', status: 'discharged', statusDate: '2026-11-01' }, { code: 'REHAB_SESSION_AFTER_DISCHARGE', field: 'date', params: { discharged: '2026-11-01' } }],
    ['on the day of the pause', '2026-11-01', { startDate: '2026-03-01', status: 'paused', statusDate: '2026-11-01' }, { code: 'REHAB_SESSION_PAUSED', field: 'date', params: { since: '2026-11-01' } }],
    ['on the day of the discharge', '2026-11-01', { startDate: '2026-03-01', status: 'discharged', statusDate: '2026-11-01' }, null],
  ] as const)('a session %s', (_name, date, enrolment, issue) => {
    expect(sessionWindowIssue(date, TODAY, enrolment)).toEqual(issue);
  });

  it('a session running past midnight names its start; one ending at midnight is fine', () => {
    expect(sessionTimeIssue(23 * 60 + 30, 45)).toEqual({ code: 'REHAB_SESSION_PAST_MIDNIGHT', field: 'minutes', params: { start: '23:30' } });
    expect(sessionTimeIssue(23 * 60 + 30, 30)).toBeNull();
  });
});

describe('clock times and service days', () => {
  it.each([
    [' 9:05 ', 545],
    ['9', 540],
    ['0930', 570],
  ])('reads “%s”', (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });
  it('lists each attended day once, in date order', () => {
    expect(
      serviceDays([
        { date: '2026-11-20', attendance: 'present' },
        { date: '2026-11-03', attendance: 'present' },
        { date: '2026-11-10', attendance: 'absent' },
        { date: '2026-11-20', attendance: 'present' },
      ]),
    ).toEqual(['2026-11-03', '2026-11-20']);
  });
});

describe('visits at their boundaries', () => {
  it.each([
    [{ age: 18, level: 1, inProgramme: false }, 'frequent'],
    [{ age: 18, level: 2, inProgramme: false }, 'frequent'],
    [{ age: 18, level: 3, inProgramme: false }, 'other'],
    [{ age: 17, level: 1, inProgramme: false }, 'other'],
    [{ age: 9, level: null, inProgramme: true }, 'frequent'],
  ] as const)('%j is visited %s', (p, frequency) => {
    expect(visitFrequency(p, 7)).toBe(frequency);
  });

  it('a visit on the first day of last quarter keeps it from being missed', () => {
    expect(visitStatus('2026-07-01', '2025-01-01', 3, TODAY, 30)).toEqual({ nextDue: '2026-12-31', band: 'ok' });
  });
  it('a visit before this quarter is not this quarter’s', () => {
    expect(visitStatus('2026-09-30', '2025-01-01', 3, TODAY, 30).nextDue).toBe('2026-12-31');
  });
  it('is due when the quarter ends exactly on the last day of the window', () => {
    // 2026-11-22 + 39 days = 2026-12-31, the quarter's last day.
    expect(visitStatus('2026-09-30', '2025-01-01', 3, TODAY, 39)).toEqual({ nextDue: '2026-12-31', band: 'due' });
    expect(visitStatus('2026-09-30', '2025-01-01', 3, TODAY, 38)).toEqual({ nextDue: '2026-12-31', band: 'ok' });
  });
});

describe('progress between assessments', () => {
  it('has no change where either score is missing', () => {
    expect(
      progressBetween(
        [{ domain: 'gross_motor', score: null, level: '' }],
        [
          { domain: 'gross_motor', score: 40, level: '中' },
          { domain: 'language', score: 12.25, level: '低' },
        ],
      ).map((p) => p.change),
    ).toEqual([null, null]);
  });
});

// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { isLogged, proposedStart, typedWhole, useRehabStore } from '../../../renderer/stores/rehab';
import { useBridge } from '../../../renderer/api';
import type { DayChild, DayView, SessionRow } from '../../../db/rehab/contract';

const session = (over: Partial<SessionRow>): SessionRow => ({
  id: 1,
  enrolmentId: 1,
  therapistId: 7,
  date: '2026-11-20',
  startTime: '09:00',
  minutes: 40,
  type: 'aba',
  attendance: 'present',
  goalIds: [],
  note: '',
  groupId: null,
  version: 1,
  location: 'centre',
  ...over,
});
const child = (enrolmentId: number, scheduleTime: string, sessions: SessionRow[] = []): DayChild => ({
  enrolmentId,
  personId: enrolmentId,
  name: `儿童${enrolmentId}`,
  age: 4,
  category: 'autism',
  cochlearImplant: false,
  scheduled: scheduleTime !== '',
  inCaseload: true,
  scheduleTime,
  scheduleMinutes: 40,
  proposedType: 'aba',
  proposedGoalIds: [],
  openGoals: [],
  sessions,
});
const day = (children: DayChild[]): DayView => ({ date: '2026-11-20', therapistId: 7, children, others: [] });

beforeEach(() => setActivePinia(createPinia()));

describe('what the quick log proposes', () => {
  it('proposes the scheduled time when therapist and child are free then', () => {
    const a = child(1, '09:00');
    expect(proposedStart(day([a, child(2, '10:00', [session({ enrolmentId: 2, startTime: '10:00' })])]), a)).toBe('09:00');
  });

  it('proposes the end of the therapist’s last attended session when the slot is taken', () => {
    const b = child(2, '09:00');
    const d = day([child(1, '09:00', [session({ startTime: '09:00' }), session({ id: 2, startTime: '10:30', minutes: 30 })]), b]);
    expect(proposedStart(d, b)).toBe('11:00');
  });

  it('ignores an absent child’s slot and another therapist’s sessions of other children', () => {
    const b = child(2, '09:00');
    const d = day([child(1, '09:00', [session({ attendance: 'absent' })]), child(3, '', [session({ enrolmentId: 3, therapistId: 8 })]), b]);
    expect(proposedStart(d, b)).toBe('09:00');
  });

  it('knows who is logged by this therapist', () => {
    const d = day([child(1, '09:00', [session({ therapistId: 8 })])]);
    expect(isLogged(d, d.children[0]!)).toBe(false);
    d.children[0]!.sessions.push(session({ id: 2 }));
    expect(isLogged(d, d.children[0]!)).toBe(true);
  });

  it('reads typed whole numbers, refusing anything else', () => {
    expect(typedWhole(' 40 ')).toBe(40);
    expect(Number.isNaN(typedWhole('4O'))).toBe(true);
    expect(Number.isNaN(typedWhole('12.5'))).toBe(true);
  });
});

describe('logging from the day', () => {
  it('puts the logged session into the day at once, without reloading the day', async () => {
    const calls: string[] = [];
    useBridge({
      invoke: async (name, input) => {
        calls.push(name);
        const i = input as { enrolmentId: number; startTime: string; type: 'st' };
        return { ok: true, value: session({ id: 9, enrolmentId: i.enrolmentId, startTime: i.startTime, type: i.type, goalIds: [3] }) };
      },
    });
    const rehab = useRehabStore();
    rehab.day = day([child(1, '09:00')]);
    rehab.dayTherapistId = 7;
    rehab.dayDate = '2026-11-20';
    const r = await rehab.logSession(1, { attendance: 'present', type: 'st', startTime: '9:00', minutes: '40', goalIds: [3], note: '', location: 'home' });
    expect(r.error).toBeNull();
    expect(calls).toEqual(['rehab.sessions.log']);
    expect(rehab.day.children[0]).toMatchObject({ proposedType: 'st', proposedGoalIds: [3] });
    expect(rehab.day.children[0]!.sessions.map((s) => s.id)).toEqual([9]);
  });

  it('keeps the day as it was when the log is refused', async () => {
    useBridge({ invoke: async () => ({ ok: false, error: { code: 'REHAB_SESSION_FUTURE', field: 'date' } }) });
    const rehab = useRehabStore();
    rehab.day = day([child(1, '09:00')]);
    const r = await rehab.logSession(1, { attendance: 'present', type: 'aba', startTime: '09:00', minutes: '40', goalIds: [], note: '', location: 'centre' });
    expect(r.error).toEqual({ code: 'REHAB_SESSION_FUTURE', field: 'date' });
    expect(rehab.day.children[0]!.sessions).toEqual([]);
  });

  it('keeps the day on screen when reloading it fails, and answers with why', async () => {
    useBridge({ invoke: async () => ({ ok: false, error: { code: 'HOST_UNREACHABLE' } }) });
    const rehab = useRehabStore();
    const shown = day([child(1, '09:00')]);
    rehab.day = shown;
    rehab.dayTherapistId = 7;
    rehab.dayDate = '2026-11-20';
    expect(await rehab.loadDay()).toEqual({ value: null, error: { code: 'HOST_UNREACHABLE' } });
    expect(rehab.loadError).toEqual({ code: 'HOST_UNREACHABLE' });
    expect(rehab.day).toEqual(shown);
    rehab.dayTherapistId = null;
    expect(await rehab.loadDay()).toEqual({ value: null, error: null });
    expect(rehab.day).toBeNull();
  });
});

describe('whose day the day view opens on', () => {
  const therapist = (id: number, accountId: number | null, active = true) => ({ id, name: `治疗师${id}`, active, caseload: 0, accountId, accountName: null });
  beforeEach(() => {
    localStorage.clear();
  });

  it("opens on the signed-in therapist's own day, not on the last pick another account left on this PC", () => {
    const rehab = useRehabStore();
    rehab.therapists = [therapist(1, 10), therapist(2, 20)];
    localStorage.setItem('rehabdesk.rehab.therapist.10', '2');
    rehab.openDayFor(20);
    expect(rehab.dayTherapistId).toBe(2);
    rehab.openDayFor(10);
    expect(rehab.dayTherapistId).toBe(1);
  });

  it("remembers an unlinked account's own last choice, and forgets a therapist who has left", () => {
    const rehab = useRehabStore();
    rehab.therapists = [therapist(1, null), therapist(2, null, false)];
    localStorage.setItem('rehabdesk.rehab.therapist.5', '1');
    localStorage.setItem('rehabdesk.rehab.therapist.6', '2');
    rehab.openDayFor(5);
    expect(rehab.dayTherapistId).toBe(1);
    rehab.openDayFor(6);
    expect(rehab.dayTherapistId).toBeNull();
  });
});

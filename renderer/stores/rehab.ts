// Child rehab state: therapists and settings, a therapist's day (kept in step locally as sessions
// are logged, so logging never waits for the whole day to reload), the children in the programme,
// the child being viewed, month figures and home visits. Actions return the error (or null) for
// the form that asked; nothing the user typed is dropped on failure.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { outcome, type Outcome } from './outcome';
import type { AppError, CallInput, CallName, CallResult } from '../../db/contract';
import type {
  ParentTraining,
  ChildMonth,
  DayChild,
  DayView,
  EnrolmentDetail,
  EnrolmentRow,
  GoalSave,
  MonthSummary,
  SessionRow,
  Therapist,
  VisitsDue,
} from '../../db/rehab/contract';
import { DEFAULT_TYPE, formatClock, overlaps, parseClock, type AgeExtensionReason, type ClaimCategoryChoice, type EligibilityBasis, type Attendance, type EnrolmentStatus, type Funding, type RehabCategory, type RehabSettings, type SessionLocation, type SessionType } from '../../db/rehab/rules';

async function run<N extends CallName>(name: N, input: CallInput<N>): Promise<Outcome<CallResult<N>>> {
  return outcome(await call(name, input));
}

/** The therapist last chosen on the day view, remembered per account (a shared PC has several). */
const THERAPIST_KEY = 'rehabdesk.rehab.therapist';

/** What the quick log sends for one child (times and minutes as typed). */
export interface SessionDraft {
  attendance: Attendance;
  type: SessionType;
  startTime: string;
  minutes: string;
  goalIds: number[];
  note: string;
  /** Where the session happens; at the centre when not said. */
  location: SessionLocation;
}

/** A whole number as typed (minutes, ages, months) → a number for the contract; anything else
 * goes as NaN and the contract refuses it with the field's own code. */
export function typedWhole(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** What the quick log sends for a session, logged or edited (minutes as the contract takes them). */
function sessionInput(draft: SessionDraft) {
  return {
    startTime: draft.startTime,
    minutes: typedWhole(draft.minutes),
    type: draft.type,
    attendance: draft.attendance,
    goalIds: draft.goalIds,
    note: draft.note,
    location: draft.location,
  };
}

/** Whether this child has a session by the day's therapist yet. */
export function isLogged(day: DayView, child: DayChild): boolean {
  return child.sessions.some((s) => s.therapistId === day.therapistId);
}

/**
 * When the quick log proposes a child's next session starts: the scheduled time when the
 * therapist and the child are both free then; otherwise right after the later of the therapist's
 * last attended session and the child's; '' when there is nothing to go by.
 */
export function proposedStart(day: DayView, child: DayChild): string {
  const busy = day.children
    .flatMap((c) => c.sessions.filter((s) => s.attendance === 'present' && (s.therapistId === day.therapistId || c.enrolmentId === child.enrolmentId)))
    .map((s) => ({ start: parseClock(s.startTime) ?? 0, minutes: s.minutes }));
  const scheduled = parseClock(child.scheduleTime);
  const slot = { start: scheduled ?? 0, minutes: child.scheduleMinutes };
  if (scheduled !== null && !busy.some((b) => overlaps(slot, b))) return child.scheduleTime;
  if (busy.length === 0) return child.scheduleTime;
  const end = Math.max(...busy.map((b) => b.start + b.minutes));
  return end + child.scheduleMinutes <= 24 * 60 ? formatClock(end) : child.scheduleTime;
}

/** The enrolment form as typed: weekdays as a list of digits, length as text. */
export interface EnrolmentDraft {
  category: RehabCategory | null;
  cochlearImplant: boolean;
  startDate: string;
  funding: Funding;
  therapistId: number | null;
  scheduleDays: string[];
  scheduleTime: string;
  scheduleMinutes: string;
  defaultType: SessionType | null;
  note: string;
  approvalNo: string;
  approvedFrom: string;
  approvedTo: string;
  eligibilityBasis: EligibilityBasis | null;
  eligibilityNote: string;
  claimCategory: ClaimCategoryChoice | null;
  ageExtension: AgeExtensionReason | null;
  ageExtensionNote: string;
}

const NO_APPROVAL = {
  approvalNo: '',
  approvedFrom: '',
  approvedTo: '',
  eligibilityBasis: null,
  eligibilityNote: '',
  claimCategory: null,
  ageExtension: null,
  ageExtensionNote: '',
} as const;

export function emptyEnrolment(today: string): EnrolmentDraft {
  return {
    category: null,
    cochlearImplant: false,
    startDate: today,
    funding: 'relief',
    therapistId: null,
    scheduleDays: ['1', '2', '3', '4', '5'],
    scheduleTime: '',
    scheduleMinutes: '40',
    defaultType: null,
    note: '',
    ...NO_APPROVAL,
  };
}

export function draftOf(e: EnrolmentRow): EnrolmentDraft {
  return {
    category: e.category,
    cochlearImplant: e.cochlearImplant,
    startDate: e.startDate,
    funding: e.funding,
    therapistId: e.therapistId,
    scheduleDays: e.scheduleDays.split(''),
    scheduleTime: e.scheduleTime,
    scheduleMinutes: String(e.scheduleMinutes),
    defaultType: e.defaultType,
    note: e.note,
    approvalNo: e.approvalNo,
    approvedFrom: e.approvedFrom,
    approvedTo: e.approvedTo,
    eligibilityBasis: e.eligibilityBasis,
    eligibilityNote: e.eligibilityNote,
    claimCategory: e.claimCategory,
    ageExtension: e.ageExtension,
    ageExtensionNote: e.ageExtensionNote,
  };
}

/** The draft as the contract takes it (a missing choice goes as null and comes back as REQUIRED). */
export function enrolmentInput(d: EnrolmentDraft) {
  return {
    category: d.category as RehabCategory,
    cochlearImplant: d.cochlearImplant,
    startDate: d.startDate,
    funding: d.funding,
    therapistId: d.therapistId as number,
    scheduleDays: d.scheduleDays.join(''),
    scheduleTime: d.scheduleTime,
    scheduleMinutes: typedWhole(d.scheduleMinutes),
    defaultType: d.defaultType ?? (d.category ? DEFAULT_TYPE[d.category] : null),
    note: d.note,
    approvalNo: d.approvalNo,
    approvedFrom: d.approvedFrom,
    approvedTo: d.approvedTo,
    eligibilityBasis: d.eligibilityBasis,
    eligibilityNote: d.eligibilityNote,
    claimCategory: d.claimCategory,
    ageExtension: d.ageExtension,
    ageExtensionNote: d.ageExtensionNote,
  };
}

export const useRehabStore = defineStore('rehab', () => {
  // ---- therapists and settings ----
  const therapists = ref<Therapist[]>([]);
  const settings = ref<RehabSettings | null>(null);
  const loadError = ref<AppError | null>(null);

  async function loadTherapists() {
    const r = await run('rehab.therapists.list', {});
    if (r.error) loadError.value = r.error;
    else therapists.value = r.value;
  }
  async function loadSettings() {
    const r = await run('rehab.settings.get', {});
    if (r.error) loadError.value = r.error;
    else settings.value = r.value;
  }
  /** Saves, then reloads what the screen shows from it, only when the save went through. */
  async function saveThenReload<N extends CallName>(name: N, input: CallInput<N>, reload: () => Promise<void>) {
    const r = await run(name, input);
    if (!r.error) await reload();
    return r;
  }
  const saveTherapist = (input: CallInput<'rehab.therapists.save'>) => saveThenReload('rehab.therapists.save', input, loadTherapists);
  const saveSettings = (input: CallInput<'rehab.settings.update'>) => saveThenReload('rehab.settings.update', input, loadSettings);

  // ---- parent training (家长培训) of the child shown ----
  const parentTraining = ref<ParentTraining[]>([]);
  async function loadParentTraining(enrolmentId: number) {
    const r = await run('rehab.parentTraining.list', { enrolmentId });
    parentTraining.value = r.error ? [] : r.value;
    return r;
  }
  /** Hours as typed ("1.5"); anything else goes as NaN and the contract refuses it with the field's code. */
  const addParentTraining = (input: { enrolmentId: number; date: string; parent: string; topic: string; hours: string }) =>
    saveThenReload(
      'rehab.parentTraining.create',
      { ...input, hours: /^\d{1,2}(\.\d)?$/.test(input.hours.trim()) ? Number(input.hours.trim()) : Number.NaN },
      async () => void (await loadParentTraining(input.enrolmentId)),
    );

  // ---- a therapist's day ----
  const day = ref<DayView | null>(null);
  const dayTherapistId = ref<number | null>(null);
  /**
   * Whose day the day view opens on: the signed-in account's own therapist record, else the
   * therapist this account chose last (never another account's choice), if still working here.
   */
  function defaultDayTherapist(accountId: number | null): number | null {
    const active = therapists.value.filter((th) => th.active);
    const mine = active.find((th) => th.accountId !== null && th.accountId === accountId);
    if (mine) return mine.id;
    const remembered = Number(localStorage.getItem(`${THERAPIST_KEY}.${accountId ?? 0}`)) || null;
    return active.some((th) => th.id === remembered) ? remembered : null;
  }
  let dayAccountId: number | null = null;
  /** Sets the day view up for the signed-in account: its own therapist, or its last choice. */
  function openDayFor(accountId: number | null): void {
    if (dayAccountId !== accountId || dayTherapistId.value === null) dayTherapistId.value = defaultDayTherapist(accountId);
    dayAccountId = accountId;
  }
  const dayDate = ref('');
  /** Children added to the day from outside the caseload (substitute sessions). */
  const dayExtra = ref<number[]>([]);

  /** Loads the chosen therapist's day: the day, or null until a therapist and a date are chosen. */
  async function loadDay(): Promise<Outcome<DayView | null>> {
    if (dayTherapistId.value === null || dayDate.value === '') {
      day.value = null;
      return { value: null, error: null };
    }
    localStorage.setItem(`${THERAPIST_KEY}.${dayAccountId ?? 0}`, String(dayTherapistId.value));
    const r = await run('rehab.day', { therapistId: dayTherapistId.value, date: dayDate.value, include: dayExtra.value });
    loadError.value = r.error;
    if (!r.error) day.value = r.value;
    return r;
  }

  function addToDay(enrolmentId: number) {
    if (!dayExtra.value.includes(enrolmentId)) dayExtra.value.push(enrolmentId);
    return loadDay();
  }

  /** Puts a logged or changed session into the day as shown, without reloading the day. */
  function placeInDay(row: SessionRow) {
    const child = day.value?.children.find((c) => c.enrolmentId === row.enrolmentId);
    if (!child || row.date !== day.value?.date) return;
    child.sessions = [...child.sessions.filter((s) => s.id !== row.id), row].sort((a, b) => a.startTime.localeCompare(b.startTime));
    child.proposedType = row.type;
    child.proposedGoalIds = row.goalIds;
  }

  async function logSession(enrolmentId: number, draft: SessionDraft) {
    const r = await run('rehab.sessions.log', { enrolmentId, therapistId: dayTherapistId.value ?? 0, date: dayDate.value, ...sessionInput(draft) });
    if (!r.error) placeInDay(r.value);
    return r;
  }

  async function updateSession(session: SessionRow, draft: SessionDraft) {
    const r = await run('rehab.sessions.update', { id: session.id, version: session.version, therapistId: session.therapistId, date: session.date, ...sessionInput(draft) });
    if (!r.error) placeInDay(r.value);
    return r;
  }

  async function removeSession(session: SessionRow) {
    const r = await run('rehab.sessions.remove', { id: session.id, version: session.version });
    if (!r.error) {
      const child = day.value?.children.find((c) => c.enrolmentId === session.enrolmentId);
      if (child) child.sessions = child.sessions.filter((s) => s.id !== session.id);
    }
    return r;
  }

  async function logGroup(input: { type: SessionType; startTime: string; minutes: string; note: string; attendees: { enrolmentId: number; attendance: Attendance }[] }) {
    const r = await run('rehab.sessions.logGroup', {
      therapistId: dayTherapistId.value ?? 0,
      date: dayDate.value,
      startTime: input.startTime,
      minutes: typedWhole(input.minutes),
      type: input.type,
      note: input.note,
      attendees: input.attendees,
    });
    if (!r.error) r.value.forEach(placeInDay);
    return r;
  }

  // ---- children in the programme ----
  const enrolments = ref<EnrolmentRow[]>([]);
  const listFilter = ref<{ status: 'open' | EnrolmentStatus | 'all'; therapistId: number | null; q: string }>({ status: 'open', therapistId: null, q: '' });
  const listLoaded = ref(false);

  async function loadEnrolments() {
    const r = await run('rehab.enrolments.list', { ...listFilter.value });
    if (r.error) loadError.value = r.error;
    else {
      enrolments.value = r.value;
      listLoaded.value = true;
    }
  }

  // ---- one child ----
  const current = ref<EnrolmentDetail | null>(null);

  async function open(id: number) {
    const r = await run('rehab.enrolments.get', { id });
    current.value = r.value;
    loadError.value = r.error;
  }
  async function enrol(input: CallInput<'rehab.enrolments.create'>) {
    const r = await run('rehab.enrolments.create', input);
    if (!r.error) {
      current.value = r.value;
      listLoaded.value = false;
    }
    return r;
  }
  async function updateEnrolment(input: CallInput<'rehab.enrolments.update'>) {
    const r = await run('rehab.enrolments.update', input);
    if (!r.error) {
      current.value = r.value;
      listLoaded.value = false;
    }
    return r;
  }
  async function reopen() {
    if (current.value) await open(current.value.id);
  }
  const saveGoal = (input: GoalSave) => saveThenReload('rehab.goals.save', input, reopen);
  const addAssessment = (input: CallInput<'rehab.assessments.create'>) => saveThenReload('rehab.assessments.create', input, reopen);

  // ---- month figures ----
  const childMonth = ref<ChildMonth | null>(null);
  const summary = ref<MonthSummary | null>(null);

  async function loadChildMonth(enrolmentId: number, month: string) {
    const r = await run('rehab.month', { enrolmentId, month });
    childMonth.value = r.value;
    loadError.value = r.error;
  }
  async function loadSummary(month: string) {
    const r = await run('rehab.summary', { month });
    summary.value = r.value;
    loadError.value = r.error;
  }

  // ---- home visits ----
  const visitsDue = ref<VisitsDue | null>(null);

  async function loadVisitsDue(frequency: 'frequent' | 'other') {
    const r = await run('rehab.visits.due', { frequency });
    visitsDue.value = r.value;
    loadError.value = r.error;
  }
  async function recordVisit(input: CallInput<'rehab.visits.create'>) {
    const r = await run('rehab.visits.create', input);
    if (!r.error && current.value?.personId === input.personId) await open(current.value.id);
    return r;
  }

  return {
    therapists,
    settings,
    loadError,
    loadTherapists,
    saveTherapist,
    loadSettings,
    saveSettings,
    day,
    dayTherapistId,
    openDayFor,
    dayDate,
    dayExtra,
    loadDay,
    addToDay,
    logSession,
    updateSession,
    removeSession,
    logGroup,
    enrolments,
    listFilter,
    listLoaded,
    loadEnrolments,
    current,
    open,
    enrol,
    updateEnrolment,
    saveGoal,
    addAssessment,
    childMonth,
    summary,
    loadChildMonth,
    loadSummary,
    visitsDue,
    loadVisitsDue,
    recordVisit,
    parentTraining,
    loadParentTraining,
    addParentTraining,
  };
});

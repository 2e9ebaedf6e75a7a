// The rehab area's part of the contract (child rehabilitation): input schemas and result types.
// Pure: the renderer imports it too.
import { z } from 'zod';
import { call } from '../call';
import { isoDate, optionalIsoDate, optionalText, recordId, requiredText } from '../schemas';
import {
  ASSESSMENT_KINDS,
  ATTENDANCES,
  DOMAINS,
  ENROLMENT_STATUSES,
  FUNDINGS,
  AGE_EXTENSION_REASONS,
  CLAIM_CATEGORIES,
  ELIGIBILITY_BASES,
  type AgeExtensionReason,
  type ClaimCategoryChoice,
  type EligibilityBasis,
  GOAL_STATUSES,
  REHAB_CATEGORIES,
  SESSION_LOCATIONS,
  SESSION_TYPES,
  normaliseDays,
  parseClock,
  type AssessmentKind,
  type Attendance,
  type Domain,
  type DomainProgress,
  type DomainScore,
  type EnrolmentStatus,
  type Funding,
  type GoalStatus,
  type RehabCategory,
  type RehabSettings,
  type SessionLocation,
  type SessionType,
  type VisitBand,
  type VisitFrequency,
} from './rules';

/** A time of day as typed (9:00, 0930) → minutes after midnight. */
const clockTime = () =>
  z
    .string()
    .trim()
    .min(1, 'REQUIRED')
    .transform((value, ctx) => {
      const minute = parseClock(value);
      if (minute === null) {
        ctx.addIssue({ code: 'custom', message: 'REHAB_TIME_FORMAT' });
        return z.NEVER;
      }
      return minute;
    });
/** An optional time: null when blank. (Not a union: a union would hide the field's own code.) */
const optionalClockTime = () =>
  z
    .string()
    .trim()
    .default('')
    .transform((value, ctx) => {
      if (value === '') return null;
      const minute = parseClock(value);
      if (minute === null) {
        ctx.addIssue({ code: 'custom', message: 'REHAB_TIME_FORMAT' });
        return z.NEVER;
      }
      return minute;
    });

/** A month written YYYY-MM. */
const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'REHAB_MONTH_FORMAT');
const someone = () => z.number('REQUIRED').int('REQUIRED').positive('REQUIRED');
const minutes = () => z.number('REHAB_MINUTES').int('REHAB_MINUTES').min(5, 'REHAB_MINUTES').max(480, 'REHAB_MINUTES');
const version = () => z.number().int().positive();

// ---- therapists and settings ----

export interface Therapist {
  id: number;
  name: string;
  active: boolean;
  /** Open (active or paused) enrolments this therapist is responsible for. */
  caseload: number;
  /** The staff account that is this therapist (screens default to her when she signs in). */
  accountId: number | null;
  accountName: string | null;
}

const therapistSave = () => z.object({
  id: recordId().nullable().default(null),
  name: requiredText(50),
  active: z.boolean().default(true),
  /** Absent: the link stays as it is; null: no account. */
  accountId: recordId().nullable().optional(),
});

const ageStarts = () => z
  .array(z.number('REHAB_AGE_BANDS').int('REHAB_AGE_BANDS').min(1, 'REHAB_AGE_BANDS').max(18, 'REHAB_AGE_BANDS'))
  .min(1, 'REHAB_AGE_BANDS')
  .max(6, 'REHAB_AGE_BANDS')
  .refine((a) => a.every((n, i) => i === 0 || n > a[i - 1]!), 'REHAB_AGE_BANDS');
const settingsUpdate = () => z.object({
  effectiveFrom: optionalIsoDate(),
  'rehab.ageLimit': z.number('REHAB_SETTING_RANGE').int('REHAB_SETTING_RANGE').min(1, 'REHAB_SETTING_RANGE').max(18, 'REHAB_SETTING_RANGE').optional(),
  'rehab.ageBands': ageStarts().optional(),
  'rehab.visit.childUnder': z.number('REHAB_SETTING_RANGE').int('REHAB_SETTING_RANGE').min(1, 'REHAB_SETTING_RANGE').max(18, 'REHAB_SETTING_RANGE').optional(),
  'rehab.visit.frequentMonths': z.number('REHAB_SETTING_RANGE').int('REHAB_SETTING_RANGE').min(1, 'REHAB_SETTING_RANGE').max(24, 'REHAB_SETTING_RANGE').optional(),
  'rehab.visit.otherMonths': z.number('REHAB_SETTING_RANGE').int('REHAB_SETTING_RANGE').min(1, 'REHAB_SETTING_RANGE').max(36, 'REHAB_SETTING_RANGE').optional(),
  'rehab.visit.dueWithinDays': z.number('REHAB_SETTING_RANGE').int('REHAB_SETTING_RANGE').min(0, 'REHAB_SETTING_RANGE').max(90, 'REHAB_SETTING_RANGE').optional(),
});
export type RehabSettingsUpdate = z.input<ReturnType<typeof settingsUpdate>>;

// ---- enrolments ----

const enrolmentFields = () => z.object({
  category: z.enum(REHAB_CATEGORIES, 'REQUIRED'),
  cochlearImplant: z.boolean().default(false),
  startDate: isoDate(),
  funding: z.enum(FUNDINGS, 'REQUIRED'),
  therapistId: someone(),
  /** ISO weekdays as digits, '135' = Monday, Wednesday, Friday. */
  scheduleDays: z.string().max(14, 'INVALID_INPUT').default('').transform(normaliseDays),
  scheduleTime: optionalClockTime(),
  scheduleMinutes: minutes().default(40),
  /** The training type the day view proposes; by category when absent. */
  defaultType: z.enum(SESSION_TYPES).nullable().default(null),
  note: optionalText(500),
  /** The county's relief approval (审批): its number, the approved period and what it rests on. */
  approvalNo: optionalText(50),
  approvedFrom: optionalIsoDate(),
  approvedTo: optionalIsoDate(),
  eligibilityBasis: z.enum(ELIGIBILITY_BASES).nullable().default(null),
  eligibilityNote: optionalText(100),
  /** The category claims go under (one a year); null: the enrolment's category. */
  claimCategory: z.enum(CLAIM_CATEGORIES).nullable().default(null),
  /** An age extension the standard allows, with what it rests on (a school's note, the surgery). */
  ageExtension: z.enum(AGE_EXTENSION_REASONS).nullable().default(null),
  ageExtensionNote: optionalText(200),
});
export const enrolmentCreate = () => enrolmentFields().extend({ personId: someone() });
export const enrolmentUpdate = () => enrolmentFields().extend({
  id: recordId(),
  version: version(),
  status: z.enum(ENROLMENT_STATUSES, 'REQUIRED'),
  /** When a new status takes effect; today when absent. */
  statusDate: optionalIsoDate(),
  dischargeReason: optionalText(200),
});
export type EnrolmentCreate = z.input<ReturnType<typeof enrolmentCreate>>;
export type EnrolmentUpdate = z.input<ReturnType<typeof enrolmentUpdate>>;
export type EnrolmentFields = z.output<ReturnType<typeof enrolmentFields>>;

export interface EnrolmentRow {
  id: number;
  personId: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  age: number;
  idNumber: string;
  category: RehabCategory;
  cochlearImplant: boolean;
  startDate: string;
  funding: Funding;
  therapistId: number;
  therapistName: string;
  status: EnrolmentStatus;
  statusDate: string;
  dischargeReason: string;
  scheduleDays: string;
  /** HH:MM, or '' when no time is set. */
  scheduleTime: string;
  scheduleMinutes: number;
  defaultType: SessionType;
  note: string;
  version: number;
  /** The date of the latest session on record, '' when none. */
  lastSession: string;
  approvalNo: string;
  approvedFrom: string;
  approvedTo: string;
  eligibilityBasis: EligibilityBasis | null;
  eligibilityNote: string;
  claimCategory: ClaimCategoryChoice | null;
  ageExtension: AgeExtensionReason | null;
  ageExtensionNote: string;
}

export interface Goal {
  id: number;
  enrolmentId: number;
  domain: Domain;
  goal: string;
  targetDate: string;
  status: GoalStatus;
  /** Sessions that worked on this goal. */
  sessions: number;
}

export interface Assessment {
  id: number;
  kind: AssessmentKind;
  date: string;
  assessor: string;
  tool: string;
  note: string;
  scores: DomainScore[];
  /** Compared with the previous assessment with the same tool; null for the first. */
  progress: { previousDate: string; domains: DomainProgress[] } | null;
}

export interface Visit {
  id: number;
  personId: number;
  date: string;
  visitor: string;
  note: string;
  createdBy: string;
  createdAt: string;
}

export interface RehabChange {
  at: string;
  actor: string;
  entity: string;
  action: 'create' | 'update' | 'delete';
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface EnrolmentDetail extends EnrolmentRow {
  guardianName: string;
  guardianPhone: string;
  createdAt: string;
  createdBy: string;
  goals: Goal[];
  /** Oldest first. */
  assessments: Assessment[];
  visits: Visit[];
  history: RehabChange[];
}

const enrolmentList = () => z.object({
  status: z.enum(['open', ...ENROLMENT_STATUSES, 'all']).default('open'),
  therapistId: recordId().nullable().default(null),
  q: z.string().trim().max(40, 'TOO_LONG').default(''),
});

// ---- plans and assessments ----

const goalSave = () => z.object({
  id: recordId().nullable().default(null),
  enrolmentId: recordId(),
  domain: z.enum(DOMAINS, 'REQUIRED'),
  goal: requiredText(200),
  targetDate: optionalIsoDate(),
  status: z.enum(GOAL_STATUSES, 'REQUIRED').default('open'),
});
export type GoalSave = z.input<ReturnType<typeof goalSave>>;

const scoreInput = () => z.object({
  domain: z.enum(DOMAINS, 'REQUIRED'),
  score: z.number('REHAB_SCORE_INVALID').min(0, 'REHAB_SCORE_INVALID').max(1000, 'REHAB_SCORE_INVALID').nullable().default(null),
  level: optionalText(20),
});
const assessmentCreate = () => z.object({
  enrolmentId: recordId(),
  kind: z.enum(ASSESSMENT_KINDS, 'REQUIRED'),
  date: isoDate(),
  assessor: requiredText(50),
  tool: requiredText(80),
  note: optionalText(1000),
  scores: z.array(scoreInput()).min(1, 'REHAB_SCORES_REQUIRED').max(DOMAINS.length),
});
export type AssessmentCreate = z.input<ReturnType<typeof assessmentCreate>>;

// ---- sessions ----

const sessionFields = () => z.object({
  therapistId: someone(),
  date: isoDate(),
  startTime: clockTime(),
  minutes: minutes(),
  type: z.enum(SESSION_TYPES, 'REQUIRED'),
  attendance: z.enum(ATTENDANCES, 'REQUIRED'),
  goalIds: z.array(recordId()).max(20).default([]),
  note: optionalText(200),
  /** Where it happened: at the centre, in the community, or at home (送康复上门). */
  location: z.enum(SESSION_LOCATIONS).default('centre'),
});
export const sessionLog = () => sessionFields().extend({ enrolmentId: recordId() });
const sessionUpdate = () => sessionFields().extend({ id: recordId(), version: version() });
const groupLog = () => sessionFields().omit({ attendance: true, goalIds: true }).extend({
  attendees: z
    .array(z.object({ enrolmentId: recordId(), attendance: z.enum(ATTENDANCES, 'REQUIRED') }))
    .min(2, 'REHAB_GROUP_SIZE')
    .max(30, 'REHAB_GROUP_SIZE')
    .refine((list) => new Set(list.map((a) => a.enrolmentId)).size === list.length, 'REHAB_GROUP_DUPLICATE'),
});
export type SessionLog = z.input<ReturnType<typeof sessionLog>>;
export type SessionParsed = z.output<ReturnType<typeof sessionLog>>;
export type SessionUpdate = z.input<ReturnType<typeof sessionUpdate>>;
export type GroupLog = z.input<ReturnType<typeof groupLog>>;

export interface SessionRow {
  id: number;
  enrolmentId: number;
  therapistId: number;
  date: string;
  /** HH:MM */
  startTime: string;
  minutes: number;
  type: SessionType;
  attendance: Attendance;
  goalIds: number[];
  note: string;
  groupId: number | null;
  version: number;
  location: SessionLocation;
}

export interface DayChild {
  enrolmentId: number;
  personId: number;
  name: string;
  age: number;
  category: RehabCategory;
  cochlearImplant: boolean;
  /** Whether the weekly schedule has this child on the day. */
  scheduled: boolean;
  inCaseload: boolean;
  scheduleTime: string;
  scheduleMinutes: number;
  /** What the quick log proposes: the last session's type and goals, else the enrolment's default. */
  proposedType: SessionType;
  proposedGoalIds: number[];
  openGoals: { id: number; domain: Domain; goal: string }[];
  /** The child's sessions on the day, by any therapist. */
  sessions: SessionRow[];
}

export interface DayView {
  date: string;
  therapistId: number;
  children: DayChild[];
  /** Other children in the programme, to add someone outside the caseload (a substitute session). */
  others: { enrolmentId: number; name: string }[];
}

const day = () => z.object({
  therapistId: recordId(),
  date: isoDate(),
  include: z.array(recordId()).max(50).default([]),
});

// ---- months and summaries ----

export interface MonthCounts {
  sessions: number;
  present: number;
  absent: number;
  leave: number;
  serviceDays: number;
  /** Per cent of logged sessions attended; null when none were logged. */
  attendanceRate: number | null;
}

export interface ChildMonth {
  enrolmentId: number;
  month: string;
  /** Every session of the month, by date and time. */
  sessions: (SessionRow & { therapistName: string })[];
  counts: MonthCounts & { minutes: number };
  /** The 12 months up to this one, oldest first. */
  trend: (MonthCounts & { month: string })[];
  byType: { type: SessionType; sessions: number }[];
}

export interface MonthSummary {
  month: string;
  ageBands: { from: number; to: number | null }[];
  /** Children with at least one attended session, by category and age band (age on the 1st). */
  served: { category: RehabCategory; bands: number[]; total: number }[];
  servedByBand: number[];
  totals: MonthCounts & { children: number };
  byType: { type: SessionType; sessions: number; present: number }[];
  /** The 12 months up to this one, oldest first. */
  trend: (MonthCounts & { month: string; children: number })[];
}

// ---- visits ----

const visitCreate = () => z.object({
  personId: someone(),
  date: isoDate(),
  visitor: requiredText(50),
  note: optionalText(500),
});
export type VisitCreate = z.input<ReturnType<typeof visitCreate>>;

export interface VisitDueRow {
  personId: number;
  name: string;
  age: number;
  idNumber: string;
  category: number | null;
  level: number | null;
  enrolmentId: number | null;
  lastVisit: string;
  nextDue: string;
  band: Exclude<VisitBand, 'ok'>;
}

export interface VisitsDue {
  today: string;
  frequency: VisitFrequency;
  intervalMonths: number;
  counts: Record<VisitFrequency, { overdue: number; due: number }>;
  /** Overdue first, longest overdue first; at most `limit`. */
  rows: VisitDueRow[];
  /** All due or overdue of this frequency (rows may show fewer). */
  total: number;
  /** The latest visits recorded, newest first. */
  recent: (Visit & { name: string })[];
}

// ---- parent training (家长培训) ----

const parentTrainingCreate = () => z.object({
  enrolmentId: recordId(),
  date: isoDate(),
  parent: requiredText(50),
  topic: requiredText(100),
  /** Hours, to a tenth (1.5). */
  hours: z.number('REQUIRED').min(0.1, 'REHAB_PARENT_HOURS').max(24, 'REHAB_PARENT_HOURS'),
});
export type ParentTrainingCreate = z.input<ReturnType<typeof parentTrainingCreate>>;

export interface ParentTraining {
  id: number;
  enrolmentId: number;
  date: string;
  parent: string;
  topic: string;
  hours: number;
  createdBy: string;
}

export const rehabCalls = {
  'rehab.therapists.list': call<Therapist[]>({ access: 'rehab.read', audit: 'none' })(() => z.object({})),
  'rehab.therapists.save': call<Therapist>({ access: 'rehab.write', audit: 'update', before: { table: 'rehab_therapist' } })(() => therapistSave()),
  'rehab.settings.get': call<RehabSettings>({ access: 'rehab.read', audit: 'none' })(() => z.object({ date: optionalIsoDate() })),
  'rehab.settings.update': call<RehabSettings>({ access: 'rehab.write', audit: 'update', before: { call: 'rehab.settings.get', input: (i: { effectiveFrom: string }) => ({ date: i.effectiveFrom }) } })(() => settingsUpdate()),
  'rehab.enrolments.list': call<EnrolmentRow[]>({ access: 'rehab.read', audit: 'none', idSearch: 'q' })(() => enrolmentList()),
  'rehab.enrolments.get': call<EnrolmentDetail>({ access: 'rehab.read', audit: 'none' })(() => z.object({ id: recordId() })),
  'rehab.enrolments.create': call<EnrolmentDetail>({ access: 'rehab.write', audit: 'create', before: 'created' })(() => enrolmentCreate()),
  'rehab.enrolments.update': call<EnrolmentDetail>({ access: 'rehab.write', audit: 'update', before: { call: 'rehab.enrolments.get' } })(() => enrolmentUpdate()),
  'rehab.goals.save': call<Goal>({ access: 'rehab.write', audit: 'update', before: { table: 'rehab_goal' } })(() => goalSave()),
  'rehab.assessments.create': call<Assessment>({ access: 'rehab.write', audit: 'create', before: 'created' })(() => assessmentCreate()),
  'rehab.day': call<DayView>({ access: 'rehab.read', audit: 'none' })(() => day()),
  'rehab.sessions.log': call<SessionRow>({ access: 'rehab.write', audit: 'create', before: 'created' })(() => sessionLog()),
  'rehab.sessions.logGroup': call<SessionRow[]>({ access: 'rehab.write', audit: 'create', before: 'created' })(() => groupLog()),
  'rehab.sessions.update': call<SessionRow>({ access: 'rehab.write', audit: 'update', before: { table: 'rehab_session' } })(() => sessionUpdate()),
  'rehab.sessions.remove': call<{ id: number }>({ access: 'rehab.write', audit: 'delete', before: { table: 'rehab_session' } })(() => z.object({ id: recordId(), version: version() })),
  'rehab.month': call<ChildMonth>({ access: 'rehab.read', audit: 'none' })(() => z.object({ enrolmentId: recordId(), month: month() })),
  'rehab.summary': call<MonthSummary>({ access: 'rehab.read', audit: 'none' })(() => z.object({ month: month() })),
  'rehab.parentTraining.create': call<ParentTraining>({ access: 'rehab.write', audit: 'create', before: 'created' })(() => parentTrainingCreate()),
  'rehab.parentTraining.list': call<ParentTraining[]>({ access: 'rehab.read', audit: 'none' })(() => z.object({ enrolmentId: recordId() })),
  'rehab.visits.create': call<Visit>({ access: 'rehab.write', audit: 'create', before: 'created' })(() => visitCreate()),
  'rehab.visits.due': call<VisitsDue>({ access: 'rehab.read', audit: 'none' })(
    () => z.object({ frequency: z.enum(['frequent', 'other']).default('frequent'), limit: z.number().int().min(1).max(1000).default(200) }),
  ),
};

// The 精准康复 area's part of the contract: needs, screening and diagnosis certificates, one plan per
// person (一人一案), referrals and record transfers, certificate reminders, visits by quarter, the
// indicators with their targets.
import { z } from 'zod';
import { call } from '../call';
import type { SatisfactionService } from '../compare/rules';
import { isoDate, optionalIsoDate, optionalText, pii, recordId, requiredText } from '../schemas';
import {
  INDICATORS,
  MET_BY,
  NEED_KINDS,
  NEED_SOURCES,
  PLAN_AREAS,
  REFERRAL_STATUSES,
  REHAB_SERVICES,
  REMINDER_METHODS,
  SCREENING_RESULTS,
  type Indicator,
  type MetBy,
  type NeedKind,
  type NeedSource,
  type PlanArea,
  type ReferralStatus,
  type RehabService,
  type ReminderMethod,
  type ScreeningResult,
} from './rules';
import { REHAB_CATEGORIES, type RehabCategory } from '../rehab/rules';

export type { Indicator, NeedKind, RehabService, NeedSource, MetBy, PlanArea, ReferralStatus, ReminderMethod, ScreeningResult };

const personId = recordId;
const version = () => z.number().int().positive();
const year = () => z.number().int().min(2000, 'NEEDS_YEAR_RANGE').max(2100, 'NEEDS_YEAR_RANGE');

// ---- needs ----

const needCreate = () => z.object({
  personId: personId(),
  kind: z.enum(NEED_KINDS, 'REQUIRED'),
  /** For a rehab need: the service type. */
  service: z.enum(REHAB_SERVICES).nullable().default(null),
  /** For a device need: the catalogue item. */
  deviceItemId: recordId().nullable().default(null),
  source: z.enum(NEED_SOURCES, 'REQUIRED'),
  recordedOn: isoDate(),
  note: optionalText(200),
});
export type NeedCreate = z.input<ReturnType<typeof needCreate>>;

const needClose = () => z.object({
  id: recordId(),
  version: version(),
  outcome: z.enum(['met', 'closed'], 'REQUIRED'),
  closedOn: isoDate(),
  /** met: the service that met it (and that record's id when known). */
  metBy: z.enum(MET_BY).nullable().default(null),
  metRef: recordId().nullable().default(null),
  /** closed: why (moved away, declined, no longer needed…). */
  reason: optionalText(200),
});
export type NeedClose = z.input<ReturnType<typeof needClose>>;

export interface Need {
  id: number;
  personId: number;
  kind: NeedKind;
  service: RehabService | null;
  deviceItemId: number | null;
  deviceItemName: string;
  source: NeedSource;
  recordedOn: string;
  note: string;
  status: 'open' | 'met' | 'closed';
  closedOn: string;
  metBy: MetBy | null;
  metRef: number | null;
  closeReason: string;
  version: number;
}

// ---- children: screening and diagnosis ----

const screeningCreate = () => z.object({
  personId: personId(),
  screenedOn: isoDate(),
  screener: requiredText(80),
  result: z.enum(SCREENING_RESULTS, 'REQUIRED'),
  suspected: z.enum(REHAB_CATEGORIES).nullable().default(null),
  note: optionalText(200),
});
export type ScreeningCreate = z.input<ReturnType<typeof screeningCreate>>;

export interface Screening {
  id: number;
  screenedOn: string;
  screener: string;
  result: ScreeningResult;
  suspected: RehabCategory | null;
  note: string;
}

const diagnosisCreate = () => z.object({
  personId: personId(),
  hospital: requiredText(80),
  diagnosedOn: isoDate(),
  diagnosis: requiredText(200),
  category: z.enum(REHAB_CATEGORIES, 'REQUIRED'),
});
export type DiagnosisCreate = z.input<ReturnType<typeof diagnosisCreate>>;

export interface Diagnosis {
  id: number;
  hospital: string;
  diagnosedOn: string;
  diagnosis: string;
  category: RehabCategory;
  /** The disability certificate it was linked to once issued ('' until then). */
  linkedCert: string;
  linkedOn: string;
}

// ---- the plan (一人一案) ----

const planItem = () => z.object({
  area: z.enum(PLAN_AREAS, 'REQUIRED'),
  service: requiredText(200),
  needId: recordId().nullable().default(null),
});

const planSave = () => z.object({
  personId: personId(),
  /** The version of the plan being changed; null to make the first one. */
  version: version().nullable().default(null),
  madeOn: isoDate(),
  items: z.array(planItem()).min(1, 'NEEDS_PLAN_EMPTY').max(30),
  confirmedBy: optionalText(50),
  confirmedRole: z.enum(['person', 'guardian']).nullable().default(null),
  confirmedOn: optionalIsoDate(),
  reviewOn: optionalIsoDate(),
  reviewOutcome: optionalText(300),
  reviewedOn: optionalIsoDate(),
  note: optionalText(300),
});
export type PlanSave = z.input<ReturnType<typeof planSave>>;

export interface Plan {
  id: number;
  personId: number;
  madeOn: string;
  items: { id: number; area: PlanArea; service: string; needId: number | null }[];
  confirmedBy: string;
  confirmedRole: 'person' | 'guardian' | null;
  confirmedOn: string;
  reviewOn: string;
  reviewOutcome: string;
  reviewedOn: string;
  note: string;
  version: number;
}

// ---- referrals and transfers ----

const referralCreate = () => z.object({
  personId: personId(),
  direction: z.enum(['out', 'in'], 'REQUIRED'),
  partnerKind: z.enum(['centre', 'hospital'], 'REQUIRED'),
  partner: requiredText(80),
  referredOn: isoDate(),
  reason: requiredText(200),
  status: z.enum(REFERRAL_STATUSES).default('pending'),
  outcome: optionalText(200),
});
export type ReferralCreate = z.input<ReturnType<typeof referralCreate>>;

const referralUpdate = () => z.object({ id: recordId(), version: version(), status: z.enum(REFERRAL_STATUSES, 'REQUIRED'), outcome: optionalText(200) });
export type ReferralUpdate = z.input<ReturnType<typeof referralUpdate>>;

export interface Referral {
  id: number;
  personId: number;
  direction: 'out' | 'in';
  partnerKind: 'centre' | 'hospital';
  partner: string;
  referredOn: string;
  reason: string;
  status: ReferralStatus;
  outcome: string;
  transferFile: string;
  version: number;
}

/** What a transfer file carries about a child's rehab, as the receiving centre shows it. */
export interface TransferSummary {
  fromCentre: string;
  exportedAt: string;
  enrolments: { category: string; startDate: string; status: string; statusDate: string; funding: string; dischargeReason: string }[];
  assessments: { kind: string; date: string; tool: string; assessor: string; scores: { domain: string; score: number | null; level: string }[] }[];
  sessions: { total: number; present: number; first: string; last: string; byLocation: Record<string, number>; byType: Record<string, number> };
  parentTraining: { date: string; parent: string; topic: string; hours: number }[];
  diagnoses: { hospital: string; diagnosedOn: string; diagnosis: string }[];
}

export interface TransferIn {
  id: number;
  fromCentre: string;
  importedAt: string;
  summary: TransferSummary;
}

export interface TransferExportResult {
  fileId: string;
  fileName: string;
  path: string;
  referralId: number;
}

export interface TransferImportResult {
  personId: number;
  name: string;
  created: boolean;
  fromCentre: string;
}

// ---- reminders ----

const reminderCreate = () => z.object({
  personId: personId(),
  remindedOn: isoDate(),
  method: z.enum(REMINDER_METHODS, 'REQUIRED'),
  remindedBy: requiredText(50),
  note: optionalText(200),
});
export type ReminderCreate = z.input<ReturnType<typeof reminderCreate>>;

export interface Reminder {
  id: number;
  certExpiry: string;
  remindedOn: string;
  method: ReminderMethod;
  remindedBy: string;
  note: string;
}

export interface ReminderDueRow {
  personId: number;
  name: string;
  idNumber: string;
  certNumber: string;
  certExpiry: string;
  phone: string;
  lacksFirst: boolean;
  lacksSecond: boolean;
  reminders: number;
  lastReminder: string;
}

export interface RemindersDue {
  today: string;
  lacksFirst: number;
  lacksSecond: number;
  rows: ReminderDueRow[];
}

// ---- the person's page ----

export interface PersonNeeds {
  person: { id: number; name: string; idNumber: string; sex: 'M' | 'F'; birthDate: string; age: number; certNumber: string; certExpiry: string; guardianName: string };
  needs: Need[];
  screenings: Screening[];
  diagnoses: Diagnosis[];
  plan: Plan | null;
  referrals: Referral[];
  reminders: Reminder[];
  transfersIn: TransferIn[];
}

// ---- visits by calendar quarter ----

export interface VisitQuarterRow {
  personId: number;
  name: string;
  age: number;
  level: number | null;
  cadence: 'quarterly' | 'yearly';
  lastVisit: string;
}

export interface VisitQuarters {
  year: number;
  today: string;
  /** Each quarter (1–4): visits due and done, in person-quarters; quarter 0 is the yearly visit of everyone else. */
  periods: { quarter: number; due: number; done: number }[];
  /** Who has no visit yet in the current quarter (quarterly) or year (yearly). */
  due: VisitQuarterRow[];
}

// ---- indicators ----

export interface IndicatorFigure {
  indicator: Indicator;
  numerator: number;
  denominator: number;
  permille: number | null;
  target: number | null;
  targetSource: 'centre' | 'office' | null;
  meets: boolean | null;
  /** Year to date at each month's end, January first. */
  trend: { month: string; numerator: number; denominator: number; permille: number | null }[];
}

export interface Indicators {
  year: number;
  /** The last day counted: the year's end, or today in the current year. */
  asOf: string;
  figures: IndicatorFigure[];
  /** Training counted in persons, with enrolments beside (the national way). */
  training: { persons: number; enrolments: number };
  /**
   * 满意率 from the year's satisfaction answers to `asOf`: answers rating 基本满意 or better over all
   * answers (counted in answers, not persons), overall first, then per service.
   */
  satisfaction: { service: 'all' | SatisfactionService; answers: number; satisfied: number; permille: number | null }[];
}

export interface IndicatorPersonRow {
  personId: number;
  name: string;
  sex: 'M' | 'F';
  age: number;
  inNumerator: boolean;
}

const targetsSave = () => z.object({
  year: year(),
  targets: z.array(z.object({ indicator: z.enum(INDICATORS), permille: z.number().int('NEEDS_TARGET_RANGE').min(0, 'NEEDS_TARGET_RANGE').max(1000, 'NEEDS_TARGET_RANGE').nullable() })).max(INDICATORS.length),
});
export type TargetsSave = z.input<ReturnType<typeof targetsSave>>;

export const needsCalls = {
  'needs.person.get': call<PersonNeeds>({ access: 'people.read', audit: 'none' })(() => z.object({ personId: personId() })),
  'needs.create': call<Need>({ access: 'people.write', audit: 'create', before: 'created' })(() => needCreate()),
  'needs.close': call<Need>({ access: 'people.write', audit: 'update', before: { table: 'need' } })(() => needClose()),
  'needs.screening.create': call<Screening>({ access: 'people.write', audit: 'create', before: 'created' })(() => screeningCreate()),
  'needs.diagnosis.create': call<Diagnosis>({ access: 'people.write', audit: 'create', before: 'created' })(() => diagnosisCreate()),
  'needs.diagnosis.link': call<Diagnosis>({ access: 'people.write', audit: 'update', before: { table: 'child_diagnosis' } })(() => z.object({ id: recordId() })),
  'needs.plan.save': call<Plan>({ access: 'people.write', audit: 'update', before: { table: 'service_plan', key: 'personId', column: 'person_id' } })(() => planSave()),
  'needs.referrals.create': call<Referral>({ access: 'people.write', audit: 'create', before: 'created' })(() => referralCreate()),
  'needs.referrals.update': call<Referral>({ access: 'people.write', audit: 'update', before: { table: 'referral' } })(() => referralUpdate()),
  'needs.reminders.create': call<Reminder>({ access: 'people.write', audit: 'create', before: 'created' })(() => reminderCreate()),
  'needs.reminders.due': call<RemindersDue>({ access: 'people.read', audit: 'none' })(() => z.object({ limit: z.number().int().min(1).max(2000).default(500) })),
  'needs.visits.quarters': call<VisitQuarters>({ access: 'rehab.read', audit: 'none' })(() => z.object({ year: year() })),
  'needs.indicators': call<Indicators>({ access: 'people.read', audit: 'none' })(() => z.object({ year: year() })),
  'needs.indicators.people': call<IndicatorPersonRow[]>({ access: 'people.read', audit: 'none' })(
    () => z.object({ year: year(), indicator: z.enum(INDICATORS), onlyMissing: z.boolean().default(false) }),
  ),
  'needs.targets.save': call<Indicators>({ access: 'returns.write', audit: 'update', before: { call: 'needs.indicators', input: (i: { year: number }) => ({ year: i.year }) } })(() => targetsSave()),
  /** A targets file from the office: checked against its checksum, refused if altered. */
  'needs.targets.import': call<Indicators>({ access: 'returns.write', audit: 'update', before: { none: 'targets from a file; the after-state is the result' } })(
    () => z.object({ path: requiredText(1000) }),
  ),
  /** Writes the year's targets as the checksummed file an office sends its centres (no personal data). */
  'needs.targets.export': call<{ fileId: string; fileName: string; path: string; year: number }>({
    access: 'returns.write',
    audit: 'export',
    personalInFile: 'none',
    before: { none: 'writes a targets file' },
  })(() => z.object({ year: year(), issuer: requiredText(80) })),
  /** Writes a child's rehab record as a file for another centre (full IDs: only roles holding ids.full may). */
  'needs.transfer.export': call<TransferExportResult>({ access: 'rehab.write', audit: 'export', before: { none: 'writes a transfer file' } })(
    () => z.object({ personId: personId(), toCentre: requiredText(80), reason: requiredText(200), referredOn: isoDate() }),
  ),
  'needs.transfer.import': call<TransferImportResult>({ access: 'rehab.write', audit: 'create', before: { none: 'the imported record is new' } })(
    () => z.object({ path: requiredText(1000), household: z.enum(['urban', 'rural']).default('urban') }),
  ),
};

/** The shape a targets file from the office has (JSON), before its checksum is checked. */
export const targetsFileSchema = () => z.object({
  format: z.literal('rehabdesk-targets'),
  version: z.literal(1),
  year: year(),
  issuer: z.string().max(80),
  targets: z.partialRecord(z.enum(INDICATORS), z.number().int().min(0).max(1000)),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});

export const transferFileSchema = () => z.object({
  format: z.literal('rehabdesk-rehab-transfer'),
  version: z.literal(1),
  fromCentre: z.string().max(80),
  toCentre: z.string().max(80),
  exportedAt: z.string().max(40),
  child: z.object({
    name: z.string().min(1).max(50),
    idNumber: pii.id(z.string().min(18).max(18)),
    certNumber: pii.id(z.string().max(30)),
    certExpiry: z.string().max(10),
    guardianName: z.string().max(50),
    guardianPhone: pii.phone(z.string().max(30)),
  }),
  summary: z.custom<Omit<TransferSummary, 'fromCentre' | 'exportedAt'>>((v) => typeof v === 'object' && v !== null),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});

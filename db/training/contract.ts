// The training area's part of the contract: classes, enrolment, attendance, completion,
// certificates, employers, placements, follow-ups, figures and roster import.
import { z } from 'zod';
import { call } from '../call';
import { fen, isoDate, optionalIsoDate, optionalText, recordId, requiredText } from '../schemas';
import { personInput } from '../people/contract';
import type { SkipReason } from '../import/rules';
import { ATTENDANCE_STATUSES, CERTIFICATE_TYPES, PLACEMENT_TYPES, type AttendanceStatus, type CertificateType, type FollowUpState, type PlacementType } from './rules';
import { DICTIONARIES, EMPLOYMENT_FORMS, type Dictionary, type EmploymentForm, type LegacyPlacementType, type OutcomeState, type QuotaStanding } from './employment-rules';

const id = recordId;
const version = () => z.number().int().positive();
/** A code of one of the real-name dictionaries (checked against employment_term on the day). */
const termCode = () => z.string().trim().min(1, 'REQUIRED').max(40, 'TOO_LONG');
const percent = () => z.number().int('TRAINING_PERCENT').min(1, 'TRAINING_PERCENT').max(100, 'TRAINING_PERCENT');

// ---- course types (settings) ----

export interface CourseTypeInfo {
  code: string;
  /** The name typed for a type added in the settings; '' for built-in types (named by i18n). */
  name: string;
  builtin: boolean;
  /** The minimum attendance share for completion, for classes starting today. */
  minAttendancePct: number;
  /** Later minimums already set (effective from a future date). */
  scheduled: { effectiveFrom: string; minAttendancePct: number }[];
}

// ---- classes ----

export const classInput = () => z.object({
  courseType: requiredText(40),
  title: requiredText(100),
  startDate: isoDate(),
  endDate: isoDate(),
  totalHours: z.number().int('TRAINING_WHOLE_NUMBER').min(1, 'TRAINING_WHOLE_NUMBER').max(5000, 'TRAINING_WHOLE_NUMBER'),
  teacher: optionalText(50),
  location: optionalText(100),
  capacity: z.number().int('TRAINING_WHOLE_NUMBER').min(1, 'TRAINING_WHOLE_NUMBER').max(10000, 'TRAINING_WHOLE_NUMBER'),
  // The national real-name fields (培训周期, 培训机构, 行业, 是否免费) and the hours a trainee needs to complete.
  cycle: termCode().nullable().default(null),
  provider: optionalText(100),
  industry: termCode().nullable().default(null),
  freeToTrainee: z.boolean().default(true),
  minHours: z.number().int('TRAINING_WHOLE_NUMBER').min(0, 'TRAINING_WHOLE_NUMBER').max(5000, 'TRAINING_WHOLE_NUMBER').default(0),
});
export type ClassInput = z.input<ReturnType<typeof classInput>>;
export type ClassFields = z.output<ReturnType<typeof classInput>>;

export interface ClassRow extends ClassFields {
  id: number;
  enrolled: number;
  completed: number;
  /** Class days with attendance taken. */
  sessions: number;
}

export interface CertificateRow {
  id: number;
  certType: CertificateType;
  number: string;
  issuedOn: string;
  issuer: string;
}

export interface TraineeRow {
  enrolmentId: number;
  personId: number;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  enrolledOn: string;
  present: number;
  absent: number;
  leave: number;
  /** Share attended in tenths of a percent (floor); null before any attendance is taken. */
  sharePermille: number | null;
  /** Hours of the class days attended (days whose hours were recorded). */
  hours: number;
  completedOn: string;
  certificates: CertificateRow[];
}

/** Employment of a class's completers some months after completing, with the people behind the rate. */
export interface OutcomeRateRow {
  months: number;
  /** Working-age persons whose date has come. */
  due: number;
  employed: number;
  permille: number | null;
  pending: number;
  people: { personId: number; name: string; state: OutcomeState }[];
}

export interface ClassDetail extends ClassRow {
  version: number;
  minAttendancePct: number;
  sessionDates: string[];
  trainees: TraineeRow[];
  outcomes: OutcomeRateRow[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export const classListInput = () => z.object({
  q: z.string().trim().max(40, 'TOO_LONG').default(''),
  courseType: z.string().max(40).nullable().default(null),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
});

export interface AttendanceDay {
  classId: number;
  date: string;
  /** Whether attendance was already taken on this day. */
  taken: boolean;
  /** The hours recorded for the day, null when none were. */
  hours: number | null;
  marks: { enrolmentId: number; status: AttendanceStatus | null }[];
}

const enrolInput = () => z.union([
  z.object({ classId: id(), personId: id() }),
  z.object({ classId: id(), person: personInput() }),
]);
export type EnrolInput = z.input<ReturnType<typeof enrolInput>>;

export const certificateInput = () => z.object({
  enrolmentId: id(),
  certType: z.enum(CERTIFICATE_TYPES, 'REQUIRED'),
  number: requiredText(50),
  issuedOn: isoDate(),
  issuer: optionalText(100),
});
export type CertificateInput = z.input<ReturnType<typeof certificateInput>>;

// ---- employers ----

export const employerInput = () => z.object({
  name: requiredText(100),
  creditCode: z.string().trim().min(1, 'REQUIRED').max(30, 'EMPLOYER_CODE_FORMAT'),
  address: optionalText(200),
  contact: optionalText(50),
  phone: optionalText(30),
});
export type EmployerInput = z.input<ReturnType<typeof employerInput>>;
export type EmployerFields = z.output<ReturnType<typeof employerInput>>;

export interface EmployerRow extends EmployerFields {
  id: number;
  version: number;
  placements: number;
}

// ---- placements and follow-ups ----

export const placementInput = () => z.object({
  personId: z.number({ message: 'REQUIRED' }).int().positive('REQUIRED'),
  // The 就业形式 codes; an earlier type's code is still accepted and mapped (employment-rules.ts).
  placementType: z.enum([...EMPLOYMENT_FORMS, 'supported', 'self_employed', 'home_based'] as const satisfies readonly (EmploymentForm | LegacyPlacementType)[], 'REQUIRED'),
  employerId: recordId().nullable().default(null),
  industry: termCode().nullable().default(null),
  jobRoute: termCode().nullable().default(null),
  contractType: termCode().nullable().default(null),
  insuranceType: termCode().nullable().default(null),
  startDate: isoDate(),
  endDate: optionalIsoDate(),
  monthlyWageFen: fen().nullable().default(null),
  fullTime: z.boolean(),
  hasContract: z.boolean().default(false),
  socialInsurance: z.boolean().default(false),
  notes: optionalText(500),
});
export type PlacementInput = z.input<ReturnType<typeof placementInput>>;
export type PlacementFields = z.output<ReturnType<typeof placementInput>>;

export interface PlacementRow {
  id: number;
  personId: number;
  personName: string;
  idNumber: string;
  placementType: PlacementType;
  employerId: number | null;
  employerName: string;
  startDate: string;
  endDate: string;
  monthlyWageFen: number | null;
  fullTime: boolean;
  hasContract: boolean;
  socialInsurance: boolean;
  industry: string;
  jobRoute: string;
  contractType: string;
  insuranceType: string;
  /** The type recorded before the national codes (migration 011), '' for later placements. */
  legacyType: string;
  /** Other full-time placements of the same person that overlap this one in time. */
  overlaps: { id: number; employerName: string; placementType: PlacementType; startDate: string; endDate: string }[];
}

export interface FollowUpRow {
  id: number;
  placementId: number;
  personId: number;
  personName: string;
  placementType: PlacementType;
  employerName: string;
  months: number;
  dueOn: string;
  doneOn: string;
  stillEmployed: boolean | null;
  wageFen: number | null;
  notes: string;
  state: FollowUpState;
}

export interface PlacementDetail extends PlacementRow {
  notes: string;
  version: number;
  followUps: FollowUpRow[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export const placementListInput = () => z.object({
  q: z.string().trim().max(40, 'TOO_LONG').default(''),
  placementType: z.enum(PLACEMENT_TYPES).nullable().default(null),
  personId: recordId().nullable().default(null),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const followUpInput = () => z.object({
  id: id(),
  doneOn: isoDate(),
  stillEmployed: z.boolean({ message: 'REQUIRED' }),
  wageFen: fen().nullable().default(null),
  notes: optionalText(500),
});
export type FollowUpInput = z.input<ReturnType<typeof followUpInput>>;

export interface FollowUpsDue {
  today: string;
  /** The last day counted as "due soon". */
  soon: string;
  overdue: FollowUpRow[];
  due: FollowUpRow[];
}

// ---- figures ----

export interface TrainingFigures {
  year: number | null;
  years: number[];
  byCourseType: { code: string; name: string; trainees: number; completed: number; certificates: number }[];
  certificatesByType: { certType: CertificateType; count: number }[];
  placementsByType: { placementType: PlacementType; count: number }[];
  retention: { months: number; recorded: number; employed: number; permille: number | null }[];
  /** Employment after completion, classes of the year: working-age persons, enrolments beside. */
  outcomes: { months: number; due: number; employed: number; permille: number | null; pending: number }[];
  completers: { persons: number; enrolments: number };
  publicWelfare: PublicWelfareFigure;
  jobSeekers: number;
}

export interface PublicWelfareFigure {
  year: number;
  /** Persons with disabilities holding a 公益性岗位 some day of the year. */
  held: number;
  /** All such posts of the area, when the office gave it. */
  areaTotal: number | null;
  source: string;
  permille: number | null;
}

// ---- the real-name dictionaries ----

export interface TermRow {
  dict: Dictionary;
  code: string;
  labelZh: string;
  labelEn: string;
  validFrom: string;
  validTo: string;
}

// ---- job seekers (求职登记) ----

export const jobSeekerInput = () => z.object({
  personId: z.number({ message: 'REQUIRED' }).int().positive('REQUIRED'),
  reason: termCode(),
  wishToWork: z.boolean({ message: 'REQUIRED' }),
  trainingWanted: optionalText(100),
  lastContact: optionalIsoDate(),
  notes: optionalText(500),
});
export type JobSeekerInput = z.input<ReturnType<typeof jobSeekerInput>>;

export interface JobSeekerRow {
  id: number;
  personId: number;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  age: number;
  reason: string;
  wishToWork: boolean;
  trainingWanted: string;
  lastContact: string;
  notes: string;
  version: number;
}

// ---- employers' yearly figures, quota and reward ----

export const employerYearInput = () => z.object({
  employerId: id(),
  year: z.number().int('TRAINING_WHOLE_NUMBER').min(1900, 'TRAINING_YEAR').max(2200, 'TRAINING_YEAR'),
  staffCount: z.number().int('TRAINING_WHOLE_NUMBER').min(0, 'TRAINING_WHOLE_NUMBER').max(10_000_000, 'TRAINING_WHOLE_NUMBER'),
  disabledEmployees: z.number().int('TRAINING_WHOLE_NUMBER').min(0, 'TRAINING_WHOLE_NUMBER').max(10_000_000, 'TRAINING_WHOLE_NUMBER'),
  severeEmployees: z.number().int('TRAINING_WHOLE_NUMBER').min(0, 'TRAINING_WHOLE_NUMBER').max(10_000_000, 'TRAINING_WHOLE_NUMBER').default(0),
  months: z.number().int('TRAINING_MONTHS').min(1, 'TRAINING_MONTHS').max(12, 'TRAINING_MONTHS').default(12),
  assessedOn: isoDate(),
});
export type EmployerYearInput = z.input<ReturnType<typeof employerYearInput>>;

export interface EmployerYearRow {
  id: number;
  employerId: number;
  year: number;
  staffCount: number;
  disabledEmployees: number;
  severeEmployees: number;
  months: number;
  assessedOn: string;
  version: number;
  /** The quota share in force on 1 January of the year, in ten-thousandths (150 = 1.5%). */
  sharePermyriad: number;
  /** Persons required, as text (2.25). */
  required: string;
  counted: number;
  standing: QuotaStanding;
  extraPersons: number;
  /** Per extra person and in all, by the settings in force on the assessment date; null when a setting is missing. */
  rewardPerPersonFen: number | null;
  rewardFen: number | null;
  multiple: number | null;
  minimumWageFen: number | null;
}

export interface EmploymentSettings {
  today: string;
  quotaSharePermyriad: { effectiveFrom: string; value: number }[];
  rewardMultiple: { effectiveFrom: string; value: number }[];
  minimumWageFen: { effectiveFrom: string; value: number }[];
}

export const EMPLOYMENT_SETTINGS = ['quotaSharePermyriad', 'rewardMultiple', 'minimumWageFen'] as const;

// ---- entrepreneurship ----

export const supportInput = () => z.object({
  personId: z.number({ message: 'REQUIRED' }).int().positive('REQUIRED'),
  kind: z.enum(['equipment', 'funds', 'training'], 'REQUIRED'),
  givenOn: isoDate(),
  amountFen: fen().nullable().default(null),
  description: optionalText(200),
});
export type SupportInput = z.input<ReturnType<typeof supportInput>>;

export const awardInput = () => z.object({
  personId: z.number({ message: 'REQUIRED' }).int().positive('REQUIRED'),
  level: termCode(),
  awardedOn: isoDate(),
  amountFen: fen().refine((v) => v > 0, 'AMOUNT_INVALID'),
  title: optionalText(100),
});
export type AwardInput = z.input<ReturnType<typeof awardInput>>;

export interface EntrepreneurRow {
  kind: 'support' | 'award';
  id: number;
  personId: number;
  name: string;
  idNumber: string;
  /** support: equipment/funds/training; award: the level code. */
  type: string;
  date: string;
  amountFen: number | null;
  text: string;
}

// ---- roster import ----

export const IMPORT_COLUMNS = ['name', 'idNumber', 'certNumber', 'certExpiry', 'household', 'phone', 'address', 'guardianName', 'guardianPhone'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export interface ImportIssue {
  code: string;
  /** The column it concerns. */
  field?: string;
  params?: Record<string, string | number>;
}

/** new: a person to register; existing: already in the register (reused); invalid: not imported. */
export type ImportRowStatus = 'new' | 'existing' | 'invalid';

export interface ImportPreviewRow {
  rowNumber: number;
  name: string;
  idNumber: string;
  status: ImportRowStatus;
  /** For existing people: who they are in the register. */
  registerName: string;
  issues: ImportIssue[];
}

/** A row of the sheet that is not a person: why it was skipped (see db/import/rules.ts). */
export interface ImportSkippedRow {
  rowNumber: number;
  reason: SkipReason;
  text: string;
}

export interface ImportStatus {
  jobId: string;
  state: 'reading' | 'ready' | 'failed' | 'done';
  error: ImportIssue | null;
  fileName: string;
  classId: number | null;
  /** The workbook's visible sheets (hidden ones are ignored), and the one read. */
  sheets: string[];
  sheet: number;
  /** Where the header was found (one row, or a group header and its sub-headers). */
  headerRows: number[];
  /** The columns found, in file order (null where a header was not recognised or was unmapped). */
  columns: (ImportColumn | null)[];
  /** Whether the columns are a mapping the user made earlier for the same headers. */
  remembered: boolean;
  /** Required columns no header maps to: the rows are checked once the user maps them. */
  missingColumns: ImportColumn[];
  headers: string[];
  /** Rows that are not people (titles, blank rows, 合计 and 填表人 lines), in the preview only. */
  skipped: ImportSkippedRow[];
  total: number;
  valid: number;
  invalid: number;
  newPeople: number;
  existingPeople: number;
  /** The rows asked for (by filter and page). */
  filtered: number;
  rows: ImportPreviewRow[];
  /** Milliseconds spent reading and checking the file. */
  previewMs: number;
  result: ImportResult | null;
}

export interface ImportResult {
  created: number;
  reused: number;
  enrolled: number;
  ms: number;
}

export interface ImportInvalidRows {
  headers: string[];
  rows: { rowNumber: number; cells: string[]; issues: ImportIssue[] }[];
}

/** The largest file accepted, as base64 text (the browser host takes bodies up to 4 MB). */
export const MAX_IMPORT_BASE64 = 5_500_000;

/**
 * Authorisation goes by each name's last word (db/trust/permissions.ts): list/get/due/figures/
 * preview read, everything else writes and is audited. Names here are chosen with that in mind.
 */
export const trainingCalls = {
  'training.courseTypes.list': call<CourseTypeInfo[]>({ access: 'training.read', audit: 'none' })(() => z.object({})),
  'training.courseTypes.add': call<CourseTypeInfo[]>({ access: 'training.write', audit: 'create', before: 'created' })(() => z.object({ name: requiredText(40), minAttendancePct: percent() })),
  'training.courseTypes.setMinimum': call<CourseTypeInfo[]>({ access: 'training.write', audit: 'update', before: { call: 'training.courseTypes.list', input: () => ({}) } })(
    () => z.object({ code: z.string().min(1).max(40), minAttendancePct: percent(), effectiveFrom: isoDate() }),
  ),

  'training.classes.list': call<{ total: number; rows: ClassRow[] }>({ access: 'training.read', audit: 'none' })(() => classListInput()),
  'training.classes.get': call<ClassDetail>({ access: 'training.read', audit: 'none' })(() => z.object({ id: id() })),
  'training.classes.create': call<ClassDetail>({ access: 'training.write', audit: 'create', before: 'created' })(() => classInput()),
  'training.classes.update': call<ClassDetail>({ access: 'training.write', audit: 'update', before: { call: 'training.classes.get' } })(() => classInput().extend({ id: id(), version: version() })),

  'training.enrol': call<ClassDetail>({ access: 'training.write', audit: 'create', before: 'created' })(() => enrolInput()),
  'training.unenrol': call<ClassDetail>({ access: 'training.write', audit: 'delete', before: { table: 'training_enrolment', key: 'enrolmentId' } })(() => z.object({ enrolmentId: id() })),
  'training.attendance.get': call<AttendanceDay>({ access: 'training.read', audit: 'none' })(() => z.object({ classId: id(), date: isoDate() })),
  'training.attendance.save': call<ClassDetail>({ access: 'training.write', audit: 'update', before: { call: 'training.attendance.get', input: (i: { classId: number; date: string }) => ({ classId: i.classId, date: i.date }) } })(
    () => z.object({
      classId: id(),
      date: isoDate(),
      marks: z.array(z.object({ enrolmentId: id(), status: z.enum(ATTENDANCE_STATUSES) })).max(10000),
      /** The hours the class met that day (学时); null keeps what was recorded. */
      hours: z.number().int('TRAINING_HOURS').min(1, 'TRAINING_HOURS').max(24, 'TRAINING_HOURS').nullable().default(null),
    }),
  ),
  'training.completion.set': call<ClassDetail>({ access: 'training.write', audit: 'update', before: { table: 'training_enrolment', key: 'enrolmentId' } })(() => z.object({ enrolmentId: id(), completedOn: optionalIsoDate() })),
  'training.certificates.add': call<ClassDetail>({ access: 'training.write', audit: 'create', before: 'created' })(() => certificateInput()),
  'training.certificates.remove': call<ClassDetail>({ access: 'training.write', audit: 'delete', before: { table: 'training_certificate' } })(() => z.object({ id: id() })),

  'training.employers.list': call<EmployerRow[]>({ access: 'training.read', audit: 'none' })(() => z.object({ q: z.string().trim().max(40, 'TOO_LONG').default('') })),
  'training.employers.create': call<EmployerRow>({ access: 'training.write', audit: 'create', before: 'created' })(() => employerInput()),
  'training.employers.update': call<EmployerRow>({ access: 'training.write', audit: 'update', before: { table: 'employer' } })(() => employerInput().extend({ id: id(), version: version() })),

  'training.placements.list': call<{ total: number; rows: PlacementRow[] }>({ access: 'training.read', audit: 'none', idSearch: 'q' })(() => placementListInput()),
  'training.placements.get': call<PlacementDetail>({ access: 'training.read', audit: 'none' })(() => z.object({ id: id() })),
  'training.placements.create': call<PlacementDetail>({ access: 'training.write', audit: 'create', before: 'created' })(() => placementInput()),
  'training.placements.update': call<PlacementDetail>({ access: 'training.write', audit: 'update', before: { call: 'training.placements.get' } })(() => placementInput().extend({ id: id(), version: version() })),
  'training.followUps.due': call<FollowUpsDue>({ access: 'training.read', audit: 'none' })(() => z.object({})),
  'training.followUps.record': call<PlacementDetail>({ access: 'training.write', audit: 'create', before: { table: 'placement_followup' } })(() => followUpInput()),

  'training.terms.list': call<TermRow[]>({ access: 'training.read', audit: 'none' })(
    () => z.object({ dict: z.enum(DICTIONARIES).nullable().default(null), onDate: optionalIsoDate() }),
  ),

  'training.jobSeekers.list': call<{ total: number; rows: JobSeekerRow[] }>({ access: 'training.read', audit: 'none', idSearch: 'q' })(
    () => z.object({ q: z.string().trim().max(40, 'TOO_LONG').default(''), wishOnly: z.boolean().default(false) }),
  ),
  'training.jobSeekers.save': call<JobSeekerRow>({ access: 'training.write', audit: 'update', before: { table: 'job_seeker', key: 'personId', column: 'person_id' } })(() => jobSeekerInput()),

  'training.employerYears.list': call<EmployerYearRow[]>({ access: 'training.read', audit: 'none' })(() => z.object({ employerId: id() })),
  'training.employerYears.save': call<EmployerYearRow[]>({ access: 'training.write', audit: 'update', before: { call: 'training.employerYears.list', input: (i: { employerId: number }) => ({ employerId: i.employerId }) } })(
    () => employerYearInput(),
  ),
  'training.employmentSettings.get': call<EmploymentSettings>({ access: 'training.read', audit: 'none' })(() => z.object({})),
  'training.employmentSettings.set': call<EmploymentSettings>({ access: 'training.write', audit: 'update', before: { call: 'training.employmentSettings.get', input: () => ({}) } })(
    () => z.object({
      key: z.enum(EMPLOYMENT_SETTINGS),
      value: z.number({ message: 'REQUIRED' }).positive('TRAINING_SETTING_VALUE').max(100_000_000, 'TRAINING_SETTING_VALUE'),
      effectiveFrom: isoDate(),
    }),
  ),
  'training.publicWelfare.setTotal': call<PublicWelfareFigure>({ access: 'training.write', audit: 'update', before: { table: 'public_welfare_total', key: 'year', column: 'year' } })(
    () => z.object({
      year: z.number().int('TRAINING_YEAR').min(1900, 'TRAINING_YEAR').max(2200, 'TRAINING_YEAR'),
      areaTotal: z.number().int('TRAINING_WHOLE_NUMBER').min(1, 'TRAINING_WHOLE_NUMBER').max(10_000_000, 'TRAINING_WHOLE_NUMBER'),
      source: optionalText(100),
    }),
  ),

  'training.entrepreneurs.list': call<EntrepreneurRow[]>({ access: 'training.read', audit: 'none' })(() => z.object({ personId: recordId().nullable().default(null) })),
  'training.entrepreneurs.addSupport': call<EntrepreneurRow[]>({ access: 'training.write', audit: 'create', before: 'created' })(() => supportInput()),
  'training.entrepreneurs.addAward': call<EntrepreneurRow[]>({ access: 'training.write', audit: 'create', before: 'created' })(() => awardInput()),

  'training.figures': call<TrainingFigures>({ access: 'training.read', audit: 'none' })(() => z.object({ year: z.number().int().min(1900).max(2200).nullable().default(null) })),

  'training.import.start': call<ImportStatus>({ access: 'training.write', audit: 'update', before: { none: 'a job that reads the file; it changes no record' } })(
    () => z.object({
      classId: recordId().nullable().default(null),
      fileName: requiredText(200),
      contentBase64: z.string().min(1, 'REQUIRED').max(MAX_IMPORT_BASE64, 'IMPORT_FILE_TOO_LARGE'),
    }),
  ),
  'training.import.preview': call<ImportStatus>({ access: 'training.read', audit: 'none' })(
    () => z.object({
      jobId: z.string().min(1).max(64),
      filter: z.enum(['all', 'valid', 'invalid']).default('all'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(0).max(500).default(100),
    }),
  ),
  // Reads another sheet of the workbook, or maps columns by hand (remembered for the same headers).
  'training.import.adjust': call<ImportStatus>({ access: 'training.write', audit: 'update', before: { none: 'a job re-reads its file; the remembered mapping is recorded as the input' } })(
    () => z.object({
      jobId: z.string().min(1).max(64),
      sheet: z.number().int().min(0).max(255),
      columns: z.array(z.enum(IMPORT_COLUMNS).nullable()).max(500).nullable().default(null),
    }),
  ),
  'training.import.exportInvalid': call<ImportInvalidRows>({ access: 'training.write', audit: 'export', before: { none: 'writes a file; changes no record' } })(() => z.object({ jobId: z.string().min(1).max(64) })),
  'training.import.commit': call<ImportStatus>({ access: 'training.write', audit: 'create', before: 'created' })(() => z.object({ jobId: z.string().min(1).max(64), expectedValid: z.number().int().min(0) })),
};

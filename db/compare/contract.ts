// The comparison area's part of the contract (数据比对与不漏一人): other departments' lists imported
// and compared with the register, confirmed status changes, left-out checks, households, and the
// plans' remaining items (family-doctor contracts, accident insurance, satisfaction, migrant workers).
// The register's people are who all of this is about, so access follows the register's permissions.
import { z } from 'zod';
import { call } from '../call';
import { isoDate, optionalText, recordId, requiredText } from '../schemas';
import type { SkipReason } from '../import/rules';
import {
  LEFT_OUT_CHECKS,
  LIST_SOURCES,
  LIST_STATUSES,
  SATISFACTION_SERVICES,
  type ComparisonKind,
  type FactStatus,
  type LeftOutCheck,
  type ListChanges,
  type ListSource,
  type ListStatus,
  type SatisfactionService,
  type StatusChange,
} from './rules';

const id = recordId;
const jobId = () => z.string().min(1).max(64);

// ---- importing a list ----

export const LIST_COLUMNS = ['idNumber', 'name', 'status'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

export interface ListIssue {
  code: string;
  field?: string;
  params?: Record<string, string | number>;
}

/** matched: in the register; unknown: not in the register (compared as "only theirs"); invalid: not imported. */
export type ListRowStatus = 'matched' | 'unknown' | 'invalid';

export interface ListPreviewRow {
  rowNumber: number;
  name: string;
  idNumber: string;
  statuses: ListStatus[];
  status: ListRowStatus;
  registerName: string;
  issues: ListIssue[];
}

export interface ListImportStatus {
  jobId: string;
  state: 'reading' | 'ready' | 'failed' | 'done';
  error: ListIssue | null;
  fileName: string;
  source: ListSource;
  sourceName: string;
  listDate: string;
  statuses: ListStatus[];
  sheets: string[];
  sheet: number;
  headerRows: number[];
  headers: string[];
  columns: (ListColumn | null)[];
  remembered: boolean;
  missingColumns: ListColumn[];
  skipped: { rowNumber: number; reason: SkipReason; text: string }[];
  total: number;
  valid: number;
  invalid: number;
  matched: number;
  unknown: number;
  filtered: number;
  rows: ListPreviewRow[];
  /** The list saved by the confirmation. */
  listId: number | null;
}

/** The largest file accepted, as base64 text (the same limit as the roster import). */
export const MAX_LIST_BASE64 = 5_500_000;

const listStatuses = () => z.array(z.enum(LIST_STATUSES)).min(1, 'COMPARE_STATUSES_REQUIRED').max(LIST_STATUSES.length);

// ---- lists and their comparison ----

export interface ListSummary {
  id: number;
  source: ListSource;
  sourceName: string;
  listDate: string;
  statuses: ListStatus[];
  fileName: string;
  rowCount: number;
  importedAt: string;
  importedBy: string;
  /** Confirmed changes that name this list as their reason. */
  applied: number;
}

export interface ComparisonRow {
  kind: ComparisonKind;
  idNumber: string;
  name: string;
  personId: number | null;
  registerName: string;
  listStatuses: ListStatus[];
  registerStatuses: ListStatus[];
  changes: StatusChange[];
  departed: { reason: 'died' | 'moved'; on: string } | null;
}

export interface ListComparison {
  list: ListSummary;
  counts: Record<ComparisonKind, number>;
  rows: ComparisonRow[];
  /** The same source's list before this one, and what changed since it (null for a source's first list). */
  previous: { id: number; listDate: string; changes: ListChanges } | null;
}

export const applyInput = () => z.object({
  listId: id(),
  changes: z
    .array(z.object({ personId: id(), status: z.enum(LIST_STATUSES), held: z.boolean() }))
    .min(1, 'COMPARE_NOTHING_CHOSEN')
    .max(20_000),
});
export type ApplyInput = z.input<ReturnType<typeof applyInput>>;

// ---- left-out checks ----

export interface LeftOutRow {
  check: LeftOutCheck;
  personId: number;
  name: string;
  idNumber: string;
  reason: string;
  params: Record<string, string | number>;
}

export interface LeftOutResult {
  today: string;
  rows: LeftOutRow[];
  counts: Record<LeftOutCheck, number>;
}

// ---- facts, departures ----

export interface StatusFact {
  id: number;
  status: FactStatus;
  held: boolean;
  effectiveFrom: string;
  listId: number | null;
  note: string;
  recordedAt: string;
  recordedBy: string;
}

export interface PersonFacts {
  personId: number;
  /** Statuses held today (the register's and the facts'). */
  current: FactStatus[];
  facts: StatusFact[];
  departure: { reason: 'died' | 'moved'; onDate: string } | null;
  household: { id: number; label: string } | null;
  insurance: InsuranceRow[];
}

/** Statuses recorded by hand as dated facts (the others are kept on the person record's form). */
export const HAND_FACTS = ['monitor', 'medical_insured', 'in_school', 'family_doctor', 'migrant_worker'] as const satisfies readonly FactStatus[];

// ---- households ----

export interface HouseholdMemberRow {
  personId: number;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  age: number;
  relation: string;
  workingAge: boolean;
  employed: boolean;
  level: number | null;
}

export interface HouseholdRow {
  id: number;
  label: string;
  members: HouseholdMemberRow[];
  zeroEmployment: boolean;
}

export interface HouseholdList {
  rows: HouseholdRow[];
  /** Households linking two or more people of the register (一户多残). */
  multiple: number;
  zeroEmployment: number;
}

// ---- plan items ----

export interface InsuranceRow {
  id: number;
  personId: number;
  name: string;
  policyNumber: string;
  insurer: string;
  startDate: string;
  endDate: string;
  current: boolean;
}

export interface CompareFigures {
  year: number;
  satisfaction: { service: SatisfactionService | 'all'; answers: number; satisfied: number; permille: number | null }[];
  /** People with a family-doctor contract (签约) on the year's last day (or today). */
  familyDoctor: number;
  /** Trainees of classes running in the year, and those of them who are migrant workers (农民工). */
  trainees: number;
  migrantTrainees: number;
  /** Children in rehab training at some time in the year, and those of them with accident insurance in it. */
  childrenInRehab: number;
  insuredChildren: number;
  households: number;
  multipleHouseholds: number;
  zeroEmploymentHouseholds: number;
}

export const compareCalls = {
  'compare.import.start': call<ListImportStatus>({ access: 'people.write', audit: 'update', before: { none: 'a job that reads the file; it changes no record' } })(
    () => z.object({
      source: z.enum(LIST_SOURCES, 'REQUIRED'),
      sourceName: optionalText(100),
      listDate: isoDate(),
      statuses: listStatuses(),
      fileName: requiredText(200),
      contentBase64: z.string().min(1, 'REQUIRED').max(MAX_LIST_BASE64, 'IMPORT_FILE_TOO_LARGE'),
    }),
  ),
  'compare.import.preview': call<ListImportStatus>({ access: 'people.read', audit: 'none' })(
    () => z.object({
      jobId: jobId(),
      filter: z.enum(['all', 'valid', 'invalid']).default('all'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(0).max(500).default(100),
    }),
  ),
  'compare.import.adjust': call<ListImportStatus>({ access: 'people.write', audit: 'update', before: { none: 'a job re-reads its file; the remembered mapping is recorded as the input' } })(
    () => z.object({ jobId: jobId(), sheet: z.number().int().min(0).max(255), columns: z.array(z.enum(LIST_COLUMNS).nullable()).max(500).nullable().default(null) }),
  ),
  'compare.import.commit': call<ListImportStatus>({ access: 'people.write', audit: 'create', before: 'created' })(() => z.object({ jobId: jobId(), expectedValid: z.number().int().min(0) })),

  'compare.lists.list': call<ListSummary[]>({ access: 'people.read', audit: 'none' })(() => z.object({})),
  'compare.lists.get': call<ListComparison>({ access: 'people.read', audit: 'none' })(() => z.object({ id: id() })),
  /** Applies the status changes the user chose from a comparison, in one step, the list named as their reason. */
  'compare.apply': call<{ applied: number; people: number }>({ access: 'people.write', audit: 'update', before: { none: 'each change is kept on the person (change log) and as a status fact naming the list' } })(() => applyInput()),

  'compare.leftOut': call<LeftOutResult>({ access: 'people.read', audit: 'none' })(() => z.object({})),
  'compare.leftOut.clear': call<LeftOutResult>({ access: 'people.write', audit: 'create', before: 'created' })(
    () => z.object({ personId: id(), check: z.enum(LEFT_OUT_CHECKS), reason: requiredText(200) }),
  ),

  'compare.facts.get': call<PersonFacts>({ access: 'people.read', audit: 'none' })(() => z.object({ personId: id() })),
  'compare.facts.record': call<PersonFacts>({ access: 'people.write', audit: 'create', before: 'created' })(
    () => z.object({ personId: id(), status: z.enum(HAND_FACTS), held: z.boolean(), effectiveFrom: isoDate(), note: optionalText(200) }),
  ),
  'compare.departure.set': call<PersonFacts>({ access: 'people.write', audit: 'update', before: { table: 'person_departure', key: 'personId', column: 'person_id' } })(
    () => z.object({ personId: id(), departure: z.object({ reason: z.enum(['died', 'moved']), onDate: isoDate() }).nullable() }),
  ),

  'compare.households.list': call<HouseholdList>({ access: 'people.read', audit: 'none' })(() => z.object({})),
  'compare.households.link': call<HouseholdList>({ access: 'people.write', audit: 'update', before: { table: 'household_member', key: 'personId', column: 'person_id' } })(
    () => z.object({ personId: id(), withPersonId: id(), relation: optionalText(20) }),
  ),
  'compare.households.unlink': call<HouseholdList>({ access: 'people.write', audit: 'delete', before: { table: 'household_member', key: 'personId', column: 'person_id' } })(() => z.object({ personId: id() })),

  'compare.insurance.add': call<PersonFacts>({ access: 'people.write', audit: 'create', before: 'created' })(
    () => z.object({ personId: id(), policyNumber: requiredText(50), insurer: optionalText(100), startDate: isoDate(), endDate: isoDate() }),
  ),
  'compare.satisfaction.add': call<CompareFigures>({ access: 'people.write', audit: 'create', before: 'created' })(
    () => z.object({ personId: id(), service: z.enum(SATISFACTION_SERVICES, 'REQUIRED'), rating: z.number().int().min(1, 'REQUIRED').max(5, 'REQUIRED'), answeredOn: isoDate() }),
  ),
  'compare.figures': call<CompareFigures>({ access: 'people.read', audit: 'none' })(() => z.object({ year: z.number().int().min(1900).max(2200) })),
};

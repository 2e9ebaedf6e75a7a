// The people register's part of the contract: input schemas and result types.
import { z } from 'zod';
import { call } from '../call';
import { once, optionalText, pii, recordId, requiredText } from '../schemas';
import { HOUSEHOLDS, SUPPORT_STATUSES, type Household, type SupportStatus } from './rules';

/** Built once: an import checks every row of its sheet with it. */
export const personInput = once(() => z.object({
  name: requiredText(50),
  idNumber: pii.id(z.string().trim().min(1, 'REQUIRED').max(30, 'PERSON_ID_FORMAT')),
  certNumber: pii.id(optionalText(30)),
  category: z.number().int().min(1).max(7).nullable().default(null),
  level: z.number().int().min(1).max(4).nullable().default(null),
  certExpiry: optionalText(10),
  household: z.enum(HOUSEHOLDS, 'REQUIRED'),
  supportStatuses: z.array(z.enum(SUPPORT_STATUSES)).max(SUPPORT_STATUSES.length).default([]),
  phone: pii.phone(optionalText(30)),
  address: optionalText(200),
  guardianName: optionalText(50),
  guardianPhone: pii.phone(optionalText(30)),
  guardianRelation: optionalText(20),
}));
export type PersonInput = z.input<ReturnType<typeof personInput>>;
export type PersonFields = z.output<ReturnType<typeof personInput>>;

/** The fields of a person record in the order the form shows them (errors and history follow it). */
export const PERSON_FIELDS = [
  'name',
  'idNumber',
  'certNumber',
  'category',
  'level',
  'certExpiry',
  'household',
  'supportStatuses',
  'phone',
  'address',
  'guardianName',
  'guardianPhone',
  'guardianRelation',
] as const satisfies readonly (keyof PersonFields)[];

export const PERSON_SORT_KEYS = ['name', 'idNumber', 'birthDate', 'category', 'certExpiry', 'updatedAt'] as const;
export type PersonSortKey = (typeof PERSON_SORT_KEYS)[number];

export const peopleSearchInput = () => z.object({
  q: z.string().trim().max(40, 'TOO_LONG').default(''),
  category: z.number().int().min(1).max(7).nullable().default(null),
  level: z.number().int().min(1).max(4).nullable().default(null),
  support: z.enum(SUPPORT_STATUSES).nullable().default(null),
  sort: z.enum(PERSON_SORT_KEYS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  /** Archived people are left out of the register unless asked for. */
  archived: z.boolean().default(false),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type PeopleSearchInput = z.input<ReturnType<typeof peopleSearchInput>>;

export interface PersonRow {
  id: number;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  age: number;
  certNumber: string;
  category: number | null;
  level: number | null;
  certExpiry: string;
  supportStatuses: SupportStatus[];
}

export interface PersonChange {
  at: string;
  actor: string;
  action: 'create' | 'update';
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface PersonDetail extends PersonRow {
  household: Household;
  phone: string;
  address: string;
  guardianName: string;
  guardianPhone: string;
  guardianRelation: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  archived: boolean;
  history: PersonChange[];
  /** Certificate numbers held before (a reissue, a new category or level), newest first. */
  earlierCertNumbers: { certNumber: string; certExpiry: string; replacedAt: string }[];
}

export interface ExpiringCertificates {
  today: string;
  expired: PersonRow[];
  within1: PersonRow[];
  within6: PersonRow[];
}

/**
 * One page per person: what each area holds about them, newest first. An area the caller may not
 * read is absent (null), not empty.
 */
export interface PersonOverview {
  /** Needs recorded for the person (精准康复), open ones first. */
  needs: { id: number; kind: string; service: string; recordedOn: string; status: string }[];
  rehab: { enrolmentId: number; category: string; status: string; startDate: string; therapistName: string; sessions: number; lastSession: string | null }[] | null;
  visits: { date: string; visitor: string }[] | null;
  training: { classId: number; title: string; startDate: string; endDate: string; completedOn: string | null }[] | null;
  placements: { id: number; employerName: string | null; startDate: string; endDate: string | null; placementType: string }[] | null;
  devices: { id: number; itemName: string; fittedOn: string; subsidyFen: number }[] | null;
  claims: { batchId: number; batchNumber: string; programme: string; period: string; status: string; amountFen: number }[] | null;
}

const id = recordId;
const personUpdate = () => personInput().extend({ id: id(), version: z.number().int().positive() });
export type PersonUpdate = z.input<ReturnType<typeof personUpdate>>;

export const peopleCalls = {
  'people.search': call<{ total: number; rows: PersonRow[] }>({ access: 'people.read', audit: 'none', idSearch: 'q' })(() => peopleSearchInput()),
  'people.get': call<PersonDetail>({ access: 'people.read', audit: 'none' })(() => z.object({ id: id() })),
  'people.create': call<PersonDetail>({ access: 'people.write', audit: 'create', before: 'created' })(() => personInput()),
  'people.update': call<PersonDetail>({ access: 'people.write', audit: 'update', before: { call: 'people.get' } })(() => personUpdate()),
  'people.overview': call<PersonOverview>({ access: 'people.read', audit: 'none' })(() => z.object({ id: id() })),
  'people.expiring': call<ExpiringCertificates>({ access: 'people.read', audit: 'none' })(() => z.object({})),
  'people.revealId': call<{ idNumber: string; certNumber: string }>({
    access: 'people.read',
    audit: 'reveal',
    auditedRead: true,
    before: { none: 'a read' },
    rateLimit: { calls: 10, minutes: 10 },
  })(() => z.object({ id: id() })),
  'people.archive': call<PersonDetail>({ access: 'people.write', audit: 'update', before: { call: 'people.get' } })(() => z.object({ id: id(), archived: z.boolean() })),
  'people.delete': call<{ deleted: true }>({ access: 'people.write', audit: 'delete', before: { call: 'people.get' } })(() => z.object({ id: id() })),
};

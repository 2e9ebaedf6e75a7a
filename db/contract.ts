// The one API contract: every call's name, input schema and result type. The Electron preload
// bridge, the IPC handlers, the browser host and the renderer client are all typed from this.
// Pure: no Node imports, so the renderer can import it (and reuse the schemas to check forms).
import { z } from 'zod';
import { HOUSEHOLDS, SUPPORT_STATUSES, type Household, type SupportStatus } from './people/rules';
import type { AppError, Result } from './errors';

export type { AppError, Result };

/** Schema messages are error codes; the renderer localises them. */
const text = (max: number) => z.string().trim().max(max, { message: 'TOO_LONG', params: { max } } as never);
const optionalText = (max: number) => text(max).default('');

export const personInput = z.object({
  name: text(50).min(1, 'REQUIRED'),
  idNumber: z.string().trim().min(1, 'REQUIRED').max(30, 'PERSON_ID_FORMAT'),
  certNumber: optionalText(30),
  category: z.number().int().min(1).max(7).nullable().default(null),
  level: z.number().int().min(1).max(4).nullable().default(null),
  certExpiry: optionalText(10),
  household: z.enum(HOUSEHOLDS, 'REQUIRED'),
  supportStatuses: z.array(z.enum(SUPPORT_STATUSES)).max(SUPPORT_STATUSES.length).default([]),
  phone: optionalText(30),
  address: optionalText(200),
  guardianName: optionalText(50),
  guardianPhone: optionalText(30),
  guardianRelation: optionalText(20),
});
export type PersonInput = z.input<typeof personInput>;
export type PersonFields = z.output<typeof personInput>;

export const PERSON_SORT_KEYS = ['name', 'idNumber', 'birthDate', 'category', 'certExpiry', 'updatedAt'] as const;
export type PersonSortKey = (typeof PERSON_SORT_KEYS)[number];

export const peopleSearchInput = z.object({
  q: z.string().trim().max(40, 'TOO_LONG').default(''),
  category: z.number().int().min(1).max(7).nullable().default(null),
  level: z.number().int().min(1).max(4).nullable().default(null),
  support: z.enum(SUPPORT_STATUSES).nullable().default(null),
  sort: z.enum(PERSON_SORT_KEYS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type PeopleSearchInput = z.input<typeof peopleSearchInput>;

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
  history: PersonChange[];
}

export interface ExpiringCertificates {
  today: string;
  expired: PersonRow[];
  within1: PersonRow[];
  within6: PersonRow[];
}

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface AppSettings {
  locale: Locale;
  operatorName: string;
}

export interface AppInfo {
  appVersion: string;
  schemaVersion: number;
  dataFile: string;
  host: 'electron' | 'browser';
  today: string;
  settings: AppSettings;
}

const id = z.number().int().positive();

/** Declares one call: `call<Result>()(inputSchema)`; the result exists as a type only. */
function call<R>() {
  return <I extends z.ZodType>(input: I): { input: I; result?: R } => ({ input });
}

const personUpdate = personInput.extend({ id, version: z.number().int().positive() });
export type PersonUpdate = z.input<typeof personUpdate>;

export const contract = {
  'app.info': call<AppInfo>()(z.object({})),
  'settings.update': call<AppSettings>()(
    z.object({
      locale: z.enum(LOCALES).optional(),
      operatorName: z.string().trim().min(1, 'REQUIRED').max(50, 'TOO_LONG').optional(),
    }),
  ),
  'people.search': call<{ total: number; rows: PersonRow[] }>()(peopleSearchInput),
  'people.get': call<PersonDetail>()(z.object({ id })),
  'people.create': call<PersonDetail>()(personInput),
  'people.update': call<PersonDetail>()(personUpdate),
  'people.expiring': call<ExpiringCertificates>()(z.object({})),
};

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallParsed<N extends CallName> = z.output<Contract[N]['input']>;
export type CallResult<N extends CallName> = NonNullable<Contract[N]['result']>;

/** What the renderer sees, whichever transport (Electron IPC or the browser host) carries it. */
export type Api = { [N in CallName]: (input: CallInput<N>) => Promise<Result<CallResult<N>>> };

/** What the Electron preload exposes as window.rehabdesk; the browser host's client has the same shape. */
export interface Bridge {
  invoke(name: string, input: unknown): Promise<Result<unknown>>;
}

export const CALL_NAMES = Object.keys(contract) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Turns schema issues into field errors with codes. */
export function issuesToError(issues: readonly z.core.$ZodIssue[]): AppError {
  const details: AppError[] = issues.map((issue) => {
    const code = /^[A-Z][A-Z0-9_]+$/.test(issue.message) ? issue.message : 'INVALID_INPUT';
    const params: Record<string, string | number> = {};
    if ('maximum' in issue && typeof issue.maximum === 'number') params.max = issue.maximum;
    if ('minimum' in issue && typeof issue.minimum === 'number') params.min = issue.minimum;
    return { code, field: issue.path.join('.'), ...(Object.keys(params).length ? { params } : {}) };
  });
  if (details.length === 1) return details[0]!;
  return { code: 'VALIDATION', field: details[0]?.field, details };
}

// The devices area's part of the contract (辅助器具适配): input schemas and result types.
import { z } from 'zod';
import { call } from '../call';
import { fen, isoDate, optionalMultiLineText, optionalText, recordId, requiredMultiLineText, requiredText } from '../schemas';
import { SUPPORT_STATUSES, type SupportStatus } from '../people/rules';
import {
  ABANDON_REASONS,
  DEVICE_CLASSES,
  FOLLOWUP_OUTCOMES,
  type AbandonReason,
  type DeviceClass,
  type FollowupOutcome,
  type SubsidyRule,
  type SubsidyRules,
  type SubsidySplit,
} from './rules';

const id = recordId;
const version = () => z.number().int().positive();
const percent = () => z.number().int('DEVICE_PERCENT_RANGE').min(0, 'DEVICE_PERCENT_RANGE').max(100, 'DEVICE_PERCENT_RANGE');
const months = (max: number) => z.number().int('DEVICE_MONTHS_RANGE').min(0, 'DEVICE_MONTHS_RANGE').max(max, 'DEVICE_MONTHS_RANGE');

// ---- catalogue ----

export const catalogueItemInput = () => z.object({
  code: requiredText(20),
  deviceClass: z.enum(DEVICE_CLASSES, 'REQUIRED'),
  isoCode: requiredText(12),
  name: requiredText(60),
  listPriceFen: fen(),
  replaceMonths: months(240),
  subsidyCapFen: fen(),
  basic: z.boolean(),
  active: z.boolean().default(true),
});
export type CatalogueItemInput = z.input<ReturnType<typeof catalogueItemInput>>;
export type CatalogueItemFields = z.output<ReturnType<typeof catalogueItemInput>>;

export interface CatalogueItem {
  id: number;
  code: string;
  deviceClass: DeviceClass;
  isoCode: string;
  name: string;
  listPriceFen: number;
  replaceMonths: number;
  subsidyCapFen: number;
  basic: boolean;
  /** A basic item listed above its subsidy cap (free households pay nothing for it all the same). */
  basicAboveCap: boolean;
  active: boolean;
  /** How many fittings use it (an item in use is retired rather than changed beyond recognition). */
  fittings: number;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

// ---- the year's rules ----

export const subsidyRulesInput = () => z.object({
  freeBasicStatuses: z.array(z.enum(SUPPORT_STATUSES)).max(SUPPORT_STATUSES.length),
  statusPercents: z.record(z.enum(SUPPORT_STATUSES), percent().nullable()),
  defaultPercent: percent(),
  classCapsFen: z.record(z.enum(DEVICE_CLASSES), fen().nullable()),
  serviceSharePercents: z.partialRecord(z.enum(DEVICE_CLASSES), percent()).optional(),
});

export const rulesYear = () => z.number().int().min(2000, 'DEVICE_YEAR_RANGE').max(2100, 'DEVICE_YEAR_RANGE');

export const deviceRulesInput = () => z.object({
  year: rulesYear(),
  subsidy: subsidyRulesInput(),
  afterFittingMonths: months(24).min(1, 'DEVICE_MONTHS_RANGE'),
  afterAdjustmentMonths: months(12).min(1, 'DEVICE_MONTHS_RANGE'),
});
export type DeviceRulesInput = z.input<ReturnType<typeof deviceRulesInput>>;

export interface DeviceRules {
  year: number;
  subsidy: SubsidyRules;
  afterFittingMonths: number;
  afterAdjustmentMonths: number;
  /** The year these rules were set for; earlier than `year` when carried over; null for the built-in defaults. */
  setForYear: number | null;
}

// ---- a person's device file ----

export interface DevicePerson {
  id: number;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  age: number;
  category: number | null;
  level: number | null;
  household: 'urban' | 'rural';
  phone: string;
  supportStatuses: SupportStatus[];
}

export const assessmentInput = () => z.object({
  personId: id(),
  assessedOn: isoDate(),
  assessor: requiredText(50),
  needs: requiredMultiLineText(500),
  recommendedClasses: z.array(z.enum(DEVICE_CLASSES)).min(1, 'DEVICE_CLASSES_REQUIRED').max(DEVICE_CLASSES.length),
  prescription: optionalMultiLineText(500),
});
export type AssessmentInput = z.input<ReturnType<typeof assessmentInput>>;

export interface Assessment {
  id: number;
  personId: number;
  assessedOn: string;
  assessor: string;
  needs: string;
  recommendedClasses: DeviceClass[];
  prescription: string;
  createdAt: string;
  createdBy: string;
}

const fittingFields = () => ({
  assessmentId: id().nullable().default(null),
  itemId: z.number({ error: 'REQUIRED' }).int().positive('REQUIRED'),
  supplier: requiredText(100),
  serialNumber: optionalText(60),
  costFen: fen(),
  fittedOn: isoDate(),
  trainingGiven: z.boolean().default(false),
  trainingNotes: optionalMultiLineText(500),
  /** Required when an earlier fitting of the same kind is still within its replacement interval. */
  replacementReason: optionalMultiLineText(500),
});
export const fittingInput = () => z.object({ personId: id(), ...fittingFields() });
export type FittingInput = z.input<ReturnType<typeof fittingInput>>;
export type FittingFields = z.output<ReturnType<typeof fittingInput>>;
export const fittingUpdate = () => z.object({ id: id(), version: version(), ...fittingFields() });
export type FittingUpdate = z.input<ReturnType<typeof fittingUpdate>>;

export interface Followup {
  id: number;
  fittingId: number;
  visitedOn: string;
  outcome: FollowupOutcome;
  abandonReason: AbandonReason | null;
  notes: string;
  visitor: string;
  createdAt: string;
  createdBy: string;
}

export interface Fitting {
  id: number;
  personId: number;
  assessmentId: number | null;
  itemId: number;
  itemCode: string;
  itemName: string;
  deviceClass: DeviceClass;
  kind: string;
  supplier: string;
  serialNumber: string;
  fittedOn: string;
  costFen: number;
  subsidyFen: number;
  selfPaidFen: number;
  /** The part of the subsidy that pays the fitting service (the rest pays the product). */
  subsidyServiceFen: number;
  rule: { ruleApplied: SubsidyRule; status: SupportStatus | null; percent: number; capFen: number };
  trainingGiven: boolean;
  trainingNotes: string;
  replaceFrom: string;
  earlyReplacementOf: number | null;
  replacementReason: string;
  followupDue: string;
  /** The visit this fitting now waits for; null when none is due any more. */
  nextFollowupDue: string | null;
  followups: Followup[];
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface DeviceChange {
  id: number;
  entity: 'item' | 'rules' | 'assessment' | 'fitting' | 'followup';
  entityId: number;
  at: string;
  actor: string;
  action: 'create' | 'update';
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface DevicePersonFile {
  person: DevicePerson;
  assessments: Assessment[];
  fittings: Fitting[];
  history: DeviceChange[];
}

/** The earlier fitting a new one would replace too soon. */
export interface EarlyReplacement {
  fittingId: number;
  itemName: string;
  fittedOn: string;
  replaceFrom: string;
}

export const quoteInput = () => z.object({
  personId: id(),
  itemId: id(),
  costFen: fen(),
  fittedOn: isoDate(),
  /** When editing: the fitting itself is not its own earlier fitting. */
  fittingId: id().nullable().default(null),
});
export type QuoteInput = z.input<ReturnType<typeof quoteInput>>;

export interface Quote {
  split: SubsidySplit;
  rulesYear: number;
  earlyReplacement: EarlyReplacement | null;
  replaceFrom: string;
  followupDue: string;
}

// ---- follow-ups ----

export const followupInput = () => z.object({
  fittingId: id(),
  visitedOn: isoDate(),
  outcome: z.enum(FOLLOWUP_OUTCOMES, 'REQUIRED'),
  abandonReason: z.enum(ABANDON_REASONS).nullable().default(null),
  notes: optionalMultiLineText(500),
  visitor: optionalText(50),
});
export type FollowupInput = z.input<ReturnType<typeof followupInput>>;

export const followupsDueInput = () => z.object({
  /** Visits due up to this many days from today (overdue ones always). */
  withinDays: z.number().int().min(0).max(366).default(30),
  /** The earliest this many; `total` says how many are due in all. */
  limit: z.number().int().min(1).max(2000).default(500),
});

export interface FollowupDueRow {
  fittingId: number;
  personId: number;
  personName: string;
  idNumber: string;
  phone: string;
  itemName: string;
  deviceClass: DeviceClass;
  fittedOn: string;
  dueOn: string;
  overdue: boolean;
  lastOutcome: FollowupOutcome | null;
}

export interface FollowupsDue {
  today: string;
  until: string;
  total: number;
  rows: FollowupDueRow[];
}

// ---- lists and figures ----

export const recentInput = () => z.object({ limit: z.number().int().min(1).max(200).default(50) });

export interface FittingRow {
  id: number;
  personId: number;
  personName: string;
  itemName: string;
  deviceClass: DeviceClass;
  fittedOn: string;
  costFen: number;
  subsidyFen: number;
  selfPaidFen: number;
  early: boolean;
}

export interface DeviceFigures {
  year: number;
  today: string;
  /** Fittings per class, January to December. */
  byClassMonth: Record<DeviceClass, number[]>;
  fittings: number;
  costFen: number;
  subsidyFen: number;
  selfPaidFen: number;
  subsidyByMonthFen: number[];
  subsidyByClassFen: Record<DeviceClass, number>;
  /** First follow-ups due in the year up to today, and how many of those visits were made. */
  followupDue: number;
  followupDone: number;
  /** Whole percent, null when none was due. */
  followupRate: number | null;
  followupDueByMonth: number[];
  followupDoneByMonth: number[];
  outcomes: Record<FollowupOutcome, number>;
}

export const devicesCalls = {
  'devices.catalogue': call<CatalogueItem[]>({ access: 'devices.read', audit: 'none' })(() => z.object({ includeRetired: z.boolean().default(true) })),
  'devices.itemCreate': call<CatalogueItem>({ access: 'devices.write', audit: 'create', before: 'created' })(() => catalogueItemInput()),
  'devices.itemUpdate': call<CatalogueItem>({ access: 'devices.write', audit: 'update', before: { table: 'device_item' } })(() => catalogueItemInput().extend({ id: id(), version: version() })),
  'devices.rules': call<DeviceRules>({ access: 'devices.read', audit: 'none' })(() => z.object({ year: rulesYear() })),
  'devices.rulesSave': call<DeviceRules>({ access: 'devices.write', audit: 'update', before: { call: 'devices.rules', input: (i: { year: number }) => ({ year: i.year }) } })(() => deviceRulesInput()),
  'devices.person': call<DevicePersonFile>({ access: 'devices.read', audit: 'none' })(() => z.object({ personId: id() })),
  'devices.assessmentCreate': call<Assessment>({ access: 'devices.write', audit: 'create', before: 'created' })(() => assessmentInput()),
  'devices.quote': call<Quote>({ access: 'devices.read', audit: 'none' })(() => quoteInput()),
  'devices.fittingCreate': call<Fitting>({ access: 'devices.write', audit: 'create', before: 'created' })(() => fittingInput()),
  'devices.fittingUpdate': call<Fitting>({ access: 'devices.write', audit: 'update', before: { table: 'device_fitting' } })(() => fittingUpdate()),
  'devices.recent': call<FittingRow[]>({ access: 'devices.read', audit: 'none' })(() => recentInput()),
  'devices.followupsDue': call<FollowupsDue>({ access: 'devices.read', audit: 'none' })(() => followupsDueInput()),
  'devices.followupRecord': call<Fitting>({ access: 'devices.write', audit: 'create', before: 'created' })(() => followupInput()),
  'devices.figures': call<DeviceFigures>({ access: 'devices.read', audit: 'none' })(() => z.object({ year: rulesYear() })),
};

// The returns area's part of the contract (汇总上报): the centre's identity and the office key,
// exporting a return package, importing many in consolidation mode, statistics, the cross-centre
// check, and exporting a consolidation upward. Long work returns a job to watch (jobs.get).
import { z } from 'zod';
import { call } from '../call';
import { text } from '../schemas';
import type { AppError } from '../errors';
import type { JobView } from '../jobs';
import { CENTRE_TYPES, parsePeriod, type CentreIdentity, type Period } from './rules';
import type { CentreRef, ChildrenCross, StatsTable } from './tables';
import { LEFT_OUT_CHECKS, type LeftOutCheck } from '../compare/rules';

export type { CentreIdentity, Period, CentreRef, StatsTable, ChildrenCross };

/** A period code (2026, 2026-H2, 2026-Q4, 2026-11), kept as its canonical code. */
export const periodInput = () => z
  .string()
  .trim()
  .min(1, 'REQUIRED')
  .max(10, 'RETURNS_PERIOD_INVALID')
  .transform((value, ctx) => {
    const period = parsePeriod(value);
    if (!period) {
      ctx.addIssue({ code: 'custom', message: 'RETURNS_PERIOD_INVALID' });
      return z.NEVER;
    }
    return period.code;
  });

// Checked by the identity rule, so that every wrong field is reported together.
export const centreInput = () => z.object({
  name: text(100),
  type: z.enum(CENTRE_TYPES, 'REQUIRED'),
  creditCode: text(30),
  regionCode: text(12),
});
export type CentreInput = z.input<ReturnType<typeof centreInput>>;

export interface CentreSettings {
  identity: CentreIdentity | null;
  /** A short fingerprint of the office key (never the key), or null when none is set. */
  keyFingerprint: string | null;
  /** Where exports are written (a folder beside the data file). */
  exportDir: string;
  today: string;
}

export const officeKeyInput = () => z.object({
  key: z.string().trim().min(16, 'RETURNS_KEY_SHORT').max(200, 'TOO_LONG'),
});

export const exportInput = () => z.object({
  period: periodInput(),
  /** ID numbers replaced by the keyed hash, names dropped (a statistics-only return). */
  deidentified: z.boolean().default(false),
});
export type ExportInput = z.input<ReturnType<typeof exportInput>>;

export interface ExportResult {
  kind: 'centre' | 'consolidation';
  period: string;
  deidentified: boolean;
  /** For a download link (files.link). */
  fileId: string;
  fileName: string;
  /** The full path on this computer. */
  file: string;
  bytes: number;
  rows: number;
  checksum: string;
  ms: number;
  /** The data file is encrypted but this package is not (any SQLite tool opens it): the screen says so. */
  unencryptedCopy: boolean;
}

export interface ExportRow {
  id: number;
  kind: 'centre' | 'consolidation';
  period: string;
  deidentified: boolean;
  fileName: string;
  file: string;
  checksum: string;
  rows: number;
  bytes: number;
  createdAt: string;
  createdBy: string;
}

export const importInput = () => z.object({
  /** Package files, or folders whose *.sqlite files are all imported. */
  paths: z.array(z.string().trim().min(1, 'REQUIRED').max(1000, 'TOO_LONG')).min(1, 'RETURNS_PATHS_REQUIRED').max(500, 'TOO_LONG'),
});
export type ImportInput = z.input<ReturnType<typeof importInput>>;

export type ImportOutcome = 'imported' | 'replaced' | 'rejected';

export interface ImportFileResult {
  fileName: string;
  file: string;
  outcome: ImportOutcome;
  /** Why it was rejected. */
  error: AppError | null;
  centre: { code: string; name: string } | null;
  period: string | null;
  kind: 'centre' | 'consolidation' | null;
  packageId: number | null;
  /** Rows per table of the package imported. */
  counts: Record<string, number> | null;
  /** Rows per table of the package it replaced. */
  before: Record<string, number> | null;
}

export interface ImportResult {
  importId: number;
  files: ImportFileResult[];
  imported: number;
  replaced: number;
  rejected: number;
  ms: number;
}

export interface PackageRow {
  id: number;
  status: 'current' | 'replaced';
  kind: 'centre' | 'consolidation';
  centreCode: string;
  centreName: string;
  centreType: string;
  regionCode: string;
  period: string;
  exportedAt: string;
  deidentified: boolean;
  formatVersion: number;
  claims: 'absent' | 'included';
  fileName: string;
  rows: number;
  /** Centres the package covers (1 for a centre's own). */
  sources: number;
  importedAt: string;
  importedBy: string;
  replacedBy: number | null;
}

export const packagesInput = () => z.object({
  period: z.union([z.literal(''), periodInput()]).default(''),
  includeReplaced: z.boolean().default(false),
});

export interface PeriodSummary {
  period: string;
  from: string;
  to: string;
  packages: number;
  centres: number;
}

export interface ReturnStats {
  period: Period;
  centres: CentreRef[];
  packages: number;
  /** Centres whose packages carry subsidy claims (the rest predate claims or have none). */
  claimsCentres: number;
  /** Centres whose packages carried the people checks (format 3); the others' figures show as not reported. */
  checksCentres: number;
  tables: StatsTable[];
  childrenCross: ChildrenCross;
}

export const statsInput = () => z.object({ period: periodInput() });

export const statsExportInput = () => z.object({
  period: periodInput(),
  /** The workbook's texts in the user's language: returns.labels.* flattened (key → text with {params}). */
  labels: z
    .record(z.string().max(80), z.string().max(200, 'TOO_LONG'))
    .refine((labels) => Object.keys(labels).length <= 1000, 'TOO_LONG'),
});
export type StatsExportInput = z.input<ReturnType<typeof statsExportInput>>;

export interface WorkbookResult {
  period: string;
  fileId: string;
  fileName: string;
  file: string;
  bytes: number;
  sheets: number;
  ms: number;
  /** The data file is encrypted but this workbook is not: the screen says so. */
  unencryptedCopy: boolean;
}

export const OVERLAP_PROGRAMMES = ['rehab', 'training', 'placement', 'devices', 'claims'] as const;
export type OverlapProgramme = (typeof OVERLAP_PROGRAMMES)[number];

export interface OverlapSide {
  centre: CentreRef;
  /** The record in that centre's package (enrolment, class, placement, fitting or claim line). */
  ref: string;
  from: string;
  to: string;
}

export interface OverlapRow {
  programme: OverlapProgramme;
  /** Device class, or the claimed programme; '' otherwise. */
  scope: string;
  name: string;
  /** The resident ID when a package carries it (masked for roles without full IDs). */
  idNumber: string;
  /** The start of the keyed hash when only that is known. */
  keyHash: string;
  a: OverlapSide;
  b: OverlapSide;
  overlapFrom: string;
  overlapTo: string;
}

export interface Overlaps {
  period: string;
  /** Pairs found in all; rows holds the first `limit`. */
  total: number;
  people: number;
  rows: OverlapRow[];
}

export const overlapsInput = () => z.object({ period: periodInput(), limit: z.number().int().min(1).max(2000).default(500) });

/** The left-out people the office holds for a period (from format-3 packages), filtered and paged. */
export const leftOutListInput = () => z.object({
  period: periodInput(),
  check: z.union([z.literal(''), z.enum(LEFT_OUT_CHECKS)]).default(''),
  /** A centre's code (its credit code); '' for all. */
  centre: z.string().trim().max(30, 'TOO_LONG').default(''),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});
export type LeftOutListInput = z.input<ReturnType<typeof leftOutListInput>>;

export interface LeftOutListRow {
  centre: CentreRef;
  check: LeftOutCheck;
  /** The reason code the centre's check gave (LEFT_OUT_*); packages carry no parameters. */
  reason: string;
  /** The resident ID when the package carries it (masked for roles without full IDs). */
  idNumber: string;
  /** The start of the keyed hash when only that is known. */
  keyHash: string;
  /** Other centres of the period that left out the same person (any check). */
  otherCentres: number;
}

export interface LeftOutList {
  period: string;
  /** Centres of the period whose packages carried the people checks (for the filter). */
  centres: CentreRef[];
  /** Rows matching the filters; rows holds those from offset, at most limit. */
  total: number;
  offset: number;
  rows: LeftOutListRow[];
}

export interface ImportFileRow extends ImportFileResult {
  at: string;
}

export interface ImportHistory {
  importId: number | null;
  startedAt: string;
  startedBy: string;
  files: ImportFileRow[];
}

export const returnsCalls = {
  'returns.centre.get': call<CentreSettings>({ access: 'returns.read', audit: 'none' })(() => z.object({})),
  'returns.centre.save': call<CentreSettings>({ access: 'returns.write', audit: 'update', before: { call: 'returns.centre.get', input: () => ({}) } })(() => centreInput()),
  'returns.officeKey.save': call<CentreSettings>({ access: 'returns.write', audit: 'update', before: { none: 'the key is a secret; only that it changed is recorded' } })(() => officeKeyInput()),
  'returns.export': call<JobView<ExportResult>>({ access: 'returns.write', audit: 'export', personalInFile: 'deidentified', before: { none: 'a job that writes a package file' } })(() => exportInput()),
  'returns.exports.list': call<ExportRow[]>({ access: 'returns.read', audit: 'none' })(() => z.object({ limit: z.number().int().min(1).max(200).default(20) })),
  'returns.import': call<JobView<ImportResult>>({ access: 'returns.write', audit: 'create', before: { none: 'a job; the imported packages are new records' } })(() => importInput()),
  'returns.imports.list': call<ImportHistory>({ access: 'returns.read', audit: 'none' })(() => z.object({})),
  'returns.packages.list': call<PackageRow[]>({ access: 'returns.read', audit: 'none' })(() => packagesInput()),
  'returns.periods.list': call<PeriodSummary[]>({ access: 'returns.read', audit: 'none' })(() => z.object({})),
  'returns.stats.get': call<ReturnStats>({ access: 'returns.read', audit: 'none' })(() => statsInput()),
  'returns.stats.export': call<JobView<WorkbookResult>>({ access: 'returns.write', audit: 'export', personalInFile: 'none', before: { none: 'writes a workbook file' } })(() => statsExportInput()),
  'returns.overlaps.list': call<Overlaps>({ access: 'returns.read', audit: 'none' })(() => overlapsInput()),
  'returns.leftOut.list': call<LeftOutList>({ access: 'returns.read', audit: 'none' })(() => leftOutListInput()),
  'returns.consolidated.export': call<JobView<ExportResult>>({ access: 'returns.write', audit: 'export', personalInFile: 'deidentified', before: { none: 'a job that writes a package file' } })(() => exportInput()),
};

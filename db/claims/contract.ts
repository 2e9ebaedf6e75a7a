// The claims area's part of the contract (补贴申报): rules per programme, claim batches with their
// lines and who was left out, the workflow, adjustments, explanations and the export.
// Reads are named with a reading verb (list, get, explain, search, preview); the rest write.
import { z } from 'zod';
import { call } from '../call';
import { fen, isoDate, optionalText, recordId, requiredText } from '../schemas';
import { MAX_FEN } from '../common/money';
import type { JobView } from '../jobs';
import {
  BATCH_STATUSES,
  LINE_PAGE,
  LINE_PAGE_MAX,
  PROGRAMMES,
  parsePeriod,
  normalisePeriod,
  AGE_EXTENSIONS,
  PRORATIONS,
  RULE_CATEGORIES,
  overlappingRows,
  type BatchStatus,
  type LeftOutReason,
  type Programme,
  type RecordRef,
  type RuleOf,
  type RulePath,
  type RuleVersion,
  type Step,
  type Unit,
} from './rules';

const version = () => z.number().int().positive();
const programme = () => z.enum(PROGRAMMES, 'REQUIRED');
const count = (max: number) => z.number('CLAIMS_WHOLE_NUMBER').int('CLAIMS_WHOLE_NUMBER').min(1, 'CLAIMS_WHOLE_NUMBER').max(max, 'CLAIMS_WHOLE_NUMBER');
const period = () => z
  .string()
  .trim()
  .min(1, 'REQUIRED')
  // Typed as people write it (2026/10, 2026年10月), stored one way (2026-10).
  .transform((p, ctx) => {
    const r = normalisePeriod(p);
    if ('problem' in r) {
      ctx.addIssue({ code: 'custom', message: r.problem });
      return z.NEVER;
    }
    return r.code;
  })
  .refine((p) => parsePeriod(p) !== null, 'CLAIMS_PERIOD_FORMAT');

// ---- rules ----

export const rehabRuleInput = () => z
  .object({
    monthlyStandardFen: fen().min(1, 'AMOUNT_INVALID'),
    basis: z.enum(['days', 'sessions'], 'REQUIRED'),
    fullMonthMin: count(200),
    proRate: z.enum(['none', 'proportional'], 'REQUIRED'),
    partialMin: count(200),
    yearlyCapFen: fen().nullable(),
    ageLimit: count(18),
    requireCertificate: z.boolean(),
  })
  .superRefine((r, ctx) => {
    if (r.partialMin > r.fullMonthMin) ctx.addIssue({ code: 'custom', path: ['partialMin'], message: 'CLAIMS_PARTIAL_ABOVE_FULL' });
    if (r.yearlyCapFen !== null && r.yearlyCapFen < r.monthlyStandardFen) {
      ctx.addIssue({ code: 'custom', path: ['yearlyCapFen'], message: 'CLAIMS_CAP_BELOW_STANDARD' });
    }
  });
export const trainingRuleInput = () => z.object({
  amounts: z
    .array(z.object({ courseType: z.string().trim().min(1).max(40), amountFen: fen() }))
    .max(100)
    .refine((a) => new Set(a.map((x) => x.courseType)).size === a.length, 'INVALID_INPUT'),
  placementRequired: z.boolean(),
  placementMonths: count(60),
  requireCertificate: z.boolean(),
});
export const devicesRuleInput = () => z.object({ requireCertificate: z.boolean() });

const age = () => z.number('CLAIMS_WHOLE_NUMBER').int('CLAIMS_WHOLE_NUMBER').min(0, 'CLAIMS_WHOLE_NUMBER').max(25, 'CLAIMS_WHOLE_NUMBER');
export const rehabRuleRowInput = () => z
  .object({
    category: z.enum(RULE_CATEGORIES, 'REQUIRED'),
    ageFrom: age(),
    ageTo: age(),
    monthlyFen: fen(),
    lumpSumFen: fen(),
    maxMonthsPerYear: count(12).nullable(),
    yearlyCapFen: fen().nullable(),
    proration: z.enum(PRORATIONS, 'REQUIRED'),
    fullMonthMin: count(200),
    extensions: z
      .array(z.object({ reason: z.enum(AGE_EXTENSIONS, 'REQUIRED'), toAge: age() }))
      .max(AGE_EXTENSIONS.length)
      .refine((list) => new Set(list.map((e) => e.reason)).size === list.length, 'CLAIMS_EXTENSION_TWICE'),
  })
  .superRefine((r, ctx) => {
    if (r.ageTo <= r.ageFrom) ctx.addIssue({ code: 'custom', path: ['ageTo'], message: 'CLAIMS_BAND_EMPTY' });
    if (r.monthlyFen === 0 && r.lumpSumFen === 0) ctx.addIssue({ code: 'custom', path: ['monthlyFen'], message: 'CLAIMS_ROW_NO_AMOUNT' });
    if (r.yearlyCapFen !== null && r.yearlyCapFen < Math.max(r.monthlyFen, r.lumpSumFen)) {
      ctx.addIssue({ code: 'custom', path: ['yearlyCapFen'], message: 'CLAIMS_CAP_BELOW_STANDARD' });
    }
    r.extensions.forEach((e, i) => {
      if (e.toAge <= r.ageTo) ctx.addIssue({ code: 'custom', path: ['extensions', i, 'toAge'], message: 'CLAIMS_EXTENSION_NOT_ABOVE' });
    });
  });
export const rehabStandardInput = () => z
  .object({
    kind: z.literal('standard'),
    rows: z.array(rehabRuleRowInput()).min(1, 'CLAIMS_NO_ROWS').max(60),
    requireApproval: z.boolean(),
    requireCertificate: z.boolean(),
    /** The funds include parent training: its records count toward the month. */
    parentTraining: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    const overlap = overlappingRows(r.rows);
    if (overlap) ctx.addIssue({ code: 'custom', path: ['rows', overlap[1], 'ageFrom'], message: 'CLAIMS_ROWS_OVERLAP' });
  });
export type RehabStandardInput = z.input<ReturnType<typeof rehabStandardInput>>;

const ruleSave = () => z.discriminatedUnion('programme', [
  z.object({ programme: z.literal('rehab'), effectiveFrom: isoDate(), rule: rehabRuleInput() }),
  z.object({ programme: z.literal('training'), effectiveFrom: isoDate(), rule: trainingRuleInput() }),
  z.object({ programme: z.literal('devices'), effectiveFrom: isoDate(), rule: devicesRuleInput() }),
]);
export type RuleSave = z.input<ReturnType<typeof ruleSave>>;

export interface RuleVersionView<P extends Programme = Programme> extends RuleVersion<P> {
  updatedAt: string;
  updatedBy: string;
}

export interface ClaimRules<P extends Programme = Programme> {
  programme: P;
  /** Oldest first. */
  versions: RuleVersionView<P>[];
  /** The version in force today, if any. */
  current: RuleOf[P] | null;
  centreName: string;
  /** Course types known to the training area (codes; the added ones with their names). */
  courseTypes: { code: string; name: string }[];
}

// ---- batches and lines ----

export interface LineView {
  id: number;
  seq: number;
  kind: 'claim' | 'adjustment';
  personId: number;
  name: string;
  sex: 'M' | 'F';
  idNumber: string;
  certNumber: string;
  category: number | null;
  level: number | null;
  serviceKey: string;
  serviceFrom: string;
  serviceTo: string;
  /** rehab category, training course type or device class: worded by the renderer. */
  contentCode: string;
  /** The class title or device name, when there is one. */
  contentText: string;
  quantity: number;
  unit: Unit;
  standardFen: number;
  amountFen: number;
  ruleFrom: string;
  steps: Step[];
  /** Under a local standard: the category, band, months so far and cap the amount rests on. */
  path: RulePath | null;
  /** An adjustment claiming again what finance rejected or cut on the line it adjusts. */
  reclaim: boolean;
  excluded: boolean;
  excludeReason: string;
  /** For an adjustment: the line it corrects. */
  adjusts: { lineId: number; batchId: number; number: string; seq: number; amountFen: number; serviceFrom: string; serviceTo: string } | null;
  adjustReason: string;
  /** Finance's answer on the line: final once given. */
  answer: LineAnswer | null;
}

export interface LineAnswer {
  decision: 'approved' | 'rejected';
  approvedFen: number;
  /** A seeded reason (worded by the renderer) or one the centre added (with its label). */
  reasonCode: string;
  reasonLabel: string;
  note: string;
  answeredOn: string;
  answeredBy: string;
}

export interface RejectReason {
  code: string;
  /** '' for the seeded reasons (worded by the renderer). */
  label: string;
  builtin: boolean;
}

/** A line finance rejected or cut, that a later batch may claim again. */
export interface ReclaimableLine extends LineView {
  batchId: number;
  number: string;
  /** claimed − approved: what a re-claim asks for. */
  shortFen: number;
}

/** One row of the claims report: a programme, a service month and a category. */
export interface ReportRow {
  programme: Programme;
  month: string;
  category: string;
  lines: number;
  claimedFen: number;
  approvedFen: number;
  adjustedFen: number;
  paidFen: number;
}

/**
 * What claims.batches.remove answers, and so what the audit trail keeps of a removed draft: its
 * name, how many lines it held (excluded ones among them) and what the counted lines came to.
 */
export interface RemovedBatch {
  id: number;
  number: string;
  programme: Programme;
  period: string;
  lines: number;
  excludedLines: number;
  people: number;
  totalFen: number;
}

export interface LeftOutView {
  id: number;
  personId: number;
  name: string;
  idNumber: string;
  serviceFrom: string;
  serviceTo: string;
  contentCode: string;
  contentText: string;
  reason: LeftOutReason;
  params: Record<string, string | number>;
}

export interface BatchEvent {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, string | number>;
}

export interface BatchRow {
  id: number;
  number: string;
  programme: Programme;
  period: string;
  periodStart: string;
  periodEnd: string;
  status: BatchStatus;
  /** Lines that count (not excluded), adjustments included. */
  lineCount: number;
  people: number;
  totalFen: number;
  rejectReason: string;
  paidOn: string;
  voucherNo: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

export interface BatchDetail extends BatchRow {
  centreName: string;
  submittedAt: string;
  submittedBy: string;
  decidedOn: string;
  decidedBy: string;
  claimFen: number;
  adjustmentFen: number;
  /** What finance approved: the answered lines' approved amounts, and once the batch is approved, the unanswered lines in full. */
  approvedFen: number;
  /** Paid: the approved amount once the batch is paid. */
  paidFen: number;
  /** Lines finance has answered. */
  answered: number;
  /** The total in Chinese capital numerals (大写金额). */
  totalCapital: string;
  /** The first page of lines (LINE_PAGE of them, in seq order); claims.lines.page gives the rest. */
  lines: LineView[];
  /** Every line of the batch, excluded ones and adjustments included. */
  lineTotal: number;
  leftOut: LeftOutView[];
  events: BatchEvent[];
  /** Records locked while the batch is submitted, approved or paid. */
  lockedRecords: number;
}

export interface LineExplanation {
  line: LineView;
  batch: { id: number; number: string; status: BatchStatus; programme: Programme };
  rule: RuleVersion | null;
  records: RecordRef[];
  /** Adjustments of this line in other batches (that count). */
  adjustments: { lineId: number; number: string; amountFen: number; reason: string }[];
  /** Whether its records are locked now, and by which batch. */
  lockedBy: string;
}

export interface AdjustablePreview {
  line: LineView;
  number: string;
  adjustedSoFarFen: number;
  /** What the line comes to if computed again today (current rules and records); null when left out now. */
  recomputedFen: number | null;
  recomputedSteps: Step[];
  recomputedReason: LeftOutReason | null;
  /** recomputed − (original + adjustments so far); what an adjustment would propose. */
  differenceFen: number;
  /** The least (most negative) amount an adjustment may have. */
  floorFen: number;
}

export interface ExportResult {
  fileName: string;
  path: string;
  /** For files.link: a one-time download of the workbook. */
  fileId: string;
  rows: number;
  bytes: number;
  /** The data file is encrypted but this exported file is not: the screen says so. */
  unencryptedCopy: boolean;
}

/** A rule file read and checked, before it is applied: what it is and what it changes. */
export interface RuleFilePreview {
  programme: Programme;
  office: string;
  version: number;
  effectiveFrom: string;
  issuedOn: string;
  checksum: string;
  rule: RuleOf[Programme];
  /** The version in force on the file's effective date now, if any. */
  current: { effectiveFrom: string; rule: RuleOf[Programme] } | null;
  diff: import('./rulefile').RuleDiff;
  /** The last version imported from this office for this programme. */
  lastVersion: number | null;
}

const ruleFileText = () => z.string().min(1, 'REQUIRED').max(200_000, 'RULEFILE_FORMAT');

/** Words the export puts in the workbook, from the renderer's i18n (db/ builds no sentences). */
const labels = () => z.record(z.string().max(60), z.string().max(300));

export const claimsCalls = {
  'claims.rules.get': call<ClaimRules>({ access: 'claims.read', audit: 'none' })(() => z.object({ programme: programme() })),
  'claims.rules.save': call<ClaimRules>({ access: 'claims.write', audit: 'update', before: { call: 'claims.rules.get', input: (i: { programme: string }) => ({ programme: i.programme }) } })(() => ruleSave()),
  'claims.standard.save': call<ClaimRules>({ access: 'claims.write', audit: 'update', before: { call: 'claims.rules.get', input: () => ({ programme: 'rehab' }) } })(
    () => z.object({ effectiveFrom: isoDate(), rule: rehabStandardInput() }),
  ),
  'claims.centre.save': call<{ centreName: string }>({ access: 'claims.write', audit: 'update', before: { setting: 'claims.centreName' } })(() => z.object({ centreName: requiredText(100) })),

  'claims.batches.list': call<BatchRow[]>({ access: 'claims.read', audit: 'none' })(
    () => z.object({ programme: programme().nullable().default(null), status: z.enum(BATCH_STATUSES).nullable().default(null) }),
  ),
  'claims.batches.get': call<BatchDetail>({ access: 'claims.read', audit: 'none' })(() => z.object({ id: recordId() })),
  'claims.batches.create': call<BatchDetail>({ access: 'claims.write', audit: 'create', before: 'created' })(() => z.object({ programme: programme(), period: period() })),
  'claims.batches.refresh': call<BatchDetail>({ access: 'claims.write', audit: 'update', before: { none: 'a batch can hold 100,000 lines; its own event log (claim_event) records every change' } })(() => z.object({ id: recordId(), version: version() })),
  'claims.batches.remove': call<RemovedBatch>({ access: 'claims.write', audit: 'delete', before: { none: 'a batch can hold 100,000 lines: the result (the audit after-state) says how many and what they came to' } })(() => z.object({ id: recordId(), version: version() })),
  'claims.batches.submit': call<BatchDetail>({ access: 'claims.write', audit: 'update', before: { none: 'a batch can hold 100,000 lines; its own event log (claim_event) records every change' } })(() => z.object({ id: recordId(), version: version() })),
  'claims.batches.approve': call<BatchDetail>({ access: 'claims.write', audit: 'update', before: { none: 'a batch can hold 100,000 lines; its own event log (claim_event) records every change' } })(() => z.object({ id: recordId(), version: version(), decidedOn: isoDate() })),
  'claims.batches.reject': call<BatchDetail>({ access: 'claims.write', audit: 'update', before: { none: 'a batch can hold 100,000 lines; its own event log (claim_event) records every change' } })(() => z.object({ id: recordId(), version: version(), decidedOn: isoDate(), reason: requiredText(300) })),
  'claims.batches.reopen': call<BatchDetail>({ access: 'claims.write', audit: 'update', before: { none: 'a batch can hold 100,000 lines; its own event log (claim_event) records every change' } })(() => z.object({ id: recordId(), version: version() })),
  'claims.batches.pay': call<BatchDetail>({ access: 'claims.write', audit: 'update', before: { none: 'a batch can hold 100,000 lines; its own event log (claim_event) records every change' } })(() => z.object({ id: recordId(), version: version(), paidOn: isoDate(), voucherNo: requiredText(50) })),
  'claims.batches.export': call<JobView<ExportResult>>({ access: 'claims.write', audit: 'export', personalInFile: 'masked', before: { none: 'a batch can hold 100,000 lines; its own event log (claim_event) records every change' } })(() => z.object({ batchId: recordId(), labels: labels() })),

  'claims.lines.exclude': call<BatchDetail>({ access: 'claims.write', audit: 'update', before: { table: 'claim_line' } })(() => z.object({ id: recordId(), reason: requiredText(200) })),
  'claims.lines.include': call<BatchDetail>({ access: 'claims.write', audit: 'update', before: { table: 'claim_line' } })(() => z.object({ id: recordId() })),
  'claims.lines.page': call<LineView[]>({ access: 'claims.read', audit: 'none' })(
    () => z.object({ batchId: recordId(), afterSeq: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(LINE_PAGE_MAX).default(LINE_PAGE) }),
  ),
  'claims.lines.explain': call<LineExplanation>({ access: 'claims.read', audit: 'none' })(() => z.object({ id: recordId() })),
  'claims.lines.search': call<(LineView & { number: string; batchId: number })[]>({ access: 'claims.read', audit: 'none', idSearch: 'q' })(
    () => z.object({ programme: programme(), q: z.string().trim().max(40, 'TOO_LONG').default('') }),
  ),

  'claims.reasons.list': call<RejectReason[]>({ access: 'claims.read', audit: 'none' })(() => z.object({})),
  'claims.reasons.add': call<RejectReason[]>({ access: 'claims.write', audit: 'create', before: 'created' })(() => z.object({ label: requiredText(60) })),
  'claims.lines.answer': call<BatchDetail>({ access: 'claims.write', audit: 'create', before: 'created' })(
    () => z
      .object({
        lineId: recordId(),
        decision: z.enum(['approved', 'rejected'], 'REQUIRED'),
        approvedFen: fen().nullable().default(null),
        reasonCode: z.string().trim().max(40).nullable().default(null),
        note: optionalText(200),
        answeredOn: isoDate(),
      })
      .superRefine((a, ctx) => {
        if (a.decision === 'approved' && a.approvedFen === null) ctx.addIssue({ code: 'custom', path: ['approvedFen'], message: 'REQUIRED' });
        if (a.decision === 'rejected' && !a.reasonCode) ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: 'CLAIMS_REASON_REQUIRED' });
      }),
  ),
  'claims.lines.reclaimable': call<ReclaimableLine[]>({ access: 'claims.read', audit: 'none' })(() => z.object({ programme: programme() })),
  'claims.lines.reclaim': call<BatchDetail>({ access: 'claims.write', audit: 'create', before: 'created' })(
    () => z.object({ batchId: recordId(), lineId: recordId(), reason: requiredText(200) }),
  ),
  'claims.report': call<ReportRow[]>({ access: 'claims.read', audit: 'none' })(
    () => z.object({ year: z.number().int().min(2000).max(2100), programme: programme().nullable().default(null) }),
  ),

  'claims.report.export': call<JobView<ExportResult>>({ access: 'claims.write', audit: 'export', personalInFile: 'none', before: { none: 'the report holds sums by programme, month and category, no person' } })(
    () => z.object({ year: z.number().int().min(2000).max(2100), programme: programme().nullable().default(null), labels: labels() }),
  ),
  'claims.ruleFile.export': call<ExportResult>({ access: 'claims.write', audit: 'export', personalInFile: 'none', before: { none: 'writes a file of the rule as it is stored' } })(
    () => z.object({ programme: programme(), effectiveFrom: isoDate(), office: requiredText(100), version: z.number('CLAIMS_WHOLE_NUMBER').int('CLAIMS_WHOLE_NUMBER').min(1, 'CLAIMS_WHOLE_NUMBER').max(100000, 'CLAIMS_WHOLE_NUMBER') }),
  ),
  'claims.ruleFile.preview': call<RuleFilePreview>({ access: 'claims.read', audit: 'none' })(() => z.object({ text: ruleFileText() })),
  'claims.ruleFile.import': call<ClaimRules>({ access: 'claims.write', audit: 'update', before: { none: 'the programme is known only from the file; the rule versions keep the file’s office, version and checksum' } })(
    () => z.object({ text: ruleFileText() }),
  ),
  'claims.adjustments.preview': call<AdjustablePreview>({ access: 'claims.read', audit: 'none' })(() => z.object({ lineId: recordId() })),
  'claims.adjustments.add': call<BatchDetail>({ access: 'claims.write', audit: 'create', before: 'created' })(
    () => z.object({
      batchId: recordId(),
      lineId: recordId(),
      amountFen: z
        .number('AMOUNT_INVALID')
        .int('AMOUNT_INVALID')
        .min(-MAX_FEN, 'AMOUNT_INVALID')
        .max(MAX_FEN, 'AMOUNT_INVALID')
        .refine((n) => n !== 0, 'CLAIMS_ADJUSTMENT_ZERO'),
      reason: requiredText(200),
    }),
  ),
  'claims.adjustments.remove': call<BatchDetail>({ access: 'claims.write', audit: 'delete', before: { table: 'claim_line' } })(() => z.object({ id: recordId() })),
};

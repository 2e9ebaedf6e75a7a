// Subsidy claims state: the batches, the batch being viewed (with explanations opened line by
// line), the rules per programme, and a running export. Yuan typed by people become fen here,
// before anything is sent; fen in error parameters become yuan text for the message.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import type { AppError, CallInput, CallName, CallResult, JobView } from '../../db/contract';
import type { AdjustablePreview, BatchDetail, BatchRow, ClaimRules, ExportResult, LineExplanation, LineView, ReclaimableLine, RejectReason, ReportRow } from '../../db/claims/contract';
import {
  LINE_PAGE,
  LINE_PAGE_MAX,
  isStandard,
  type BatchStatus,
  type Programme,
  type Proration,
  type RehabRule,
  type RehabRuleRow,
  type RehabStandard,
  type RuleCategory,
  type TrainingRule,
} from '../../db/claims/rules';
import { formatFen, parseYuan } from '../../db/common/money';
import { cancelJob, watchJob } from './jobs';
import { failed, outcome, type Outcome } from './outcome';


/** Error parameters that are amounts in fen, shown as yuan. */
const FEN_PARAMS = new Set(['floor', 'cap', 'claimed', 'cost', 'standard', 'amount', 'total']);

/** An error as the screen words it: amounts in yuan. */
export function presentError(error: AppError): AppError {
  const params = error.params
    ? Object.fromEntries(
        // The floor of a pay-back is the most that can be paid back: shown as a positive amount.
        Object.entries(error.params).map(([k, v]) => [k, FEN_PARAMS.has(k) && typeof v === 'number' ? formatFen(k === 'floor' ? Math.abs(v) : v) : v]),
      )
    : undefined;
  return { ...error, ...(params ? { params } : {}), ...(error.details ? { details: error.details.map(presentError) } : {}) };
}

async function run<N extends CallName>(name: N, input: CallInput<N>): Promise<Outcome<CallResult<N>>> {
  return outcome(await call(name, input), presentError);
}

/** Signed yuan as typed ("-125.50", "－80", "200") → fen; null when it is not an amount. */
export function parseSignedYuan(text: string): number | null {
  const trimmed = text.trim().replace(/^－/, '-');
  const negative = trimmed.startsWith('-');
  const fen = parseYuan(negative ? trimmed.slice(1) : trimmed);
  if (fen === null) return null;
  return negative ? -fen : fen;
}

/** Fen as the yuan text a form shows ("2000.00", no separators, so it parses back). */
export function fenToYuanText(fen: number | null): string {
  return fen === null ? '' : formatFen(fen).replace(/,/g, '');
}

/** The rehab rule form as typed. */
export interface RehabRuleDraft {
  monthlyStandard: string;
  basis: RehabRule['basis'];
  fullMonthMin: string;
  proRate: RehabRule['proRate'];
  partialMin: string;
  yearlyCap: string;
  ageLimit: string;
  requireCertificate: boolean;
}

export interface TrainingRuleDraft {
  amounts: Record<string, string>;
  placementRequired: boolean;
  placementMonths: string;
  requireCertificate: boolean;
}

export interface RuleDraft {
  effectiveFrom: string;
  rehab: RehabRuleDraft;
  training: TrainingRuleDraft;
  devices: { requireCertificate: boolean };
}

/** One row of a local standard as typed: amounts in yuan, ages and counts as text ('' for none). */
export interface StandardRowDraft {
  category: RuleCategory;
  ageFrom: string;
  ageTo: string;
  monthly: string;
  lumpSum: string;
  maxMonths: string;
  yearlyCap: string;
  proration: Proration;
  fullMonthMin: string;
  /** The age the band reaches for a child not yet at school / after limb-correction surgery ('' for none). */
  notInSchoolTo: string;
  limbSurgeryTo: string;
}

export interface StandardDraft {
  effectiveFrom: string;
  requireApproval: boolean;
  requireCertificate: boolean;
  /** The funds include parent training (its records count toward the month). */
  parentTraining: boolean;
  rows: StandardRowDraft[];
}

export function emptyStandardRow(): StandardRowDraft {
  return { category: 'any', ageFrom: '0', ageTo: '7', monthly: '', lumpSum: '', maxMonths: '', yearlyCap: '', proration: 'days', fullMonthMin: '16', notInSchoolTo: '', limbSurgeryTo: '' };
}

function rowDraft(r: RehabRuleRow): StandardRowDraft {
  const ext = (reason: string) => String(r.extensions.find((e) => e.reason === reason)?.toAge ?? '');
  return {
    category: r.category,
    ageFrom: String(r.ageFrom),
    ageTo: String(r.ageTo),
    monthly: r.monthlyFen ? fenToYuanText(r.monthlyFen) : '',
    lumpSum: r.lumpSumFen ? fenToYuanText(r.lumpSumFen) : '',
    maxMonths: r.maxMonthsPerYear === null ? '' : String(r.maxMonthsPerYear),
    yearlyCap: fenToYuanText(r.yearlyCapFen),
    proration: r.proration,
    fullMonthMin: String(r.fullMonthMin),
    notInSchoolTo: ext('not_in_school'),
    limbSurgeryTo: ext('limb_surgery'),
  };
}

/** Finance's answer on a line as typed. */
export interface AnswerDraft {
  decision: 'approved' | 'rejected';
  approved: string;
  reasonCode: string | null;
  note: string;
  answeredOn: string;
}

/** A whole number as typed → a number for the contract (anything else is refused there, by field). */
const whole = (text: string) => (/^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

function amountError(field: string): AppError {
  return { code: 'AMOUNT_INVALID', field };
}

export const useClaimsStore = defineStore('claims', () => {
  const batches = ref<BatchRow[] | null>(null);
  const listError = ref<AppError | null>(null);
  const batch = ref<BatchDetail | null>(null);
  const batchError = ref<AppError | null>(null);
  const explanations = ref<Record<number, LineExplanation>>({});
  const rules = ref<ClaimRules | null>(null);
  const exportJob = ref<JobView<ExportResult> | null>(null);
  const exportError = ref<AppError | null>(null);
  const reasons = ref<RejectReason[]>([]);
  const reclaimable = ref<ReclaimableLine[]>([]);
  const report = ref<ReportRow[] | null>(null);
  const reportError = ref<AppError | null>(null);
  const reportJob = ref<JobView<ExportResult> | null>(null);
  const reportExportError = ref<AppError | null>(null);

  async function loadBatches(programme: Programme | null = null) {
    const r = await run('claims.batches.list', { programme, status: null });
    listError.value = r.error;
    if (!r.error) batches.value = r.value;
  }

  function show(detail: BatchDetail) {
    if (batch.value?.id !== detail.id) explanations.value = {};
    batch.value = detail;
  }

  /**
   * The batch comes with its first page of lines; the screen asks for the next as it scrolls.
   * Gives the error, if any; a page that arrives after the batch was replaced is dropped.
   */
  async function loadMoreLines(limit = LINE_PAGE): Promise<AppError | null> {
    const b = batch.value;
    if (!b || b.lines.length >= b.lineTotal) return null;
    const r = await run('claims.lines.page', { batchId: b.id, afterSeq: b.lines.at(-1)?.seq ?? 0, limit });
    if (!r.error && batch.value === b) b.lines.push(...r.value);
    return r.error;
  }

  /** Every line of the batch (the print form shows them all). */
  async function loadAllLines(): Promise<AppError | null> {
    for (;;) {
      const b = batch.value;
      if (!b || b.lines.length >= b.lineTotal) return null;
      const before = b.lines.length;
      const error = await loadMoreLines(LINE_PAGE_MAX);
      if (error || batch.value !== b || b.lines.length === before) return error;
    }
  }

  /** After a change the batch comes back with its first page: the pages the user had open are read again. */
  async function showKeepingLines(detail: BatchDetail) {
    const open = batch.value?.id === detail.id ? batch.value.lines.length : 0;
    show(detail);
    const b = batch.value!;
    while (batch.value === b && b.lines.length < Math.min(open, b.lineTotal)) {
      const before = b.lines.length;
      if ((await loadMoreLines(Math.min(LINE_PAGE_MAX, open - before))) || b.lines.length === before) return;
    }
  }

  async function loadBatch(id: number) {
    if (batch.value?.id !== id) {
      batch.value = null;
      exportRun += 1; // the other batch's export is no longer on screen
      exportJob.value = null;
      exportError.value = null;
    }
    const r = await run('claims.batches.get', { id });
    batchError.value = r.error;
    if (!r.error) show(r.value);
  }

  async function build(programme: Programme, period: string) {
    const r = await run('claims.batches.create', { programme, period: period.trim() });
    if (!r.error) show(r.value);
    return r;
  }

  /** Runs a change of the current batch and shows what it returns. */
  async function change<N extends CallName>(name: N, input: CallInput<N>) {
    const r = await run(name, input);
    if (!r.error) await showKeepingLines(r.value as BatchDetail);
    return r;
  }

  const current = () => ({ id: batch.value!.id, version: batch.value!.version });
  const refresh = () => change('claims.batches.refresh', current());
  const submit = () => change('claims.batches.submit', current());
  const approve = (decidedOn: string) => change('claims.batches.approve', { ...current(), decidedOn });
  const reject = (decidedOn: string, reason: string) => change('claims.batches.reject', { ...current(), decidedOn, reason });
  const reopen = () => change('claims.batches.reopen', current());
  const pay = (paidOn: string, voucherNo: string) => change('claims.batches.pay', { ...current(), paidOn, voucherNo });
  async function remove() {
    const r = await run('claims.batches.remove', current());
    if (!r.error) batch.value = null;
    return r;
  }
  const exclude = (lineId: number, reason: string) => change('claims.lines.exclude', { id: lineId, reason });
  const include = (lineId: number) => change('claims.lines.include', { id: lineId });

  async function explain(lineId: number) {
    const r = await run('claims.lines.explain', { id: lineId });
    if (!r.error) explanations.value = { ...explanations.value, [lineId]: r.value };
    return r;
  }

  async function searchAdjustable(programme: Programme, q: string) {
    return run('claims.lines.search', { programme, q });
  }

  async function preview(lineId: number): Promise<Outcome<AdjustablePreview>> {
    return run('claims.adjustments.preview', { lineId });
  }

  async function addAdjustment(lineId: number, amountText: string, reason: string) {
    const amountFen = parseSignedYuan(amountText);
    if (amountFen === null) return failed<BatchDetail>(amountError('amountFen'));
    return change('claims.adjustments.add', { batchId: batch.value!.id, lineId, amountFen, reason });
  }

  const removeAdjustment = (line: LineView) => change('claims.adjustments.remove', { id: line.id });

  // ---- finance's answers and re-claims ----

  async function loadReasons() {
    const r = await run('claims.reasons.list', {});
    if (!r.error) reasons.value = r.value;
    return r;
  }

  async function addReason(label: string) {
    const r = await run('claims.reasons.add', { label });
    if (!r.error) reasons.value = r.value;
    return r;
  }

  async function answer(lineId: number, d: AnswerDraft) {
    let approvedFen: number | null = null;
    if (d.decision === 'approved') {
      approvedFen = parseYuan(d.approved);
      if (approvedFen === null) return failed<BatchDetail>(amountError('approvedFen'));
    }
    return change('claims.lines.answer', { lineId, decision: d.decision, approvedFen, reasonCode: d.reasonCode, note: d.note, answeredOn: d.answeredOn });
  }

  async function loadReclaimable(programme: Programme) {
    const r = await run('claims.lines.reclaimable', { programme });
    if (!r.error) reclaimable.value = r.value;
    return r;
  }

  async function reclaim(lineId: number, reason: string) {
    const r = await change('claims.lines.reclaim', { batchId: batch.value!.id, lineId, reason });
    if (!r.error) await loadReclaimable(batch.value!.programme);
    return r;
  }

  // ---- rule files ----

  const previewRuleFile = (text: string) => run('claims.ruleFile.preview', { text });
  async function importRuleFile(text: string) {
    const r = await run('claims.ruleFile.import', { text });
    if (!r.error) rules.value = r.value;
    return r;
  }
  const exportRuleFile = (programme: Programme, effectiveFrom: string, office: string, version: string) =>
    run('claims.ruleFile.export', { programme, effectiveFrom, office, version: whole(version) });

  // ---- the report ----

  async function loadReport(year: number, programme: Programme | null) {
    const r = await run('claims.report', { year, programme });
    reportError.value = r.error;
    if (!r.error) report.value = r.value;
    return r;
  }

  let reportRun = 0;
  async function exportReport(year: number, programme: Programme | null, labels: Record<string, string>) {
    const runNo = ++reportRun;
    reportExportError.value = null;
    reportJob.value = null;
    const r = await run('claims.report.export', { year, programme, labels });
    reportExportError.value = r.error;
    if (r.error) return;
    const error = await watchJob(
      r.value as JobView<ExportResult>,
      (view) => {
        reportJob.value = view;
        if (view.state === 'failed') reportExportError.value = view.error;
      },
      () => runNo === reportRun,
    );
    if (error) reportExportError.value = presentError(error);
  }

  async function cancelReportExport() {
    if (reportJob.value) await cancelJob(reportJob.value.id);
  }

  // ---- export ----

  /** Which export the screen is watching: a new export stops the watch on the one before. */
  let exportRun = 0;

  async function exportXlsx(labels: Record<string, string>) {
    const runNo = ++exportRun;
    exportError.value = null;
    const r = await run('claims.batches.export', { batchId: batch.value!.id, labels });
    exportError.value = r.error;
    if (r.error) return;
    const error = await watchJob(
      r.value as JobView<ExportResult>,
      (view) => {
        exportJob.value = view;
        if (view.state === 'failed') exportError.value = view.error;
      },
      () => runNo === exportRun,
    );
    if (error) exportError.value = presentError(error);
  }

  async function cancelExport() {
    if (!exportJob.value) return;
    await cancelJob(exportJob.value.id);
  }

  // ---- rules ----

  async function loadRules(programme: Programme) {
    const r = await run('claims.rules.get', { programme });
    if (!r.error) rules.value = r.value;
    return r;
  }

  /** The form for a new version, filled from a version (or the one in force, or blanks). */
  function ruleDraft(programme: Programme, from: ClaimRules | null, effectiveFrom: string): RuleDraft {
    const rule = from?.programme === programme ? (from.versions.at(-1)?.rule ?? null) : null;
    const rehab = programme === 'rehab' ? (rule as RehabRule | null) : null;
    const training = programme === 'training' ? (rule as TrainingRule | null) : null;
    return {
      effectiveFrom,
      rehab: {
        monthlyStandard: fenToYuanText(rehab?.monthlyStandardFen ?? null),
        basis: rehab?.basis ?? 'days',
        fullMonthMin: String(rehab?.fullMonthMin ?? 16),
        proRate: rehab?.proRate ?? 'proportional',
        partialMin: String(rehab?.partialMin ?? 1),
        yearlyCap: fenToYuanText(rehab?.yearlyCapFen ?? null),
        ageLimit: String(rehab?.ageLimit ?? 7),
        requireCertificate: rehab?.requireCertificate ?? false,
      },
      training: {
        amounts: Object.fromEntries((training?.amounts ?? []).map((a) => [a.courseType, fenToYuanText(a.amountFen)])),
        placementRequired: training?.placementRequired ?? false,
        placementMonths: String(training?.placementMonths ?? 6),
        requireCertificate: training?.requireCertificate ?? true,
      },
      devices: { requireCertificate: programme === 'devices' ? ((rule as { requireCertificate: boolean } | null)?.requireCertificate ?? false) : false },
    };
  }

  async function saveRule(programme: Programme, draft: RuleDraft): Promise<Outcome<ClaimRules>> {
    const errors: AppError[] = [];
    let result: Outcome<ClaimRules>;
    if (programme === 'rehab') {
      const d = draft.rehab;
      const standard = parseYuan(d.monthlyStandard);
      const cap = d.yearlyCap.trim() === '' ? null : parseYuan(d.yearlyCap);
      if (standard === null) errors.push(amountError('rule.monthlyStandardFen'));
      if (d.yearlyCap.trim() !== '' && cap === null) errors.push(amountError('rule.yearlyCapFen'));
      if (errors.length) return { value: null, error: combine(errors) };
      result = await run('claims.rules.save', {
        programme: 'rehab',
        effectiveFrom: draft.effectiveFrom,
        rule: {
          monthlyStandardFen: standard!,
          basis: d.basis,
          fullMonthMin: whole(d.fullMonthMin),
          proRate: d.proRate,
          partialMin: d.proRate === 'none' ? whole(d.fullMonthMin) || 1 : whole(d.partialMin),
          yearlyCapFen: cap,
          ageLimit: whole(d.ageLimit),
          requireCertificate: d.requireCertificate,
        },
      });
    } else if (programme === 'training') {
      const d = draft.training;
      const amounts: { courseType: string; amountFen: number }[] = [];
      for (const [courseType, text] of Object.entries(d.amounts)) {
        if (text.trim() === '') continue;
        const fen = parseYuan(text);
        if (fen === null) errors.push(amountError(`rule.amounts.${courseType}`));
        else amounts.push({ courseType, amountFen: fen });
      }
      if (errors.length) return { value: null, error: combine(errors) };
      result = await run('claims.rules.save', {
        programme: 'training',
        effectiveFrom: draft.effectiveFrom,
        rule: { amounts, placementRequired: d.placementRequired, placementMonths: whole(d.placementMonths), requireCertificate: d.requireCertificate },
      });
    } else {
      result = await run('claims.rules.save', { programme: 'devices', effectiveFrom: draft.effectiveFrom, rule: draft.devices });
    }
    if (!result.error) rules.value = result.value;
    return result;
  }

  /** The local standard's form, filled from the latest rehab version that is a standard (or one blank row). */
  function standardDraft(from: ClaimRules | null, effectiveFrom: string): StandardDraft {
    const latest = from?.programme === 'rehab' ? [...from.versions].reverse().find((v) => isStandard(v.rule as RehabRule | RehabStandard)) : undefined;
    const rule = latest?.rule as RehabStandard | undefined;
    return {
      effectiveFrom,
      requireApproval: rule?.requireApproval ?? true,
      requireCertificate: rule?.requireCertificate ?? false,
      parentTraining: rule?.parentTraining ?? false,
      rows: rule ? rule.rows.map(rowDraft) : [emptyStandardRow()],
    };
  }

  /** The standard as the contract takes it; amounts that are not yuan are refused here, by field. */
  async function saveStandard(draft: StandardDraft): Promise<Outcome<ClaimRules>> {
    const errors: AppError[] = [];
    const money = (text: string, field: string, blank: number | null): number | null => {
      if (text.trim() === '') return blank;
      const fen = parseYuan(text);
      if (fen === null) errors.push(amountError(field));
      return fen ?? 0;
    };
    const rows = draft.rows.map((d, i) => {
      const at = `rule.rows.${i}`;
      const extensions = [
        { reason: 'not_in_school' as const, text: d.notInSchoolTo },
        { reason: 'limb_surgery' as const, text: d.limbSurgeryTo },
      ]
        .filter((e) => e.text.trim() !== '')
        .map((e) => ({ reason: e.reason, toAge: whole(e.text) }));
      return {
        category: d.category,
        ageFrom: whole(d.ageFrom),
        ageTo: whole(d.ageTo),
        monthlyFen: money(d.monthly, `${at}.monthlyFen`, 0)!,
        lumpSumFen: money(d.lumpSum, `${at}.lumpSumFen`, 0)!,
        maxMonthsPerYear: d.maxMonths.trim() === '' ? null : whole(d.maxMonths),
        yearlyCapFen: money(d.yearlyCap, `${at}.yearlyCapFen`, null),
        proration: d.proration,
        fullMonthMin: whole(d.fullMonthMin),
        extensions,
      };
    });
    if (errors.length) return { value: null, error: combine(errors) };
    const result = await run('claims.standard.save', {
      effectiveFrom: draft.effectiveFrom,
      rule: { kind: 'standard', requireApproval: draft.requireApproval, requireCertificate: draft.requireCertificate, parentTraining: draft.parentTraining, rows },
    });
    if (!result.error) rules.value = result.value;
    return result;
  }

  async function saveCentre(centreName: string) {
    const r = await run('claims.centre.save', { centreName });
    if (!r.error && rules.value) rules.value = { ...rules.value, centreName: r.value.centreName };
    return r;
  }

  return {
    batches,
    listError,
    batch,
    batchError,
    explanations,
    rules,
    exportJob,
    exportError,
    reasons,
    reclaimable,
    report,
    reportError,
    reportJob,
    reportExportError,
    loadReasons,
    addReason,
    answer,
    loadReclaimable,
    reclaim,
    loadReport,
    exportReport,
    previewRuleFile,
    importRuleFile,
    exportRuleFile,
    cancelReportExport,
    loadBatches,
    loadBatch,
    loadMoreLines,
    loadAllLines,
    build,
    refresh,
    submit,
    approve,
    reject,
    reopen,
    pay,
    remove,
    exclude,
    include,
    explain,
    searchAdjustable,
    preview,
    addAdjustment,
    removeAdjustment,
    exportXlsx,
    cancelExport,
    loadRules,
    ruleDraft,
    saveRule,
    standardDraft,
    saveStandard,
    saveCentre,
  };
});

function combine(errors: AppError[]): AppError {
  if (errors.length === 1) return errors[0]!;
  return { code: 'VALIDATION', field: errors[0]!.field, details: errors };
}

export type { BatchStatus };

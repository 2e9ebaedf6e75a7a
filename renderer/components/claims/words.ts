// How the claims screens word what the service returns as codes and numbers: amounts in yuan,
// periods, services, computation steps, reasons, record details, and the words of the workbook.
import { i18n } from '../../i18n';
import { formatFen } from '../../../db/common/money';
import type { BatchDetail, BatchEvent, LeftOutView, LineAnswer, LineView } from '../../../db/claims/contract';
import type { Programme, RecordRef, RehabRuleRow, RehabStandard, RulePath, Step } from '../../../db/claims/rules';
import { REHAB_CATEGORIES } from '../../../db/rehab/rules';
import { BUILTIN_COURSE_TYPES } from '../../../db/training/rules';
import { DEVICE_CLASSES } from '../../../db/devices/rules';

const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params);
const te = (key: string) => i18n.global.te(key);

/** Parameters that are amounts in fen. */
const FEN = new Set(['standard', 'amount', 'cap', 'claimed', 'approved', 'before', 'original', 'result', 'cost', 'subsidy', 'total', 'floor', 'product', 'service']);

export function yuan(fen: number): string {
  return t('claims.common.yuan', { amount: formatFen(fen) });
}

function withYuan(params: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, FEN.has(k) && typeof v === 'number' ? yuan(v) : v]));
}

/** 2026-10 → 2026年10月; 2026-Q4 → 2026年第4季度. */
export function periodName(period: string): string {
  const quarter = /^(\d{4})-Q(\d)$/.exec(period);
  if (quarter) return t('claims.sheet.quarterPeriod', { year: quarter[1], quarter: quarter[2] });
  return t('claims.sheet.monthPeriod', { year: period.slice(0, 4), month: Number(period.slice(5, 7)) });
}

/** The service a line or left-out row is for. */
export function contentOf(programme: Programme, code: string, text: string, courseNames: Record<string, string> = {}): string {
  let name = code;
  if (programme === 'rehab') name = te(`claims.content.${code}`) ? t(`claims.content.${code}`) : code;
  else if (programme === 'training') name = te(`training.courseTypes.${code}`) ? t(`training.courseTypes.${code}`) : (courseNames[code] ?? code);
  else name = te(`devices.classes.${code}`) ? t(`devices.classes.${code}`) : code;
  return text ? `${name} — ${text}` : name;
}

export function servicePeriod(from: string, to: string): string {
  return from === to ? from : `${from}—${to}`;
}

/** A reason finance gives: a seeded one in words, one the centre added as it was written. */
export function reasonName(code: string, label = ''): string {
  if (label) return label;
  return te(`claims.reasons.${code}`) ? t(`claims.reasons.${code}`) : code;
}

/** Finance's answer on a line in words. */
export function answerText(line: { amountFen: number; answer: LineAnswer | null }): string {
  const a = line.answer;
  if (!a) return '';
  const reason = a.reasonCode ? reasonName(a.reasonCode, a.reasonLabel) : '';
  const note = a.note ? `（${a.note}）` : '';
  if (a.decision === 'rejected') return t('claims.answer.textRejected', { reason, note });
  if (a.approvedFen < line.amountFen) return t('claims.answer.textCut', { amount: yuan(a.approvedFen), reason, note });
  return t('claims.answer.textApproved', { amount: yuan(a.approvedFen) });
}

/** A rule category code (visual … multiple, any) in words. */
export function categoryName(code: string | number | undefined): string {
  const key = `claims.standard.categories.${String(code)}`;
  return te(key) ? t(key) : String(code ?? '');
}

const extensionName = (code: string | number | undefined) => (te(`claims.standard.extensions.${String(code)}`) ? t(`claims.standard.extensions.${String(code)}`) : String(code ?? ''));

/** The rule path a standard line rests on: category and band, extension, the month of the year and a cap reached. */
export function pathText(path: RulePath | null): string {
  if (!path) return '';
  const band = t('claims.lines.pathBand', { category: categoryName(path.category), from: path.ageFrom, to: path.ageTo });
  const extended = path.extended ? t('claims.lines.pathExtended', { reason: extensionName(path.extended) }) : '';
  const n = path.monthsSoFar + 1;
  let months = path.lumpSum ? t('claims.lines.pathLumpSum') : path.maxMonths === null ? t('claims.lines.pathMonthsNoCap', { n }) : t('claims.lines.pathMonths', { n, max: path.maxMonths });
  if (path.capReached) months += `；${t(`claims.lines.capReached.${path.capReached}`)}`;
  return t('claims.lines.path', { band, extended, months });
}

/** One band of a local standard in a line of words. */
export function standardRowText(r: RehabRuleRow): string {
  const parts: string[] = [];
  if (r.monthlyFen > 0) parts.push(t('claims.standard.rowMonthly', { amount: yuan(r.monthlyFen) }));
  if (r.lumpSumFen > 0) parts.push(t('claims.standard.rowLumpSum', { amount: yuan(r.lumpSumFen) }));
  if (r.maxMonthsPerYear !== null) parts.push(t('claims.standard.rowMaxMonths', { n: r.maxMonthsPerYear }));
  if (r.yearlyCapFen !== null) parts.push(t('claims.standard.rowCap', { amount: yuan(r.yearlyCapFen) }));
  if (r.monthlyFen > 0) parts.push(t(`claims.standard.prorations.${r.proration}`));
  for (const e of r.extensions) parts.push(t('claims.explain.steps_.EXTENDED', { reason: extensionName(e.reason), toAge: e.toAge }));
  return t('claims.standard.rowText', { category: categoryName(r.category), from: r.ageFrom, to: r.ageTo, parts: parts.join('，') });
}

export function standardSummary(s: RehabStandard): string {
  return t('claims.standard.summary', { n: s.rows.length, rows: s.rows.map(standardRowText).join('；'), approval: s.requireApproval ? t('claims.standard.summaryApproval') : '' });
}

export function stepText(step: Step): string {
  const params = withYuan(step.params);
  if (step.code === 'RULE_ROW') {
    params.category = categoryName(step.params.category);
    params.ruleCategory = categoryName(step.params.ruleCategory);
  }
  if (step.code === 'EXTENDED') params.reason = extensionName(step.params.reason);
  if (step.code === 'RECLAIM') params.reason = reasonName(String(step.params.reason ?? ''));
  if (step.code === 'PER_TRAINEE' && typeof params.courseType === 'string') {
    params.courseType = te(`training.courseTypes.${params.courseType}`) ? t(`training.courseTypes.${params.courseType}`) : params.courseType;
  }
  return t(`claims.explain.steps_.${step.code}`, params);
}

export function leftOutText(row: Pick<LeftOutView, 'reason' | 'params'>): string {
  const params = withYuan(row.params);
  if (row.reason === 'TOO_FEW') {
    const unit = t(`claims.unitsShort.${String(row.params.unit ?? 'days')}`);
    params.count = `${row.params.count} ${unit}`;
    params.min = `${row.params.min} ${unit}`;
  }
  if (row.reason === 'CATEGORY_CHOSEN' || row.reason === 'NO_BAND') params.category = categoryName(row.params.category);
  return t(`claims.leftOut.reasons.${row.reason}`, params);
}

export function recordText(record: RecordRef): string {
  const d = record.detail;
  if (record.type === 'rehab_parent_training') return t('claims.explain.parentTraining', { hours: Number(d.minutes) / 60 });
  if (record.type === 'rehab_session') {
    return t('claims.explain.session', { time: d.time, minutes: d.minutes, type: te(`rehab.types.${d.type}`) ? t(`rehab.types.${d.type}`) : d.type });
  }
  if (record.type === 'device_fitting') return t('claims.explain.fitting', withYuan({ item: d.item ?? '', cost: d.cost ?? 0, subsidy: d.subsidy ?? 0 }));
  if (record.why === 'placement') {
    const type = String(d.placementType ?? '');
    return t('claims.explain.placement', { placementType: te(`training.placementTypes.${type}`) ? t(`training.placementTypes.${type}`) : type });
  }
  return t('claims.explain.training', d);
}

export function quantityText(line: Pick<LineView, 'quantity' | 'unit' | 'kind'>): string {
  return line.kind === 'adjustment' ? '—' : t('claims.lines.quantityText', { n: line.quantity, unit: t(`claims.unitsShort.${line.unit}`) });
}

export function eventText(e: BatchEvent): string {
  const detail = withYuan(e.detail);
  if (e.action === 'answer') detail.decision = t(`claims.answer.${String(e.detail.decision)}`);
  return t(`claims.batch.events.${e.action}`, { actor: e.actor, ...detail });
}

export function disabilityText(category: number | null, level: number | null): string {
  if (category === null) return '';
  return `${t(`categories.${category}`)}${level === null ? '' : ` ${t(`levels.${level}`)}`}`;
}

/** The words the workbook needs, in the screen's language (the service builds no sentences). */
export function exportLabels(batch: BatchDetail, courseNames: Record<string, string> = {}): Record<string, string> {
  const programme = t(`claims.programmes.${batch.programme}`);
  const labels: Record<string, string> = {
    title: t('claims.sheet.title', { centre: batch.centreName, period: periodName(batch.period), programme }) + (batch.status === 'draft' ? t('claims.sheet.titleDraft') : ''),
    centre: t('claims.sheet.centre', { name: batch.centreName }),
    programme: t('claims.sheet.programme', { programme }),
    period: t('claims.sheet.period', { from: batch.periodStart, to: batch.periodEnd }),
    number: t('claims.sheet.number', { number: batch.number }),
    unitNote: t('claims.sheet.unitNote'),
    total: t('claims.sheet.total'),
    people: t('claims.sheet.people', { n: '{n}' }),
    totalCapital: t('claims.sheet.totalCapital'),
    'remark.adjustment': t('claims.sheet.remarkAdjustment', { number: '{number}', seq: '{seq}', reason: '{reason}' }),
    'sex.M': t('claims.sheet.sex.M'),
    'sex.F': t('claims.sheet.sex.F'),
  };
  for (const col of ['seq', 'name', 'sex', 'idNumber', 'certNumber', 'disability', 'content', 'period', 'quantity', 'standard', 'amount', 'remark']) {
    labels[`col.${col}`] = t(`claims.sheet.col.${col}`);
  }
  for (const s of ['preparer', 'reviewer', 'head', 'seal', 'date']) labels[`sign.${s}`] = t(`claims.sheet.sign.${s}`);
  for (const c of [1, 2, 3, 4, 5, 6, 7]) labels[`category.${c}`] = t(`categories.${c}`);
  for (const l of [1, 2, 3, 4]) labels[`level.${l}`] = t(`levels.${l}`);
  // Every code the programme can claim, not only those of the lines on screen (the screen holds a page).
  const codes: readonly string[] =
    batch.programme === 'rehab' ? [...REHAB_CATEGORIES, 'multiple'] : batch.programme === 'training' ? [...BUILTIN_COURSE_TYPES, ...Object.keys(courseNames)] : DEVICE_CLASSES;
  for (const code of new Set([...codes, ...batch.lines.map((l) => l.contentCode)])) labels[`content.${code}`] = contentOf(batch.programme, code, '', courseNames);
  return labels;
}

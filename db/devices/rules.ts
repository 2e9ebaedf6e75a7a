// Rules for assistive devices (辅助器具适配): the subsidy split, the replacement interval and the
// follow-up schedule. Pure functions over plain data; the renderer uses them too (to show a split
// and the rule table as the user types).
import { addMonths, formatDate, parts } from '../common/dates';
import { SUPPORT_STATUSES, type SupportStatus } from '../people/rules';

/** Device classes after GB/T 16432 (ISO 9999), as centres group them. */
export const DEVICE_CLASSES = [
  'mobility', // 个人移动: wheelchairs, walkers, canes (ISO 9999 class 12)
  'prosthetic_orthotic', // 假肢矫形器 (class 06)
  'hearing', // 听力: hearing aids, cochlear implant processors (22 06)
  'vision', // 视力: white canes, magnifiers, screen readers (12 39, 22 03, 22 39)
  'daily_living', // 生活自理: toileting, bathing, pressure relief (class 09, 04 33)
  'communication', // 信息沟通: communication boards, speech devices, signal indicators (22 21, 22 27)
] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

export const FOLLOWUP_OUTCOMES = ['in_use', 'needs_adjustment', 'abandoned'] as const;
export type FollowupOutcome = (typeof FOLLOWUP_OUTCOMES)[number];

/** Why a device is no longer used (弃用原因), for the figures; 'other' needs a note. */
export const ABANDON_REASONS = ['discomfort', 'unsuitable', 'broken', 'not_needed', 'other'] as const;
export type AbandonReason = (typeof ABANDON_REASONS)[number];

/**
 * The year's subsidy rules (a setting with an effective date). Percentages are whole numbers
 * 0–100 of the actual cost; caps are fen.
 */
export interface SubsidyRules {
  /** Holders of any of these statuses get basic devices free of charge (still within the caps). */
  freeBasicStatuses: SupportStatus[];
  /** The percentage for holders of a status (null: the default percentage applies). */
  statusPercents: Record<SupportStatus, number | null>;
  /** The percentage for everyone else. */
  defaultPercent: number;
  /** A cap per device class on top of each item's own cap (null: only the item's cap). */
  classCapsFen: Record<DeviceClass, number | null>;
  /**
   * The share of a class's subsidy that pays the fitting service rather than the product, in
   * whole percent (hearing aids: 20, so 80% product and 20% fitting); absent: all product.
   */
  serviceSharePercents?: Partial<Record<DeviceClass, number>>;
}

/** How the follow-up visits are scheduled (a setting with an effective date). */
export interface FollowupRules {
  /** The first visit is due this many months after fitting (default 3). */
  afterFittingMonths: number;
  /** After an outcome of "needs adjustment", the next visit is due this many months later. */
  afterAdjustmentMonths: number;
}

const POOR: SupportStatus[] = ['registered_poor', 'monitor_unstable', 'monitor_marginal', 'monitor_sudden', 'dibao', 'tekun'];

/**
 * Fallback when no rules are set for a year: basic devices free for poor households (004_… seed:
 * 贫困残疾人给予免费适配基本型辅助器具), 80% for them otherwise, 70% for the other support
 * statuses, 50% for everyone else, no class caps beyond each item's cap.
 */
export const DEFAULT_SUBSIDY_RULES: SubsidyRules = {
  freeBasicStatuses: POOR,
  statusPercents: Object.fromEntries(SUPPORT_STATUSES.map((s) => [s, POOR.includes(s) ? 80 : 70])) as Record<
    SupportStatus,
    number | null
  >,
  defaultPercent: 50,
  classCapsFen: Object.fromEntries(DEVICE_CLASSES.map((c) => [c, null])) as Record<DeviceClass, number | null>,
};

export const DEFAULT_FOLLOWUP_RULES: FollowupRules = { afterFittingMonths: 3, afterAdjustmentMonths: 1 };

/** What the subsidy computation needs to know about a catalogue item. */
export interface SubsidyItem {
  deviceClass: DeviceClass;
  basic: boolean;
  subsidyCapFen: number;
}

export type SubsidyRule = 'free_basic' | 'status_percent' | 'default_percent';

export interface SubsidySplit {
  subsidyFen: number;
  selfPaidFen: number;
  ruleApplied: SubsidyRule;
  /** The support status the rule rests on ('free_basic', 'status_percent'); null otherwise. */
  status: SupportStatus | null;
  percent: number;
  /** The lower of the item's cap and its class's cap for the year. */
  capFen: number;
  /** True when the cap, not the percentage, set the subsidy. */
  capped: boolean;
  /** The subsidy split: what pays for the product and what for the fitting service (productFen + serviceFen = subsidyFen). */
  productFen: number;
  serviceFen: number;
}

/**
 * Splits a fitting's actual cost into subsidy and self-paid share.
 *
 * 1. A basic device for someone holding a free-basic status: 100% of the cost, whatever the
 *    caps — the household pays nothing (rule 'free_basic'; 004_…txt: 免费适配基本型辅助器具).
 * 2. Otherwise the highest percentage among the person's statuses, if above the default
 *    ('status_percent'); else the default percentage ('default_percent').
 * 3. Rounding: cost × percent / 100, rounded half up on the fen (integers only, no floats).
 * 4. Otherwise the subsidy is never above the cap (item cap, and the class cap when set) nor above the cost.
 * 5. The class's service share of the subsidy (rounded half up) pays the fitting, the rest the product.
 * Statuses are checked in SUPPORT_STATUSES order, so the status named is stable.
 */
export function computeSubsidy(
  costFen: number,
  item: SubsidyItem,
  statuses: readonly SupportStatus[],
  rules: SubsidyRules,
): SubsidySplit {
  const held = SUPPORT_STATUSES.filter((s) => statuses.includes(s));
  const classCap = rules.classCapsFen[item.deviceClass];
  const capFen = classCap === null || classCap === undefined ? item.subsidyCapFen : Math.min(item.subsidyCapFen, classCap);

  let ruleApplied: SubsidyRule = 'default_percent';
  let status: SupportStatus | null = null;
  let percent = rules.defaultPercent;
  const freeBy = item.basic ? held.find((s) => rules.freeBasicStatuses.includes(s)) : undefined;
  if (freeBy) {
    ruleApplied = 'free_basic';
    status = freeBy;
    percent = 100;
  } else {
    for (const s of held) {
      const p = rules.statusPercents[s];
      if (p !== null && p !== undefined && p > percent) {
        ruleApplied = 'status_percent';
        status = s;
        percent = p;
      }
    }
  }
  const byPercent = roundHalfUp(costFen * percent, 100);
  const free = ruleApplied === 'free_basic';
  const subsidyFen = free ? costFen : Math.min(byPercent, capFen, costFen);
  const serviceFen = roundHalfUp(subsidyFen * (rules.serviceSharePercents?.[item.deviceClass] ?? 0), 100);
  return {
    subsidyFen,
    selfPaidFen: costFen - subsidyFen,
    ruleApplied,
    status,
    percent,
    capFen,
    capped: !free && capFen < byPercent,
    productFen: subsidyFen - serviceFen,
    serviceFen,
  };
}

/** A basic catalogue item whose list price is above its subsidy cap: free households still pay nothing, the centre bears the rest. */
export function basicAboveCap(item: { basic: boolean; listPriceFen: number; subsidyCapFen: number }): boolean {
  return item.basic && item.listPriceFen > item.subsidyCapFen;
}

/** numerator / denominator rounded half up, for non-negative integers. */
export function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * An ISO 9999 code as staff type it ("122203", "12-22-03", "12 22 03", "12 22") written
 * "12 22 03" or "12 22" (class and subclass, optionally the division); null if not one.
 */
export function normaliseIsoCode(raw: string): string | null {
  const digits = raw.replace(/[\s.-]/g, '');
  if (!/^\d{4}(\d{2})?$/.test(digits)) return null;
  return digits.match(/\d{2}/g)!.join(' ');
}

/**
 * The kind of device that replacement intervals compare: the ISO 9999 class and subclass
 * ("12 22" manual wheelchairs), so a cane after a wheelchair is not a replacement.
 */
export function deviceKind(isoCode: string): string {
  return isoCode.slice(0, 5);
}

/** The date `days` calendar days after (or before, if negative) an ISO date. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parts(date);
  // Noon UTC keeps the arithmetic clear of any time-zone edge; only the calendar date is used.
  const instant = new Date(Date.UTC(year, month - 1, day, 12) + days * 86_400_000);
  return formatDate(instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate());
}

/** The first date a device fitted on `fittedOn` may be replaced. */
export function replaceableFrom(fittedOn: string, replaceMonths: number): string {
  return addMonths(fittedOn, replaceMonths);
}

export interface EarlierFitting {
  id: number;
  itemName: string;
  kind: string;
  fittedOn: string;
  replaceFrom: string;
}

/**
 * The earlier fitting of the same kind whose replacement interval has not passed on `fittedOn`
 * (the latest such), or null. Fittings dated after the candidate are not "earlier".
 */
export function findEarlyReplacement(
  candidate: { kind: string; fittedOn: string },
  others: readonly EarlierFitting[],
): EarlierFitting | null {
  let found: EarlierFitting | null = null;
  for (const other of others) {
    if (other.kind !== candidate.kind || other.fittedOn > candidate.fittedOn) continue;
    if (candidate.fittedOn >= other.replaceFrom) continue;
    if (!found || other.fittedOn > found.fittedOn || (other.fittedOn === found.fittedOn && other.id > found.id)) found = other;
  }
  return found;
}

/** When the next follow-up visit is due after a visit with this outcome (null: none). */
export function nextFollowupDue(visitedOn: string, outcome: FollowupOutcome, rules: FollowupRules): string | null {
  return outcome === 'needs_adjustment' ? addMonths(visitedOn, rules.afterAdjustmentMonths) : null;
}

/** The share done, as a whole percent rounded half up; null when nothing was due. */
export function doneRate(done: number, due: number): number | null {
  return due === 0 ? null : roundHalfUp(done * 100, due);
}

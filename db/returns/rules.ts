// Rules of consolidated returns (汇总上报): the centre's identity, return periods, which package
// wins when two cover the same centre and period, visits due in a period, age bands, and the
// overlap of two service spans. Pure functions over plain data; the renderer uses some of them.
import { addMonths, daysInMonth, formatDate } from '../common/dates';
import { parseCreditCode } from '../training/rules';
import { visitPeriodOf } from '../rehab/rules';

/** Kinds of unit that export or consolidate returns. */
export const CENTRE_TYPES = [
  'rehab_institution', // 定点康复机构
  'service_centre', // 残疾人康复（就业）服务中心
  'employment_service', // 残疾人就业服务机构
  'county_federation', // 县级残联
  'city_federation', // 市级残联
  'province_federation', // 省级残联
] as const;
export type CentreType = (typeof CENTRE_TYPES)[number];

export interface CentreIdentity {
  name: string;
  type: CentreType;
  /** 统一社会信用代码 (GB 32100-2015), 18 characters with its check character. */
  creditCode: string;
  /** 行政区划代码 (GB/T 2260), 6 digits. */
  regionCode: string;
}

export interface Issue {
  code: string;
  field?: string;
  params?: Record<string, string | number>;
}

/** Province-level prefixes of GB/T 2260 region codes. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

/** A 6-digit region code whose first two digits name a province. */
export function regionCodeIssue(code: string): Issue | null {
  if (!/^\d{6}$/.test(code)) return { code: 'RETURNS_REGION_FORMAT', field: 'regionCode' };
  if (!PROVINCES.has(code.slice(0, 2))) return { code: 'RETURNS_REGION_PROVINCE', field: 'regionCode', params: { prefix: code.slice(0, 2) } };
  return null;
}

/** Checks an identity as typed; returns the cleaned identity or every problem at once. */
export function checkIdentity(input: { name: string; type: CentreType; creditCode: string; regionCode: string }):
  | { ok: true; value: CentreIdentity }
  | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const name = input.name.trim();
  if (name === '') issues.push({ code: 'REQUIRED', field: 'name' });
  const code = parseCreditCode(input.creditCode);
  if (input.creditCode.trim() === '') issues.push({ code: 'REQUIRED', field: 'creditCode' });
  else if (!code.ok) {
    const mapped: Record<string, string> = {
      EMPLOYER_CODE_FORMAT: 'RETURNS_CODE_FORMAT',
      EMPLOYER_CODE_CHAR: 'RETURNS_CODE_CHAR',
      EMPLOYER_CODE_CHECKSUM: 'RETURNS_CODE_CHECKSUM',
    };
    const error = code.error as { code: string; params?: Record<string, string | number> };
    issues.push({ code: mapped[error.code] ?? error.code, field: 'creditCode', ...(error.params ? { params: error.params } : {}) });
  }
  const regionCode = input.regionCode.replace(/\s+/g, '');
  const region = regionCode === '' ? { code: 'REQUIRED', field: 'regionCode' } : regionCodeIssue(regionCode);
  if (region) issues.push(region);
  if (issues.length > 0 || !code.ok) return { ok: false, issues };
  return { ok: true, value: { name, type: input.type, creditCode: code.value, regionCode } };
}

// ---- periods ----

export type PeriodKind = 'year' | 'half' | 'quarter' | 'month';

export interface Period {
  /** 2026, 2026-H2, 2026-Q4 or 2026-11. */
  code: string;
  kind: PeriodKind;
  year: number;
  /** Half 1–2, quarter 1–4 or month 1–12; 0 for a year. */
  part: number;
  from: string;
  to: string;
}

/** Reads a period code; null when it is not one. */
export function parsePeriod(code: string): Period | null {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/.exec(code.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const rest = m[2];
  let kind: PeriodKind;
  let part = 0;
  let first: number;
  let last: number;
  if (rest === undefined) {
    kind = 'year';
    [first, last] = [1, 12];
  } else if (rest.startsWith('H')) {
    kind = 'half';
    part = Number(rest.slice(1));
    [first, last] = [part * 6 - 5, part * 6];
  } else if (rest.startsWith('Q')) {
    kind = 'quarter';
    part = Number(rest.slice(1));
    [first, last] = [part * 3 - 2, part * 3];
  } else {
    kind = 'month';
    part = Number(rest);
    if (part < 1 || part > 12) return null;
    [first, last] = [part, part];
  }
  return {
    code: rest === undefined ? String(year) : `${year}-${rest}`,
    kind,
    year,
    part,
    from: formatDate(year, first, 1),
    to: formatDate(year, last, daysInMonth(year, last)),
  };
}

export function periodCode(kind: PeriodKind, year: number, part: number): string {
  if (kind === 'year') return String(year);
  if (kind === 'half') return `${year}-H${part}`;
  if (kind === 'quarter') return `${year}-Q${part}`;
  return `${year}-${String(part).padStart(2, '0')}`;
}

/** A return may be exported for a period that has begun (a period still running gives an interim return). */
export function periodIssue(period: Period, today: string): Issue | null {
  if (period.from > today) return { code: 'RETURNS_PERIOD_FUTURE', field: 'period', params: { from: period.from } };
  return null;
}

// ---- packages: which one counts ----

export interface PackageStamp {
  checksum: string;
  /** When the centre exported it (ISO date-time with offset). */
  exportedAt: string;
}

export type ImportDecision = { action: 'add' } | { action: 'replace' } | { action: 'reject'; code: 'RETURNS_DUPLICATE' | 'RETURNS_NOT_NEWER' };

/**
 * One package counts per centre and period: a first one is added; the same package again is a
 * duplicate; a later export replaces the one held; an earlier (or equally old) one is refused.
 */
export function decideImport(held: PackageStamp | null, incoming: PackageStamp): ImportDecision {
  if (!held) return { action: 'add' };
  if (held.checksum === incoming.checksum) return { action: 'reject', code: 'RETURNS_DUPLICATE' };
  if (Date.parse(incoming.exportedAt) > Date.parse(held.exportedAt)) return { action: 'replace' };
  return { action: 'reject', code: 'RETURNS_NOT_NEWER' };
}

// ---- visits due in a period ----

export interface VisitCandidate {
  /** The cadence's calendar period in months (quarterly 3, yearly 12 by default). */
  periodMonths: number;
  /** When the person came under the rule: the enrolment start, or the registration date. */
  since: string;
  /** The person's visits from the start of the cadence period holding the package period's first day. */
  visits: readonly string[];
}

/**
 * The visits that fell due by the package period's end, one per calendar period of the person's
 * cadence (DOMAIN.md: each quarter needs its own visit): every cadence period that ends inside the
 * package period and in which the person was already on the register or in the programme, due on
 * its last day, done on its first visit (or not done).
 */
export function visitsDueInPeriod(c: VisitCandidate, period: { from: string; to: string }): { dueOn: string; doneOn: string | null }[] {
  const rows: { dueOn: string; doneOn: string | null }[] = [];
  for (let p = visitPeriodOf(period.from, c.periodMonths); p.to <= period.to; p = visitPeriodOf(addMonths(p.from, c.periodMonths), c.periodMonths)) {
    if (p.to < period.from || c.since > p.to) continue;
    const done = c.visits.filter((v) => v >= p.from && v <= p.to).sort()[0] ?? null;
    rows.push({ dueOn: p.to, doneOn: done });
  }
  return rows;
}

// ---- spans and overlaps ----

export interface Span {
  from: string;
  to: string;
}

/** The part of a span inside the period, or null when it lies outside. */
export function clipSpan(span: Span, period: Span): Span | null {
  const from = span.from > period.from ? span.from : period.from;
  const to = span.to < period.to ? span.to : period.to;
  return from <= to ? { from, to } : null;
}

/** The days two spans share (both ends included), or null. */
export function overlapOf(a: Span, b: Span): Span | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : null;
}

/** Whole per mille (floor), or null when nothing was counted. */
export function permille(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.floor((part * 1000) / whole);
}

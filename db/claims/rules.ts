// Rules of subsidy claims (补贴申报): claim periods, the yearly rules per programme, what each
// person's line comes to and why (or why they are left out), and amounts in Chinese capital
// numerals (大写金额). Pure functions over plain data; the renderer uses some of them too.
import { addMonths, ageOn, daysInMonth, formatDate, parts } from '../common/dates';

export const PROGRAMMES = ['rehab', 'training', 'devices'] as const;
export type Programme = (typeof PROGRAMMES)[number];

/** draft → submitted → approved → paid, or submitted → rejected (→ reopened as a draft). */
export const BATCH_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'paid'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Batches whose lines lock the records they rest on. */
export const LOCKING_STATUSES: readonly BatchStatus[] = ['submitted', 'approved', 'paid'];
/** Batches whose lines adjustments may point at (decided by the finance office, not rejected). */
export const ADJUSTABLE_STATUSES: readonly BatchStatus[] = ['approved', 'paid'];

/** Batch numbers start with the programme: 康复 KF, 培训 PX, 辅具 FJ. */
export const NUMBER_PREFIX: Record<Programme, string> = { rehab: 'KF', training: 'PX', devices: 'FJ' };

// ---- periods ----

export interface Period {
  /** 2026-10 or 2026-Q4 */
  code: string;
  kind: 'month' | 'quarter';
  start: string;
  end: string;
  /** The months it covers, YYYY-MM, in order. */
  months: string[];
}

/** A claim period written as a month (2026-10) or a quarter (2026-Q4); null for anything else. */
export function parsePeriod(code: string): Period | null {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(code);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    return { code, kind: 'month', start: formatDate(y, m, 1), end: formatDate(y, m, daysInMonth(y, m)), months: [code] };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(code);
  if (quarter) {
    const y = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    const months = [first, first + 1, first + 2].map((m) => formatDate(y, m, 1).slice(0, 7));
    return { code, kind: 'quarter', start: formatDate(y, first, 1), end: formatDate(y, first + 2, daysInMonth(y, first + 2)), months };
  }
  return null;
}

/**
 * A period as people type it, written the one way it is stored: 2026/10, 2026.10, 2026年10月,
 * 2026-1 and 2026-10 are the month 2026-10; 2026q4, 2026 Q4, 2026年第4季度 and 2026年四季度 the
 * quarter 2026-Q4. Full-width digits, letters, marks and spaces are read too. Returns the code, or what is wrong:
 * a month outside 1–12, a quarter outside 1–4, or a text that is neither.
 */
export type PeriodProblem = 'CLAIMS_PERIOD_MONTH' | 'CLAIMS_PERIOD_QUARTER' | 'CLAIMS_PERIOD_FORMAT';
const QUARTER_NUMERALS: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4' };
export function normalisePeriod(input: string): { code: string } | { problem: PeriodProblem } {
  const text = input
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();
  const quarter = /^(\d{4})(?:[-/.年]?(?:第)?)(?:Q(\d{1,2})|([一二三四\d])季度?)$/.exec(text);
  if (quarter) {
    const q = quarter[2] ?? QUARTER_NUMERALS[quarter[3]!] ?? quarter[3]!;
    if (!/^[1-4]$/.test(q)) return { problem: 'CLAIMS_PERIOD_QUARTER' };
    return { code: `${quarter[1]}-Q${q}` };
  }
  const month = /^(\d{4})(?:[-/.]|年)(\d{1,2})月?$/.exec(text);
  if (month) {
    const m = Number(month[2]);
    if (m < 1 || m > 12) return { problem: 'CLAIMS_PERIOD_MONTH' };
    return { code: `${month[1]}-${String(m).padStart(2, '0')}` };
  }
  return { problem: 'CLAIMS_PERIOD_FORMAT' };
}

export function monthBounds(month: string): { first: string; last: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { first: `${month}-01`, last: formatDate(y, m, daysInMonth(y, m)) };
}

// ---- the rules, per programme, each version valid from a date ----

/**
 * 残疾儿童康复救助: a monthly standard per child paid in full from a minimum of service days
 * (or attended sessions); below it nothing, or a share (pro-rating); a yearly cap per child.
 */
export interface RehabRule {
  monthlyStandardFen: number;
  /** What is counted: service days (dates with an attended session) or attended sessions. */
  basis: 'days' | 'sessions';
  /** The count that earns the full monthly standard. */
  fullMonthMin: number;
  /** Below the minimum: nothing ('none'), or standard × count ÷ minimum, rounded down to the fen. */
  proRate: 'none' | 'proportional';
  /** With pro-rating, the least count that earns anything. */
  partialMin: number;
  /** The most one child may be paid in a calendar year; null for no cap. */
  yearlyCapFen: number | null;
  /** Service counts only before the child's birthday of this age (under 7: 7). */
  ageLimit: number;
  /** Whether a child needs a disability certificate (an expired one never counts). */
  requireCertificate: boolean;
}

/** 实名制培训: an amount per trainee who completed, by course type; optionally once placed in a job. */
export interface TrainingRule {
  amounts: { courseType: string; amountFen: number }[];
  /** Paid only once the trainee is placed within `placementMonths` of completing. */
  placementRequired: boolean;
  placementMonths: number;
  requireCertificate: boolean;
}

/** 辅助器具适配: the subsidy each fitting computed when it was recorded. */
export interface DevicesRule {
  requireCertificate: boolean;
}

export interface RuleOf {
  rehab: RehabRule | RehabStandard;
  training: TrainingRule;
  devices: DevicesRule;
}

export interface RuleVersion<P extends Programme = Programme> {
  effectiveFrom: string;
  rule: RuleOf[P];
}

/** What a new version starts from on the rules screen (no amounts: a centre must enter its own). */
export const RULE_TEMPLATES: RuleOf = {
  rehab: { monthlyStandardFen: 0, basis: 'days', fullMonthMin: 16, proRate: 'proportional', partialMin: 1, yearlyCapFen: null, ageLimit: 7, requireCertificate: false },
  training: { amounts: [], placementRequired: false, placementMonths: 6, requireCertificate: true },
  devices: { requireCertificate: false },
};

/** The version in force on a date: the latest effective on or before it. */
export function ruleOn<P extends Programme>(versions: readonly RuleVersion<P>[], date: string): RuleVersion<P> | null {
  let best: RuleVersion<P> | null = null;
  for (const v of versions) if (v.effectiveFrom <= date && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  return best;
}

// ---- what a line is made of ----

/** A record a line rests on (and locks once submitted), with whether and why it counted. */
export interface RecordRef {
  type: 'rehab_session' | 'rehab_parent_training' | 'training_enrolment' | 'device_fitting';
  id: number;
  date: string;
  /** Why it counted or not: present, absent, leave, same_day, after_age, cert_expired, not_relief, completed, placement, fitting. */
  why: string;
  counted: boolean;
  /** What identifies the record to a person (a time, a class title, a device). */
  detail: Record<string, string | number>;
}

/** One step of the computation, worded by the renderer from its code. */
export interface Step {
  code: string;
  params: Record<string, string | number>;
}

export type Unit = 'days' | 'sessions' | 'trainees' | 'items';

export interface LineProposal {
  kind: 'line';
  quantity: number;
  unit: Unit;
  standardFen: number;
  amountFen: number;
  steps: Step[];
  records: RecordRef[];
}

export interface LeftOut {
  kind: 'left-out';
  reason: LeftOutReason;
  params: Record<string, string | number>;
  records: RecordRef[];
}

export const LEFT_OUT_REASONS = [
  'ALREADY_CLAIMED',
  'TOO_FEW',
  'NO_SERVICE',
  'OVER_AGE',
  'OVER_CAP',
  'CERT_EXPIRED',
  'NO_CERTIFICATE',
  'NOT_RELIEF',
  'NOT_COMPLETED',
  'WAITING_PLACEMENT',
  'NO_PLACEMENT',
  'NO_STANDARD',
  'NO_SUBSIDY',
  'NO_APPROVAL',
  'APPROVAL_EXPIRED',
  'APPROVAL_NOT_STARTED',
  'CATEGORY_CHOSEN',
  'MONTHS_CAP',
  'LUMP_SUM_PAID',
  'NO_BAND',
] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];

export type Outcome = LineProposal | LeftOut;

function leftOut(reason: LeftOutReason, params: Record<string, string | number>, records: RecordRef[] = []): LeftOut {
  return { kind: 'left-out', reason, params, records };
}

/** Why a person's certificate stops a service on `date`, if it does. */
export function certificateIssue(cert: { has: boolean; expiry: string | null }, date: string, required: boolean): 'CERT_EXPIRED' | 'NO_CERTIFICATE' | null {
  if (cert.has && cert.expiry !== null && cert.expiry < date) return 'CERT_EXPIRED';
  if (!cert.has && required) return 'NO_CERTIFICATE';
  return null;
}

// ---- child rehab: one child, one month ----

/** The day a child reaches `age` (born on 29 February: 1 March in a common year, as ageOn counts). */
export function birthdayOfAge(birthDate: string, age: number): string {
  const date = addMonths(birthDate, age * 12);
  if (ageOn(birthDate, date) >= age) return date;
  const { year, month, day } = parts(date);
  return day < daysInMonth(year, month) ? formatDate(year, month, day + 1) : formatDate(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
}

export interface RehabSessionFact {
  id: number;
  date: string;
  startTime: string;
  minutes: number;
  attendance: 'present' | 'absent' | 'leave';
  /** The enrolment's funding: only 救助 (relief) is claimed. */
  funding: 'relief' | 'self' | 'other';
  type: string;
  /** A parent-training record (家长培训) of the child, counted when the standard's funds include it. */
  parentTraining?: boolean;
}

export interface RehabChildMonth {
  month: string;
  birthDate: string;
  cert: { has: boolean; expiry: string | null };
  /** The child's sessions in the month (any order). */
  sessions: RehabSessionFact[];
  rule: { effectiveFrom: string; rule: RehabRule };
  /** Paid or claimed for this child in the same calendar year, this month excluded. */
  claimedThisYearFen: number;
  /** The number of another batch that already holds this child and month. */
  claimedIn: string | null;
}

/**
 * A child's month: counts the sessions that qualify (attended, under the age limit on the day,
 * certificate valid, relief-funded), then the full standard from the minimum, a share below it
 * (or nothing), and the yearly cap. Every session is listed with whether and why it counted.
 */
export function computeRehabMonth(c: RehabChildMonth): Outcome {
  const r = c.rule.rule;
  const sessions = [...c.sessions].sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || a.id - b.id);
  const birthday = birthdayOfAge(c.birthDate, r.ageLimit);
  const countedDays = new Set<string>();
  const records: RecordRef[] = sessions.map((s) => {
    const detail = { time: s.startTime, minutes: s.minutes, type: s.type, attendance: s.attendance };
    const ref = (why: string, counted = false): RecordRef => ({ type: 'rehab_session', id: s.id, date: s.date, why, counted, detail });
    if (s.attendance !== 'present') return ref(s.attendance);
    if (s.funding !== 'relief') return ref('not_relief');
    if (ageOn(c.birthDate, s.date) >= r.ageLimit) return ref('after_age');
    if (certificateIssue(c.cert, s.date, r.requireCertificate)) return ref(certificateIssue(c.cert, s.date, r.requireCertificate) === 'CERT_EXPIRED' ? 'cert_expired' : 'no_certificate');
    if (r.basis === 'days' && countedDays.has(s.date)) return ref('same_day');
    countedDays.add(s.date);
    return ref('present', true);
  });
  if (c.claimedIn !== null) return leftOut('ALREADY_CLAIMED', { number: c.claimedIn }, records);

  const count = records.filter((x) => x.counted).length;
  if (count === 0) {
    const has = (why: string) => records.some((x) => x.why === why);
    if (has('after_age')) return leftOut('OVER_AGE', { limit: r.ageLimit, birthday }, records);
    if (has('cert_expired')) return leftOut('CERT_EXPIRED', { expiry: c.cert.expiry ?? '' }, records);
    if (has('no_certificate')) return leftOut('NO_CERTIFICATE', {}, records);
    if (has('not_relief')) return leftOut('NOT_RELIEF', {}, records);
    return leftOut('NO_SERVICE', {}, records);
  }

  const steps: Step[] = [{ code: 'RULE', params: { effectiveFrom: c.rule.effectiveFrom, standard: r.monthlyStandardFen, min: r.fullMonthMin } }];
  steps.push({ code: r.basis === 'days' ? 'COUNT_DAYS' : 'COUNT_SESSIONS', params: { count } });
  if (records.some((x) => x.why === 'after_age')) steps.push({ code: 'AGE_CUTOFF', params: { limit: r.ageLimit, birthday } });
  if (records.some((x) => x.why === 'cert_expired')) steps.push({ code: 'CERT_CUTOFF', params: { expiry: c.cert.expiry ?? '' } });

  let amount: number;
  if (count >= r.fullMonthMin) {
    amount = r.monthlyStandardFen;
    steps.push({ code: 'FULL', params: { count, min: r.fullMonthMin, amount } });
  } else if (r.proRate === 'none') {
    return leftOut('TOO_FEW', { count, min: r.fullMonthMin, unit: r.basis }, records);
  } else if (count < r.partialMin) {
    return leftOut('TOO_FEW', { count, min: r.partialMin, unit: r.basis }, records);
  } else {
    amount = Math.floor((r.monthlyStandardFen * count) / r.fullMonthMin);
    steps.push({ code: 'PRORATED', params: { standard: r.monthlyStandardFen, count, min: r.fullMonthMin, amount } });
  }

  if (r.yearlyCapFen !== null) {
    const remaining = r.yearlyCapFen - c.claimedThisYearFen;
    if (remaining <= 0) return leftOut('OVER_CAP', { cap: r.yearlyCapFen, claimed: c.claimedThisYearFen, year: c.month.slice(0, 4) }, records);
    if (amount > remaining) {
      steps.push({ code: 'CAPPED', params: { cap: r.yearlyCapFen, claimed: c.claimedThisYearFen, before: amount, amount: remaining } });
      amount = remaining;
    }
  }
  return { kind: 'line', quantity: count, unit: r.basis, standardFen: r.monthlyStandardFen, amountFen: amount, steps, records };
}

// ---- child rehab by the local standard (rules as data) ----
//
// A county writes its relief standard as a table: by disability category (多重 included) and age
// band, a monthly amount and/or a yearly lump sum, a cap on months per year, a yearly cap, how a
// short month is paid (by sessions, by days, or not at all), and age extensions a child may have
// with a recorded reason. A rule version of the rehab programme is either the older one-standard
// rule above (kept: past lines and versions rest on it) or such a table (kind 'standard').

/** The categories a rule row is written for; 'any' is every category without a row of its own. */
export const RULE_CATEGORIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'autism', 'multiple', 'any'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];
/** What a child is claimed under: the enrolment's category, or 多重 when the centre chose it. */
export type ClaimCategory = Exclude<RuleCategory, 'any'>;

/** Why a child may stay in the programme past a band's age: not yet at school; limb-correction surgery. */
export const AGE_EXTENSIONS = ['not_in_school', 'limb_surgery'] as const;
export type AgeExtension = (typeof AGE_EXTENSIONS)[number];

export const PRORATIONS = ['sessions', 'days', 'none'] as const;
export type Proration = (typeof PRORATIONS)[number];

export interface RehabRuleRow {
  category: RuleCategory;
  /** The band: from this age (whole years) up to, not including, ageTo. */
  ageFrom: number;
  ageTo: number;
  /** Paid per month of service (0 when the row pays a lump sum only). */
  monthlyFen: number;
  /** Paid once a year, in the first month of the year the child is served (0 for none). */
  lumpSumFen: number;
  /** The most months a child is paid in a calendar year; null for no cap. */
  maxMonthsPerYear: number | null;
  /** The most a child is paid in a calendar year under this programme; null for no cap. */
  yearlyCapFen: number | null;
  /**
   * A month short of fullMonthMin: 'sessions' or 'days' pay monthly × count ÷ fullMonthMin
   * (rounded down to the fen); 'none' pays nothing. At or above it, the full monthly amount.
   */
  proration: Proration;
  /** Sessions (proration 'sessions') or service days (otherwise) that earn the full month. */
  fullMonthMin: number;
  /** The band reaches to a higher age for a child whose enrolment records one of these reasons. */
  extensions: { reason: AgeExtension; toAge: number }[];
}

export interface RehabStandard {
  kind: 'standard';
  rows: RehabRuleRow[];
  /** Only service inside the approved period of an approval number counts (the county approved the relief). */
  requireApproval: boolean;
  requireCertificate: boolean;
  /**
   * The funds include parent training (Hunan style: 经费可用于家长培训): a parent-training record
   * of the child counts toward the month as a session would (a day of service when by days).
   */
  parentTraining?: boolean;
  /** Where the standard came from when it was imported from a rule file. */
  source?: { office: string; version: string; checksum: string };
}

export function isStandard(rule: RehabRule | RehabStandard): rule is RehabStandard {
  return (rule as RehabStandard).kind === 'standard';
}

/** The enrolment facts the standard reads: the chosen category, the approval, an age extension. */
export interface ReliefFacts {
  category: ClaimCategory;
  approval: { number: string; from: string | null; to: string | null };
  extension: AgeExtension | null;
}

/** The rows that may apply to a category: its own rows, and the 'any' rows. */
function rowsFor(rows: readonly RehabRuleRow[], category: ClaimCategory): RehabRuleRow[] {
  return rows.filter((r) => r.category === category || r.category === 'any');
}

/** The age to which a row reaches for a child: its own limit, or an extension the child has. */
export function reachOf(row: RehabRuleRow, extension: AgeExtension | null): { toAge: number; extended: AgeExtension | null } {
  const ext = extension === null ? undefined : row.extensions.find((e) => e.reason === extension && e.toAge > row.ageTo);
  return ext ? { toAge: ext.toAge, extended: ext.reason } : { toAge: row.ageTo, extended: null };
}

/**
 * The row for a child of `age` claimed under `category`: a row whose band holds the age (the
 * category's own row before an 'any' row), else one an extension stretches to it. null: none.
 */
export function rowFor(rows: readonly RehabRuleRow[], category: ClaimCategory, age: number, extension: AgeExtension | null): { row: RehabRuleRow; extended: AgeExtension | null } | null {
  const candidates = rowsFor(rows, category).sort((a, b) => (a.category === 'any' ? 1 : 0) - (b.category === 'any' ? 1 : 0));
  const plain = candidates.find((r) => r.ageFrom <= age && age < r.ageTo);
  if (plain) return { row: plain, extended: null };
  for (const r of candidates) {
    const reach = reachOf(r, extension);
    if (reach.extended && r.ageFrom <= age && age < reach.toAge) return { row: r, extended: reach.extended };
  }
  return null;
}

/** The age at which a child leaves every band of its category (with its extension). */
export function leavingAge(rows: readonly RehabRuleRow[], category: ClaimCategory, extension: AgeExtension | null): number {
  return rowsFor(rows, category).reduce((max, r) => Math.max(max, reachOf(r, extension).toAge), 0);
}

/** What the year holds for the child before this month: months paid, amount, the category chosen, a lump sum paid. */
export interface ChildYear {
  monthsSoFar: number;
  claimedFen: number;
  /** The category the child was first claimed under this year, and in which batch. */
  chosen: { category: string; number: string } | null;
  /** The batch that already paid this year's lump sum. */
  lumpSumIn: string | null;
}

export interface RehabStandardMonth {
  month: string;
  birthDate: string;
  cert: { has: boolean; expiry: string | null };
  sessions: RehabSessionFact[];
  rule: { effectiveFrom: string; rule: RehabStandard };
  relief: ReliefFacts;
  year: ChildYear;
  claimedIn: string | null;
}

/** What a standard line rests on, stored with it and shown on the batch screen. */
export interface RulePath {
  category: ClaimCategory;
  ageFrom: number;
  ageTo: number;
  extended: AgeExtension | null;
  /** Months paid this year before this one; this line is month monthsSoFar + 1. */
  monthsSoFar: number;
  maxMonths: number | null;
  /** A cap this line reached: the yearly amount (cut to what was left) or the months (this is the last). */
  capReached: 'yearly' | 'months' | null;
  lumpSum: boolean;
}

export type StandardOutcome = (LineProposal & { path: RulePath }) | LeftOut;

/**
 * A child's month under a local standard: the row is the one for the child's chosen category and
 * age on the first of the month (a birthday inside the month moves the child to the next band the
 * month after); a session counts when attended, relief-funded, inside the approved period, with a
 * valid certificate when required, and before the child leaves every band (with its extension).
 * Then: one category a year, the lump sum once a year, the months cap, proration, the yearly cap.
 */
export function computeRehabStandard(c: RehabStandardMonth): StandardOutcome {
  const r = c.rule.rule;
  const { first } = monthBounds(c.month);
  const ageAtStart = ageOn(c.birthDate, first);
  const found = rowFor(r.rows, c.relief.category, ageAtStart, c.relief.extension);
  const leaving = leavingAge(r.rows, c.relief.category, c.relief.extension);
  const leaveOn = leaving > 0 ? birthdayOfAge(c.birthDate, leaving) : first;
  const proration: Proration = found?.row.proration ?? 'days';
  const sessions = [...c.sessions].sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || a.id - b.id);
  const countedDays = new Set<string>();
  const approval = c.relief.approval;
  const records: RecordRef[] = sessions.map((s) => {
    const detail = { time: s.startTime, minutes: s.minutes, type: s.type, attendance: s.attendance };
    const type = s.parentTraining ? 'rehab_parent_training' : 'rehab_session';
    const ref = (why: string, counted = false): RecordRef => ({ type, id: s.id, date: s.date, why, counted, detail });
    if (s.attendance !== 'present') return ref(s.attendance);
    if (s.funding !== 'relief') return ref('not_relief');
    if (r.requireApproval) {
      if (approval.number === '' || approval.from === null) return ref('no_approval');
      if (s.date < approval.from) return ref('before_approval');
      if (approval.to !== null && s.date > approval.to) return ref('approval_expired');
    }
    if (s.date >= leaveOn) return ref('after_age');
    const cert = certificateIssue(c.cert, s.date, r.requireCertificate);
    if (cert) return ref(cert === 'CERT_EXPIRED' ? 'cert_expired' : 'no_certificate');
    if (proration !== 'sessions' && countedDays.has(s.date)) return ref('same_day');
    countedDays.add(s.date);
    return ref('present', true);
  });
  if (c.claimedIn !== null) return leftOut('ALREADY_CLAIMED', { number: c.claimedIn }, records);
  const count = records.filter((x) => x.counted).length;
  const has = (why: string) => records.some((x) => x.why === why);
  if (count === 0) {
    if (has('no_approval')) return leftOut('NO_APPROVAL', {}, records);
    if (has('approval_expired')) return leftOut('APPROVAL_EXPIRED', { to: approval.to ?? '' }, records);
    if (has('before_approval')) return leftOut('APPROVAL_NOT_STARTED', { from: approval.from ?? '' }, records);
    if (has('after_age') || (!found && sessions.length > 0)) return leftOut('OVER_AGE', { limit: leaving, birthday: leaveOn }, records);
    if (has('cert_expired')) return leftOut('CERT_EXPIRED', { expiry: c.cert.expiry ?? '' }, records);
    if (has('no_certificate')) return leftOut('NO_CERTIFICATE', {}, records);
    if (has('not_relief')) return leftOut('NOT_RELIEF', {}, records);
    return leftOut('NO_SERVICE', {}, records);
  }
  if (!found) return leftOut('NO_BAND', { category: c.relief.category, age: ageAtStart }, records);
  const { row, extended } = found;
  if (c.year.chosen !== null && c.year.chosen.category !== c.relief.category) {
    return leftOut('CATEGORY_CHOSEN', { category: c.year.chosen.category, number: c.year.chosen.number, year: c.month.slice(0, 4) }, records);
  }
  if (row.maxMonthsPerYear !== null && c.year.monthsSoFar >= row.maxMonthsPerYear) {
    return leftOut('MONTHS_CAP', { max: row.maxMonthsPerYear, counted: c.year.monthsSoFar, year: c.month.slice(0, 4) }, records);
  }
  const lumpDue = row.lumpSumFen > 0 && c.year.lumpSumIn === null;
  if (row.monthlyFen === 0 && !lumpDue) {
    return leftOut('LUMP_SUM_PAID', { number: c.year.lumpSumIn ?? '', year: c.month.slice(0, 4) }, records);
  }

  const path: RulePath = {
    category: c.relief.category,
    ageFrom: row.ageFrom,
    ageTo: row.ageTo,
    extended,
    monthsSoFar: c.year.monthsSoFar,
    maxMonths: row.maxMonthsPerYear,
    capReached: null,
    lumpSum: lumpDue,
  };
  const unit: Unit = proration === 'sessions' ? 'sessions' : 'days';
  const steps: Step[] = [
    { code: 'RULE', params: { effectiveFrom: c.rule.effectiveFrom, standard: row.monthlyFen, min: row.fullMonthMin } },
    { code: 'RULE_ROW', params: { category: c.relief.category, ruleCategory: row.category, ageFrom: row.ageFrom, ageTo: row.ageTo, age: ageAtStart } },
  ];
  if (extended) steps.push({ code: 'EXTENDED', params: { reason: extended, toAge: reachOf(row, extended).toAge } });
  steps.push({ code: unit === 'days' ? 'COUNT_DAYS' : 'COUNT_SESSIONS', params: { count } });
  if (has('after_age')) steps.push({ code: 'AGE_CUTOFF', params: { limit: leaving, birthday: leaveOn } });
  if (has('approval_expired')) steps.push({ code: 'APPROVAL_CUTOFF', params: { to: approval.to ?? '' } });
  if (has('cert_expired')) steps.push({ code: 'CERT_CUTOFF', params: { expiry: c.cert.expiry ?? '' } });
  if (row.maxMonthsPerYear !== null) steps.push({ code: 'MONTHS_SO_FAR', params: { count: c.year.monthsSoFar, max: row.maxMonthsPerYear } });

  let amount = 0;
  if (row.monthlyFen > 0) {
    if (count >= row.fullMonthMin) {
      amount = row.monthlyFen;
      steps.push({ code: 'FULL', params: { count, min: row.fullMonthMin, amount } });
    } else if (proration === 'none') {
      if (!lumpDue) return leftOut('TOO_FEW', { count, min: row.fullMonthMin, unit }, records);
      steps.push({ code: 'MONTH_TOO_FEW', params: { count, min: row.fullMonthMin } });
    } else {
      amount = Math.floor((row.monthlyFen * count) / row.fullMonthMin);
      steps.push({ code: 'PRORATED', params: { standard: row.monthlyFen, count, min: row.fullMonthMin, amount } });
    }
  }
  if (lumpDue) {
    amount += row.lumpSumFen;
    steps.push({ code: 'LUMP_SUM', params: { amount: row.lumpSumFen, year: c.month.slice(0, 4) } });
  }
  if (row.yearlyCapFen !== null) {
    const remaining = row.yearlyCapFen - c.year.claimedFen;
    if (remaining <= 0) return leftOut('OVER_CAP', { cap: row.yearlyCapFen, claimed: c.year.claimedFen, year: c.month.slice(0, 4) }, records);
    if (amount >= remaining) path.capReached = 'yearly';
    if (amount > remaining) {
      steps.push({ code: 'CAPPED', params: { cap: row.yearlyCapFen, claimed: c.year.claimedFen, before: amount, amount: remaining } });
      amount = remaining;
    }
  }
  if (row.maxMonthsPerYear !== null && c.year.monthsSoFar + 1 >= row.maxMonthsPerYear && path.capReached === null) path.capReached = 'months';
  return { kind: 'line', quantity: count, unit, standardFen: row.monthlyFen || row.lumpSumFen, amountFen: amount, steps, records, path };
}

/** A standard's rows must not overlap for one category (two rows for the same child and age). */
export function overlappingRows(rows: readonly RehabRuleRow[]): [number, number] | null {
  for (let i = 0; i < rows.length; i += 1) {
    for (let j = i + 1; j < rows.length; j += 1) {
      const a = rows[i]!;
      const b = rows[j]!;
      if (a.category === b.category && a.ageFrom < b.ageTo && b.ageFrom < a.ageTo) return [i, j];
    }
  }
  return null;
}

// ---- training: one trainee in one class ----

export interface TraineeFacts {
  enrolmentId: number;
  classTitle: string;
  courseType: string;
  classStart: string;
  classEnd: string;
  totalHours: number;
  completedOn: string | null;
  present: number;
  sessions: number;
  placements: { id: number; startDate: string; placementType: string }[];
  cert: { has: boolean; expiry: string | null };
  claimedIn: string | null;
}

/**
 * When the subsidy condition holds (completion, and a placement within N months when the rule
 * asks for one), or null when it does not (yet).
 */
export function trainingConditionDate(f: TraineeFacts, rule: TrainingRule): { date: string; placementId: number | null } | null {
  if (f.completedOn === null) return null;
  if (!rule.placementRequired) return { date: f.completedOn, placementId: null };
  const deadline = addMonths(f.completedOn, rule.placementMonths);
  const placement = [...f.placements]
    .filter((p) => p.startDate >= f.classStart && p.startDate <= deadline)
    .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
  if (!placement) return null;
  return { date: placement.startDate > f.completedOn ? placement.startDate : f.completedOn, placementId: placement.id };
}

/**
 * A trainee's line in a period: the condition must be met within it. Trainees of classes that
 * ended in the period without completing, and those still waiting for (or past the window of) a
 * placement, are listed as left out; anyone else is no concern of this period (null).
 * `ruleFor` gives the rule in force on a date.
 */
export function computeTraining(f: TraineeFacts, period: { start: string; end: string }, ruleFor: (date: string) => RuleVersion<'training'> | null): Outcome | null {
  const base = ruleFor(f.completedOn ?? f.classEnd);
  const enrolment = (why: string, counted: boolean, date: string): RecordRef => ({
    type: 'training_enrolment',
    id: f.enrolmentId,
    date,
    why,
    counted,
    detail: { title: f.classTitle, courseType: f.courseType, present: f.present, sessions: f.sessions, hours: f.totalHours },
  });
  const inPeriod = (d: string) => d >= period.start && d <= period.end;
  if (f.completedOn === null) {
    return inPeriod(f.classEnd) ? leftOut('NOT_COMPLETED', { end: f.classEnd }, [enrolment('not_completed', false, f.classEnd)]) : null;
  }
  const met = base ? trainingConditionDate(f, base.rule) : { date: f.completedOn, placementId: null };
  if (!met) {
    const deadline = addMonths(f.completedOn, base!.rule.placementMonths);
    if (deadline > period.end && f.completedOn <= period.end) return leftOut('WAITING_PLACEMENT', { deadline }, [enrolment('completed', false, f.completedOn)]);
    if (inPeriod(deadline)) return leftOut('NO_PLACEMENT', { deadline, months: base!.rule.placementMonths }, [enrolment('completed', false, f.completedOn)]);
    return null;
  }
  if (!inPeriod(met.date)) {
    // Completed in the period, placed only after it: not yet claimable.
    if (met.placementId !== null && inPeriod(f.completedOn) && met.date > period.end) {
      return leftOut('WAITING_PLACEMENT', { deadline: addMonths(f.completedOn, base!.rule.placementMonths) }, [enrolment('completed', false, f.completedOn)]);
    }
    return null;
  }
  const version = ruleFor(met.date);
  const records = [enrolment('completed', true, f.completedOn)];
  if (met.placementId !== null) {
    const p = f.placements.find((x) => x.id === met.placementId)!;
    records.push({ type: 'training_enrolment', id: f.enrolmentId, date: p.startDate, why: 'placement', counted: true, detail: { placementType: p.placementType } });
  }
  if (f.claimedIn !== null) return leftOut('ALREADY_CLAIMED', { number: f.claimedIn }, records);
  if (!version) return leftOut('NO_STANDARD', { courseType: f.courseType }, records);
  const cert = certificateIssue(f.cert, met.date, version.rule.requireCertificate);
  if (cert) return leftOut(cert, { expiry: f.cert.expiry ?? '' }, records);
  const amount = version.rule.amounts.find((a) => a.courseType === f.courseType)?.amountFen ?? 0;
  if (amount <= 0) return leftOut('NO_STANDARD', { courseType: f.courseType }, records);
  const steps: Step[] = [
    { code: 'RULE', params: { effectiveFrom: version.effectiveFrom } },
    { code: 'COMPLETED', params: { date: f.completedOn, present: f.present, sessions: f.sessions } },
  ];
  if (met.placementId !== null) steps.push({ code: 'PLACED', params: { date: met.date, months: version.rule.placementMonths } });
  steps.push({ code: 'PER_TRAINEE', params: { courseType: f.courseType, amount } });
  return { kind: 'line', quantity: 1, unit: 'trainees', standardFen: amount, amountFen: amount, steps, records };
}

// ---- devices: one fitting ----

export interface FittingFacts {
  fittingId: number;
  fittedOn: string;
  itemName: string;
  deviceClass: string;
  costFen: number;
  subsidyFen: number;
  /** The part of the subsidy paying the fitting service (the rest pays the product). */
  serviceFen?: number;
  ruleApplied: string;
  rulePercent: number;
  cert: { has: boolean; expiry: string | null };
  claimedIn: string | null;
}

/** A fitting's line: the subsidy it computed when recorded (the rule that set it is explained). */
export function computeFitting(f: FittingFacts, rule: RuleVersion<'devices'> | null): Outcome {
  const records: RecordRef[] = [
    { type: 'device_fitting', id: f.fittingId, date: f.fittedOn, why: 'fitting', counted: true, detail: { item: f.itemName, cost: f.costFen, subsidy: f.subsidyFen } },
  ];
  if (f.claimedIn !== null) return leftOut('ALREADY_CLAIMED', { number: f.claimedIn }, records);
  const cert = certificateIssue(f.cert, f.fittedOn, rule?.rule.requireCertificate ?? false);
  if (cert) return leftOut(cert, { expiry: f.cert.expiry ?? '' }, records);
  if (f.subsidyFen <= 0) return leftOut('NO_SUBSIDY', { cost: f.costFen }, records);
  return {
    kind: 'line',
    quantity: 1,
    unit: 'items',
    standardFen: f.subsidyFen,
    amountFen: f.subsidyFen,
    steps: [
      { code: 'FITTING_SUBSIDY', params: { cost: f.costFen, subsidy: f.subsidyFen, rule: f.ruleApplied, percent: f.rulePercent } },
      ...(f.serviceFen ? [{ code: 'FITTING_SPLIT', params: { product: f.subsidyFen - f.serviceFen, service: f.serviceFen } }] : []),
    ],
    records,
  };
}

// ---- adjustments ----

/**
 * An adjustment may not take a line below zero: the original amount plus every adjustment so far
 * plus this one. Returns the least amount allowed (a negative number or 0).
 */
export function adjustmentFloor(originalFen: number, adjustedSoFarFen: number): number {
  return -(originalFen + adjustedSoFarFen);
}

// ---- workflow ----

const NEXT: Record<BatchStatus, readonly BatchStatus[]> = {
  draft: ['submitted'],
  submitted: ['approved', 'rejected'],
  approved: ['paid'],
  rejected: ['draft'],
  paid: [],
};

export function canMove(from: BatchStatus, to: BatchStatus): boolean {
  return NEXT[from].includes(to);
}

// ---- 大写金额 ----

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const SECTION_UNITS = ['', '万', '亿', '万亿'];

/** 0–9999 in capitals, zeros inside collapsed to one 零, trailing zeros dropped: 1005 → 壹仟零伍. */
function section(n: number): string {
  let text = '';
  let zero = false;
  let started = false;
  for (let pos = 3; pos >= 0; pos -= 1) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (started) zero = true;
      continue;
    }
    if (zero) text += '零';
    text += DIGITS[d]! + SMALL_UNITS[pos]!;
    zero = false;
    started = true;
  }
  return text;
}

/**
 * An amount in fen as the capital numerals of Chinese finance (大写金额), after the rules for
 * writing bills (《支付结算办法》附件一): 壹 is always written before 拾, a run of zeros inside is
 * one 零, 整 follows 元 when there are no 角 and 分, and 零 stands between 元 and 分 when 角 is 0.
 * 0 → 零元整, 5 → 伍分, 1000 → 壹拾元整, 10001050 → 壹拾万零壹拾元伍角.
 */
export function capitalAmount(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError('amount must be whole fen');
  if (fen < 0) return `负${capitalAmount(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return '零元整';
  let integer = '';
  /** Whether zeros stand between what is written so far and the next digit. */
  let zero = false;
  const sections: number[] = [];
  for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10000)) sections.unshift(rest % 10000);
  sections.forEach((value, i) => {
    const unit = SECTION_UNITS[sections.length - 1 - i]!;
    if (value === 0) {
      if (integer) zero = true;
      return;
    }
    if (integer && (zero || value < 1000)) integer += '零';
    integer += section(value) + unit;
    zero = value % 10 === 0;
  });
  let text = integer ? `${integer}元` : '';
  if (jiao === 0 && cents === 0) return `${text}整`;
  if (jiao > 0) text += `${DIGITS[jiao]}角`;
  else if (integer) text += '零';
  if (cents > 0) text += `${DIGITS[cents]}分`;
  return text;
}

/** Lines a batch screen shows at first and asks for at a time as it scrolls (keyset on seq). */
export const LINE_PAGE = 200;
/** The most lines one claims.lines.page call gives (the print form asks for every line in these). */
export const LINE_PAGE_MAX = 1000;

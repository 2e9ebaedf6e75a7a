// Rules of employment in the national terms: the 就业形式 codes and the mapping of the earlier
// placement types, working age, employers' quota standing and above-quota reward, employment
// outcomes of a class at 3/6/12 months, and shares. Pure functions over plain data.
import { addMonths } from '../common/dates';
import { isWorkingAge } from '../people/rules';

/** 就业形式 of the yearly dynamic survey (国统制[2016]57号), in the survey's order. */
export const EMPLOYMENT_FORMS = [
  'quota', // 按比例就业
  'centralised', // 集中就业
  'individual', // 个体就业含自主创业
  'public_welfare', // 公益性岗位
  'assisted', // 辅助性就业
  'rural', // 农村种养加
  'flexible', // 灵活就业含社区与居家
] as const;
export type EmploymentForm = (typeof EMPLOYMENT_FORMS)[number];

/** Placement types before migration 011, still accepted on input and mapped. */
export const LEGACY_PLACEMENT_TYPES = ['centralised', 'quota', 'assisted', 'supported', 'self_employed', 'flexible', 'home_based', 'public_welfare'] as const;
export type LegacyPlacementType = (typeof LEGACY_PLACEMENT_TYPES)[number];

/** The mapping migration 011 applied (and input of an old code still gets). */
export const LEGACY_TO_FORM: Record<LegacyPlacementType, EmploymentForm> = {
  centralised: 'centralised',
  quota: 'quota',
  assisted: 'assisted',
  // 支持性就业 is a job with an ordinary employer, counted in its quota.
  supported: 'quota',
  self_employed: 'individual',
  flexible: 'flexible',
  home_based: 'flexible',
  public_welfare: 'public_welfare',
};

export function isEmploymentForm(code: string): code is EmploymentForm {
  return (EMPLOYMENT_FORMS as readonly string[]).includes(code);
}

/** A national code as it is, an earlier type mapped, anything else null. */
export function employmentFormOf(code: string): EmploymentForm | null {
  if (isEmploymentForm(code)) return code;
  return (LEGACY_TO_FORM as Record<string, EmploymentForm>)[code] ?? null;
}

/** Forms with no employer to name (the person works for themself or the household). */
export const EMPLOYER_OPTIONAL_FORMS: readonly EmploymentForm[] = ['individual', 'rural', 'flexible'];

/** The usual pattern of hours per form; the form pre-fills the full-time box with it. */
export const FULL_TIME_BY_FORM: Record<EmploymentForm, boolean> = {
  quota: true,
  centralised: true,
  individual: true,
  public_welfare: true,
  assisted: false,
  rural: true,
  flexible: false,
};

/** The dictionaries of the real-name system kept as data (employment_term). */
export const DICTIONARIES = [
  'employment_form',
  'industry',
  'job_route',
  'contract',
  'social_insurance',
  'not_employed_reason',
  'training_cycle',
  'support_kind',
  'award_level',
] as const;
export type Dictionary = (typeof DICTIONARIES)[number];

// ---- working age ----

/** 劳动年龄: the register's one rule (men 16–59, women 16–54). */
export { isWorkingAge };

// ---- employers: quota and reward ----

export type QuotaStanding = 'below' | 'at' | 'above';

export interface QuotaFigures {
  staffCount: number;
  disabledEmployees: number;
  /** Of them, level 1–2 (重度): each counts as two towards the quota. */
  severeEmployees: number;
}

export interface QuotaResult {
  /** Persons the quota asks for, in ten-thousandths of a person (kept exact, never rounded). */
  requiredE4: number;
  /** Persons counted towards the quota (severe counted twice). */
  counted: number;
  standing: QuotaStanding;
  /** Whole persons above the quota (rounded down); 0 unless above. */
  extraPersons: number;
}

/**
 * The standing of an employer for a year. The quota share is in ten-thousandths (150 = 1.5%).
 * The persons required stay a fraction (staff × share, e.g. 150 × 1.5% = 2.25), compared exactly:
 * below when fewer are counted; above when at least one whole person more is counted; at
 * otherwise. The reward counts whole persons only: the excess over the fraction, rounded down
 * (4 counted against 2.25 required is 1.75 over: 1 extra person).
 */
export function quotaStanding(f: QuotaFigures, sharePermyriad: number): QuotaResult {
  const requiredE4 = f.staffCount * sharePermyriad;
  const counted = f.disabledEmployees + f.severeEmployees;
  const overE4 = counted * 10000 - requiredE4;
  if (overE4 < 0) return { requiredE4, counted, standing: 'below', extraPersons: 0 };
  const extraPersons = Math.floor(overE4 / 10000);
  return { requiredE4, counted, standing: extraPersons >= 1 ? 'above' : 'at', extraPersons };
}

/** 2.25, 1.5, 3: persons in ten-thousandths as text with no trailing zeros. */
export function personsText(e4: number): string {
  const whole = Math.floor(e4 / 10000);
  const rest = e4 % 10000;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(4, '0').replace(/0+$/, '')}`;
}

/**
 * The reward for one extra person (超比例奖励): a multiple of the local monthly minimum wage
 * (Alxa: 5×) for a full year, in proportion for the months the year's figures cover; rounded
 * down to the fen. The multiple is given in tenths (5× = 50) so the arithmetic stays in integers.
 */
export function rewardPerPersonFen(minimumWageFen: number, multipleTenths: number, months: number): number {
  return Math.floor((minimumWageFen * multipleTenths * months) / 120);
}

/** The multiple as set (5, 2.5) in tenths. */
export function multipleTenthsOf(multiple: number): number {
  return Math.round(multiple * 10);
}

// ---- outcomes of a class ----

export interface PlacementSpell {
  startDate: string;
  /** '' while it goes on. */
  endDate: string;
}

export type OutcomeState = 'employed' | 'not_employed' | 'pending';

/** Whether someone who completed on `completedOn` was in work `months` later (pending until that day). */
export function employedAfter(completedOn: string, months: number, spells: readonly PlacementSpell[], today: string): OutcomeState {
  const day = addMonths(completedOn, months);
  if (day > today) return 'pending';
  return spells.some((s) => s.startDate <= day && (s.endDate === '' || s.endDate >= day)) ? 'employed' : 'not_employed';
}

/** A share in tenths of a percent, rounded down; null when there is nobody to count. */
export function sharePermille(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.floor((part * 1000) / whole);
}

export interface OutcomePerson {
  personId: number;
  sex: 'M' | 'F';
  birthDate: string;
  completedOn: string;
  spells: PlacementSpell[];
}

export interface OutcomeRate {
  months: number;
  /** Working-age persons whose date has come. */
  due: number;
  employed: number;
  permille: number | null;
  /** Completions not yet at the date. */
  pending: number;
  employedIds: number[];
  notEmployedIds: number[];
}

/**
 * Employment of completers at each follow-up month: persons of working age on their completion
 * date only, each person once (the earliest completion given counts).
 */
export function outcomeRates(people: readonly OutcomePerson[], months: readonly number[], today: string): OutcomeRate[] {
  const byPerson = new Map<number, OutcomePerson>();
  for (const p of people) {
    if (!isWorkingAge(p.sex, p.birthDate, p.completedOn)) continue;
    const seen = byPerson.get(p.personId);
    if (!seen || p.completedOn < seen.completedOn) byPerson.set(p.personId, p);
  }
  return months.map((m) => {
    const rate: OutcomeRate = { months: m, due: 0, employed: 0, permille: null, pending: 0, employedIds: [], notEmployedIds: [] };
    for (const p of byPerson.values()) {
      const state = employedAfter(p.completedOn, m, p.spells, today);
      if (state === 'pending') rate.pending += 1;
      else if (state === 'employed') rate.employedIds.push(p.personId);
      else rate.notEmployedIds.push(p.personId);
    }
    rate.employed = rate.employedIds.length;
    rate.due = rate.employed + rate.notEmployedIds.length;
    rate.permille = sharePermille(rate.employed, rate.due);
    return rate;
  });
}

// Rules for people records: resident ID (GB 11643-1999) and disability certificate numbers.
// Pure functions over strings; the renderer uses them too, to show derived data as the user types.
import { ageOn, isIsoDate, normaliseDate } from '../common/dates';

/** 残疾类别: 1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神 7 多重. */
export const DISABILITY_CATEGORIES = [1, 2, 3, 4, 5, 6, 7] as const;
/** 残疾等级 1–4; 1 is the most severe, 1–2 are 重度. */
export const DISABILITY_LEVELS = [1, 2, 3, 4] as const;

/** Support statuses (household circumstances) that drive priority and free-of-charge rules. */
export const SUPPORT_STATUSES = [
  'registered_poor', // 建档立卡/脱贫户
  'monitor_unstable', // 防止返贫监测: 脱贫不稳定户
  'monitor_marginal', // 边缘易致贫户
  'monitor_sudden', // 突发严重困难户
  'dibao', // 低保
  'dibao_marginal', // 低保边缘
  'tekun', // 特困供养
  'living_allowance', // 困难残疾人生活补贴
  'care_allowance', // 重度残疾人护理补贴
] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

export const HOUSEHOLDS = ['urban', 'rural'] as const;
export type Household = (typeof HOUSEHOLDS)[number];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Trims, removes inner spaces and upper-cases a trailing x, as staff type IDs in many ways. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdError =
  | { code: 'PERSON_ID_FORMAT' }
  | { code: 'PERSON_ID_BIRTHDATE'; params: { birthDate: string } }
  | { code: 'PERSON_ID_CHECKSUM'; params: { expected: string } };

export interface IdFacts {
  idNumber: string;
  regionCode: string;
  birthDate: string;
  sex: 'M' | 'F';
}

/**
 * Checks an 18-character resident ID and derives birth date and sex from it.
 * `today` bounds the birth date: nobody on the register is born after today.
 */
export function parseIdNumber(raw: string, today: string): { ok: true; value: IdFacts } | { ok: false; error: IdError } {
  const id = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, error: { code: 'PERSON_ID_FORMAT' } };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate > today) {
    return { ok: false, error: { code: 'PERSON_ID_BIRTHDATE', params: { birthDate: id.slice(6, 14) } } };
  }
  const expected = idCheckChar(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, error: { code: 'PERSON_ID_CHECKSUM', params: { expected } } };
  return {
    ok: true,
    value: { idNumber: id, regionCode: id.slice(0, 6), birthDate, sex: Number(id[16]) % 2 === 1 ? 'M' : 'F' },
  };
}

export type CertError =
  | { code: 'PERSON_CERT_FORMAT' }
  | { code: 'PERSON_CERT_PREFIX' }
  | { code: 'PERSON_CERT_CATEGORY'; params: { digit: string } }
  | { code: 'PERSON_CERT_LEVEL'; params: { digit: string } }
  | { code: 'PERSON_CERT_REISSUE'; params: { suffix: string } };

export interface CertFacts {
  /** The number as written on the certificate: 20 characters, plus B1, B2, … when reissued. */
  certNumber: string;
  /** The first 20 characters (the ID, category and level). */
  base: string;
  /** 0 for a first issue, n for the suffix Bn. */
  reissue: number;
  category: number;
  level: number;
}

/** The most reissues a suffix may count (B1 … B99). */
export const MAX_REISSUE = 99;

/** The full number from its 20 characters and the reissue count: base + Bn (nothing for a first issue). */
export function certWithReissue(base: string, reissue: number): string {
  return reissue > 0 ? `${base}B${reissue}` : base;
}

/**
 * 第二代残疾人证号 = the 18-character ID + 1 digit category + 1 digit level; a reissued certificate
 * appends B1, then B2, … (DOMAIN.md, provincial federation practice). A lower-case b is accepted.
 */
export function parseCertNumber(raw: string, idNumber: string): { ok: true; value: CertFacts } | { ok: false; error: CertError } {
  const cert = normaliseIdNumber(raw);
  const match = /^(\d{17}[\dX]\d{2})(B(\d{1,3}))?$/.exec(cert);
  if (!match) return { ok: false, error: { code: 'PERSON_CERT_FORMAT' } };
  const base = match[1]!;
  if (base.slice(0, 18) !== normaliseIdNumber(idNumber)) return { ok: false, error: { code: 'PERSON_CERT_PREFIX' } };
  const category = Number(base[18]);
  const level = Number(base[19]);
  if (!(DISABILITY_CATEGORIES as readonly number[]).includes(category)) {
    return { ok: false, error: { code: 'PERSON_CERT_CATEGORY', params: { digit: base[18]! } } };
  }
  if (!(DISABILITY_LEVELS as readonly number[]).includes(level)) {
    return { ok: false, error: { code: 'PERSON_CERT_LEVEL', params: { digit: base[19]! } } };
  }
  let reissue = 0;
  if (match[2] !== undefined) {
    const digits = match[3]!;
    reissue = Number(digits);
    // B0, B01 and B100 are not suffixes a federation issues.
    if (digits.startsWith('0') || reissue < 1 || reissue > MAX_REISSUE) {
      return { ok: false, error: { code: 'PERSON_CERT_REISSUE', params: { suffix: match[2] } } };
    }
  }
  return { ok: true, value: { certNumber: certWithReissue(base, reissue), base, reissue, category, level } };
}

/** Whether a text has the shape of a certificate number (20 characters, optionally Bn), before the ID is known. */
export function looksLikeCertNumber(raw: string): boolean {
  return /^\d{17}[\dX]\d{2}(B\d{1,3})?$/.test(normaliseIdNumber(raw));
}

/** Levels 1 and 2 are 重度 (severe). */
export function isSevere(level: number | null | undefined): boolean {
  return level === 1 || level === 2;
}

/** People under 18 need a guardian on record. */
export const ADULT_AGE = 18;

export function needsGuardian(birthDate: string, today: string): boolean {
  return ageOn(birthDate, today) < ADULT_AGE;
}

export type ExpiryBand = 'expired' | 'within1' | 'within6' | 'later';

/**
 * Which reminder band a certificate falls in on `today` (002_…txt 四: remind at 6 months and at 1 month).
 * `oneMonth` and `sixMonths` are today plus one and six calendar months.
 */
export function expiryBand(expiry: string, today: string, oneMonth: string, sixMonths: string): ExpiryBand {
  if (expiry < today) return 'expired';
  if (expiry <= oneMonth) return 'within1';
  if (expiry <= sixMonths) return 'within6';
  return 'later';
}

export interface FieldIssue {
  code: string;
  field: string;
  params?: Record<string, string | number>;
}

export interface PersonRuleInput {
  idNumber: string;
  certNumber: string;
  category: number | null;
  level: number | null;
  certExpiry: string;
  phone: string;
  guardianName: string;
  guardianPhone: string;
}

const PHONE = /^[0-9+\-() ]{5,20}$/;

/**
 * Every rule a person record must meet that needs no database: ID, certificate, dates, phones and
 * the guardian for minors. Returns all problems at once, each tied to its field.
 */
export function checkPerson(
  input: PersonRuleInput,
  today: string,
): { issues: FieldIssue[]; id: IdFacts | null; cert: CertFacts | null; certExpiry: string } {
  const issues: FieldIssue[] = [];
  const parsedId = parseIdNumber(input.idNumber, today);
  const id = parsedId.ok ? parsedId.value : null;
  if (!parsedId.ok) issues.push({ field: 'idNumber', ...parsedId.error });

  let cert: CertFacts | null = null;
  if (input.certNumber !== '') {
    if (id) {
      const parsedCert = parseCertNumber(input.certNumber, id.idNumber);
      if (parsedCert.ok) cert = parsedCert.value;
      else issues.push({ field: 'certNumber', ...parsedCert.error });
    } else if (!looksLikeCertNumber(input.certNumber)) {
      issues.push({ field: 'certNumber', code: 'PERSON_CERT_FORMAT' });
    }
    if (cert && input.category !== null && input.category !== cert.category) {
      issues.push({ field: 'category', code: 'PERSON_CERT_MISMATCH' });
    }
    if (cert && input.level !== null && input.level !== cert.level) {
      issues.push({ field: 'level', code: 'PERSON_CERT_MISMATCH' });
    }
    if (input.certExpiry === '') issues.push({ field: 'certExpiry', code: 'PERSON_CERT_EXPIRY_REQUIRED' });
  }
  const certExpiry = input.certExpiry === '' ? '' : normaliseDate(input.certExpiry);
  if (certExpiry === null) issues.push({ field: 'certExpiry', code: 'INVALID_DATE' });
  if (input.phone !== '' && !PHONE.test(input.phone)) issues.push({ field: 'phone', code: 'PHONE_FORMAT' });
  if (input.guardianPhone !== '' && !PHONE.test(input.guardianPhone)) {
    issues.push({ field: 'guardianPhone', code: 'PHONE_FORMAT' });
  }
  if (id && needsGuardian(id.birthDate, today) && input.guardianName === '') {
    issues.push({ field: 'guardianName', code: 'PERSON_GUARDIAN_REQUIRED', params: { age: ADULT_AGE } });
  }
  return { issues, id, cert, certExpiry: certExpiry ?? '' };
}

// ---- working age ----

/** 劳动年龄 in whole years: the national statistics count men 16–59 and women 16–54. */
export interface WorkingAge {
  min: number;
  maxMale: number;
  maxFemale: number;
}
export const DEFAULT_WORKING_AGE: WorkingAge = { min: 16, maxMale: 59, maxFemale: 54 };

/** Is the person of working age on the date (the one rule every area counts by)? */
export function isWorkingAge(sex: 'M' | 'F', birthDate: string, date: string, range: WorkingAge = DEFAULT_WORKING_AGE): boolean {
  const age = ageOn(birthDate, date);
  return age >= range.min && age <= (sex === 'M' ? range.maxMale : range.maxFemale);
}

// Rules of comparing the register with other departments' lists (数据比对), of the checks that find
// people left out (不漏一人), of households (一户多残, 零就业家庭) and of the satisfaction rate.
// Pure functions over plain data: the module fetches, these decide.
import { addMonths, ageOn } from '../common/dates';
import { headerKey, normaliseIdText } from '../import/rules';
import { idCheckChar, isSevere } from '../people/rules';
import { DEFAULT_WORKING_AGE, isWorkingAge, type WorkingAge } from '../people/rules';

/** Statuses a department list can certify. */
export const LIST_STATUSES = [
  'dibao', // 低保 (civil affairs)
  'tekun', // 特困供养 (civil affairs)
  'monitor', // 脱贫监测 / 防止返贫监测对象 (rural revitalisation)
  'medical_insured', // 医保参保 (medical insurance)
  'in_school', // 在校 (education)
] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** Every status recorded as a dated fact: the list statuses and the plans' other items. */
export const FACT_STATUSES = [...LIST_STATUSES, 'care_allowance', 'living_allowance', 'family_doctor', 'migrant_worker'] as const;
export type FactStatus = (typeof FACT_STATUSES)[number];

/**
 * Statuses the people form already keeps (person_support): a confirmed change to one of these
 * changes the record itself too, so the register and its history say the same as the facts.
 */
export const SUPPORT_BACKED: ReadonlySet<FactStatus> = new Set(['dibao', 'tekun', 'care_allowance', 'living_allowance']);

export const LIST_SOURCES = ['civil_affairs', 'medical_insurance', 'education', 'human_resources', 'rural_revitalisation', 'other'] as const;
export type ListSource = (typeof LIST_SOURCES)[number];

/** Words departments write in a status column, by status (compared as header keys: no spaces, lower case). */
const STATUS_WORDS: Record<ListStatus, string[]> = {
  dibao: ['低保', '低保户', '低保对象', '城市低保', '农村低保', '城乡低保', '最低生活保障', 'dibao'],
  tekun: ['特困', '特困供养', '特困人员', '特困供养人员', '五保', '五保户', 'tekun'],
  monitor: ['脱贫监测', '监测对象', '防返贫监测', '防止返贫监测', '防止返贫监测对象', '监测户', 'monitor'],
  medical_insured: ['医保参保', '医保', '已参保', '参保', '城乡居民医保', '职工医保', 'medicalinsured'],
  in_school: ['在校', '在校生', '在读', '在校学生', 'inschool'],
};
const STATUS_BY_WORD = new Map<string, ListStatus>(
  (Object.entries(STATUS_WORDS) as [ListStatus, string[]][]).flatMap(([status, words]) => words.map((w) => [headerKey(w), status] as const)),
);

/**
 * The statuses written in one cell ("低保、特困", "低保/医保"); words not known come back as unknown.
 * An empty cell gives no statuses (the list's own status applies, see rowStatuses).
 */
export function parseStatusCell(text: string): { statuses: ListStatus[]; unknown: string[] } {
  const statuses = new Set<ListStatus>();
  const unknown: string[] = [];
  for (const word of text.split(/[、,，;；/／|\s]+/).filter((w) => w !== '')) {
    const status = STATUS_BY_WORD.get(headerKey(word));
    if (status) statuses.add(status);
    else unknown.push(word);
  }
  return { statuses: LIST_STATUSES.filter((s) => statuses.has(s)), unknown };
}

/**
 * The statuses a row certifies: those in its status cell, or, with no status column or an empty
 * cell, every status the list certifies. Statuses outside the list's own are not the list's word.
 */
export function rowStatuses(cell: string | null, listStatuses: readonly ListStatus[]): { statuses: ListStatus[]; unknown: string[]; outside: ListStatus[] } {
  if (cell === null || cell.trim() === '') return { statuses: [...listStatuses], unknown: [], outside: [] };
  const parsed = parseStatusCell(cell);
  return {
    statuses: parsed.statuses.filter((s) => listStatuses.includes(s)),
    unknown: parsed.unknown,
    outside: parsed.statuses.filter((s) => !listStatuses.includes(s)),
  };
}

export type ListIdError = 'REQUIRED' | 'PERSON_ID_FORMAT' | 'PERSON_ID_CHECKSUM' | 'PERSON_ID_BIRTHDATE';

/**
 * The resident ID a list row names, however the department wrote it: lower-case x, full-width
 * digits and spaces; a disability certificate number (ID + category + level) with or without a
 * reissue suffix (B1, B2, …); an old 15-digit ID (第一代身份证: the century 19 inserted and
 * the check character added). The result is checked like any ID (GB 11643-1999).
 */
export function listIdNumber(raw: string, today: string): { ok: true; idNumber: string; reissue: string } | { ok: false; code: ListIdError } {
  const text = normaliseIdText(raw);
  if (text === '') return { ok: false, code: 'REQUIRED' };
  let id: string;
  let reissue = '';
  const cert = /^(\d{17}[\dX])[1-7][1-4](B\d{1,2})?$/.exec(text);
  if (/^\d{17}[\dX]$/.test(text)) id = text;
  else if (cert) {
    id = cert[1]!;
    reissue = cert[2] ?? '';
  } else if (/^\d{15}$/.test(text)) {
    const first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
    id = first17 + idCheckChar(first17);
  } else return { ok: false, code: 'PERSON_ID_FORMAT' };
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth || birth > today) return { ok: false, code: 'PERSON_ID_BIRTHDATE' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, code: 'PERSON_ID_CHECKSUM' };
  return { ok: true, idNumber: id, reissue };
}

// ---- comparison ----

/** A row of a department's list, checked. */
export interface ListRow {
  rowNumber: number;
  idNumber: string;
  name: string;
  statuses: readonly ListStatus[];
}

/** What the register knows of a person the comparison concerns. */
export interface RegisterPerson {
  personId: number;
  idNumber: string;
  name: string;
  /** The list statuses the register holds for the person now. */
  statuses: ReadonlySet<ListStatus>;
  archived: boolean;
  /** Died or moved out of the area, and when. */
  departed: { reason: 'died' | 'moved'; on: string } | null;
}

export type ComparisonKind =
  /** On both, the same statuses. */
  | 'same'
  /** On both, statuses differ: the changes bring the register in line with the list. */
  | 'different'
  /** On their list, not in the register. */
  | 'onlyTheirs'
  /** In the register with a status the list certifies, but not on the list. */
  | 'onlyRegister'
  /** On their list, but the register says the person died or moved away before the list's date. */
  | 'departed';

export interface StatusChange {
  status: ListStatus;
  /** True: the list says the person holds it; false: the list says not. */
  held: boolean;
}

export interface ComparisonEntry {
  kind: ComparisonKind;
  idNumber: string;
  /** The name on the list (or in the register for onlyRegister). */
  name: string;
  personId: number | null;
  /** The register's name when it differs from the list's. */
  registerName: string;
  listStatuses: ListStatus[];
  registerStatuses: ListStatus[];
  /** Proposed changes to the register; applied only when the user confirms them. */
  changes: StatusChange[];
  departed: { reason: 'died' | 'moved'; on: string } | null;
}

const sorted = (statuses: Iterable<ListStatus>) => {
  const held = new Set(statuses);
  return LIST_STATUSES.filter((s) => held.has(s));
};

/**
 * Compares a list with the register. `covered` is what the list certifies: a person the list
 * holds has exactly the covered statuses it names; a person it leaves out holds none of them.
 * The register people given are those on the list and those holding a covered status; a person
 * who died or moved away before the list's date is expected off the list, and archived records
 * are not expected on it.
 */
export function compareList(rows: readonly ListRow[], register: readonly RegisterPerson[], covered: readonly ListStatus[], listDate: string): ComparisonEntry[] {
  const byId = new Map(register.map((p) => [p.idNumber, p]));
  const onList = new Set<string>();
  const entries: ComparisonEntry[] = [];
  for (const row of rows) {
    onList.add(row.idNumber);
    const person = byId.get(row.idNumber);
    const listStatuses = sorted(row.statuses.filter((s) => covered.includes(s)));
    if (!person) {
      entries.push({ kind: 'onlyTheirs', idNumber: row.idNumber, name: row.name, personId: null, registerName: '', listStatuses, registerStatuses: [], changes: [], departed: null });
      continue;
    }
    const registerStatuses = sorted([...person.statuses].filter((s) => covered.includes(s)));
    const base = {
      idNumber: row.idNumber,
      name: row.name,
      personId: person.personId,
      registerName: person.name === row.name ? '' : person.name,
      listStatuses,
      registerStatuses,
      departed: person.departed,
    };
    if (person.departed && person.departed.on <= listDate) {
      entries.push({ ...base, kind: 'departed', changes: [] });
      continue;
    }
    const changes: StatusChange[] = [
      ...listStatuses.filter((s) => !registerStatuses.includes(s)).map((status) => ({ status, held: true })),
      ...registerStatuses.filter((s) => !listStatuses.includes(s)).map((status) => ({ status, held: false })),
    ];
    entries.push({ ...base, kind: changes.length ? 'different' : 'same', changes });
  }
  for (const person of register) {
    if (onList.has(person.idNumber) || person.archived || !covered.some((s) => person.statuses.has(s))) continue;
    if (person.departed && person.departed.on <= listDate) continue;
    const registerStatuses = sorted([...person.statuses].filter((s) => covered.includes(s)));
    if (registerStatuses.length === 0) continue;
    entries.push({
      kind: 'onlyRegister',
      idNumber: person.idNumber,
      name: person.name,
      personId: person.personId,
      registerName: '',
      listStatuses: [],
      registerStatuses,
      changes: registerStatuses.map((status) => ({ status, held: false })),
      departed: person.departed,
    });
  }
  return entries;
}

export interface ListChanges {
  added: { idNumber: string; name: string; statuses: ListStatus[] }[];
  removed: { idNumber: string; name: string; statuses: ListStatus[] }[];
  changed: { idNumber: string; name: string; before: ListStatus[]; after: ListStatus[] }[];
}

/** What changed between a source's previous list and this one: who came on, who went off, whose statuses changed. */
export function listChanges(previous: readonly ListRow[], current: readonly ListRow[]): ListChanges {
  const before = new Map(previous.map((r) => [r.idNumber, r]));
  const after = new Map(current.map((r) => [r.idNumber, r]));
  const result: ListChanges = { added: [], removed: [], changed: [] };
  for (const row of current) {
    const old = before.get(row.idNumber);
    if (!old) result.added.push({ idNumber: row.idNumber, name: row.name, statuses: sorted(row.statuses) });
    else if (sorted(old.statuses).join() !== sorted(row.statuses).join()) {
      result.changed.push({ idNumber: row.idNumber, name: row.name, before: sorted(old.statuses), after: sorted(row.statuses) });
    }
  }
  for (const row of previous) if (!after.has(row.idNumber)) result.removed.push({ idNumber: row.idNumber, name: row.name, statuses: sorted(row.statuses) });
  return result;
}

// ---- working age, households ----

/** 劳动年龄: men 16–59, women 16–54 (a setting with effective dates; these are its defaults). */
export { DEFAULT_WORKING_AGE, isWorkingAge, type WorkingAge };

export interface HouseholdMember {
  sex: 'M' | 'F';
  birthDate: string;
  employed: boolean;
  departed: boolean;
}

/** 零就业家庭: a household with at least one member of working age and none of them employed. */
export function isZeroEmployment(members: readonly HouseholdMember[], today: string, range: WorkingAge): boolean {
  const working = members.filter((m) => !m.departed && isWorkingAge(m.sex, m.birthDate, today, range));
  return working.length > 0 && working.every((m) => !m.employed);
}

// ---- left-out checks ----

export const LEFT_OUT_CHECKS = ['care_allowance', 'living_allowance', 'child_rehab', 'working_age', 'cert_expired'] as const;
export type LeftOutCheck = (typeof LEFT_OUT_CHECKS)[number];

export interface LeftOutSettings {
  workingAge: WorkingAge;
  /** Children up to this age (inclusive) are expected in rehab: 0–6. */
  childMaxAge: number;
  /** Working-age people not employed and not contacted within this many months are left out. */
  contactMonths: number;
}

/** What the checks need to know about one person of the register. */
export interface CheckedPerson {
  personId: number;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  certNumber: string;
  /** A hospital's diagnosis certificate (诊断证明) is on record: a child may be in rehab before a disability certificate. */
  diagnosed: boolean;
  level: number | null;
  certExpiry: string;
  /** Statuses held now: the register's support statuses and the facts. */
  statuses: ReadonlySet<string>;
  /** Statuses held by anyone of the person's household (the person included). */
  householdStatuses: ReadonlySet<string>;
  /** In rehab now (an open enrolment). */
  inRehab: boolean;
  /** Employed now (a placement without an end, or ending today or later). */
  employed: boolean;
  /** The last contact on record (placement, follow-up, enrolment in training, home visit, job-seeker contact), '' when none. */
  lastContact: string;
  archived: boolean;
  departed: boolean;
  /** Checks a recorded reason clears the person from. */
  cleared: ReadonlySet<LeftOutCheck>;
}

export interface LeftOutEntry {
  check: LeftOutCheck;
  personId: number;
  name: string;
  idNumber: string;
  /** The reason as a code and its parameters (the renderer words it). */
  reason: string;
  params: Record<string, string | number>;
}

/** Whether a person counts as holding a certificate or a diagnosis certificate (诊断证明) for the children's check. */
export function hasCertificateOrDiagnosis(person: Pick<CheckedPerson, 'certNumber' | 'diagnosed'>): boolean {
  return person.certNumber !== '' || person.diagnosed;
}

/**
 * The checks that find people left out, each with its reason. Archived and departed people and
 * those a recorded reason clears are not listed.
 */
export function leftOut(people: readonly CheckedPerson[], today: string, settings: LeftOutSettings): LeftOutEntry[] {
  const found: LeftOutEntry[] = [];
  const contactSince = addMonths(today, -settings.contactMonths);
  for (const p of people) {
    if (p.archived || p.departed) continue;
    const add = (check: LeftOutCheck, reason: string, params: Record<string, string | number>) => {
      if (!p.cleared.has(check)) found.push({ check, personId: p.personId, name: p.name, idNumber: p.idNumber, reason, params });
    };
    const holder = p.certNumber !== '';
    const age = ageOn(p.birthDate, today);
    if (holder && isSevere(p.level) && !p.statuses.has('care_allowance')) add('care_allowance', 'LEFT_OUT_CARE_ALLOWANCE', { level: p.level! });
    if (holder && !p.statuses.has('living_allowance')) {
      const basis = ['dibao', 'tekun'].find((s) => p.householdStatuses.has(s));
      if (basis) add('living_allowance', p.statuses.has(basis) ? 'LEFT_OUT_LIVING_ALLOWANCE' : 'LEFT_OUT_LIVING_ALLOWANCE_HOUSEHOLD', { status: basis });
    }
    if (age >= 0 && age <= settings.childMaxAge && hasCertificateOrDiagnosis(p) && !p.inRehab) add('child_rehab', 'LEFT_OUT_CHILD_REHAB', { age });
    if (holder && isWorkingAge(p.sex, p.birthDate, today, settings.workingAge) && !p.employed && (p.lastContact === '' || p.lastContact < contactSince)) {
      add('working_age', p.lastContact === '' ? 'LEFT_OUT_NEVER_CONTACTED' : 'LEFT_OUT_NOT_CONTACTED', { age, lastContact: p.lastContact, months: settings.contactMonths });
    }
    if (holder && p.certExpiry !== '' && p.certExpiry < today) add('cert_expired', 'LEFT_OUT_CERT_EXPIRED', { expiry: p.certExpiry });
  }
  return found;
}

// ---- satisfaction ----

export const SATISFACTION_SERVICES = ['rehab', 'training', 'employment', 'devices', 'visit', 'other'] as const;
export type SatisfactionService = (typeof SATISFACTION_SERVICES)[number];
/** 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export const SATISFACTION_RATINGS = [5, 4, 3, 2, 1] as const;
/** 满意率 counts 基本满意 and better as satisfied. */
export const SATISFIED_FROM = 3;

/** The satisfaction rate in tenths of a percent (floor), or null with no answers. */
export function satisfactionRate(ratings: readonly number[]): { answers: number; satisfied: number; permille: number | null } {
  const satisfied = ratings.filter((r) => r >= SATISFIED_FROM).length;
  return { answers: ratings.length, satisfied, permille: ratings.length ? Math.floor((satisfied * 1000) / ratings.length) : null };
}

// ---- reading a list's rows ----

export const LIST_COLUMN_KEYS = ['idNumber', 'name', 'status'] as const;
type ListColumnKey = (typeof LIST_COLUMN_KEYS)[number];

/** Header names departments use (compared as header keys). The ID column may hold certificate numbers. */
const LIST_HEADER_ALIASES: Record<ListColumnKey, string[]> = {
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '证件号', '残疾人证号', '残疾证号', '残疾人证号码', 'idnumber', 'id'],
  name: ['姓名', '名字', '户主姓名', '成员姓名', '救助对象姓名', '参保人姓名', '学生姓名', 'name'],
  status: ['类别', '保障类别', '救助类别', '对象类别', '人员类别', '身份类别', '类型', '状态', '参保状态', '在校状态', '低保类别', '保障类型', '救助类型', 'status'],
};
const LIST_KNOWN = new Set(Object.values(LIST_HEADER_ALIASES).flat().map(headerKey));

export function isListHeader(header: string): boolean {
  return LIST_KNOWN.has(headerKey(header));
}

/** Which column each header is (the first header naming a column takes it). */
export function mapListHeaders(headers: readonly string[]): (ListColumnKey | null)[] {
  const taken = new Set<ListColumnKey>();
  return headers.map((header) => {
    const key = headerKey(header);
    const column = LIST_COLUMN_KEYS.find((c) => !taken.has(c) && LIST_HEADER_ALIASES[c].includes(key)) ?? null;
    if (column) taken.add(column);
    return column;
  });
}

export const REQUIRED_LIST_COLUMNS: readonly ListColumnKey[] = ['idNumber', 'name'];

export interface ListRowIssue {
  code: string;
  field?: string;
  params?: Record<string, string | number>;
}

export interface CheckedListRow {
  rowNumber: number;
  name: string;
  /** Normalised when valid; as written otherwise. */
  idNumber: string;
  valid: boolean;
  statuses: ListStatus[];
  issues: ListRowIssue[];
}

/**
 * Checks one row of a list: name, ID (see listIdNumber), statuses; then, across the file, a person
 * written twice is refused on the second row (never silently merged). `cells` are the row's texts.
 */
export function checkListRows(
  rows: readonly { rowNumber: number; cells: readonly string[] }[],
  columns: readonly (ListColumnKey | null)[],
  listStatuses: readonly ListStatus[],
  today: string,
): CheckedListRow[] {
  const value = (cells: readonly string[], column: ListColumnKey) => {
    const index = columns.indexOf(column);
    return index < 0 ? null : (cells[index] ?? '').trim();
  };
  const firstRow = new Map<string, number>();
  return rows.map(({ rowNumber, cells }) => {
    const issues: ListRowIssue[] = [];
    const name = value(cells, 'name') ?? '';
    if (name === '') issues.push({ code: 'REQUIRED', field: 'name' });
    else if (name.length > 50) issues.push({ code: 'TOO_LONG', field: 'name', params: { max: 50 } });
    const raw = value(cells, 'idNumber') ?? '';
    const id = listIdNumber(raw, today);
    if (!id.ok) issues.push({ code: id.code, field: 'idNumber' });
    const statusCell = value(cells, 'status');
    const parsed = rowStatuses(statusCell, listStatuses);
    if (parsed.unknown.length) issues.push({ code: 'COMPARE_STATUS_UNKNOWN', field: 'status', params: { value: parsed.unknown.join('、') } });
    if (parsed.statuses.length === 0 && parsed.unknown.length === 0) issues.push({ code: 'COMPARE_STATUS_OUTSIDE', field: 'status', params: { value: statusCell ?? '' } });
    if (id.ok) {
      const first = firstRow.get(id.idNumber);
      if (first !== undefined) issues.push({ code: 'IMPORT_DUPLICATE_IN_FILE', field: 'idNumber', params: { row: first } });
      else firstRow.set(id.idNumber, rowNumber);
    }
    return { rowNumber, name, idNumber: id.ok ? id.idNumber : raw, valid: issues.length === 0, statuses: parsed.statuses, issues };
  });
}

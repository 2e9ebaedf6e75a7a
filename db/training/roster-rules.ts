// Rules of the roster import (名单导入): which column is which, how a spreadsheet cell becomes
// text, and whether a row can be imported. Pure: the register and the class come in as plain data.
import { cellDate, headerKey, normaliseIdText, plainText, type RawCell } from '../import/rules';
import { personInput, type PersonFields } from '../people/contract';
import { checkPerson, normaliseIdNumber, parseIdNumber } from '../people/rules';
import { IMPORT_COLUMNS, type ImportColumn, type ImportIssue, type ImportRowStatus } from './contract';

export type { RawCell };

/** Header names staff use for each column (compared without spaces, brackets and case). */
const HEADER_ALIASES: Record<ImportColumn, string[]> = {
  name: ['姓名', '学员姓名', '名字', 'name'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', 'idnumber', 'id', 'residentid'],
  certNumber: ['残疾人证号', '残疾证号', '残疾人证号码', '残疾证号码', 'certnumber', 'certificatenumber'],
  certExpiry: ['证件有效期', '残疾人证有效期', '有效期至', '有效期', '证件有效期至', 'certexpiry', 'certificateexpiry'],
  household: ['户籍', '户口性质', '户籍性质', '城乡', '户籍城乡', 'household'],
  phone: ['联系电话', '电话', '手机', '手机号', '手机号码', 'phone', 'mobile'],
  address: ['住址', '地址', '家庭住址', '现住址', 'address'],
  guardianName: ['监护人', '监护人姓名', 'guardian', 'guardianname'],
  guardianPhone: ['监护人电话', '监护人联系电话', 'guardianphone'],
};

const KNOWN_KEYS = new Set(Object.values(HEADER_ALIASES).flat().map(headerKey));

/** Whether a header names a roster column (for finding the header row). */
export function isRosterHeader(header: string): boolean {
  return KNOWN_KEYS.has(headerKey(header));
}

/** Which known column each header is (null for columns the import does not use). */
export function mapHeaders(headers: readonly string[]): (ImportColumn | null)[] {
  const taken = new Set<ImportColumn>();
  return headers.map((header) => {
    const key = headerKey(header);
    const column = IMPORT_COLUMNS.find((c) => !taken.has(c) && HEADER_ALIASES[c].includes(key)) ?? null;
    if (column) taken.add(column);
    return column;
  });
}

export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['name', 'idNumber'];

/** Columns holding a date: any common written form becomes YYYY-MM-DD. */
const DATE_COLUMNS: ReadonlySet<ImportColumn> = new Set(['certExpiry']);
/** Columns holding a number typed by hand: full-width digits and stray spaces are folded. */
const NUMBER_COLUMNS: ReadonlySet<ImportColumn> = new Set(['idNumber', 'certNumber', 'phone', 'guardianPhone']);

/** The text of a cell as the user sees it; dates in a date column as YYYY-MM-DD, ID-like numbers normalised. */
export function cellText(cell: RawCell, column: ImportColumn | null): string {
  if (cell === null || cell === undefined) return '';
  if (column && DATE_COLUMNS.has(column)) {
    const iso = cellDate(cell);
    if (iso) return iso;
  }
  const text = plainText(cell);
  return column && NUMBER_COLUMNS.has(column) ? normaliseIdText(text) : text;
}

const HOUSEHOLD_WORDS: Record<string, 'urban' | 'rural'> = {
  城镇: 'urban',
  城市: 'urban',
  城镇户口: 'urban',
  非农业: 'urban',
  非农: 'urban',
  非农业户口: 'urban',
  urban: 'urban',
  农村: 'rural',
  农业: 'rural',
  农村户口: 'rural',
  农业户口: 'rural',
  rural: 'rural',
};

export interface CheckedRow {
  rowNumber: number;
  /** The row's cells as text, in file order (for showing and for exporting back). */
  cells: string[];
  name: string;
  /** Normalised when it is a valid ID; as typed otherwise. */
  idNumber: string;
  idValid: boolean;
  /** Problems found in the row itself. */
  ownIssues: ImportIssue[];
  /** Problems that matter only when the person is new to the register. */
  newPersonIssues: ImportIssue[];
  /** The person to register if new (null when the row cannot make one). */
  person: PersonFields | null;
}

/** Checks one row on its own: required cells, the ID (GB 11643), and the fields a new record needs. */
export function checkRosterRow(rowNumber: number, cells: readonly RawCell[], columns: readonly (ImportColumn | null)[], today: string): CheckedRow {
  const text: string[] = cells.map((cell, i) => cellText(cell, columns[i] ?? null));
  const value = (column: ImportColumn) => {
    const index = columns.indexOf(column);
    return index < 0 ? '' : (text[index] ?? '');
  };
  const ownIssues: ImportIssue[] = [];
  const name = value('name');
  if (name === '') ownIssues.push({ code: 'REQUIRED', field: 'name' });
  else if (name.length > 50) ownIssues.push({ code: 'TOO_LONG', field: 'name', params: { max: 50 } });

  const idIndex = columns.indexOf('idNumber');
  const rawId = value('idNumber');
  let idNumber = normaliseIdNumber(rawId);
  let idValid = false;
  if (idIndex >= 0 && typeof cells[idIndex] === 'number') {
    // Excel keeps 15 significant digits: an ID typed into a number cell has lost its last ones.
    ownIssues.push({ code: 'IMPORT_ID_AS_NUMBER', field: 'idNumber' });
  } else if (rawId === '') {
    ownIssues.push({ code: 'REQUIRED', field: 'idNumber' });
  } else {
    const parsed = parseIdNumber(rawId, today);
    if (parsed.ok) {
      idNumber = parsed.value.idNumber;
      idValid = true;
    } else ownIssues.push({ field: 'idNumber', ...parsed.error });
  }

  const newPersonIssues: ImportIssue[] = [];
  const householdText = value('household');
  const household = HOUSEHOLD_WORDS[householdText.replace(/\s+/g, '').toLowerCase()];
  if (householdText === '') newPersonIssues.push({ code: 'IMPORT_HOUSEHOLD_REQUIRED', field: 'household' });
  else if (!household) newPersonIssues.push({ code: 'IMPORT_HOUSEHOLD', field: 'household', params: { value: householdText } });

  let person: PersonFields | null = null;
  const parsed = personInput().safeParse({
    name,
    idNumber: rawId === '' ? '-' : rawId,
    certNumber: value('certNumber'),
    certExpiry: value('certExpiry'),
    household: household ?? 'urban',
    phone: value('phone'),
    address: value('address'),
    guardianName: value('guardianName'),
    guardianPhone: value('guardianPhone'),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field === 'name' || field === 'idNumber') continue; // reported above
      const params = 'maximum' in issue && typeof issue.maximum === 'number' ? { max: issue.maximum } : undefined;
      newPersonIssues.push({ code: /^[A-Z_]+$/.test(issue.message) ? issue.message : 'INVALID_INPUT', field, ...(params ? { params } : {}) });
    }
  } else if (idValid) {
    const checked = checkPerson({ ...parsed.data, category: null, level: null }, today);
    for (const issue of checked.issues) newPersonIssues.push(issue);
    if (ownIssues.length === 0 && newPersonIssues.length === 0) {
      person = {
        ...parsed.data,
        idNumber,
        certNumber: checked.cert?.certNumber ?? '',
        category: checked.cert?.category ?? null,
        level: checked.cert?.level ?? null,
        certExpiry: checked.certExpiry,
      };
    }
  }
  return { rowNumber, cells: text, name, idNumber, idValid, ownIssues, newPersonIssues, person };
}

/** What the register and the class say about the people in the file. */
export interface RosterContext {
  /** Register entries by ID number, for the IDs in the file. */
  register: ReadonlyMap<string, { id: number; name: string }>;
  /** The class being filled, if any: who is in it already and how many places are left. */
  target: { enrolledPersonIds: ReadonlySet<number>; placesLeft: number; capacity: number } | null;
}

export interface ResolvedRow {
  rowNumber: number;
  status: ImportRowStatus;
  issues: ImportIssue[];
  personId: number | null;
  registerName: string;
}

/**
 * Decides every row against the register, the class and the rest of the file: a person already
 * registered is reused; an ID seen earlier in the file is a duplicate; rows beyond the class's
 * places are refused. A row's own problems never affect any other row.
 */
export function resolveRoster(rows: readonly CheckedRow[], context: RosterContext): ResolvedRow[] {
  const firstRowOf = new Map<string, number>();
  let placesLeft = context.target?.placesLeft ?? Number.POSITIVE_INFINITY;
  return rows.map((row) => {
    const issues: ImportIssue[] = [...row.ownIssues];
    const existing = row.idValid ? context.register.get(row.idNumber) : undefined;
    if (row.idValid) {
      const first = firstRowOf.get(row.idNumber);
      if (first !== undefined) issues.push({ code: 'IMPORT_DUPLICATE_IN_FILE', field: 'idNumber', params: { row: first } });
      else firstRowOf.set(row.idNumber, row.rowNumber);
    }
    if (existing) {
      if (row.name !== '' && row.name !== existing.name) issues.push({ code: 'IMPORT_NAME_MISMATCH', field: 'name', params: { name: existing.name } });
      if (context.target?.enrolledPersonIds.has(existing.id)) issues.push({ code: 'TRAINING_ALREADY_ENROLLED', params: { name: existing.name } });
    } else {
      issues.push(...row.newPersonIssues);
    }
    if (issues.length === 0 && context.target) {
      if (placesLeft <= 0) issues.push({ code: 'TRAINING_CLASS_FULL', params: { capacity: context.target.capacity } });
      else placesLeft -= 1;
    }
    const status: ImportRowStatus = issues.length ? 'invalid' : existing ? 'existing' : 'new';
    return { rowNumber: row.rowNumber, status, issues, personId: existing?.id ?? null, registerName: existing?.name ?? '' };
  });
}

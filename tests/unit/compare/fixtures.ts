// The people the comparison rules' tests work with: a list row, a register person, and a person the
// left-out checks look at (a level-3 holder of 76 with a valid certificate: left out of nothing).
import { DEFAULT_WORKING_AGE, type CheckedPerson, type ListRow, type ListStatus, type RegisterPerson } from '../../../db/compare/rules';
import { makeId } from '../../support/ids';

/** A man born 1980-03-04. */
export const A = makeId('1980-03-04', 11);

export const listRow = (idNumber: string, statuses: ListRow['statuses'], name = '张三', rowNumber = 2): ListRow => ({ rowNumber, idNumber, name, statuses });

export const registerPerson = (personId: number, idNumber: string, statuses: ListStatus[], more: Partial<RegisterPerson> = {}): RegisterPerson => ({
  personId,
  idNumber,
  name: '张三',
  statuses: new Set(statuses),
  archived: false,
  departed: null,
  ...more,
});

export const LEFT_OUT_SETTINGS = { workingAge: DEFAULT_WORKING_AGE, childMaxAge: 6, contactMonths: 12 };

export const checkedPerson = (more: Partial<CheckedPerson> = {}): CheckedPerson => ({
  personId: 1,
  name: '王五',
  idNumber: A,
  sex: 'M',
  birthDate: '1950-01-01', // 76: not of working age
  certNumber: `${A}43`,
  diagnosed: false,
  level: 3,
  certExpiry: '2030-01-01',
  statuses: new Set(),
  householdStatuses: new Set(),
  inRehab: false,
  employed: false,
  lastContact: '',
  archived: false,
  departed: false,
  cleared: new Set(),
  ...more,
});

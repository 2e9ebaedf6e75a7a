// The comparison, left-out, household and satisfaction rules at their boundaries.
import { describe, expect, it } from 'vitest';
import {
  checkListRows,
  compareList,
  isListHeader,
  mapListHeaders,
  DEFAULT_WORKING_AGE,
  isWorkingAge,
  isZeroEmployment,
  leftOut,
  listChanges,
  listIdNumber,
  parseStatusCell,
  rowStatuses,
  satisfactionRate,
  type CheckedPerson,
  type RegisterPerson,
} from '../../../db/compare/rules';
import { makeId } from '../../support/ids';
import { A, LEFT_OUT_SETTINGS as SETTINGS, checkedPerson as base, listRow as row, registerPerson as person } from './fixtures';

const TODAY = '2026-11-22';
const X = '11010519491231002X'; // the textbook ID whose check character is X

describe('listIdNumber: the ID a department wrote, however it wrote it', () => {
  it.each([
    ['a plain ID', A, A, ''],
    ['lower-case x', X.toLowerCase(), X, ''],
    ['spaces and full-width digits', ` ${A.slice(0, 6)} ${[...A.slice(6)].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')} `, A, ''],
    ['a certificate number', `${A}41`, A, ''],
    ['a reissued certificate (B1)', `${A}41B1`, A, 'B1'],
    ['a reissued certificate (b2, lower case)', `${A}41b2`, A, 'B2'],
    ['a reissued certificate with lower-case x', `${X.toLowerCase()}72B1`, X, 'B1'],
    ['an old 15-digit ID', '110105491231002', X, ''],
  ])('reads %s', (_name, raw, id, reissue) => {
    expect(listIdNumber(raw, TODAY)).toEqual({ ok: true, idNumber: id, reissue });
  });

  it.each([
    ['empty', '', 'REQUIRED'],
    ['17 digits', A.slice(0, 17), 'PERSON_ID_FORMAT'],
    ['a certificate with category 8', `${A}81`, 'PERSON_ID_FORMAT'],
    ['a certificate with level 5', `${A}45`, 'PERSON_ID_FORMAT'],
    ['a suffix that is not B + digits', `${A}41C1`, 'PERSON_ID_FORMAT'],
    ['a wrong check character', `${A.slice(0, 17)}${A[17] === '0' ? '1' : '0'}`, 'PERSON_ID_CHECKSUM'],
    ['a birth date after today', makeId('2026-11-23'), 'PERSON_ID_BIRTHDATE'],
    ['30 February', '110105' + '19800230' + '0011', 'PERSON_ID_BIRTHDATE'],
  ])('refuses %s', (_name, raw, code) => {
    expect(listIdNumber(raw, TODAY)).toEqual({ ok: false, code });
  });

  it('accepts a birth date of today', () => {
    expect(listIdNumber(makeId(TODAY), TODAY).ok).toBe(true);
  });
});

describe('status cells', () => {
  it.each([
    ['低保', ['dibao'], []],
    ['低保、特困', ['dibao', 'tekun'], []],
    ['农村低保 / 医保', ['dibao', 'medical_insured'], []],
    ['特困供养人员，在校生', ['tekun', 'in_school'], []],
    ['防止返贫监测对象', ['monitor'], []],
    ['低保；残疾', ['dibao'], ['残疾']],
    ['', [], []],
  ])('reads “%s”', (text, statuses, unknown) => {
    expect(parseStatusCell(text)).toEqual({ statuses, unknown });
  });

  it('gives an empty cell every status the list certifies', () => {
    expect(rowStatuses('', ['dibao', 'tekun'])).toEqual({ statuses: ['dibao', 'tekun'], unknown: [], outside: [] });
    expect(rowStatuses(null, ['dibao'])).toEqual({ statuses: ['dibao'], unknown: [], outside: [] });
  });

  it('keeps a status the list does not certify apart', () => {
    expect(rowStatuses('低保、在校', ['dibao', 'tekun'])).toEqual({ statuses: ['dibao'], unknown: [], outside: ['in_school'] });
  });
});


describe('compareList', () => {
  const B = makeId('1975-01-01', 22);
  const C = makeId('1990-06-06', 33);
  const D = makeId('1960-02-02', 44);
  const covered = ['dibao', 'tekun'] as const;

  it('sorts people into the same, different, only theirs and only the register', () => {
    const entries = compareList(
      [row(A, ['dibao']), row(B, ['tekun']), row(C, ['dibao'], '李四')],
      [person(1, A, ['dibao', 'medical_insured']), person(2, B, ['dibao']), person(4, D, ['tekun'])],
      covered,
      '2026-11-01',
    );
    expect(entries.map((e) => [e.kind, e.idNumber, e.personId, e.changes])).toEqual([
      ['same', A, 1, []],
      ['different', B, 2, [{ status: 'tekun', held: true }, { status: 'dibao', held: false }]],
      ['onlyTheirs', C, null, []],
      ['onlyRegister', D, 4, [{ status: 'tekun', held: false }]],
    ]);
  });

  it('ignores statuses the list does not certify (医保 on a civil-affairs list)', () => {
    const [entry] = compareList([row(A, ['dibao'])], [person(1, A, ['dibao', 'in_school'])], covered, '2026-11-01');
    expect(entry!.kind).toBe('same');
    expect(entry!.registerStatuses).toEqual(['dibao']);
  });

  it('does not expect someone without a certified status on the list', () => {
    expect(compareList([], [person(1, A, ['medical_insured'])], covered, '2026-11-01')).toEqual([]);
  });

  it('notes a name that differs from the register', () => {
    const [entry] = compareList([row(A, ['dibao'], '张叁')], [person(1, A, ['dibao'])], covered, '2026-11-01');
    expect(entry!.registerName).toBe('张三');
  });

  it.each([
    ['died before the list', 'died', '2026-10-31', 'departed'],
    ['moved away on the list date', 'moved', '2026-11-01', 'departed'],
    ['moved away after the list', 'moved', '2026-11-02', 'different'],
  ] as const)('a person on the list who %s', (_name, reason, on, kind) => {
    const [entry] = compareList([row(A, ['dibao'])], [person(1, A, [], { departed: { reason, on } })], covered, '2026-11-01');
    expect(entry!.kind).toBe(kind);
    expect(entry!.changes).toEqual(kind === 'departed' ? [] : [{ status: 'dibao', held: true }]);
  });

  it.each([
    ['died before the list', { departed: { reason: 'died', on: '2026-05-01' } }, 0],
    ['is archived', { archived: true }, 0],
    ['moved away after the list', { departed: { reason: 'moved', on: '2026-11-02' } }, 1],
  ] as const)('does not expect on the list someone who %s', (_name, more, count) => {
    expect(compareList([], [person(1, A, ['dibao'], more as Partial<RegisterPerson>)], covered, '2026-11-01')).toHaveLength(count);
  });
});

describe('listChanges since the previous list of the source', () => {
  const B = makeId('1975-01-01', 22);
  const C = makeId('1990-06-06', 33);
  it('says who came on, who went off and whose status changed', () => {
    const changes = listChanges([row(A, ['dibao']), row(B, ['dibao'])], [row(B, ['tekun']), row(C, ['dibao'], '李四')]);
    expect(changes).toEqual({
      added: [{ idNumber: C, name: '李四', statuses: ['dibao'] }],
      removed: [{ idNumber: A, name: '张三', statuses: ['dibao'] }],
      changed: [{ idNumber: B, name: '张三', before: ['dibao'], after: ['tekun'] }],
    });
  });
  it('says nothing for the same list in another order', () => {
    expect(listChanges([row(A, ['dibao', 'tekun']), row(B, ['dibao'])], [row(B, ['dibao']), row(A, ['tekun', 'dibao'])])).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('working age (men 16–59, women 16–54)', () => {
  it.each([
    ['M', '2010-11-22', true], // 16 today
    ['M', '2010-11-23', false], // 15 until tomorrow
    ['M', '1966-11-23', true], // 59
    ['M', '1966-11-22', false], // 60 today
    ['F', '1971-11-23', true], // 54
    ['F', '1971-11-22', false], // 55 today
  ] as const)('%s born %s: %s', (sex, birth, expected) => {
    expect(isWorkingAge(sex, birth, TODAY, DEFAULT_WORKING_AGE)).toBe(expected);
  });
});

describe('零就业家庭', () => {
  const m = (birthDate: string, employed: boolean, sex: 'M' | 'F' = 'M', departed = false) => ({ sex, birthDate, employed, departed });
  it.each([
    ['nobody of working age employed', [m('1980-01-01', false), m('2015-01-01', false)], true],
    ['one employed', [m('1980-01-01', false), m('1985-01-01', true, 'F')], false],
    ['nobody of working age at all', [m('1950-01-01', false), m('2015-01-01', false)], false],
    ['a woman of 55 not employed and a child', [m('1971-11-22', false, 'F'), m('2015-01-01', false)], false],
    ['the only worker moved away', [m('1980-01-01', true, 'M', true), m('1985-01-01', false, 'F')], true],
    ['an empty household', [], false],
  ])('%s', (_name, members, expected) => {
    expect(isZeroEmployment(members, TODAY, DEFAULT_WORKING_AGE)).toBe(expected);
  });
});

describe('leftOut', () => {
  const checks = (more: Partial<CheckedPerson>) => leftOut([base(more)], TODAY, SETTINGS).map((e) => [e.check, e.reason]);

  it('finds nobody left out of a level-3 holder of 76 with a valid certificate', () => {
    expect(checks({})).toEqual([]);
  });
  it.each([
    [1, true],
    [2, true],
    [3, false],
  ])('level %i holder without the care allowance: %s', (level, found) => {
    expect(checks({ level })).toEqual(found ? [['care_allowance', 'LEFT_OUT_CARE_ALLOWANCE']] : []);
  });
  it('level 1 holder with the care allowance is not left out', () => {
    expect(checks({ level: 1, statuses: new Set(['care_allowance']) })).toEqual([]);
  });
  it.each([
    ['低保 holder without the living allowance', { statuses: new Set(['dibao']), householdStatuses: new Set(['dibao']) }, [['living_allowance', 'LEFT_OUT_LIVING_ALLOWANCE']]],
    ['特困 holder with it', { statuses: new Set(['tekun', 'living_allowance']), householdStatuses: new Set(['tekun']) }, []],
    ['member of a 低保 household', { householdStatuses: new Set(['dibao']) }, [['living_allowance', 'LEFT_OUT_LIVING_ALLOWANCE_HOUSEHOLD']]],
    ['低保 without a certificate', { certNumber: '', level: null, statuses: new Set(['dibao']), householdStatuses: new Set(['dibao']) }, []],
  ] as const)('%s', (_name, more, expected) => {
    expect(checks(more as Partial<CheckedPerson>)).toEqual(expected);
  });
  it.each([
    ['a child of 6 not in rehab', '2020-11-22', false, true],
    ['a child of 7 tomorrow… today', '2019-11-22', false, false],
    ['a child of 6 in rehab', '2020-11-22', true, false],
    ['a baby of 0', '2026-06-01', false, true],
  ])('%s', (_name, birthDate, inRehab, found) => {
    expect(checks({ birthDate, inRehab })).toEqual(found ? [['child_rehab', 'LEFT_OUT_CHILD_REHAB']] : []);
  });
  it('a child without a certificate is found by a diagnosis certificate, and not without one', () => {
    expect(checks({ birthDate: '2022-01-01', certNumber: '', level: null })).toEqual([]);
    expect(checks({ birthDate: '2022-01-01', certNumber: '', level: null, diagnosed: true })).toEqual([['child_rehab', 'LEFT_OUT_CHILD_REHAB']]);
  });
  it.each([
    ['never contacted', '', false, [['working_age', 'LEFT_OUT_NEVER_CONTACTED']]],
    ['contacted 12 months and a day ago', '2025-11-21', false, [['working_age', 'LEFT_OUT_NOT_CONTACTED']]],
    ['contacted 12 months ago to the day', '2025-11-22', false, []],
    ['employed', '', true, []],
  ] as const)('a working-age holder %s', (_name, lastContact, employed, expected) => {
    expect(checks({ birthDate: '1980-01-01', lastContact, employed })).toEqual(expected);
  });
  it.each([
    ['expired yesterday', '2026-11-21', true],
    ['expiring today', '2026-11-22', false],
  ])('a certificate %s', (_name, certExpiry, found) => {
    expect(checks({ certExpiry })).toEqual(found ? [['cert_expired', 'LEFT_OUT_CERT_EXPIRED']] : []);
  });
  it('leaves out the archived, the departed and those a reason clears from that check only', () => {
    expect(checks({ level: 1, archived: true })).toEqual([]);
    expect(checks({ level: 1, departed: true })).toEqual([]);
    expect(checks({ level: 1, certExpiry: '2026-01-01', cleared: new Set(['care_allowance']) })).toEqual([['cert_expired', 'LEFT_OUT_CERT_EXPIRED']]);
  });
});

describe('satisfactionRate', () => {
  it.each([
    [[], 0, null],
    [[5, 4, 3], 3, 1000],
    [[5, 2, 1], 1, 333], // 1/3 = 333.3‰, floor
    [[3, 2], 1, 500], // 基本满意 counts as satisfied
  ])('%j', (ratings, satisfied, permille) => {
    expect(satisfactionRate(ratings)).toEqual({ answers: ratings.length, satisfied, permille });
  });
});

describe('reading a list', () => {
  it('finds the columns by the headers departments use', () => {
    expect(mapListHeaders(['序号', '户主姓名', '公民身份号码', '保障类别', '备注'])).toEqual([null, 'name', 'idNumber', 'status', null]);
    expect(isListHeader('残疾人证号')).toBe(true);
  });
  it('checks each row and refuses the second row of a person written twice', () => {
    const cols = ['name', 'idNumber', 'status'] as const;
    const rows = checkListRows(
      [
        { rowNumber: 3, cells: ['张三', `${A.toLowerCase()}41B1`, '低保'] },
        { rowNumber: 4, cells: ['', 'abc', '残疾'] },
        { rowNumber: 5, cells: ['张三', A, '特困'] },
        { rowNumber: 6, cells: ['李四', X, '医保'] },
        { rowNumber: 7, cells: ['王五', makeId('1990-01-01', 7), ''] },
      ],
      cols,
      ['dibao', 'tekun'],
      TODAY,
    );
    expect(rows.map((r) => [r.rowNumber, r.valid, r.idNumber, r.statuses, r.issues.map((i) => i.code)])).toEqual([
      [3, true, A, ['dibao'], []],
      [4, false, 'abc', [], ['REQUIRED', 'PERSON_ID_FORMAT', 'COMPARE_STATUS_UNKNOWN']],
      [5, false, A, ['tekun'], ['IMPORT_DUPLICATE_IN_FILE']],
      [6, false, X, [], ['COMPARE_STATUS_OUTSIDE']],
      [7, true, makeId('1990-01-01', 7), ['dibao', 'tekun'], []],
    ]);
  });
});

// The comparison rules at the edges a mutation sample slipped past (npm run mutate): the words
// departments write, what a comparison entry carries in full, the parameters the screens word the
// left-out reasons with, and how a list's rows are checked. Expected values are written from the
// rules (the plans' and the departments' words), never computed by the code under test.
import { describe, expect, it } from 'vitest';
import {
  REQUIRED_LIST_COLUMNS,
  SUPPORT_BACKED,
  checkListRows,
  compareList,
  leftOut,
  listIdNumber,
  mapListHeaders,
  parseStatusCell,
  rowStatuses,
  type CheckedPerson,
} from '../../../db/compare/rules';
import { makeId } from '../../support/ids';
import { A, LEFT_OUT_SETTINGS as SETTINGS, checkedPerson as base, listRow as row, registerPerson as person } from './fixtures';

const TODAY = '2026-11-22';
const B = makeId('1975-01-01', 22);

describe('the words departments write in a status column', () => {
  it.each([
    ['低保', 'dibao'],
    ['低保户', 'dibao'],
    ['低保对象', 'dibao'],
    ['城市低保', 'dibao'],
    ['农村低保', 'dibao'],
    ['城乡低保', 'dibao'],
    ['最低生活保障', 'dibao'],
    ['DIBAO', 'dibao'],
    ['特困', 'tekun'],
    ['特困供养', 'tekun'],
    ['特困人员', 'tekun'],
    ['特困供养人员', 'tekun'],
    ['五保', 'tekun'],
    ['五保户', 'tekun'],
    ['Tekun', 'tekun'],
    ['脱贫监测', 'monitor'],
    ['监测对象', 'monitor'],
    ['防返贫监测', 'monitor'],
    ['防止返贫监测', 'monitor'],
    ['防止返贫监测对象', 'monitor'],
    ['监测户', 'monitor'],
    ['monitor', 'monitor'],
    ['医保参保', 'medical_insured'],
    ['医保', 'medical_insured'],
    ['已参保', 'medical_insured'],
    ['参保', 'medical_insured'],
    ['城乡居民医保', 'medical_insured'],
    ['职工医保', 'medical_insured'],
    ['Medical_Insured', 'medical_insured'],
    ['在校', 'in_school'],
    ['在校生', 'in_school'],
    ['在读', 'in_school'],
    ['在校学生', 'in_school'],
    ['InSchool', 'in_school'],
  ])('reads “%s” as %s', (word, status) => {
    expect(parseStatusCell(word)).toEqual({ statuses: [status], unknown: [] });
  });

  it('reads a cell of blanks as no word, so the list’s own statuses apply', () => {
    expect(rowStatuses('  ', ['dibao', 'tekun'])).toEqual({ statuses: ['dibao', 'tekun'], unknown: [], outside: [] });
  });

  it('reads words separated by several marks at once', () => {
    expect(parseStatusCell('低保，，特困||在校')).toEqual({ statuses: ['dibao', 'tekun', 'in_school'], unknown: [] });
  });
});

describe('IDs on a list: the certificate number is the whole cell', () => {
  it('refuses an ID with a digit before it (not a certificate number)', () => {
    expect(listIdNumber(`1${A}41`, TODAY)).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
  });
  it('reads a certificate reissued for the twelfth time', () => {
    expect(listIdNumber(`${A}41B12`, TODAY)).toEqual({ ok: true, idNumber: A, reissue: 'B12' });
  });
  it('refuses a reissue suffix of three digits', () => {
    expect(listIdNumber(`${A}41B123`, TODAY)).toEqual({ ok: false, code: 'PERSON_ID_FORMAT' });
  });
});


describe('what each comparison entry carries', () => {
  const covered = ['dibao', 'tekun'] as const;

  it('someone only on their list: the list’s certified statuses, nothing from the register', () => {
    expect(compareList([row(A, ['dibao', 'in_school'], '李四')], [], covered, '2026-11-01')).toEqual([
      { kind: 'onlyTheirs', idNumber: A, name: '李四', personId: null, registerName: '', listStatuses: ['dibao'], registerStatuses: [], changes: [], departed: null },
    ]);
  });

  it('someone on both under the same name: no register name shown', () => {
    expect(compareList([row(A, ['dibao'])], [person(7, A, ['dibao'])], covered, '2026-11-01')).toEqual([
      { kind: 'same', idNumber: A, name: '张三', personId: 7, registerName: '', listStatuses: ['dibao'], registerStatuses: ['dibao'], changes: [], departed: null },
    ]);
  });

  it('someone only in the register: only the certified statuses, each proposed to end', () => {
    expect(compareList([], [person(9, B, ['tekun', 'medical_insured'], { name: '王五' })], covered, '2026-11-01')).toEqual([
      { kind: 'onlyRegister', idNumber: B, name: '王五', personId: 9, registerName: '', listStatuses: [], registerStatuses: ['tekun'], changes: [{ status: 'tekun', held: false }], departed: null },
    ]);
  });

  it('does not expect on the list someone who moved away on the list’s date', () => {
    expect(compareList([], [person(1, A, ['dibao'], { departed: { reason: 'moved', on: '2026-11-01' } })], covered, '2026-11-01')).toEqual([]);
  });
});

describe('left-out reasons carry what the screen says', () => {
  const found = (more: Partial<CheckedPerson>) => leftOut([base(more)], TODAY, SETTINGS).map((e) => [e.check, e.reason, e.params]);

  it('the level of a severe holder without the care allowance', () => {
    expect(found({ level: 2 })).toEqual([['care_allowance', 'LEFT_OUT_CARE_ALLOWANCE', { level: 2 }]]);
  });
  it('the household status behind a missing living allowance (特困 household)', () => {
    expect(found({ householdStatuses: new Set(['tekun']) })).toEqual([['living_allowance', 'LEFT_OUT_LIVING_ALLOWANCE_HOUSEHOLD', { status: 'tekun' }]]);
    expect(found({ statuses: new Set(['dibao']), householdStatuses: new Set(['dibao']) })).toEqual([['living_allowance', 'LEFT_OUT_LIVING_ALLOWANCE', { status: 'dibao' }]]);
  });
  it('the age of a child not in rehab', () => {
    expect(found({ birthDate: '2022-05-01' })).toEqual([['child_rehab', 'LEFT_OUT_CHILD_REHAB', { age: 4 }]]);
  });
  it('a birth date after today (a typing slip) is not a child left out', () => {
    expect(found({ birthDate: '2026-12-01', certNumber: '', level: null, diagnosed: true })).toEqual([]);
  });
  it('the age, the last contact and the months of a working-age holder not contacted', () => {
    expect(found({ birthDate: '1980-01-01', lastContact: '2025-01-10' })).toEqual([
      ['working_age', 'LEFT_OUT_NOT_CONTACTED', { age: 46, lastContact: '2025-01-10', months: 12 }],
    ]);
  });
  it('the expiry of an expired certificate; nothing without a certificate or without an expiry', () => {
    expect(found({ certExpiry: '2026-03-31' })).toEqual([['cert_expired', 'LEFT_OUT_CERT_EXPIRED', { expiry: '2026-03-31' }]]);
    expect(found({ certExpiry: '' })).toEqual([]);
    expect(found({ certNumber: '', level: null, certExpiry: '2026-03-31' })).toEqual([]);
  });
});

describe('reading a list’s headers and rows', () => {
  it.each([
    ['身份证号', 'idNumber'],
    ['身份证号码', 'idNumber'],
    ['公民身份号码', 'idNumber'],
    ['身份证', 'idNumber'],
    ['证件号码', 'idNumber'],
    ['证件号', 'idNumber'],
    ['残疾人证号', 'idNumber'],
    ['残疾证号', 'idNumber'],
    ['残疾人证号码', 'idNumber'],
    ['ID Number', 'idNumber'],
    ['ID', 'idNumber'],
    ['姓名', 'name'],
    ['名字', 'name'],
    ['户主姓名', 'name'],
    ['成员姓名', 'name'],
    ['救助对象姓名', 'name'],
    ['参保人姓名', 'name'],
    ['学生姓名', 'name'],
    ['Name', 'name'],
    ['类别', 'status'],
    ['保障类别', 'status'],
    ['救助类别', 'status'],
    ['对象类别', 'status'],
    ['人员类别', 'status'],
    ['身份类别', 'status'],
    ['类型', 'status'],
    ['状态', 'status'],
    ['参保状态', 'status'],
    ['在校状态', 'status'],
    ['低保类别', 'status'],
    ['保障类型', 'status'],
    ['救助类型', 'status'],
    ['Status', 'status'],
  ])('reads the header “%s” as %s', (header, column) => {
    expect(mapListHeaders(['序号', header])).toEqual([null, column]);
  });

  it('gives a column to its first header only', () => {
    expect(mapListHeaders(['姓名', '身份证号', '户主姓名'])).toEqual(['name', 'idNumber', null]);
  });

  it('needs the ID number and the name; the status column may be absent', () => {
    expect([...REQUIRED_LIST_COLUMNS].sort()).toEqual(['idNumber', 'name']);
  });

  it('changes the record itself for the statuses the people form keeps', () => {
    expect([...SUPPORT_BACKED].sort()).toEqual(['care_allowance', 'dibao', 'living_allowance', 'tekun']);
  });

  const cols = ['name', 'idNumber', 'status'] as const;
  const check = (cells: string[][]) =>
    checkListRows(
      cells.map((c, i) => ({ rowNumber: i + 3, cells: c })),
      cols,
      ['dibao', 'tekun'],
      TODAY,
    );

  it('trims the name and says which field is wrong, with what the screen needs', () => {
    const long = '张'.repeat(51);
    const rows = check([
      ['  张三 ', A, ''],
      ['', A.slice(0, 10), '残疾'],
      [long, B, '医保'],
      ['张'.repeat(50), makeId('1990-01-01', 7), ''],
    ]);
    expect(rows.map((r) => [r.name, r.issues])).toEqual([
      ['张三', []],
      [
        '',
        [
          { code: 'REQUIRED', field: 'name' },
          { code: 'PERSON_ID_FORMAT', field: 'idNumber' },
          { code: 'COMPARE_STATUS_UNKNOWN', field: 'status', params: { value: '残疾' } },
        ],
      ],
      [long, [{ code: 'TOO_LONG', field: 'name', params: { max: 50 } }, { code: 'COMPARE_STATUS_OUTSIDE', field: 'status', params: { value: '医保' } }]],
      ['张'.repeat(50), []],
    ]);
  });

  it('names the first row of a person written twice; two unreadable IDs are not the same person', () => {
    const rows = check([
      ['张三', A, ''],
      ['李四', 'abc', ''],
      ['王五', 'abc', ''],
      ['张三', A, ''],
    ]);
    expect(rows.map((r) => r.issues)).toEqual([
      [],
      [{ code: 'PERSON_ID_FORMAT', field: 'idNumber' }],
      [{ code: 'PERSON_ID_FORMAT', field: 'idNumber' }],
      [{ code: 'IMPORT_DUPLICATE_IN_FILE', field: 'idNumber', params: { row: 3 } }],
    ]);
  });
});

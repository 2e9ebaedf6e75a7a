import { describe, expect, it } from 'vitest';
import { cellText, checkRosterRow, mapHeaders, REQUIRED_COLUMNS, resolveRoster, type RawCell } from '../../../db/training/roster-rules';
import { excelSerialToIso } from '../../../db/import/rules';
import { makeCert, makeId, withWrongCheck } from '../../support/ids';

const TODAY = '2026-11-22';
const HEADERS = ['序号', '姓名', '身份证号', '残疾人证号', '证件有效期', '户籍', '联系电话'];
const columns = mapHeaders(HEADERS);
const ID_A = makeId('1990-05-01', 11);
const ID_B = makeId('1988-09-09', 22);

const row = (n: number, cells: RawCell[]) => checkRosterRow(n, cells, columns, TODAY);

describe('recognising the columns', () => {
  it('knows the usual Chinese and English headers, ignoring spaces, brackets and case', () => {
    expect(mapHeaders(['序号', ' 姓 名 ', '身份证号码', '残疾证号', '有效期（至）', '户口性质', '手机号', 'Address', '监护人'])).toEqual([
      null,
      'name',
      'idNumber',
      'certNumber',
      'certExpiry',
      'household',
      'phone',
      'address',
      'guardianName',
    ]);
  });

  // Every header wording met in centres' own rosters, and how staff decorate them.
  it.each([
    ['name', ['姓名', '学员姓名', '名字', 'Name', 'NAME']],
    ['idNumber', ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', 'ID Number', 'id_number', 'ID', 'Resident ID']],
    ['certNumber', ['残疾人证号', '残疾证号', '残疾人证号码', '残疾证号码', 'Cert Number', 'Certificate Number']],
    ['certExpiry', ['证件有效期', '残疾人证有效期', '有效期至', '有效期', '证件有效期至', 'Cert Expiry', 'Certificate Expiry']],
    ['household', ['户籍', '户口性质', '户籍性质', '城乡', '户籍（城乡）', 'Household']],
    ['phone', ['联系电话', '电话', '手机', '手机号', '手机号码', 'Phone', 'Mobile']],
    ['address', ['住址', '地址', '家庭住址', '现住址', 'Address']],
    ['guardianName', ['监护人', '监护人姓名', 'Guardian', 'Guardian Name']],
    ['guardianPhone', ['监护人电话', '监护人联系电话', 'Guardian Phone']],
  ])('knows every usual header for %s', (column, headers) => {
    for (const header of headers) expect(mapHeaders([header]), header).toEqual([column]);
    expect(mapHeaders(['*姓名:', '（身份证号）', '手机-号', '残疾人证号＊', '有效期（至）：'])).toEqual(['name', 'idNumber', 'phone', 'certNumber', 'certExpiry']);
  });

  it('ignores columns it does not use', () => {
    expect(mapHeaders(['序号', '备注', '班级', ''])).toEqual([null, null, null, null]);
  });

  it('uses the first of two columns with the same meaning', () => {
    expect(mapHeaders(['姓名', '名字'])).toEqual(['name', null]);
  });
});

describe('cells as text', () => {
  it('turns dates and date serials in the expiry column into ISO dates, and big numbers into digits', () => {
    expect(cellText(new Date(Date.UTC(2028, 5, 30)), 'certExpiry')).toBe('2028-06-30');
    expect(excelSerialToIso(46000)).toBe('2025-12-09');
    expect(cellText(46000, 'certExpiry')).toBe('2025-12-09');
    expect(cellText(13912345678, 'phone')).toBe('13912345678');
    expect(cellText('  张三 ', 'name')).toBe('张三');
    expect(cellText(null, 'name')).toBe('');
  });

  it('reads serials only in the expiry column and only in the range of real dates, and keeps other numbers and flags as typed', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01'); // Excel's serial 1 is 1 January 1900
    expect(excelSerialToIso(45658.6)).toBe('2025-01-01'); // the time of day is dropped
    expect(cellText(46000, 'phone')).toBe('46000');
    expect(cellText(20000, 'certExpiry')).toBe('1954-10-03'); // any serial of a real date is a date in a date column
    expect(cellText(20001, 'certExpiry')).toBe('1954-10-04');
    expect(cellText(79999, 'certExpiry')).toBe('2119-01-10'); // python: date(1899,12,30) + timedelta(79999)
    expect(cellText(80000, 'certExpiry')).toBe('80000');
    expect(cellText(12.5, 'phone')).toBe('12.5');
    expect(cellText(true, 'name')).toBe('true');
    expect(cellText(new Date(Date.UTC(2028, 0, 5)), null)).toBe('2028-01-05');
    expect(cellText(undefined as unknown as null, 'name')).toBe('');
  });
});

describe('checking a row', () => {
  it('accepts a complete row and prepares the person with certificate facts derived', () => {
    const r = row(2, ['1', '张三', ID_A.toLowerCase(), makeCert(ID_A, 1, 2), '2029/1/1', '农村', '13900001111']);
    expect(r.ownIssues).toEqual([]);
    expect(r.newPersonIssues).toEqual([]);
    expect(r.person).toMatchObject({ name: '张三', idNumber: ID_A, category: 1, level: 2, certExpiry: '2029-01-01', household: 'rural' });
  });

  it('gives every reason at once: wrong ID check character, unknown household', () => {
    const r = row(3, ['2', '李四', withWrongCheck(ID_B), '', '', '城里', 'abc']);
    expect(r.ownIssues).toEqual([{ code: 'PERSON_ID_CHECKSUM', field: 'idNumber', params: { expected: ID_B[17] } }]);
    expect(r.newPersonIssues).toEqual([{ code: 'IMPORT_HOUSEHOLD', field: 'household', params: { value: '城里' } }]);
    expect(r.person).toBeNull();
  });

  it.each([
    ['城镇', 'urban'],
    ['城市', 'urban'],
    ['城镇户口', 'urban'],
    ['非农业', 'urban'],
    ['非农', 'urban'],
    ['非农业户口', 'urban'],
    ['Urban', 'urban'],
    ['农村', 'rural'],
    ['农业', 'rural'],
    ['农 村户口', 'rural'],
    ['农业户口', 'rural'],
    ['RURAL', 'rural'],
  ])('reads the household %j as %s', (written, household) => {
    const r = row(7, ['6', '钱七', ID_A, '', '', written, '']);
    expect(r.newPersonIssues).toEqual([]);
    expect(r.person).toMatchObject({ household });
  });

  it('refuses a name longer than 50 characters, and takes one of 50', () => {
    expect(row(8, ['7', '名'.repeat(51), ID_A, '', '', '城镇', '']).ownIssues).toEqual([{ code: 'TOO_LONG', field: 'name', params: { max: 50 } }]);
    expect(row(8, ['7', '名'.repeat(50), ID_A, '', '', '城镇', '']).ownIssues).toEqual([]);
  });

  it('reports the fields a new record needs with their limits, and makes no person from a row with problems', () => {
    const cols = mapHeaders(['姓名', '身份证号', '户籍', '住址']);
    const r = checkRosterRow(9, ['孙八', ID_A, '城镇', '路'.repeat(201)], cols, TODAY);
    expect(r.newPersonIssues).toEqual([{ code: 'TOO_LONG', field: 'address', params: { max: 200 } }]);
    expect(r.person).toBeNull();
    const bad = checkRosterRow(9, ['', ID_A, '城镇', ''], cols, TODAY);
    expect([bad.idValid, bad.person]).toEqual([true, null]);
  });

  it('refuses an ID that Excel stored as a number (its last digits are lost)', () => {
    const r = row(4, ['3', '王五', 110105194912310000, '', '', '城镇', '']);
    expect(r.ownIssues).toEqual([{ code: 'IMPORT_ID_AS_NUMBER', field: 'idNumber' }]);
  });

  it('requires a name and an ID', () => {
    expect(row(5, ['4', '', '', '', '', '城镇', '']).ownIssues).toEqual([
      { code: 'REQUIRED', field: 'name' },
      { code: 'REQUIRED', field: 'idNumber' },
    ]);
  });

  it('needs household, a valid certificate and phone only for people new to the register', () => {
    const r = row(6, ['5', '赵六', ID_A, `${ID_A}92`, '2029-01-01', '', '12']);
    expect(r.ownIssues).toEqual([]);
    expect(r.newPersonIssues.map((i) => i.code)).toEqual(['IMPORT_HOUSEHOLD_REQUIRED', 'PERSON_CERT_CATEGORY', 'PHONE_FORMAT']);
  });
});

describe('deciding rows against the register, the class and the file', () => {
  const good = (n: number, name: string, id: string) => row(n, [String(n), name, id, '', '', '城镇', '']);

  it('reuses a registered person, flags a second row with the same ID and a name that differs from the register', () => {
    const rows = [good(2, '张三', ID_A), good(3, '张三', ID_A), good(4, '李四', ID_B)];
    const resolved = resolveRoster(rows, { register: new Map([[ID_B, { id: 9, name: '李四四' }]]), target: null });
    expect(resolved.map((r) => r.status)).toEqual(['new', 'invalid', 'invalid']);
    expect(resolved[1]!.issues).toEqual([{ code: 'IMPORT_DUPLICATE_IN_FILE', field: 'idNumber', params: { row: 2 } }]);
    expect(resolved[2]!.issues).toEqual([{ code: 'IMPORT_NAME_MISMATCH', field: 'name', params: { name: '李四四' } }]);
  });

  it('does not ask a registered person for the fields only a new record needs', () => {
    const bare = row(2, ['1', '李四', ID_B, '', '', '', '']);
    const resolved = resolveRoster([bare], { register: new Map([[ID_B, { id: 9, name: '李四' }]]), target: null });
    expect(resolved[0]).toMatchObject({ status: 'existing', personId: 9, issues: [] });
  });

  it('fills the places left in the class and refuses the rows beyond, without counting bad rows', () => {
    const ids = [makeId('1990-01-01', 1), makeId('1990-01-02', 2), makeId('1990-01-03', 3), makeId('1990-01-04', 4)];
    const rows = [good(2, '甲', ids[0]!), row(3, ['2', '乙', withWrongCheck(ids[1]!), '', '', '城镇', '']), good(4, '丙', ids[2]!), good(5, '丁', ids[3]!)];
    const resolved = resolveRoster(rows, {
      register: new Map([[ids[0]!, { id: 1, name: '甲' }]]),
      target: { enrolledPersonIds: new Set([1]), placesLeft: 1, capacity: 3 },
    });
    expect(resolved.map((r) => [r.status, r.issues.map((i) => i.code)])).toEqual([
      ['invalid', ['TRAINING_ALREADY_ENROLLED']],
      ['invalid', ['PERSON_ID_CHECKSUM']],
      ['new', []],
      ['invalid', ['TRAINING_CLASS_FULL']],
    ]);
  });
});

describe('rows in more detail', () => {
  const all = mapHeaders(['身份证号', '姓名', '户籍', '残疾人证号', '证件有效期', '监护人', '监护人电话']);
  const child = makeId('2016-04-04', 31);

  it('needs the name and ID columns', () => {
    expect(REQUIRED_COLUMNS).toEqual(['name', 'idNumber']);
  });

  it('reads an ID in the first column, refuses it there as a number, and asks for it when the file has no ID column', () => {
    expect(checkRosterRow(2, [child, '小明', '城镇', '', '', '王芳', '13900001111'], all, TODAY).ownIssues).toEqual([]);
    expect(checkRosterRow(2, [110105194912310000, '小明', '城镇'], all, TODAY).ownIssues).toEqual([{ code: 'IMPORT_ID_AS_NUMBER', field: 'idNumber' }]);
    expect(checkRosterRow(2, ['小明'], mapHeaders(['姓名']), TODAY).ownIssues).toEqual([{ code: 'REQUIRED', field: 'idNumber' }]);
  });

  it('prepares a minor with the guardian, and the expiry from a date serial in its column', () => {
    const r = checkRosterRow(2, [child, '小明', '城镇', makeCert(child, 5, 2), 47000, '王芳', '13900001111'], all, TODAY);
    expect(r.person).toMatchObject({ guardianName: '王芳', guardianPhone: '13900001111', certExpiry: '2028-09-04', category: 5, level: 2 });
    const bare = checkRosterRow(2, [ID_A, '张三', '城镇'], all, TODAY);
    expect(bare.person).toMatchObject({ certNumber: '', category: null, level: null, certExpiry: '' });
  });

  it("reports a too-long name once, as the row's own problem, and makes no person of it", () => {
    const r = checkRosterRow(2, [ID_A, '名'.repeat(51), '城镇'], all, TODAY);
    expect(r.ownIssues).toEqual([{ code: 'TOO_LONG', field: 'name', params: { max: 50 } }]);
    expect(r.newPersonIssues).toEqual([]);
    expect(r.person).toBeNull();
  });

  it('names the register entry and the class in what it reports, and nothing for a new person', () => {
    const rows = [good(2, '甲', ID_A), good(3, '乙', ID_B)];
    const resolved = resolveRoster(rows, {
      register: new Map([[ID_A, { id: 7, name: '甲' }]]),
      target: { enrolledPersonIds: new Set([7]), placesLeft: 0, capacity: 20 },
    });
    expect(resolved).toEqual([
      { rowNumber: 2, status: 'invalid', issues: [{ code: 'TRAINING_ALREADY_ENROLLED', params: { name: '甲' } }], personId: 7, registerName: '甲' },
      { rowNumber: 3, status: 'invalid', issues: [{ code: 'TRAINING_CLASS_FULL', params: { capacity: 20 } }], personId: null, registerName: '' },
    ]);
  });

  it('asks a new person for the household, ignores a blank name against the register, and never counts bad IDs as duplicates', () => {
    const noHousehold = row(2, ['1', '丙', ID_A, '', '', '', '']);
    expect(resolveRoster([noHousehold], { register: new Map(), target: null })[0]).toMatchObject({
      status: 'invalid',
      issues: [{ code: 'IMPORT_HOUSEHOLD_REQUIRED', field: 'household' }],
    });
    const blankName = row(3, ['2', '', ID_B, '', '', '城镇', '']);
    expect(resolveRoster([blankName], { register: new Map([[ID_B, { id: 9, name: '李四' }]]), target: null })[0]!.issues).toEqual([{ code: 'REQUIRED', field: 'name' }]);
    const wrong = withWrongCheck(ID_A);
    const twice = resolveRoster([good(4, '丁', wrong), good(5, '丁', wrong)], { register: new Map(), target: null });
    expect(twice.map((r) => r.issues.map((i) => i.code))).toEqual([['PERSON_ID_CHECKSUM'], ['PERSON_ID_CHECKSUM']]);
  });
});

function good(n: number, name: string, id: string) {
  return row(n, [String(n), name, id, '', '', '城镇', '']);
}

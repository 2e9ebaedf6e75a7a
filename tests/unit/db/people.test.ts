import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId, withWrongCheck } from '../../support/ids';
import { peopleSearchInput, type PersonInput } from '../../../db/contract';
import { searchSql } from '../../../db/people/people';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

const count = () => (t.service.db.prepare('SELECT count(*) AS n FROM person').get() as { n: number }).n;

function person(overrides: Partial<PersonInput> = {}): PersonInput {
  const idNumber = overrides.idNumber ?? makeId('1985-03-14', 21);
  return {
    name: '陈建国',
    idNumber,
    certNumber: makeCert(idNumber, 4, 2),
    certExpiry: '2030-03-14',
    household: 'rural',
    supportStatuses: ['dibao', 'registered_poor'],
    phone: '13912345678',
    address: '南京市玄武区',
    ...overrides,
  };
}

describe('registering a person', () => {
  it('stores the record with sex, birth date, age, category and level derived', () => {
    const created = t.ok('people.create', person());
    expect(created).toMatchObject({
      name: '陈建国',
      sex: 'M',
      birthDate: '1985-03-14',
      age: 41,
      category: 4,
      level: 2,
      supportStatuses: ['dibao', 'registered_poor'],
      version: 1,
    });
    expect(created.history).toHaveLength(1);
    expect(created.history[0]).toMatchObject({ action: 'create', actor: '管理员（admin）' });
    expect(t.ok('people.get', { id: created.id }).name).toBe('陈建国');
  });

  it('refuses a wrong check character with the expected one, and saves nothing', () => {
    const error = t.err('people.create', person({ idNumber: withWrongCheck(makeId('1985-03-14', 21)), certNumber: '', certExpiry: '' }));
    expect(error).toEqual({ code: 'PERSON_ID_CHECKSUM', field: 'idNumber', params: { expected: makeId('1985-03-14', 21)[17] } });
    expect(count()).toBe(0);
  });

  it('refuses a duplicate ID number, naming who already has it', () => {
    t.ok('people.create', person());
    const error = t.err('people.create', person({ name: '另一个人' }));
    expect(error).toMatchObject({ code: 'PERSON_ID_DUPLICATE', field: 'idNumber', params: { name: '陈建国' } });
    expect(count()).toBe(1);
  });

  it('treats a lower-case x as the same ID (no duplicate by case)', () => {
    t.ok('people.create', person({ idNumber: '11010519491231002X', certNumber: '', certExpiry: '' }));
    const error = t.err('people.create', person({ idNumber: '11010519491231002x', certNumber: '', certExpiry: '' }));
    expect(error.code).toBe('PERSON_ID_DUPLICATE');
  });

  it('refuses a certificate number that does not start with the ID or has an unknown category', () => {
    const other = makeId('1970-01-01', 5);
    expect(t.err('people.create', person({ certNumber: makeCert(other, 4, 2) }))).toMatchObject({
      code: 'PERSON_CERT_PREFIX',
      field: 'certNumber',
    });
    const id = makeId('1985-03-14', 21);
    expect(t.err('people.create', person({ certNumber: `${id}92` }))).toMatchObject({
      code: 'PERSON_CERT_CATEGORY',
      params: { digit: '9' },
    });
    expect(count()).toBe(0);
  });

  it('reports schema problems as field codes (required name, unknown household)', () => {
    const error = t.err('people.create', { ...person(), name: '  ', household: 'city' as never });
    expect(error.code).toBe('VALIDATION');
    expect(error.details?.map((d) => `${d.field}:${d.code}`)).toEqual(['name:REQUIRED', 'household:REQUIRED']);
  });

  it('needs a guardian for a child', () => {
    const id = makeId('2021-06-01', 8);
    const error = t.err('people.create', person({ idNumber: id, certNumber: makeCert(id, 5, 2) }));
    expect(error).toMatchObject({ code: 'PERSON_GUARDIAN_REQUIRED', field: 'guardianName' });
    const child = t.ok('people.create', person({ idNumber: id, certNumber: makeCert(id, 5, 2), guardianName: '刘芳' }));
    expect(child.age).toBe(5);
  });
});

describe('editing a person', () => {
  it('records who changed which field from what to what', () => {
    const created = t.ok('people.create', person());
    const manager = t.signInAs('training', 'wangli');
    const updated = t.ok('people.update', { ...person(), phone: '025-84661234', id: created.id, version: created.version }, manager);
    expect(updated.version).toBe(2);
    expect(updated.history[0]).toMatchObject({
      action: 'update',
      actor: 'training 用户（wangli）',
      changes: [{ field: 'phone', before: '13912345678', after: '025-84661234' }],
    });
  });

  it('refuses to overwrite a change made in the meantime', () => {
    const created = t.ok('people.create', person());
    t.ok('people.update', { ...person(), address: '新地址', id: created.id, version: 1 });
    const error = t.err('people.update', { ...person(), address: '旧窗口的地址', id: created.id, version: 1 });
    expect(error.code).toBe('PERSON_STALE');
    expect(t.ok('people.get', { id: created.id }).address).toBe('新地址');
  });

  it('does not log or bump the version when nothing changed', () => {
    const created = t.ok('people.create', person());
    const same = t.ok('people.update', { ...person(), id: created.id, version: 1 });
    expect(same.version).toBe(1);
    expect(same.history).toHaveLength(1);
  });

  it('refuses to change an ID number into one that is already registered', () => {
    const a = t.ok('people.create', person());
    const otherId = makeId('1990-05-05', 7);
    t.ok('people.create', person({ name: '赵敏', idNumber: otherId, certNumber: '', certExpiry: '' }));
    const error = t.err('people.update', { ...person({ idNumber: otherId, certNumber: '', certExpiry: '' }), id: a.id, version: 1 });
    expect(error).toMatchObject({ code: 'PERSON_ID_DUPLICATE', params: { name: '赵敏' } });
  });
});

describe('finding people', () => {
  beforeEach(() => {
    const people: [string, string, number, number, PersonInput['supportStatuses']][] = [
      ['张伟', '1960-01-01', 1, 1, ['tekun']],
      ['张小红', '1975-05-05', 2, 3, []],
      ['李娜', '1988-08-08', 4, 2, ['dibao']],
      ['王芳', '1999-09-09', 4, 4, ['dibao', 'care_allowance']],
    ];
    people.forEach(([name, birth, category, level, support], i) => {
      const id = makeId(birth, 11 + i * 2);
      t.ok('people.create', person({ name, idNumber: id, certNumber: makeCert(id, category, level), supportStatuses: support }));
    });
  });

  const names = (input: Parameters<TestService['ok']>[1]) =>
    t.ok('people.search', input as never).rows.map((r) => r.name);

  it('matches a name fragment', () => {
    expect(names({ q: '张' })).toEqual(['张伟', '张小红']);
  });
  it('matches an ID fragment and a full certificate number', () => {
    const id = makeId('1988-08-08', 15);
    expect(names({ q: id.slice(8, 14) })).toEqual(['李娜']);
    expect(names({ q: makeCert(id, 4, 2) })).toEqual(['李娜']);
  });
  it('tells namesakes apart by a name followed by the last ID characters, with or without a space', () => {
    const id = makeId('1975-05-05', 13);
    expect(names({ q: `张 ${id.slice(-4)}` })).toEqual(['张小红']);
    expect(names({ q: `张${id.slice(-4).toLowerCase()}` })).toEqual(['张小红']);
    expect(names({ q: `李 ${id.slice(-4)}` })).toEqual([]);
  });
  it('filters by category, level and support status together', () => {
    expect(names({ category: 4 })).toEqual(['李娜', '王芳']);
    expect(names({ category: 4, level: 4 })).toEqual(['王芳']);
    expect(names({ support: 'dibao' })).toEqual(['李娜', '王芳']);
  });
  it('sorts by birth date both ways and counts the whole result while paging', () => {
    expect(names({ sort: 'birthDate', dir: 'desc' })).toEqual(['王芳', '李娜', '张小红', '张伟']);
    const page = t.ok('people.search', { sort: 'birthDate', offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.name)).toEqual(['张小红', '李娜']);
  });
  it.each(
    (['name', 'idNumber', 'birthDate', 'category', 'certExpiry', 'updatedAt'] as const).flatMap((sort) =>
      (['asc', 'desc'] as const).map((dir) => [sort, dir] as const),
    ),
  )('pages the register sorted by %s %s from an index, without sorting every row', (sort, dir) => {
      const query = searchSql(peopleSearchInput().parse({ sort, dir }));
      const plan = t.service.db.prepare(`EXPLAIN QUERY PLAN ${query.page}`).all(...query.args, 100, 0) as { detail: string }[];
      const details = plan.map((p) => p.detail).join(' | ');
      expect(details).toMatch(/USING INDEX (person_|sqlite_autoindex_person)/);
      expect(details).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  });
  it('sorts people without a certificate after those with one', () => {
    const id = makeId('2001-01-01', 41);
    t.ok('people.create', person({ name: '无证', idNumber: id, certNumber: '', certExpiry: '' }));
    expect(names({ sort: 'certExpiry' }).at(-1)).toBe('无证');
    expect(names({ sort: 'category' }).at(-1)).toBe('无证');
  });
});

describe('certificates expiring', () => {
  it('lists expired, within one month and within six months separately', () => {
    const add = (name: string, birth: string, expiry: string) => {
      const id = makeId(birth, 31);
      t.ok('people.create', person({ name, idNumber: id, certNumber: makeCert(id, 1, 3), certExpiry: expiry }));
    };
    add('过期', '1950-01-01', '2026-11-21');
    add('当天', '1951-01-01', '2026-11-22');
    add('一月内', '1952-01-01', '2026-12-22');
    add('六月内', '1953-01-01', '2027-05-22');
    add('还早', '1954-01-01', '2027-05-23');
    const result = t.ok('people.expiring', {});
    expect(result.expired.map((r) => r.name)).toEqual(['过期']);
    expect(result.within1.map((r) => r.name)).toEqual(['当天', '一月内']);
    expect(result.within6.map((r) => r.name)).toEqual(['六月内']);
  });
});

import { describe, expect, it } from 'vitest';
import { checkPerson, expiryBand, idCheckChar, isSevere, needsGuardian, parseCertNumber, parseIdNumber, isWorkingAge } from '../../../db/people/rules';
import { makeId } from '../../support/ids';

const TODAY = '2026-11-22';

describe('resident ID (GB 11643-1999)', () => {
  it.each([
    // The standard's own worked examples.
    ['11010519491231002X', '1949-12-31', 'F'],
    ['440524188001010014', '1880-01-01', 'M'],
  ])('accepts the published example %s and derives birth date and sex', (id, birthDate, sex) => {
    const parsed = parseIdNumber(id, TODAY);
    expect(parsed).toEqual({ ok: true, value: { idNumber: id, regionCode: id.slice(0, 6), birthDate, sex } });
  });

  it('computes the check character by ISO 7064 MOD 11-2', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });

  it('normalises a lower-case x and stray spaces', () => {
    const parsed = parseIdNumber(' 110105 19491231002x ', TODAY);
    expect(parsed.ok && parsed.value.idNumber).toBe('11010519491231002X');
  });

  it('names the expected check character when the last one is wrong', () => {
    expect(parseIdNumber('110105194912310021', TODAY)).toEqual({
      ok: false,
      error: { code: 'PERSON_ID_CHECKSUM', params: { expected: 'X' } },
    });
  });

  it.each(['11010519490230002', '11010519491331002', '11010520270101002', '11010518000229002'])(
    'refuses the impossible or future birth date in %s',
    (first17) => {
      const parsed = parseIdNumber(first17 + idCheckChar(first17), TODAY);
      expect(parsed.ok ? null : parsed.error.code).toBe('PERSON_ID_BIRTHDATE');
    },
  );

  it('accepts 29 February in a leap year and someone born today', () => {
    expect(parseIdNumber(makeId('2024-02-29'), TODAY).ok).toBe(true);
    expect(parseIdNumber(makeId(TODAY), TODAY).ok).toBe(true);
  });

  it.each(['', '1101051949123100', '11010519491231002XX', '1101051949123100Y2', 'ABCDEFGHIJKLMNOPQR'])(
    'refuses the malformed ID %j',
    (id) => {
      const parsed = parseIdNumber(id, TODAY);
      expect(parsed.ok ? null : parsed.error.code).toBe('PERSON_ID_FORMAT');
    },
  );
});

describe('disability certificate number', () => {
  const id = '11010519491231002X';
  it('reads category and level from the last two digits', () => {
    expect(parseCertNumber(`${id}42`, id)).toEqual({ ok: true, value: { certNumber: `${id}42`, base: `${id}42`, reissue: 0, category: 4, level: 2 } });
  });
  it('refuses a number that does not start with the ID', () => {
    expect(parseCertNumber('44052418800101001442', id)).toEqual({ ok: false, error: { code: 'PERSON_CERT_PREFIX' } });
  });
  it.each([
    ['81', 'PERSON_CERT_CATEGORY', '8'],
    ['01', 'PERSON_CERT_CATEGORY', '0'],
    ['15', 'PERSON_CERT_LEVEL', '5'],
    ['10', 'PERSON_CERT_LEVEL', '0'],
  ])('refuses the suffix %s as an unknown category or level', (suffix, code, digit) => {
    expect(parseCertNumber(id + suffix, id)).toEqual({ ok: false, error: { code, params: { digit } } });
  });
  it('accepts every category 1–7 and level 1–4, and a number typed with spaces and a lower-case x', () => {
    for (const category of [1, 2, 3, 4, 5, 6, 7]) {
      for (const level of [1, 2, 3, 4]) expect(parseCertNumber(`${id}${category}${level}`, id)).toMatchObject({ ok: true, value: { category, level } });
    }
    expect(parseCertNumber(' 110105 19491231002x 43', id.toLowerCase())).toEqual({ ok: true, value: { certNumber: `${id}43`, base: `${id}43`, reissue: 0, category: 4, level: 3 } });
  });
  it('counts levels 1 and 2 as severe (重度), 3 and 4 and none as not', () => {
    expect([1, 2, 3, 4, null, undefined].map(isSevere)).toEqual([true, true, false, false, false, false]);
  });
  it('refuses a number of the wrong length', () => {
    expect(parseCertNumber(`${id}4`, id)).toEqual({ ok: false, error: { code: 'PERSON_CERT_FORMAT' } });
  });
});

describe('certificate expiry reminder bands', () => {
  const oneMonth = '2026-12-22';
  const sixMonths = '2027-05-22';
  it.each([
    ['2026-11-21', 'expired'],
    ['2026-11-22', 'within1'],
    ['2026-12-22', 'within1'],
    ['2026-12-23', 'within6'],
    ['2027-05-22', 'within6'],
    ['2027-05-23', 'later'],
  ])('puts %s in %s', (expiry, band) => {
    expect(expiryBand(expiry, TODAY, oneMonth, sixMonths)).toBe(band);
  });
});

describe('checkPerson', () => {
  const blank = { certNumber: '', category: null, level: null, certExpiry: '', phone: '', guardianName: '', guardianPhone: '' };
  it('asks for a guardian for someone under 18, not for someone 18 today', () => {
    const child = checkPerson({ ...blank, idNumber: makeId('2008-11-23') }, TODAY);
    expect(child.issues).toEqual([{ field: 'guardianName', code: 'PERSON_GUARDIAN_REQUIRED', params: { age: 18 } }]);
    const adult = checkPerson({ ...blank, idNumber: makeId('2008-11-22') }, TODAY);
    expect(adult.issues).toEqual([]);
  });
  it('reports every problem at once, each with its field', () => {
    const id = makeId('1980-01-01');
    const result = checkPerson({ ...blank, idNumber: id, certNumber: `${id}43`, category: 2, certExpiry: '2027-02-30', phone: 'abc' }, TODAY);
    expect(result.issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'category:PERSON_CERT_MISMATCH',
      'certExpiry:INVALID_DATE',
      'phone:PHONE_FORMAT',
    ]);
  });
  it('requires the expiry date with a certificate and accepts the ways staff write dates', () => {
    const id = makeId('1980-01-01');
    expect(checkPerson({ ...blank, idNumber: id, certNumber: `${id}43` }, TODAY).issues).toEqual([
      { field: 'certExpiry', code: 'PERSON_CERT_EXPIRY_REQUIRED' },
    ]);
    for (const written of ['2027/5/1', '20270501', '2027.05.01', '2027年5月1日']) {
      expect(checkPerson({ ...blank, idNumber: id, certNumber: `${id}43`, certExpiry: written }, TODAY).certExpiry).toBe('2027-05-01');
    }
  });
  it('needs a guardian up to the day before the 18th birthday', () => {
    expect(needsGuardian('2008-11-23', TODAY)).toBe(true);
    expect(needsGuardian('2008-11-22', TODAY)).toBe(false);
  });
  it('reports a level that differs from the certificate, and takes matching category and level', () => {
    const id = makeId('1980-01-01');
    expect(checkPerson({ ...blank, idNumber: id, certNumber: `${id}43`, level: 2, certExpiry: '2030-01-01' }, TODAY).issues).toEqual([
      { field: 'level', code: 'PERSON_CERT_MISMATCH' },
    ]);
    const result = checkPerson({ ...blank, idNumber: id, certNumber: `${id}43`, category: 4, level: 3, certExpiry: '2030-01-01' }, TODAY);
    expect(result).toEqual({ issues: [], id: expect.objectContaining({ idNumber: id }), cert: { certNumber: `${id}43`, base: `${id}43`, reissue: 0, category: 4, level: 3 }, certExpiry: '2030-01-01' });
  });
  it('reports a certificate that does not start with the ID, and with a wrong ID only the ID unless the certificate is malformed too', () => {
    const id = makeId('1980-01-01');
    const other = makeId('1981-01-01');
    expect(checkPerson({ ...blank, idNumber: id, certNumber: `${other}43`, certExpiry: '2030-01-01' }, TODAY).issues).toEqual([
      { field: 'certNumber', code: 'PERSON_CERT_PREFIX' },
    ]);
    const badId = `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`;
    expect(checkPerson({ ...blank, idNumber: badId, certNumber: `${badId.slice(0, 17)}x43`, certExpiry: '2030-01-01' }, TODAY).issues.map((i) => i.field)).toEqual(['idNumber']);
    expect(checkPerson({ ...blank, idNumber: badId, certNumber: `${badId} 4`, certExpiry: '2030-01-01' }, TODAY).issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'idNumber:PERSON_ID_CHECKSUM',
      'certNumber:PERSON_CERT_FORMAT',
    ]);
  });
  it('checks both phone numbers: 5 to 20 digits, spaces, +, - and brackets', () => {
    const id = makeId('1980-01-01');
    for (const phone of ['13800138000', '+86 138-0013-8000', '(025)84561234', '12345', '12345678901234567890']) {
      expect(checkPerson({ ...blank, idNumber: id, phone, guardianPhone: phone }, TODAY).issues, phone).toEqual([]);
    }
    for (const phone of ['1234', '123456789012345678901', '138 0013 800a', '025#1234']) {
      expect(checkPerson({ ...blank, idNumber: id, phone, guardianPhone: phone }, TODAY).issues, phone).toEqual([
        { field: 'phone', code: 'PHONE_FORMAT' },
        { field: 'guardianPhone', code: 'PHONE_FORMAT' },
      ]);
    }
  });
  it('needs no expiry without a certificate, and derives the facts from the ID', () => {
    const id = makeId('1980-01-01');
    expect(checkPerson({ ...blank, idNumber: id }, TODAY)).toEqual({
      issues: [],
      id: { idNumber: id, regionCode: id.slice(0, 6), birthDate: '1980-01-01', sex: Number(id[16]) % 2 === 1 ? 'M' : 'F' },
      cert: null,
      certExpiry: '',
    });
  });
  it('names the impossible birth date, and refuses IDs and certificates with anything before or after them', () => {
    expect(parseIdNumber('110105194902300021', TODAY)).toEqual({ ok: false, error: { code: 'PERSON_ID_BIRTHDATE', params: { birthDate: '19490230' } } });
    expect(parseIdNumber('A11010519491231002X', TODAY)).toEqual({ ok: false, error: { code: 'PERSON_ID_FORMAT' } });
    const id = '11010519491231002X';
    expect(parseCertNumber(`A${id}43`, id)).toEqual({ ok: false, error: { code: 'PERSON_CERT_FORMAT' } });
    expect(parseCertNumber(`${id}431`, id)).toEqual({ ok: false, error: { code: 'PERSON_CERT_FORMAT' } });
    const badId = `${id.slice(0, 17)}1`;
    for (const cert of [`A${id}43`, `${id}431`, `${id.slice(0, 17)}Y43`]) {
      expect(checkPerson({ ...blank, idNumber: badId, certNumber: cert, certExpiry: '2030-01-01' }, TODAY).issues.map((i) => i.field), cert).toEqual(['idNumber', 'certNumber']);
    }
    expect(checkPerson({ ...blank, idNumber: badId, certNumber: `${id.slice(0, 9)} ${id.slice(9)}43`, certExpiry: '2030-01-01' }, TODAY).issues.map((i) => i.field)).toEqual(['idNumber']);
  });
  it('takes a minor with a guardian named, and gives an unreadable expiry back as empty', () => {
    expect(checkPerson({ ...blank, idNumber: makeId('2015-06-01'), guardianName: '王芳' }, TODAY).issues).toEqual([]);
    expect(checkPerson({ ...blank, idNumber: makeId('1980-01-01'), certExpiry: '2030-02-30' }, TODAY)).toMatchObject({
      issues: [{ field: 'certExpiry', code: 'INVALID_DATE' }],
      certExpiry: '',
    });
  });
});

describe('working age (劳动年龄), the one rule every area counts by', () => {
  it.each([
    ['M', '2010-11-29', '2026-11-28', false], // the day before his 16th birthday
    ['M', '2010-11-29', '2026-11-29', true], // 16 today
    ['M', '1966-11-29', '2026-11-28', true], // 59, the day before 60
    ['M', '1966-11-29', '2026-11-29', false], // 60 today
    ['F', '1971-11-29', '2026-11-28', true], // 54, the day before 55
    ['F', '1971-11-29', '2026-11-29', false], // 55 today
  ] as const)('%s born %s is of working age on %s: %s', (sex, birth, date, expected) => {
    expect(isWorkingAge(sex, birth, date)).toBe(expected);
  });
});

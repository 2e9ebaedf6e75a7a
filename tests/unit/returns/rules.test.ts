// The returns rules at their boundaries: identity checks, periods, which package counts, visits
// due in a period, spans, the keyed hash, and how the statistics tables add centres up.
import { describe, expect, it } from 'vitest';
import { CENTRE_TYPES, checkIdentity, clipSpan, decideImport, overlapOf, parsePeriod, periodCode, periodIssue, permille, regionCodeIssue, visitsDueInPeriod } from '../../../db/returns/rules';
import { isPlainIdKey, keyFingerprint, personHash, tableV2 } from '../../../db/returns/format';
import Database from 'better-sqlite3';
import { personKeyOf, querySource, registerTransforms } from '../../../db/returns/writer';
import { buildTables, childrenCross, figureKey, type CentreRef, type FigureBag } from '../../../db/returns/tables';
import { creditCode } from './fixtures';

describe('the centre identity', () => {
  it.each([
    ['a valid code, spaces and lower case tidied', creditCode(1).toLowerCase().replace(/(.{6})/, '$1 '), null],
    ['17 characters', creditCode(1).slice(0, 17), 'RETURNS_CODE_FORMAT'],
    ['a letter never used (O)', `${creditCode(1).slice(0, 5)}O${creditCode(1).slice(6)}`, 'RETURNS_CODE_CHAR'],
    ['a wrong check character', `${creditCode(1).slice(0, 17)}${creditCode(1)[17] === '0' ? '1' : '0'}`, 'RETURNS_CODE_CHECKSUM'],
  ])('checks the credit code: %s', (_case, code, error) => {
    const result = checkIdentity({ name: '中心', type: 'rehab_institution', creditCode: code, regionCode: '320102' });
    if (error === null) expect(result).toEqual({ ok: true, value: { name: '中心', type: 'rehab_institution', creditCode: creditCode(1), regionCode: '320102' } });
    else expect(result.ok ? null : result.issues.map((i) => [i.code, i.field])).toEqual([[error, 'creditCode']]);
  });

  it('names the expected check character', () => {
    const wrong = `${creditCode(7).slice(0, 17)}${creditCode(7)[17] === 'A' ? 'B' : 'A'}`;
    const result = checkIdentity({ name: '中心', type: 'rehab_institution', creditCode: wrong, regionCode: '320102' });
    expect(result.ok ? null : result.issues[0]!.params).toEqual({ expected: creditCode(7)[17] });
  });

  it.each([
    ['320102', null],
    ['110000', null],
    ['820000', null],
    ['32010', 'RETURNS_REGION_FORMAT'],
    ['32010a', 'RETURNS_REGION_FORMAT'],
    ['990000', 'RETURNS_REGION_PROVINCE'],
    ['100000', 'RETURNS_REGION_PROVINCE'],
  ])('checks region code %s', (code, error) => {
    expect(regionCodeIssue(code)?.code ?? null).toBe(error);
  });

  // GB/T 2260 province-level divisions: 北京 11 … 新疆 65, 台湾 71, 香港 81, 澳门 82.
  const PROVINCE_PREFIXES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82'];
  it('knows every province-level prefix of GB/T 2260, and no other', () => {
    for (const prefix of PROVINCE_PREFIXES) expect(regionCodeIssue(`${prefix}0102`), prefix).toBeNull();
    const others = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).filter((p) => !PROVINCE_PREFIXES.includes(p));
    expect(others.filter((p) => regionCodeIssue(`${p}0102`)?.code !== 'RETURNS_REGION_PROVINCE')).toEqual([]);
    expect(regionCodeIssue('990102')).toEqual({ code: 'RETURNS_REGION_PROVINCE', field: 'regionCode', params: { prefix: '99' } });
    expect([regionCodeIssue('3201021'), regionCodeIssue('x320102')]).toEqual([
      { code: 'RETURNS_REGION_FORMAT', field: 'regionCode' },
      { code: 'RETURNS_REGION_FORMAT', field: 'regionCode' },
    ]);
  });

  it('reports every problem at once', () => {
    const result = checkIdentity({ name: ' ', type: 'rehab_institution', creditCode: 'X', regionCode: '99' });
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(['name', 'creditCode', 'regionCode']);
  });
});

describe('return periods', () => {
  it.each([
    ['2026', { kind: 'year', from: '2026-01-01', to: '2026-12-31' }],
    ['2026-H1', { kind: 'half', from: '2026-01-01', to: '2026-06-30' }],
    ['2026-H2', { kind: 'half', from: '2026-07-01', to: '2026-12-31' }],
    ['2026-Q1', { kind: 'quarter', from: '2026-01-01', to: '2026-03-31' }],
    ['2026-Q4', { kind: 'quarter', from: '2026-10-01', to: '2026-12-31' }],
    ['2024-02', { kind: 'month', from: '2024-02-01', to: '2024-02-29' }],
    ['2026-02', { kind: 'month', from: '2026-02-01', to: '2026-02-28' }],
    ['2026-12', { kind: 'month', from: '2026-12-01', to: '2026-12-31' }],
  ])('reads %s', (code, expected) => {
    expect(parsePeriod(code)).toMatchObject({ code, ...expected });
  });

  it.each(['2026-13', '2026-00', '2026-Q5', '2026-H3', '26', '1999', '2026/10', ''])('refuses %s', (code) => {
    expect(parsePeriod(code)).toBeNull();
  });

  it('reads years 2000 to 2100 only, with the parts the code names', () => {
    expect(parsePeriod(' 2000 ')).toMatchObject({ code: '2000', kind: 'year', year: 2000, part: 0, from: '2000-01-01', to: '2000-12-31' });
    expect(parsePeriod('2100-Q3')).toMatchObject({ code: '2100-Q3', kind: 'quarter', year: 2100, part: 3, from: '2100-07-01', to: '2100-09-30' });
    expect(parsePeriod('2026-H2')).toMatchObject({ part: 2 });
    expect(parsePeriod('2026-07')).toMatchObject({ kind: 'month', part: 7, from: '2026-07-01', to: '2026-07-31' });
    expect([parsePeriod('2101'), parsePeriod('1999-12'), parsePeriod('2026-Q'), parsePeriod('2026-1')]).toEqual([null, null, null, null]);
  });

  it('writes the code of each kind of period, the way it reads them back', () => {
    expect([periodCode('year', 2026, 0), periodCode('half', 2026, 1), periodCode('quarter', 2026, 4), periodCode('month', 2026, 3)]).toEqual([
      '2026',
      '2026-H1',
      '2026-Q4',
      '2026-03',
    ]);
    for (const code of ['2026', '2026-H2', '2026-Q1', '2026-11']) {
      const period = parsePeriod(code)!;
      expect(periodCode(period.kind, period.year, period.part)).toBe(code);
    }
  });

  it('names the kinds of unit that export or consolidate returns with the codes packages carry', () => {
    expect(CENTRE_TYPES).toEqual(['rehab_institution', 'service_centre', 'employment_service', 'county_federation', 'city_federation', 'province_federation']);
  });

  it('allows a period that has begun (an interim return) but not one still to come', () => {
    expect(periodIssue(parsePeriod('2026-11')!, '2026-11-01')).toBeNull();
    expect(periodIssue(parsePeriod('2026-12')!, '2026-11-30')).toMatchObject({ code: 'RETURNS_PERIOD_FUTURE', params: { from: '2026-12-01' } });
  });
});

describe('which package counts for a centre and period', () => {
  const held = { checksum: 'a'.repeat(64), exportedAt: '2026-11-20T10:00:00+08:00' };
  it.each([
    ['nothing held', null, { checksum: 'b'.repeat(64), exportedAt: '2026-11-01T10:00:00+08:00' }, { action: 'add' }],
    ['the same package', held, { ...held }, { action: 'reject', code: 'RETURNS_DUPLICATE' }],
    ['a later export', held, { checksum: 'b'.repeat(64), exportedAt: '2026-11-20T10:00:01+08:00' }, { action: 'replace' }],
    ['an earlier export', held, { checksum: 'b'.repeat(64), exportedAt: '2026-11-20T09:59:59+08:00' }, { action: 'reject', code: 'RETURNS_NOT_NEWER' }],
    ['another file made at the same second', held, { checksum: 'b'.repeat(64), exportedAt: held.exportedAt }, { action: 'reject', code: 'RETURNS_NOT_NEWER' }],
    ['a later export written in UTC', held, { checksum: 'b'.repeat(64), exportedAt: '2026-11-20T02:00:01Z' }, { action: 'replace' }],
  ] as const)('%s', (_case, before, incoming, decision) => {
    expect(decideImport(before, incoming)).toEqual(decision);
  });
});

describe('visits due in a period, by calendar quarter or year', () => {
  const year = { from: '2026-01-01', to: '2026-12-31' };
  it.each([
    [
      'quarterly, on the register all year: four quarters, each with its own first visit (two in one quarter count once, none carries over)',
      { periodMonths: 3, since: '2020-01-01', visits: ['2026-02-01', '2026-03-30', '2026-10-15'] },
      [
        { dueOn: '2026-03-31', doneOn: '2026-02-01' },
        { dueOn: '2026-06-30', doneOn: null },
        { dueOn: '2026-09-30', doneOn: null },
        { dueOn: '2026-12-31', doneOn: '2026-10-15' },
      ],
    ],
    ['quarterly, joined on the second quarter’s last day: due from then', { periodMonths: 3, since: '2026-06-30', visits: [] }, [
      { dueOn: '2026-06-30', doneOn: null },
      { dueOn: '2026-09-30', doneOn: null },
      { dueOn: '2026-12-31', doneOn: null },
    ]],
    ['yearly: one visit a year, made on its last day', { periodMonths: 12, since: '2020-01-01', visits: ['2026-12-31'] }, [{ dueOn: '2026-12-31', doneOn: '2026-12-31' }]],
    ['registered after the period', { periodMonths: 3, since: '2027-01-05', visits: [] }, []],
  ] as const)('%s', (_case, candidate, expected) => {
    expect(visitsDueInPeriod(candidate, year)).toEqual(expected);
  });

  it('counts the yearly visit in a half-year package ending with the year, from visits before the package began', () => {
    expect(visitsDueInPeriod({ periodMonths: 12, since: '2020-01-01', visits: ['2026-03-01'] }, { from: '2026-07-01', to: '2026-12-31' })).toEqual([
      { dueOn: '2026-12-31', doneOn: '2026-03-01' },
    ]);
    // A quarter's package asks nothing of a yearly cadence: its visit falls due at the year's end.
    expect(visitsDueInPeriod({ periodMonths: 12, since: '2020-01-01', visits: [] }, { from: '2026-04-01', to: '2026-06-30' })).toEqual([]);
    expect(visitsDueInPeriod({ periodMonths: 3, since: '2020-01-01', visits: ['2026-05-05'] }, { from: '2026-04-01', to: '2026-06-30' })).toEqual([
      { dueOn: '2026-06-30', doneOn: '2026-05-05' },
    ]);
  });
});

describe('spans', () => {
  const period = { from: '2026-01-01', to: '2026-12-31' };
  it.each([
    [{ from: '2025-06-01', to: '2026-03-31' }, { from: '2026-01-01', to: '2026-03-31' }],
    [{ from: '2026-12-31', to: '2027-05-01' }, { from: '2026-12-31', to: '2026-12-31' }],
    [{ from: '2025-01-01', to: '2025-12-31' }, null],
  ])('clips %o to the period', (span, expected) => {
    expect(clipSpan(span, period)).toEqual(expected);
  });

  it.each([
    [{ from: '2026-03-01', to: '2026-06-30' }, { from: '2026-05-01', to: '2026-08-31' }, { from: '2026-05-01', to: '2026-06-30' }],
    [{ from: '2026-03-01', to: '2026-06-30' }, { from: '2026-06-30', to: '2026-08-31' }, { from: '2026-06-30', to: '2026-06-30' }],
    [{ from: '2026-03-01', to: '2026-06-30' }, { from: '2026-07-01', to: '2026-08-31' }, null],
  ])('overlap of %o and %o', (a, b, expected) => {
    expect(overlapOf(a, b)).toEqual(expected);
    expect(overlapOf(b, a)).toEqual(expected);
  });

  it('works rates out in whole per mille, none when nothing was counted', () => {
    expect([permille(2, 3), permille(1, 1), permille(0, 5), permille(0, 0)]).toEqual([666, 1000, 0, null]);
  });
});

const KEY = '江苏省残联-2026-汇总上报共享密钥';

describe('the keyed hash that stands in for an ID number', () => {
  const key = KEY;
  it('is HMAC-SHA256 with the office key, hex, the same for a lower-case x', () => {
    // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(key.encode(), id.encode(), hashlib.sha256).hexdigest())"
    expect(personHash(key, '11010519491231002X')).toBe('ef5017f5faa8b2fc9a62b2eefda6e3ff0a9cc0f51462163f94ced52003f2dac4');
    expect(personHash(key, '11010519491231002x')).toBe(personHash(key, '11010519491231002X'));
    expect(keyFingerprint(key)).toBe('516194d96f061b41');
    expect(personHash('另一把密钥-另一把密钥-另一把', '11010519491231002X')).not.toBe(personHash(key, '11010519491231002X'));
  });

  it('stands the hash in for IDs, leaves hashes as they are, and leaves IDs alone without a key', () => {
    const key = personKeyOf(KEY);
    const hashed = key('11010519491231002X');
    expect(hashed).toBe(personHash(KEY, '11010519491231002X'));
    expect(key(hashed)).toBe(hashed);
    expect(personKeyOf(null)('11010519491231002X')).toBe('11010519491231002X');
    expect([isPlainIdKey('11010519491231002X'), isPlainIdKey(hashed)]).toEqual([true, false]);
  });

  it('makes de-identified rows in SQL, sorted by every column as the checksum reads them', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE p (id_number TEXT, name TEXT);
      INSERT INTO p VALUES ('11010519491231002X', '张三'), ('320102198808080170', '李四'), ('110105200001010019', '王五');`);
    registerTransforms(db, KEY);
    const rows = (source: ReturnType<typeof querySource>) => [...source.rows()];
    const person = querySource(db, tableV2('person'), "SELECT 'C', id_number, name, 'M', '1949-12-31', 4, 1, NULL, 'urban', 0 FROM p", {});
    const out = rows(person);
    expect(out.map((r) => r[2])).toEqual(['', '', '']);
    expect(out.map((r) => r[1])).toEqual(['11010519491231002X', '320102198808080170', '110105200001010019'].map((id) => personHash(KEY, id)).sort());
    registerTransforms(db, null);
    const plain = rows(querySource(db, tableV2('person'), "SELECT 'C', id_number, name, 'M', '1949-12-31', 4, 1, NULL, 'urban', 0 FROM p", {}));
    expect(plain.map((r) => [r[1], r[2]])).toEqual([
      ['11010519491231002X', '张三'],
      ['110105200001010019', '王五'],
      ['320102198808080170', '李四'],
    ]);
    db.close();
  });
});

describe('the statistics tables', () => {
  const centres: CentreRef[] = [
    { code: 'A', name: '甲', type: 'rehab_institution', regionCode: '320102' },
    { code: 'B', name: '乙', type: 'rehab_institution', regionCode: '320104' },
  ];
  const bag = (entries: [string, string, string, number][]): FigureBag => new Map(entries.map(([m, d1, d2, v]) => [figureKey(m, d1, d2), v]));
  const bags = new Map([
    ['A', bag([['children', 'autism', '3', 2], ['children', 'hearing', '5', 1], ['sessions', 'aba', 'present', 8], ['sessions', 'aba', 'absent', 2], ['claimsIncluded', '', '', 1], ['claim', 'rehab', '', 150000]])],
    ['B', bag([['children', 'autism', '7', 1], ['sessions', 'pt', 'present', 1], ['sessions', 'pt', 'leave', 2]])],
  ]);
  const tables = buildTables(centres, bags, [4, 7]);
  const row = (id: string, centre: string | null) => {
    const table = tables.find((t) => t.id === id)!;
    const found = table.rows.find((r) => (r.centre?.code ?? null) === centre)!;
    return Object.fromEntries(table.columns.map((c, i) => [c.key, found.values[i]]));
  };

  it('puts each centre in a row and adds them up in the total', () => {
    expect(row('children', 'A')).toMatchObject({ 'category.autism': 2, 'category.hearing': 1, 'band.0': 2, 'band.1': 1, 'band.2': 0, total: 3 });
    expect(row('children', 'B')).toMatchObject({ 'category.autism': 1, 'band.2': 1, total: 1 });
    expect(row('children', null)).toMatchObject({ 'category.autism': 3, 'band.0': 2, 'band.1': 1, 'band.2': 1, total: 4 });
  });

  it('works the total’s rates out from the added counts, not by adding rates', () => {
    expect(row('sessions', 'A')).toMatchObject({ sessions: 10, present: 8, attendanceRate: 800 });
    expect(row('sessions', 'B')).toMatchObject({ sessions: 3, present: 1, attendanceRate: 333 });
    expect(row('sessions', null)).toMatchObject({ sessions: 13, present: 9, attendanceRate: 692 });
  });

  it('shows claimed amounts only for centres whose packages carry claims', () => {
    expect(row('subsidy', 'A')).toMatchObject({ claimRehab: 150000, claimTotal: 150000 });
    expect(row('subsidy', 'B')).toMatchObject({ claimRehab: null, claimTotal: null });
    expect(row('subsidy', null)).toMatchObject({ claimRehab: 150000 });
  });

  it('crosses category and age band for the total', () => {
    const cross = childrenCross(new Map([...bags.get('A')!, [figureKey('children', 'autism', '7'), 1]]), [4, 7]);
    expect(cross.rows.find((r) => r.category === 'autism')).toEqual({ category: 'autism', bands: [2, 0, 1], total: 3 });
    expect(cross.bandTotals).toEqual([2, 1, 1]);
  });
});

describe('an empty identity', () => {
  it('asks for each field', () => {
    const result = checkIdentity({ name: '', type: 'rehab_institution', creditCode: ' ', regionCode: '' });
    expect(result.ok ? [] : result.issues.map((i) => [i.field, i.code])).toEqual([
      ['name', 'REQUIRED'],
      ['creditCode', 'REQUIRED'],
      ['regionCode', 'REQUIRED'],
    ]);
  });
});

// Rule files: the county office's standard saved with its office, version, effective date and
// checksum; a centre previews what it changes, imports it and builds by it; a tampered, older or
// repeated file is refused with its reason.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { canonical, makeRuleFile, readRuleFile, ruleFileChecksum } from '../../../db/claims/rulefile';
import { HUNAN } from './standards';

let office: TestService;
let centre: TestService;
beforeEach(() => {
  office = testService();
  centre = testService();
});
afterEach(() => {
  office.close();
  centre.close();
});

const raised = { ...HUNAN, rows: HUNAN.rows.map((r) => (r.monthlyFen === 150_000 ? { ...r, monthlyFen: 160_000 } : r)) };
const fileText = (version: number, rule = HUNAN, effectiveFrom = '2026-01-01') =>
  JSON.stringify(makeRuleFile({ programme: 'rehab', office: '某县残联', version, effectiveFrom, issuedOn: '2025-12-20', rule }));

describe('the checksum', () => {
  it('is SHA-256 over the canonical form (keys sorted), so key order does not matter and any change does', () => {
    expect(canonical({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const file = JSON.parse(fileText(1)) as ReturnType<typeof makeRuleFile>;
    const reordered = Object.fromEntries(Object.entries(file).reverse());
    expect(ruleFileChecksum(reordered as typeof file)).toBe(file.checksum);
    expect(readRuleFile(JSON.stringify(reordered)).version).toBe(1);
  });
});

describe('a county office’s rule file', () => {
  it('is written from a stored version with its office, version and effective date', () => {
    office.ok('claims.standard.save', { effectiveFrom: '2026-01-01', rule: HUNAN });
    const out = office.ok('claims.ruleFile.export', { programme: 'rehab', effectiveFrom: '2026-01-01', office: '某县残联', version: 3 });
    const text = fs.readFileSync(out.path, 'utf8');
    const file = readRuleFile(text);
    expect(file).toMatchObject({ programme: 'rehab', office: '某县残联', version: 3, effectiveFrom: '2026-01-01', rule: HUNAN });

    // The centre sees what it adds (no rules yet: every band is new), imports it and builds by it.
    const preview = centre.ok('claims.ruleFile.preview', { text });
    expect(preview).toMatchObject({ office: '某县残联', version: 3, current: null, lastVersion: null });
    expect(preview.diff.bands.map((b) => [b.key, b.before, b.after?.monthlyFen])).toEqual([
      ['visual|0|7', null, 0],
      ['any|0|7', null, 150_000],
      ['any|7|15', null, 50_000],
    ]);
    const rules = centre.ok('claims.ruleFile.import', { text });
    expect(rules.versions.at(-1)).toMatchObject({ effectiveFrom: '2026-01-01', rule: { kind: 'standard', source: { office: '某县残联', version: '3', checksum: file.checksum } } });
  });

  it('shows the bands a later file changes against the rules in force on its date', () => {
    centre.ok('claims.ruleFile.import', { text: fileText(1) });
    const preview = centre.ok('claims.ruleFile.preview', { text: fileText(2, raised, '2027-01-01') });
    expect(preview.current?.effectiveFrom).toBe('2026-01-01');
    expect(preview.diff.bands).toEqual([{ key: 'any|0|7', before: HUNAN.rows[1], after: raised.rows[1] }]);
    expect(preview.diff.fields).toEqual([]);
  });

  it('refuses a file changed after it was saved, saying so', () => {
    const tampered = fileText(1).replace('150000', '180000');
    expect(centre.err('claims.ruleFile.preview', { text: tampered })).toMatchObject({ code: 'RULEFILE_TAMPERED', params: { office: '某县残联', version: 1 } });
    expect(centre.err('claims.ruleFile.import', { text: tampered })).toMatchObject({ code: 'RULEFILE_TAMPERED' });
    expect(centre.ok('claims.rules.get', { programme: 'rehab' }).versions).toEqual([]);
  });

  it('refuses an older version than the last imported from the office, and the same one twice', () => {
    centre.ok('claims.ruleFile.import', { text: fileText(2) });
    expect(centre.err('claims.ruleFile.import', { text: fileText(1, raised, '2027-01-01') })).toMatchObject({ code: 'RULEFILE_OLDER', params: { version: 1, last: 2 } });
    expect(centre.err('claims.ruleFile.preview', { text: fileText(2) })).toMatchObject({ code: 'RULEFILE_ALREADY_IMPORTED', params: { version: 2 } });
    centre.ok('claims.ruleFile.import', { text: fileText(3, raised, '2027-01-01') });
  });

  it('refuses what is not a rule file, and a rule the app cannot use', () => {
    expect(centre.err('claims.ruleFile.preview', { text: '姓名,身份证号' })).toMatchObject({ code: 'RULEFILE_FORMAT' });
    expect(centre.err('claims.ruleFile.preview', { text: JSON.stringify({ format: 'other' }) })).toMatchObject({ code: 'RULEFILE_FORMAT' });
    const bad = fileText(1, { ...HUNAN, rows: [] });
    expect(centre.err('claims.ruleFile.preview', { text: bad })).toMatchObject({ code: 'RULEFILE_RULE_INVALID' });
  });
});

// Setting the centre's identity once (with the credit code's check), the office key, who may do
// what with returns, and what the audit trail keeps of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { creditCode, exportPackage, freshUnit, type Unit } from './fixtures';

const tmp = tempDir();
let unit: Unit;

beforeAll(() => {
  unit = freshUnit(tmp.dir, 'centre', null);
});
afterAll(() => {
  unit?.close();
  tmp.cleanup();
});

describe('the centre identity and the office key', () => {
  it('refuses to export before the identity is set', () => {
    expect(unit.ok('returns.centre.get', {}).identity).toBeNull();
    expect(unit.err('returns.export', { period: '2026' })).toMatchObject({ code: 'RETURNS_IDENTITY_MISSING' });
  });

  it('marks every wrong field at once, the credit code with the check character it expects', () => {
    const good = creditCode(71);
    const wrong = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const error = unit.err('returns.centre.save', { name: ' ', type: 'rehab_institution', creditCode: wrong, regionCode: '990101' });
    expect(error.code).toBe('VALIDATION');
    expect(error.details!.map((d) => [d.field, d.code, d.params])).toEqual([
      ['name', 'REQUIRED', undefined],
      ['creditCode', 'RETURNS_CODE_CHECKSUM', { expected: good[17] }],
      ['regionCode', 'RETURNS_REGION_PROVINCE', { prefix: '99' }],
    ]);
  });

  it('keeps the identity once saved, tidied', () => {
    const saved = unit.ok('returns.centre.save', { name: ' 栖霞区康复中心 ', type: 'service_centre', creditCode: creditCode(71).toLowerCase(), regionCode: '320113' });
    expect(saved.identity).toEqual({ name: '栖霞区康复中心', type: 'service_centre', creditCode: creditCode(71), regionCode: '320113' });
    expect(unit.ok('returns.centre.get', {}).identity).toEqual(saved.identity);
  });

  it('refuses periods that are not periods or have not begun', () => {
    expect(unit.err('returns.export', { period: '2026-13' })).toMatchObject({ code: 'RETURNS_PERIOD_INVALID', field: 'period' });
    expect(unit.err('returns.export', { period: '2026-12' })).toMatchObject({ code: 'RETURNS_PERIOD_FUTURE', params: { from: '2026-12-01' } });
  });

  it('keeps the office key and shows only its fingerprint', () => {
    expect(unit.err('returns.officeKey.save', { key: 'short' })).toMatchObject({ code: 'RETURNS_KEY_SHORT', field: 'key' });
    const saved = unit.ok('returns.officeKey.save', { key: '一把足够长的共享密钥-ABCDEFG' });
    expect(saved.keyFingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(unit.ok('returns.centre.get', {}))).not.toContain('ABCDEFG');
  });

  it('keeps the office key out of the audit trail', () => {
    const entries = unit.ok('audit.list', { offset: 0, limit: 50 }).rows;
    expect(JSON.stringify(entries)).not.toContain('ABCDEFG');
  });

  it('records each export in the audit trail and the export list', async () => {
    const result = await exportPackage(unit, '2026');
    const entries = unit.ok('audit.list', { offset: 0, limit: 50, action: 'export' }).rows;
    expect(entries.map((e) => e.target)).toContain(`returns.package:${result.fileName}`);
    expect(unit.ok('returns.exports.list', {})[0]).toMatchObject({ fileName: result.fileName, period: '2026', kind: 'centre', createdBy: '管理员（admin）', checksum: result.checksum });
  });
});

describe('who may do what', () => {
  it('lets an accountant export and consolidate, a viewer only read, a therapist neither', () => {
    const accountant = unit.signInAs('accountant');
    expect(unit.ok('returns.export', { period: '2026' }, accountant).state).toBe('running');
    expect(unit.ok('returns.centre.get', {}, accountant).identity?.name).toBe('栖霞区康复中心');

    const viewer = unit.signInAs('viewer');
    expect(unit.ok('returns.stats.get', { period: '2026' }, viewer).packages).toBe(0);
    expect(unit.ok('returns.periods.list', {}, viewer)).toEqual([]);
    for (const [name, input] of [
      ['returns.export', { period: '2026' }],
      ['returns.import', { paths: ['/tmp'] }],
      ['returns.centre.save', { name: 'x', type: 'rehab_institution', creditCode: creditCode(1), regionCode: '320102' }],
      ['returns.officeKey.save', { key: 'x'.repeat(20) }],
      ['returns.stats.export', { period: '2026', labels: {} }],
      ['returns.consolidated.export', { period: '2026' }],
    ] as const) {
      expect(unit.err(name, input as never, viewer), name).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    }

    const therapist = unit.signInAs('therapist');
    expect(unit.err('returns.stats.get', { period: '2026' }, therapist)).toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });
});

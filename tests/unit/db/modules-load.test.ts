// The pure modules load. A fault in what a module builds as it is read (a table definition, a
// date formatter) throws at import, which takes a test file down as a whole instead of failing
// one of its tests — and Stryker counts a file with no tests run as a survivor. Importing each
// module inside a test turns the same fault into a failure.
import { expect, it } from 'vitest';

it('loads the package format with its format-2 and format-1 tables', async () => {
  const format = await import('../../../db/returns/format');
  expect(format.tablesOf(2)).toHaveLength(14);
  expect(format.tablesOf(1)).toHaveLength(11);
});

it('loads the date helpers with their Asia/Shanghai formatters', async () => {
  const dates = await import('../../../db/common/dates');
  expect(dates.shanghaiDateTimeOf(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23T00:00:00+08:00');
});

it('loads every rule module with the tables it builds as it is read', async () => {
  const devices = await import('../../../db/devices/rules');
  expect(devices.DEFAULT_SUBSIDY_RULES.statusPercents.dibao).toBe(80);
  expect(devices.DEFAULT_SUBSIDY_RULES.classCapsFen.mobility).toBeNull();
  const modules = await Promise.all([
    import('../../../db/people/rules'),
    import('../../../db/rehab/rules'),
    import('../../../db/training/rules'),
    import('../../../db/training/roster-rules'),
    import('../../../db/claims/rules'),
    import('../../../db/returns/rules'),
  ]);
  expect(modules.every((m) => Object.keys(m).length > 0)).toBe(true);
  // The roster test file reads its columns while it loads; a broken alias table must fail here.
  const roster = await import('../../../db/training/roster-rules');
  expect(roster.mapHeaders(['姓名', '身份证号'])).toEqual(['name', 'idNumber']);
});

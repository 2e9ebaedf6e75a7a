// The package format module loads: a broken table definition throws while the module is read,
// which takes format.test.ts down as a whole instead of failing one of its tests (Stryker would
// count that as a survivor). Importing it here, inside a test, turns the same fault into a failure.
import { expect, it } from 'vitest';

it('loads the package format with its format-2 and format-1 tables', async () => {
  const format = await import('../../../db/returns/format');
  expect(format.tablesOf(2)).toHaveLength(14);
  expect(format.tablesOf(1)).toHaveLength(11);
});

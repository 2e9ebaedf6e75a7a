// The visits-due list keeps the first rows in order without sorting everyone due.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInOrder } from '../../../db/rehab/visits';

describe('firstInOrder', () => {
  const byValueThenIndex = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

  it('keeps what sorting all and taking the first k keeps, in the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.integer({ min: 0, max: 320 }), (values, k) => {
        const items = values.map((v, i): [number, number] => [v, i]);
        expect(firstInOrder(items, k, byValueThenIndex)).toEqual([...items].sort(byValueThenIndex).slice(0, k));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the list as it was', () => {
    const items: [number, number][] = [[3, 0], [1, 1], [2, 2]];
    expect(firstInOrder(items, 2, byValueThenIndex)).toEqual([[1, 1], [2, 2]]);
    expect(items).toEqual([[3, 0], [1, 1], [2, 2]]);
  });
});

// @vitest-environment happy-dom
// The needs store: per cent typed as targets becomes per mille before anything is sent, a target
// that is not a number is refused at its own field without a call, and a saved targets answer
// replaces the indicators shown.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { percentToPermille, permilleText, useNeedsStore } from '../../../renderer/stores/needs';
import { useBridge } from '../../../renderer/api';
import type { Result } from '../../../db/contract';

function bridge(answer: (name: string, input: unknown) => Result<unknown>) {
  const calls: { name: string; input: unknown }[] = [];
  useBridge({
    invoke: async (name, input) => {
      calls.push({ name, input });
      return answer(name, input);
    },
  });
  return calls;
}

beforeEach(() => setActivePinia(createPinia()));

describe('targets typed as per cent', () => {
  it.each([
    ['99', 990],
    ['99.5', 995],
    ['100', 1000],
    ['0', 0],
    [' 75 ', 750],
    ['', null],
    ['99.55', Number.NaN],
    ['七十五', Number.NaN],
    ['-1', Number.NaN],
  ])('reads “%s” as %s per mille', (typed, expected) => {
    expect(percentToPermille(typed)).toBe(expected);
  });
  it.each([
    [990, '99'],
    [666, '66.6'],
    [1000, '100'],
    [null, ''],
  ])('shows %s per mille as “%s”', (value, text) => {
    expect(permilleText(value)).toBe(text);
  });

  it('sends per mille, clears an emptied target, and refuses a word at its field without calling', async () => {
    const answer = { year: 2026, asOf: '2026-11-22', figures: [], training: { persons: 0, enrolments: 0 } };
    const calls = bridge(() => ({ ok: true, value: answer }));
    const needs = useNeedsStore();
    const typed = { childRehab: '100', basicRehab: '99', preciseRehab: '', deviceFitting: '99', employment: '70' };
    expect((await needs.saveTargets(2026, typed)).error).toBeNull();
    expect(calls).toEqual([
      {
        name: 'needs.targets.save',
        input: {
          year: 2026,
          targets: [
            { indicator: 'childRehab', permille: 1000 },
            { indicator: 'basicRehab', permille: 990 },
            { indicator: 'preciseRehab', permille: null },
            { indicator: 'deviceFitting', permille: 990 },
            { indicator: 'employment', permille: 700 },
          ],
        },
      },
    ]);
    expect(needs.indicators).toEqual(answer);

    const refused = await needs.saveTargets(2026, { ...typed, employment: '七成' });
    expect(refused.error).toEqual({ code: 'NEEDS_TARGET_RANGE', field: 'target-employment' });
    expect(calls).toHaveLength(1);
  });
});

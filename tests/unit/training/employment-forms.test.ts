// The national 就业形式 as the placement form uses them: which forms name no employer, and which
// pre-fill "full time". Written from the survey's terms, not read back from the code.
import { describe, expect, it } from 'vitest';
import { EMPLOYER_OPTIONAL_FORMS, FULL_TIME_BY_FORM } from '../../../db/training/employment-rules';

describe('就业形式 on the placement form', () => {
  it('names no employer for 个体就业, 农村种养加 and 灵活就业 (the person works for themself or the household)', () => {
    expect([...EMPLOYER_OPTIONAL_FORMS].sort()).toEqual(['flexible', 'individual', 'rural']);
  });

  it.each([
    ['quota', true], // 按比例就业
    ['centralised', true], // 集中就业
    ['individual', true], // 个体就业
    ['public_welfare', true], // 公益性岗位
    ['rural', true], // 农村种养加
    ['assisted', false], // 辅助性就业: reduced hours by design
    ['flexible', false], // 灵活就业
  ] as const)('%s pre-fills full time: %s', (form, fullTime) => {
    expect(FULL_TIME_BY_FORM[form]).toBe(fullTime);
  });

  it('has a pattern for every form and no other', () => {
    expect(Object.keys(FULL_TIME_BY_FORM).sort()).toEqual(['assisted', 'centralised', 'flexible', 'individual', 'public_welfare', 'quota', 'rural']);
  });
});

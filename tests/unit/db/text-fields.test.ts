// Text fields refuse characters that hide or reorder what a reader sees (control characters,
// bidi overrides, lone surrogates); text areas keep tabs and line breaks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import type { PersonInput } from '../../../db/contract';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

function person(overrides: Partial<PersonInput> = {}): PersonInput {
  const idNumber = makeId('1985-03-14', 21);
  return {
    name: '陈建国',
    idNumber,
    certNumber: makeCert(idNumber, 4, 2),
    certExpiry: '2030-03-14',
    household: 'rural',
    supportStatuses: [],
    phone: '13912345678',
    address: '南京市玄武区',
    ...overrides,
  };
}

describe('a person’s name', () => {
  it.each([
    ['a right-to-left override (U+202E)', '陈\u202E国建'],
    ['a bidi isolate (U+2066)', '陈\u2066建国'],
    ['NUL', '陈\u0000建国'],
    ['ESC', '陈\u001B[31m建国'],
    ['DEL', '陈\u007F建国'],
    ['a C1 control (U+0085)', '陈\u0085建国'],
    ['a lone high surrogate', '陈\uD83D建国'],
    ['a lone low surrogate', '陈\uDE00建国'],
    ['a line break', '陈\n建国'],
    ['a tab', '陈\t建国'],
  ])('is refused with a field error when it holds %s, and nothing is saved', (_, name) => {
    expect(t.err('people.create', person({ name }))).toMatchObject({ code: 'TEXT_CONTROL_CHAR', field: 'name' });
    expect(t.ok('people.search', { q: '' }).total).toBe(0);
  });

  it('accepts ordinary names, including characters outside the basic plane', () => {
    expect(t.ok('people.create', person({ name: '𠮷野·阿依古丽' })).name).toBe('𠮷野·阿依古丽');
  });

  it('refuses a hidden character in the address too (every text field, one rule)', () => {
    expect(t.err('people.create', person({ address: '南京市\u202E区武玄' }))).toMatchObject({ code: 'TEXT_CONTROL_CHAR', field: 'address' });
  });
});

describe('a text area', () => {
  it('keeps line breaks and tabs in an assessment’s needs, and still refuses other hidden characters', () => {
    const p = t.ok('people.create', person());
    const base = { personId: p.id, assessedOn: '2026-07-20', assessor: '王评估', recommendedClasses: ['mobility' as const] };
    const saved = t.ok('devices.assessmentCreate', { ...base, needs: '下肢无力\n不能独立行走\r\n\t需要轮椅' });
    expect(saved.needs).toBe('下肢无力\n不能独立行走\r\n\t需要轮椅');
    expect(t.err('devices.assessmentCreate', { ...base, needs: '下肢无力\u0000' })).toMatchObject({ code: 'TEXT_CONTROL_CHAR', field: 'needs' });
    expect(t.err('devices.assessmentCreate', { ...base, needs: '下肢\u202E无力' })).toMatchObject({ code: 'TEXT_CONTROL_CHAR', field: 'needs' });
  });
});

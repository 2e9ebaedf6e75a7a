// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { fenToYuanText, parseSignedYuan, presentError } from '../../../renderer/stores/claims';

describe('amounts as the accountant types them', () => {
  it.each([
    ['200', 20_000],
    ['-81.82', -8_182],
    ['－80', -8_000],
    [' 1,250.5 ', 125_050],
    ['-0.05', -5],
    ['1.234', null],
    ['--5', null],
    ['二百', null],
    ['', null],
  ])('%j is %s fen', (text, fen) => {
    expect(parseSignedYuan(text)).toBe(fen);
  });

  it('shows fen as yuan text that parses back', () => {
    expect(fenToYuanText(123_456_78)).toBe('123456.78');
    expect(parseSignedYuan(fenToYuanText(-8_182))).toBe(-8_182);
    expect(fenToYuanText(null)).toBe('');
  });
});

describe('error parameters that are amounts', () => {
  it('become yuan, and the most that can be paid back is shown as a positive amount', () => {
    expect(presentError({ code: 'CLAIMS_ADJUSTMENT_BELOW_ZERO', field: 'amountFen', params: { floor: -180_000, number: 'KF202609-01', seq: 2 } })).toEqual({
      code: 'CLAIMS_ADJUSTMENT_BELOW_ZERO',
      field: 'amountFen',
      params: { floor: '1,800.00', number: 'KF202609-01', seq: 2 },
    });
    expect(presentError({ code: 'VALIDATION', details: [{ code: 'X', params: { cap: 2_400_000 } }] }).details![0]!.params).toEqual({ cap: '24,000.00' });
  });
});

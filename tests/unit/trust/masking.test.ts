// Masked ID numbers for roles without ids.full (README: 3201**********123X): which fields, how
// deep, and what stays readable.
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskIds } from '../../../db/trust/permissions';

describe('masking ID numbers', () => {
  it('keeps the first four and last four characters of a resident ID or certificate number', () => {
    expect(maskIdNumber('32010219900101123X')).toBe('3201**********123X');
    expect(maskIdNumber('32010219900101123X43')).toBe('3201************3X43');
    expect(maskIdNumber('123456789')).toBe('1234*6789');
  });

  it('leaves values of eight characters or fewer as they are, as masking would hide nothing', () => {
    expect(maskIdNumber('12345678')).toBe('12345678');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks idNumber, certNumber and guardianIdNumber at any depth, in lists too, and nothing else', () => {
    const result = maskIds({
      rows: [
        { name: '王建国', idNumber: '32010219900101123X', certNumber: '32010219900101123X43', phone: '13800138000' },
        { child: { guardianIdNumber: '110105194912310021', note: '11010519491231002X' } },
      ],
      total: 2,
      idNumber: null,
      empty: undefined,
      tags: ['32010219900101123X'],
    });
    expect(result).toEqual({
      rows: [
        { name: '王建国', idNumber: '3201**********123X', certNumber: '3201************3X43', phone: '13800138000' },
        { child: { guardianIdNumber: '1101**********0021', note: '11010519491231002X' } },
      ],
      total: 2,
      idNumber: null,
      empty: undefined,
      tags: ['32010219900101123X'],
    });
    expect(maskIds([{ idNumber: '32010219900101123X' }])).toEqual([{ idNumber: '3201**********123X' }]);
    expect(maskIds('32010219900101123X')).toBe('32010219900101123X');
    expect(maskIds(7)).toBe(7);
  });
});

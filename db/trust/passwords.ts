// Password hashing with scrypt (a slow, memory-hard KDF built into Node), the policy for new
// passwords, and the sign-in throttle: repeated failures make the next attempt wait longer.
import crypto from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = crypto.scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return crypto.timingSafeEqual(actual, expected);
}

/**
 * Passwords that guessing tools try first (the most common lists, and the ones Chinese offices
 * use most), compared case-insensitively. Short on purpose: the length rule does most of the work;
 * this list catches the well-known ones that are long enough.
 */
const WELL_KNOWN = new Set([
  '12345678', '123456789', '1234567890', '0123456789', '0987654321', '9876543210',
  '11111111', '1111111111', '88888888', '8888888888', '66666666', '6666666666',
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword123',
  'qwertyuiop', 'qwerty123', 'qwer1234', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', '1qaz2wsx3edc', 'asdfghjkl', 'zxcvbnm123',
  'iloveyou', 'iloveyou1', 'woaini1314', 'woaini520', '5201314', '52013145201314',
  'a1234567', 'a123456789', 'abc12345', 'abc1234567', 'abcd1234', 'abcdefghij', 'aa12345678',
  'admin123', 'admin12345', 'administrator', 'root123456', 'welcome123', 'letmein123',
  'rehabdesk', 'rehabdesk123',
]);

/**
 * Rules for a new password, each with its own message: not blank, not one character repeated,
 * not a well-known password, and long enough to resist guessing on a shared office PC.
 */
export function passwordProblem(password: string): string | null {
  if (password.trim() === '') return 'AUTH_PASSWORD_BLANK';
  if (password.length > 200) return 'TOO_LONG';
  if ([...password].every((c) => c === password[0])) return 'AUTH_PASSWORD_REPEATED';
  if (WELL_KNOWN.has(password.trim().toLowerCase())) return 'AUTH_PASSWORD_COMMON';
  if (password.length < 10) return 'AUTH_PASSWORD_SHORT';
  return null;
}

/** Seconds to wait before the next attempt after `failures` wrong passwords in a row. */
export function throttleSeconds(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(2 ** (failures - 3), 300);
}

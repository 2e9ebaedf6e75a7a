// Password hashing with scrypt (a slow, memory-hard KDF built into Node), and the sign-in
// throttle: repeated failures make the next attempt wait longer.
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

/** Rules for a new password: long enough to resist guessing on a shared office PC. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'AUTH_PASSWORD_SHORT';
  if (password.length > 200) return 'TOO_LONG';
  return null;
}

/** Seconds to wait before the next attempt after `failures` wrong passwords in a row. */
export function throttleSeconds(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(2 ** (failures - 3), 300);
}

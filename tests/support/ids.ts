// Makes valid resident IDs and certificate numbers for tests and seed data.
import { idCheckChar } from '../../db/people/rules';

/** An 18-character ID for a region, birth date (YYYY-MM-DD) and sequence (odd = male). */
export function makeId(birthDate: string, sequence = 1, region = '320102'): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** The same ID with a wrong check character. */
export function withWrongCheck(id: string): string {
  const wrong = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

export function makeCert(id: string, category: number, level: number): string {
  return `${id}${category}${level}`;
}

// Valid identifiers for synthetic records: resident IDs (GB 11643-1999, ISO 7064 MOD 11-2 check),
// second-generation disability certificate numbers, each unique within one generated file.
import { idCheckChar } from '../../db/people/rules';
import type { Random } from './random';

/** An 18-character ID for a region, birth date (YYYY-MM-DD) and sequence (odd = male). */
export function makeId(birthDate: string, sequence: number, region: string): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** 残疾人证号 = the ID + category digit + level digit. */
export function makeCert(id: string, category: number, level: number): string {
  return `${id}${category}${level}`;
}

/** Hands out resident IDs that never repeat in one file; the sequence's parity carries the sex. */
export class IdMaker {
  private readonly used = new Set<string>();

  make(random: Random, region: string, birthDate: string, sex: 'M' | 'F'): string {
    for (;;) {
      // Sequences 001–999; odd for men, even for women.
      let sequence = random.int(1, 998);
      if ((sequence % 2 === 1) !== (sex === 'M')) sequence += 1;
      const id = makeId(birthDate, sequence, region);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

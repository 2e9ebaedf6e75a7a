// Migration 011 maps the placements of a file written before it onto the national 就业形式 codes,
// states the mapping (its comment, pinned here), and loses nothing: the earlier type is kept.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../db/migrations/index';
import m011 from '../../../db/migrations/011_employment_terms';
import { openDatabase } from '../../../db/open';
import { LEGACY_TO_FORM } from '../../../db/training/employment-rules';
import { makeId } from '../../support/ids';
import { tempDir } from '../../support/service';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('migration 011', () => {
  it('maps every earlier placement type to its 就业形式, keeps the old value, and reads contract and insurance as kinds', () => {
    const file = path.join(tmp.dir, `before-011-${Date.now()}.sqlite`);
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(m011));
    const old = openDatabase(file, { migrations: before });
    const types = ['centralised', 'quota', 'assisted', 'supported', 'self_employed', 'flexible', 'home_based', 'public_welfare'];
    types.forEach((type, i) => {
      const personId = Number(
        old
          .prepare("INSERT INTO person (name, id_number, birth_date, sex, household, created_at, updated_at) VALUES (?, ?, '1990-01-01', 'M', 'urban', 'now', 'now')")
          .run(`人${i}`, makeId('1990-01-01', 2 * i + 1)).lastInsertRowid,
      );
      old
        .prepare(
          `INSERT INTO placement (person_id, placement_type, start_date, full_time, has_contract, social_insurance, notes, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, '2025-03-01', 1, ?, ?, '原记录', 'now', 'x', 'now', 'x')`,
        )
        .run(personId, type, i % 2, i % 2);
    });
    old.close();

    const db = openDatabase(file, { migrations: MIGRATIONS });
    const rows = db.prepare('SELECT legacy_type, placement_type, has_contract, contract_type, insurance_type, notes FROM placement ORDER BY id').all() as {
      legacy_type: string;
      placement_type: string;
      has_contract: number;
      contract_type: string;
      insurance_type: string;
      notes: string;
    }[];
    db.close();
    expect(rows.map((r) => [r.legacy_type, r.placement_type])).toEqual([
      ['centralised', 'centralised'],
      ['quota', 'quota'],
      ['assisted', 'assisted'],
      ['supported', 'quota'],
      ['self_employed', 'individual'],
      ['flexible', 'flexible'],
      ['home_based', 'flexible'],
      ['public_welfare', 'public_welfare'],
    ]);
    // The migration and the rules the app maps input with agree.
    expect(rows.every((r) => LEGACY_TO_FORM[r.legacy_type as keyof typeof LEGACY_TO_FORM] === r.placement_type)).toBe(true);
    expect(rows.map((r) => [r.has_contract, r.contract_type, r.insurance_type])).toEqual(
      types.map((_, i) => (i % 2 ? [1, 'fixed', 'employee'] : [0, 'none', 'none'])),
    );
    expect(rows.every((r) => r.notes === '原记录')).toBe(true);
  });

  it('states its mapping in its comment', () => {
    const source = fs.readFileSync(new URL('../../../db/migrations/011_employment_terms.ts', import.meta.url), 'utf8');
    for (const [legacy, form] of Object.entries(LEGACY_TO_FORM)) expect(source).toMatch(new RegExp(`//\\s+${legacy}\\s+\\S+\\s+→ ${form}\\s`));
  });
});
